"""Snapshots made by a real Celery worker: a task sent twice makes one snapshot; a
worker killed half-way through one (its snapshot row and file written, not yet
committed) leaves nothing, and the redelivered task makes it once; a database
error is retried."""

import datetime as dt
import os
import signal
import time

import psycopg2
import pytest
from django.db import OperationalError

from reports import services
from reports.models import Notification, Period, Snapshot
from reports.tables import BIEU10
from reports.tasks import make_snapshot_task
from tests.conftest import _database_url
from tests.imports.test_worker_killed import _pool_child
from tests.training.conftest import course_types  # noqa: F401 (fixture)

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]


def _definition(personas, name="Báo cáo đào tạo"):
    admin = personas["admin"]
    return services.definition_create(
        by=admin, name=name, tables=[BIEU10], period=Period.YEARLY, owner=admin
    )


def _wait(condition, what, worker, timeout=90):
    deadline = time.monotonic() + timeout
    while not condition():
        assert worker.poll() is None, "the worker died"
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def test_a_task_sent_twice_makes_one_snapshot(
    celery_worker_process,
    personas,
    course_types,  # noqa: F811
):
    first = _definition(personas)
    marker = _definition(personas, name="Báo cáo đánh dấu")
    make_snapshot_task.delay(first.pk, "2026-12-31")
    make_snapshot_task.delay(first.pk, "2026-12-31")
    # The solo worker runs tasks in order: once the marker's snapshot is there,
    # both of the first definition's tasks have run.
    make_snapshot_task.delay(marker.pk, "2026-12-31")
    _wait(
        lambda: Snapshot.objects.filter(definition=marker).exists(),
        "the tasks to run",
        celery_worker_process,
    )
    assert Snapshot.objects.filter(definition=first).count() == 1
    snapshot = Snapshot.objects.get(definition=first)
    assert snapshot.task_id  # made by the worker
    assert snapshot.files.filter(format="xlsx").count() == 1
    assert Notification.objects.filter(snapshot=snapshot).count() == 1


def test_a_killed_worker_leaves_no_half_made_snapshot(
    celery_prefork_worker,
    personas,
    course_types,  # noqa: F811
):
    definition = _definition(personas)
    owner = personas["admin"]
    # Hold the owner's row: the foreign-key check of the task's notices (Django's
    # keys are deferred to COMMIT) waits on it, with the snapshot row, its workbook
    # and the notices all written and not yet committed.
    blocker = psycopg2.connect(_database_url())
    try:
        with blocker.cursor() as cursor:
            cursor.execute(
                "SELECT id FROM cadre_registry_user WHERE id = %s FOR UPDATE",
                [owner.pk],
            )
        make_snapshot_task.delay(definition.pk, "2026-12-31")
        watcher = psycopg2.connect(_database_url())
        watcher.autocommit = True

        def waiting_to_commit() -> bool:
            with watcher.cursor() as cursor:
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = "
                    "current_database() AND wait_event_type = 'Lock' AND query = "
                    "'COMMIT'"
                )
                return cursor.fetchone()[0] > 0

        _wait(
            waiting_to_commit,
            "the task to reach its commit",
            celery_prefork_worker,
        )
        os.kill(_pool_child(celery_prefork_worker), signal.SIGKILL)
        assert not Snapshot.objects.exists()
    finally:
        blocker.rollback()
        blocker.close()
    _wait(
        lambda: Snapshot.objects.exists(),
        "the redelivered task to make the snapshot",
        celery_prefork_worker,
        timeout=120,
    )
    time.sleep(1)  # a late duplicate would show now
    assert Snapshot.objects.count() == 1
    snapshot = Snapshot.objects.get()
    assert snapshot.files.filter(format="xlsx").count() == 1
    assert Notification.objects.filter(snapshot=snapshot).count() == 1
    watcher.close()


def test_a_database_error_is_retried(
    monkeypatch,
    personas,
    course_types,  # noqa: F811
):
    definition = _definition(personas)
    calls = []
    real = services._compute

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "_compute", flaky)
    # apply() runs the task here, retries included, as the worker would.
    result = make_snapshot_task.apply(args=[definition.pk, "2026-12-31"])
    assert result.successful(), result.traceback
    assert len(calls) == 2
    assert Snapshot.objects.get().on == dt.date(2026, 12, 31)
