"""Training statistics (thống kê đào tạo, bồi dưỡng) for a period, a unit subtree and
a reference date: the figures of Biểu 10-BTCTW (DOMAIN.md §8, §11.2) and of the
training reports (issue 4), reused by the reports app.

Every figure is computed in the database, one aggregate query per table
(`COUNT(*) FILTER (WHERE …)` grouped by course type and mode): enrolments, classes
and plan quotas, so the number of queries does not grow with the rows. Scope comes
from the registry's selectors: learners are the user's people (`person_list`),
classes and plans those of units in the user's subtrees (`unit_scope_ids`,
`unit_subtree_ids`).

Definitions (the period is a date range; `on` is the reference date, "as of"):

- A class belongs to the period in which it opens (its start date); cancelled
  classes and classes not yet opened on `on` are left out.
- Statuses are read back to `on` from the enrolment's dates: nominated when
  `nominated_on` ≤ on; admitted when `enrolled_on` ≤ on; completed, failed or
  withdrawn when that is its status and `finished_on` ≤ on (before that it was
  still enrolled).
- People trained (số người được đào tạo, bồi dưỡng) are learner places (lượt người):
  admitted and not withdrawn by `on`. Completions: completed by `on`.
- Plan fulfilment (issue 4): enrolled or completed (admitted, not failed or
  withdrawn by `on`) over the quota of the plans of the subtree's units whose years
  meet the period's years.
- Level of the learner's unit (Biểu 10 columns cấp tỉnh / cấp huyện / cấp xã): the
  nominating unit's place in the tree: commune level when it or an ancestor is a
  xã, phường; district level when it or an ancestor is a huyện ủy (and not a
  commune); provincial level otherwise. The nominating unit is the learner's unit
  when they were sent, so the split does not move when the person does.
- Leaders and managers (trong đó: cán bộ lãnh đạo, quản lý): learners holding a post
  marked `is_leader` on `on`, read from the dated assignments (DOMAIN.md: statistics
  as of any date).
- Classes by organising level (Biểu 10: số lớp do tỉnh ủy mở / do huyện ủy mở): the
  organising unit's level as above.
- Average learners per class: the learners admitted (whoever's) over the classes
  opened by the subtree's units, per mode, one decimal. Class sizes are not
  personal data: the class list shows them to every user who sees the class.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from cadre_registry.models import Assignment, Unit, User
from cadre_registry.models.units import UnitKind
from cadre_registry.selectors import person_list, unit_scope_ids, unit_subtree_ids
from training.models import (
    Cohort,
    CourseType,
    Enrolment,
    EnrolmentStatus,
    Mode,
    PlanQuota,
)

PROVINCIAL, DISTRICT, COMMUNE = "tinh", "huyen", "xa"
LEVEL_LABELS = {PROVINCIAL: "Cấp tỉnh", DISTRICT: "Cấp huyện", COMMUNE: "Cấp xã"}

# The units at district and commune level: every unit of the subtree of a huyện ủy
# or a xã, phường, found by exploding each unit's path into its ancestors (one query
# over the unit tree, a few thousand rows). The ids go back into the aggregates as
# constant IN lists, which PostgreSQL (14+) probes as hash tables; an IN subquery
# there was planned as a linear scan per row when its size was misjudged.
_UNIT_LEVELS = """
    SELECT u.id, bool_or(a.kind = %s) FROM cadre_registry_unit u
    CROSS JOIN LATERAL unnest(string_to_array(rtrim(u.path, '/'), '/')::bigint[])
        AS ancestor(id)
    JOIN cadre_registry_unit a ON a.id = ancestor.id
    WHERE a.kind IN (%s, %s)
    GROUP BY u.id
"""


def _unit_levels() -> dict[str, list[int]]:
    """Ids of the units at commune and at district level (the rest: provincial)."""
    with connection.cursor() as cursor:
        cursor.execute(
            _UNIT_LEVELS, [UnitKind.COMMUNE, UnitKind.COMMUNE, UnitKind.DISTRICT]
        )
        rows = cursor.fetchall()
    return {
        COMMUNE: [pk for pk, commune in rows if commune],
        DISTRICT: [pk for pk, commune in rows if not commune],
    }


def _level_filters(column: str, levels: dict[str, list[int]]) -> dict[str, Q]:
    """Q objects splitting rows by the level of the unit in `column`."""
    commune = Q(**{f"{column}__in": levels[COMMUNE] or [0]})
    district = Q(**{f"{column}__in": levels[DISTRICT] or [0]})
    return {COMMUNE: commune, DISTRICT: district, PROVINCIAL: ~commune & ~district}


def _leader_ids(on: dt.date) -> list[int]:
    """People holding a leader's or manager's post on the date (dated assignments)."""
    return list(
        Assignment.objects.filter(
            Q(end__isnull=True) | Q(end__gte=on),
            position__is_leader=True,
            start__lte=on,
        )
        .order_by()
        .values_list("person_id", flat=True)
        .distinct()
    )


def _round1(value: Decimal) -> float:
    return float(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


# --- Results -------------------------------------------------------------------------


@dataclass(frozen=True)
class Share:
    """A count and its denominator; `percent` with one decimal, None without one."""

    count: int
    total: int

    @property
    def percent(self) -> float | None:
        if self.total <= 0:
            return None
        return _round1(Decimal(100 * self.count) / Decimal(self.total))


@dataclass(frozen=True)
class Average:
    """Learners over classes, one decimal (None without a class)."""

    learners: int
    classes: int

    @property
    def value(self) -> float | None:
        if self.classes <= 0:
            return None
        return _round1(Decimal(self.learners) / Decimal(self.classes))


@dataclass(frozen=True)
class Ratio:
    """Full-time to part-time places written "1:x.x" (issue 4; DOMAIN.md §8 on the
    "1:1.2" ratio of the reports): part-time places per full-time place."""

    full_time: int
    part_time: int

    @property
    def text(self) -> str:
        if self.full_time <= 0:
            return "—"
        value = _round1(Decimal(self.part_time) / Decimal(self.full_time))
        return f"1:{value:.1f}"


@dataclass
class Row:
    """The figures of one course type in one mode."""

    course_type: CourseType
    mode: str
    nominated: int = 0
    trained: int = 0
    trained_by_level: dict[str, int] = field(default_factory=dict)
    trained_leaders: int = 0
    completed: int = 0
    failed: int = 0
    enrolled_or_completed: int = 0
    classes: int = 0
    classes_by_level: dict[str, int] = field(default_factory=dict)
    class_learners: int = 0
    quota: int = 0

    @property
    def fulfilment(self) -> Share:
        return Share(self.enrolled_or_completed, self.quota)

    @property
    def completion(self) -> Share:
        return Share(self.completed, self.trained)

    @property
    def leaders(self) -> Share:
        return Share(self.trained_leaders, self.trained)

    @property
    def average_learners(self) -> Average:
        return Average(self.class_learners, self.classes)


@dataclass
class TrainingStatistics:
    """Training figures of a period for a unit subtree, as of a date."""

    start: dt.date
    end: dt.date
    on: dt.date
    unit: Unit | None
    rows: dict[tuple[str, str], Row]
    course_types: list[CourseType] = field(repr=False)

    def row(self, code: str, mode: str) -> Row:
        """The row of a course type (by code) and mode; zeros when nothing happened."""
        found = self.rows.get((code, mode))
        if found is not None:
            return found
        course_type = next(c for c in self.course_types if c.code == code)
        return Row(
            course_type=course_type,
            mode=mode,
            trained_by_level=dict.fromkeys(LEVEL_LABELS, 0),
            classes_by_level=dict.fromkeys(LEVEL_LABELS, 0),
        )

    def _sum(self, rows: Iterable[Row], attribute: str) -> int:
        return sum(getattr(r, attribute) for r in rows)

    def _of_type(self, code: str) -> list[Row]:
        return [r for (c, _), r in self.rows.items() if c == code]

    def _of_mode(self, mode: str) -> list[Row]:
        return [r for (_, m), r in self.rows.items() if m == mode]

    def trained(self, *, code: str | None = None, mode: str | None = None) -> int:
        """People trained (learner places), for a course type and/or mode or all."""
        rows = self.rows.values()
        return self._sum(
            (
                r
                for r in rows
                if (code is None or r.course_type.code == code)
                and (mode is None or r.mode == mode)
            ),
            "trained",
        )

    @property
    def total_trained(self) -> int:
        return self._sum(self.rows.values(), "trained")

    @property
    def total_completed(self) -> int:
        return self._sum(self.rows.values(), "completed")

    @property
    def total_classes(self) -> int:
        return self._sum(self.rows.values(), "classes")

    @property
    def completion(self) -> Share:
        return Share(self.total_completed, self.total_trained)

    @property
    def leaders(self) -> Share:
        return Share(
            self._sum(self.rows.values(), "trained_leaders"), self.total_trained
        )

    def trained_by_level(self) -> dict[str, Share]:
        """Learners by the level of their unit, each over all learners."""
        total = self.total_trained
        return {
            level: Share(
                sum(r.trained_by_level[level] for r in self.rows.values()), total
            )
            for level in LEVEL_LABELS
        }

    def classes_of(self, *, code: str | None = None, mode: str | None = None) -> int:
        """Classes opened, for a course type and/or mode or all."""
        return self._sum(
            (
                r
                for r in self.rows.values()
                if (code is None or r.course_type.code == code)
                and (mode is None or r.mode == mode)
            ),
            "classes",
        )

    def average_learners(self, mode: str) -> Average:
        """Average learners per class of a mode, over every course type."""
        rows = self._of_mode(mode)
        return Average(self._sum(rows, "class_learners"), self._sum(rows, "classes"))

    def fulfilment(self, code: str) -> Share:
        """Plan fulfilment of a course type, both modes: enrolled or completed / quota."""
        rows = self._of_type(code)
        return Share(self._sum(rows, "enrolled_or_completed"), self._sum(rows, "quota"))

    def fulfilment_by_type(self) -> dict[str, Share]:
        """Fulfilment of every course type that has a quota, in report order."""
        return {
            c.code: self.fulfilment(c.code)
            for c in self.course_types
            if self._sum(self._of_type(c.code), "quota")
        }

    def mode_ratio(self, code: str) -> Ratio:
        """Full-time to part-time learners of one level (course type)."""
        return Ratio(
            self.row(code, Mode.FULL_TIME).trained,
            self.row(code, Mode.PART_TIME).trained,
        )

    def mode_ratios(self) -> dict[str, Ratio]:
        """The ratio for each level Biểu 10 splits by mode (trung cấp, cao cấp, cử
        nhân lý luận chính trị; DOMAIN.md §8)."""
        return {c.code: self.mode_ratio(c.code) for c in self.course_types if c.by_mode}


# --- The queries ---------------------------------------------------------------------


def _unit_ids(*, user: User, unit: Unit | None) -> list[int] | None:
    """Units whose classes and plans count: the subtree within the user's scope."""
    scope = unit_scope_ids(user=user)
    if unit is None:
        return scope
    subtree = unit_subtree_ids(unit=unit)
    if scope is None:
        return subtree
    allowed = set(scope)
    return [pk for pk in subtree if pk in allowed]


def _enrolment_query(*, user, unit, start, end, on, levels, leaders) -> QuerySet:
    withdrawn = Q(status=EnrolmentStatus.WITHDRAWN, finished_on__lte=on)
    failed = Q(status=EnrolmentStatus.FAILED, finished_on__lte=on)
    trained = Q(enrolled_on__lte=on) & ~withdrawn
    by_level = _level_filters("nominating_unit_id", levels)
    enrolments = Enrolment.objects.filter(
        cohort__start__gte=start,
        cohort__start__lte=min(end, on),
        nominated_on__lte=on,
    ).exclude(cohort__status=Cohort.Status.CANCELLED)
    if unit is not None or unit_scope_ids(user=user) is not None:
        enrolments = enrolments.filter(person__in=person_list(user=user, unit=unit))
    return (
        enrolments.order_by()
        .values("cohort__course_type_id", "cohort__mode")
        .annotate(
            nominated=Count("id", filter=~withdrawn),
            trained=Count("id", filter=trained),
            completed=Count(
                "id", filter=Q(status=EnrolmentStatus.COMPLETED, finished_on__lte=on)
            ),
            failed=Count("id", filter=failed),
            enrolled_or_completed=Count("id", filter=trained & ~failed),
            trained_leaders=Count(
                "id", filter=trained & Q(person_id__in=leaders or [0])
            ),
            **{
                f"trained_{level}": Count("id", filter=trained & condition)
                for level, condition in by_level.items()
            },
        )
    )


def _cohort_query(*, unit_ids, start, end, on, levels) -> QuerySet:
    admitted = Q(
        enrolments__enrolled_on__lte=on,
    ) & ~Q(
        enrolments__status=EnrolmentStatus.WITHDRAWN,
        enrolments__finished_on__lte=on,
    )
    cohorts = Cohort.objects.filter(start__gte=start, start__lte=min(end, on)).exclude(
        status=Cohort.Status.CANCELLED
    )
    if unit_ids is not None:
        cohorts = cohorts.filter(organising_unit_id__in=unit_ids)
    by_level = _level_filters("organising_unit_id", levels)
    return (
        cohorts.order_by()
        .values("course_type_id", "mode")
        .annotate(
            classes=Count("id", distinct=True),
            class_learners=Count("enrolments", filter=admitted),
            **{
                f"classes_{level}": Count("id", distinct=True, filter=condition)
                for level, condition in by_level.items()
            },
        )
    )


def _quota_query(*, unit_ids, start, end) -> QuerySet:
    quotas = PlanQuota.objects.filter(
        plan__year_from__lte=end.year, plan__year_to__gte=start.year
    )
    if unit_ids is not None:
        quotas = quotas.filter(plan__unit_id__in=unit_ids)
    return (
        quotas.order_by().values("course_type_id", "mode").annotate(quota=Sum("quota"))
    )


def training_statistics(
    *,
    user: User,
    start: dt.date,
    end: dt.date,
    unit: Unit | None = None,
    on: dt.date | None = None,
) -> TrainingStatistics:
    """Biểu 10 figures of the period [start, end] for `unit`'s subtree (or the user's
    whole scope), as they stood on `on` (default today): three aggregate queries,
    whatever the number of classes and learners. `unit` must be in scope (else 404,
    as `person_list` decides)."""
    if end < start:
        raise ValueError("end before start")
    on = on or timezone.localdate()
    course_types = list(CourseType.objects.order_by("rank", "code"))
    by_id = {c.pk: c for c in course_types}
    rows: dict[tuple[str, str], Row] = {}
    levels = _unit_levels()
    leaders = _leader_ids(on)

    def row(course_type_id: int, mode: str) -> Row:
        course_type = by_id[course_type_id]
        key = (course_type.code, mode)
        if key not in rows:
            rows[key] = Row(
                course_type=course_type,
                mode=mode,
                trained_by_level=dict.fromkeys(LEVEL_LABELS, 0),
                classes_by_level=dict.fromkeys(LEVEL_LABELS, 0),
            )
        return rows[key]

    for figures in _enrolment_query(
        user=user,
        unit=unit,
        start=start,
        end=end,
        on=on,
        levels=levels,
        leaders=leaders,
    ):
        target = row(figures["cohort__course_type_id"], figures["cohort__mode"])
        for name in (
            "nominated",
            "trained",
            "completed",
            "failed",
            "enrolled_or_completed",
            "trained_leaders",
        ):
            setattr(target, name, figures[name])
        for level in LEVEL_LABELS:
            target.trained_by_level[level] = figures[f"trained_{level}"]
    unit_ids = _unit_ids(user=user, unit=unit)
    for figures in _cohort_query(
        unit_ids=unit_ids, start=start, end=end, on=on, levels=levels
    ):
        target = row(figures["course_type_id"], figures["mode"])
        target.classes = figures["classes"]
        target.class_learners = figures["class_learners"]
        for level in LEVEL_LABELS:
            target.classes_by_level[level] = figures[f"classes_{level}"]
    for figures in _quota_query(unit_ids=unit_ids, start=start, end=end):
        row(figures["course_type_id"], figures["mode"]).quota = figures["quota"]
    ordered = dict(
        sorted(
            rows.items(),
            key=lambda item: (
                item[1].course_type.rank,
                item[1].course_type.code,
                item[1].mode != Mode.FULL_TIME,
            ),
        )
    )
    return TrainingStatistics(
        start=start, end=end, on=on, unit=unit, rows=ordered, course_types=course_types
    )
