"""Biểu 11-BTCTW (rotation), 12B-BTCTW (planning) and 13-BTCTW (appointments) as
XLSX workbooks, laid out as DOMAIN.md §11.2 describes them after the thanhvu16
templates: the reporting unit and the form's number at the top, the title with
the period (or the term) and the reference date, the table, and the closing block
with the preparer's signature and phone and the Head of Department's signature
and seal.

- 12B: the rows of Biểu 9A/12B (total; women, ethnic minorities, young; age ≤40 /
  41–50 / >50; cao đẳng / đại học / trên đại học; PGS / GS; LLCT trung cấp / cao
  cấp-cử nhân) down the side, the post groups across in entries ("lượt"), then the
  people counted once and their share; below, the sources and the period's
  removals by reason and review-round additions.
- 11: the directions of Biểu 11 down the side (§9), the total and its breakdowns
  (women, ethnic minority, religion, age, qualification, LLCT) across.
- 13: the managing levels down the side (diện Trung ương / Ban Thường vụ Tỉnh ủy /
  Ban Thường vụ Huyện ủy quản lý), appointments (of which reappointments, women,
  ethnic minorities), extensions to retirement, dismissals and nominations for
  election across.

`*_rows` turn the statistics into the table's rows (no ORM); `bieu*_data` put
those rows, the title and the dates into a JSON-ready dict (what a report snapshot
stores); `write_*_xlsx` write that dict and return the file's bytes, and
`build_*_xlsx` do both. The reports app renders the same dict to PDF
(reports/official.py), so a table's PDF and workbook never disagree.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

import xlsxwriter

from planning.models import Direction, ManagingLevel, RemovalReason, Source
from planning.statistics import (
    APPOINTMENT_COLUMNS,
    APPOINTMENT_LEVELS,
    BREAKDOWN_ROWS,
    POST_GROUPS,
    ROTATION_KEYS,
    AppointmentStatistics,
    PlanningStatistics,
    RotationStatistics,
)

FIRST_DATA_ROW = 8  # 0-based row of "TỔNG SỐ" in every table
HEAD_TOP = 5  # the two rows of headings, then the row of column numbers
FORM_NUMBERS = {"11": "Biểu 11-BTCTW", "12b": "Biểu 12B-BTCTW", "13": "Biểu 13-BTCTW"}
SHEETS = {"11": "Biểu 11", "12b": "Biểu 12B", "13": "Biểu 13"}
MANAGING_LEVEL_NOTE = (
    "Ghi chú: diện quản lý theo từng quyết định; quyết định không ghi diện quản lý "
    "được tính theo cấp của đơn vị (đơn vị cấp huyện, xã: diện Ban Thường vụ Huyện "
    "ủy; đơn vị khác: diện Ban Thường vụ Tỉnh ủy)."
)


@dataclass
class ReportRow:
    """One line of a table: its number, label, depth (0 total, 1 row, 2 sub-row)
    and its figures in column order (None: an empty cell)."""

    number: str
    label: str
    depth: int
    values: list[int | float | None]


def period_text(start: dt.date | None, end: dt.date | None) -> str:
    """ "năm 2026" for a calendar year, else "từ 01/01/2026 đến 30/06/2026"."""
    if start is None or end is None:
        return ""
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        if start.year == end.year:
            return f"năm {start.year}"
        return f"các năm {start.year}–{end.year}"
    return f"từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}"


# --- Rows ----------------------------------------------------------------------------


def _young_label(stats: PlanningStatistics) -> str:
    if stats.young_line is not None:
        return f"Cán bộ trẻ (dưới {stats.young_line} tuổi)"
    return "Cán bộ trẻ (dưới tuổi quy định của nhiệm kỳ)"


def bieu12b_columns() -> list[str]:
    """Headings of the figure columns of 12B, in order."""
    return [
        "Tổng số (lượt)",
        *(label for _, label, _ in POST_GROUPS),
        "Số người (tính một lần)",
        "Tỷ lệ % số người",
    ]


def bieu12b_rows(stats: PlanningStatistics) -> list[ReportRow]:
    """Total and breakdown rows of 12B: entries in all, by post group, people once
    and their percentage (of the people in planning; young: of those whose term
    has an age line)."""

    def values(key: str | None) -> list:
        if key is None:
            people = stats.people.total
            percent = 100.0 if people else None
            return [
                stats.entries.total,
                *(stats.groups[g].total for g, _, _ in POST_GROUPS),
                people,
                percent,
            ]
        share = stats.people.share(key)
        return [
            stats.entries.counts[key],
            *(stats.groups[g].counts[key] for g, _, _ in POST_GROUPS),
            share.count,
            share.percent,
        ]

    out = [ReportRow("", "TỔNG SỐ", 0, values(None))]
    number = 0
    for key, label, heading in BREAKDOWN_ROWS:
        if heading:
            number += 1
            out.append(ReportRow(str(number), heading, 1, [None] * len(values(key))))
        if key == "young":
            label = _young_label(stats)
        out.append(ReportRow("-", label, 2, values(key)))
    return out


def bieu12b_flows(stats: PlanningStatistics) -> list[ReportRow]:
    """Sources of the entries in planning and the period's changes, one figure each."""
    out = [ReportRow("I", "Nguồn cán bộ quy hoạch (lượt)", 0, [stats.live])]
    for source, label in Source.choices:
        out.append(ReportRow("-", label, 2, [stats.sources.get(source, 0)]))
    out.append(ReportRow("II", "Đưa ra khỏi quy hoạch trong kỳ", 0, [stats.removed]))
    for reason, label in RemovalReason.choices:
        out.append(ReportRow("-", label, 2, [stats.removals[reason]]))
    out.append(
        ReportRow(
            "III",
            "Bổ sung quy hoạch qua rà soát (đã phê duyệt)",
            0,
            [stats.round_additions],
        )
    )
    out.append(
        ReportRow("IV", "Đề xuất bổ sung qua rà soát", 0, [stats.round_proposals])
    )
    out.append(ReportRow("V", "Đang đề xuất, chưa phê duyệt", 0, [stats.pending]))
    return out


ROTATION_LABELS = {key: label for key, label, _ in BREAKDOWN_ROWS}
# Column groups of Biểu 11 (DOMAIN.md §9), each spanning its keys.
ROTATION_HEADINGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Trong đó", ("women", "minority", "religion")),
    ("Độ tuổi", ("age_40", "age_41_50", "age_over_50")),
    ("Trình độ chuyên môn", ("college", "university", "postgraduate")),
    ("Lý luận chính trị", ("llct_trung_cap", "llct_cao_cap")),
)
assert tuple(k for _, keys in ROTATION_HEADINGS for k in keys) == ROTATION_KEYS


def bieu11_rows(stats: RotationStatistics) -> list[ReportRow]:
    """Total, then each direction of Biểu 11: the number started and its
    breakdowns."""
    total = stats.total
    out = [
        ReportRow(
            "", "TỔNG SỐ", 0, [total.total, *(total.counts[k] for k in ROTATION_KEYS)]
        )
    ]
    for number, (direction, label) in enumerate(Direction.choices, start=1):
        figures = stats.directions[direction]
        out.append(
            ReportRow(
                str(number),
                label,
                1,
                [figures.total, *(figures.counts[k] for k in ROTATION_KEYS)],
            )
        )
    return out


BIEU13_LEVEL_LABELS = dict(ManagingLevel.choices)


def bieu13_rows(stats: AppointmentStatistics) -> list[ReportRow]:
    """Total, then each level: appointments (of which reappointments, women,
    ethnic minorities), extensions, dismissals."""
    out = [ReportRow("", "TỔNG SỐ", 0, stats.total.values())]
    for number, level in enumerate(APPOINTMENT_LEVELS, start=1):
        out.append(
            ReportRow(
                str(number), BIEU13_LEVEL_LABELS[level], 1, stats.levels[level].values()
            )
        )
    return out


# --- The data of a table (JSON-ready) -------------------------------------------------


def _iso(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _date(value: str | None) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)


def _rows_json(rows: list[ReportRow]) -> list[dict[str, Any]]:
    return [dataclasses.asdict(row) for row in rows]


def report_rows(items: list[dict[str, Any]]) -> list[ReportRow]:
    """The ReportRows of a table's data (`bieu*_data`)."""
    return [ReportRow(**item) for item in items]


def bieu12b_data(stats: PlanningStatistics) -> dict[str, Any]:
    """Biểu 12B as JSON: dates, term, title, the table's rows and the flows."""
    return {
        "on": stats.on.isoformat(),
        "start": _iso(stats.start),
        "end": _iso(stats.end),
        "term": stats.term.name if stats.term is not None else None,
        "title": bieu12b_title(stats),
        "rows": _rows_json(bieu12b_rows(stats)),
        "flows": _rows_json(bieu12b_flows(stats)),
    }


def bieu11_data(stats: RotationStatistics) -> dict[str, Any]:
    """Biểu 11 as JSON: dates, title and the table's rows."""
    return {
        "on": stats.on.isoformat(),
        "start": stats.start.isoformat(),
        "end": stats.end.isoformat(),
        "title": f"Kết quả luân chuyển cán bộ {period_text(stats.start, stats.end)}",
        "rows": _rows_json(bieu11_rows(stats)),
    }


def bieu13_data(stats: AppointmentStatistics) -> dict[str, Any]:
    """Biểu 13 as JSON: dates, title and the table's rows."""
    return {
        "on": stats.on.isoformat(),
        "start": stats.start.isoformat(),
        "end": stats.end.isoformat(),
        "title": "Kết quả bổ nhiệm, bổ nhiệm lại, miễn nhiệm cán bộ "
        + period_text(stats.start, stats.end),
        "rows": _rows_json(bieu13_rows(stats)),
    }


# --- Writing -------------------------------------------------------------------------


class _Sheet:
    """One worksheet in the BTCTW form: Times New Roman, bordered table, the unit
    and form number at the top, the signature block at the bottom."""

    def __init__(self, *, form: str, columns: int):
        self.buffer = io.BytesIO()
        self.book = xlsxwriter.Workbook(self.buffer, {"in_memory": True})
        self.sheet = self.book.add_worksheet(SHEETS[form])
        self.form = form
        self.last = columns + 1  # STT, label, then the figure columns
        base = {"font_name": "Times New Roman", "font_size": 12}
        add = self.book.add_format
        self.fmt = {
            "unit": add({**base, "bold": True}),
            "form": add({**base, "bold": True, "align": "right"}),
            "title": add({**base, "bold": True, "font_size": 14, "align": "center"}),
            "center": add({**base, "italic": True, "align": "center"}),
            "note": add({**base, "italic": True, "text_wrap": True, "valign": "top"}),
            "head": add(
                {
                    **base,
                    "bold": True,
                    "border": 1,
                    "align": "center",
                    "valign": "vcenter",
                    "text_wrap": True,
                }
            ),
            "number": add({**base, "italic": True, "border": 1, "align": "center"}),
            "sign": add({**base, "bold": True, "align": "center"}),
        }
        self.cell = {
            d: add({**base, "border": 1, "bold": d == 0, "italic": d == 2})
            for d in range(3)
        }
        self.percent = {
            d: add(
                {
                    **base,
                    "border": 1,
                    "bold": d == 0,
                    "italic": d == 2,
                    "num_format": "0.0",
                }
            )
            for d in range(3)
        }
        self.label = {
            d: add(
                {
                    **base,
                    "border": 1,
                    "bold": d < 2,
                    "italic": d == 2,
                    "indent": d,
                    "text_wrap": True,
                }
            )
            for d in range(3)
        }
        self.sheet.set_column(0, 0, 6)
        self.sheet.set_column(1, 1, 40)
        self.sheet.set_column(2, self.last, 10)

    def heading(self, *, unit_name: str, title: str, on: dt.date) -> None:
        s, last = self.sheet, self.last
        s.merge_range(0, 0, 0, 3, unit_name.upper(), self.fmt["unit"])
        s.merge_range(0, last - 2, 0, last, FORM_NUMBERS[self.form], self.fmt["form"])
        s.merge_range(2, 0, 2, last, title.upper(), self.fmt["title"])
        s.merge_range(
            3, 0, 3, last, f"(Số liệu tính đến ngày {on:%d/%m/%Y})", self.fmt["center"]
        )

    def column_numbers(self) -> None:
        labels = ("A", "B", *(f"({n})" for n in range(1, self.last)))
        for column, text in enumerate(labels):
            self.sheet.write(HEAD_TOP + 2, column, text, self.fmt["number"])
        self.sheet.repeat_rows(HEAD_TOP, HEAD_TOP + 2)

    def rows(self, first: int, rows: list[ReportRow], percent_columns=()) -> int:
        """Write the rows from `first`; return the next free row."""
        index = first
        for line in rows:
            self.sheet.write(index, 0, line.number, self.cell[line.depth])
            self.sheet.write(index, 1, line.label, self.label[line.depth])
            for column, value in enumerate(line.values, start=2):
                style = (self.percent if column in percent_columns else self.cell)[
                    line.depth
                ]
                if value is None:
                    self.sheet.write_blank(index, column, None, style)
                else:
                    self.sheet.write_number(index, column, value, style)
            index += 1
        return index

    def signatures(self, row: int, preparer: str) -> None:
        # Closing block (DOMAIN.md §11.2): preparer with phone; Head of Department
        # with seal.
        s, last, f = self.sheet, self.last, self.fmt
        left = last - 3
        s.merge_range(row, 0, row, 3, "NGƯỜI LẬP BIỂU", f["sign"])
        s.merge_range(row, left, row, last, "…, ngày … tháng … năm …", f["center"])
        s.merge_range(row + 1, 0, row + 1, 3, "(Ký, ghi rõ họ tên)", f["center"])
        s.merge_range(row + 1, left, row + 1, last, "TRƯỞNG BAN", f["sign"])
        s.merge_range(row + 2, left, row + 2, last, "(Ký tên, đóng dấu)", f["center"])
        s.merge_range(row + 5, 0, row + 5, 3, preparer, f["sign"])
        s.merge_range(row + 6, 0, row + 6, 3, "Số điện thoại: ………………", f["center"])

    def close(self) -> bytes:
        self.sheet.set_landscape()
        self.sheet.set_paper(9)  # A4
        self.sheet.fit_to_pages(1, 0)
        self.book.close()
        return self.buffer.getvalue()


def _head_pair(sheet: _Sheet, column: int, text: str) -> None:
    sheet.sheet.merge_range(
        HEAD_TOP, column, HEAD_TOP + 1, column, text, sheet.fmt["head"]
    )


def bieu12b_title(stats: PlanningStatistics) -> str:
    """ "Kết quả quy hoạch cán bộ nhiệm kỳ 2020-2025" (or of every term)."""
    if stats.term is not None:
        return f"Kết quả quy hoạch cán bộ nhiệm kỳ {stats.term.name}"
    return "Kết quả quy hoạch cán bộ các nhiệm kỳ"


def build_bieu12b_xlsx(
    *, stats: PlanningStatistics, unit_name: str, preparer: str = ""
) -> bytes:
    """The Biểu 12B workbook of these statistics, as bytes."""
    return write_bieu12b_xlsx(
        data=bieu12b_data(stats), unit_name=unit_name, preparer=preparer
    )


def write_bieu12b_xlsx(*, data: dict, unit_name: str, preparer: str = "") -> bytes:
    """The Biểu 12B workbook of a table's data (`bieu12b_data`), as bytes."""
    columns = bieu12b_columns()
    out = _Sheet(form="12b", columns=len(columns))
    out.heading(unit_name=unit_name, title=data["title"], on=_date(data["on"]))
    period = period_text(_date(data["start"]), _date(data["end"]))
    if period:
        out.sheet.merge_range(
            4,
            0,
            4,
            out.last,
            f"(Biến động quy hoạch {period})",
            out.fmt["center"],
        )
    s, head = out.sheet, out.fmt["head"]
    _head_pair(out, 0, "STT")
    _head_pair(out, 1, "Nội dung")
    _head_pair(out, 2, columns[0])
    groups = len(POST_GROUPS)
    s.merge_range(
        HEAD_TOP, 3, HEAD_TOP, 2 + groups, "Quy hoạch các chức danh (lượt)", head
    )
    for offset, label in enumerate(columns[1 : 1 + groups]):
        s.write(HEAD_TOP + 1, 3 + offset, label, head)
    _head_pair(out, 3 + groups, columns[-2])
    _head_pair(out, 4 + groups, columns[-1])
    s.set_row(HEAD_TOP + 1, 64)
    out.column_numbers()
    after = out.rows(
        FIRST_DATA_ROW, report_rows(data["rows"]), percent_columns={out.last}
    )
    # Sources and the period's changes: one figure per line.
    flows = after + 1
    s.merge_range(flows, 0, flows, 1, "Nguồn và biến động quy hoạch", head)
    s.write(flows, 2, "Số lượt", head)
    after = out.rows(flows + 1, report_rows(data["flows"]))
    out.signatures(after + 2, preparer)
    return out.close()


def build_bieu11_xlsx(
    *, stats: RotationStatistics, unit_name: str, preparer: str = ""
) -> bytes:
    """The Biểu 11 workbook of these statistics, as bytes."""
    return write_bieu11_xlsx(
        data=bieu11_data(stats), unit_name=unit_name, preparer=preparer
    )


def write_bieu11_xlsx(*, data: dict, unit_name: str, preparer: str = "") -> bytes:
    """The Biểu 11 workbook of a table's data (`bieu11_data`), as bytes."""
    out = _Sheet(form="11", columns=1 + len(ROTATION_KEYS))
    out.heading(unit_name=unit_name, title=data["title"], on=_date(data["on"]))
    s, head = out.sheet, out.fmt["head"]
    _head_pair(out, 0, "STT")
    _head_pair(out, 1, "Hướng luân chuyển")
    _head_pair(out, 2, "Tổng số")
    column = 3
    for heading, keys in ROTATION_HEADINGS:
        s.merge_range(HEAD_TOP, column, HEAD_TOP, column + len(keys) - 1, heading, head)
        for offset, key in enumerate(keys):
            s.write(HEAD_TOP + 1, column + offset, ROTATION_LABELS[key], head)
        column += len(keys)
    s.set_row(HEAD_TOP + 1, 48)
    out.column_numbers()
    after = out.rows(FIRST_DATA_ROW, report_rows(data["rows"]))
    out.signatures(after + 2, preparer)
    return out.close()


def build_bieu13_xlsx(
    *, stats: AppointmentStatistics, unit_name: str, preparer: str = ""
) -> bytes:
    """The Biểu 13 workbook of these statistics, as bytes."""
    return write_bieu13_xlsx(
        data=bieu13_data(stats), unit_name=unit_name, preparer=preparer
    )


def write_bieu13_xlsx(*, data: dict, unit_name: str, preparer: str = "") -> bytes:
    """The Biểu 13 workbook of a table's data (`bieu13_data`), as bytes."""
    out = _Sheet(form="13", columns=len(APPOINTMENT_COLUMNS))
    out.heading(unit_name=unit_name, title=data["title"], on=_date(data["on"]))
    s, head = out.sheet, out.fmt["head"]
    _head_pair(out, 0, "STT")
    _head_pair(out, 1, "Diện quản lý")
    s.merge_range(HEAD_TOP, 2, HEAD_TOP, 5, "Bổ nhiệm", head)
    for offset, (_, label) in enumerate(APPOINTMENT_COLUMNS[:4]):
        s.write(HEAD_TOP + 1, 2 + offset, label, head)
    _head_pair(out, 6, APPOINTMENT_COLUMNS[4][1])
    _head_pair(out, 7, APPOINTMENT_COLUMNS[5][1])
    _head_pair(out, 8, APPOINTMENT_COLUMNS[6][1])
    s.set_row(HEAD_TOP + 1, 48)
    s.set_column(2, out.last, 14)
    out.column_numbers()
    after = out.rows(FIRST_DATA_ROW, report_rows(data["rows"]))
    s.merge_range(
        after + 1, 0, after + 2, out.last, MANAGING_LEVEL_NOTE, out.fmt["note"]
    )
    out.signatures(after + 4, preparer)
    return out.close()
