"""The statistical report of a snapshot as a PDF (báo cáo thống kê, issue 6):

- a cover: the letterhead, the title, the unit, the reporting date and period,
  the report definition, who made and who froze the figures and when, the data
  version;
- a contents list whose page numbers are written once the document is laid out
  (one pass: `pdf._FooterCanvas.after_layout`), and the same entries as the PDF's
  outline;
- each table of the snapshot: the table's own `flowables(figures=, unit_name=)`
  when reports/tables.py gives it one, else drawn here from its stored JSON (the
  personnel figures, Biểu 10, or any JSON as key/value lines and row tables); a
  table wider than a portrait page gets landscape pages;
- the dashboard's charts of the same JSON (reports/dashboard.py builds their data,
  reports/pdf_charts.py draws them): the breakdowns, the age pyramid, training,
  the planning composition of the stored Biểu 12B, and the main ratios across the
  unit's snapshots up to this one (only those frozen before it, once frozen) with
  their values in a table;
- notes on the definitions of reports/statistics.py and the rounding rule, and the
  signature block.

`build_report_pdf(report, printed=...)` takes the plain `SnapshotReport` of
reports/snapshot_report.py and returns the bytes; the footer of every page says
who printed it and when (or that it was made automatically)."""

from __future__ import annotations

import inspect
import json
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from reports import charts, pdf, pdf_charts
from reports.snapshot_report import ReportTable, SnapshotReport
from reports.tables import BIEU10, PERSONNEL, TABLES

FRAME_PADDING = 12  # reportlab's Frame keeps 6 pt on each side
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")

# The definitions of reports/statistics.py's module docstring, in Vietnamese, one
# for each of its "- Term: ..." lines (tests check that none is missing).
DEFINITION_NOTES = {
    "In service (headcount)": (
        "Tổng số (đang công tác): người đã được tuyển dụng đến ngày số liệu (không "
        "ghi ngày tuyển dụng thì coi là đã tuyển dụng) và chưa thôi việc tại ngày "
        "đó; người thôi việc đúng ngày số liệu không còn được tính."
    ),
    "Unit": (
        "Đơn vị: đơn vị của quá trình công tác chính bắt đầu muộn nhất đến ngày số "
        "liệu (trước quá trình đầu tiên: quá trình đầu tiên); người chưa có quá "
        "trình công tác nào tính theo đơn vị hiện tại."
    ),
    "Grade (ngạch)": (
        "Ngạch: ngạch của diễn biến lương bắt đầu muộn nhất đến ngày số liệu; người "
        "có diễn biến lương đầu tiên bắt đầu sau ngày số liệu là chưa xếp ngạch; "
        "người không có diễn biến lương nào tính theo ngạch hiện tại."
    ),
    "Highest degree, political theory (LLCT), state management (QLNN)": (
        "Trình độ chuyên môn, lý luận chính trị, quản lý nhà nước: trình độ hiện "
        "tại, trừ khi quá trình đào tạo (ngày kết thúc khóa học là ngày đạt trình "
        "độ) cho thấy trình độ đó đạt được sau ngày số liệu; khi đó lấy trình độ cao "
        "nhất của các khóa đã kết thúc đến ngày số liệu, hoặc chưa có nếu chưa khóa "
        "nào kết thúc. Trình độ không có quá trình đào tạo ghi ngày được coi là đã "
        "có từ trước."
    ),
    "Academic title": (
        "Học hàm: tính từ năm được công nhận (không ghi năm: theo giá trị hiện tại)."
    ),
    "Party members": "Đảng viên: được kết nạp vào Đảng đến ngày số liệu.",
    "Kind of staff, gender, ethnic group": (
        "Loại cán bộ, giới tính, dân tộc: theo thông tin hiện tại của hồ sơ (hệ "
        "thống không lưu lịch sử thay đổi các thông tin này)."
    ),
    "Age": (
        "Độ tuổi: số tuổi tròn tại ngày số liệu, theo các nhóm tuổi của Biểu 8B "
        "(từ 30 trở xuống, 31–35, …, 56–60, trên 60)."
    ),
    "Evaluation": (
        "Xếp loại chất lượng: mức xếp loại của năm đánh giá (mặc định là năm trước "
        "năm của ngày số liệu)."
    ),
    "Retiring within the period": (
        "Đến tuổi nghỉ hưu trong kỳ: ngày nghỉ hưu theo Nghị định 135/2020/NĐ-CP "
        "trong khoảng từ ngày số liệu đến 12 tháng sau."
    ),
}
ROUNDING_NOTE = (
    "Tỷ lệ (%) = số người / tổng số × 100, làm tròn đến hai chữ số thập phân "
    "(làm tròn nửa lên: 2/3 là 66,67%). Mẫu số của mọi chỉ tiêu là tổng số cán bộ; "
    "các chỉ tiêu của một nhóm cộng lại bằng tổng số, nên tỷ lệ của cả nhóm cộng "
    "lại có thể là 99,99% hoặc 100,01%. Dòng “Trong đó” không cộng vào nhóm."
)


def docstring_terms(doc: str) -> list[str]:
    """The terms ("In service (headcount)", ...) of the "- Term: ..." lines of the
    definitions in reports/statistics.py's docstring."""
    start = doc.find("Definitions")
    if start < 0:
        return []
    terms = []
    for line in doc[start:].splitlines():
        match = re.match(r"- ([^:]+):", line)
        if match:
            terms.append(match.group(1).strip())
    return terms


# --- Numbers as the pages write them -------------------------------------------------


def _count(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, int):
        return charts.number(value)
    return str(value)


def _share(value) -> str:
    """A stored share ("66.67") as the report prints it ("66,67"), or "—"."""
    if value is None or value == "":
        return "—"
    return f"{Decimal(str(value)):.2f}".replace(".", ",")


def _date(value: str | None) -> str:
    """An ISO date of the JSON as dd/mm/yyyy."""
    if not value:
        return ""
    try:
        year, month, day = (int(part) for part in str(value)[:10].split("-"))
    except ValueError:
        return str(value)
    return f"{day:02d}/{month:02d}/{year}"


# --- Headings and the contents list ---------------------------------------------------


class _Heading(Paragraph):
    """A section heading that notes the page it lands on (for the contents list)
    and adds itself to the PDF's outline."""

    def __init__(self, text: str, *, key: str, pages: dict[str, int], level=0):
        style = "heading" if level == 0 else "subheading"
        super().__init__(pdf.text(text), pdf.style(style))
        self.keepWithNext = True
        self._key = key
        self._pages = pages
        self._level = level
        self._title = text

    def draw(self):
        self._pages[self._key] = self.canv.getPageNumber()
        self.canv.bookmarkPage(self._key)
        self.canv.addOutlineEntry(self._title, self._key, level=self._level)
        super().draw()


class _Contents(Flowable):
    """The contents list: one line per entry (key, title, level) with dotted
    leaders, each a link to its heading; the page numbers are drawn when every
    page is laid out. Splits between pages like a table."""

    LEADING = 16
    INDENT = 14

    def __init__(self, entries: Sequence[tuple[str, str, int]], pages: dict[str, int]):
        super().__init__()
        self._entries = list(entries)
        self._pages = pages

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        self.height = self.LEADING * len(self._entries)
        return self.width, self.height

    def split(self, availWidth, availHeight):
        fits = int(availHeight // self.LEADING)
        if fits <= 0:
            return []
        if fits >= len(self._entries):
            return [self]
        return [
            _Contents(self._entries[:fits], self._pages),
            _Contents(self._entries[fits:], self._pages),
        ]

    def draw(self):
        canvas = self.canv
        number_room = 30
        dot = stringWidth(".", pdf.FONT, 10)
        late = []
        for i, (key, title, level) in enumerate(self._entries):
            y = self.height - (i + 1) * self.LEADING + 4
            x = level * self.INDENT
            title = pdf_charts._fit(title, self.width - x - number_room - 20, size=10)
            canvas.setFont(pdf.FONT, 10)
            canvas.drawString(x, y, title)
            start = x + stringWidth(title, pdf.FONT, 10) + 4
            end = self.width - number_room
            if end > start:
                canvas.setFillColor(colors.HexColor("#777777"))
                canvas.drawRightString(end, y, "." * int((end - start) / dot))
                canvas.setFillColor(colors.black)
            canvas.linkRect("", key, (0, y - 3, self.width, y + 11), relative=1)
            late.append((key, canvas.absolutePosition(self.width, y)))
        if hasattr(canvas, "after_layout"):
            pages = self._pages

            def numbers(page_canvas):
                page_canvas.setFont(pdf.FONT, 10)
                for key, (x, y) in late:
                    if key in pages:
                        page_canvas.drawRightString(x, y, str(pages[key]))

            canvas.after_layout(numbers)


# --- The cover -------------------------------------------------------------------------


def _facts_table(rows: list[tuple[str, str]], *, width: float) -> Table:
    body = [
        [pdf.para(label, "cell_bold"), pdf.para(value, "cell")] for label, value in rows
    ]
    table = Table(body, colWidths=[width * 0.3, width * 0.7])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.3, pdf.GRID),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def _cover(report: SnapshotReport, *, width: float, printed: pdf.PrintInfo) -> list:
    signed_on = (report.frozen_at or printed.printed_at).date()
    made = f"{report.made_at:%H:%M %d/%m/%Y}, " + (
        f"bởi {report.made_by}" if report.made_by else "tự động (theo lịch)"
    )
    if report.frozen_at is not None:
        frozen = (
            f"Đã chốt số liệu lúc {report.frozen_at:%H:%M %d/%m/%Y}, bởi "
            f"{report.frozen_by}: số liệu không thay đổi nữa."
        )
    else:
        frozen = "Chưa chốt số liệu: kỳ số liệu còn có thể được tính lại."
    titles = "; ".join(t.title for t in report.tables)
    rows = [
        ("Đơn vị", report.unit_name),
        ("Số liệu tính đến ngày", pdf.date_text(report.on)),
        (
            "Kỳ báo cáo",
            f"Từ {pdf.date_text(report.period_start)} đến {pdf.date_text(report.on)}"
            f" ({report.period})",
        ),
        ("Báo cáo định kỳ", report.name),
        ("Các biểu", titles),
        ("Người phụ trách", report.owner),
        ("Lập số liệu", made),
        ("Chốt số liệu", frozen),
        ("Phiên bản dữ liệu", report.data_version or "—"),
        ("Mã kỳ số liệu", f"#{report.pk}"),
    ]
    personnel = report.personnel
    if personnel is not None:
        rows.insert(2, ("Tổng số cán bộ", _count(personnel.get("headcount"))))
    return [
        pdf.letterhead(
            pdf.Letterhead(
                unit=report.unit_name, superior=report.superior, date=signed_on
            ),
            width=width,
        ),
        Spacer(1, 30 * mm),
        pdf.para("BÁO CÁO THỐNG KÊ", "cover_title"),
        Spacer(1, 4 * mm),
        pdf.para(report.name.upper(), "title"),
        Spacer(1, 2 * mm),
        pdf.para(f"Số liệu tính đến ngày {pdf.date_text(report.on)}", "italic_center"),
        Spacer(1, 14 * mm),
        _facts_table(rows, width=width),
        Spacer(1, 6 * mm),
        pdf.para(
            "Báo cáo được in từ số liệu đã lưu của kỳ số liệu (không tính lại từ dữ "
            "liệu hiện tại): kỳ số liệu đã chốt luôn in ra đúng số liệu đã báo cáo.",
            "small",
        ),
    ]


# --- The tables ------------------------------------------------------------------------


def _note(text: str) -> Paragraph:
    return pdf.para(text, "small")


def _personnel_flowables(figures: dict, *, width: float) -> list:
    """The headline personnel figures: one line per figure under its section."""
    head = pdf.heading_cells(("Chỉ tiêu", "Số người", "Tổng số", "Tỷ lệ (%)"))
    rows: list[list] = [head]
    groups = []
    from reports.statistics import FIGURES_BY_KEY

    for section in figures.get("sections", []):
        groups.append(len(rows))
        rows.append([pdf.para(section["title"], "group"), "", "", ""])
        for figure in section["figures"]:
            known = FIGURES_BY_KEY.get(figure["key"])
            label = figure["label"]
            if known is not None and not known.in_sum:
                label = f"   {label}"
            rows.append(
                [
                    pdf.cell(label),
                    _count(figure["count"]),
                    _count(figure["denominator"]),
                    _share(figure["share"]),
                ]
            )
    numbers = width * 0.14
    table = pdf.data_table(
        rows,
        col_widths=[width - 3 * numbers, numbers, numbers, numbers],
        group_rows=groups,
        centered_columns=(1, 2, 3),
    )
    facts = [f"Tổng số cán bộ: {_count(figures.get('headcount'))} người"]
    if figures.get("mean_age"):
        facts.append(f"tuổi bình quân {str(figures['mean_age']).replace('.', ',')}")
    if figures.get("evaluation_year"):
        facts.append(f"xếp loại chất lượng năm {figures['evaluation_year']}")
    if figures.get("retiring_until"):
        facts.append(
            f"đến tuổi nghỉ hưu từ {_date(figures.get('on'))} đến "
            f"{_date(figures['retiring_until'])}"
        )
    return [_note("; ".join(facts) + "."), Spacer(1, 2 * mm), table]


def _bieu10_flowables(figures: dict, *, width: float) -> list:
    """Biểu 10 from its stored rows: course type and mode, quota, nominated,
    trained, completed, failed, classes."""
    from training.models import Mode

    modes = dict(Mode.choices)
    head = pdf.heading_cells(
        (
            "Loại khóa học",
            "Hệ",
            "Chỉ tiêu",
            "Được cử",
            "Đi học",
            "Hoàn thành",
            "Không đạt",
            "Số lớp",
        )
    )
    rows: list[list] = [head]
    for row in figures.get("rows", []):
        rows.append(
            [
                pdf.cell(row.get("course_name", row.get("course_type", ""))),
                pdf.cell(modes.get(row.get("mode"), row.get("mode", ""))),
                _count(row.get("quota")),
                _count(row.get("nominated")),
                _count(row.get("trained")),
                _count(row.get("completed")),
                _count(row.get("failed")),
                _count(row.get("classes")),
            ]
        )
    if len(rows) == 1:
        rows.append(
            [pdf.cell("Không có số liệu trong kỳ."), "", "", "", "", "", "", ""]
        )
    numbers = width * 0.085
    table = pdf.data_table(
        rows,
        col_widths=[width - 6 * numbers - width * 0.12, width * 0.12] + [numbers] * 6,
        centered_columns=(2, 3, 4, 5, 6, 7),
    )
    summary = (
        f"Lớp khai giảng từ {_date(figures.get('start'))} đến "
        f"{_date(figures.get('end'))}: {_count(figures.get('total_trained'))} lượt "
        f"người được cử đi học, {_count(figures.get('total_completed'))} lượt hoàn "
        f"thành, {_count(figures.get('total_classes'))} lớp."
    )
    return [_note(summary), Spacer(1, 2 * mm), table]


def _scalar(value) -> bool:
    return not isinstance(value, dict | list)


def _label(key: str) -> str:
    return str(key).replace("_", " ")


def _generic_flowables(figures: Any, *, width: float) -> list:
    """Any stored JSON: its plain values as label/value lines, each list of rows as
    a table (its columns the rows' plain keys), nested objects in turn."""
    if not isinstance(figures, dict):
        figures = {"số liệu": figures}
    story: list = []
    plain = [(k, v) for k, v in figures.items() if _scalar(v)]
    if plain:
        rows = [[pdf.cell(_label(k)), pdf.cell(_count(v))] for k, v in plain]
        story.append(
            pdf.data_table(
                [pdf.heading_cells(("Chỉ tiêu", "Giá trị")), *rows],
                col_widths=[width * 0.6, width * 0.4],
            )
        )
        story.append(Spacer(1, 3 * mm))
    for key, value in figures.items():
        if _scalar(value):
            continue
        story.append(pdf.para(_label(key), "group"))
        if (
            isinstance(value, list)
            and value
            and all(isinstance(r, dict) for r in value)
        ):
            columns = list(
                dict.fromkeys(k for r in value for k, v in r.items() if _scalar(v))
            )
            if columns:
                # Wide row tables get landscape pages (see _table_story).
                room = width if len(columns) <= 8 else _landscape_width()
                each = room / len(columns)
                rows = [pdf.heading_cells([_label(c) for c in columns])]
                rows += [[pdf.cell(_count(r.get(c))) for c in columns] for r in value]
                story.append(pdf.data_table(rows, col_widths=[each] * len(columns)))
        elif isinstance(value, dict):
            story += _generic_flowables(value, width=width)
        else:
            story.append(
                pdf.para(json.dumps(value, ensure_ascii=False)[:2000], "small")
            )
        story.append(Spacer(1, 3 * mm))
    return story


GENERIC = {PERSONNEL: _personnel_flowables, BIEU10: _bieu10_flowables}


def table_flowables(table: ReportTable, *, unit_name: str, width: float) -> list:
    """The body of one table: the table's own flowables (reports/tables.py) when
    it has them, else drawn here from the stored JSON."""
    registered = TABLES.get(table.code)
    own = getattr(registered, "flowables", None)
    if own is not None:
        kwargs = {"figures": table.figures, "unit_name": unit_name}
        if "width" in inspect.signature(own).parameters:
            # The official forms are laid out for a landscape frame.
            kwargs["width"] = _landscape_width()
        return list(own(**kwargs))
    draw = GENERIC.get(table.code, _generic_flowables)
    return draw(table.figures, width=width)


def _portrait_width() -> float:
    return pdf.frame_width("portrait") - FRAME_PADDING


def _landscape_width() -> float:
    return pdf.frame_width("landscape") - FRAME_PADDING


def _widest(flowables: list) -> float:
    widest = 0.0
    for flowable in flowables:
        if isinstance(flowable, Paragraph | Spacer):
            continue  # they take the width they are given
        widest = max(widest, flowable.wrap(_portrait_width(), 1e6)[0])
    return widest


# --- The annex ------------------------------------------------------------------------

ANNEX_NOTE = (
    "Số liệu của từng đơn vị trực thuộc lấy từ kỳ số liệu cùng ngày của đơn vị đó "
    "(kỳ lập sau cùng), không tính lại; kỳ chưa chốt còn có thể được tính lại."
)
ANNEX_NOTE_FROZEN = (
    "Số liệu của từng đơn vị trực thuộc lấy từ kỳ số liệu cùng ngày của đơn vị đó "
    "đã được chốt trước khi báo cáo này được chốt; đơn vị chưa chốt số liệu lúc đó "
    "không có trong phụ lục."
)


def _annex_flowables(annex, *, width: float) -> list:
    made = f"Kỳ số liệu “{annex.name}” lập lúc {annex.made_at:%H:%M %d/%m/%Y}"
    if annex.frozen_at is not None:
        made += f", đã chốt lúc {annex.frozen_at:%H:%M %d/%m/%Y}."
    else:
        made += ", chưa chốt số liệu."
    return [_note(made), *_personnel_flowables(annex.figures, width=width)]


# --- The document --------------------------------------------------------------------


def _series_table(chart: charts.LineChart, *, width: float) -> Table:
    """The values of a time series, one line per date (the dashboard's table
    under its line chart, turned so that years of snapshots fit the page)."""
    head = pdf.heading_cells(["Ngày số liệu", *(s.label for s in chart.series)])
    rows: list[list] = [head]
    for i, day in enumerate(chart.dates):
        values = [charts.percent(s.values[i]) for s in chart.series]
        rows.append([pdf.date_text(day), *values])
    first = width * 0.16
    each = (width - first) / len(chart.series)
    return pdf.data_table(
        rows,
        col_widths=[first] + [each] * len(chart.series),
        centered_columns=tuple(range(len(chart.series) + 1)),
    )


def _chart_block(chart, *, width: float) -> list:
    block = [
        KeepTogether(
            [
                pdf.para(chart.title, "chart_title"),
                Spacer(1, 2 * mm),
                pdf_charts.drawing(chart, width=width),
                Spacer(1, 6 * mm),
            ]
        )
    ]
    if isinstance(chart, charts.LineChart) and chart.dates:
        block += [_series_table(chart, width=width), Spacer(1, 6 * mm)]
    return block


def _notes(report: SnapshotReport) -> list:
    from reports import statistics

    lines = [ROUNDING_NOTE]
    terms = docstring_terms(statistics.__doc__ or "")
    lines += [DEFINITION_NOTES[t] for t in terms if t in DEFINITION_NOTES]
    lines.append(
        "Phạm vi: số liệu do hệ thống tính trong phạm vi các đơn vị được giao cho "
        "người phụ trách báo cáo; mỗi người được tính theo đơn vị công tác tại ngày "
        "số liệu."
    )
    personnel = report.personnel
    if personnel is not None and personnel.get("age_pyramid") is not None:
        lines.append(
            "Tháp tuổi theo giới tính: người đang công tác tại ngày số liệu, theo đơn "
            "vị công tác tại ngày số liệu (như các chỉ tiêu), nên tổng các nhóm tuổi "
            "bằng tổng số."
        )
    if any(t.code == BIEU10 for t in report.tables):
        lines.append(
            "Biểu 10-BTCTW: các lớp khai giảng trong kỳ báo cáo; “đi học” là số "
            "lượt người đã nhập học, “hoàn thành” là số lượt đã hoàn thành khóa học, "
            "chỉ tiêu theo kế hoạch đào tạo của năm."
        )
    lines += report.chart_notes
    return [pdf.para(f"{i}. {line}", "note") for i, line in enumerate(lines, start=1)]


def build_report_pdf(report: SnapshotReport, *, printed: pdf.PrintInfo) -> bytes:
    """The statistical report of a snapshot as PDF bytes."""
    pdf.register_fonts()
    width = _portrait_width()
    pages: dict[str, int] = {}
    entries: list[tuple[str, str, int]] = []
    body: list = []
    number = 0

    def section(key: str, title: str, *, level: int = 0, numbered=True) -> _Heading:
        nonlocal number
        label = title
        if numbered and level == 0:
            label = f"{ROMAN[number] if number < len(ROMAN) else number + 1}. {title}"
            number += 1
        entries.append((key, label, level))
        return _Heading(label, key=key, pages=pages, level=level)

    orientation = "portrait"

    def turn(to: str) -> list:
        """A new page in `to`; the template changes only when it must, so that
        no blank page comes between two landscape tables."""
        nonlocal orientation
        if to == orientation:
            return [PageBreak()]
        orientation = to
        return [NextPageTemplate(to), PageBreak()]

    for table in report.tables:
        flowables = table_flowables(table, unit_name=report.unit_name, width=width)
        heading = section(f"table-{table.code}", table.title)
        if _widest(flowables) > width + 1:
            # A table wider than portrait gets landscape pages of its own.
            body += [*turn("landscape"), heading, *flowables]
        elif orientation == "landscape":
            body += [*turn("portrait"), heading, *flowables, Spacer(1, 8 * mm)]
        else:
            body += [CondPageBreak(60 * mm), heading, *flowables, Spacer(1, 8 * mm)]
    if report.charts:
        body += [*turn("portrait"), section("charts", "Biểu đồ")]
        for chart in report.charts:
            body += _chart_block(chart, width=width)
    elif orientation == "landscape":
        body += turn("portrait")
    notes = _notes(report)
    signed_on = (report.frozen_at or printed.printed_at).date()
    signatures = pdf.signature_block(
        [
            # The blank line keeps both titles on one level under the date.
            pdf.Signer(
                title="NGƯỜI LẬP BIỂU",
                name=report.made_by or report.owner,
                above="\u00a0",
            ),
            pdf.Signer(
                title="THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ",
                note="(Ký, ghi rõ họ tên, đóng dấu)",
                above=f"…………, {pdf.long_date_text(signed_on)}",
            ),
        ],
        width=width,
    )
    body += [
        CondPageBreak(80 * mm),
        section("notes", "Ghi chú về số liệu và định nghĩa"),
        *notes[:-1],
        # Never the signatures alone on the last page.
        KeepTogether([notes[-1], Spacer(1, 10 * mm), signatures]),
    ]
    if report.annexes:
        body += [
            PageBreak(),
            section(
                "annex",
                "Phụ lục: Số lượng, chất lượng cán bộ của các đơn vị trực thuộc",
                numbered=False,
            ),
            _note(ANNEX_NOTE_FROZEN if report.frozen else ANNEX_NOTE),
            Spacer(1, 3 * mm),
        ]
        for i, annex in enumerate(report.annexes, start=1):
            body += [
                CondPageBreak(70 * mm),
                section(f"annex-{i}", f"{i}. {annex.unit_name}", level=1),
                *_annex_flowables(annex, width=width),
                Spacer(1, 6 * mm),
            ]
    contents = [
        pdf.para("MỤC LỤC", "title"),
        Spacer(1, 6 * mm),
        _Contents(entries, pages),
    ]
    story = [
        *_cover(report, width=width, printed=printed),
        PageBreak(),
        *contents,
        PageBreak(),
        *body,
    ]
    return pdf.render(
        story,
        printed=printed,
        title=f"Báo cáo thống kê: {report.name} ({pdf.date_text(report.on)})",
        subject=report.unit_name,
    )
