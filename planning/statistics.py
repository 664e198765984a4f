"""Planning, rotation and appointment statistics (thống kê quy hoạch, luân chuyển,
bổ nhiệm) for a unit subtree, a term and/or a period and a reference date: the
figures of Biểu 12B (planning), Biểu 11 (rotation) and Biểu 13 (appointments)
(DOMAIN.md §7, §9, §11.2), reused by the reports app (issue 6) for its dashboards,
snapshots and PDFs.

Every figure is a count computed in the database, one aggregate query per table
(`COUNT(*) FILTER (WHERE …)`, grouped by post, post group, term, direction or
nothing), so the number of queries does not grow with the rows; each share comes
with its denominator (`training.statistics.Share`).

Scope: a planning post, a rotation or an appointment belongs to the units of its
own row (the post's unit; the rotation's unit of origin or destination; the
appointment's unit), within the user's subtrees (`unit_scope_ids`) or the chosen
unit's subtree. Those units are fixed on the row, so the split does not move when
the person does later.

As of `on` (default today):

- An entry ("lượt") is in planning on `on` when it was approved by then and not
  removed by then (`approved_on` ≤ on < `removed_on`); it is pending when proposed
  by then but not yet approved or removed. A removal counts on its `removed_on`, an
  addition of a review round on its approval date.
- A rotation counts in the period in which it starts; it is ongoing on `on` when it
  started by then and had not ended (`actual_end` after `on` or empty).
- An appointment counts in the period in which it takes effect (`effective_on`).
- Age is read on `on` from the birth date (registry rule `age_on`). Gender,
  ethnicity, religion, highest degree, academic title and political theory are the
  person's current values: the registry keeps no dated history of them (the
  training records are free text), so a degree earned after `on` already counts.

The period bounds the flows (removals, additions, rotations, appointments) and is
cut at `on`: nothing after the reference date is counted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Case, Count, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from cadre_registry import rules as registry_rules
from cadre_registry.models import Unit, User
from cadre_registry.selectors import unit_scope_ids, unit_subtree_ids
from planning import rules
from planning.models import (
    Appointment,
    AppointmentKind,
    Direction,
    Entry,
    ManagingLevel,
    PlannedPost,
    RemovalReason,
    Rotation,
    Source,
    Term,
)

# The same level split as Biểu 10 (training/statistics.py: a unit is at commune
# level under a xã, phường, at district level under a huyện ủy, else provincial),
# so that the reports of one unit agree.
from training.statistics import (
    COMMUNE,
    DISTRICT,
    LEVEL_LABELS,
    PROVINCIAL,
    Share,
)

__all__ = [
    "BREAKDOWN_ROWS",
    "COMMUNE",
    "DISTRICT",
    "LEVEL_LABELS",
    "POST_GROUPS",
    "PROVINCIAL",
    "Share",
    "appointment_statistics",
    "planning_statistics",
    "rotation_statistics",
]


# --- Breakdowns (the rows of Biểu 9A, 11 and 12B) ------------------------------------

# Age bands of Biểu 9A/12B (DOMAIN.md §11.2): ≤40, 41–50, >50 on the reference date.
AGE_BANDS = (("age_40", "Từ 40 tuổi trở xuống"), ("age_41_50", "Từ 41 đến 50 tuổi"))
AGE_BANDS += (("age_over_50", "Trên 50 tuổi"),)

# (key, label, heading) in report order; the heading starts a group of rows.
BREAKDOWN_ROWS: tuple[tuple[str, str, str], ...] = (
    ("women", "Nữ", "Trong đó"),
    ("minority", "Dân tộc thiểu số", ""),
    ("religion", "Có tôn giáo", ""),
    ("young", "Cán bộ trẻ", ""),
    *(
        (key, label, "Độ tuổi" if i == 0 else "")
        for i, (key, label) in enumerate(AGE_BANDS)
    ),
    ("college", "Cao đẳng", "Trình độ chuyên môn"),
    ("university", "Đại học", ""),
    ("postgraduate", "Trên đại học", ""),
    ("pgs", "Phó Giáo sư", "Học hàm"),
    ("gs", "Giáo sư", ""),
    ("llct_trung_cap", "Trung cấp", "Lý luận chính trị"),
    ("llct_cao_cap", "Cao cấp, cử nhân", ""),
)
BREAKDOWN_KEYS = tuple(key for key, _, _ in BREAKDOWN_ROWS)

# Religion code "00" is "Không" (Biểu 4-BTCTW list, cadre_registry/reference_data.py).
NO_RELIGION = "00"


def born_by(on: dt.date, years: int) -> dt.date:
    """The latest birth date of someone at least `years` old on `on`, by the
    registry's `age_on` (a 29/02 birthday falls on 28/02 in common years)."""
    birth = registry_rules.add_months(on, -12 * years)
    following = birth + dt.timedelta(days=1)
    if following <= on and _age(following, on) >= years:
        return following
    return birth


def _age(birth: dt.date, on: dt.date) -> int:
    return registry_rules.age_on(
        birth_year=birth.year, birth_month=birth.month, birth_day=birth.day, on=on
    )


def _person_filters(prefix: str, on: dt.date) -> dict[str, Q]:
    """The breakdown conditions on the person reached through `prefix` ("person__"),
    except "young", whose line depends on the term."""

    def q(**lookups) -> Q:
        return Q(**{f"{prefix}{name}": value for name, value in lookups.items()})

    born_41, born_51 = born_by(on, 41), born_by(on, 51)
    return {
        "women": q(gender="F"),
        # Ethnicity and religion are sensitive (DOMAIN.md §10): only counts leave
        # this module; lists of the people behind them need the permission.
        "minority": q(ethnic_group__is_minority=True),
        "religion": q(religion__isnull=False) & ~q(religion__code=NO_RELIGION),
        "age_40": q(birth_date__gt=born_41),
        "age_41_50": q(birth_date__lte=born_41, birth_date__gt=born_51),
        "age_over_50": q(birth_date__lte=born_51),
        # Biểu 9A/12B bands: cao đẳng, đại học, trên đại học (thạc sĩ, tiến sĩ).
        "college": q(highest_degree__report_band="cao_dang"),
        "university": q(highest_degree__report_band="dai_hoc"),
        "postgraduate": q(highest_degree__report_band__in=["thac_si", "tien_si"]),
        "pgs": q(academic_title="pgs"),
        "gs": q(academic_title="gs"),
        "llct_trung_cap": q(political_theory__report_group="Trung cấp"),
        "llct_cao_cap": q(political_theory__report_group="Cao cấp, cử nhân"),
    }


@dataclass(frozen=True)
class Breakdown:
    """One column of a table: a total and the count of each breakdown row, each a
    share of the total (young: of those whose term has an age line)."""

    total: int
    counts: dict[str, int]
    young_total: int = 0

    def share(self, key: str) -> Share:
        total = self.young_total if key == "young" else self.total
        return Share(self.counts.get(key, 0), total)

    def rows(self) -> list[tuple[str, str, Share]]:
        """(key, label, share) in report order."""
        return [(key, label, self.share(key)) for key, label, _ in BREAKDOWN_ROWS]


def _breakdown(row: dict, prefix: str = "") -> Breakdown:
    return Breakdown(
        total=row[f"{prefix}total"],
        counts={key: row.get(f"{prefix}{key}", 0) for key in BREAKDOWN_KEYS},
        young_total=row.get(f"{prefix}young_total", 0),
    )


def _empty_breakdown() -> Breakdown:
    return Breakdown(total=0, counts=dict.fromkeys(BREAKDOWN_KEYS, 0))


def _counts(
    condition: Q | None,
    filters: dict[str, Q],
    *,
    count: str = "id",
    distinct: bool = False,
    prefix: str = "",
) -> dict[str, Count]:
    """COUNT(…) FILTER (WHERE condition AND breakdown) for the total and each row."""
    out = {f"{prefix}total": Count(count, filter=condition, distinct=distinct)}
    for key, extra in filters.items():
        both = extra if condition is None else condition & extra
        out[f"{prefix}{key}"] = Count(count, filter=both, distinct=distinct)
    return out


# --- Scope ---------------------------------------------------------------------------


def _unit_ids(*, user: User, unit: Unit | None) -> list[int] | None:
    """Units whose rows count: the chosen unit's subtree, or the user's scope (None:
    every unit). A unit outside the scope is a 404, as everywhere (STYLE R3)."""
    scope = unit_scope_ids(user=user)
    if unit is None:
        return scope
    if scope is not None and unit.pk not in scope:
        raise Http404("Không tìm thấy đơn vị")
    # The scope is a union of subtrees, so a visible unit's subtree lies inside it.
    return unit_subtree_ids(unit=unit)


def _until(end: dt.date | None, on: dt.date) -> dt.date:
    return on if end is None else min(end, on)


def _in_period(column: str, start: dt.date | None, until: dt.date) -> Q:
    condition = Q(**{f"{column}__lte": until})
    if start is not None:
        condition &= Q(**{f"{column}__gte": start})
    return condition


# --- Planning (Biểu 12B) -------------------------------------------------------------

# The post columns of Biểu 9A/12B (DOMAIN.md §11.2), by position code of the
# registry's list (cadre_registry/reference_data.py POSITIONS). Posts of any other
# code fall in "Chức danh khác", so the columns always add up to the total. The
# list has no post of the National Assembly delegation yet: its column reads 0
# until such codes are added.
POST_GROUPS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("bch", "Ủy viên Ban Chấp hành", ("uy_vien_bch_tinh_uy",)),
    ("btv", "Ủy viên Ban Thường vụ", ("uy_vien_btv_tinh_uy",)),
    (
        "bi_thu",
        "Bí thư cấp ủy",
        (
            "bi_thu_tinh_uy",
            "bi_thu_huyen_uy",
            "bi_thu_dang_uy_truc_thuoc",
            "bi_thu_dang_uy_xa",
            "bi_thu_dang_uy_co_so",
        ),
    ),
    (
        "pho_bi_thu",
        "Phó Bí thư cấp ủy",
        (
            "pho_bi_thu_thuong_truc_tinh_uy",
            "pho_bi_thu_tinh_uy",
            "pho_bi_thu_huyen_uy",
            "pho_bi_thu_dang_uy_truc_thuoc",
            "pho_bi_thu_dang_uy_xa",
            "pho_bi_thu_dang_uy_co_so",
        ),
    ),
    ("ct_hdnd", "Chủ tịch HĐND", ("chu_tich_hdnd_tinh",)),
    ("pct_hdnd", "Phó Chủ tịch HĐND", ("pho_chu_tich_hdnd_tinh",)),
    (
        "ct_ubnd",
        "Chủ tịch UBND",
        ("chu_tich_ubnd_tinh", "chu_tich_ubnd_huyen", "chu_tich_ubnd_xa"),
    ),
    (
        "pct_ubnd",
        "Phó Chủ tịch UBND",
        ("pho_chu_tich_ubnd_tinh", "pho_chu_tich_ubnd_huyen", "pho_chu_tich_ubnd_xa"),
    ),
    ("dbqh", "Trưởng, Phó Đoàn ĐBQH", ("truong_doan_dbqh", "pho_truong_doan_dbqh")),
    (
        "truong_ban",
        "Trưởng ban Đảng, MTTQ, đoàn thể",
        ("truong_ban", "chanh_van_phong", "chu_tich_ubmttq_tinh"),
    ),
    (
        "pho_ban",
        "Phó ban Đảng, MTTQ, đoàn thể",
        ("pho_truong_ban", "pho_chanh_van_phong"),
    ),
    ("giam_doc", "Giám đốc sở, ngành", ("giam_doc_so",)),
    ("pho_giam_doc", "Phó Giám đốc sở, ngành", ("pho_giam_doc_so",)),
    (
        "phong",
        "Trưởng, phó phòng, đơn vị sự nghiệp",
        ("truong_phong", "pho_truong_phong"),
    ),
    ("khac", "Chức danh khác", ()),
)
OTHER_GROUP = "khac"


def post_group_of(code: str) -> str:
    """The Biểu 12B column of a position code."""
    for key, _, codes in POST_GROUPS:
        if code in codes:
            return key
    return OTHER_GROUP


def _post_group(column: str) -> Case:
    return Case(
        *(
            When(**{f"{column}__in": codes}, then=Value(key))
            for key, _, codes in POST_GROUPS
            if codes
        ),
        default=Value(OTHER_GROUP),
    )


def _live(on: dt.date, prefix: str = "") -> Q:
    """In planning on `on`: approved by then, not removed by then."""
    return Q(**{f"{prefix}approved_on__lte": on}) & (
        Q(**{f"{prefix}removed_on__isnull": True})
        | Q(**{f"{prefix}removed_on__gt": on})
    )


def _pending(on: dt.date, prefix: str = "") -> Q:
    """Proposed by `on`, neither approved nor removed by then."""
    return (
        Q(**{f"{prefix}proposed_on__lte": on})
        & (
            Q(**{f"{prefix}approved_on__isnull": True})
            | Q(**{f"{prefix}approved_on__gt": on})
        )
        & (
            Q(**{f"{prefix}removed_on__isnull": True})
            | Q(**{f"{prefix}removed_on__gt": on})
        )
    )


def _young_line(term: Term) -> int | None:
    """Age under which a cadre of the term counts as young, by its rule version and
    level (QĐ 50: under 40 at provincial and district level, §7.2)."""
    return rules.planning_rules(term.rule_version).young_under.get(term.level)


def _young(terms: list[Term], on: dt.date) -> dict[str, Q]:
    """The "young" condition on an entry through its term's age line, and
    "young_total" (its term has a line); nothing when no term has one."""
    by_line: dict[int, list[int]] = {}
    for term in terms:
        line = _young_line(term)
        if line is not None:
            by_line.setdefault(line, []).append(term.pk)
    if not by_line:
        return {}
    young, known = Q(), Q()
    for line, ids in by_line.items():
        young |= Q(post__term_id__in=ids, person__birth_date__gt=born_by(on, line))
        known |= Q(post__term_id__in=ids)
    return {"young": young, "young_total": known}


@dataclass(frozen=True)
class PostFigures:
    """One planned post: its live entries, pending proposals and removals so far."""

    post: PlannedPost
    group: str
    live: int
    pending: int
    removed: int


@dataclass
class TermFigures:
    """One term: entries ("lượt") and people counted once, flows of the period."""

    term: Term
    live: int = 0
    people: int = 0
    pending: int = 0
    removals: dict[str, int] = field(default_factory=dict)
    round_additions: int = 0
    round_proposals: int = 0

    @property
    def removed(self) -> int:
        return sum(self.removals.values())


@dataclass(frozen=True)
class Target:
    """A composition target of the rule version (QĐ 50: women ≥25%, young ≥15%)."""

    key: str
    label: str
    percent: int
    share: Share
    clause: str

    @property
    def met(self) -> bool:
        return self.share.total == 0 or (self.share.percent or 0) >= self.percent


@dataclass
class PlanningStatistics:
    """Planning figures for a unit subtree (and a term) as of a date."""

    on: dt.date
    start: dt.date | None
    end: dt.date | None
    unit: Unit | None
    term: Term | None
    terms: list[TermFigures]
    posts: list[PostFigures]
    groups: dict[str, Breakdown]  # by post group, counted in entries
    entries: Breakdown  # every live entry ("lượt")
    people: Breakdown  # every person in planning, counted once
    sources: dict[str, int]  # live entries by source
    young_line: int | None  # the term's line; None for several terms or none known

    @property
    def live(self) -> int:
        return self.entries.total

    @property
    def pending(self) -> int:
        return sum(t.pending for t in self.terms)

    @property
    def removals(self) -> dict[str, int]:
        """Removals of the period by reason, every reason in the model's order."""
        return {
            reason: sum(t.removals.get(reason, 0) for t in self.terms)
            for reason in RemovalReason.values
        }

    @property
    def removed(self) -> int:
        return sum(self.removals.values())

    @property
    def round_additions(self) -> int:
        return sum(t.round_additions for t in self.terms)

    @property
    def round_proposals(self) -> int:
        return sum(t.round_proposals for t in self.terms)

    def source_share(self, source: str) -> Share:
        return Share(self.sources.get(source, 0), self.live)

    @property
    def entries_per_person(self) -> float | None:
        if not self.people.total:
            return None
        return round(self.live / self.people.total, 2)

    @property
    def targets(self) -> list[Target]:
        """The term's composition targets over the people counted once (warnings,
        never blocks: §7.1, §7.2 [44])."""
        if self.term is None:
            return []
        version = rules.planning_rules(self.term.rule_version)
        found = []
        if version.women_min_percent is not None:
            found.append(
                Target(
                    "women",
                    "Cán bộ nữ",
                    version.women_min_percent,
                    self.people.share("women"),
                    version.clause_structure,
                )
            )
        if version.young_min_percent is not None and self.young_line is not None:
            found.append(
                Target(
                    "young",
                    f"Cán bộ trẻ (dưới {self.young_line} tuổi)",
                    version.young_min_percent,
                    self.people.share("young"),
                    version.clause_structure,
                )
            )
        return found


def _planning_entries(
    *, unit_ids: list[int] | None, term: Term | None
) -> QuerySet[Entry]:
    entries = Entry.objects.all()
    if unit_ids is not None:
        entries = entries.filter(post__unit_id__in=unit_ids)
    if term is not None:
        entries = entries.filter(post__term=term)
    return entries.order_by()


def planning_statistics(
    *,
    user: User,
    term: Term | None = None,
    unit: Unit | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    on: dt.date | None = None,
) -> PlanningStatistics:
    """Biểu 12B figures for `unit`'s subtree (or the user's scope), one term or all,
    as they stood on `on` (default: the end of the period, else today); removals and
    review-round additions within [start, end]. Five aggregate queries (and the
    scope's), whatever the number of posts and entries."""
    if start is not None and end is not None and end < start:
        raise ValueError("end before start")
    on = on or end or timezone.localdate()
    until = _until(end, on)
    unit_ids = _unit_ids(user=user, unit=unit)
    terms = [term] if term is not None else list(Term.objects.order_by("-starts_on"))
    by_id = {t.pk: t for t in terms}
    live = _live(on)
    filters = _person_filters("person__", on)
    entries = _planning_entries(unit_ids=unit_ids, term=term)

    # 1. Posts with their live, pending and removed entries (posts with none too).
    posts = PlannedPost.objects.select_related("term", "unit", "position")
    if unit_ids is not None:
        posts = posts.filter(unit_id__in=unit_ids)
    if term is not None:
        posts = posts.filter(term=term)
    posts = posts.annotate(
        n_live=Count("entries", filter=_live(on, "entries__")),
        n_pending=Count("entries", filter=_pending(on, "entries__")),
        n_removed=Count("entries", filter=Q(entries__removed_on__lte=on)),
    ).order_by("term__starts_on", "unit__path", "-rank", "sort_order", "id")
    post_rows = [
        PostFigures(
            post=p,
            group=post_group_of(p.position.code),
            live=p.n_live,
            pending=p.n_pending,
            removed=p.n_removed,
        )
        for p in posts
    ]

    # 2. Live entries by post group (Biểu 12B columns), counted in entries.
    with_filters = {**filters, **_young(terms, on)}
    group_rows = (
        entries.filter(live)
        .annotate(post_group=_post_group("post__position__code"))
        .values("post_group")
        .annotate(**_counts(None, with_filters))
    )
    groups = {key: _empty_breakdown() for key, _, _ in POST_GROUPS}
    for row in group_rows:
        groups[row["post_group"]] = _breakdown(row)

    # 3. Every live entry, and the people behind them counted once; sources.
    totals = entries.filter(live).aggregate(
        **_counts(None, with_filters, prefix="e_"),
        **_counts(None, with_filters, count="person", distinct=True, prefix="p_"),
        **{
            f"source_{source}": Count("id", filter=Q(source=source))
            for source in Source.values
        },
    )

    # 4. Per term: entries, people once, pending, the period's removals by reason
    # and the review rounds' additions (approved, and proposed) in the period.
    removed = _in_period("removed_on", start, until)
    in_round = Q(added_in__isnull=False)
    term_rows = (
        entries.values("post__term_id")
        .annotate(
            live=Count("id", filter=live),
            people=Count("person", filter=live, distinct=True),
            pending=Count("id", filter=_pending(on)),
            round_additions=Count(
                "id", filter=in_round & _in_period("approved_on", start, until)
            ),
            round_proposals=Count(
                "id", filter=in_round & _in_period("proposed_on", start, until)
            ),
            **{
                f"removed_{reason}": Count(
                    "id", filter=removed & Q(removal_reason=reason)
                )
                for reason in RemovalReason.values
            },
        )
        .order_by()
    )
    term_figures = []
    for row in term_rows:
        figures = TermFigures(
            term=by_id[row["post__term_id"]],
            live=row["live"],
            people=row["people"],
            pending=row["pending"],
            removals={r: row[f"removed_{r}"] for r in RemovalReason.values},
            round_additions=row["round_additions"],
            round_proposals=row["round_proposals"],
        )
        term_figures.append(figures)
    term_figures.sort(key=lambda f: (f.term.starts_on, f.term.level), reverse=True)
    return PlanningStatistics(
        on=on,
        start=start,
        end=end,
        unit=unit,
        term=term,
        terms=term_figures,
        posts=post_rows,
        groups=groups,
        entries=_breakdown(totals, "e_"),
        people=_breakdown(totals, "p_"),
        sources={s: totals[f"source_{s}"] for s in Source.values},
        young_line=_young_line(term) if term is not None else None,
    )


# --- Rotation (Biểu 11) --------------------------------------------------------------

# Biểu 11 has no young-cadre or academic-title rows; its breakdowns are women,
# ethnic minority, religion, age, qualification and political theory (§9).
ROTATION_KEYS = tuple(k for k in BREAKDOWN_KEYS if k not in ("young", "pgs", "gs"))


@dataclass
class RotationStatistics:
    """Rotations started in a period, by direction (the rows of Biểu 11)."""

    start: dt.date
    end: dt.date
    on: dt.date
    unit: Unit | None
    directions: dict[str, Breakdown]  # every Direction, in its order
    ongoing: dict[str, int]  # rotations still running on `on`, by direction

    @property
    def total(self) -> Breakdown:
        return Breakdown(
            total=sum(b.total for b in self.directions.values()),
            counts={
                key: sum(b.counts[key] for b in self.directions.values())
                for key in BREAKDOWN_KEYS
            },
        )

    @property
    def total_ongoing(self) -> int:
        return sum(self.ongoing.values())


def rotation_statistics(
    *,
    user: User,
    start: dt.date,
    end: dt.date,
    unit: Unit | None = None,
    on: dt.date | None = None,
) -> RotationStatistics:
    """Biểu 11 figures: rotations from or to a unit of `unit`'s subtree (or the
    user's scope) started in [start, end] by `on` (default the end of the period),
    by direction with their breakdowns, and those still running on `on`. One
    aggregate query."""
    if end < start:
        raise ValueError("end before start")
    on = on or end
    unit_ids = _unit_ids(user=user, unit=unit)
    started = _in_period("start", start, _until(end, on))
    ongoing = Q(start__lte=on) & (Q(actual_end__isnull=True) | Q(actual_end__gt=on))
    filters = {
        k: v for k, v in _person_filters("person__", on).items() if k in ROTATION_KEYS
    }
    rotations = Rotation.objects.filter(started | ongoing)
    if unit_ids is not None:
        # A rotation belongs to the unit it leaves and to the one it goes to.
        rotations = rotations.filter(
            Q(from_unit_id__in=unit_ids) | Q(to_unit_id__in=unit_ids)
        )
    rows = {
        row["direction"]: row
        for row in rotations.order_by()
        .values("direction")
        .annotate(**_counts(started, filters), ongoing=Count("id", filter=ongoing))
    }
    directions, running = {}, {}
    for direction in Direction.values:
        row = rows.get(direction)
        directions[direction] = _breakdown(row) if row else _empty_breakdown()
        running[direction] = row["ongoing"] if row else 0
    return RotationStatistics(
        start=start, end=end, on=on, unit=unit, directions=directions, ongoing=running
    )


# --- Appointments (Biểu 13) ----------------------------------------------------------

# Biểu 13 groups by managing level (diện Trung ương / Ban Thường vụ Tỉnh ủy / Ban
# Thường vụ Huyện ủy quản lý, DOMAIN.md §11.2), recorded on each decision (chosen
# by the user, else planning.rules.default_managing_level from the unit's place);
# nominations for election (giới thiệu ứng cử) are decisions of their own kind.
APPOINTMENT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("appointed", "Tổng số bổ nhiệm"),
    ("reappointed", "Trong đó: bổ nhiệm lại"),
    ("women", "Trong đó: nữ"),
    ("minority", "Trong đó: dân tộc thiểu số"),
    ("extended", "Kéo dài thời gian giữ chức vụ đến tuổi nghỉ hưu"),
    ("dismissed", "Miễn nhiệm"),
    ("nominated", "Giới thiệu ứng cử"),
)
# Biểu 13's rows: the managing level recorded on each decision (DOMAIN.md §11.2).
APPOINTMENT_LEVELS = tuple(ManagingLevel.values)


@dataclass(frozen=True)
class AppointmentFigures:
    """Decisions of one level: appointments (of which reappointments, women,
    ethnic minorities), extensions to retirement, dismissals and nominations."""

    appointed: int = 0
    reappointed: int = 0
    women: int = 0
    minority: int = 0
    extended: int = 0
    dismissed: int = 0
    nominated: int = 0

    def values(self) -> list[int]:
        return [getattr(self, key) for key, _ in APPOINTMENT_COLUMNS]

    def share(self, key: str) -> Share:
        """A part of the appointments (reappointed, women, minority)."""
        return Share(getattr(self, key), self.appointed)


@dataclass
class AppointmentStatistics:
    """Decisions taking effect in a period, by their managing level."""

    start: dt.date
    end: dt.date
    on: dt.date
    unit: Unit | None
    levels: dict[str, AppointmentFigures]

    @property
    def total(self) -> AppointmentFigures:
        return AppointmentFigures(
            **{
                key: sum(getattr(f, key) for f in self.levels.values())
                for key, _ in APPOINTMENT_COLUMNS
            }
        )


def appointment_statistics(
    *,
    user: User,
    start: dt.date,
    end: dt.date,
    unit: Unit | None = None,
    on: dt.date | None = None,
) -> AppointmentStatistics:
    """Biểu 13 figures: decisions on posts in units of `unit`'s subtree (or the
    user's scope) taking effect in [start, end] by `on` (default the end of the
    period), by managing level: one aggregate query (plus the scope)."""
    if end < start:
        raise ValueError("end before start")
    on = on or end
    unit_ids = _unit_ids(user=user, unit=unit)
    appointments = Appointment.objects.filter(
        _in_period("effective_on", start, _until(end, on))
    )
    if unit_ids is not None:
        appointments = appointments.filter(unit_id__in=unit_ids)
    person = _person_filters("person__", on)
    appointed = Q(kind__in=[AppointmentKind.APPOINT, AppointmentKind.REAPPOINT])
    kinds = {
        "appointed": appointed,
        "reappointed": Q(kind=AppointmentKind.REAPPOINT),
        "women": appointed & person["women"],
        "minority": appointed & person["minority"],
        "extended": Q(kind=AppointmentKind.EXTEND),
        "dismissed": Q(kind=AppointmentKind.DISMISS),
        "nominated": Q(kind=AppointmentKind.NOMINATE),
    }
    by_level = {level: Q(managing_level=level) for level in APPOINTMENT_LEVELS}
    figures = appointments.order_by().aggregate(
        **{
            f"{level}_{key}": Count("id", filter=condition & by_level[level])
            for level in APPOINTMENT_LEVELS
            for key, condition in kinds.items()
        }
    )
    levels = {
        level: AppointmentFigures(
            **{key: figures[f"{level}_{key}"] for key, _ in APPOINTMENT_COLUMNS}
        )
        for level in APPOINTMENT_LEVELS
    }
    return AppointmentStatistics(start=start, end=end, on=on, unit=unit, levels=levels)
