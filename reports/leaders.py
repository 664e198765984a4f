"""Biểu 9A-BTCTW: cán bộ lãnh đạo, quản lý theo chức danh (leaders by post) of a
unit subtree as of a date (DOMAIN.md §11.2): the people holding a leadership post
on that day, by post group across (the columns of Biểu 9A/12B, `POST_GROUPS` of
planning/statistics.py, so both tables split posts alike), and down the side the
total, women, ethnic minorities, age ≤40 / 41–50 / >50, university /
postgraduate, PGS / GS and LLCT trung cấp / cao cấp-cử nhân.

One aggregate statement over the dated assignments (`COUNT(DISTINCT person)
FILTER (WHERE …)` for each column and row), whatever the number of people; never a
loop over them in Python.

Who counts, as of `on`:

- A leader holds, on `on`, an assignment (main or concurrent: a committee seat is
  usually recorded as a concurrent one) whose post is a leadership post of the
  registry's code list (`Position.is_leader`), started by then and not ended
  before (`start` ≤ on ≤ `end`, or no end), and is in service that day
  (recruited by then, not left: the rule of reports/statistics.py).
- A person counts once in each column where they hold a post, and once in the
  total: someone who is both Phó Bí thư and Chủ tịch UBND is in both columns, and
  the columns add up to more than the total.
- Scope: the assignment's unit is in `unit`'s subtree (default: the user's scope),
  and the person is one the user may see (`selectors.person_list`: current unit
  in scope), as for every other table; a unit outside the scope is a 404.
- Age: full years on `on` (`planning.statistics.born_by`, the registry's rule).
  Academic title: from its year (`academic_title_year`; no year: held).

What the data cannot tell, plainly:

- Highest degree and political theory are the person's current values (as
  Biểu 11, 12B and 13 read them): a degree or LLCT level gained after `on`
  already counts. Gender and ethnicity are current too (no history is kept).
- Posts are told apart only by the coded post of an assignment. Party posts
  written only in the résumé's Party-post history (`PartyPost`: a free-text
  title and organisation, no unit, no code) are not counted: nothing there says
  which committee or level they belong to.
- The code list has no post for the head or deputy of the National Assembly
  delegation, so that column reads 0 until such codes are added; it has the
  province's HĐND chair and vice-chairs only (none for districts or communes),
  the Chủ tịch Ủy ban MTTQ tỉnh but no other Front or mass-organisation post,
  BCH and BTV seats of the provincial committee only, and no head of a public
  service unit (đơn vị sự nghiệp) beyond Trưởng / Phó Trưởng phòng. Leadership
  posts outside every group (Bí thư Chi bộ, …) are in "Chức danh khác".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.http import Http404

from cadre_registry.models import Assignment, Unit, User
from cadre_registry.selectors import person_list, unit_scope_ids, unit_subtree_ids
from planning.statistics import POST_GROUPS, Breakdown, Share, born_by

# (key, label, heading) in report order; the heading starts a group of rows.
ROWS: tuple[tuple[str, str, str], ...] = (
    ("women", "Nữ", "Trong đó"),
    ("minority", "Dân tộc thiểu số", ""),
    ("age_40", "Từ 40 tuổi trở xuống", "Độ tuổi"),
    ("age_41_50", "Từ 41 đến 50 tuổi", ""),
    ("age_over_50", "Trên 50 tuổi", ""),
    ("university", "Đại học", "Trình độ chuyên môn"),
    ("postgraduate", "Trên đại học", ""),
    ("pgs", "Phó Giáo sư", "Học hàm"),
    ("gs", "Giáo sư", ""),
    ("llct_trung_cap", "Trung cấp", "Lý luận chính trị"),
    ("llct_cao_cap", "Cao cấp, cử nhân", ""),
)
ROW_KEYS = tuple(key for key, _, _ in ROWS)
GROUP_KEYS = tuple(key for key, _, _ in POST_GROUPS)
TOTAL = "total"


@dataclass
class LeaderStatistics:
    """Leaders of a unit subtree (or the user's scope) on `on`: everyone once
    (`total`) and by post group (`groups`, every group of POST_GROUPS)."""

    on: dt.date
    unit: Unit | None
    total: Breakdown
    groups: dict[str, Breakdown]


def _conditions(on: dt.date) -> dict[str, Q]:
    """The row conditions on the assignment's person, as of `on`."""
    born_41, born_51 = born_by(on, 41), born_by(on, 51)
    titled = Q(person__academic_title_year__isnull=True) | Q(
        person__academic_title_year__lte=on.year
    )
    return {
        "women": Q(person__gender="F"),
        # Ethnicity is sensitive (DOMAIN.md §10): only the count leaves here.
        "minority": Q(person__ethnic_group__is_minority=True),
        "age_40": Q(person__birth_date__gt=born_41),
        "age_41_50": Q(person__birth_date__lte=born_41, person__birth_date__gt=born_51),
        "age_over_50": Q(person__birth_date__lte=born_51),
        "university": Q(person__highest_degree__report_band="dai_hoc"),
        "postgraduate": Q(
            person__highest_degree__report_band__in=["thac_si", "tien_si"]
        ),
        "pgs": Q(person__academic_title="pgs") & titled,
        "gs": Q(person__academic_title="gs") & titled,
        "llct_trung_cap": Q(person__political_theory__report_group="Trung cấp"),
        "llct_cao_cap": Q(person__political_theory__report_group="Cao cấp, cử nhân"),
    }


def _groups() -> dict[str, Q]:
    """The post-group condition of each column; "khác" is every other leader post."""
    coded = [code for _, _, codes in POST_GROUPS for code in codes]
    return {
        key: Q(position__code__in=codes) if codes else ~Q(position__code__in=coded)
        for key, _, codes in POST_GROUPS
    }


def _unit_ids(*, user: User, unit: Unit | None) -> list[int] | None:
    """The units whose assignments count: `unit`'s subtree, else the user's scope
    (None: every unit). A unit outside the scope is a 404 (STYLE R3); who may read
    figures at all is the statistics' rule."""
    from reports.statistics import check_can_read_statistics

    check_can_read_statistics(user)
    scope = unit_scope_ids(user=user)
    if unit is None:
        return scope
    if scope is not None and unit.pk not in scope:
        raise Http404("Không tìm thấy đơn vị")
    return unit_subtree_ids(unit=unit)  # inside the scope: it is whole subtrees


def leader_statistics(
    *, user: User, unit: Unit | None = None, on: dt.date
) -> LeaderStatistics:
    """Biểu 9A figures of `unit`'s subtree (default: the user's scope) as they
    stood on `on`: one aggregate query (plus the scope's ids)."""
    unit_ids = _unit_ids(user=user, unit=unit)
    held = (
        Assignment.objects.filter(position__is_leader=True, start__lte=on)
        .filter(Q(end__isnull=True) | Q(end__gte=on))
        .filter(Q(person__recruited_on__isnull=True) | Q(person__recruited_on__lte=on))
        .filter(Q(person__left_on__isnull=True) | Q(person__left_on__gt=on))
    )
    if unit_ids is not None:
        held = held.filter(unit_id__in=unit_ids)
    if unit_scope_ids(user=user) is not None:
        held = held.filter(person__in=person_list(user=user).values("pk"))
    rows = _conditions(on)
    columns = {TOTAL: None, **_groups()}
    aggregates = {}
    for column, group in columns.items():
        for row in (TOTAL, *ROW_KEYS):
            parts = [q for q in (group, rows.get(row)) if q is not None]
            where = Q(*parts) if parts else None
            aggregates[f"{column}__{row}"] = Count(
                "person", distinct=True, filter=where
            )
    found = held.order_by().aggregate(**aggregates)

    def breakdown(column: str) -> Breakdown:
        return Breakdown(
            total=found[f"{column}__{TOTAL}"],
            counts={row: found[f"{column}__{row}"] for row in ROW_KEYS},
        )

    return LeaderStatistics(
        on=on,
        unit=unit,
        total=breakdown(TOTAL),
        groups={key: breakdown(key) for key in GROUP_KEYS},
    )


# --- The snapshot's JSON and the table's rows ----------------------------------------


def _breakdown_json(breakdown: Breakdown) -> dict[str, Any]:
    return {"total": breakdown.total, "counts": dict(breakdown.counts)}


def leader_figures(stats: LeaderStatistics) -> dict[str, Any]:
    """{"on", "total": {total, counts}, "groups": {key: {total, counts}}}: what a
    report snapshot stores of Biểu 9A, and what its workbook and PDF are made of."""
    return {
        "on": stats.on.isoformat(),
        "total": _breakdown_json(stats.total),
        "groups": {key: _breakdown_json(b) for key, b in stats.groups.items()},
    }


@dataclass(frozen=True)
class Line:
    """One line of the table: number, label, depth (0 total, 1 heading, 2 row) and
    the figures in column order (None: an empty cell)."""

    number: str
    label: str
    depth: int
    values: list


def bieu9a_lines(figures: dict[str, Any]) -> list[Line]:
    """The rows of Biểu 9A from the stored figures: the total, then each heading
    and its rows; columns: everyone once, each post group, the share (%) of
    everyone (one decimal)."""
    total = figures["total"]
    groups = figures["groups"]
    empty = {"total": 0, "counts": {}}

    def values(row: str | None) -> list:
        if row is None:
            people = total["total"]
            return [
                people,
                *(groups.get(key, empty)["total"] for key in GROUP_KEYS),
                100.0 if people else None,
            ]
        count = total["counts"].get(row, 0)
        return [
            count,
            *(groups.get(key, empty)["counts"].get(row, 0) for key in GROUP_KEYS),
            Share(count, total["total"]).percent,
        ]

    out = [Line("", "TỔNG SỐ", 0, values(None))]
    number = 0
    width = len(values(None))
    for key, label, heading in ROWS:
        if heading:
            number += 1
            out.append(Line(str(number), heading, 1, [None] * width))
        out.append(Line("-", label, 2, values(key)))
    return out
