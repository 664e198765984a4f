"""Biểu 10-BTCTW "Kết quả đào tạo, bồi dưỡng cán bộ" as an XLSX workbook.

Layout (DOMAIN.md §8 and §11.2, the thanhvu16 template): the reporting unit and the
form's number at the top, the title with the period and the reference date; the
rows I. Đào tạo (1. chuyên môn by level × trong nước / ngoài nước / liên kết; 2. lý
luận chính trị by level × tập trung / không tập trung) and II. Bồi dưỡng (the eight
groups, QP-AN by đối tượng 1–4); the columns people trained (total; provincial,
district, commune level; of whom leaders and managers) and number of classes (total;
opened by the provincial Party committee; by district Party committees); and the
closing block: the preparer's signature and phone, the Head of Department's
signature and seal (§11.2).

`bieu10_rows` turns the statistics into the table's rows (no ORM); `build_bieu10_xlsx`
writes them and returns the file's bytes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import xlsxwriter

from training import reference_data
from training.models import Mode
from training.statistics import COMMUNE, DISTRICT, PROVINCIAL, Row, TrainingStatistics

SHEET = "Biểu 10"
FORM_NUMBER = "Biểu 10-BTCTW"
HEADER_ROWS = 3  # two rows of headings and the row of column numbers
FIRST_DATA_ROW = 8  # 0-based row of "TỔNG SỐ"
COLUMNS = (
    "trained",
    "trained_tinh",
    "trained_huyen",
    "trained_xa",
    "trained_leaders",
    "classes",
    "classes_tinh",
    "classes_huyen",
)
MODE_LABELS = {Mode.FULL_TIME: "Tập trung", Mode.PART_TIME: "Không tập trung"}
ROMAN = {"dao_tao": "I", "boi_duong": "II"}
SECTION_LABELS = {"dao_tao": "ĐÀO TẠO", "boi_duong": "BỒI DƯỠNG"}


@dataclass
class ReportRow:
    """One line of the table: its number, label, depth (0 section … 3 mode) and the
    eight figures in COLUMNS order."""

    number: str
    label: str
    depth: int
    values: list[int]


def _values(rows: list[Row]) -> list[int]:
    return [
        sum(r.trained for r in rows),
        sum(r.trained_by_level[PROVINCIAL] for r in rows),
        sum(r.trained_by_level[DISTRICT] for r in rows),
        sum(r.trained_by_level[COMMUNE] for r in rows),
        sum(r.trained_leaders for r in rows),
        sum(r.classes for r in rows),
        sum(r.classes_by_level[PROVINCIAL] for r in rows),
        sum(r.classes_by_level[DISTRICT] for r in rows),
    ]


def _group_label(label: str) -> str:
    # "I.2. Đào tạo lý luận chính trị" → "Lý luận chính trị"; "II.3. Quản lý nhà nước"
    # stays.
    text = label.split(". ", 1)[1]
    if text.startswith("Đào tạo "):
        text = text.removeprefix("Đào tạo ")
        return text[:1].upper() + text[1:]
    return text


def bieu10_rows(stats: TrainingStatistics) -> list[ReportRow]:
    """The rows of Biểu 10 from the statistics: total, sections, groups, course
    types, and modes where Biểu 10 splits them (DOMAIN.md §8)."""
    in_report = [c for c in stats.course_types if c.in_report and c.is_active]
    all_rows = [
        stats.row(c.code, mode)
        for c in in_report
        for mode in (Mode.FULL_TIME, Mode.PART_TIME)
    ]
    out = [ReportRow("", "TỔNG SỐ", 0, _values(all_rows))]
    sections = {code: section for code, _, section in reference_data.GROUPS}
    for section in ("dao_tao", "boi_duong"):
        groups = [(g, label) for g, label, s in reference_data.GROUPS if s == section]
        section_rows = [r for r in all_rows if sections[r.course_type.group] == section]
        out.append(
            ReportRow(ROMAN[section], SECTION_LABELS[section], 0, _values(section_rows))
        )
        for number, (group, label) in enumerate(groups, start=1):
            types = [c for c in in_report if c.group == group]
            group_rows = [r for r in section_rows if r.course_type.group == group]
            out.append(
                ReportRow(str(number), _group_label(label), 1, _values(group_rows))
            )
            if len(types) == 1 and not types[0].by_mode:
                continue  # the group is the course type (tin học, cập nhật kiến thức)
            for course in types:
                rows = [r for r in group_rows if r.course_type.pk == course.pk]
                out.append(ReportRow("-", course.name, 2, _values(rows)))
                if course.by_mode:
                    for mode in (Mode.FULL_TIME, Mode.PART_TIME):
                        mode_rows = [r for r in rows if r.mode == mode]
                        out.append(
                            ReportRow("+", MODE_LABELS[mode], 3, _values(mode_rows))
                        )
    return out


def period_text(stats: TrainingStatistics) -> str:
    """ "năm 2026" for a calendar year, else "từ 01/01/2026 đến 30/06/2026"."""
    start, end = stats.start, stats.end
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        if start.year == end.year:
            return f"năm {start.year}"
        return f"các năm {start.year}–{end.year}"
    return f"từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}"


def build_bieu10_xlsx(
    *, stats: TrainingStatistics, unit_name: str, preparer: str = ""
) -> bytes:
    """The Biểu 10 workbook of these statistics, as bytes."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet(SHEET)
    base = {"font_name": "Times New Roman", "font_size": 12}
    fmt = {
        "unit": book.add_format({**base, "bold": True}),
        "form": book.add_format({**base, "bold": True, "align": "right"}),
        "title": book.add_format(
            {**base, "bold": True, "font_size": 14, "align": "center"}
        ),
        "center": book.add_format({**base, "italic": True, "align": "center"}),
        "head": book.add_format(
            {
                **base,
                "bold": True,
                "border": 1,
                "align": "center",
                "valign": "vcenter",
                "text_wrap": True,
            }
        ),
        "number": book.add_format(
            {**base, "italic": True, "border": 1, "align": "center"}
        ),
        "sign": book.add_format({**base, "bold": True, "align": "center"}),
    }
    cell = {
        depth: book.add_format(
            {**base, "border": 1, "bold": depth < 2, "italic": depth == 3}
        )
        for depth in range(4)
    }
    label = {
        depth: book.add_format(
            {
                **base,
                "border": 1,
                "bold": depth < 2,
                "italic": depth == 3,
                "indent": depth,
                "text_wrap": True,
            }
        )
        for depth in range(4)
    }
    sheet.set_column(0, 0, 6)
    sheet.set_column(1, 1, 48)
    sheet.set_column(2, 9, 11)
    last = 9
    sheet.merge_range(0, 0, 0, 3, unit_name.upper(), fmt["unit"])
    sheet.merge_range(0, 7, 0, last, FORM_NUMBER, fmt["form"])
    sheet.merge_range(
        2,
        0,
        2,
        last,
        f"KẾT QUẢ ĐÀO TẠO, BỒI DƯỠNG CÁN BỘ {period_text(stats).upper()}",
        fmt["title"],
    )
    sheet.merge_range(
        3, 0, 3, last, f"(Số liệu tính đến ngày {stats.on:%d/%m/%Y})", fmt["center"]
    )
    top = FIRST_DATA_ROW - HEADER_ROWS
    sheet.merge_range(top, 0, top + 1, 0, "STT", fmt["head"])
    sheet.merge_range(top, 1, top + 1, 1, "Nội dung", fmt["head"])
    sheet.merge_range(top, 2, top, 6, "Số người được đào tạo, bồi dưỡng", fmt["head"])
    sheet.merge_range(top, 7, top, last, "Số lớp", fmt["head"])
    for column, text in enumerate(
        (
            "Tổng số",
            "Cấp tỉnh",
            "Cấp huyện",
            "Cấp xã",
            "Trong đó: cán bộ lãnh đạo, quản lý",
            "Tổng số",
            "Do Tỉnh ủy mở",
            "Do Huyện ủy mở",
        ),
        start=2,
    ):
        sheet.write(top + 1, column, text, fmt["head"])
    sheet.set_row(top + 1, 48)
    for column, text in enumerate(("A", "B", *(f"({n})" for n in range(1, 9)))):
        sheet.write(top + 2, column, text, fmt["number"])
    row_index = FIRST_DATA_ROW
    for line in bieu10_rows(stats):
        sheet.write(row_index, 0, line.number, cell[line.depth])
        sheet.write(row_index, 1, line.label, label[line.depth])
        for column, value in enumerate(line.values, start=2):
            sheet.write_number(row_index, column, value, cell[line.depth])
        row_index += 1
    # Closing block (DOMAIN.md §11.2): preparer with phone; Head of Department.
    sign = row_index + 2
    sheet.merge_range(sign, 0, sign, 3, "NGƯỜI LẬP BIỂU", fmt["sign"])
    sheet.merge_range(sign, 6, sign, last, "…, ngày … tháng … năm …", fmt["center"])
    sheet.merge_range(sign + 1, 0, sign + 1, 3, "(Ký, ghi rõ họ tên)", fmt["center"])
    sheet.merge_range(sign + 1, 6, sign + 1, last, "TRƯỞNG BAN", fmt["sign"])
    sheet.merge_range(sign + 2, 6, sign + 2, last, "(Ký tên, đóng dấu)", fmt["center"])
    sheet.merge_range(sign + 5, 0, sign + 5, 3, preparer, fmt["sign"])
    sheet.merge_range(sign + 6, 0, sign + 6, 3, "Số điện thoại: ………………", fmt["center"])
    sheet.repeat_rows(top, top + 2)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    book.close()
    return buffer.getvalue()
