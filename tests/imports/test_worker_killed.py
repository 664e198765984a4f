"""A worker killed in the middle of a confirmed import leaves nothing behind, and the
import is run again (acks_late + reject_on_worker_lost) to a complete result."""

import os
import signal
import time
from pathlib import Path

import pytest

from cadre_registry.imports import check_file
from cadre_registry.models import ImportJob, Person
from cadre_registry.tasks import import_apply_task

from .conftest import BASIC, csv_bytes, person_row

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]

ROWS = 30_000


def _pool_child(worker) -> int:
    proc = Path(f"/proc/{worker.pid}/task/{worker.pid}/children")
    children = proc.read_text().split()
    assert children, "the worker has no pool process"
    return int(children[0])


def _wait(condition, what, worker, timeout=120):
    deadline = time.monotonic() + timeout
    while not condition():
        assert worker.poll() is None, "the worker died"
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def test_killed_mid_import_writes_nothing_then_the_retry_completes(
    celery_prefork_worker, personas, tree, make_job
):
    clerk = personas["clerk"]
    rows = [person_row(n) for n in range(1, ROWS + 1)]
    job = make_job(clerk, csv_bytes(BASIC, rows), name="lon.csv")
    assert check_file(job=job, user=clerk).new == ROWS

    import_apply_task.delay(job.pk)
    # Mid-import: the worker has started writing (progress is reported through a
    # second connection, outside the import's transaction).
    _wait(
        lambda: ImportJob.objects.filter(
            pk=job.pk, status=ImportJob.Status.IMPORTING, processed_rows__gt=0
        ).exists(),
        "the import to start",
        celery_prefork_worker,
    )
    first_attempt = ImportJob.objects.get(pk=job.pk).attempts
    os.kill(_pool_child(celery_prefork_worker), signal.SIGKILL)
    assert not Person.objects.exists()  # the killed transaction wrote nothing

    _wait(
        lambda: ImportJob.objects.filter(
            pk=job.pk, status=ImportJob.Status.DONE
        ).exists(),
        "the redelivered import to finish",
        celery_prefork_worker,
        timeout=180,
    )
    job.refresh_from_db()
    assert job.attempts > first_attempt
    assert Person.objects.count() == ROWS  # complete, and nothing twice
    assert job.new_rows == ROWS
