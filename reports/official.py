"""The official BTCTW tables (Biểu …-BTCTW, DOMAIN.md §11.2) as layouts: the form's
number, its title, the reference date and period, and one or more blocks of a
heading over columns (a column, or a group spanning its sub-columns), a column of
labels and lines of figures; notes under them. Built from the JSON a table's data
is (what a report snapshot stores), with no ORM and no drawing: reports/
official_pdf.py prints a layout, reports/official_xlsx.py writes it as a workbook
(8B and 9A; the other tables keep the workbooks of their apps, built from the same
data).

- 8B: the unit's line and its shares' line under the breakdowns of personnel
  quality (reports/statistics.py figures), in two blocks to fit an A4 landscape
  page: kind of staff, women / minorities / Party members, age bands and mean age;
  then grades, degrees, academic titles and political theory.
- 9A: the rows of Biểu 9A/12B down the side, the post groups across
  (reports/leaders.py).
- 10, 11, 12B, 13: the rows their workbooks write (training/report_xlsx.py,
  planning/report_xlsx.py) under the same headings.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class Column:
    """A heading: one column, or a group over its sub-columns (`children`)."""

    label: str
    children: tuple[str, ...] = ()

    @property
    def span(self) -> int:
        return len(self.children) or 1


@dataclass(frozen=True)
class Line:
    """One line of a table: number, label, depth (0 total or section, 1 group,
    2 row, 3 sub-row) and its figures in column order (None: an empty cell; an
    int a count; a float a percentage with one decimal; a Decimal with its own)."""

    number: str
    label: str
    depth: int
    values: list


@dataclass(frozen=True)
class Block:
    """A table of the form: its columns, the label column's heading and width
    (mm), its lines, and the number of its first figure column ("(1)")."""

    columns: tuple[Column, ...]
    lines: list[Line]
    stub: str = "Nội dung"
    label_width: float = 60
    first_number: int = 1
    caption: str = ""
    # Total width in mm; None: the page's.
    width: float | None = None
    # A row of column numbers (A, B, (1), (2), …) under the headings.
    numbered: bool = True

    @property
    def figure_columns(self) -> int:
        return sum(c.span for c in self.columns)


@dataclass(frozen=True)
class Form:
    """A whole official table, ready to print or write."""

    number: str  # "Biểu 12B-BTCTW"
    title: str
    on: dt.date
    blocks: list[Block]
    period: str = ""
    notes: list[str] = field(default_factory=list)


def lines(items: list[Any]) -> list[Line]:
    """Lines from stored rows (dicts) or any rows with the same four attributes."""
    out = []
    for item in items:
        if isinstance(item, dict):
            out.append(
                Line(item["number"], item["label"], item["depth"], item["values"])
            )
        else:
            out.append(Line(item.number, item.label, item.depth, list(item.values)))
    return out


def period_text(start: dt.date | None, end: dt.date | None) -> str:
    """ "năm 2026" for a calendar year, else "từ 01/01/2026 đến 30/06/2026"."""
    from planning.report_xlsx import period_text as text

    return text(start, end)


def _date(value: str | None) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)


# --- Biểu 8B-BTCTW: the unit's staff quality -----------------------------------------

# Per block, (heading, ((label, figure keys summed), ...)); no keys: the mean age.
BIEU8B_BLOCKS = (
    (
        ("", (("Tổng số", ("headcount",)),)),
        (
            "Chia ra",
            (
                ("Cán bộ, công chức", ("kind:can_bo", "kind:cong_chuc")),
                ("Viên chức", ("kind:vien_chuc",)),
                ("Hợp đồng 68", ("kind:hop_dong_68",)),
                ("Hợp đồng khác", ("kind:hop_dong_khac",)),
            ),
        ),
        (
            "Trong đó",
            (
                ("Nữ", ("gender:female",)),
                ("Dân tộc thiểu số", ("ethnic:minority",)),
                ("Đảng viên", ("party:member",)),
            ),
        ),
        (
            "Độ tuổi",
            (
                ("Từ 30 trở xuống", ("age:le30",)),
                ("31 - 35", ("age:31_35",)),
                ("36 - 40", ("age:36_40",)),
                ("41 - 45", ("age:41_45",)),
                ("46 - 50", ("age:46_50",)),
                ("51 - 55", ("age:51_55",)),
                ("56 - 60", ("age:56_60",)),
                ("Trên 60", ("age:gt60",)),
                ("Tuổi bình quân", ()),
            ),
        ),
    ),
    (
        (
            "Ngạch công chức",
            (
                ("Chuyên viên cao cấp và tương đương", ("grade:cvcc",)),
                ("Chuyên viên chính và tương đương", ("grade:cvc",)),
                ("Chuyên viên và tương đương", ("grade:cv",)),
                ("Cán sự, nhân viên và tương đương", ("grade:cansu",)),
                ("Chưa xếp ngạch", ("grade:none",)),
            ),
        ),
        (
            "Trình độ chuyên môn",
            (
                ("Dưới cao đẳng", ("degree:below_college",)),
                ("Cao đẳng", ("degree:college",)),
                ("Đại học", ("degree:university",)),
                ("Thạc sĩ", ("degree:master",)),
                ("Tiến sĩ", ("degree:doctorate",)),
            ),
        ),
        (
            "Học hàm",
            (("Phó Giáo sư", ("title:pgs",)), ("Giáo sư", ("title:gs",))),
        ),
        (
            "Lý luận chính trị",
            (
                ("Sơ cấp, chưa qua đào tạo", ("llct:none",)),
                ("Trung cấp", ("llct:trung_cap",)),
                ("Cao cấp, cử nhân", ("llct:cao_cap",)),
            ),
        ),
    ),
)
BIEU8B_NOTES = (
    "Tỷ lệ (%) = số người / tổng số × 100, làm tròn nửa lên đến hai chữ số thập "
    "phân. Đơn vị, ngạch, trình độ chuyên môn và lý luận chính trị tính theo quá "
    "trình công tác, quá trình lương và đào tạo tại ngày số liệu.",
    "Hồ sơ chưa ghi hạng chức danh nghề nghiệp của viên chức (hạng I–V) nên biểu "
    "chưa có các cột này; cán sự và nhân viên tính chung một cột, chưa qua đào tạo "
    "và sơ cấp lý luận chính trị tính chung một cột.",
)


def share(count: int, denominator: int) -> Decimal | None:
    """count / denominator × 100, half up to two decimals (reports/statistics.py)."""
    if denominator <= 0:
        return None
    return (Decimal(100 * count) / Decimal(denominator)).quantize(
        TWO_PLACES, rounding=ROUND_HALF_UP
    )


def bieu8b_form(figures: dict[str, Any], *, unit_name: str) -> Form:
    """Biểu 8B from the stored personnel figures (reports/tables.py
    `_personnel_compute`)."""
    counts = {
        f["key"]: f["count"]
        for section in figures["sections"]
        for f in section["figures"]
    }
    headcount = figures["headcount"]
    counts["headcount"] = headcount  # kept beside the sections, not in them
    mean_age = figures.get("mean_age")
    blocks, first = [], 1
    for number, groups in enumerate(BIEU8B_BLOCKS):
        columns, people, shares = [], [], []
        for heading, items in groups:
            labels = tuple(label for label, _ in items)
            columns.append(Column(heading, labels) if heading else Column(labels[0]))
            for _, keys in items:
                if not keys:  # the mean age: a figure of the whole line
                    people.append(Decimal(mean_age) if mean_age else None)
                    shares.append(None)
                    continue
                count = sum(counts.get(k, 0) for k in keys)
                people.append(count)
                shares.append(share(count, headcount))
        block = Block(
            columns=tuple(columns),
            lines=[
                Line("1", unit_name, 0, people),
                Line("", "Tỷ lệ (%)", 3, shares),
            ],
            stub="Đơn vị",
            label_width=48,
            first_number=first,
            caption="" if number == 0 else "(tiếp theo)",
        )
        first += block.figure_columns
        blocks.append(block)
    return Form(
        number="Biểu 8B-BTCTW",
        title="Số lượng, chất lượng đội ngũ cán bộ, công chức, viên chức",
        on=dt.date.fromisoformat(figures["on"]),
        blocks=blocks,
        notes=list(BIEU8B_NOTES),
    )


# --- Biểu 9A-BTCTW: leaders by post --------------------------------------------------


def bieu9a_form(figures: dict[str, Any]) -> Form:
    """Biểu 9A from the stored leader figures (reports/leaders.py)."""
    from planning.statistics import POST_GROUPS
    from reports.leaders import bieu9a_lines

    return Form(
        number="Biểu 9A-BTCTW",
        title="Chất lượng cán bộ lãnh đạo, quản lý theo chức danh",
        on=dt.date.fromisoformat(figures["on"]),
        blocks=[
            Block(
                columns=(
                    Column("Tổng số (người)"),
                    Column(
                        "Chia theo chức danh (người)",
                        tuple(label for _, label, _ in POST_GROUPS),
                    ),
                    Column("Tỷ lệ % so với tổng số"),
                ),
                lines=lines(bieu9a_lines(figures)),
                label_width=40,
            )
        ],
        notes=[
            "Người giữ chức vụ lãnh đạo, quản lý (chính hoặc kiêm nhiệm) tại ngày số "
            "liệu; một người giữ nhiều chức danh được tính ở mỗi cột chức danh và "
            "một lần ở cột tổng số. Trình độ chuyên môn, lý luận chính trị theo hồ "
            "sơ hiện tại. Danh mục chức vụ chưa có chức danh Trưởng, Phó Đoàn ĐBQH "
            "nên cột này bằng 0."
        ],
    )


# --- Biểu 10-BTCTW: training ---------------------------------------------------------

BIEU10_COLUMNS = (
    Column(
        "Số người được đào tạo, bồi dưỡng",
        (
            "Tổng số",
            "Cấp tỉnh",
            "Cấp huyện",
            "Cấp xã",
            "Trong đó: cán bộ lãnh đạo, quản lý",
        ),
    ),
    Column("Số lớp", ("Tổng số", "Do Tỉnh ủy mở", "Do Huyện ủy mở")),
)


def bieu10_form(*, rows: list[Any], on: dt.date, period: str) -> Form:
    """Biểu 10 from the rows its workbook writes (training/report_xlsx.py)."""
    return Form(
        number="Biểu 10-BTCTW",
        title=f"Kết quả đào tạo, bồi dưỡng cán bộ {period}",
        on=on,
        blocks=[Block(columns=BIEU10_COLUMNS, lines=lines(rows), label_width=92)],
    )


# --- Biểu 11, 12B, 13-BTCTW: rotation, planning, appointments ------------------------


def bieu12b_form(data: dict[str, Any]) -> Form:
    """Biểu 12B from its data (planning.report_xlsx.bieu12b_data)."""
    from planning.report_xlsx import bieu12b_columns
    from planning.statistics import POST_GROUPS

    labels = bieu12b_columns()
    groups = len(POST_GROUPS)
    start, end = _date(data["start"]), _date(data["end"])
    period = period_text(start, end)
    return Form(
        number="Biểu 12B-BTCTW",
        title=data["title"],
        on=dt.date.fromisoformat(data["on"]),
        period=f"Biến động quy hoạch {period}" if period else "",
        blocks=[
            Block(
                columns=(
                    Column(labels[0]),
                    Column(
                        "Quy hoạch các chức danh (lượt)", tuple(labels[1 : 1 + groups])
                    ),
                    Column(labels[-2]),
                    Column(labels[-1]),
                ),
                lines=lines(data["rows"]),
                label_width=40,
            ),
            Block(
                columns=(Column("Số lượt"),),
                lines=lines(data["flows"]),
                label_width=110,
                width=160,
                numbered=False,
                caption="Nguồn và biến động quy hoạch",
            ),
        ],
    )


def bieu11_form(data: dict[str, Any]) -> Form:
    """Biểu 11 from its data (planning.report_xlsx.bieu11_data)."""
    from planning.report_xlsx import ROTATION_HEADINGS, ROTATION_LABELS

    return Form(
        number="Biểu 11-BTCTW",
        title=data["title"],
        on=dt.date.fromisoformat(data["on"]),
        blocks=[
            Block(
                columns=(
                    Column("Tổng số"),
                    *(
                        Column(heading, tuple(ROTATION_LABELS[k] for k in keys))
                        for heading, keys in ROTATION_HEADINGS
                    ),
                ),
                lines=lines(data["rows"]),
                stub="Hướng luân chuyển",
                label_width=62,
            )
        ],
    )


def bieu13_form(data: dict[str, Any]) -> Form:
    """Biểu 13 from its data (planning.report_xlsx.bieu13_data)."""
    from planning.report_xlsx import MANAGING_LEVEL_NOTE
    from planning.statistics import APPOINTMENT_COLUMNS

    labels = [label for _, label in APPOINTMENT_COLUMNS]
    return Form(
        number="Biểu 13-BTCTW",
        title=data["title"],
        on=dt.date.fromisoformat(data["on"]),
        blocks=[
            Block(
                columns=(
                    Column("Bổ nhiệm", tuple(labels[:4])),
                    *(Column(label) for label in labels[4:]),
                ),
                lines=lines(data["rows"]),
                stub="Diện quản lý",
                label_width=70,
            )
        ],
        notes=[MANAGING_LEVEL_NOTE],
    )
