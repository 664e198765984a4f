"""Training reads, scoped through the registry's one scope (`unit_scope_ids`,
`person_list`): a class is visible when it is run by a unit in the user's subtrees
or above them (a provincial class is open to every unit below), or when it holds
one of the user's people; a learner is visible only when the person is. Anything
else is a 404."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.http import Http404

from cadre_registry.models import Person, User
from cadre_registry.selectors import parse_pk, person_list, unit_scope_ids
from training import rules
from training.models import (
    Cohort,
    CourseType,
    Enrolment,
    EnrolmentStatus,
    PlanQuota,
    TrainingPlan,
)

ADMITTED = (EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED, EnrolmentStatus.FAILED)


def course_type_list() -> QuerySet[CourseType]:
    """Active course types in Biểu 10 order (reference data, the same for everyone)."""
    return CourseType.objects.filter(is_active=True).order_by("rank", "code")


def _open_unit_ids(user: User) -> list[int] | None:
    # The user's subtrees plus their ancestors: classes run above a unit take its
    # people. None: every unit (administrators).
    scope = unit_scope_ids(user=user)
    if scope is None:
        return None
    cached = getattr(user, "_training_unit_ids", None)
    if cached is not None:
        return cached
    ids = set(scope)
    for path in user.units.values_list("path", flat=True):
        ids.update(int(part) for part in path.strip("/").split("/"))
    user._training_unit_ids = sorted(ids)
    return user._training_unit_ids


def _people(user: User) -> QuerySet[Person] | None:
    return None if unit_scope_ids(user=user) is None else person_list(user=user)


# --- Plans ---------------------------------------------------------------------------


def plan_list(*, user: User) -> QuerySet[TrainingPlan]:
    """Plans of the units in the user's subtrees."""
    scope = unit_scope_ids(user=user)
    plans = TrainingPlan.objects.select_related("unit")
    return plans if scope is None else plans.filter(unit_id__in=scope)


def plan_get(*, user: User, pk: Any) -> TrainingPlan:
    """One plan in scope, or 404."""
    try:
        return plan_list(user=user).get(pk=parse_pk(pk))
    except TrainingPlan.DoesNotExist:
        raise Http404("Không tìm thấy kế hoạch") from None


@dataclass
class QuotaRow:
    quota: PlanQuota
    nominated: int
    enrolled: int
    completed: int

    @property
    def fulfilment(self) -> float | None:
        # Enrolled or completed over the quota (issue 4 statistics).
        return rules.fulfilment_percent(done=self.enrolled, quota=self.quota.quota)


def _count(statuses) -> Any:
    from django.db.models import Func, Subquery

    enrolments = Enrolment.objects.filter(
        cohort__course_type=OuterRef("course_type"),
        cohort__mode=OuterRef("mode"),
        cohort__start__year__gte=OuterRef("plan__year_from"),
        cohort__start__year__lte=OuterRef("plan__year_to"),
        nominating_unit__path__startswith=OuterRef("plan__unit__path"),
        status__in=statuses,
    )
    return Coalesce(
        Subquery(
            enrolments.order_by()
            .annotate(n=Func(F("id"), function="COUNT"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def plan_quota_rows(
    *, plans: list[TrainingPlan] | QuerySet
) -> dict[int, list[QuotaRow]]:
    """Quota vs nominated vs enrolled vs completed for each quota of the plans, in
    one query: learners nominated by a unit of the plan's subtree to a class of that
    course type and mode starting within the plan's years."""
    quotas = (
        PlanQuota.objects.filter(plan__in=plans)
        .select_related("course_type")
        .annotate(
            n_nominated=_count(sorted(rules.ACTIVE)),
            n_enrolled=_count(
                [EnrolmentStatus.ENROLLED.value, EnrolmentStatus.COMPLETED.value]
            ),
            n_completed=_count([EnrolmentStatus.COMPLETED.value]),
        )
        .order_by("plan_id", "course_type__rank", "-mode")  # tập trung first
    )
    rows: dict[int, list[QuotaRow]] = {}
    for quota in quotas:
        rows.setdefault(quota.plan_id, []).append(
            QuotaRow(
                quota=quota,
                nominated=quota.n_nominated,
                enrolled=quota.n_enrolled,
                completed=quota.n_completed,
            )
        )
    return rows


# --- Classes -------------------------------------------------------------------------


def cohort_list(*, user: User) -> QuerySet[Cohort]:
    """Classes the user may see: run at or above their units, or holding their people."""
    cohorts = Cohort.objects.select_related("course_type", "organising_unit")
    ids = _open_unit_ids(user)
    if ids is None:
        return cohorts
    mine = Enrolment.objects.filter(
        cohort=OuterRef("pk"), person__in=person_list(user=user)
    )
    return cohorts.filter(Q(organising_unit_id__in=ids) | Exists(mine))


def cohort_list_with_counts(*, user: User) -> QuerySet[Cohort]:
    """The classes list: each with its seats taken and the user's own learners."""
    people = _people(user)
    mine = Q(enrolments__status__in=rules.ACTIVE)
    if people is not None:
        mine &= Q(enrolments__person__in=people)
    return cohort_list(user=user).annotate(
        taken=Count("enrolments", filter=Q(enrolments__status__in=rules.ACTIVE)),
        mine=Count("enrolments", filter=mine),
    )


def cohort_get(*, user: User, pk: Any) -> Cohort:
    """One visible class, or 404."""
    try:
        return cohort_list(user=user).get(pk=parse_pk(pk))
    except Cohort.DoesNotExist:
        raise Http404("Không tìm thấy lớp") from None


def cohort_seats_taken(*, cohort: Cohort) -> int:
    """Learners holding a seat (all but the withdrawn), whoever's they are."""
    return cohort.enrolments.filter(status__in=rules.ACTIVE).count()


# --- Learners ------------------------------------------------------------------------


def enrolment_list(
    *, user: User, cohort: Cohort | None = None, person: Person | None = None
) -> QuerySet[Enrolment]:
    """Learners the user may see: their own people only, even in a class of others."""
    enrolments = Enrolment.objects.select_related(
        "person",
        "person__unit",
        "nominating_unit",
        "cohort",
        "cohort__course_type",
    )
    people = _people(user)
    if people is not None:
        enrolments = enrolments.filter(person__in=people)
    if cohort is not None:
        enrolments = enrolments.filter(cohort=cohort)
    if person is not None:
        enrolments = enrolments.filter(person=person)
    return enrolments


def cohort_roster(*, user: User, cohort: Cohort) -> QuerySet[Enrolment]:
    """A class's learners as the user may see them, in name order."""
    return enrolment_list(user=user, cohort=cohort).order_by("person__name_sort", "id")


def person_enrolments(*, user: User, person: Person) -> QuerySet[Enrolment]:
    """A person's classes, newest first (the person must already be in scope)."""
    return enrolment_list(user=user, person=person).order_by("-cohort__start", "-id")
