"""Sơ yếu lý lịch (Mẫu 2C-BNV/2008) as a PDF, A4 portrait: the managing and using
bodies with the form code and số hiệu at the top, the photo slot with the title
and items 1-5 beside it, the other items, the histories as gridded tables whose
header rows repeat on each page, the note on the sensitive items left out, and the
two signatures (Người khai; the unit's certification). Built from
`reports.resume.Resume` (no ORM) on the reports.pdf foundation."""

from __future__ import annotations

import io

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from reports import pdf
from reports.resume import (
    FORM_CODE,
    FORM_ISSUED_BY,
    TITLE,
    Heading,
    Item,
    Line,
    Resume,
    Text,
)
from reports.resume import Table as HistoryTable

ORIENTATION = "portrait"
PHOTO_WIDTH = 30 * mm  # the 3×4 cm photo slot
PHOTO_HEIGHT = 40 * mm
PHOTO_COLUMN = 36 * mm
HIDDEN_MARK = "không in (xem ghi chú cuối)"


class PhotoSlot(Flowable):
    """The 3×4 box of the form: the person's photo when there is one, else an empty
    frame saying what goes there."""

    def __init__(self, photo: bytes | None = None):
        super().__init__()
        self.photo = photo
        self.width, self.height = PHOTO_WIDTH, PHOTO_HEIGHT

    def wrap(self, availWidth, availHeight):
        return self.width, self.height

    def draw(self):
        canvas = self.canv
        canvas.saveState()
        if self.photo:
            canvas.drawImage(
                ImageReader(io.BytesIO(self.photo)),
                0,
                0,
                self.width,
                self.height,
                preserveAspectRatio=True,
                anchor="c",
            )
        else:
            canvas.setFont(pdf.FONT, 8)
            canvas.setFillColor(pdf.GRID)
            middle = self.width / 2
            canvas.drawCentredString(middle, self.height / 2 + 4, "Ảnh màu")
            canvas.drawCentredString(middle, self.height / 2 - 7, "(3 × 4 cm)")
        canvas.setStrokeColor(pdf.GRID)
        canvas.setLineWidth(0.6)
        canvas.rect(0, 0, self.width, self.height)
        canvas.restoreState()


def _styles() -> dict[str, ParagraphStyle]:
    base = pdf.style("normal")  # registers the fonts
    item = ParagraphStyle("resume_item", base, fontSize=9.5, leading=12.5, spaceAfter=2)
    return {
        "item": item,
        "part": ParagraphStyle(
            "resume_part",
            item,
            fontName=pdf.FONT_BOLD,
            spaceBefore=5,
            spaceAfter=3,
        ),
        "caption": ParagraphStyle(
            "resume_caption",
            item,
            fontName=pdf.FONT_OBLIQUE,
            fontSize=8.5,
            spaceBefore=3,
        ),
        "answer": ParagraphStyle("resume_answer", item, leftIndent=8 * mm),
        "head": ParagraphStyle("resume_head", base, fontSize=9, leading=12),
        "form": ParagraphStyle(
            "resume_form", base, fontSize=9, leading=12, alignment=TA_CENTER
        ),
        "note": ParagraphStyle(
            "resume_note", base, fontName=pdf.FONT_OBLIQUE, fontSize=8.5, leading=11
        ),
    }


def _item(item: Item) -> str:
    label = f"{item.number}) {item.label}" if item.number else item.label
    return f"{pdf.text(label)}: <b>{pdf.text(item.value)}</b>"


def _line(line: Line, style: ParagraphStyle) -> Paragraph:
    return Paragraph(" &nbsp;&nbsp; ".join(_item(i) for i in line.items), style)


def _top(data: Resume, styles, width: float) -> Table:
    left = [
        Paragraph(
            "Cơ quan, đơn vị có thẩm quyền quản lý CBCC: "
            f"<b>{pdf.text(data.managing_body or '…………')}</b>",
            styles["head"],
        ),
        Paragraph(
            f"Cơ quan, đơn vị sử dụng CBCC: <b>{pdf.text(data.using_unit or '…………')}</b>",
            styles["head"],
        ),
    ]
    right = [
        Paragraph(f"<b>{pdf.text(FORM_CODE)}</b>", styles["form"]),
        Paragraph(f"<i>{pdf.text(FORM_ISSUED_BY)}</i>", styles["form"]),
        Spacer(1, 3),
        Paragraph(
            "Số hiệu cán bộ, công chức: "
            f"<b>{pdf.text(data.personnel_code or '…………')}</b>",
            styles["form"],
        ),
    ]
    table = Table([[left, right]], colWidths=[width * 0.6, width * 0.4])
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


def _photo_and_title(data: Resume, styles, width: float) -> Table:
    beside = [
        pdf.para(TITLE, "title"),
        Spacer(1, 4 * mm),
        *(_line(line, styles["item"]) for line in data.beside_photo),
    ]
    table = Table(
        [[PhotoSlot(data.photo), beside]],
        colWidths=[PHOTO_COLUMN, width - PHOTO_COLUMN],
    )
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


def _history(block: HistoryTable, styles) -> list[Flowable]:
    story: list[Flowable] = []
    if block.caption:
        story.append(Paragraph(pdf.text(block.caption) + ":", styles["caption"]))
    if not block.rows:
        story.append(Paragraph(f"<i>{pdf.text(block.empty)}</i>", styles["answer"]))
        return story
    rows: list[list] = [pdf.heading_cells(block.columns)]
    blank = [""] * (len(block.columns) - 1)
    groups = []
    group_set = set(block.groups)
    for index, row in enumerate(block.rows):
        if index in group_set:
            groups.append(len(rows))
            rows.append([pdf.para(row[0], "cell_bold")] + blank)
        else:
            rows.append([pdf.cell(value) for value in row])
    story.append(
        pdf.data_table(
            rows,
            col_widths=[w * mm for w in block.widths],
            group_rows=groups,
            centered_columns=block.centered,
        )
    )
    story.append(Spacer(1, 2 * mm))
    return story


def _blocks(data: Resume, styles) -> list[Flowable]:
    story: list[Flowable] = []
    for block in data.blocks:
        if isinstance(block, Line):
            story.append(_line(block, styles["item"]))
        elif isinstance(block, Heading):
            title = f"{block.number}) {block.title}" if block.number else block.title
            body = f"<b>{pdf.text(title)}</b>"
            if block.hidden:
                body += f": <i>{pdf.text(HIDDEN_MARK)}</i>"
            # A part's title never ends a page alone.
            story += [CondPageBreak(45 * mm), Paragraph(body, styles["part"])]
        elif isinstance(block, HistoryTable):
            story += _history(block, styles)
        elif isinstance(block, Text):
            if block.label:
                story.append(Paragraph(pdf.text(block.label) + ":", styles["item"]))
            story.append(
                Paragraph(
                    "<b>" + pdf.text(block.value).replace("\n", "<br/>") + "</b>",
                    styles["answer"],
                )
            )
    return story


def build_resume_pdf(data: Resume, *, printed: pdf.PrintInfo) -> bytes:
    """The résumé as PDF bytes."""
    width = pdf.frame_width(ORIENTATION)
    styles = _styles()
    story: list[Flowable] = [
        _top(data, styles, width),
        Spacer(1, 5 * mm),
        _photo_and_title(data, styles, width),
        Spacer(1, 3 * mm),
        *_blocks(data, styles),
    ]
    closing: list[Flowable] = [Spacer(1, 4 * mm)]
    if data.sensitive_note:
        closing.append(Paragraph(pdf.text(data.sensitive_note), styles["note"]))
        closing.append(Spacer(1, 2 * mm))
    closing.append(
        Paragraph(
            "Tôi xin cam đoan những lời khai trên đây là đúng sự thật và chịu trách "
            "nhiệm về những lời khai của mình.",
            styles["note"],
        )
    )
    closing.append(Spacer(1, 3 * mm))
    closing.append(
        pdf.signature_block(
            [
                pdf.Signer(
                    title="NGƯỜI KHAI",
                    above="\u00a0",
                    note="(Ký tên, ghi rõ họ tên)",
                    name=data.full_name,
                ),
                pdf.Signer(
                    title="XÁC NHẬN CỦA CƠ QUAN, ĐƠN VỊ\nQUẢN LÝ VÀ SỬ DỤNG CBCC",
                    above="…………, ngày …… tháng …… năm ……",
                    note="(Thủ trưởng ký tên, đóng dấu)",
                ),
            ],
            width=width,
        )
    )
    story.append(KeepTogether(closing))
    return pdf.render(
        story,
        printed=printed,
        title=f"Sơ yếu lý lịch - {data.full_name}",
        subject=data.using_unit,
        orientation=ORIENTATION,
    )
