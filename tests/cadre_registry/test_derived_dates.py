"""Derived dates on the profile: rules.py applied to the person's own rows."""

import datetime as dt

from django.urls import reverse

from cadre_registry import selectors, services
from cadre_registry.models import Discipline, DisciplineForm, Grade, SalaryRecord

ON = dt.date(2025, 6, 1)


def _grade():
    return Grade.objects.get(
        code="01.003", code_list__key="TT02-2021-BNV"
    )  # A1, 9 steps


def _salary(person, by, step, start):
    grade = _grade()
    row = SalaryRecord(
        grade=grade,
        step=step,
        coefficient=grade.steps.get(step=step).coefficient,
        start=start,
    )
    services.history_row_save(person=person, row=row, by=by)


def _derived(person, personas):
    return selectors.person_derived_dates(
        person=selectors.person_get(user=personas["clerk"], pk=person.pk), on=ON
    )


def test_next_step_is_36_months_after_the_last_raise(huong, personas):
    _salary(huong, personas["clerk"], 3, dt.date(2023, 1, 1))
    assert _derived(huong, personas).next_step == dt.date(2026, 1, 1)


def test_khien_trach_in_the_period_delays_the_step_by_6_months(huong, personas):
    _salary(huong, personas["clerk"], 3, dt.date(2023, 1, 1))
    form = DisciplineForm.objects.get(code="khien_trach")
    services.history_row_save(
        person=huong,
        row=Discipline(form=form, violation="Đi muộn", start=dt.date(2024, 3, 1)),
        by=personas["clerk"],
    )
    assert _derived(huong, personas).next_step == dt.date(2026, 7, 1)


def test_at_the_last_step_seniority_allowance_starts_after_36_months(huong, personas):
    _salary(huong, personas["clerk"], 9, dt.date(2021, 1, 1))
    derived = _derived(huong, personas)
    assert (derived.at_last_step, derived.next_step) == (True, None)
    # 5% from 01/01/2024, plus 1% from the 4th year (01/01/2025): 6% on 01/06/2025.
    assert (derived.seniority_since, derived.seniority_percent) == (
        dt.date(2024, 1, 1),
        6,
    )


def test_profile_shows_the_next_step_date(client, huong, personas):
    _salary(huong, personas["clerk"], 3, dt.date(2023, 1, 1))
    client.force_login(personas["leader"])
    page = client.get(reverse("person_detail", args=[huong.pk])).content.decode()
    assert "01/01/2026" in page and "31/03/2040" in page
