"""Writes of the reports app: report definitions and their beat schedules, making a
snapshot (once per definition and date, in one transaction with its files and its
notices), refreshing one that is not frozen, and freezing ("chốt số liệu")."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from cadre_registry.models import Role, Unit, User
from cadre_registry.selectors import scope_name, unit_scope_ids
from reports.models import (
    Notification,
    Period,
    ReportDefinition,
    Snapshot,
    SnapshotFile,
)
from reports.tables import TABLES

TASK_NAME = "reports.tasks.make_snapshot_task"


# --- Reporting dates ---------------------------------------------------------------


def reporting_dates(*, period: str, today: dt.date, fixed_date: dt.date | None = None):
    """(period start, reporting date) of a report run on `today`: the last complete
    month, quarter or year before it, or the fixed date (its year from 1 January)."""
    if period == Period.DATE:
        if fixed_date is None:
            raise ValueError("a 'date' period needs its fixed date")
        return dt.date(fixed_date.year, 1, 1), fixed_date
    first_of_month = today.replace(day=1)
    if period == Period.MONTHLY:
        on = first_of_month - dt.timedelta(days=1)
        return on.replace(day=1), on
    if period == Period.QUARTERLY:
        quarter_start = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
        on = quarter_start - dt.timedelta(days=1)
        return dt.date(on.year, 3 * ((on.month - 1) // 3) + 1, 1), on
    if period == Period.YEARLY:
        return dt.date(today.year - 1, 1, 1), dt.date(today.year - 1, 12, 31)
    raise ValueError(f"unknown period {period!r}")


# --- Definitions -------------------------------------------------------------------


def _check_admin(by: User) -> None:
    if not by.is_administrator:
        raise PermissionDenied("Chỉ quản trị viên được định nghĩa báo cáo định kỳ.")


def _check_owner_scope(*, owner: User, unit: Unit | None) -> None:
    """The owner's scope is the snapshot's scope: the unit must lie inside it."""
    scope = unit_scope_ids(user=owner)
    if unit is not None and scope is not None and unit.pk not in scope:
        raise ValidationError(
            {"unit": "Đơn vị nằm ngoài phạm vi của người phụ trách báo cáo."}
        )


@transaction.atomic
def definition_create(
    *,
    by: User,
    name: str,
    tables: list[str],
    period: str,
    owner: User,
    unit: Unit | None = None,
    fixed_date: dt.date | None = None,
    recipients: list[User] = (),
) -> ReportDefinition:
    _check_admin(by)
    unknown = [t for t in tables if t not in TABLES]
    if unknown or not tables:
        raise ValidationError({"tables": "Chọn ít nhất một biểu trong danh sách."})
    _check_owner_scope(owner=owner, unit=unit)
    definition = ReportDefinition(
        name=name.strip(),
        tables=list(dict.fromkeys(tables)),
        period=period,
        fixed_date=fixed_date if period == Period.DATE else None,
        owner=owner,
        unit=unit,
    )
    if period == Period.DATE and fixed_date is None:
        raise ValidationError({"fixed_date": "Kỳ “tại một ngày” cần ngày số liệu."})
    definition.full_clean()
    definition._history_user = by
    definition.save()
    definition.recipients.set(recipients)
    return definition


@transaction.atomic
def definition_update(
    *,
    by: User,
    definition: ReportDefinition,
    name: str,
    tables: list[str],
    period: str,
    owner: User,
    unit: Unit | None = None,
    fixed_date: dt.date | None = None,
    recipients: list[User] = (),
    is_active: bool = True,
) -> ReportDefinition:
    """Change a definition; its snapshots keep the figures they were made with."""
    _check_admin(by)
    unknown = [t for t in tables if t not in TABLES]
    if unknown or not tables:
        raise ValidationError({"tables": "Chọn ít nhất một biểu trong danh sách."})
    _check_owner_scope(owner=owner, unit=unit)
    if period == Period.DATE and fixed_date is None:
        raise ValidationError({"fixed_date": "Kỳ “tại một ngày” cần ngày số liệu."})
    definition = ReportDefinition.objects.select_for_update().get(pk=definition.pk)
    definition.name = name.strip()
    definition.tables = list(dict.fromkeys(tables))
    definition.period = period
    definition.fixed_date = fixed_date if period == Period.DATE else None
    definition.owner = owner
    definition.unit = unit
    definition.is_active = is_active
    definition.full_clean()
    definition._history_user = by
    definition.save()
    definition.recipients.set(recipients)
    if definition.schedule is not None and not is_active:
        # A definition no longer in use stops running by itself; save(), not
        # update(), so that the beat hears of the change.
        definition.schedule.enabled = False
        definition.schedule.save()
    return definition


@transaction.atomic
def definition_schedule(
    *,
    by: User,
    definition: ReportDefinition,
    minute: str = "0",
    hour: str = "2",
    day_of_month: str = "1",
    month_of_year: str = "*",
    day_of_week: str = "*",
    enabled: bool = True,
) -> PeriodicTask:
    """Run the definition by itself on a crontab (django-celery-beat): the beat
    reads it from the database, so an administrator may change it in the admin."""
    _check_admin(by)
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute=minute,
        hour=hour,
        day_of_month=day_of_month,
        month_of_year=month_of_year,
        day_of_week=day_of_week,
        timezone=timezone.get_current_timezone_name(),
    )
    task = definition.schedule
    if task is None:
        task = PeriodicTask(
            name=f"Báo cáo định kỳ #{definition.pk}: {definition.name}"[:200]
        )
    task.task = TASK_NAME
    task.crontab = crontab
    task.kwargs = json.dumps({"definition_id": definition.pk})
    task.enabled = enabled
    task.save()
    if definition.schedule_id != task.pk:
        definition.schedule = task
        definition._history_user = by
        definition.save(update_fields=["schedule"])
    return task


# --- Snapshots ---------------------------------------------------------------------


def _data_version() -> dict[str, int]:
    """The newest history row of each table the figures read: two snapshots with
    the same version were made from the same data."""
    from cadre_registry.models import (
        Assignment,
        Evaluation,
        Person,
        SalaryRecord,
        TrainingRecord,
    )
    from planning.models import Appointment, Entry, Rotation
    from training.models import Enrolment

    version = {}
    for label, model in (
        ("person", Person),
        ("assignment", Assignment),
        ("salary", SalaryRecord),
        ("training_record", TrainingRecord),
        ("evaluation", Evaluation),
        ("enrolment", Enrolment),
        ("planning_entry", Entry),
        ("rotation", Rotation),
        ("appointment", Appointment),
    ):
        history = model.history.model
        version[label] = history.objects.aggregate(v=Max("history_id"))["v"] or 0
    return version


def _unit_name(definition: ReportDefinition) -> str:
    if definition.unit is not None:
        return definition.unit.name
    return scope_name(user=definition.owner)


def _compute(definition: ReportDefinition, start: dt.date, on: dt.date) -> dict:
    return {
        code: TABLES[code].compute(
            user=definition.owner, unit=definition.unit, start=start, end=on, on=on
        )
        for code in definition.tables
        if code in TABLES
    }


def _render_report(snapshot: Snapshot) -> None:
    """The statistical report of the whole snapshot as a PDF (reports/report_pdf.py:
    cover, tables, charts, notes), footed "Lập tự động"; left out without the PDF
    font, as the tables' PDFs are."""
    from reports.pdf import PdfFontMissing, PrintInfo
    from reports.report_pdf import build_report_pdf
    from reports.snapshot_report import snapshot_report_data

    printed = PrintInfo(printed_by="", printed_at=timezone.localtime(), automatic=True)
    try:
        content = build_report_pdf(
            snapshot_report_data(snapshot=snapshot), printed=printed
        )
    except PdfFontMissing:
        return
    row = SnapshotFile(
        snapshot=snapshot, table="", format=SnapshotFile.Format.PDF, size=len(content)
    )
    row.file.save(
        f"bao-cao-thong-ke-{snapshot.on:%Y%m%d}-{snapshot.pk}.pdf",
        ContentFile(content),
        save=False,
    )
    row.save()


def _render_files(snapshot: Snapshot) -> None:
    """One workbook per table, and its PDF beside it where the table has one, from
    the stored figures (not the live data). Without the PDF font the PDFs are left
    out: the workbooks, which need none, are still the report."""
    from reports.pdf import PdfFontMissing, PrintInfo

    # Files the system makes: no one printed them ("Lập tự động lúc …").
    automatic = PrintInfo(
        printed_by="", printed_at=timezone.localtime(), automatic=True
    )
    definition = snapshot.definition
    unit_name = _unit_name(definition)
    preparer = definition.owner.get_full_name() or definition.owner.username
    snapshot.files.all().delete()
    for code, figures in snapshot.figures.items():
        table = TABLES.get(code)
        if table is None:
            continue
        for file_format, build in (
            (SnapshotFile.Format.XLSX, table.xlsx),
            (SnapshotFile.Format.PDF, table.pdf),
        ):
            if build is None:
                continue
            extra = (
                {"printed": automatic} if file_format == SnapshotFile.Format.PDF else {}
            )
            try:
                content = build(
                    figures=figures, unit_name=unit_name, preparer=preparer, **extra
                )
            except PdfFontMissing:
                continue
            row = SnapshotFile(
                snapshot=snapshot, table=code, format=file_format, size=len(content)
            )
            row.file.save(
                f"{table.filename}-{snapshot.on:%Y%m%d}-{snapshot.pk}.{file_format}",
                ContentFile(content),
                save=False,
            )
            row.save()

    _render_report(snapshot)


def _notify(snapshot: Snapshot) -> None:
    definition = snapshot.definition
    users = {definition.owner_id, *definition.recipients.values_list("pk", flat=True)}
    text = (
        f"Báo cáo “{definition.name}” số liệu đến {snapshot.on:%d/%m/%Y} đã sẵn sàng."
    )
    Notification.objects.bulk_create(
        [
            Notification(
                user_id=pk,
                text=text,
                url=reverse("reports:snapshot_detail", args=[snapshot.pk]),
                snapshot=snapshot,
            )
            for pk in users
        ],
        ignore_conflicts=True,  # a redelivered task notifies once
    )


@dataclass
class Made:
    snapshot: Snapshot
    created: bool


def snapshot_make(
    *,
    definition: ReportDefinition,
    on: dt.date | None = None,
    by: User | None = None,
    today: dt.date | None = None,
    task_id: str = "",
) -> Made:
    """The snapshot of `definition` for the reporting date `on` (by default the
    period's last date before `today`): made once. Figures, files and notices are
    written in one transaction, so a worker killed half-way leaves nothing, and
    the task's redelivery makes it from the start; a second run finds it."""
    today = today or timezone.localdate()
    if on is None:
        start, on = reporting_dates(
            period=definition.period, today=today, fixed_date=definition.fixed_date
        )
    else:
        start = dt.date(on.year, 1, 1)
    if by is not None and not (by.is_administrator or by.pk == definition.owner_id):
        raise PermissionDenied(
            "Chỉ người phụ trách báo cáo hoặc quản trị viên được lập."
        )
    with transaction.atomic():
        # Two workers for the same definition wait here; the second then finds the
        # first's snapshot.
        locked = (
            ReportDefinition.objects.select_for_update(of=("self",))
            .select_related("owner", "unit")
            .get(pk=definition.pk)
        )
        existing = Snapshot.objects.filter(definition=locked, on=on).first()
        if existing is not None:
            return Made(existing, False)
        snapshot = Snapshot(
            definition=locked,
            on=on,
            period_start=start,
            figures=_compute(locked, start, on),
            data_version=_data_version(),
            made_at=timezone.now(),
            made_by=by,
            task_id=task_id,
        )
        snapshot._history_user = by
        snapshot.save()
        _render_files(snapshot)
        _notify(snapshot)
    return Made(snapshot, True)


def snapshot_refresh(*, snapshot: Snapshot, by: User) -> Snapshot:
    """Make a snapshot again from today's data, in place; a frozen one is refused."""
    with transaction.atomic():
        snapshot = (
            Snapshot.objects.select_for_update(of=("self",))
            .select_related("definition__owner", "definition__unit")
            .get(pk=snapshot.pk)
        )
        definition = snapshot.definition
        if not (by.is_administrator or by.pk == definition.owner_id):
            raise PermissionDenied(
                "Chỉ người phụ trách báo cáo hoặc quản trị viên được lập lại."
            )
        if snapshot.is_frozen:
            raise ValidationError(
                "Số liệu kỳ này đã được chốt; không thể tính lại. Hãy lập kỳ số liệu mới."
            )
        snapshot.figures = _compute(definition, snapshot.period_start, snapshot.on)
        snapshot.data_version = _data_version()
        snapshot.made_at = timezone.now()
        snapshot.made_by = by
        snapshot._history_user = by
        snapshot._change_reason = "Tính lại số liệu"
        snapshot.save()
        _render_files(snapshot)
    return snapshot


def snapshot_freeze(*, snapshot: Snapshot, by: User) -> Snapshot:
    """Chốt số liệu: a leader (or an administrator) freezes what is submitted."""
    if not (by.is_administrator or by.role == Role.LEADER):
        raise PermissionDenied("Chỉ lãnh đạo được chốt số liệu.")
    with transaction.atomic():
        snapshot = Snapshot.objects.select_for_update().get(pk=snapshot.pk)
        if snapshot.is_frozen:
            raise ValidationError(
                f"Số liệu đã được chốt lúc {timezone.localtime(snapshot.frozen_at):%H:%M %d/%m/%Y}."
            )
        snapshot.frozen_at = timezone.now()
        snapshot.frozen_by = by
        snapshot._history_user = by
        snapshot._change_reason = "Chốt số liệu"
        snapshot.save(update_fields=["frozen_at", "frozen_by"])
    return snapshot


def notification_read(*, user: User, pk: int) -> None:
    Notification.objects.filter(user=user, pk=pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def notification_read_all(*, user: User, snapshot: Snapshot | None = None) -> int:
    """Mark the user's unread notices read (only those of `snapshot` if given)."""
    notices = Notification.objects.filter(user=user, read_at__isnull=True)
    if snapshot is not None:
        notices = notices.filter(snapshot=snapshot)
    return notices.update(read_at=timezone.now())
