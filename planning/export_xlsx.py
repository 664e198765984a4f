"""Danh sách quy hoạch cán bộ of a term as an XLSX workbook: the same heading,
columns and grouping as the PDF (planning/pdf.py), from the same plain data
(`planning.printing.PlanningList`, no ORM). Dates are written as dd/mm/yyyy text,
as the registry's exports write them; text cells never become formulas."""

from __future__ import annotations

import datetime as dt
import io

import xlsxwriter

from cadre_registry.exports import neutralise
from planning.printing import PlanningList, roman
from reports.pdf import PARTY_LINE, long_date_text

SHEET = "Danh sách quy hoạch"
WIDTHS = {
    "number": 6,
    "full_name": 26,
    "birth": 12,
    "gender": 9,
    "ethnicity": 11,
    "current_post": 40,
    "degree": 28,
    "political_theory": 14,
    "source": 11,
    "note": 26,
}


def build_planning_list_xlsx(
    data: PlanningList, *, date: dt.date, place: str = "…………"
) -> bytes:
    """The planning list as XLSX bytes."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    sheet = book.add_worksheet(SHEET)
    base = {"font_name": "Times New Roman", "font_size": 12}
    centered = {**base, "align": "center", "valign": "vcenter"}
    fmt = {
        "superior": book.add_format(centered),
        "issuer": book.add_format({**centered, "bold": True}),
        "party": book.add_format({**centered, "bold": True, "underline": 1}),
        "date": book.add_format({**centered, "italic": True}),
        "title": book.add_format({**centered, "bold": True, "font_size": 14}),
        "subtitle": book.add_format({**centered, "bold": True}),
        "note": book.add_format({**centered, "italic": True, "text_wrap": True}),
        "head": book.add_format(
            {
                **centered,
                "bold": True,
                "border": 1,
                "text_wrap": True,
                "bg_color": "#E8ECF1",
            }
        ),
        "unit": book.add_format(
            {**base, "bold": True, "border": 1, "bg_color": "#F4F6F8"}
        ),
        "post": book.add_format({**base, "bold": True, "border": 1}),
        "cell": book.add_format(
            {**base, "border": 1, "valign": "top", "text_wrap": True}
        ),
        "center": book.add_format(
            {**base, "border": 1, "valign": "top", "align": "center"}
        ),
        "total": book.add_format({**base, "italic": True}),
        "sign": book.add_format({**centered, "bold": True}),
        "sign_note": book.add_format({**centered, "italic": True}),
    }
    cols = data.columns
    keys = [c.key for c in cols]
    last = len(cols) - 1
    half = last // 2
    for index, key in enumerate(keys):
        sheet.set_column(index, index, WIDTHS[key])

    if data.superior:
        sheet.merge_range(0, 0, 0, half - 1, data.superior.upper(), fmt["superior"])
    sheet.merge_range(1, 0, 1, half - 1, data.issuer.upper(), fmt["issuer"])
    sheet.merge_range(2, 0, 2, half - 1, "*", fmt["superior"])
    sheet.merge_range(0, half, 0, last, PARTY_LINE, fmt["party"])
    sheet.merge_range(1, half, 1, last, f"{place}, {long_date_text(date)}", fmt["date"])
    row = 4
    sheet.merge_range(row, 0, row, last, data.title, fmt["title"])
    sheet.merge_range(row + 1, 0, row + 1, last, data.subtitle.upper(), fmt["subtitle"])
    notes = [f"Cấp quy hoạch: {data.level}. Áp dụng {data.rule_title}."]
    if len(data.decisions) == 1:
        notes.append(f"(Kèm theo {data.decisions[0]})")
    elif data.decisions:
        notes.append("(Theo các quyết định: " + "; ".join(data.decisions) + ")")
    notes.append(data.status_note)
    row += 2
    for line in notes:
        sheet.merge_range(row, 0, row, last, line, fmt["note"])
        row += 1

    row += 1
    header = row
    for index, column in enumerate(cols):
        sheet.write_string(row, index, column.header, fmt["head"])
    sheet.set_row(row, 32)
    row += 1
    for unit_number, unit in enumerate(data.groups, start=1):
        sheet.merge_range(
            row,
            0,
            row,
            last,
            neutralise(f"{roman(unit_number)}. {unit.name.upper()}"),
            fmt["unit"],
        )
        row += 1
        for post_number, post in enumerate(unit.posts, start=1):
            sheet.merge_range(
                row,
                0,
                row,
                last,
                neutralise(f"{post_number}. {post.title}"),
                fmt["post"],
            )
            row += 1
            for line in post.lines:
                for index, key in enumerate(keys):
                    if key == "number":
                        sheet.write_number(row, index, line.number, fmt["center"])
                        continue
                    value = str(getattr(line, key))
                    style = (
                        fmt["center"]
                        if key in ("birth", "gender", "source")
                        else fmt["cell"]
                    )
                    # write_string: a name starting with "=" stays text; the
                    # apostrophe keeps it so if the sheet is saved as CSV.
                    sheet.write_string(row, index, neutralise(value), style)
                row += 1
    if not data.groups:
        sheet.merge_range(
            row,
            0,
            row,
            last,
            "Chưa có cán bộ nào trong quy hoạch trong phạm vi này.",
            fmt["cell"],
        )
        row += 1
    row += 1
    sheet.write_string(row, 0, f"Tổng số: {data.line_count} lượt cán bộ.", fmt["total"])
    row += 2
    sheet.merge_range(row, 0, row, half - 1, "NGƯỜI LẬP DANH SÁCH", fmt["sign"])
    sheet.merge_range(row, half, row, last, "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ", fmt["sign"])
    sheet.merge_range(
        row + 1, 0, row + 1, half - 1, "(Ký, ghi rõ họ tên)", fmt["sign_note"]
    )
    sheet.merge_range(
        row + 1, half, row + 1, last, "(Ký tên, đóng dấu)", fmt["sign_note"]
    )

    sheet.repeat_rows(header)
    sheet.freeze_panes(header + 1, 0)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    book.close()
    return buffer.getvalue()
