"""Background work of the registry: thin tasks that call one service."""

from celery import shared_task

from cadre_registry import services


@shared_task(bind=True, max_retries=3, default_retry_delay=60)
def refresh_current_positions_task(self, on: str | None = None) -> int:
    """Nightly: re-derive each person's current unit, post and salary from the dated
    rows, since rows that start or end today change them without any edit."""
    import datetime as dt

    try:
        return services.refresh_current_all(
            on=dt.date.fromisoformat(on) if on else None
        )
    except Exception as error:  # a lost connection, a deadlock: try again later
        raise self.retry(exc=error) from error


@shared_task(bind=True, max_retries=2, default_retry_delay=30, acks_late=True)
def export_task(self, job_id: int) -> None:
    """Write a large export's file; the job page polls its progress."""
    from cadre_registry.models import ExportJob

    job = ExportJob.objects.select_related("created_by").get(pk=job_id)
    if job.status == ExportJob.Status.DONE:
        return  # a redelivered message after success: nothing to do
    try:
        services.export_job_run(job=job, background=True)
    except Exception as error:
        if self.request.retries >= self.max_retries:
            ExportJob.objects.filter(pk=job_id).update(
                status=ExportJob.Status.FAILED, message=str(error)[:1000]
            )
            raise
        raise self.retry(exc=error) from error


# Imports: acks_late with reject_on_worker_lost (settings) means a worker killed in
# the middle leaves the message on the broker; the import's single transaction was
# rolled back with the lost connection, so the redelivery starts from a clean slate.


@shared_task(bind=True, max_retries=2, default_retry_delay=10)
def import_check_task(self, job_id: int) -> None:
    """Dry run of a large import file."""
    from cadre_registry import import_jobs
    from cadre_registry.models import ImportJob

    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if job.status not in (ImportJob.Status.UPLOADED, ImportJob.Status.CHECKING):
        return
    try:
        import_jobs.import_job_check(job=job, background=True)
    except Exception as error:
        raise self.retry(exc=error) from error


@shared_task(bind=True, max_retries=2, default_retry_delay=10)
def import_apply_task(self, job_id: int) -> None:
    """The confirmed import of a large file, in one transaction."""
    from cadre_registry import import_jobs
    from cadre_registry.models import ImportJob

    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if job.status == ImportJob.Status.DONE:
        return
    try:
        import_jobs.import_job_apply(job=job, background=True)
    except Exception as error:
        raise self.retry(exc=error) from error
