"""The tables a periodic report can hold, each as functions: compute the figures of
a unit subtree for a period as of a date (through the scoped statistics functions
of the apps: the task runs as the definition's owner, so it reads what the owner
may read) as JSON for the snapshot, and write the official workbook and, for the
BTCTW tables, the PDF from that JSON (`pdf`), or its body alone for a document
gathering several tables (`flowables`). Files are rendered from the stored JSON,
never from the live data, so a frozen snapshot's files say what was submitted.

The official tables (Biểu 8B, 9A, 10, 11, 12B, 13-BTCTW, DOMAIN.md §11.2) print
through reports/official.py (their layouts) and reports/official_pdf.py; the
pages that download them (/thong-ke/, the training and planning reports) go
through the same functions, so a table printed from a page and one stored in a
snapshot are laid out alike."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

BIEU8B = "bieu8b"
BIEU9A = "bieu9a"
BIEU10 = "bieu10"
BIEU11 = "bieu11"
BIEU12B = "bieu12b"
BIEU13 = "bieu13"
PERSONNEL = "nhan_su"


@dataclass(frozen=True)
class Table:
    code: str
    title: str
    compute: Callable[..., dict[str, Any]]  # (user, unit, start, end, on) → JSON
    xlsx: Callable[..., bytes]  # (figures, unit_name, preparer) → workbook
    filename: str
    # (figures, unit_name, preparer, printed=None) → the table's PDF, A4 landscape.
    pdf: Callable[..., bytes] | None = None
    # (figures, unit_name="", width=None) → the reportlab flowables of the table
    # (heading, title, date, table, notes; no signature block) for a frame
    # `width` points wide (default A4 landscape between the margins).
    flowables: Callable[..., list] | None = None


# --- Biểu 10-BTCTW: training ---------------------------------------------------------


def _bieu10_compute(*, user, unit, start: dt.date, end: dt.date, on: dt.date) -> dict:
    from training.statistics import training_statistics

    stats = training_statistics(user=user, unit=unit, start=start, end=end, on=on)
    return {
        "start": stats.start.isoformat(),
        "end": stats.end.isoformat(),
        "on": stats.on.isoformat(),
        "total_trained": stats.total_trained,
        "total_completed": stats.total_completed,
        "total_classes": stats.total_classes,
        "rows": [
            {
                "course_type": row.course_type.code,
                "course_name": row.course_type.name,
                "mode": row.mode,
                "nominated": row.nominated,
                "trained": row.trained,
                "trained_by_level": row.trained_by_level,
                "trained_leaders": row.trained_leaders,
                "completed": row.completed,
                "failed": row.failed,
                "enrolled_or_completed": row.enrolled_or_completed,
                "classes": row.classes,
                "classes_by_level": row.classes_by_level,
                "class_learners": row.class_learners,
                "quota": row.quota,
            }
            for row in stats.rows.values()
        ],
    }


def bieu10_statistics(figures: dict):
    """The TrainingStatistics a Biểu 10 snapshot stored, for the workbook writer."""
    from training.models import CourseType
    from training.statistics import Row, TrainingStatistics

    course_types = list(CourseType.objects.order_by("rank", "code"))
    by_code = {c.code: c for c in course_types}
    rows = {}
    for stored in figures["rows"]:
        course_type = by_code.get(stored["course_type"])
        if course_type is None:  # a course type deleted since: keep its figures out
            continue
        values = {
            k: v for k, v in stored.items() if k not in ("course_type", "course_name")
        }
        rows[(course_type.code, stored["mode"])] = Row(
            course_type=course_type, **values
        )
    return TrainingStatistics(
        start=dt.date.fromisoformat(figures["start"]),
        end=dt.date.fromisoformat(figures["end"]),
        on=dt.date.fromisoformat(figures["on"]),
        unit=None,
        rows=rows,
        course_types=course_types,
    )


def _bieu10_xlsx(*, figures: dict, unit_name: str, preparer: str) -> bytes:
    from training.report_xlsx import build_bieu10_xlsx

    return build_bieu10_xlsx(
        stats=bieu10_statistics(figures), unit_name=unit_name, preparer=preparer
    )


# --- The headline personnel figures (Biểu 8B's quality figures) ---------------------


def _personnel_compute(
    *, user, unit, start: dt.date, end: dt.date, on: dt.date
) -> dict:
    """{"on", "headcount", "mean_age", "sections": [{key, title, figures: [{key,
    label, count, denominator, share}]}]}: what the dashboard and its comparison
    with the previous snapshot read. Shares are stored as text ("92.50") so that
    the stored number is the rounded one the page shows (two decimals, half up).
    "age_pyramid": the dashboard's age pyramid by gender of the date, so that the
    dashboard and the report PDF draw the stored one."""
    from reports.dashboard import age_pyramid, pyramid_json
    from reports.statistics import personnel_statistics

    stats = personnel_statistics(user=user, unit=unit, on=on)
    pyramid = pyramid_json(age_pyramid(user=user, unit=unit, on=on))
    return {
        "on": stats.on.isoformat(),
        "evaluation_year": stats.evaluation_year,
        "retiring_until": stats.retiring_until.isoformat(),
        "headcount": stats.headcount,
        "mean_age": None if stats.mean_age is None else str(stats.mean_age),
        "sections": [
            {
                "key": section.key,
                "title": section.title,
                "figures": [
                    {
                        "key": f.key,
                        "label": f.label,
                        "count": f.count,
                        "denominator": f.denominator,
                        "share": None if f.share is None else str(f.share),
                    }
                    for f in section.figures
                ],
            }
            for section in stats.sections
        ],
        "age_pyramid": pyramid,
    }


def _personnel_xlsx(*, figures: dict, unit_name: str, preparer: str) -> bytes:
    """The figures as one sheet: section, figure, count, denominator, share."""
    import io

    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Chất lượng cán bộ")
    bold = book.add_format({"bold": True, "font_name": "Times New Roman"})
    text = book.add_format({"font_name": "Times New Roman", "border": 1})
    head = book.add_format(
        {"bold": True, "font_name": "Times New Roman", "border": 1, "align": "center"}
    )
    on = dt.date.fromisoformat(figures["on"])
    sheet.write(0, 0, unit_name.upper(), bold)
    sheet.write(
        1, 0, f"SỐ LƯỢNG, CHẤT LƯỢNG CÁN BỘ (số liệu đến ngày {on:%d/%m/%Y})", bold
    )
    sheet.write(2, 0, "Tỷ lệ làm tròn đến hai chữ số thập phân (làm tròn nửa lên).")
    row = 4
    for col, title in enumerate(
        ("Nhóm", "Chỉ tiêu", "Số người", "Tổng số", "Tỷ lệ (%)")
    ):
        sheet.write(row, col, title, head)
    for section in figures["sections"]:
        for figure in section["figures"]:
            row += 1
            sheet.write(row, 0, section["title"], text)
            sheet.write(row, 1, figure["label"], text)
            sheet.write_number(row, 2, figure["count"], text)
            sheet.write_number(row, 3, figure["denominator"], text)
            if figure["share"] is None:
                sheet.write(row, 4, "", text)
            else:
                sheet.write_number(row, 4, float(figure["share"]), text)
    sheet.write(row + 2, 3, "NGƯỜI LẬP BIỂU", bold)
    sheet.write(row + 3, 3, preparer)
    sheet.set_column(0, 0, 24)
    sheet.set_column(1, 1, 48)
    sheet.set_column(2, 4, 12)
    book.close()
    return buffer.getvalue()


# --- The official tables' PDFs and the layouts of 8B and 9A --------------------------


def _printed(form: Callable[[dict, str], Any]):
    """The `pdf`, `flowables` and `xlsx` (reports/official_xlsx.py) of a table
    whose layout (reports/official.py `Form`) `form(figures, unit_name)` makes."""

    def pdf(*, figures: dict, unit_name: str, preparer: str, printed=None) -> bytes:
        from reports.official_pdf import build_form_pdf

        return build_form_pdf(
            form(figures, unit_name),
            unit_name=unit_name,
            preparer=preparer,
            printed=printed,
        )

    def flowables(*, figures: dict, unit_name: str = "", width=None) -> list:
        from reports.official_pdf import form_flowables

        return form_flowables(
            form(figures, unit_name), unit_name=unit_name, width=width
        )

    def xlsx(*, figures: dict, unit_name: str, preparer: str) -> bytes:
        from reports.official_xlsx import build_form_xlsx

        return build_form_xlsx(
            form(figures, unit_name), unit_name=unit_name, preparer=preparer
        )

    return pdf, flowables, xlsx


def _bieu8b_form(figures: dict, unit_name: str):
    from reports.official import bieu8b_form

    return bieu8b_form(figures, unit_name=unit_name)


def _bieu9a_compute(*, user, unit, start: dt.date, end: dt.date, on: dt.date) -> dict:
    """Leaders by post on `on` (reports/leaders.py); the period does not enter."""
    from reports.leaders import leader_figures, leader_statistics

    return leader_figures(leader_statistics(user=user, unit=unit, on=on))


def _bieu9a_form(figures: dict, unit_name: str):
    from reports.official import bieu9a_form

    return bieu9a_form(figures)


def _bieu10_form(figures: dict, unit_name: str):
    from reports.official import bieu10_form
    from training.report_xlsx import bieu10_rows, period_text

    stats = bieu10_statistics(figures)
    return bieu10_form(rows=bieu10_rows(stats), on=stats.on, period=period_text(stats))


def _planning_compute(kind: str):
    def compute(*, user, unit, start: dt.date, end: dt.date, on: dt.date) -> dict:
        from planning import report_xlsx, statistics

        common = dict(user=user, unit=unit, start=start, end=end, on=on)
        if kind == "12b":
            return report_xlsx.bieu12b_data(statistics.planning_statistics(**common))
        if kind == "11":
            return report_xlsx.bieu11_data(statistics.rotation_statistics(**common))
        return report_xlsx.bieu13_data(statistics.appointment_statistics(**common))

    return compute


def _planning_xlsx(kind: str):
    def xlsx(*, figures: dict, unit_name: str, preparer: str) -> bytes:
        from planning import report_xlsx

        write = getattr(report_xlsx, f"write_bieu{kind}_xlsx")
        return write(data=figures, unit_name=unit_name, preparer=preparer)

    return xlsx


def _planning_form(kind: str):
    def form(figures: dict, unit_name: str):
        from reports import official

        return getattr(official, f"bieu{kind}_form")(figures)

    return form


def _official(code: str, title: str, compute, form, filename: str, xlsx=None) -> Table:
    pdf, flowables, form_xlsx = _printed(form)
    return Table(
        code=code,
        title=title,
        compute=compute,
        xlsx=xlsx or form_xlsx,
        filename=filename,
        pdf=pdf,
        flowables=flowables,
    )


_bieu10_pdf, _bieu10_flowables, _ = _printed(_bieu10_form)


TABLES: dict[str, Table] = {
    PERSONNEL: Table(
        code=PERSONNEL,
        title="Số lượng, chất lượng cán bộ (các tỷ lệ chính, Biểu 8B)",
        compute=_personnel_compute,
        xlsx=_personnel_xlsx,
        filename="so-luong-chat-luong",
    ),
    BIEU8B: _official(
        BIEU8B,
        "Biểu 8B-BTCTW: Số lượng, chất lượng cán bộ, công chức, viên chức",
        _personnel_compute,
        _bieu8b_form,
        "bieu-8b-btctw",
    ),
    BIEU9A: _official(
        BIEU9A,
        "Biểu 9A-BTCTW: Cán bộ lãnh đạo, quản lý theo chức danh",
        _bieu9a_compute,
        _bieu9a_form,
        "bieu-9a-btctw",
    ),
    BIEU10: Table(
        code=BIEU10,
        title="Biểu 10-BTCTW: Kết quả đào tạo, bồi dưỡng cán bộ",
        compute=_bieu10_compute,
        xlsx=_bieu10_xlsx,
        filename="bieu-10-btctw",
        pdf=_bieu10_pdf,
        flowables=_bieu10_flowables,
    ),
    BIEU11: _official(
        BIEU11,
        "Biểu 11-BTCTW: Luân chuyển cán bộ",
        _planning_compute("11"),
        _planning_form("11"),
        "bieu-11-btctw",
        xlsx=_planning_xlsx("11"),
    ),
    BIEU12B: _official(
        BIEU12B,
        "Biểu 12B-BTCTW: Kết quả quy hoạch cán bộ",
        _planning_compute("12b"),
        _planning_form("12b"),
        "bieu-12b-btctw",
        xlsx=_planning_xlsx("12b"),
    ),
    BIEU13: _official(
        BIEU13,
        "Biểu 13-BTCTW: Bổ nhiệm, bổ nhiệm lại, miễn nhiệm cán bộ",
        _planning_compute("13"),
        _planning_form("13"),
        "bieu-13-btctw",
        xlsx=_planning_xlsx("13"),
    ),
}

TABLE_CHOICES = [(t.code, t.title) for t in TABLES.values()]
