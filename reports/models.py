"""Periodic reports (issue 6): what an administrator defines (which tables, for which
unit, how often), the snapshots Celery makes of them (the figures as of a reporting
date, stored with the data version and the time they were made, and frozen by a
leader when submitted: "chốt số liệu"), and the in-app notices that a report is
ready. The figures themselves come from reports/tables.py."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from cadre_registry.models import Unit
from reports.tables import TABLE_CHOICES


class Period(models.TextChoices):
    MONTHLY = "monthly", "Hằng tháng (số liệu đến cuối tháng trước)"
    QUARTERLY = "quarterly", "Hằng quý (số liệu đến cuối quý trước)"
    YEARLY = "yearly", "Hằng năm (số liệu đến 31/12 năm trước)"
    DATE = "date", "Tại một ngày"


class ReportDefinition(models.Model):
    """A report the department makes regularly: its tables, its unit (empty: the
    owner's whole scope), its period and, when it runs by itself, its beat schedule.
    The owner's scope is the scope of every snapshot of it, whoever starts one."""

    name = models.CharField("Tên báo cáo", max_length=200)
    tables = ArrayField(
        models.CharField(max_length=32, choices=TABLE_CHOICES),
        verbose_name="Các biểu",
        help_text="Các biểu thống kê đưa vào báo cáo",
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Đơn vị",
        help_text="Để trống: toàn bộ phạm vi của người phụ trách",
    )
    period = models.CharField("Kỳ báo cáo", max_length=16, choices=Period)
    fixed_date = models.DateField(
        "Ngày số liệu (kỳ “tại một ngày”)", null=True, blank=True
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="report_definitions",
        verbose_name="Người phụ trách",
    )
    recipients = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        verbose_name="Người nhận thông báo",
    )
    schedule = models.OneToOneField(
        "django_celery_beat.PeriodicTask",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="report_definition",
        verbose_name="Lịch chạy tự động",
    )
    is_active = models.BooleanField("Đang dùng", default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "Định nghĩa báo cáo định kỳ"
        verbose_name_plural = "Định nghĩa báo cáo định kỳ"
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(tables__len__gt=0)
                & Q(tables__contained_by=[code for code, _ in TABLE_CHOICES]),
                name="reports_definition_tables_known",
            ),
            models.CheckConstraint(
                condition=Q(period__in=Period.values), name="reports_definition_period"
            ),
            # Only the "given date" period has, and needs, a fixed date.
            models.CheckConstraint(
                condition=Q(period="date", fixed_date__isnull=False)
                | (~Q(period="date") & Q(fixed_date__isnull=True)),
                name="reports_definition_fixed_date_iff_date",
            ),
        ]

    def __str__(self):
        return self.name


class Snapshot(models.Model):
    """The figures of a definition as of a reporting date, made once (a second run
    for the same date finds it) and, once frozen, never changed again."""

    definition = models.ForeignKey(
        ReportDefinition,
        on_delete=models.PROTECT,
        related_name="snapshots",
        verbose_name="Báo cáo",
    )
    on = models.DateField("Số liệu tính đến ngày")
    period_start = models.DateField("Kỳ báo cáo từ ngày")
    figures = models.JSONField("Số liệu", encoder=DjangoJSONEncoder)
    data_version = models.JSONField(
        "Phiên bản dữ liệu",
        default=dict,
        help_text="Dòng lịch sử mới nhất của các bảng đã đọc khi tính",
    )
    made_at = models.DateTimeField("Lập lúc")
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Người lập (trống: tự động)",
    )
    task_id = models.CharField("Mã tác vụ", max_length=64, blank=True)
    frozen_at = models.DateTimeField("Chốt số liệu lúc", null=True, blank=True)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Người chốt số liệu",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "Kỳ số liệu báo cáo"
        verbose_name_plural = "Kỳ số liệu báo cáo"
        ordering = ["definition", "-on", "-id"]
        constraints = [
            # Idempotence: one snapshot per definition and reporting date, however
            # many times the task runs or is redelivered.
            models.UniqueConstraint(
                fields=["definition", "on"], name="reports_snapshot_once_per_date"
            ),
            models.CheckConstraint(
                condition=Q(period_start__lte=F("on")),
                name="reports_snapshot_period_in_order",
            ),
            models.CheckConstraint(
                condition=Q(frozen_at__isnull=True, frozen_by__isnull=True)
                | Q(frozen_at__isnull=False, frozen_by__isnull=False),
                name="reports_snapshot_frozen_by_iff_at",
            ),
        ]

    def __str__(self):
        return f"{self.definition} – {self.on:%d/%m/%Y}"

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None


class SnapshotFile(models.Model):
    """A file rendered from a snapshot's stored figures: one workbook per table,
    and the report as a PDF (table empty)."""

    class Format(models.TextChoices):
        XLSX = "xlsx", "Excel"
        PDF = "pdf", "PDF"

    snapshot = models.ForeignKey(
        Snapshot, on_delete=models.CASCADE, related_name="files"
    )
    table = models.CharField("Biểu", max_length=32, blank=True)
    format = models.CharField("Định dạng", max_length=8, choices=Format)
    file = models.FileField(upload_to="reports/%Y/%m/", max_length=255)
    size = models.PositiveIntegerField("Dung lượng (byte)")

    class Meta:
        ordering = ["snapshot", "table", "format"]
        constraints = [
            models.UniqueConstraint(
                fields=["snapshot", "table", "format"], name="reports_file_once"
            ),
            models.CheckConstraint(
                condition=Q(format__in=["xlsx", "pdf"]), name="reports_file_format"
            ),
        ]

    def __str__(self):
        return self.file.name


class Notification(models.Model):
    """A notice in the app (the bell in the header): a report is ready."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    text = models.CharField("Nội dung", max_length=500)
    url = models.CharField("Liên kết", max_length=500, blank=True)
    snapshot = models.ForeignKey(
        Snapshot, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "Thông báo"
        verbose_name_plural = "Thông báo"
        ordering = ["-created_at", "-id"]
        constraints = [
            # A redelivered task notifies once.
            models.UniqueConstraint(
                fields=["user", "snapshot"],
                condition=Q(snapshot__isnull=False),
                name="reports_notification_once_per_snapshot",
            )
        ]
        indexes = [
            models.Index(
                fields=["user", "created_at"],
                condition=Q(read_at__isnull=True),
                name="reports_notification_unread",
            )
        ]

    def __str__(self):
        return self.text
