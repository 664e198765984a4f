"""Training writes: plans and quotas, classes, nominations and results. Each is one
transaction; seat counting locks the class row; a completion updates the person's
qualification and 2C training table, recorded in the change history with the
enrolment as the source."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from cadre_registry import services as registry
from cadre_registry.models import Person, SalaryRecord, TrainingRecord, Unit, User
from cadre_registry.selectors import unit_scope_ids
from training import rules
from training.models import (
    Cohort,
    CourseGroup,
    CourseType,
    Enrolment,
    EnrolmentStatus,
    Mode,
    Place,
    PlanQuota,
    Sponsorship,
    TrainingPlan,
)

# --- Permissions ---------------------------------------------------------------------


def _check_unit(*, unit: Unit, by: User) -> None:
    registry.check_can_edit(by=by, unit=unit)


def _check_people(*, unit_ids: set[int | None], by: User) -> None:
    if not by.can_edit_people:
        raise PermissionDenied("Bạn chỉ có quyền xem.")
    scope = unit_scope_ids(user=by)
    if scope is not None and not unit_ids <= set(scope):
        raise PermissionDenied("Có người nằm ngoài phạm vi được giao.")


def _dates_in_order(cohort: Cohort) -> None:
    if cohort.start and cohort.end and cohort.end < cohort.start:
        raise ValidationError(
            {"end": "Ngày bế giảng phải sau hoặc bằng ngày khai giảng."}
        )


def _clean(obj) -> None:
    obj.full_clean(exclude=["created_by"])


# --- Plans ---------------------------------------------------------------------------


@transaction.atomic
def plan_create(
    *,
    by: User,
    unit: Unit,
    title: str,
    year_from: int,
    year_to: int | None = None,
    targets: str = "",
) -> TrainingPlan:
    """Create a unit's training plan for a year, or for a period of years."""
    _check_unit(unit=unit, by=by)
    plan = TrainingPlan(
        unit=unit,
        title=" ".join(title.split()),
        year_from=year_from,
        year_to=year_to or year_from,
        targets=targets.strip(),
        created_by=by,
    )
    if plan.year_to < plan.year_from:
        raise ValidationError({"year_to": "Đến năm phải sau hoặc bằng từ năm."})
    _clean(plan)
    plan._history_user = by
    plan.save()
    return plan


@transaction.atomic
def plan_quota_set(
    *,
    plan: TrainingPlan,
    by: User,
    course_type: CourseType,
    mode: str,
    quota: int,
    target: str = "",
) -> PlanQuota:
    """Set the quota of a course type and mode in a plan (created or replaced)."""
    _check_unit(unit=plan.unit, by=by)
    row = (
        PlanQuota.objects.select_for_update()
        .filter(plan=plan, course_type=course_type, mode=mode)
        .first()
    ) or PlanQuota(plan=plan, course_type=course_type, mode=mode)
    row.quota, row.target = quota, target.strip()
    row.full_clean(validate_unique=False)
    row._history_user = by
    row.save()
    return row


# --- Classes -------------------------------------------------------------------------


@transaction.atomic
def cohort_create(
    *,
    by: User,
    name: str,
    course_type: CourseType,
    mode: str,
    institution: str,
    organising_unit: Unit,
    start: dt.date,
    end: dt.date,
    capacity: int,
    change_reason: str = "",
    **fields: Any,
) -> Cohort:
    """Open a class (lớp) of a course type for an organising unit."""
    _check_unit(unit=organising_unit, by=by)
    cohort = Cohort(
        name=" ".join(name.split()),
        course_type=course_type,
        mode=mode,
        institution=institution.strip(),
        organising_unit=organising_unit,
        start=start,
        end=end,
        capacity=capacity,
        created_by=by,
        **fields,
    )
    _dates_in_order(cohort)
    _clean(cohort)
    cohort._history_user = by
    if change_reason:
        cohort._change_reason = change_reason
    cohort.save()
    return cohort


@transaction.atomic
def cohort_update(
    *, cohort: Cohort, by: User, change_reason: str = "", **fields: Any
) -> Cohort:
    """Change a class (dates, capacity, status...); capacity never below the learners."""
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    _check_unit(unit=cohort.organising_unit, by=by)
    for name, value in fields.items():
        setattr(cohort, name, value)
    _dates_in_order(cohort)
    _clean(cohort)
    taken = cohort.enrolments.filter(status__in=rules.ACTIVE).count()
    if cohort.capacity < taken:
        raise ValidationError(
            {"capacity": f"Lớp đã có {taken} học viên; số tối đa không thể nhỏ hơn."}
        )
    _check_unit(unit=cohort.organising_unit, by=by)  # the new unit, if it moved
    cohort._history_user = by
    if change_reason:
        cohort._change_reason = change_reason
    cohort.save()
    return cohort


# --- Nominations ---------------------------------------------------------------------


@dataclass
class Nomination:
    enrolments: list[Enrolment]
    warnings: dict[int, list[str]] = field(default_factory=dict)  # person id → text


def _course(course_type: CourseType) -> rules.Course:
    grant, grants_list = None, ""
    for kind in ("political_theory", "state_management", "degree"):
        grant = getattr(course_type, f"grants_{kind}")
        if grant is not None:
            grants_list = kind
            break
    return rules.Course(
        name=course_type.name,
        target=course_type.target,
        grants_list=grants_list,
        grants_rank=grant.rank if grant else 0,
        grants_name=grant.name if grant else "",
    )


def _nominee(person: Person, on: dt.date) -> rules.Nominee:
    since = getattr(person, "grade_since", None)
    years = None
    if since is not None:
        years = on.year - since.year - ((on.month, on.day) < (since.month, since.day))
    return rules.Nominee(
        political_theory_rank=person.political_theory.rank
        if person.political_theory
        else 0,
        state_management_rank=person.state_management.rank
        if person.state_management
        else 0,
        degree_rank=person.highest_degree.rank if person.highest_degree else 0,
        grade_family=person.grade.report_family if person.grade else "",
        years_in_grade=years,
        is_leader=bool(person.position and person.position.is_leader),
        is_party_member=person.is_party_member,
    )


@transaction.atomic
def enrolments_nominate(
    *,
    cohort: Cohort,
    people: list[Person] | Any,
    nominating_unit: Unit,
    by: User,
    nominated_on: dt.date | None = None,
    sponsorship: str = Sponsorship.STATE,
    note: str = "",
    change_reason: str = "",
) -> Nomination:
    """Nominate several people to a class in one step: all or none. Blocks a full
    class, a second full-time class at the same time and a person already in the
    class; warns (does not block) about target groups and qualifications held.
    The number of queries does not depend on how many people are nominated."""
    _check_unit(unit=nominating_unit, by=by)
    # Serialise seat counting on the class row (STYLE R2).
    cohort = (
        Cohort.objects.select_for_update(of=("self",))
        .select_related(
            "course_type__grants_political_theory",
            "course_type__grants_state_management",
            "course_type__grants_degree",
        )
        .get(pk=cohort.pk)
    )
    if cohort.status in (Cohort.Status.FINISHED, Cohort.Status.CANCELLED):
        raise ValidationError(
            f"Lớp {cohort.get_status_display().lower()}: không thể cử thêm học viên."
        )
    ids = sorted({p.pk for p in people})
    if not ids:
        raise ValidationError("Chọn ít nhất một người để cử đi học.", code="empty")
    # Lock the people too, in id order: two classes nominating one person at the
    # same moment must not both pass the overlap check.
    since = (
        SalaryRecord.objects.filter(person=OuterRef("pk"), grade=OuterRef("grade"))
        .order_by("start")
        .values("start")[:1]
    )
    found = list(
        Person.objects.select_for_update(of=("self",))
        .filter(pk__in=ids)
        .select_related(
            "political_theory",
            "state_management",
            "highest_degree",
            "grade",
            "position",
        )
        .annotate(grade_since=Subquery(since))
        .order_by("pk")
    )
    if len(found) != len(ids):
        raise ValidationError("Có người không còn trong danh sách cán bộ.")
    _check_people(unit_ids={p.unit_id for p in found}, by=by)
    errors: list[str] = []
    already = set(
        Enrolment.objects.filter(cohort=cohort, person_id__in=ids).values_list(
            "person_id", flat=True
        )
    )
    for person in found:
        if person.pk in already:
            errors.append(f"{person.full_name}: đã có trong danh sách lớp.")
    taken = cohort.enrolments.filter(status__in=rules.ACTIVE).count()
    capacity = rules.capacity_error(
        capacity=cohort.capacity, taken=taken, adding=len(ids) - len(already)
    )
    if capacity:
        errors.append(capacity)
    if cohort.is_full_time:
        busy: dict[int, list[rules.Period]] = {}
        for other in (
            Enrolment.objects.filter(
                person_id__in=ids,
                status__in=rules.ACTIVE,
                cohort__mode=Mode.FULL_TIME,
                cohort__start__lte=cohort.end,
                cohort__end__gte=cohort.start,
            )
            .exclude(cohort=cohort)
            .select_related("cohort")
        ):
            busy.setdefault(other.person_id, []).append(
                rules.Period(
                    other.cohort.start, other.cohort.end, True, other.cohort.name
                )
            )
        new = rules.Period(cohort.start, cohort.end, True, cohort.name)
        for person in found:
            clash = rules.full_time_clash(new=new, existing=busy.get(person.pk, []))
            if clash:
                errors.append(
                    f"{person.full_name}: đang được cử học lớp tập trung “{clash.name}” "
                    f"({clash.start:%d/%m/%Y} – {clash.end:%d/%m/%Y}) trùng thời gian."
                )
    if errors:
        raise ValidationError(errors)
    course = _course(cohort.course_type)
    on = nominated_on or timezone.localdate()
    warnings = {}
    for person in found:
        found_warnings = rules.nomination_warnings(
            course=course, nominee=_nominee(person, cohort.start)
        )
        if found_warnings:
            warnings[person.pk] = found_warnings
    rows = [
        Enrolment(
            cohort=cohort,
            person=person,
            nominating_unit=nominating_unit,
            status=EnrolmentStatus.NOMINATED,
            nominated_on=on,
            sponsorship=sponsorship,
            note=note,
            created_by=by,
        )
        for person in found
    ]
    for row in rows:
        # Field checks only: the constraints would cost a query each per row, and
        # the database enforces them on the insert anyway.
        row.full_clean(
            exclude=["cohort", "person", "nominating_unit", "created_by"],
            validate_unique=False,
            validate_constraints=False,
        )
    created = bulk_create_with_history(
        rows,
        Enrolment,
        batch_size=500,
        default_user=by,
        default_change_reason=change_reason or f"Cử đi học lớp {cohort.name}",
    )
    return Nomination(enrolments=created, warnings=warnings)


# --- Results -------------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    """One learner's row of the class results form."""

    enrolment_id: int
    status: str
    finished_on: dt.date | None = None
    result: str = ""
    certificate_number: str = ""
    certificate_date: dt.date | None = None


CATEGORY = {
    CourseGroup.CHUYEN_MON: TrainingRecord.Category.PROFESSIONAL,
    CourseGroup.CHINH_TRI: TrainingRecord.Category.POLITICAL,
    CourseGroup.QPAN: TrainingRecord.Category.DEFENCE,
    CourseGroup.TIN_HOC: TrainingRecord.Category.IT,
    CourseGroup.NGOAI_NGU: TrainingRecord.Category.LANGUAGE,
}


@transaction.atomic
def cohort_results_record(
    *, cohort: Cohort, results: list[Result], by: User, change_reason: str = ""
) -> list[Enrolment]:
    """Record the results of a class at once: all rows or none. Each completion
    raises the person's qualification (when higher) and adds the 2C training row,
    in the change history with the enrolment as their source (and `change_reason`,
    an import say, before it)."""
    cohort = (
        Cohort.objects.select_for_update(of=("self",))
        .select_related("course_type")
        .get(pk=cohort.pk)
    )
    wanted = {r.enrolment_id: r for r in results}
    enrolments = list(
        Enrolment.objects.select_for_update(of=("self",))
        .filter(cohort=cohort, pk__in=wanted)
        .select_related("person")
        .order_by("pk")
    )
    if len(enrolments) != len(wanted):
        raise ValidationError("Có học viên không thuộc lớp này.")
    _check_people(unit_ids={e.person.unit_id for e in enrolments}, by=by)
    labels = dict(EnrolmentStatus.choices)
    errors: list[str] = []
    changed: list[Enrolment] = []
    completed: list[Enrolment] = []
    for enrolment in enrolments:
        row = wanted[enrolment.pk]
        name = enrolment.person.full_name
        if row.status not in labels:
            errors.append(f"{name}: trạng thái không hợp lệ.")
            continue
        path = rules.status_path(enrolment.status, row.status)
        if path is None:
            errors.append(
                f"{name}: không thể chuyển từ “{labels[enrolment.status]}” sang "
                f"“{labels[row.status]}”."
            )
            continue
        finished_on = row.finished_on if row.status in rules.ENDED else None
        if row.status in rules.ENDED and finished_on is None:
            finished_on = enrolment.finished_on
        problem = rules.finished_on_error(
            status=row.status,
            finished_on=finished_on,
            start=cohort.start,
            end=cohort.end,
        )
        if problem:
            errors.append(f"{name}: {problem}")
            continue
        if row.status != EnrolmentStatus.COMPLETED and (
            row.certificate_number.strip() or row.certificate_date
        ):
            errors.append(
                f"{name}: chỉ học viên hoàn thành mới có văn bằng, chứng chỉ."
            )
            continue
        enrolled_on = enrolment.enrolled_on
        if EnrolmentStatus.ENROLLED in path and enrolled_on is None:
            enrolled_on = max(cohort.start, enrolment.nominated_on)
        start_of_learning = enrolled_on or enrolment.nominated_on
        if finished_on is not None and finished_on < start_of_learning:
            errors.append(
                f"{name}: ngày kết thúc học phải sau ngày "
                f"{'nhập học' if enrolled_on else 'cử'} {start_of_learning:%d/%m/%Y}."
            )
            continue
        if row.certificate_date and finished_on and row.certificate_date < finished_on:
            errors.append(f"{name}: ngày cấp văn bằng phải sau ngày hoàn thành.")
            continue
        values = {
            "status": row.status,
            "enrolled_on": enrolled_on,
            "finished_on": finished_on,
            "result": row.result.strip(),
            "certificate_number": row.certificate_number.strip(),
            "certificate_date": row.certificate_date,
        }
        if all(getattr(enrolment, k) == v for k, v in values.items()):
            continue
        newly_completed = (
            row.status == EnrolmentStatus.COMPLETED
            and enrolment.status != EnrolmentStatus.COMPLETED
        )
        for key, value in values.items():
            setattr(enrolment, key, value)
        changed.append(enrolment)
        if newly_completed:
            completed.append(enrolment)
    if errors:
        raise ValidationError(errors)
    _completions_apply(enrolments=completed, cohort=cohort, by=by, source=change_reason)
    if changed:
        bulk_update_with_history(
            changed,
            Enrolment,
            fields=[
                "status",
                "enrolled_on",
                "finished_on",
                "result",
                "certificate_number",
                "certificate_date",
                "training_record",
            ],
            default_user=by,
            default_change_reason=change_reason or f"Ghi kết quả lớp {cohort.name}",
        )
    return changed


GRANTS = (
    ("grants_political_theory", "political_theory"),
    ("grants_state_management", "state_management"),
    ("grants_degree", "highest_degree"),
)


def _training_record(*, enrolment: Enrolment, cohort: Cohort) -> TrainingRecord:
    course = cohort.course_type
    if course.grants_degree is not None:
        qualification = course.grants_degree.name
    elif course.is_long:
        qualification = course.name
    else:
        qualification = f"Chứng chỉ {course.name[:1].lower()}{course.name[1:]}"
    if enrolment.certificate_number:
        qualification += f" (số {enrolment.certificate_number})"
    return TrainingRecord(
        person_id=enrolment.person_id,
        category=CATEGORY.get(course.group, TrainingRecord.Category.STATE_MANAGEMENT),
        institution=cohort.institution[:255],
        mode=("" if course.is_long else "Bồi dưỡng, ")
        + cohort.get_mode_display().lower(),
        qualification=qualification[:255],
        abroad=course.place == Place.ABROAD,
        start=enrolment.enrolled_on or cohort.start,
        end=enrolment.finished_on,
    )


def _completions_apply(
    *, enrolments: list[Enrolment], cohort: Cohort, by: User, source: str = ""
) -> list[TrainingRecord]:
    # Set-wise, so a 200-learner class is a handful of statements: the people's
    # rows are locked as the registry's services lock them, their levels raised
    # where the course grants a higher one, and the 2C training rows added, both
    # through django-simple-history like every registry write, each history row
    # giving the enrolment as its reason. Scope was checked by the caller; these
    # columns feed none of the values person_refresh_current derives.
    if not enrolments:
        return []
    course = cohort.course_type
    people = {
        person.pk: person
        for person in Person.objects.select_for_update(of=("self",))
        .filter(pk__in=[e.person_id for e in enrolments])
        .select_related(*(attr for _, attr in GRANTS))
        .order_by("pk")
    }
    now = timezone.now()
    raised: list[Person] = []
    fields: set[str] = set()
    records: list[TrainingRecord] = []
    for enrolment in enrolments:
        reason = f"Hoàn thành lớp {cohort.name} (học viên #{enrolment.pk})"
        if source:
            reason = f"{source}: học viên #{enrolment.pk} hoàn thành lớp {cohort.name}"
        person = people[enrolment.person_id]
        changed = False
        for grant_attr, attr in GRANTS:
            grant, held = getattr(course, grant_attr), getattr(person, attr)
            if grant is not None and (held is None or held.rank < grant.rank):
                setattr(person, attr, grant)
                fields.add(attr)
                changed = True
        if changed:
            person.updated_at = now
            person._change_reason = reason
            raised.append(person)
        record = _training_record(enrolment=enrolment, cohort=cohort)
        record.full_clean(exclude=["person"], validate_constraints=False)
        record._change_reason = reason
        records.append(record)
        enrolment._change_reason = reason
    if raised:
        bulk_update_with_history(
            raised, Person, fields=sorted(fields) + ["updated_at"], default_user=by
        )
    bulk_create_with_history(records, TrainingRecord, default_user=by)
    for enrolment, record in zip(enrolments, records, strict=True):
        enrolment.training_record = record
    return records


DETAILS = ("nominating_unit", "nominated_on", "enrolled_on", "sponsorship")


@transaction.atomic
def enrolments_details_set(
    *, changes: dict[int, dict[str, Any]], by: User, change_reason: str = ""
) -> list[Enrolment]:
    """Change the nomination details of learners (nominating unit, dates, funding)
    in one statement: all rows or none; the people and the units must be in scope."""
    if not changes:
        return []
    enrolments = list(
        Enrolment.objects.select_for_update(of=("self",))
        .filter(pk__in=changes)
        .select_related("person", "nominating_unit")
        .order_by("pk")
    )
    if len(enrolments) != len(changes):
        raise ValidationError("Có học viên không còn trong danh sách lớp.")
    _check_people(unit_ids={e.person.unit_id for e in enrolments}, by=by)
    units = {
        unit.pk: unit
        for unit in Unit.objects.filter(
            pk__in={
                values["nominating_unit"].pk
                for values in changes.values()
                if "nominating_unit" in values
            }
        )
    }
    for unit in units.values():
        _check_unit(unit=unit, by=by)
    for enrolment in enrolments:
        for name, value in changes[enrolment.pk].items():
            if name not in DETAILS:
                raise ValueError(f"not a nomination detail: {name}")
            setattr(enrolment, name, value)
        if enrolment.enrolled_on and enrolment.enrolled_on < enrolment.nominated_on:
            raise ValidationError(
                f"{enrolment.person.full_name}: ngày nhập học phải sau hoặc bằng ngày cử."
            )
    bulk_update_with_history(
        enrolments,
        Enrolment,
        fields=list(DETAILS),
        default_user=by,
        default_change_reason=change_reason or "Sửa thông tin cử đi học",
    )
    return enrolments
