"""A year of training for the demo province (`make run`): a plan with quotas, three
classes and their learners, some of them completed, all through the services so
that the profiles, the 2C training table and the history show it."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from cadre_registry.models import Person, Unit, User
from training import services
from training.models import Cohort, CourseType, Mode, TrainingPlan

# (course type code, mode, quota, class name, start, end, capacity, learners, done)
CLASSES = [
    (
        "llct_trung_cap",
        Mode.FULL_TIME,
        20,
        "Trung cấp lý luận chính trị - hành chính K45",
        (2026, 3, 2),
        (2026, 9, 30),
        40,
        12,
        10,
    ),
    (
        "qlnn_chuyen_vien_chinh",
        Mode.PART_TIME,
        15,
        "Bồi dưỡng ngạch chuyên viên chính 2026",
        (2026, 5, 4),
        (2026, 7, 31),
        60,
        10,
        9,
    ),
    (
        "llct_cao_cap",
        Mode.PART_TIME,
        10,
        "Cao cấp lý luận chính trị hệ không tập trung 2026-2027",
        (2026, 9, 7),
        (2027, 12, 20),
        50,
        6,
        0,
    ),
]


@transaction.atomic
def create_training_demo(*, by: User) -> bool:
    """Create the demo plan and classes once; False when a plan already exists."""
    if TrainingPlan.objects.exists():
        return False
    root = Unit.objects.filter(parent__isnull=True).order_by("id").first()
    if root is None:
        return False
    # The plan is the demo organizer's unit's (so `tochuc` sees its fulfilment); the
    # classes are the province's school's, as in real life.
    organizer = User.objects.filter(username="tochuc").first()
    unit = (organizer.units.order_by("id").first() if organizer else None) or root
    plan = services.plan_create(
        by=by,
        unit=unit,
        title="Kế hoạch đào tạo, bồi dưỡng cán bộ năm 2026",
        year_from=2026,
        targets="Cán bộ trong quy hoạch chưa đạt chuẩn lý luận chính trị, QLNN.",
    )
    # Serving people, in name order, not already holding anything: the same people
    # are never in two classes, so no full-time clash can arise.
    pool = list(
        Person.objects.filter(left_on__isnull=True, unit__path__startswith=unit.path)
        .select_related("unit")
        .order_by("name_sort", "id")[:200]
    )
    taken = 0
    for code, mode, quota, name, start, end, capacity, learners, done in CLASSES:
        course = CourseType.objects.get(code=code)
        services.plan_quota_set(
            plan=plan, by=by, course_type=course, mode=mode, quota=quota
        )
        cohort = services.cohort_create(
            by=by,
            name=name,
            course_type=course,
            mode=mode,
            institution="Trường Chính trị tỉnh",
            organising_unit=root,
            start=dt.date(*start),
            end=dt.date(*end),
            capacity=capacity,
            location="Trường Chính trị tỉnh",
            status=Cohort.Status.RUNNING,
        )
        people = pool[taken : taken + learners]
        taken += learners
        nomination = services.enrolments_nominate(
            cohort=cohort,
            people=people,
            nominating_unit=unit,
            nominated_on=dt.date(*start) - dt.timedelta(days=20),
            by=by,
        )
        finished = dt.date(*end)
        results = [
            services.Result(
                enrolment.pk,
                "completed",
                finished_on=finished,
                result="Khá" if index % 3 else "Giỏi",
                certificate_number=f"{cohort.pk:03d}/{index + 1:03d}",
                certificate_date=finished,
            )
            for index, enrolment in enumerate(nomination.enrolments[:done])
        ]
        # The rest: still studying in a running class, failed in a finished one.
        rest = "failed" if done else "enrolled"
        results += [
            services.Result(enrolment.pk, rest, finished_on=finished if done else None)
            for enrolment in nomination.enrolments[done:]
        ]
        services.cohort_results_record(cohort=cohort, results=results, by=by)
        if done:
            services.cohort_update(cohort=cohort, by=by, status=Cohort.Status.FINISHED)
    return True
