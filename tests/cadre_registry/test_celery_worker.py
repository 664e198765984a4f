"""A real Celery worker process, on the configured broker (the filesystem transport
by default, Redis in CI), runs the nightly refresh against the test database."""

import datetime as dt
import time

import pytest

from cadre_registry import services
from cadre_registry.models import Assignment, Person
from cadre_registry.tasks import refresh_current_positions_task

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]


def test_worker_refreshes_current_unit_on_the_move_date(
    celery_worker_process, tree, personas, huong
):
    first = huong.assignments.get()
    first.end = dt.date(2031, 1, 31)
    services.history_row_save(person=huong, row=first, by=personas["clerk"])
    services.history_row_save(
        person=huong,
        row=Assignment(unit=tree["home"], start=dt.date(2031, 2, 1)),
        by=personas["clerk"],
    )
    assert Person.objects.get(pk=huong.pk).unit == tree["office"]

    refresh_current_positions_task.delay("2031-02-01")

    deadline = time.monotonic() + 30
    while Person.objects.get(pk=huong.pk).unit != tree["home"]:
        assert celery_worker_process.poll() is None, "worker died"
        assert time.monotonic() < deadline, "the worker did not run the task in 30 s"
        time.sleep(0.2)
