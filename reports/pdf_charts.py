"""The dashboard's charts drawn with reportlab graphics for the PDFs: the same data
(`charts.BarChart`, `charts.PyramidChart`, built by reports/dashboard.py) and the
same layout as the SVG of reports/charts.py (label above each bar, the count and
the share at its end; the pyramid's oldest band on top, men left, women right),
in points on an A4 page, with DejaVu Sans and the same colours. Each number is
drawn as text, so the PDF's text says every figure of the chart."""

from __future__ import annotations

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from reports import charts
from reports.pdf import FONT, FONT_BOLD, FONT_OBLIQUE, register_fonts

LABEL_SIZE = 8.5
VALUE_SIZE = 8.5
NOTE_SIZE = 7.5
INK = colors.HexColor(charts.INK)
MUTED = colors.HexColor(charts.MUTED)
GRID = colors.HexColor(charts.GRID)
PALETTE = [colors.HexColor(c) for c in charts.PALETTE]
MEN = colors.HexColor(charts.MEN)
WOMEN = colors.HexColor(charts.WOMEN)


def _string(x, y, text, *, size=LABEL_SIZE, font=FONT, fill=INK, anchor="start"):
    return String(
        x, y, text, fontName=font, fontSize=size, fillColor=fill, textAnchor=anchor
    )


def _empty(width: float) -> Drawing:
    drawing = Drawing(width, 20)
    drawing.add(_string(0, 6, "Chưa có số liệu.", fill=MUTED))
    return drawing


def _fit(text: str, width: float, *, font: str = FONT, size: float = LABEL_SIZE):
    """The text cut with an ellipsis to fit `width` points (a long course name)."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def bar_drawing(chart: charts.BarChart, *, width: float) -> Drawing:
    """Horizontal bars, one per line, proportional to the shares (to the counts
    when a bar has none), the longest over about 60% of the width."""
    register_fonts()
    bars = list(chart.bars)
    if not bars:
        return _empty(width)
    row, bar_height = 25.0, 10.0
    note_height = 14.0 if chart.note else 2.0
    height = row * len(bars) + note_height
    labels = [charts.bar_label(bar) for bar in bars]
    widest_label = max(stringWidth(t, FONT_BOLD, VALUE_SIZE) for t in labels)
    span = max(width * 0.35, min(width * 0.62, width - widest_label - 12))
    scale_by_share = all(b.share is not None for b in bars)
    values = [float(b.share) if scale_by_share else float(b.count) for b in bars]
    biggest = max(values) or 1.0
    drawing = Drawing(width, height)
    for i, (bar, value, label) in enumerate(zip(bars, values, labels, strict=True)):
        top = height - i * row
        length = max(span * value / biggest, 1.5)
        colour = PALETTE[i % len(PALETTE)] if len(bars) <= len(PALETTE) else PALETTE[0]
        drawing.add(_string(0, top - 9, _fit(bar.label, width)))
        drawing.add(
            Rect(
                0,
                top - 11 - bar_height - 1,
                length,
                bar_height,
                fillColor=colour,
                strokeColor=None,
            )
        )
        drawing.add(
            _string(
                length + 5,
                top - 11 - bar_height + 1.5,
                label,
                size=VALUE_SIZE,
                font=FONT_BOLD,
            )
        )
    if chart.note:
        drawing.add(
            _string(0, 3, chart.note, size=NOTE_SIZE, font=FONT_OBLIQUE, fill=MUTED)
        )
    return drawing


def pyramid_drawing(chart: charts.PyramidChart, *, width: float) -> Drawing:
    """An age pyramid: the oldest band on top, men to the left and women to the
    right of the band labels, both sides on one scale, each bar with its count."""
    register_fonts()
    bands = list(chart.bands)
    if not bands:
        return _empty(width)
    row, bar_height, head = 16.0, 11.0, 16.0
    note_height = 14.0 if chart.note else 2.0
    height = head + row * len(bands) + note_height
    centre = width / 2
    label_half = max(stringWidth(b.label, FONT, LABEL_SIZE) for b in bands) / 2 + 6
    numbers = max(
        stringWidth(charts.number(max(b.men, b.women)), FONT_BOLD, VALUE_SIZE)
        for b in bands
    )
    span = max(centre - label_half - numbers - 8, 20)
    biggest = max(max(b.men, b.women) for b in bands) or 1
    men_total = sum(b.men for b in bands)
    women_total = sum(b.women for b in bands)
    drawing = Drawing(width, height)
    drawing.add(
        _string(
            centre - label_half - 4,
            height - 10,
            f"Nam ({charts.number(men_total)})",
            font=FONT_BOLD,
            fill=MEN,
            anchor="end",
        )
    )
    drawing.add(
        _string(
            centre + label_half + 4,
            height - 10,
            f"Nữ ({charts.number(women_total)})",
            font=FONT_BOLD,
            fill=WOMEN,
        )
    )
    for i, band in enumerate(reversed(bands)):  # the list comes youngest first
        top = height - head - i * row
        y = top - row + (row - bar_height) / 2
        men = span * band.men / biggest
        women = span * band.women / biggest
        drawing.add(
            Rect(
                centre - label_half - men,
                y,
                men,
                bar_height,
                fillColor=MEN,
                strokeColor=None,
            )
        )
        drawing.add(
            Rect(
                centre + label_half,
                y,
                women,
                bar_height,
                fillColor=WOMEN,
                strokeColor=None,
            )
        )
        drawing.add(_string(centre, y + 2.5, band.label, anchor="middle"))
        drawing.add(
            _string(
                centre - label_half - men - 3,
                y + 2.5,
                charts.number(band.men),
                size=VALUE_SIZE,
                font=FONT_BOLD,
                anchor="end",
            )
        )
        drawing.add(
            _string(
                centre + label_half + women + 3,
                y + 2.5,
                charts.number(band.women),
                size=VALUE_SIZE,
                font=FONT_BOLD,
            )
        )
    drawing.add(
        Line(
            centre - label_half,
            note_height,
            centre - label_half,
            height - head,
            strokeColor=GRID,
            strokeWidth=0.5,
        )
    )
    drawing.add(
        Line(
            centre + label_half,
            note_height,
            centre + label_half,
            height - head,
            strokeColor=GRID,
            strokeWidth=0.5,
        )
    )
    if chart.note:
        drawing.add(
            _string(0, 3, chart.note, size=NOTE_SIZE, font=FONT_OBLIQUE, fill=MUTED)
        )
    return drawing


def drawing(chart: charts.BarChart | charts.PyramidChart, *, width: float) -> Drawing:
    """The reportlab drawing of a chart's data."""
    if isinstance(chart, charts.PyramidChart):
        return pyramid_drawing(chart, width=width)
    return bar_drawing(chart, width=width)
