"""The dashboard's charts drawn with reportlab graphics for the PDFs: the same data
(`charts.BarChart`, `charts.PyramidChart`, built by reports/dashboard.py) and the
same layout as the SVG of reports/charts.py (label above each bar, the count and
the share at its end; the pyramid's oldest band on top, men left, women right),
in points on an A4 page, with DejaVu Sans and the same colours. Each number is
drawn as text, so the PDF's text says every figure of the chart."""

from __future__ import annotations

from reportlab.graphics.shapes import (
    Circle,
    Drawing,
    Line,
    Polygon,
    PolyLine,
    Rect,
    String,
)
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


def _marker(kind: str, x: float, y: float, colour) -> list:
    """The marker shapes of reports/charts.py (`MARKERS`), about 5 pt across."""
    if kind == "circle":
        return [Circle(x, y, 2.6, fillColor=colour, strokeColor=None)]
    if kind == "square":
        return [Rect(x - 2.4, y - 2.4, 4.8, 4.8, fillColor=colour, strokeColor=None)]
    if kind == "triangle":
        points = [x, y + 3, x + 3, y - 2.4, x - 3, y - 2.4]
        return [Polygon(points, fillColor=colour, strokeColor=None)]
    if kind == "diamond":
        points = [x, y + 3.4, x + 3.4, y, x, y - 3.4, x - 3.4, y]
        return [Polygon(points, fillColor=colour, strokeColor=None)]
    if kind == "cross":
        return [
            Line(
                x - 2.6, y - 2.6, x + 2.6, y + 2.6, strokeColor=colour, strokeWidth=1.6
            ),
            Line(
                x - 2.6, y + 2.6, x + 2.6, y - 2.6, strokeColor=colour, strokeWidth=1.6
            ),
        ]
    return [Rect(x - 1.3, y - 3.4, 2.6, 6.8, fillColor=colour, strokeColor=None)]


def line_drawing(chart: charts.LineChart, *, width: float) -> Drawing:
    """Shares (0–100%, or 0–50% when every value is under 50) over the dates: one
    line per series with its colour and marker, the last value at its end, the
    legend below (two columns), as reports/charts.py `line_chart` draws them."""
    register_fonts()
    dates, series = list(chart.dates), list(chart.series)
    if not dates or not series:
        return _empty(width)
    legend_rows = (len(series) + 1) // 2
    legend_row = 13.0
    note_height = 14.0 if chart.note else 2.0
    plot_height = 150.0
    axis_label = 14.0
    plot_left = stringWidth("100%", FONT, LABEL_SIZE) + 6
    plot_right = width - stringWidth("100,00%", FONT_BOLD, VALUE_SIZE) - 10
    plot_bottom = note_height + legend_rows * legend_row + 6 + axis_label
    plot_top = plot_bottom + plot_height
    height = plot_top + 8
    values = [float(v) for s in series for v in s.values if v is not None]
    ceiling = 100.0 if not values or max(values) > 50 else 50.0
    drawing = Drawing(width, height)
    for step in range(6):
        y = plot_bottom + plot_height * step / 5
        drawing.add(
            Line(plot_left, y, plot_right, y, strokeColor=GRID, strokeWidth=0.5)
        )
        drawing.add(
            _string(
                plot_left - 4,
                y - 3,
                f"{ceiling * step / 5:.0f}%",
                fill=MUTED,
                anchor="end",
            )
        )

    def x_of(i: int) -> float:
        if len(dates) == 1:
            return (plot_left + plot_right) / 2
        return plot_left + (plot_right - plot_left) * i / (len(dates) - 1)

    def y_of(value: float) -> float:
        return plot_bottom + plot_height * min(value, ceiling) / ceiling

    every = max(1, (len(dates) + 5) // 6)  # at most about six date labels
    for i, day in enumerate(dates):
        if i % every == 0 or i == len(dates) - 1:
            anchor = "middle"
            if len(dates) > 1 and i == 0:
                anchor = "start"
            elif len(dates) > 1 and i == len(dates) - 1:
                anchor = "end"
            drawing.add(
                _string(x_of(i), plot_bottom - 11, f"{day:%d/%m/%Y}", anchor=anchor)
            )
    legend_width = (width - plot_left) / 2
    ends: list[tuple[tuple[float, float], str, colors.Color]] = []
    for n, line in enumerate(series):
        colour = PALETTE[n % len(PALETTE)]
        marker = charts.MARKERS[n % len(charts.MARKERS)]
        points = [
            (x_of(i), y_of(float(v)))
            for i, v in enumerate(line.values)
            if v is not None
        ]
        if len(points) > 1:
            flat = [c for point in points for c in point]
            drawing.add(PolyLine(flat, strokeColor=colour, strokeWidth=1.4))
        for x, y in points:
            for shape in _marker(marker, x, y, colour):
                drawing.add(shape)
        last = next((v for v in reversed(line.values) if v is not None), None)
        if points and last is not None:
            ends.append((points[-1], charts.percent(last), colour))
        legend_x = plot_left + (n % 2) * legend_width
        legend_y = note_height + (legend_rows - 1 - n // 2) * legend_row + 4
        for shape in _marker(marker, legend_x + 3, legend_y + 3, colour):
            drawing.add(shape)
        drawing.add(
            _string(legend_x + 10, legend_y, _fit(line.label, legend_width - 14))
        )
    # Lines often end on the same share (two ratios at 33,33%): each last value
    # gets its own line of text, stacked downwards from the highest.
    floor = None
    for (x, y), text, colour in sorted(ends, key=lambda end: -end[0][1]):
        y = y - 3 if floor is None else min(y - 3, floor - VALUE_SIZE - 1.5)
        floor = y
        drawing.add(
            _string(x + 5, y, text, size=VALUE_SIZE, font=FONT_BOLD, fill=colour)
        )
    if chart.note:
        drawing.add(
            _string(0, 3, chart.note, size=NOTE_SIZE, font=FONT_OBLIQUE, fill=MUTED)
        )
    return drawing


def drawing(
    chart: charts.BarChart | charts.PyramidChart | charts.LineChart, *, width: float
) -> Drawing:
    """The reportlab drawing of a chart's data."""
    if isinstance(chart, charts.LineChart):
        return line_drawing(chart, width=width)
    if isinstance(chart, charts.PyramidChart):
        return pyramid_drawing(chart, width=width)
    return bar_drawing(chart, width=width)
