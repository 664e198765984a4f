"""Celery tasks of the reports app: make the snapshot of a report definition."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.db import InterfaceError, OperationalError

from cadre_registry.models import User
from reports import services
from reports.models import ReportDefinition


# acks_late + reject_on_worker_lost: a worker killed mid-task leaves the message to
# be delivered again; the snapshot is written in one transaction, so the next
# delivery starts from nothing, and the (definition, date) key makes it once.
@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=5,
    max_retries=3,
)
def make_snapshot_task(
    self, definition_id: int, on: str | None = None, by_id: int | None = None
) -> int | None:
    """Make the snapshot of a definition (for `on`, or its period's last date);
    `by_id` is the user who asked for it on the page (none: the beat)."""
    definition = ReportDefinition.objects.filter(
        pk=definition_id, is_active=True
    ).first()
    if definition is None:
        return None  # deleted or switched off since the beat sent it
    by = User.objects.filter(pk=by_id, is_active=True).first() if by_id else None
    made = services.snapshot_make(
        definition=definition,
        on=dt.date.fromisoformat(on) if on else None,
        by=by,
        task_id=self.request.id or "",
    )
    return made.snapshot.pk


@shared_task(bind=True, max_retries=3, default_retry_delay=300, ignore_result=True)
def keep_statistics_task(self) -> list[str]:
    """Nightly (beat): keep today's figures and the last year-ends' (reports/state.py),
    drop the other dates. Idempotent: a kept date is only brought up to date."""
    from django.conf import settings
    from django.utils import timezone

    from reports import state

    dates = state.kept_on(
        today=timezone.localdate(), year_ends=settings.STATISTICS_KEPT_YEAR_ENDS
    )
    try:
        state.drop(keep=dates)
        return [state.build(on=on).on.isoformat() for on in sorted(dates)]
    except (state.StateBusy, OperationalError, InterfaceError) as error:
        raise self.retry(exc=error) from error


@shared_task(ignore_result=True)
def refresh_statistics_task() -> int:
    """Every few minutes (beat): recompute the kept rows of the people changed
    since, so that a leader's page rarely has any to recompute itself."""
    from reports import state

    return state.refresh_all()
