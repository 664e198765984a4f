"""Reminders (nhắc việc): the daily computation against a hand-built dataset worked
out on paper, idempotence, dismissals kept, the query budget; the page's scope and
marking one done; the beat schedule; and the task run by a real Celery worker."""

import datetime as dt
import time
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cadre_registry import services as registry
from cadre_registry.models import (
    Discipline,
    DisciplineForm,
    Grade,
    Person,
    SalaryRecord,
)
from cadre_registry.selectors import person_derived_dates
from planning import reminders, services
from planning.models import Reminder, ReminderKind, Rotation
from tests import factories

D = dt.date
ON = D(2026, 12, 31)  # the day the reminders are computed for
K = ReminderKind


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _appoint(person, clerk, positions, unit, effective, kind="bo_nhiem"):
    return services.appointment_record(
        by=clerk,
        person=person,
        kind=kind,
        unit=unit,
        position=positions["truong_phong"],
        decision_date=effective,
        effective_on=effective,
        decision_number=f"{person.pk}-QĐ/UBND",
    ).obj


def _found(**filters):
    return set(
        Reminder.objects.filter(**filters).values_list(
            "kind", "person__full_name", "due_on"
        )
    )


@pytest.fixture
def dataset(tree, personas, positions):
    """People and decisions around ON = 31/12/2026, each commented with its date."""
    clerk, office = personas["clerk"], tree["office"]

    def person(name, birth, **fields):
        return factories.person(full_name=name, birth_date=birth, unit=office, **fields)

    people = {
        # Retirement (NĐ 135): men born 09/1965 reach 61y9m in 06/2027 → 30/06/2027,
        # the last day of the 6-month window (add_months(31/12/2026, 6)).
        "retires_in": person("Lê Văn Hưu", D(1965, 9, 10)),
        # Born 10/1965 → 31/07/2027: one month outside.
        "retires_out": person("Phạm Văn Ngoài", D(1965, 10, 10)),
        # Already left: nothing, whatever the date.
        "left": person("Đỗ Văn Nghỉ", D(1965, 9, 20), left_on=D(2026, 1, 1)),
        # Appointment terms (5 years from the effective date, the day before the
        # anniversary): effective 31/03/2022 → ends 30/03/2027 = ON + 89 days.
        "term_89": person("Ngô Thị Tám", D(1980, 1, 5), gender="F"),
        "term_90": person("Vũ Văn Chín", D(1980, 1, 5)),  # 01/04/2022 → 31/03/2027
        "term_91": person("Bùi Văn Mốt", D(1980, 1, 5)),  # 02/04/2022 → 01/04/2027
        # 31/05/2022 → 30/05/2027 = ON + 150: the reappointment procedure's first day.
        "term_150": person("Hồ Văn Năm", D(1980, 1, 5)),
        "term_151": person("Lý Văn Sáu", D(1980, 1, 5)),  # 01/06/2022 → 31/05/2027
        # Born 06/1966 → retires 30/06/2028; term 02/03/2022 → 01/03/2027: under two
        # years left at the term's end, so extension to retirement.
        "extension": person("Trịnh Văn Kéo", D(1966, 6, 1)),
        # Reappointed already: the old term's reminders are gone.
        "reappointed": person("Đặng Văn Lại", D(1980, 1, 5)),
        # Rotated to Sở Y tế in 2024 until 14/02/2027 = ON + 45.
        "rotated": person("Mai Văn Chuyển", D(1990, 2, 2)),
        # Chuyên viên (A1, 36 months), step 3 since 01/03/2024 → 01/03/2027.
        "salary": person("Cao Văn Lương", D(1985, 4, 4)),
        # The same, but a khiển trách in the period adds 6 months → 01/09/2027.
        "salary_late": person("Tạ Văn Chậm", D(1985, 4, 4)),
    }
    for key, effective in [
        ("term_89", D(2022, 3, 31)),
        ("term_90", D(2022, 4, 1)),
        ("term_91", D(2022, 4, 2)),
        ("term_150", D(2022, 5, 31)),
        ("term_151", D(2022, 6, 1)),
        ("extension", D(2022, 3, 2)),
        ("reappointed", D(2022, 2, 1)),
    ]:
        _appoint(people[key], clerk, positions, office, effective)
    _appoint(
        people["reappointed"], clerk, positions, office, D(2026, 11, 1), "bo_nhiem_lai"
    )
    rotation = services.rotation_record(
        by=personas["admin"],
        person=people["rotated"],
        to_unit=tree["other"],
        direction="nganh_sang_nganh",
        start=D(2024, 2, 15),
        planned_end=D(2027, 2, 14),
    ).obj
    grade = Grade.objects.filter(code="01.003", steps__step=9).first()
    for key in ("salary", "salary_late"):
        for step, start in ((2, D(2021, 3, 1)), (3, D(2024, 3, 1))):
            registry.history_row_save(
                person=people[key],
                row=SalaryRecord(
                    grade=grade, step=step, coefficient=Decimal("2.67"), start=start
                ),
                by=personas["admin"],
            )
    registry.history_row_save(
        person=people["salary_late"],
        row=Discipline(
            form=DisciplineForm.objects.get(code="khien_trach"),
            start=D(2025, 5, 1),
            end=D(2026, 5, 1),
            violation="Vi phạm quy chế",
        ),
        by=personas["admin"],
    )
    return {"people": people, "rotation": rotation, "grade": grade}


def test_reminders_of_the_day(dataset):
    counts = reminders.reminders_compute(on=ON)
    assert _found() == {
        (K.RETIREMENT, "Lê Văn Hưu", D(2027, 6, 30)),
        # Term ends in 89 and 90 days: shown; in 91, not yet.
        (K.TERM_END, "Ngô Thị Tám", D(2027, 3, 30)),
        (K.TERM_END, "Vũ Văn Chín", D(2027, 3, 31)),
        # The procedure is due by the 90-day notice: overdue by a day for the
        # 89-day term, today for the 90-day one, within 150 days for the rest.
        (K.REAPPOINTMENT, "Ngô Thị Tám", D(2026, 12, 30)),
        (K.REAPPOINTMENT, "Vũ Văn Chín", D(2026, 12, 31)),
        (K.REAPPOINTMENT, "Bùi Văn Mốt", D(2027, 1, 1)),
        (K.REAPPOINTMENT, "Hồ Văn Năm", D(2027, 3, 1)),
        (K.TERM_END, "Trịnh Văn Kéo", D(2027, 3, 1)),
        (K.EXTENSION, "Trịnh Văn Kéo", D(2026, 12, 1)),
        (K.ROTATION_END, "Mai Văn Chuyển", D(2027, 2, 14)),
        (K.SALARY_STEP, "Cao Văn Lương", D(2027, 3, 1)),
    }
    assert counts == {
        K.RETIREMENT: 1,
        K.TERM_END: 3,
        K.REAPPOINTMENT: 4,
        K.EXTENSION: 1,
        K.ROTATION_END: 1,
        K.SALARY_STEP: 1,
    }
    people = dataset["people"]
    # Each row carries its source and the person's unit of the day.
    rotation_row = Reminder.objects.get(kind=K.ROTATION_END)
    assert rotation_row.rotation == dataset["rotation"]
    assert rotation_row.unit == Person.objects.get(pk=people["rotated"].pk).unit
    assert rotation_row.unit.code == "SYT"
    term = Reminder.objects.get(kind=K.TERM_END, person=people["term_89"])
    assert term.appointment.term_end == D(2027, 3, 30)
    assert term.unit.code == "SNV-CC" and term.computed_on == ON


def test_salary_steps_agree_with_the_profile(dataset):
    """The set-based query finds the date the profile page works out per person."""
    reminders.reminders_compute(on=ON)
    for key, expected in (("salary", D(2027, 3, 1)), ("salary_late", D(2027, 9, 1))):
        person = Person.objects.get(pk=dataset["people"][key].pk)
        assert person_derived_dates(person=person, on=ON).next_step == expected
    later = D(2027, 7, 1)  # 01/09/2027 is within 90 days of it
    reminders.reminders_compute(on=later)
    assert (K.SALARY_STEP, "Tạ Văn Chậm", D(2027, 9, 1)) in _found()


def test_recompute_is_idempotent_and_keeps_dismissals(dataset, personas):
    reminders.reminders_compute(on=ON)
    before = dict(Reminder.objects.values_list("pk", "due_on"))
    retirement = Reminder.objects.get(kind=K.RETIREMENT)
    reminders.reminder_dismiss(
        by=personas["clerk"], reminder=retirement, note="Đã thông báo"
    )
    reminders.reminders_compute(on=ON)
    reminders.reminders_compute(on=ON)
    assert dict(Reminder.objects.values_list("pk", "due_on")) == before
    retirement.refresh_from_db()
    assert retirement.is_dismissed and retirement.dismissed_by == personas["clerk"]
    assert retirement.dismissal_note == "Đã thông báo"
    # The next day it is still due, and still done.
    reminders.reminders_compute(on=ON + dt.timedelta(days=1))
    retirement.refresh_from_db()
    assert retirement.is_dismissed and retirement.computed_on == D(2027, 1, 1)
    # The history says who marked it.
    last = retirement.history.first()
    assert last.history_user == personas["clerk"] and last.dismissed_at is not None


def test_reminders_no_longer_due_are_removed(dataset, personas, positions, tree):
    reminders.reminders_compute(on=ON)
    people = dataset["people"]
    assert Reminder.objects.filter(person=people["term_89"]).count() == 2
    # The reappointment is decided and the rotation ends: both stop the reminders.
    _appoint(
        people["term_89"],
        personas["clerk"],
        positions,
        tree["office"],
        D(2027, 3, 31),
        "bo_nhiem_lai",
    )
    Rotation.objects.filter(pk=dataset["rotation"].pk).update(actual_end=ON)
    reminders.reminders_compute(on=ON)
    assert not Reminder.objects.filter(person=people["term_89"]).exists()
    assert not Reminder.objects.filter(kind=K.ROTATION_END).exists()
    # A retirement past without leaving recorded stays a year (overdue), then goes:
    # 30/06/2027 is kept 365 days later (29/06/2028, a leap year), not 366.
    reminders.reminders_compute(on=D(2028, 6, 29))
    assert Reminder.objects.filter(person=people["retires_in"]).exists()
    reminders.reminders_compute(on=D(2028, 6, 30))
    assert not Reminder.objects.filter(person=people["retires_in"]).exists()


def test_query_count_does_not_grow_with_people(dataset, tree, personas, positions):
    def run():
        with CaptureQueriesContext(connection) as queries:
            reminders.reminders_compute(on=ON)
        return len(queries)

    few = run()
    for n in range(5):
        factories.person(birth_date=D(1965, 9, 1 + n), unit=tree["office"])
        young = factories.person(birth_date=D(1981, 1, 1 + n), unit=tree["office"])
        _appoint(young, personas["clerk"], positions, tree["office"], D(2022, 3, 31))
    assert run() == few
    assert Reminder.objects.filter(kind=K.RETIREMENT).count() == 6


# --- The page ----------------------------------------------------------------------


def _reminder(person, kind=K.RETIREMENT, days=30, **fields):
    today = timezone.localdate()
    person = Person.objects.select_related("unit").get(pk=person.pk)
    return Reminder.objects.create(
        kind=kind,
        person=person,
        unit=person.unit,
        due_on=today + dt.timedelta(days=days),
        computed_on=today,
        computed_at=timezone.now(),
        **fields,
    )


@pytest.fixture
def page_rows(tree):
    office = factories.person(full_name="Nguyễn Văn Phòng", unit=tree["office"])
    later = factories.person(full_name="Trần Thị Sau", unit=tree["office"])
    other = factories.person(full_name="Hoàng Văn Khác", unit=tree["other"])
    return {
        "office": _reminder(office, days=10),
        "later": _reminder(later, kind=K.SALARY_STEP, days=120),
        "other": _reminder(other, days=5),
    }


def test_page_lists_the_units_reminders_only(page_rows, personas):
    response = _client(personas["clerk"]).get("/quy-hoach/nhac-viec/")
    assert response.status_code == 200
    text = response.text
    assert "Nguyễn Văn Phòng" in text and "Trần Thị Sau" in text
    assert "Hoàng Văn Khác" not in text
    assert text.index('id="nhac-viec-nghi_huu"') < text.index(
        'id="nhac-viec-nang_luong"'
    )
    assert f'href="/can-bo/{page_rows["office"].person_id}/"' in text
    outsider = _client(personas["outsider"]).get("/quy-hoach/nhac-viec/").text
    assert "Hoàng Văn Khác" in outsider and "Nguyễn Văn Phòng" not in outsider


def test_page_filters_by_kind_and_horizon(page_rows, personas):
    clerk = _client(personas["clerk"])
    by_kind = clerk.get("/quy-hoach/nhac-viec/", {"kind": K.SALARY_STEP}).text
    assert "Trần Thị Sau" in by_kind and "Nguyễn Văn Phòng" not in by_kind
    soon = clerk.get("/quy-hoach/nhac-viec/", {"horizon": "90"}).text
    assert "Nguyễn Văn Phòng" in soon and "Trần Thị Sau" not in soon
    # A bad filter is ignored, not an error.
    assert clerk.get("/quy-hoach/nhac-viec/", {"horizon": "x"}).status_code == 200


def test_a_moved_person_leaves_the_old_units_page(page_rows, personas, tree):
    person = page_rows["office"].person
    Person.objects.filter(pk=person.pk).update(unit=tree["other"])
    text = _client(personas["clerk"]).get("/quy-hoach/nhac-viec/").text
    assert "Nguyễn Văn Phòng" not in text


def test_dismiss_marks_done_and_hides_it(page_rows, personas):
    row = page_rows["office"]
    clerk = _client(personas["clerk"])
    response = clerk.post(
        f"/quy-hoach/nhac-viec/{row.pk}/da-xu-ly/",
        {"note": "Đã gửi thông báo", "kind": K.RETIREMENT},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/quy-hoach/nhac-viec/?kind={K.RETIREMENT}"
    row.refresh_from_db()
    assert row.dismissed_by == personas["clerk"]
    assert (
        "Đã đánh dấu đã xử lý: Nguyễn Văn Phòng" in clerk.get(response["Location"]).text
    )
    assert "Nguyễn Văn Phòng" not in clerk.get("/quy-hoach/nhac-viec/").text
    done = clerk.get("/quy-hoach/nhac-viec/", {"dismissed": "on"}).text
    assert "Nguyễn Văn Phòng" in done and "Đã gửi thông báo" in done


def test_dismiss_outside_scope_is_404_and_read_only_is_403(page_rows, personas):
    other = page_rows["other"]
    clerk = _client(personas["clerk"])
    assert clerk.post(f"/quy-hoach/nhac-viec/{other.pk}/da-xu-ly/").status_code == 404
    assert clerk.get(f"/quy-hoach/nhac-viec/{other.pk}/da-xu-ly/").status_code == 405
    assert clerk.post("/quy-hoach/nhac-viec/999999/da-xu-ly/").status_code == 404
    leader = _client(personas["leader"])
    url = f"/quy-hoach/nhac-viec/{page_rows['office'].pk}/da-xu-ly/"
    assert leader.post(url).status_code == 403
    other.refresh_from_db()
    assert not other.is_dismissed
    anonymous = Client().get("/quy-hoach/nhac-viec/")
    assert anonymous.status_code == 302 and "/dang-nhap/" in anonymous["Location"]


def test_page_query_count_does_not_grow_with_rows(page_rows, personas, tree):
    clerk = _client(personas["clerk"])
    clerk.get("/quy-hoach/nhac-viec/")  # session, caches

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert clerk.get("/quy-hoach/nhac-viec/").status_code == 200
        return len(captured)

    few = queries()
    for n in range(5):
        _reminder(factories.person(unit=tree["office"]), days=n)
    assert queries() == few


def test_home_panel_counts_per_kind(page_rows, personas):
    text = _client(personas["clerk"]).get("/").text
    assert 'id="reminders"' in text
    assert f'href="/quy-hoach/nhac-viec/?kind={K.RETIREMENT}"' in text
    assert 'Đến tuổi nghỉ hưu</a> <span class="badge">1</span>' in text


def test_the_daily_schedule_is_data(db):
    import importlib

    from django.apps import apps
    from django_celery_beat.models import PeriodicTask

    # Created by the migration; run again (idempotent) in case a transactional
    # test's flush emptied the table.
    importlib.import_module("planning.migrations.0003_reminder_schedule").create(
        apps, None
    )
    task = PeriodicTask.objects.get(task="planning.tasks.compute_reminders_task")
    assert task.enabled and task.crontab.hour == "0"


# --- A real worker -------------------------------------------------------------------


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_worker_computes_the_reminders(celery_worker_process, tree, personas):
    from planning.tasks import compute_reminders_task

    person = factories.person(
        full_name="Lê Văn Hưu", birth_date=D(1965, 9, 10), unit=tree["office"]
    )
    compute_reminders_task.delay(ON.isoformat())
    deadline = time.monotonic() + 30
    while not Reminder.objects.filter(person=person, kind=K.RETIREMENT).exists():
        assert celery_worker_process.poll() is None, "worker died"
        assert time.monotonic() < deadline, "the worker did not run the task in 30 s"
        time.sleep(0.2)
    assert Reminder.objects.get(person=person).due_on == D(2027, 6, 30)
