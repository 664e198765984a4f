"""Figures kept per date (reports/state.py) say what the live figures say: on the
hand-built dataset of tests/reports/statistics_data.py (whose live figures
tests/reports/test_statistics.py works out on paper), for each user, unit and date,
then again after edits through the services, the ORM and raw SQL, which the
triggers must log. A code-list change drops the kept dates; nothing is logged
while no date is kept; a build waits for a writer that started before it."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from cadre_registry import services
from cadre_registry.models import Assignment, Degree, Person
from reports import state
from reports.statistics import FIGURES, figure_people, personnel_statistics
from tests.reports.statistics_data import D1, D2, dataset, evaluation, salary, training

__all__ = ["dataset"]

pytestmark = pytest.mark.django_db


def _figures(user, unit, on):
    stats = personnel_statistics(user=user, unit=unit, on=on)
    return {key: figure.count for key, figure in stats.figures.items()}, stats.mean_age


def _people(user, unit, on, key):
    return list(
        figure_people(user=user, unit=unit, on=on, key=key).values_list("pk", flat=True)
    )


def _cases(tree, personas):
    return [
        (personas["admin"], None),
        (personas["admin"], tree["home"]),
        (personas["admin"], tree["other"]),
        (personas["clerk"], None),
        (personas["clerk"], tree["home"]),
        (personas["clerk"], tree["office"]),
    ]


def _live_then_kept(tree, personas, dates=(D1, D2)):
    """Every case's figures and drill-downs live, then with the dates kept."""
    state.drop(keep=set())
    assert state.kept_dates() == []
    cases = _cases(tree, personas)
    keys = [d.key for d in FIGURES]

    def read():
        return {
            (user.username, unit.pk if unit else None, on): (
                _figures(user, unit, on),
                {key: _people(user, unit, on, key) for key in keys},
            )
            for user, unit in cases
            for on in dates
        }

    live = read()
    for on in dates:
        state.build(on=on)
    assert [k.on for k in state.kept_dates()] == sorted(dates)
    return live, read()


def test_kept_dates_give_the_live_figures_and_people(dataset, tree, personas):
    live, kept = _live_then_kept(tree, personas)
    assert kept == live
    # Not vacuous: the dataset's SNV at D1 (test_statistics.py): 4 people, 1 woman.
    figures, mean_age = live[("admin", tree["home"].pk, D1)][0]
    assert figures["headcount"] == 4 and figures["gender:female"] == 1
    assert str(mean_age) == "42.0"


def test_kept_rows_are_what_the_statistics_read(dataset, tree, personas):
    state.build(on=D2)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT person_id, unit_id, degree_band FROM {state.TABLE} ORDER BY 1"
        )
        rows = cursor.fetchall()
    # D2: P1 P3 P4 P5 P6 in service (P2 retired); P3 at SYT; P1 master's.
    people = dataset
    assert [r[0] for r in rows] == sorted(p.pk for k, p in people.items() if k != "p2")
    by_person = {r[0]: r for r in rows}
    assert by_person[people["p3"].pk][1] == tree["other"].pk
    assert by_person[people["p1"].pk][2] == "thac_si"


def _edit(dataset, tree, admin):
    """Edits of every kind the population reads, by every write path."""
    p1, p3, p4, p6 = (dataset[k] for k in ("p1", "p3", "p4", "p6"))
    # A service: P6 moves to SYT from 01/01/2017 (before D1).
    old = Assignment.objects.get(person=p6, is_main=True)
    old.end = dt.date(2016, 12, 31)
    services.history_row_save(person=p6, row=old, by=admin)
    services.history_row_save(
        person=p6,
        row=Assignment(unit=tree["other"], is_main=True, start=dt.date(2017, 1, 1)),
        by=admin,
    )
    # Histories: a grade for P3, a master's for P4 ended before D2, a rating.
    salary(p3, code="01.003", start=dt.date(2015, 1, 1), by=admin)
    training(
        p4,
        category="chuyen_mon",
        qualification="Thạc sĩ",
        end=dt.date(2022, 1, 1),
        by=admin,
    )
    evaluation(p4, year=2023, code="xuat_sac", by=admin)
    # The ORM without services: P1's gender; raw SQL: P3's recruitment date.
    Person.objects.filter(pk=p1.pk).update(gender="M")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE cadre_registry_person SET recruited_on = %s WHERE id = %s",
            [dt.date(2019, 1, 1), p3.pk],
        )


def test_edits_by_every_path_are_seen(dataset, tree, personas):
    for on in (D1, D2):
        state.build(on=on)
    before = _figures(personas["admin"], tree["home"], D1)[0]
    _edit(dataset, tree, personas["admin"])
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM reports_personchange")
        assert cursor.fetchone()[0] > 0
    kept = {
        (u.username, un.pk if un else None, on): _figures(u, un, on)
        for u, un in _cases(tree, personas)
        for on in (D1, D2)
    }
    # The kept dates stayed kept (refreshed, not dropped) …
    assert [k.on for k in state.kept_dates()] == [D1, D2]
    state.drop(keep=set())
    live = {
        (u.username, un.pk if un else None, on): _figures(u, un, on)
        for u, un in _cases(tree, personas)
        for on in (D1, D2)
    }
    # … and say what the live figures say after the edits, which changed them.
    assert kept == live
    after = live[("admin", tree["home"].pk, D1)][0]
    assert after != before
    # SNV at D1: P6 is at SYT from 2017 and P3 not yet recruited: P1, P2 remain.
    assert after["headcount"] == 2


def test_a_code_list_change_drops_the_kept_dates(dataset, tree, personas):
    state.build(on=D2)
    assert state.find(on=D2) is not None
    degree = Degree.objects.get(code="thac_si")
    degree.aliases = [*(degree.aliases or []), "Cao học"]
    degree.save()
    assert state.find(on=D2) is None
    assert state.kept_dates() == []
    # The figures are still right: read live.
    assert _figures(personas["admin"], None, D2)[0]["headcount"] == 5


def test_nothing_is_logged_while_no_date_is_kept(dataset, tree, personas):
    _edit(dataset, tree, personas["admin"])
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM reports_personchange")
        assert cursor.fetchone()[0] == 0


def test_other_options_are_read_live(dataset, tree, personas):
    state.build(on=D1)
    assert state.find(on=D1, evaluation_year=2015) is None
    # Retiring within 27 months of D1: P2 (test_statistics.py), from the histories.
    stats = personnel_statistics(
        user=personas["admin"], unit=tree["home"], on=D1, retiring_months=27
    )
    assert stats["retiring:within"].count == 1


def test_dropping_keeps_the_dates_asked_and_prunes_the_log(dataset, tree, personas):
    for on in (D1, D2):
        state.build(on=on)
    _edit(dataset, tree, personas["admin"])
    assert state.refresh_all() == 2
    assert state.drop(keep={D2}) == 1
    assert [k.on for k in state.kept_dates()] == [D2]
    assert state.kept_on(today=dt.date(2026, 12, 3), year_ends=2) == {
        dt.date(2026, 12, 3),
        dt.date(2025, 12, 31),
        dt.date(2024, 12, 31),
    }


@pytest.mark.django_db(transaction=True)
def test_a_build_waits_for_a_writer_that_started_before_it(tree, personas):
    """A writer changes a person before the date's row exists (its trigger logs
    nothing) and commits while the build runs: the build must wait for it, or the
    kept row would miss the change for good."""
    person = Person.objects.create(
        full_name="Ngô Thị Hạnh",
        gender="M",
        birth_date=dt.date(1990, 1, 1),
        unit=tree["office"],
        staff_kind="cong_chuc",
    )
    written, release = threading.Event(), threading.Event()

    def writer():
        try:
            with connections["default"].cursor() as cursor:
                cursor.execute("BEGIN")
                cursor.execute(
                    "UPDATE cadre_registry_person SET gender = 'F' WHERE id = %s",
                    [person.pk],
                )
                written.set()
                release.wait(10)
                cursor.execute("COMMIT")
        finally:
            connections["default"].close()

    thread = threading.Thread(target=writer)
    thread.start()
    assert written.wait(10)
    timer = threading.Timer(0.5, release.set)
    timer.start()
    try:
        kept = state.build(on=dt.date.today())
    finally:
        thread.join(10)
    # The kept tables are not models: a transactional test's flush leaves them.
    request_cleanup = state.drop
    assert release.is_set()  # the build returned only after the writer committed
    stats = personnel_statistics(user=personas["admin"], unit=None, on=kept.on)
    assert stats["gender:female"].count == 1
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT gender FROM {state.TABLE} WHERE person_id = %s", [person.pk]
        )
        assert cursor.fetchone() == ("F",)
    request_cleanup(keep=set())


def test_truncating_a_history_drops_the_kept_dates(dataset, tree, personas):
    state.build(on=D2)
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the test's pending checks
        cursor.execute("TRUNCATE cadre_registry_evaluation")
    assert state.find(on=D2) is None


def test_the_nightly_task_keeps_today_and_the_year_end(dataset, settings):
    from django.utils import timezone

    from reports.tasks import keep_statistics_task, refresh_statistics_task

    settings.STATISTICS_KEPT_YEAR_ENDS = 1
    state.build(on=D1)  # not among the dates kept: dropped
    today = timezone.localdate()
    kept = keep_statistics_task.apply().get()
    assert kept == [dt.date(today.year - 1, 12, 31).isoformat(), today.isoformat()]
    assert [k.on for k in state.kept_dates()] == [
        dt.date(today.year - 1, 12, 31),
        today,
    ]
    assert refresh_statistics_task.apply().get() == 2


def test_a_kept_read_sends_a_constant_number_of_queries(
    dataset, tree, personas, django_assert_max_num_queries
):
    state.build(on=D2)
    # Scope, subtree (twice), whether the date is kept and changed, the aggregate
    # inside planner_settings' savepoint (savepoint, SET LOCAL, release): ten,
    # the same for six people or a million (nothing recomputed).
    with django_assert_max_num_queries(10):
        personnel_statistics(user=personas["clerk"], unit=tree["home"], on=D2)
