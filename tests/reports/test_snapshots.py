"""Periodic report snapshots: reporting dates, made once per definition and date,
files rendered from the stored figures, frozen snapshots that later edits do not
change, scoping by the definition's owner, and the in-app notices. The figures are
those of tests/training/test_statistics.py's dataset (worked out there): in 2026,
as of 31/12, 15 learner places in the whole province, 5 of them Sở Nội vụ's."""

import datetime as dt
import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django_celery_beat.models import PeriodicTask

from reports import services
from reports.models import Notification, Period, ReportDefinition, Snapshot
from reports.tables import BIEU10
from tests.training.conftest import course_types  # noqa: F401 (fixture)
from tests.training.test_statistics import dataset  # noqa: F401 (fixture)
from training.models import Enrolment

DEC31 = dt.date(2026, 12, 31)


@pytest.mark.parametrize(
    "period, today, expected",
    [
        # The last complete period before the run date.
        (Period.MONTHLY, dt.date(2027, 1, 1), (dt.date(2026, 12, 1), DEC31)),
        (
            Period.MONTHLY,
            dt.date(2026, 3, 15),
            (dt.date(2026, 2, 1), dt.date(2026, 2, 28)),
        ),
        (
            Period.MONTHLY,
            dt.date(2024, 3, 1),
            (dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        ),
        (
            Period.QUARTERLY,
            dt.date(2026, 4, 1),
            (dt.date(2026, 1, 1), dt.date(2026, 3, 31)),
        ),
        (
            Period.QUARTERLY,
            dt.date(2026, 12, 31),
            (dt.date(2026, 7, 1), dt.date(2026, 9, 30)),
        ),
        (Period.QUARTERLY, dt.date(2027, 2, 10), (dt.date(2026, 10, 1), DEC31)),
        (Period.YEARLY, dt.date(2027, 1, 5), (dt.date(2026, 1, 1), DEC31)),
    ],
)
def test_reporting_dates(period, today, expected):
    assert services.reporting_dates(period=period, today=today) == expected


def test_a_fixed_date_period_reports_its_year_to_that_date():
    assert services.reporting_dates(
        period=Period.DATE, today=dt.date(2030, 1, 1), fixed_date=dt.date(2026, 6, 30)
    ) == (dt.date(2026, 1, 1), dt.date(2026, 6, 30))


def _definition(owner, by, **kwargs):
    return services.definition_create(
        by=by,
        name=kwargs.pop("name", "Báo cáo đào tạo năm"),
        tables=[BIEU10],
        period=kwargs.pop("period", Period.YEARLY),
        owner=owner,
        **kwargs,
    )


def test_only_administrators_define_reports(personas, course_types):  # noqa: F811
    with pytest.raises(PermissionDenied):
        _definition(personas["clerk"], personas["clerk"])


def test_a_definition_needs_known_tables_and_its_date(personas, course_types):  # noqa: F811
    admin = personas["admin"]
    with pytest.raises(ValidationError) as error:
        services.definition_create(
            by=admin, name="x", tables=["bieu99"], period=Period.YEARLY, owner=admin
        )
    assert "tables" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _definition(admin, admin, period=Period.DATE)
    assert "fixed_date" in error.value.message_dict
    # The database says the same to a write that skips the service.
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportDefinition.objects.create(
            name="x", tables=["bieu99"], period=Period.YEARLY, owner=admin
        )


def test_the_unit_must_be_in_the_owners_scope(personas, tree, course_types):  # noqa: F811
    with pytest.raises(ValidationError) as error:
        _definition(personas["clerk"], personas["admin"], unit=tree["other"])
    assert "unit" in error.value.message_dict


def test_a_snapshot_holds_the_figures_of_its_date_and_is_made_once(
    dataset,  # noqa: F811
    personas,
):
    admin, clerk = personas["admin"], personas["clerk"]
    definition = _definition(clerk, admin, recipients=[personas["leader"]])
    made = services.snapshot_make(definition=definition, today=dt.date(2027, 1, 10))
    assert made.created
    snapshot = made.snapshot
    assert (snapshot.period_start, snapshot.on) == (dt.date(2026, 1, 1), DEC31)
    # Scoped to the owner (Sở Nội vụ): 5 learner places, not the province's 15.
    assert snapshot.figures[BIEU10]["total_trained"] == 5
    assert snapshot.data_version["enrolment"] > 0
    # Running again for the same date (a second beat tick, a redelivered task)
    # finds it.
    again = services.snapshot_make(definition=definition, today=dt.date(2027, 1, 11))
    assert not again.created and again.snapshot.pk == snapshot.pk
    assert Snapshot.objects.count() == 1
    # The owner and the recipient are told once each.
    notices = Notification.objects.filter(snapshot=snapshot)
    assert sorted(n.user.username for n in notices) == ["clerk", "leader"]
    assert all(str(snapshot.pk) in n.url for n in notices)


def test_the_workbook_is_written_from_the_stored_figures(dataset, personas):  # noqa: F811
    admin = personas["admin"]
    definition = _definition(admin, admin)
    snapshot = services.snapshot_make(
        definition=definition, today=dt.date(2027, 1, 10)
    ).snapshot
    stored = snapshot.files.get(format="xlsx")
    assert stored.table == BIEU10
    sheet = openpyxl.load_workbook(io.BytesIO(stored.file.read()))["Biểu 10"]
    text = [str(v) for row in sheet.iter_rows(values_only=True) for v in row if v]
    assert text[0] == "TỈNH ỦY THỬ NGHIỆM"  # the owner's scope, upper-cased
    numbers = [v for row in sheet.iter_rows(values_only=True) for v in row]
    assert 15 in numbers  # the total of people trained, whole province


def test_a_frozen_snapshot_does_not_change_when_people_do(dataset, personas):  # noqa: F811
    admin, leader = personas["admin"], personas["leader"]
    definition = _definition(admin, admin)
    snapshot = services.snapshot_make(
        definition=definition, today=dt.date(2027, 1, 10)
    ).snapshot
    with pytest.raises(PermissionDenied):
        services.snapshot_freeze(snapshot=snapshot, by=personas["clerk"])
    services.snapshot_freeze(snapshot=snapshot, by=leader)
    # A learner of 2026 is withdrawn afterwards: the live figure drops to 14 ...
    enrolment = Enrolment.objects.filter(
        cohort__start__year=2026, status="completed"
    ).first()
    Enrolment.objects.filter(pk=enrolment.pk).update(
        status="withdrawn", finished_on=dt.date(2026, 11, 1)
    )
    live = services._compute(definition, dt.date(2026, 1, 1), DEC31)
    assert live[BIEU10]["total_trained"] == 14
    # ... the frozen snapshot still says 15, and cannot be recomputed.
    snapshot.refresh_from_db()
    assert snapshot.figures[BIEU10]["total_trained"] == 15
    with pytest.raises(ValidationError):
        services.snapshot_refresh(snapshot=snapshot, by=admin)
    with pytest.raises(ValidationError):
        services.snapshot_freeze(snapshot=snapshot, by=leader)
    assert snapshot.history.filter(history_change_reason="Chốt số liệu").exists()


def test_an_unfrozen_snapshot_can_be_made_again_from_todays_data(
    dataset,  # noqa: F811
    personas,
):
    admin = personas["admin"]
    definition = _definition(admin, admin)
    snapshot = services.snapshot_make(
        definition=definition, today=dt.date(2027, 1, 10)
    ).snapshot
    first_version = snapshot.data_version
    enrolment = Enrolment.objects.filter(
        cohort__start__year=2026, status="completed"
    ).first()
    enrolment.status = "withdrawn"
    enrolment.finished_on = dt.date(2026, 11, 1)
    enrolment.save()  # through the history, so the data version moves
    snapshot = services.snapshot_refresh(snapshot=snapshot, by=admin)
    assert snapshot.figures[BIEU10]["total_trained"] == 14
    assert snapshot.data_version["enrolment"] > first_version["enrolment"]
    # Rendered again, not added to: one workbook, one report PDF.
    assert snapshot.files.filter(format="xlsx").count() == 1
    assert snapshot.files.filter(table="", format="pdf").count() == 1


def test_a_schedule_is_a_beat_task_an_administrator_can_edit(personas, course_types):  # noqa: F811
    admin = personas["admin"]
    definition = _definition(admin, admin)
    task = services.definition_schedule(
        by=admin, definition=definition, hour="3", day_of_month="1"
    )
    assert task.task == "reports.tasks.make_snapshot_task"
    assert str(definition.pk) in task.kwargs
    # Scheduling again edits the same beat entry.
    again = services.definition_schedule(by=admin, definition=definition, hour="4")
    assert again.pk == task.pk and PeriodicTask.objects.filter(pk=task.pk).count() == 1
    assert again.crontab.hour == "4"
    with pytest.raises(PermissionDenied):
        services.definition_schedule(by=personas["clerk"], definition=definition)


def test_the_personnel_table_stores_each_figure_with_its_denominator(
    personas,
    tree,
    course_types,  # noqa: F811
):
    from reports.tables import PERSONNEL
    from tests import factories

    admin = personas["admin"]
    for gender in ("F", "F", "M"):
        factories.person(
            unit=tree["office"], gender=gender, birth_date=dt.date(1980, 1, 1), by=admin
        )
    definition = services.definition_create(
        by=admin,
        name="Chất lượng cán bộ",
        tables=[PERSONNEL],
        period=Period.DATE,
        fixed_date=dt.date.today(),
        owner=admin,
    )
    snapshot = services.snapshot_make(definition=definition).snapshot
    stored = snapshot.figures[PERSONNEL]
    assert stored["headcount"] == 3
    figures = {f["key"]: f for s in stored["sections"] for f in s["figures"]}
    women = next(
        f for k, f in figures.items() if k.startswith("gender:") and "ữ" in f["label"]
    )
    # 2 women of 3: 66.67% (two decimals, half up), stored as the rounded text.
    assert (women["count"], women["denominator"], women["share"]) == (2, 3, "66.67")
    workbook = snapshot.files.get(format="xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(workbook.file.read())).active
    rows = [r for r in sheet.iter_rows(values_only=True) if r[1] == women["label"]]
    assert rows and rows[0][2:5] == (2, 3, 66.67)


def test_the_data_version_moves_with_every_history_the_tables_read(
    dataset,  # noqa: F811
    personas,
):
    from cadre_registry.models import Evaluation, EvaluationLevel, Person

    first = services._data_version()
    assert {"salary", "training_record", "evaluation", "rotation", "appointment"} <= (
        set(first)
    )
    person = Person.objects.first()
    Evaluation.objects.create(
        person=person, year=2001, level=EvaluationLevel.objects.first()
    )
    second = services._data_version()
    assert second["evaluation"] > first["evaluation"]
    assert second["person"] == first["person"]
