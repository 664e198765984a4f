"""An official BTCTW table (a reports/official.py layout) as an XLSX workbook, in
the look of the other tables' workbooks (planning/report_xlsx.py): Times New Roman,
the reporting unit top left and the form's number top right, the title and
"(Số liệu tính đến ngày …)", each block's two rows of headings, its row of column
numbers and its lines, the notes, and the closing block (the preparer's signature
and phone, the head's signature and seal). Used for Biểu 8B and 9A; the other
tables keep the workbooks their apps write from the same data."""

from __future__ import annotations

import io
from decimal import Decimal

import xlsxwriter

from reports.official import Block, Form

FIGURE_COLUMN_CHARS = 11


class _Writer:
    def __init__(self, form: Form):
        self.form = form
        self.buffer = io.BytesIO()
        self.book = xlsxwriter.Workbook(self.buffer, {"in_memory": True})
        sheet_name = form.number.removesuffix("-BTCTW")[:31]
        self.sheet = self.book.add_worksheet(sheet_name)
        self.last = 1 + max(b.figure_columns for b in form.blocks)
        base = {"font_name": "Times New Roman", "font_size": 12}
        add = self.book.add_format
        self.fmt = {
            "unit": add({**base, "bold": True}),
            "form": add({**base, "bold": True, "align": "right"}),
            "title": add({**base, "bold": True, "font_size": 14, "align": "center"}),
            "center": add({**base, "italic": True, "align": "center"}),
            "caption": add({**base, "bold": True}),
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

        def cells(**extra):
            return {
                d: add(
                    {
                        **base,
                        "border": 1,
                        "bold": d <= 1,
                        "italic": d == 3,
                        **extra,
                    }
                )
                for d in range(4)
            }

        self.integer = cells()
        self.one_place = cells(num_format="0.0")
        self.two_places = cells(num_format="0.00")
        self.label = {
            d: add(
                {
                    **base,
                    "border": 1,
                    "bold": d <= 1,
                    "italic": d == 3,
                    "indent": min(d, 2),
                    "text_wrap": True,
                }
            )
            for d in range(4)
        }

    def heading(self, unit_name: str) -> int:
        s, last, f = self.sheet, self.last, self.fmt
        s.merge_range(0, 0, 0, 3, unit_name.upper(), f["unit"])
        s.merge_range(0, last - 2, 0, last, self.form.number, f["form"])
        s.merge_range(2, 0, 2, last, self.form.title.upper(), f["title"])
        s.merge_range(
            3,
            0,
            3,
            last,
            f"(Số liệu tính đến ngày {self.form.on:%d/%m/%Y})",
            f["center"],
        )
        row = 4
        if self.form.period:
            s.merge_range(row, 0, row, last, f"({self.form.period})", f["center"])
            row += 1
        return row + 1

    def block(self, block: Block, row: int) -> int:
        s, head = self.sheet, self.fmt["head"]
        if block.caption:
            s.write(row, 1, block.caption, self.fmt["caption"])
            row += 1
        s.merge_range(row, 0, row + 1, 0, "STT", head)
        s.merge_range(row, 1, row + 1, 1, block.stub, head)
        column = 2
        for heading in block.columns:
            if heading.children:
                if heading.span > 1:
                    s.merge_range(
                        row, column, row, column + heading.span - 1, heading.label, head
                    )
                else:
                    s.write(row, column, heading.label, head)
                for offset, child in enumerate(heading.children):
                    s.write(row + 1, column + offset, child, head)
            else:
                s.merge_range(row, column, row + 1, column, heading.label, head)
            column += heading.span
        s.set_row(row + 1, 64)
        row += 2
        if block.numbered:
            numbers = range(
                block.first_number, block.first_number + block.figure_columns
            )
            for column, text in enumerate(("A", "B", *(f"({n})" for n in numbers))):
                s.write(row, column, text, self.fmt["number"])
            row += 1
        for line in block.lines:
            depth = min(max(line.depth, 0), 3)
            s.write(row, 0, line.number, self.integer[depth])
            s.write(row, 1, line.label, self.label[depth])
            for column, value in enumerate(line.values, start=2):
                if value is None:
                    s.write_blank(row, column, None, self.integer[depth])
                elif isinstance(value, Decimal):
                    s.write_number(row, column, float(value), self.two_places[depth])
                elif isinstance(value, float):
                    s.write_number(row, column, value, self.one_place[depth])
                else:
                    s.write_number(row, column, value, self.integer[depth])
            row += 1
        return row + 1

    def notes(self, row: int) -> int:
        for note in self.form.notes:
            self.sheet.merge_range(row, 0, row + 1, self.last, note, self.fmt["note"])
            row += 2
        return row

    def signatures(self, row: int, preparer: str) -> None:
        s, last, f = self.sheet, self.last, self.fmt
        left = max(last - 3, 4)
        s.merge_range(row, 0, row, 3, "NGƯỜI LẬP BIỂU", f["sign"])
        s.merge_range(row, left, row, last, "…, ngày … tháng … năm …", f["center"])
        s.merge_range(row + 1, 0, row + 1, 3, "(Ký, ghi rõ họ tên)", f["center"])
        s.merge_range(row + 1, left, row + 1, last, "THỦ TRƯỞNG ĐƠN VỊ", f["sign"])
        s.merge_range(row + 2, left, row + 2, last, "(Ký tên, đóng dấu)", f["center"])
        s.merge_range(row + 5, 0, row + 5, 3, preparer, f["sign"])
        s.merge_range(row + 6, 0, row + 6, 3, "Số điện thoại: ………………", f["center"])

    def close(self, label_chars: float) -> bytes:
        s = self.sheet
        s.set_column(0, 0, 6)
        s.set_column(1, 1, label_chars)
        s.set_column(2, self.last, FIGURE_COLUMN_CHARS)
        s.set_landscape()
        s.set_paper(9)  # A4
        s.fit_to_pages(1, 0)
        self.book.close()
        return self.buffer.getvalue()


def build_form_xlsx(form: Form, *, unit_name: str, preparer: str = "") -> bytes:
    """The form as a one-sheet workbook, as bytes."""
    out = _Writer(form)
    row = out.heading(unit_name)
    for block in form.blocks:
        row = out.block(block, row)
    row = out.notes(row)
    out.signatures(row + 1, preparer)
    widest = max(b.label_width for b in form.blocks)
    return out.close(label_chars=max(widest * 0.6, 30))
