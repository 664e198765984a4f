"""The foundation of every printed document (reportlab platypus): DejaVu Sans for
Vietnamese, the Party document heading, a footer on every page naming who printed
it and when with "Trang x/y", tables whose header rows repeat on each page, and the
signature block. Builders elsewhere (`build_<report>_pdf(data) -> bytes`) take plain
data and call `render`; nothing here touches the ORM.

Text goes into Paragraphs through `para`, which escapes it: reportlab's Paragraph
reads its text as markup, so a name such as "<b>An</b>" would otherwise print bold
(or break the build on a stray "&"). Table cells take `cell` (wrapping plain text)
or `plain` (one line), which are drawn as text and never parsed."""

from __future__ import annotations

import datetime as dt
import io
import threading
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from django.conf import settings
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape, portrait
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as pdf_canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

DEFAULT_FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_OBLIQUE = "DejaVuSans-Oblique"
FONT_BOLD_OBLIQUE = "DejaVuSans-BoldOblique"
# The three faces every document needs; bold oblique is used when present.
FONT_FILES = {
    FONT: "DejaVuSans.ttf",
    FONT_BOLD: "DejaVuSans-Bold.ttf",
    FONT_OBLIQUE: "DejaVuSans-Oblique.ttf",
}
BOLD_OBLIQUE_FILE = "DejaVuSans-BoldOblique.ttf"
PARTY_LINE = "ĐẢNG CỘNG SẢN VIỆT NAM"
MARGIN = 15 * mm
FOOTER_SIZE = 7.5
GRID = colors.HexColor("#555555")
HEAD_BACKGROUND = colors.HexColor("#E8ECF1")
GROUP_BACKGROUND = colors.HexColor("#F4F6F8")


class PdfFontMissing(Exception):
    """The TTF font with Vietnamese glyphs is not installed: no PDF can be made."""


_lock = threading.Lock()
_registered_dir: Path | None = None


def font_dir() -> Path:
    """Where the DejaVu TTF files are read from (settings.PDF_FONT_DIR)."""
    return Path(getattr(settings, "PDF_FONT_DIR", None) or DEFAULT_FONT_DIR)


def missing_font_files(directory: Path | None = None) -> list[Path]:
    """The required font files absent from the directory (empty when all are there)."""
    directory = directory or font_dir()
    return [
        directory / name
        for name in FONT_FILES.values()
        if not (directory / name).is_file()
    ]


def register_fonts() -> None:
    """Register DejaVu Sans with reportlab, once per process and font folder.

    Raises PdfFontMissing with what to install when a file is absent: reportlab's
    built-in Helvetica has no Vietnamese glyphs, so printing on without it would
    give black boxes instead of "Nguyễn"."""
    global _registered_dir
    directory = font_dir()
    if _registered_dir == directory:
        return
    with _lock:
        if _registered_dir == directory:
            return
        missing = missing_font_files(directory)
        if missing:
            raise PdfFontMissing(
                "Không tìm thấy phông chữ DejaVu Sans để in tiếng Việt ("
                + ", ".join(str(p) for p in missing)
                + "). Quản trị hệ thống cần cài gói fonts-dejavu-core "
                "(apt-get install fonts-dejavu-core) hoặc đặt biến PDF_FONT_DIR "
                "trỏ tới thư mục chứa các tệp DejaVuSans*.ttf."
            )
        try:
            for name, filename in FONT_FILES.items():
                pdfmetrics.registerFont(TTFont(name, str(directory / filename)))
            bold_oblique = FONT_BOLD
            if (directory / BOLD_OBLIQUE_FILE).is_file():
                pdfmetrics.registerFont(
                    TTFont(FONT_BOLD_OBLIQUE, str(directory / BOLD_OBLIQUE_FILE))
                )
                bold_oblique = FONT_BOLD_OBLIQUE
        except Exception as error:  # a truncated or foreign file
            raise PdfFontMissing(
                f"Không đọc được phông chữ DejaVu Sans trong {directory}: {error}. "
                "Hãy cài lại gói fonts-dejavu-core."
            ) from error
        # <b> and <i> inside a Paragraph pick the matching face.
        pdfmetrics.registerFontFamily(
            FONT,
            normal=FONT,
            bold=FONT_BOLD,
            italic=FONT_OBLIQUE,
            boldItalic=bold_oblique,
        )
        _registered_dir = directory
        _styles.clear()


# --- Text ---------------------------------------------------------------------------

_styles: dict[str, ParagraphStyle] = {}


def style(name: str) -> ParagraphStyle:
    """A paragraph style of the house set (normal, small, cell, cell_bold, cell_center,
    head, group, title, subtitle, italic_center, sign_title, sign_note, right;
    heading, subheading, cover_title, chart_title, note for reports)."""
    if not _styles:
        register_fonts()  # the styles name its faces
        base = ParagraphStyle("normal", fontName=FONT, fontSize=10, leading=13)
        cell = ParagraphStyle("cell", base, fontSize=8.5, leading=10.5)
        _styles.update(
            normal=base,
            small=ParagraphStyle("small", base, fontSize=8, leading=10),
            right=ParagraphStyle("right", base, alignment=TA_RIGHT),
            cell=cell,
            cell_bold=ParagraphStyle("cell_bold", cell, fontName=FONT_BOLD),
            cell_center=ParagraphStyle("cell_center", cell, alignment=TA_CENTER),
            head=ParagraphStyle("head", cell, fontName=FONT_BOLD, alignment=TA_CENTER),
            group=ParagraphStyle("group", cell, fontName=FONT_BOLD, fontSize=9),
            title=ParagraphStyle(
                "title",
                base,
                fontName=FONT_BOLD,
                fontSize=13,
                leading=17,
                alignment=TA_CENTER,
            ),
            subtitle=ParagraphStyle(
                "subtitle", base, fontName=FONT_BOLD, alignment=TA_CENTER
            ),
            italic_center=ParagraphStyle(
                "italic_center", base, fontName=FONT_OBLIQUE, alignment=TA_CENTER
            ),
            heading_left=ParagraphStyle(
                "heading_left", base, alignment=TA_CENTER, leading=13
            ),
            sign_title=ParagraphStyle(
                "sign_title", base, fontName=FONT_BOLD, alignment=TA_CENTER
            ),
            sign_note=ParagraphStyle(
                "sign_note",
                base,
                fontName=FONT_OBLIQUE,
                fontSize=9,
                alignment=TA_CENTER,
            ),
            left=ParagraphStyle("left", base, alignment=TA_LEFT),
            # A report's section headings, cover title, chart titles and notes.
            heading=ParagraphStyle(
                "heading",
                base,
                fontName=FONT_BOLD,
                fontSize=11.5,
                leading=15,
                spaceBefore=4,
                spaceAfter=6,
            ),
            cover_title=ParagraphStyle(
                "cover_title",
                base,
                fontName=FONT_BOLD,
                fontSize=18,
                leading=24,
                alignment=TA_CENTER,
            ),
            subheading=ParagraphStyle(
                "subheading",
                base,
                fontName=FONT_BOLD,
                fontSize=10.5,
                leading=14,
                spaceBefore=2,
                spaceAfter=4,
            ),
            chart_title=ParagraphStyle(
                "chart_title", base, fontName=FONT_BOLD, fontSize=10
            ),
            note=ParagraphStyle(
                "note", base, fontSize=9, leading=12, spaceAfter=4, alignment=TA_JUSTIFY
            ),
        )
    return _styles[name]


def text(value) -> str:
    """Escaped, NFC-composed text for a Paragraph: decomposed diacritics (NFD, as
    some imports bring them) would print as separate marks."""
    if value is None:
        return ""
    return escape(unicodedata.normalize("NFC", str(value)))


def para(value, style_name: str = "normal", *, markup: str = "") -> Paragraph:
    """A paragraph of plain text (escaped). `markup` wraps it in trusted tags, e.g.
    "b" or "i"."""
    body = text(value).replace("\n", "<br/>")
    if markup:
        body = f"<{markup}>{body}</{markup}>"
    return Paragraph(body, style(style_name))


class Wrap(str):
    """Plain text for a table cell, broken into lines at the column's width when the
    table is measured. It is drawn as text, never read as markup, and lays out
    several times faster than a Paragraph (a 1,500-line list: about 3× faster)."""


def plain(value) -> str:
    """A one-line table cell (a number, a date): NFC text, drawn as it is."""
    return "" if value is None else unicodedata.normalize("NFC", str(value))


def cell(value) -> Wrap:
    """A wrapping table cell of plain text (NFC), the empty string for None."""
    if value is None:
        return Wrap("")
    return Wrap(unicodedata.normalize("NFC", str(value)))


def date_text(value: dt.date | None) -> str:
    """dd/mm/yyyy, or the empty string."""
    if value is None:
        return ""
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


def long_date_text(value: dt.date) -> str:
    """'ngày 05 tháng 12 năm 2026', as Party and State documents write dates."""
    return f"ngày {value.day:02d} tháng {value.month:02d} năm {value.year}"


# --- Page furniture ----------------------------------------------------------------


@dataclass(frozen=True)
class PrintInfo:
    """Who printed the document and when (local time): shown in every page's footer.
    `automatic`: no one printed it; the system made it (a periodic report's file)."""

    printed_by: str
    printed_at: dt.datetime
    automatic: bool = False

    @property
    def footer(self) -> str:
        if self.automatic:
            return f"Lập tự động lúc {self.printed_at:%d/%m/%Y %H:%M}"
        return f"In bởi {self.printed_by} lúc {self.printed_at:%d/%m/%Y %H:%M}"


@dataclass(frozen=True)
class Letterhead:
    """The heading of a Party document: the issuing body (under its superior) on the
    left with the document number, "ĐẢNG CỘNG SẢN VIỆT NAM" and the place and date
    on the right."""

    unit: str
    date: dt.date
    superior: str = ""
    place: str = "…………"
    number: str = ""


def letterhead(head: Letterhead, *, width: float) -> Table:
    """The two-column heading as a borderless table."""
    left = []
    if head.superior:
        left.append(para(head.superior.upper(), "heading_left"))
    left.append(para(head.unit.upper(), "heading_left", markup="b"))
    left.append(para("*", "heading_left"))
    if head.number:
        left.append(para(head.number, "heading_left"))
    right = [
        Paragraph(f"<u>{text(PARTY_LINE)}</u>", style("sign_title")),
        Spacer(1, 4),
        para(f"{head.place}, {long_date_text(head.date)}", "italic_center"),
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


@dataclass(frozen=True)
class Signer:
    """One column of a signature block: 'T/M BAN THƯỜNG VỤ' / 'TRƯỞNG BAN' ..."""

    title: str
    note: str = "(Ký, ghi rõ họ tên)"
    name: str = ""
    above: str = ""  # e.g. the place and date line over the right-hand signer


def signature_block(signers: Sequence[Signer], *, width: float) -> Table:
    """Signers side by side, with room to sign above the printed name; kept on one
    page."""
    columns = []
    for signer in signers:
        flow = []
        if signer.above:
            flow.append(para(signer.above, "italic_center"))
        flow += [para(title, "sign_title") for title in signer.title.split("\n")]
        if signer.note:
            flow.append(para(signer.note, "sign_note"))
        flow.append(Spacer(1, 22 * mm))
        if signer.name:
            flow.append(para(signer.name, "sign_title"))
        columns.append(flow)
    table = Table([columns], colWidths=[width / len(signers)] * len(signers))
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


CELL_PADDING = (3, 2, 3, 3)  # left, top, right, bottom (points)
CELL_LEADING = 10.5
CELL_SIZE = 8.5


def data_table(
    rows: list[list],
    *,
    col_widths: Sequence[float],
    header_rows: int = 1,
    group_rows: Sequence[int] = (),
    centered_columns: Sequence[int] = (),
) -> PagedTable:
    """A gridded table whose first `header_rows` rows repeat on every page; each row
    index in `group_rows` spans the whole width (a unit or post heading) and is
    never left alone at the foot of a page. Cells are Paragraphs
    (`para`), `Wrap` text (`cell`, broken to the column's width) or plain strings
    (one line, or several split on newlines)."""
    left, top, right, bottom = CELL_PADDING
    commands = [
        ("FONT", (0, 0), (-1, -1), FONT, CELL_SIZE, CELL_LEADING),
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("VALIGN", (0, 0), (-1, header_rows - 1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), HEAD_BACKGROUND),
        ("FONT", (0, 0), (-1, header_rows - 1), FONT_BOLD, CELL_SIZE, CELL_LEADING),
        ("ALIGN", (0, 0), (-1, header_rows - 1), "CENTER"),
        ("LEFTPADDING", (0, 0), (-1, -1), left),
        ("TOPPADDING", (0, 0), (-1, -1), top),
        ("RIGHTPADDING", (0, 0), (-1, -1), right),
        ("BOTTOMPADDING", (0, 0), (-1, -1), bottom),
    ]
    for column in centered_columns:
        commands.append(("ALIGN", (column, header_rows), (column, -1), "CENTER"))
    return PagedTable(
        rows,
        col_widths=col_widths,
        header_rows=header_rows,
        group_rows=group_rows,
        commands=commands,
    )


class PagedTable(Flowable):
    """A long table laid out in linear time.

    reportlab's Table (and LongTable) measures every remaining row again at each
    page break, and sums the heights row by row as it goes: a 1,500-line list took
    20 s. Here each row is measured once; a page takes the rows that fit by those
    heights and becomes a small Table with fixed row heights (nothing to measure
    again), its header rows first. The rest carries over as another PagedTable
    sharing the measurements."""

    def __init__(
        self,
        rows: list[list],
        *,
        col_widths: Sequence[float],
        header_rows: int,
        group_rows: Sequence[int],
        commands: list,
        _shared: dict | None = None,
        _start: int | None = None,
    ):
        super().__init__()
        self._rows = rows
        self._widths = list(col_widths)
        self._header = header_rows
        self._groups = frozenset(group_rows)
        self._commands = commands
        self._shared = {} if _shared is None else _shared
        self._start = header_rows if _start is None else _start

    # Measuring ------------------------------------------------------------------

    def _heights(self) -> list[float]:
        if "heights" not in self._shared:
            heights = [self._row_height(i, row) for i, row in enumerate(self._rows)]
            # rest[i]: the height of rows i.. to the end, for wrap() at any page.
            rest = [0.0] * (len(heights) + 1)
            for i in range(len(heights) - 1, -1, -1):
                rest[i] = rest[i + 1] + heights[i]
            self._shared["heights"] = heights
            self._shared["rest"] = rest
        return self._shared["heights"]

    def _row_height(self, index: int, row: list) -> float:
        left, top, right, bottom = CELL_PADDING
        if index in self._groups:
            cells = [(row[0], sum(self._widths))]
        else:
            cells = zip(row, self._widths, strict=True)
        tallest = 0.0
        for column, (value, width) in enumerate(cells):
            if isinstance(value, Wrap):
                lines = simpleSplit(value, FONT, CELL_SIZE, width - left - right)
                row[column] = "\n".join(lines)
                height = CELL_LEADING * max(len(lines), 1)
            elif isinstance(value, Flowable):
                height = value.wrap(width - left - right, 1e6)[1]
            else:
                height = CELL_LEADING * (str(value).count("\n") + 1)
            tallest = max(tallest, height)
        return tallest + top + bottom

    def wrap(self, availWidth, availHeight):
        heights = self._heights()
        rest = self._shared["rest"]
        self.width = sum(self._widths)
        self.height = sum(heights[: self._header]) + rest[self._start]
        return self.width, self.height

    def split(self, availWidth, availHeight):
        heights = self._heights()
        room = availHeight - sum(heights[: self._header])
        end, used, total = self._start, 0.0, len(self._rows)
        while end < total and used + heights[end] <= room + 1e-6:
            used += heights[end]
            end += 1
        if end == total:
            return [self._page(self._start, total)]
        fitted = end
        # A unit or post heading goes over to the next page with its first line.
        while end > self._start and (end - 1) in self._groups:
            end -= 1
        if end == self._start:
            if fitted == self._start:
                return []  # not even one row here: the frame moves on
            end = fitted
        rest = PagedTable(
            self._rows,
            col_widths=self._widths,
            header_rows=self._header,
            group_rows=self._groups,
            commands=self._commands,
            _shared=self._shared,
            _start=end,
        )
        return [self._page(self._start, end), rest]

    def draw(self):
        page = self._page(self._start, len(self._rows))
        page.wrapOn(self.canv, self.width, self.height)
        page.drawOn(self.canv, 0, 0)

    def _page(self, start: int, end: int) -> Table:
        heights = self._heights()
        head = self._header
        commands = list(self._commands)
        for index in range(start, end):
            if index in self._groups:
                at = index - start + head
                commands += [
                    ("SPAN", (0, at), (-1, at)),
                    ("BACKGROUND", (0, at), (-1, at), GROUP_BACKGROUND),
                ]
        table = Table(
            self._rows[:head] + self._rows[start:end],
            colWidths=self._widths,
            rowHeights=heights[:head] + heights[start:end],
        )
        table.setStyle(TableStyle(commands))
        return table


def heading_cells(labels: Sequence[str]) -> list[Paragraph]:
    """Header cells that wrap ("Trình độ chuyên môn" in a narrow column)."""
    return [para(label, "head") for label in labels]


class _FooterCanvas(pdf_canvas.Canvas):
    """Holds every page until the end so the footer can say "Trang x/y", and so
    that a flowable may draw on its page once the whole document is laid out
    (`after_layout`: a contents list writing the page numbers of later headings)."""

    footer_text = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []
        self._after_layout: dict[int, list] = {}

    def after_layout(self, callback) -> None:
        """Call `callback(canvas)` on the current page when every page is laid out;
        it draws in the page's own coordinates (`absolutePosition`)."""
        self._after_layout.setdefault(len(self._pages), []).append(callback)

    def showPage(self):
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        after_layout = self._after_layout
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            for callback in after_layout.get(number - 1, ()):
                self.saveState()
                callback(self)
                self.restoreState()
            self._footer(number, total)
            super().showPage()
        super().save()

    def _footer(self, number: int, total: int) -> None:
        width, _ = self._pagesize
        y = MARGIN / 2
        self.saveState()
        self.setStrokeColor(GRID)
        self.setLineWidth(0.3)
        self.line(MARGIN, y + 9, width - MARGIN, y + 9)
        self.setFont(FONT_OBLIQUE, FOOTER_SIZE)
        # drawString takes text as it is (no markup), so nothing to escape here.
        self.drawString(MARGIN, y, self.footer_text)
        self.drawRightString(width - MARGIN, y, f"Trang {number}/{total}")
        self.restoreState()


def page_size(orientation: str) -> tuple[float, float]:
    """A4 in 'portrait' or 'landscape'."""
    return landscape(A4) if orientation == "landscape" else portrait(A4)


def frame_width(orientation: str) -> float:
    """The usable width of an A4 page between the margins."""
    return page_size(orientation)[0] - 2 * MARGIN


ORIENTATIONS = ("portrait", "landscape")


def _page_template(orientation: str) -> PageTemplate:
    # The frame SimpleDocTemplate would make for these margins.
    width, height = page_size(orientation)
    bottom = MARGIN + 4 * mm
    frame = Frame(
        MARGIN, bottom, width - 2 * MARGIN, height - MARGIN - bottom, id=orientation
    )
    return PageTemplate(id=orientation, frames=[frame], pagesize=(width, height))


def render(
    story: list[Flowable],
    *,
    printed: PrintInfo,
    title: str,
    orientation: str = "portrait",
    subject: str = "",
) -> bytes:
    """Lay out the story on A4 with the footer on every page; the PDF as bytes.
    Pages are in `orientation`; `NextPageTemplate("landscape")` (or "portrait")
    in the story turns the following pages."""
    register_fonts()
    buffer = io.BytesIO()
    first = orientation if orientation in ORIENTATIONS else "portrait"
    document = BaseDocTemplate(
        buffer,
        pagesize=page_size(first),
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 4 * mm,
        title=title,
        author=printed.printed_by or "Cadre Registry",
        subject=subject,
        creator="Cadre Registry",
        pageTemplates=[
            _page_template(first),
            *(_page_template(o) for o in ORIENTATIONS if o != first),
        ],
    )
    canvas_class = type(
        "FooterCanvas", (_FooterCanvas,), {"footer_text": printed.footer}
    )
    document.build(story, canvasmaker=canvas_class)
    return buffer.getvalue()
