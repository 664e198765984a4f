"""The tables a periodic report can hold, each as three functions: compute the
figures of a unit subtree for a period as of a date (through the scoped statistics
functions of the apps: the task runs as the definition's owner, so it reads what
the owner may read), turn them into JSON for the snapshot, and write the official
workbook from that JSON. Files are rendered from the stored JSON, never from the
live data, so a frozen snapshot's files say what was submitted.

Only tables that are built are listed; the later ones of issue 6 (8B, 9A, 11, 12B,
13 and the headline ratios) join here as their statistics land."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

BIEU10 = "bieu10"
PERSONNEL = "nhan_su"


@dataclass(frozen=True)
class Table:
    code: str
    title: str
    compute: Callable[..., dict[str, Any]]  # (user, unit, start, end, on) → JSON
    xlsx: Callable[..., bytes]  # (figures, unit_name, preparer) → workbook
    filename: str


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


TABLES: dict[str, Table] = {
    PERSONNEL: Table(
        code=PERSONNEL,
        title="Số lượng, chất lượng cán bộ (các tỷ lệ chính, Biểu 8B)",
        compute=_personnel_compute,
        xlsx=_personnel_xlsx,
        filename="so-luong-chat-luong",
    ),
    BIEU10: Table(
        code=BIEU10,
        title="Biểu 10-BTCTW: Kết quả đào tạo, bồi dưỡng cán bộ",
        compute=_bieu10_compute,
        xlsx=_bieu10_xlsx,
        filename="bieu-10-btctw",
    ),
}

TABLE_CHOICES = [(t.code, t.title) for t in TABLES.values()]
