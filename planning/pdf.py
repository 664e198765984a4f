"""Danh sách quy hoạch cán bộ of a term as a PDF, A4 landscape: the Party heading,
the title with the term, level, rule version and decision, the list grouped by unit
(I, II, ...) and post (1, 2, ...), the total and the signature block. Built from
`planning.printing.PlanningList` (no ORM) on the reports.pdf foundation."""

from __future__ import annotations

import datetime as dt

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer

from planning.printing import PlanningList, roman
from reports import pdf

ORIENTATION = "landscape"
# Widths in mm over the 267 mm between the margins of A4 landscape; the columns
# without wrapping (number, date, gender, source) take plain strings, which lay out
# several times faster than Paragraphs.
WIDTHS = {
    "number": 9,
    "full_name": 40,
    "birth": 19,
    "gender": 13,
    "ethnicity": 16,
    "current_post": 58,
    "degree": 40,
    "political_theory": 22,
    "source": 16,
    "note": 34,
}
# Where the space of a hidden ethnicity column goes.
WITHOUT_ETHNICITY = {"current_post": 8, "note": 8}
PLAIN = frozenset({"number", "birth", "gender", "source"})
CENTERED = frozenset({"number", "birth", "gender", "source"})


def _widths(data: PlanningList) -> list[float]:
    keys = [c.key for c in data.columns]
    extra = {} if "ethnicity" in keys else WITHOUT_ETHNICITY
    return [(WIDTHS[k] + extra.get(k, 0)) * mm for k in keys]


def _heading(data: PlanningList, *, date: dt.date, place: str, width: float) -> list:
    story = [
        pdf.letterhead(
            pdf.Letterhead(
                unit=data.issuer, superior=data.superior, date=date, place=place
            ),
            width=width,
        ),
        Spacer(1, 6 * mm),
        pdf.para(data.title, "title"),
        pdf.para(data.subtitle.upper(), "subtitle"),
        Spacer(1, 2 * mm),
        pdf.para(
            f"Cấp quy hoạch: {data.level}. Áp dụng {data.rule_title}.", "italic_center"
        ),
    ]
    if len(data.decisions) == 1:
        story.append(pdf.para(f"(Kèm theo {data.decisions[0]})", "italic_center"))
    elif data.decisions:
        story.append(
            pdf.para(
                "(Theo các quyết định: " + "; ".join(data.decisions) + ")",
                "italic_center",
            )
        )
    story += [pdf.para(data.status_note, "italic_center"), Spacer(1, 4 * mm)]
    return story


def _table(data: PlanningList, width: float):
    cols = data.columns
    keys = [c.key for c in cols]
    rows: list[list] = [pdf.heading_cells([c.header for c in cols])]
    groups: list[int] = []
    blank = [""] * (len(cols) - 1)
    for unit_number, unit in enumerate(data.groups, start=1):
        groups.append(len(rows))
        rows.append(
            [pdf.para(f"{roman(unit_number)}. {unit.name.upper()}", "group")] + blank
        )
        for post_number, post in enumerate(unit.posts, start=1):
            groups.append(len(rows))
            rows.append([pdf.para(f"{post_number}. {post.title}", "cell_bold")] + blank)
            for line in post.lines:
                rows.append(
                    [
                        pdf.plain(getattr(line, key))
                        if key in PLAIN
                        else pdf.cell(getattr(line, key))
                        for key in keys
                    ]
                )
    if not data.groups:
        groups.append(len(rows))
        rows.append(
            [pdf.para("Chưa có cán bộ nào trong quy hoạch trong phạm vi này.", "cell")]
            + blank
        )
    return pdf.data_table(
        rows,
        col_widths=_widths(data),
        group_rows=groups,
        centered_columns=[i for i, k in enumerate(keys) if k in CENTERED],
    )


def build_planning_list_pdf(
    data: PlanningList,
    *,
    printed: pdf.PrintInfo,
    date: dt.date | None = None,
    place: str = "…………",
) -> bytes:
    """The planning list as PDF bytes."""
    width = pdf.frame_width(ORIENTATION)
    date = date or printed.printed_at.date()
    story = _heading(data, date=date, place=place, width=width)
    story.append(_table(data, width))
    story.append(Spacer(1, 3 * mm))
    story.append(
        pdf.para(f"Tổng số: {data.line_count} lượt cán bộ.", "normal", markup="i")
    )
    story.append(Spacer(1, 5 * mm))
    story.append(
        KeepTogether(
            pdf.signature_block(
                [
                    pdf.Signer(title="NGƯỜI LẬP DANH SÁCH"),
                    pdf.Signer(
                        title="THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ",
                        note="(Ký tên, đóng dấu)",
                    ),
                ],
                width=width,
            )
        )
    )
    return pdf.render(
        story,
        printed=printed,
        title=f"Danh sách quy hoạch cán bộ nhiệm kỳ {data.term_name}",
        subject=data.issuer,
        orientation=ORIENTATION,
    )
