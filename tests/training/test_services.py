"""Training services: plans, classes, bulk nomination, results and the completion
that updates the person's qualification and 2C training table."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from cadre_registry import services as registry
from cadre_registry.history import person_change_log
from cadre_registry.models import (
    Grade,
    Person,
    PoliticalTheoryLevel,
    Position,
    SalaryRecord,
)
from tests import factories
from training import selectors, services
from training.models import Enrolment, EnrolmentStatus
from training.services import Result

JAN = dt.date(2026, 1, 15)  # nominations go out before the classes start


def _people(tree, n, unit=None, **fields):
    return [factories.person(unit=unit or tree["office"], **fields) for _ in range(n)]


def test_plan_and_quota(tree, personas, course_types):
    plan = services.plan_create(
        by=personas["clerk"],
        unit=tree["home"],
        title="  Kế hoạch  2026 ",
        year_from=2026,
    )
    assert (plan.title, plan.year_to, plan.period) == ("Kế hoạch 2026", 2026, "2026")
    services.plan_quota_set(
        plan=plan,
        by=personas["clerk"],
        course_type=course_types["llct_cao_cap"],
        mode="tap_trung",
        quota=5,
    )
    again = services.plan_quota_set(
        plan=plan,
        by=personas["clerk"],
        course_type=course_types["llct_cao_cap"],
        mode="tap_trung",
        quota=7,
    )
    assert plan.quotas.get().quota == again.quota == 7


def test_plan_outside_scope_is_refused(tree, personas):
    with pytest.raises(PermissionDenied):
        services.plan_create(
            by=personas["clerk"], unit=tree["other"], title="X", year_from=2026
        )
    with pytest.raises(PermissionDenied):
        services.plan_create(
            by=personas["leader"], unit=tree["home"], title="X", year_from=2026
        )


def test_plan_years_must_be_in_order(tree, personas):
    with pytest.raises(ValidationError):
        services.plan_create(
            by=personas["clerk"],
            unit=tree["home"],
            title="X",
            year_from=2027,
            year_to=2026,
        )


def test_cohort_end_before_start_is_refused(tree, personas, course_types):
    with pytest.raises(ValidationError) as error:
        services.cohort_create(
            by=personas["admin"],
            name="Lớp",
            course_type=course_types["tin_hoc"],
            mode="tap_trung",
            institution="Trường",
            organising_unit=tree["province"],
            start=dt.date(2026, 5, 1),
            end=dt.date(2026, 4, 1),
            capacity=5,
        )
    assert "end" in error.value.message_dict


def test_nominating_many_costs_the_same_queries_as_few(tree, personas, cohort):
    def full_time_class(year):
        return services.cohort_create(
            by=personas["admin"],
            name=f"Cao cấp {year}",
            course_type=cohort.course_type,
            mode="tap_trung",
            institution="T",
            organising_unit=tree["province"],
            start=dt.date(year, 3, 1),
            end=dt.date(year, 10, 30),
            capacity=100,
        )

    def count(target, people):
        with CaptureQueriesContext(connection) as queries:
            services.enrolments_nominate(
                cohort=target,
                people=people,
                nominating_unit=tree["home"],
                nominated_on=JAN,
                by=personas["clerk"],
            )
        return len(queries)

    count(full_time_class(2030), _people(tree, 1))  # warm the per-request caches
    few = count(full_time_class(2031), _people(tree, 2))
    later = full_time_class(2032)
    many = count(later, _people(tree, 40))
    assert few == many
    assert Enrolment.objects.filter(cohort=later).count() == 40
    assert Enrolment.history.filter(cohort_id=later.pk).count() == 40


def test_capacity_cannot_be_exceeded(tree, personas, cohort):
    services.enrolments_nominate(
        cohort=cohort,
        people=_people(tree, 8),
        nominating_unit=tree["home"],
        nominated_on=JAN,
        by=personas["clerk"],
    )
    with pytest.raises(ValidationError) as error:
        services.enrolments_nominate(
            cohort=cohort,
            people=_people(tree, 3),
            nominating_unit=tree["home"],
            nominated_on=JAN,
            by=personas["clerk"],
        )
    assert "chỉ còn 2 chỗ" in str(error.value)
    assert Enrolment.objects.filter(cohort=cohort).count() == 8  # nothing added


def test_withdrawn_learners_free_their_seat(tree, personas, cohort):
    cohort.capacity = 2
    cohort.save()
    first = services.enrolments_nominate(
        cohort=cohort,
        people=_people(tree, 2),
        nominating_unit=tree["home"],
        nominated_on=JAN,
        by=personas["clerk"],
    ).enrolments
    services.cohort_results_record(
        cohort=cohort,
        results=[Result(first[0].pk, "withdrawn", finished_on=dt.date(2026, 2, 1))],
        by=personas["clerk"],
    )
    services.enrolments_nominate(
        cohort=cohort,
        people=_people(tree, 1),
        nominating_unit=tree["home"],
        nominated_on=JAN,
        by=personas["clerk"],
    )
    assert selectors.cohort_seats_taken(cohort=cohort) == 2


def test_a_person_cannot_sit_two_overlapping_full_time_classes(
    tree, personas, cohort, course_types
):
    person = _people(tree, 1)[0]
    services.enrolments_nominate(
        cohort=cohort,
        people=[person],
        nominating_unit=tree["home"],
        nominated_on=JAN,
        by=personas["clerk"],
    )

    def second(mode, start, end):
        return services.cohort_create(
            by=personas["admin"],
            name=f"QLNN {mode} {start}",
            course_type=course_types["qlnn_chuyen_vien_chinh"],
            mode=mode,
            institution="Trường Chính trị tỉnh",
            organising_unit=tree["province"],
            start=start,
            end=end,
            capacity=30,
        )

    clash = second("tap_trung", dt.date(2026, 10, 30), dt.date(2026, 11, 30))
    with pytest.raises(ValidationError) as error:
        services.enrolments_nominate(
            cohort=clash,
            people=[person],
            nominating_unit=tree["home"],
            nominated_on=JAN,
            by=personas["clerk"],
        )
    assert "trùng thời gian" in str(error.value) and "Cao cấp LLCT K80.26" in str(
        error.value
    )
    # Part-time alongside, or full-time afterwards, is fine.
    for ok in (
        second("khong_tap_trung", dt.date(2026, 4, 1), dt.date(2026, 5, 1)),
        second("tap_trung", dt.date(2026, 10, 31), dt.date(2026, 11, 30)),
    ):
        services.enrolments_nominate(
            cohort=ok,
            people=[person],
            nominating_unit=tree["home"],
            nominated_on=JAN,
            by=personas["clerk"],
        )


def test_nominating_someone_twice_is_refused(tree, personas, cohort):
    person = _people(tree, 1)[0]
    services.enrolments_nominate(
        cohort=cohort,
        people=[person],
        nominating_unit=tree["home"],
        nominated_on=JAN,
        by=personas["clerk"],
    )
    with pytest.raises(ValidationError, match="đã có trong danh sách lớp"):
        services.enrolments_nominate(
            cohort=cohort,
            people=[person],
            nominating_unit=tree["home"],
            nominated_on=JAN,
            by=personas["clerk"],
        )


def test_nominating_people_outside_scope_is_refused(tree, personas, cohort):
    stranger = factories.person(unit=tree["other"])
    with pytest.raises(PermissionDenied):
        services.enrolments_nominate(
            cohort=cohort,
            people=[stranger],
            nominating_unit=tree["home"],
            nominated_on=JAN,
            by=personas["clerk"],
        )


def test_warnings_do_not_block(tree, personas, cohort):
    cao_cap = PoliticalTheoryLevel.objects.get(code="cao_cap", code_list__key="CR-LLCT")
    holder = factories.person(unit=tree["office"], political_theory=cao_cap)
    cvc = Grade.objects.get(code="01.002", code_list__key__contains="2021")
    senior = factories.person(unit=tree["office"])
    registry.history_row_save(
        person=senior,
        row=SalaryRecord(
            grade=cvc,
            step=2,
            coefficient=cvc.steps.get(step=2).coefficient,
            start=dt.date(2020, 1, 1),
        ),
        by=personas["admin"],
    )
    junior = factories.person(unit=tree["office"])
    outcome = services.enrolments_nominate(
        cohort=cohort,
        people=[holder, senior, junior],
        nominating_unit=tree["home"],
        nominated_on=JAN,
        by=personas["clerk"],
    )
    assert len(outcome.enrolments) == 3
    assert any("bằng hoặc cao hơn" in w for w in outcome.warnings[holder.pk])
    assert senior.pk not in outcome.warnings  # 6 years chuyên viên chính by 03/2026
    assert any("QĐ 57" in w for w in outcome.warnings[junior.pk])


def test_leader_meets_the_cao_cap_target(tree, personas, cohort):
    post = Position.objects.filter(is_leader=True).first()
    leader = factories.person(unit=tree["office"], position=post)
    outcome = services.enrolments_nominate(
        cohort=cohort,
        people=[leader],
        nominating_unit=tree["home"],
        nominated_on=JAN,
        by=personas["clerk"],
    )
    assert outcome.warnings == {}


def _nominate(tree, personas, cohort, n):
    return services.enrolments_nominate(
        cohort=cohort,
        people=_people(tree, n),
        nominating_unit=tree["home"],
        nominated_on=JAN,
        by=personas["clerk"],
    ).enrolments


def test_results_complete_and_raise_the_qualification(tree, personas, cohort):
    a, b, c = _nominate(tree, personas, cohort, 3)
    end = dt.date(2026, 10, 30)
    services.cohort_results_record(
        cohort=cohort,
        results=[
            Result(a.pk, "completed", end, "Giỏi", "CC-001", dt.date(2026, 11, 5)),
            Result(b.pk, "completed", end, "Khá"),
            Result(c.pk, "failed", end),
        ],
        by=personas["clerk"],
    )
    a.refresh_from_db()
    assert (a.status, a.enrolled_on, a.finished_on) == ("completed", cohort.start, end)
    person = Person.objects.get(pk=a.person_id)
    assert person.political_theory.code == "cao_cap"
    record = person.training_records.get()
    assert a.training_record_id == record.pk
    assert (record.category, record.start, record.end, record.institution) == (
        "llct",
        cohort.start,
        end,
        cohort.institution,
    )
    assert (
        "Cao cấp lý luận chính trị" in record.qualification
        and "CC-001" in record.qualification
    )
    assert Person.objects.get(pk=c.person_id).political_theory is None
    assert not Person.objects.get(pk=c.person_id).training_records.exists()
    # The person's change history shows both, with the class as the reason.
    changes = person_change_log(person=person, include_sensitive=True)
    reasons = {(ch.what, ch.reason) for ch in changes}
    assert ("Hồ sơ", f"Hoàn thành lớp {cohort.name} (học viên #{a.pk})") in reasons
    assert (
        "Đào tạo, bồi dưỡng",
        f"Hoàn thành lớp {cohort.name} (học viên #{a.pk})",
    ) in reasons


def test_a_higher_qualification_is_not_lowered(tree, personas, cohort):
    cu_nhan = PoliticalTheoryLevel.objects.get(code="cu_nhan", code_list__key="CR-LLCT")
    person = factories.person(unit=tree["office"], political_theory=cu_nhan)
    (row,) = services.enrolments_nominate(
        cohort=cohort,
        people=[person],
        nominating_unit=tree["home"],
        nominated_on=JAN,
        by=personas["clerk"],
    ).enrolments
    services.cohort_results_record(
        cohort=cohort,
        results=[Result(row.pk, "completed", cohort.end)],
        by=personas["clerk"],
    )
    person.refresh_from_db()
    assert person.political_theory.code == "cu_nhan"
    assert person.training_records.count() == 1


@pytest.mark.parametrize(
    ("result", "message"),
    [
        (
            dict(status="completed", finished_on=dt.date(2026, 11, 1)),
            "trong thời gian học",
        ),
        (dict(status="completed", finished_on=None), "Nhập ngày kết thúc"),
        (dict(status="failed", finished_on=dt.date(2026, 1, 1)), "trong thời gian học"),
        (dict(status="nominated", certificate_number="X1"), "văn bằng"),
        (dict(status="bogus"), "không hợp lệ"),
    ],
)
def test_bad_results_are_refused_whole(tree, personas, cohort, result, message):
    good, bad = _nominate(tree, personas, cohort, 2)
    with pytest.raises(ValidationError, match=message):
        services.cohort_results_record(
            cohort=cohort,
            results=[
                Result(good.pk, "completed", cohort.end),
                Result(bad.pk, **result),
            ],
            by=personas["clerk"],
        )
    assert set(Enrolment.objects.values_list("status", flat=True)) == {"nominated"}
    assert not Person.objects.filter(political_theory__isnull=False).exists()


def test_a_completed_result_cannot_be_reopened(tree, personas, cohort):
    (row,) = _nominate(tree, personas, cohort, 1)
    services.cohort_results_record(
        cohort=cohort,
        results=[Result(row.pk, "completed", cohort.end)],
        by=personas["clerk"],
    )
    with pytest.raises(ValidationError, match="không thể chuyển"):
        services.cohort_results_record(
            cohort=cohort,
            results=[Result(row.pk, "failed", cohort.end)],
            by=personas["clerk"],
        )


def test_results_of_another_class_are_refused(tree, personas, cohort, course_types):
    (row,) = _nominate(tree, personas, cohort, 1)
    other = services.cohort_create(
        by=personas["admin"],
        name="Khác",
        course_type=course_types["tin_hoc"],
        mode="khong_tap_trung",
        institution="T",
        organising_unit=tree["province"],
        start=cohort.start,
        end=cohort.end,
        capacity=5,
    )
    with pytest.raises(ValidationError, match="không thuộc lớp"):
        services.cohort_results_record(
            cohort=other, results=[Result(row.pk, "enrolled")], by=personas["clerk"]
        )


def test_plan_fulfilment_counts(tree, personas, cohort, course_types):
    plan = services.plan_create(
        by=personas["clerk"], unit=tree["home"], title="KH 2026", year_from=2026
    )
    services.plan_quota_set(
        plan=plan,
        by=personas["clerk"],
        course_type=course_types["llct_cao_cap"],
        mode="tap_trung",
        quota=4,
    )
    services.plan_quota_set(
        plan=plan,
        by=personas["clerk"],
        course_type=course_types["llct_cao_cap"],
        mode="khong_tap_trung",
        quota=2,
    )
    a, b, c = _nominate(tree, personas, cohort, 3)
    # Someone of another unit in the same class does not count for this plan.
    services.enrolments_nominate(
        cohort=cohort,
        people=[factories.person(unit=tree["other"])],
        nominating_unit=tree["other"],
        nominated_on=JAN,
        by=personas["outsider"],
    )
    services.cohort_results_record(
        cohort=cohort,
        results=[
            Result(a.pk, "completed", cohort.end),
            Result(b.pk, "enrolled"),
            Result(c.pk, "withdrawn", dt.date(2026, 3, 2)),
        ],
        by=personas["clerk"],
    )
    full, part = selectors.plan_quota_rows(plans=[plan])[plan.pk]
    # full-time: 2 still nominated-or-further (a, b), 2 enrolled or completed, 1 completed
    assert (full.quota.mode, full.nominated, full.enrolled, full.completed) == (
        "tap_trung",
        2,
        2,
        1,
    )
    assert full.fulfilment == 50.0
    assert (part.nominated, part.enrolled, part.completed, part.fulfilment) == (
        0,
        0,
        0,
        0.0,
    )


def test_database_refuses_a_second_row_for_one_person_and_class(tree, personas, cohort):
    (row,) = _nominate(tree, personas, cohort, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrolment.objects.create(
            cohort=cohort,
            person=row.person,
            nominating_unit=tree["home"],
            nominated_on=JAN,
            created_by=personas["clerk"],
        )


@pytest.mark.parametrize(
    "values",
    [
        dict(status="bogus"),
        dict(status="completed"),  # no dates
        dict(status="enrolled", enrolled_on=None),
        dict(status="nominated", certificate_number="C1"),
        dict(status="enrolled", enrolled_on=dt.date(2025, 1, 1)),  # before nominated
        dict(sponsorship="bogus"),
    ],
)
def test_database_refuses_inconsistent_enrolments(tree, personas, cohort, values):
    (row,) = _nominate(tree, personas, cohort, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrolment.objects.filter(pk=row.pk).update(**values)


@pytest.mark.parametrize(
    "values",
    [dict(capacity=0), dict(end=dt.date(2026, 1, 1)), dict(mode="x"), dict(status="x")],
)
def test_database_refuses_inconsistent_classes(cohort, values):
    from training.models import Cohort

    with pytest.raises(IntegrityError), transaction.atomic():
        Cohort.objects.filter(pk=cohort.pk).update(**values)


def test_enrolment_status_values_match_the_rules():
    from training import rules

    assert set(EnrolmentStatus.values) == rules.ACTIVE | rules.ENDED


def test_recording_results_costs_the_same_queries_for_many(tree, personas, cohort):
    cohort.capacity = 100
    cohort.save()

    def count(n):
        rows = _nominate(tree, personas, cohort, n)
        with CaptureQueriesContext(connection) as queries:
            services.cohort_results_record(
                cohort=cohort,
                results=[Result(r.pk, "completed", cohort.end) for r in rows],
                by=personas["clerk"],
            )
        return len(queries)

    count(1)  # warm the per-request caches
    assert count(2) == count(30)
    assert Person.objects.filter(political_theory__code="cao_cap").count() == 33
    assert Enrolment.objects.filter(training_record__isnull=False).count() == 33
