"""Charts of the leaders' dashboard drawn on the server as SVG (issue 6): no
JavaScript library, no CDN. Each function is pure (plain values in, an SVG string
out, no ORM, no request), so tests can parse them. What a chart shows (`BarChart`,
`PyramidChart`, `LineChart`: its title, bars, bands or lines and note) is built
once, by reports/dashboard.py, and drawn here as SVG for the page and by
reports/pdf_charts.py with reportlab graphics for the statistical report PDF.

Readable on a projector and in print: large type (18–22 px in a 800 px wide
viewBox that scales to the page), dark ink on white, colours that differ in
lightness as well as hue, and every number written as text next to its mark.
Accessible: `role="img"` with a <title> and a <desc> that lists every value, so a
screen reader (or a text extraction of the PDF) reads the figures too.

Shares are given already rounded (two decimals, half up: reports/statistics.py)
and are printed with the Vietnamese decimal comma.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape

WIDTH = 800
FONT = "Noto Sans, DejaVu Sans, Arial, sans-serif"
INK = "#111111"
MUTED = "#444444"
GRID = "#bbbbbb"
# Dark blue, dark red, green, orange, purple, teal: distinguishable in greyscale.
PALETTE = ("#0b3d91", "#b3261e", "#1e6b30", "#c25e00", "#5b2a86", "#00695c")
MEN = "#0b3d91"
WOMEN = "#b3261e"


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its count and its share of the denominator (percent)."""

    label: str
    count: int
    share: Decimal | float | None = None
    denominator: int | None = None  # written beside the count when given


@dataclass(frozen=True)
class Band:
    """One row of an age pyramid: the band's label, men and women."""

    label: str
    men: int
    women: int


@dataclass(frozen=True)
class BarChart:
    """What a bar chart shows: drawn by `bar_chart` (SVG) and in the PDF."""

    chart_id: str
    title: str
    bars: Sequence[Bar]
    note: str = ""


@dataclass(frozen=True)
class PyramidChart:
    """What an age pyramid shows: drawn by `pyramid_chart` (SVG) and in the PDF."""

    chart_id: str
    title: str
    bands: Sequence[Band]
    note: str = ""


@dataclass(frozen=True)
class Series:
    """One line of a time series: its label and a value (percent) per date."""

    label: str
    values: Sequence[Decimal | float | None]


@dataclass(frozen=True)
class LineChart:
    """What a time series shows: drawn by `line_chart` (SVG) and in the PDF."""

    chart_id: str
    title: str
    dates: Sequence[dt.date]
    series: Sequence[Series]
    note: str = ""


def number(value: int) -> str:
    """An integer with the Vietnamese thousands separator (1.234.567)."""
    return f"{value:,}".replace(",", ".")


def percent(value: Decimal | float | None, places: int = 2) -> str:
    """A share as text with the decimal comma ("25,00%"), or an em dash."""
    if value is None:
        return "—"
    return f"{Decimal(str(value)):.{places}f}".replace(".", ",") + "%"


def _attr(value: str) -> str:
    return escape(value, {'"': "&quot;"})


def _svg(*, chart_id: str, title: str, desc: str, height: int, body: list[str]) -> str:
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{_attr(chart_id)}"'
        f' viewBox="0 0 {WIDTH} {height}" width="100%" role="img"'
        f' aria-labelledby="{_attr(title_id)} {_attr(desc_id)}"'
        f' font-family="{FONT}" font-size="20" fill="{INK}">'
        f'<title id="{_attr(title_id)}">{escape(title)}</title>'
        f'<desc id="{_attr(desc_id)}">{escape(desc)}</desc>'
        f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#ffffff"/>'
        + "".join(body)
        + "</svg>"
    )


def _text(x: float, y: float, content: str, **attrs: str) -> str:
    extra = "".join(f' {k.replace("_", "-")}="{_attr(v)}"' for k, v in attrs.items())
    return f'<text x="{x:.1f}" y="{y:.1f}"{extra}>{escape(content)}</text>'


def _empty(chart_id: str, title: str) -> str:
    return _svg(
        chart_id=chart_id,
        title=title,
        desc="Chưa có số liệu.",
        height=80,
        body=[_text(20, 48, "Chưa có số liệu.", fill=MUTED)],
    )


def bar_label(bar: Bar) -> str:
    """What is written beside a bar and read out: "12 người · 25,00%" (or
    "12/20 · 60,00%" with a denominator)."""
    if bar.denominator is not None:
        text = f"{number(bar.count)}/{number(bar.denominator)}"
    else:
        text = f"{number(bar.count)} người"
    if bar.share is not None:
        text += f" · {percent(bar.share)}"
    return text


def bar_chart(*, chart_id: str, title: str, bars: Sequence[Bar], note: str = "") -> str:
    """Horizontal bars, one per line (label above, bar below, the count and the
    share at its end); bar lengths are proportional to the shares (to the counts
    when there are none), the longest filling the width."""
    if not bars:
        return _empty(chart_id, title)
    row = 70
    top = 10
    height = top + row * len(bars) + (34 if note else 10)
    left, span = 20, 500
    scale_by_share = all(b.share is not None for b in bars)
    values = [float(b.share) if scale_by_share else float(b.count) for b in bars]
    biggest = max(values) or 1.0
    body = []
    lines = []
    for i, (bar, value) in enumerate(zip(bars, values, strict=True)):
        y = top + i * row
        length = span * value / biggest
        colour = PALETTE[i % len(PALETTE)] if len(bars) <= len(PALETTE) else PALETTE[0]
        body.append(_text(left, y + 22, bar.label, font_size="21"))
        body.append(
            f'<rect x="{left}" y="{y + 32}" width="{max(length, 2):.1f}" height="28"'
            f' fill="{colour}"><title>{escape(bar.label)}: {escape(bar_label(bar))}'
            "</title></rect>"
        )
        body.append(
            _text(
                left + max(length, 2) + 10,
                y + 54,
                bar_label(bar),
                font_size="23",
                font_weight="700",
            )
        )
        lines.append(f"{bar.label}: {bar_label(bar)}")
    if note:
        body.append(_text(left, height - 12, note, font_size="18", fill=MUTED))
    desc = "; ".join(lines) + "." + (f" {note}" if note else "")
    return _svg(chart_id=chart_id, title=title, desc=desc, height=height, body=body)


def svg(chart: BarChart | PyramidChart | LineChart) -> str:
    """The SVG of a chart's data."""
    if isinstance(chart, LineChart):
        return line_chart(
            chart_id=chart.chart_id,
            title=chart.title,
            dates=chart.dates,
            series=chart.series,
        )
    if isinstance(chart, PyramidChart):
        return pyramid_chart(
            chart_id=chart.chart_id, title=chart.title, bands=chart.bands
        )
    return bar_chart(
        chart_id=chart.chart_id, title=chart.title, bars=chart.bars, note=chart.note
    )


def pyramid_chart(*, chart_id: str, title: str, bands: Sequence[Band]) -> str:
    """An age pyramid: the bands from the youngest at the bottom to the oldest at
    the top, men to the left and women to the right of the band labels, each bar
    with its count; both sides on the same scale."""
    if not bands:
        return _empty(chart_id, title)
    row = 40
    top = 44
    height = top + row * len(bands) + 16
    centre, label_half, span = WIDTH / 2, 85, 210
    biggest = max(max(b.men, b.women) for b in bands) or 1
    men_total = sum(b.men for b in bands)
    women_total = sum(b.women for b in bands)
    body = [
        _text(
            centre - label_half - 10,
            26,
            f"Nam ({number(men_total)})",
            text_anchor="end",
            font_weight="700",
            fill=MEN,
        ),
        _text(
            centre + label_half + 10,
            26,
            f"Nữ ({number(women_total)})",
            font_weight="700",
            fill=WOMEN,
        ),
    ]
    lines = []
    # The oldest band on top: the list comes youngest first.
    for i, band in enumerate(reversed(bands)):
        y = top + i * row
        men = span * band.men / biggest
        women = span * band.women / biggest
        body.append(
            f'<rect x="{centre - label_half - men:.1f}" y="{y + 6}"'
            f' width="{men:.1f}" height="28" fill="{MEN}"/>'
        )
        body.append(
            f'<rect x="{centre + label_half:.1f}" y="{y + 6}"'
            f' width="{women:.1f}" height="28" fill="{WOMEN}"/>'
        )
        body.append(_text(centre, y + 27, band.label, text_anchor="middle"))
        body.append(
            _text(
                centre - label_half - men - 8,
                y + 27,
                number(band.men),
                text_anchor="end",
                font_weight="700",
            )
        )
        body.append(
            _text(
                centre + label_half + women + 8,
                y + 27,
                number(band.women),
                font_weight="700",
            )
        )
        lines.append(f"{band.label}: nam {number(band.men)}, nữ {number(band.women)}")
    desc = (
        f"Nam {number(men_total)}, nữ {number(women_total)}. "
        + "; ".join(reversed(lines))
        + "."
    )
    return _svg(chart_id=chart_id, title=title, desc=desc, height=height, body=body)


MARKERS = ("circle", "square", "triangle", "diamond", "cross", "bar")


def _marker(kind: str, x: float, y: float, colour: str) -> str:
    if kind == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6" fill="{colour}"/>'
    if kind == "square":
        return (
            f'<rect x="{x - 6:.1f}" y="{y - 6:.1f}" width="12" height="12"'
            f' fill="{colour}"/>'
        )
    if kind == "triangle":
        return (
            f'<polygon points="{x:.1f},{y - 7:.1f} {x + 7:.1f},{y + 6:.1f}'
            f' {x - 7:.1f},{y + 6:.1f}" fill="{colour}"/>'
        )
    if kind == "diamond":
        return (
            f'<polygon points="{x:.1f},{y - 8:.1f} {x + 8:.1f},{y:.1f} {x:.1f},'
            f'{y + 8:.1f} {x - 8:.1f},{y:.1f}" fill="{colour}"/>'
        )
    if kind == "cross":
        return (
            f'<path d="M{x - 6:.1f},{y - 6:.1f} L{x + 6:.1f},{y + 6:.1f}'
            f' M{x - 6:.1f},{y + 6:.1f} L{x + 6:.1f},{y - 6:.1f}"'
            f' stroke="{colour}" stroke-width="4"/>'
        )
    return (
        f'<rect x="{x - 3:.1f}" y="{y - 8:.1f}" width="6" height="16" fill="{colour}"/>'
    )


def line_chart(
    *, chart_id: str, title: str, dates: Sequence[dt.date], series: Sequence[Series]
) -> str:
    """Shares (0–100%) over dates: one line per series, each with its own colour
    and marker shape, a legend below; the last value of each line written at its
    end, every value in the description."""
    if not dates or not series:
        return _empty(chart_id, title)
    legend_rows = (len(series) + 1) // 2
    plot_top, plot_left, plot_right = 20, 70, WIDTH - 130
    plot_height = 300
    plot_bottom = plot_top + plot_height
    height = plot_bottom + 50 + 32 * legend_rows
    values = [float(v) for s in series for v in s.values if v is not None]
    ceiling = 100.0 if not values or max(values) > 50 else 50.0
    body = []
    for step in range(0, 6):
        level = ceiling * step / 5
        y = plot_bottom - plot_height * step / 5
        body.append(
            f'<line x1="{plot_left}" y1="{y:.1f}" x2="{plot_right}" y2="{y:.1f}"'
            f' stroke="{GRID}" stroke-width="1"/>'
        )
        body.append(
            _text(plot_left - 8, y + 6, f"{level:.0f}%", text_anchor="end", fill=MUTED)
        )

    def x_of(i: int) -> float:
        if len(dates) == 1:
            return (plot_left + plot_right) / 2
        return plot_left + (plot_right - plot_left) * i / (len(dates) - 1)

    def y_of(value: float) -> float:
        return plot_bottom - plot_height * min(value, ceiling) / ceiling

    every = max(1, (len(dates) + 5) // 6)  # at most about six date labels
    for i, day in enumerate(dates):
        if i % every == 0 or i == len(dates) - 1:
            body.append(
                _text(
                    x_of(i),
                    plot_bottom + 26,
                    f"{day:%d/%m/%Y}",
                    text_anchor="middle",
                    font_size="18",
                )
            )
    lines = []
    for n, line in enumerate(series):
        colour = PALETTE[n % len(PALETTE)]
        marker = MARKERS[n % len(MARKERS)]
        points = [
            (x_of(i), y_of(float(v)))
            for i, v in enumerate(line.values)
            if v is not None
        ]
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            body.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}"'
                ' stroke-width="4"/>'
            )
        body += [_marker(marker, x, y, colour) for x, y in points]
        last = next((v for v in reversed(line.values) if v is not None), None)
        if points and last is not None:
            x, y = points[-1]
            body.append(
                _text(x + 12, y + 6, percent(last), font_weight="700", fill=colour)
            )
        legend_x = plot_left + (n % 2) * 340
        legend_y = plot_bottom + 58 + (n // 2) * 32
        body.append(_marker(marker, legend_x, legend_y - 6, colour))
        body.append(_text(legend_x + 16, legend_y, line.label))
        readings = ", ".join(
            f"{day:%d/%m/%Y} {percent(v)}"
            for day, v in zip(dates, line.values, strict=True)
        )
        lines.append(f"{line.label}: {readings}")
    desc = "; ".join(lines) + "."
    return _svg(chart_id=chart_id, title=title, desc=desc, height=height, body=body)
