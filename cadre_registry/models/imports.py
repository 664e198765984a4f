"""Spreadsheet imports and exports: the job, its outcome and its audit trail."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q


class ImportJob(models.Model):
    """Lần nhập dữ liệu: one uploaded file, its dry run and, once confirmed, its import.

    The job row is the auditor's log (who, when, file name and checksum, counts) and
    the state the progress page polls; the file itself lives under MEDIA_ROOT."""

    class Status(models.TextChoices):
        UPLOADED = "uploaded", "Đã tải lên"
        CHECKING = "checking", "Đang kiểm tra"
        CHECKED = "checked", "Đã kiểm tra, chờ xác nhận"
        IMPORTING = "importing", "Đang nhập"
        DONE = "done", "Hoàn thành"
        FAILED = "failed", "Lỗi"
        CANCELLED = "cancelled", "Đã hủy"

    resource = models.CharField("Loại dữ liệu", max_length=32)
    status = models.CharField(
        "Trạng thái", max_length=16, choices=Status.choices, default=Status.UPLOADED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="import_jobs"
    )
    created_at = models.DateTimeField("Tải lên lúc", auto_now_add=True)
    checked_at = models.DateTimeField("Kiểm tra lúc", null=True, blank=True)
    finished_at = models.DateTimeField("Hoàn thành lúc", null=True, blank=True)
    file = models.FileField(upload_to="imports/%Y/%m/", max_length=255)
    file_name = models.CharField("Tên tệp", max_length=255)
    file_size = models.PositiveBigIntegerField("Dung lượng (byte)")
    checksum = models.CharField("SHA-256", max_length=64)
    total_rows = models.PositiveIntegerField("Số dòng", default=0)
    processed_rows = models.PositiveIntegerField("Đã xử lý", default=0)
    new_rows = models.PositiveIntegerField("Thêm mới", default=0)
    updated_rows = models.PositiveIntegerField("Cập nhật", default=0)
    unchanged_rows = models.PositiveIntegerField("Không đổi", default=0)
    rejected_rows = models.PositiveIntegerField("Bị từ chối", default=0)
    # [{"row": 7, "column": "Ngày sinh", "message": "..."}], capped; the error workbook
    # is rebuilt from the file and these.
    errors = models.JSONField("Lỗi", default=list, blank=True)
    # Every row the dry run rejected (not capped like `errors`): the confirmed import
    # leaves exactly these out.
    rejected_row_numbers = ArrayField(
        models.PositiveIntegerField(), default=list, blank=True
    )
    message = models.TextField("Thông báo", blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField("Số lần chạy", default=0)

    class Meta:
        verbose_name = "Lần nhập dữ liệu"
        verbose_name_plural = "Lần nhập dữ liệu"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(processed_rows__lte=models.F("total_rows"))
                | Q(total_rows=0),
                name="cadre_registry_importjob_progress_in_range",
            ),
        ]

    def __str__(self):
        return f"#{self.pk} {self.file_name}"

    @property
    def progress_percent(self) -> int:
        if not self.total_rows:
            return 0
        return min(100, round(100 * self.processed_rows / self.total_rows))

    @property
    def is_running(self) -> bool:
        return self.status in (self.Status.CHECKING, self.Status.IMPORTING)


class ExportJob(models.Model):
    """A large export made in the background; the file is downloaded when ready."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Đang chờ"
        RUNNING = "running", "Đang xuất"
        DONE = "done", "Sẵn sàng tải về"
        FAILED = "failed", "Lỗi"

    resource = models.CharField("Loại dữ liệu", max_length=32)
    file_format = models.CharField("Định dạng", max_length=8)
    status = models.CharField(
        "Trạng thái", max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="export_jobs"
    )
    created_at = models.DateTimeField("Yêu cầu lúc", auto_now_add=True)
    finished_at = models.DateTimeField("Hoàn thành lúc", null=True, blank=True)
    # The list's query string: the export is recomputed from it, through the same
    # scoped selector, by the worker.
    query = models.CharField("Điều kiện lọc", max_length=2000, blank=True)
    total_rows = models.PositiveIntegerField("Số dòng", default=0)
    processed_rows = models.PositiveIntegerField("Đã xuất", default=0)
    file = models.FileField(upload_to="exports/%Y/%m/", max_length=255, blank=True)
    message = models.TextField("Thông báo", blank=True)

    class Meta:
        verbose_name = "Lần xuất dữ liệu"
        verbose_name_plural = "Lần xuất dữ liệu"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(file_format__in=["xlsx", "csv"]),
                name="cadre_registry_exportjob_format_known",
            ),
        ]

    def __str__(self):
        return f"#{self.pk} {self.resource}.{self.file_format}"

    @property
    def progress_percent(self) -> int:
        if not self.total_rows:
            return 0
        return min(100, round(100 * self.processed_rows / self.total_rows))
