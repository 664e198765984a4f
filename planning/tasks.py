"""Background work of the planning app: thin tasks that call one service."""

from celery import shared_task


@shared_task(
    bind=True,
    max_retries=3,
    default_retry_delay=300,
    acks_late=True,
    ignore_result=True,
)
def compute_reminders_task(self, on: str | None = None) -> dict[str, int]:
    """Daily (beat): recompute the reminders of the day. Idempotent, so a message
    redelivered after a lost worker (acks_late) or a retry just recomputes them."""
    import datetime as dt

    from planning import reminders

    try:
        return reminders.reminders_compute(on=dt.date.fromisoformat(on) if on else None)
    except Exception as error:  # a lost connection, a deadlock: try again later
        raise self.retry(exc=error) from error
