"""The import flow around the engine (cadre_registry.imports): upload → dry run →
preview → confirm → done, in the request for small files and in Celery for big ones.

The job row carries the state the pages show; progress counters are written through
the "progress" connection so that they are visible while the import's own
transaction is still open."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from cadre_registry.models import ImportJob, User


class UploadRefused(Exception):
    """The upload itself is unacceptable (size, type); the message is for the user."""


def import_job_create(*, user: User, resource: str, upload: UploadedFile) -> ImportJob:
    """Store an uploaded file with its checksum as a new job (nothing imported yet)."""
    from cadre_registry.imports import RESOURCES

    if resource not in RESOURCES:
        raise UploadRefused("Loại dữ liệu không hợp lệ.")
    if not user.can_edit_people:
        raise UploadRefused("Bạn không có quyền nhập dữ liệu.")
    if RESOURCES[resource].sensitive and not user.can_see_sensitive:
        raise UploadRefused(
            f"“{RESOURCES[resource].title}” là thông tin nhạy cảm: tài khoản của bạn "
            "không được nhập loại dữ liệu này."
        )
    if upload.size == 0:
        raise UploadRefused("Tệp rỗng: không có dữ liệu nào để nhập.")
    if upload.size > settings.MAX_UPLOAD_BYTES:
        raise UploadRefused(_too_big_message(upload.size))
    name = upload.name.rsplit("/", 1)[-1][:200]
    if not name.lower().endswith((".xlsx", ".xls", ".xlsm", ".ods", ".csv")):
        raise UploadRefused(
            "Chỉ nhận tệp Excel (.xlsx, .xls), OpenDocument (.ods) hoặc CSV."
        )
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    job = ImportJob(
        resource=resource,
        created_by=user,
        file_name=name,
        file_size=upload.size,
        checksum=digest.hexdigest(),
    )
    job.file.save(name, upload, save=False)
    job.save()
    return job


def import_kinds(*, user) -> dict:
    """The kinds this user may import: personal-data kinds need the permission."""
    from cadre_registry.imports import RESOURCES

    return {
        name: spec
        for name, spec in RESOURCES.items()
        if user.can_see_sensitive or not spec.sensitive
    }


def _too_big_message(size: int) -> str:
    limit_mb = settings.MAX_UPLOAD_BYTES // (1024 * 1024)
    return f"Tệp quá lớn ({size / 1024 / 1024:.1f} MB); giới hạn là {limit_mb} MB. Hãy chia tệp thành nhiều phần."


def runs_in_background(job: ImportJob) -> bool:
    """Big files go to Celery so that no request waits on them."""
    return job.file_size > settings.IMPORT_BACKGROUND_BYTES


def _progress(job: ImportJob, background: bool):
    # In a worker the counters go through the second connection, outside the
    # import's transaction, for the page to poll; in a request nobody polls.
    alias = "progress" if background else "default"

    def report(done: int, total: int) -> None:
        ImportJob.objects.using(alias).filter(pk=job.pk).update(
            processed_rows=min(done, total), total_rows=total
        )

    return report


def import_job_check(*, job: ImportJob, background: bool = False) -> ImportJob:
    """The dry run: validate every row, count, keep the rejected rows; write nothing else."""
    from cadre_registry.imports import ImportFileError, check_file

    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.CHECKING, attempts=job.attempts + 1
    )
    job.refresh_from_db()
    try:
        check_file(job=job, user=job.created_by, progress=_progress(job, background))
    except ImportFileError as error:
        return _fail(job, str(error))
    return job  # check_file stored the counts, the errors and the status


def import_job_apply(*, job: ImportJob, background: bool = False) -> ImportJob:
    """The confirmed import, all or nothing (the engine runs it in one transaction)."""
    from cadre_registry.imports import ImportFileError, apply_file

    with transaction.atomic():
        locked = ImportJob.objects.select_for_update().get(pk=job.pk)
        if locked.status == ImportJob.Status.DONE:
            return locked  # a redelivered task after success
        if locked.status not in (
            ImportJob.Status.CHECKED,
            ImportJob.Status.IMPORTING,
            ImportJob.Status.FAILED,
        ):
            raise UploadRefused("Lần nhập này chưa được kiểm tra hoặc đã kết thúc.")
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.IMPORTING,
            attempts=locked.attempts + 1,
            processed_rows=0,
        )
    job.refresh_from_db()
    try:
        apply_file(job=job, user=job.created_by, progress=_progress(job, background))
    except ImportFileError as error:
        _store_errors(job, getattr(error, "report", None))
        return _fail(job, f"Không nhập được, không có dữ liệu nào được ghi: {error}")
    return job  # apply_file stored the counts and the status (DONE)


def _store_errors(job: ImportJob, report) -> None:
    if report is not None:
        job.errors = report.stored_errors()
        job.rejected_rows = report.rejected


def _fail(job: ImportJob, message: str) -> ImportJob:
    job.status = ImportJob.Status.FAILED
    job.message = message[:4000]
    job.save()
    return job
