"""The official BTCTW tables (reports/official.py layouts) printed on A4 landscape,
on the reports.pdf foundation (DejaVu Sans for Vietnamese, the footer naming who
printed the document and when, with "Trang x/y"):

- the heading: the reporting unit top left; "ĐẢNG CỘNG SẢN VIỆT NAM" and the
  form's number ("Biểu 12B-BTCTW") top right;
- the title, "Tính đến ngày dd/mm/yyyy" and the period where there is one;
- each block of the table: two rows of headings (a group spans its
  sub-columns), the row of column numbers (A, B, (1), (2), …), the lines; the
  headings repeat on every page the table runs onto;
- the notes, then the signature block: "Người lập biểu" (signature, name and
  phone) and "Thủ trưởng đơn vị" (signature and seal), kept on one page.

`form_flowables` is everything but the signature block, for a document that
gathers several tables (the whole report of a snapshot); `build_form_pdf` is the
table on its own. Nothing here reads the database.

The tables are a few dozen lines, so they use reportlab's own Table (which lays
out spanned headings and repeats them on a new page), not reports.pdf's
PagedTable, which is for lists of thousands of lines and has no spans."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

from reports import pdf
from reports.official import Block, Form, Line

ORIENTATION = "landscape"
# reportlab's frames keep 6 points of padding on each side inside the margins.
FRAME_PADDING = 6


def page_width() -> float:
    """The width a table may take on an A4 landscape page of reports.pdf."""
    return pdf.frame_width(ORIENTATION) - 2 * FRAME_PADDING


NUMBER_WIDTH = 9 * mm
FIGURE_SIZE = 7.5
LEADING = 9
PREPARER = "NGƯỜI LẬP BIỂU"
HEAD = "THỦ TRƯỞNG ĐƠN VỊ"

_styles: dict[str, ParagraphStyle] = {}


def _style(name: str) -> ParagraphStyle:
    if not _styles:
        pdf.register_fonts()
        base = ParagraphStyle(
            "official", fontName=pdf.FONT, fontSize=FIGURE_SIZE, leading=LEADING
        )
        head = ParagraphStyle(
            "official_head",
            base,
            fontName=pdf.FONT_BOLD,
            fontSize=6.5,
            leading=8,
            alignment=TA_CENTER,
        )
        _styles.update(
            head=head,
            label0=ParagraphStyle("label0", base, fontName=pdf.FONT_BOLD),
            label1=ParagraphStyle("label1", base, fontName=pdf.FONT_BOLD),
            label2=ParagraphStyle("label2", base, leftIndent=6),
            label3=ParagraphStyle(
                "label3", base, fontName=pdf.FONT_OBLIQUE, leftIndent=10
            ),
            caption=ParagraphStyle(
                "caption", base, fontName=pdf.FONT_BOLD, fontSize=9, leading=12
            ),
            note=ParagraphStyle(
                "note", base, fontName=pdf.FONT_OBLIQUE, alignment=TA_LEFT
            ),
            unit=ParagraphStyle(
                "unit",
                base,
                fontName=pdf.FONT_BOLD,
                fontSize=10,
                leading=13,
                alignment=TA_CENTER,
            ),
            center=ParagraphStyle(
                "center", base, fontSize=10, leading=13, alignment=TA_CENTER
            ),
        )
    return _styles[name]


def _para(value, style: str) -> Paragraph:
    return Paragraph(pdf.text(value).replace("\n", "<br/>"), _style(style))


def value_text(value) -> str:
    """A figure as printed: 1.234 (a count), 12,5 (a percentage), 41,3 (a Decimal
    keeps its places); empty for None."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "x" if value else ""
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    if isinstance(value, Decimal):
        return str(value).replace(".", ",")
    return pdf.plain(value)


# --- The table ----------------------------------------------------------------------


def block_table(block: Block, *, width: float) -> Table:
    """One block of a form as a gridded table whose headings repeat on each page."""
    total = block.width * mm if block.width else width
    label = block.label_width * mm
    count = block.figure_columns
    figure = (total - NUMBER_WIDTH - label) / max(count, 1)
    widths = [NUMBER_WIDTH, label, *([figure] * count)]
    top = [_para("STT", "head"), _para(block.stub, "head")]
    under: list = ["", ""]
    spans = [((0, 0), (0, 1)), ((1, 0), (1, 1))]
    column = 2
    for heading in block.columns:
        top.append(_para(heading.label, "head"))
        if heading.children:
            top += [""] * (heading.span - 1)
            under += [_para(child, "head") for child in heading.children]
            spans.append(((column, 0), (column + heading.span - 1, 0)))
        else:
            under.append("")
            spans.append(((column, 0), (column, 1)))
        column += heading.span
    header = [top, under]
    if block.numbered:
        numbers = range(block.first_number, block.first_number + count)
        header.append(["A", "B", *(f"({n})" for n in numbers)])
    rows = header + [_line(line) for line in block.lines]
    head = len(header)
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.4, pdf.GRID),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, 1), pdf.HEAD_BACKGROUND),
        ("FONT", (0, 0), (-1, -1), pdf.FONT, FIGURE_SIZE, LEADING),
        ("ALIGN", (0, 0), (0, -1), "CENTER"),
        ("ALIGN", (2, head), (-1, -1), "RIGHT"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
        ("TOPPADDING", (0, 0), (-1, -1), 1.2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.6),
        *(("SPAN", start, end) for start, end in spans),
    ]
    if block.numbered:
        commands += [
            ("FONT", (0, 2), (-1, 2), pdf.FONT_OBLIQUE, 7, 8.5),
            ("ALIGN", (0, 2), (-1, 2), "CENTER"),
        ]
    for index, line in enumerate(block.lines, start=head):
        if line.depth <= 1:
            commands.append(("FONT", (0, index), (-1, index), pdf.FONT_BOLD))
        elif line.depth == 3:
            commands.append(("FONT", (0, index), (-1, index), pdf.FONT_OBLIQUE))
    table = Table(rows, colWidths=widths, repeatRows=head, hAlign="LEFT")
    table.setStyle(TableStyle(commands))
    return table


def _line(line: Line) -> list:
    return [
        pdf.plain(line.number),
        _para(line.label, f"label{min(max(line.depth, 0), 3)}"),
        *(value_text(value) for value in line.values),
    ]


# --- The page furniture --------------------------------------------------------------


def _heading(form: Form, *, unit_name: str, width: float) -> Table:
    left = [_para(unit_name.upper(), "unit"), _para("*", "center")]
    right = [
        Paragraph(f"<u>{pdf.text(pdf.PARTY_LINE)}</u>", _style("unit")),
        _para(form.number, "unit"),
    ]
    table = Table([[left, right]], colWidths=[width * 0.45, width * 0.55])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def form_flowables(form: Form, *, unit_name: str, width: float | None = None) -> list:
    """The form's heading, title, date, tables and notes (no signature block), for
    a frame `width` wide (default: A4 landscape between the margins)."""
    width = width or page_width()
    story = [
        _heading(form, unit_name=unit_name, width=width),
        Spacer(1, 2 * mm),
        pdf.para(form.title.upper(), "title"),
        pdf.para(f"Tính đến ngày {pdf.date_text(form.on)}", "italic_center"),
    ]
    if form.period:
        story.append(pdf.para(f"({form.period})", "italic_center"))
    story.append(Spacer(1, 3 * mm))
    for block in form.blocks:
        if block.caption:
            story.append(_para(block.caption, "caption"))
            story.append(Spacer(1, 1.5 * mm))
        story.append(block_table(block, width=width))
        story.append(Spacer(1, 3 * mm))
    for note in form.notes:
        story.append(_para(note, "note"))
        story.append(Spacer(1, 1.5 * mm))
    return story


def signature_block(*, preparer: str, width: float) -> Table:
    """Người lập biểu (signature, name, phone) and the head of the unit (signature
    and seal), as DOMAIN.md §11.2 closes every table."""
    left = [
        pdf.para(PREPARER, "sign_title"),
        pdf.para("(Ký, ghi rõ họ tên)", "sign_note"),
        Spacer(1, 12 * mm),
        pdf.para(preparer, "sign_title"),
        pdf.para("Số điện thoại: ………………", "sign_note"),
    ]
    right = [
        pdf.para("…………, ngày … tháng … năm ……", "italic_center"),
        pdf.para(HEAD, "sign_title"),
        pdf.para("(Ký tên, đóng dấu)", "sign_note"),
    ]
    table = Table([[left, right]], colWidths=[width * 0.45, width * 0.55])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def build_form_pdf(
    form: Form,
    *,
    unit_name: str,
    preparer: str,
    printed: pdf.PrintInfo | None = None,
) -> bytes:
    """The form on its own, signed off, as PDF bytes. `printed` defaults to the
    preparer, now (a snapshot's file is printed by its owner when it is made)."""
    width = page_width()
    printed = printed or pdf.PrintInfo(
        printed_by=preparer, printed_at=timezone.localtime()
    )
    story = form_flowables(form, unit_name=unit_name, width=width)
    story.append(
        KeepTogether(
            [Spacer(1, 4 * mm), signature_block(preparer=preparer, width=width)]
        )
    )
    return pdf.render(
        story,
        printed=printed,
        title=f"{form.number}: {form.title}",
        subject=unit_name,
        orientation=ORIENTATION,
    )
