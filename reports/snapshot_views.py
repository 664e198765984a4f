"""Báo cáo định kỳ: the report definitions a user owns or receives, their snapshots
(made by the beat or at once by a worker), a snapshot's figures and what changed
since the previous one, its files, its statistical report as a PDF (drawn from
the stored figures, each print logged), freezing ("chốt số liệu"), and the
notices of the bell in the header. Authorise → selector or service → render."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cadre_registry import services as registry_services
from cadre_registry.models import AccessLog, Role, User
from cadre_registry.selectors import parse_pk
from cadre_registry.signals import client_ip
from reports import pdf, services
from reports import snapshot_selectors as selectors
from reports.models import ReportDefinition, Snapshot
from reports.report_pdf import build_report_pdf
from reports.responses import PDF, XLSX, ascii_filename, file_response, pdf_font_guard
from reports.snapshot_forms import DefinitionForm, MakeSnapshotForm
from reports.snapshot_report import snapshot_report_data
from reports.statistics import FIGURES_BY_KEY
from reports.tables import BIEU10, PERSONNEL, TABLES
from training.models import Mode

MAX_SNAPSHOTS = 500
MAX_NOTICES = 200


def _htmx(response):
    patch_vary_headers(response, ("HX-Request",))
    return response


def _require_admin(user: User) -> None:
    if not user.is_administrator:
        raise PermissionDenied("Chỉ quản trị viên được định nghĩa báo cáo định kỳ.")


def _can_make(user: User, definition: ReportDefinition) -> bool:
    return user.is_administrator or user.pk == definition.owner_id


def _can_freeze(user: User) -> bool:
    return user.is_administrator or user.role == Role.LEADER


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _default_on(definition: ReportDefinition) -> dt.date:
    """The reporting date the period would report if it ran today."""
    return services.reporting_dates(
        period=definition.period,
        today=timezone.localdate(),
        fixed_date=definition.fixed_date,
    )[1]


# --- Definitions ---------------------------------------------------------------------


@login_required
@require_GET
def definition_list(request):
    """The definitions the user owns or receives, each with its latest snapshot."""
    return render(
        request,
        "reports/definition_list.html",
        {
            "definitions": selectors.definition_list_with_latest(user=request.user),
            "can_define": request.user.is_administrator,
        },
    )


def _save_definition(request, form, definition=None):
    """Create or change the definition and its schedule; None when refused."""
    try:
        data = form.definition_data()
        if definition is None:
            data.pop("is_active", None)
            definition = services.definition_create(by=request.user, **data)
        else:
            definition = services.definition_update(
                by=request.user, definition=definition, **data
            )
        schedule = form.schedule_data()
        if schedule["enabled"] or definition.schedule_id:
            services.definition_schedule(
                by=request.user, definition=definition, **schedule
            )
    except ValidationError as error:
        _add_errors(form, error)
        return None
    return definition


@login_required
@require_http_methods(["GET", "POST"])
def definition_create(request):
    """An administrator defines a report and, if it runs by itself, its schedule."""
    _require_admin(request.user)
    form = DefinitionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        definition = _save_definition(request, form)
        if definition is not None:
            messages.success(request, f"Đã lưu báo cáo “{definition.name}”.")
            return redirect("reports:definition_detail", pk=definition.pk)
    return render(
        request,
        "reports/definition_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def definition_edit(request, pk):
    """An administrator changes a definition and its schedule."""
    definition = selectors.definition_get(user=request.user, pk=pk)
    _require_admin(request.user)
    form = DefinitionForm(request.POST or None, definition=definition)
    if (
        request.method == "POST"
        and form.is_valid()
        and _save_definition(request, form, definition) is not None
    ):
        messages.success(request, "Đã lưu thay đổi.")
        return redirect("reports:definition_detail", pk=definition.pk)
    return render(
        request,
        "reports/definition_form.html",
        {"form": form, "definition": definition},
        status=400 if form.errors else 200,
    )


def _waiting_for(request) -> dt.date | None:
    """`?cho=2026-12-31`: the date of a snapshot a worker was asked to make."""
    try:
        return dt.date.fromisoformat(request.GET.get("cho", ""))
    except ValueError:
        return None


def _definition_page(request, definition, *, form=None, status=200):
    snapshots = list(
        definition.snapshots.select_related("made_by", "frozen_by").order_by(
            "-on", "-id"
        )[:MAX_SNAPSHOTS]
    )
    waiting = _waiting_for(request)
    if waiting is not None and any(s.on == waiting for s in snapshots):
        waiting = None
    # Whether each snapshot was made from the same data as the one before it.
    for index, newer in enumerate(snapshots):
        older = snapshots[index + 1] if index + 1 < len(snapshots) else None
        newer.same_data = older is not None and newer.data_version == (
            older.data_version
        )
        newer.version_text = selectors.data_version_text(newer.data_version)
    can_make = _can_make(request.user, definition) and definition.is_active
    if form is None and can_make:
        form = MakeSnapshotForm(initial={"on": _default_on(definition)})
    template = "reports/definition_detail.html"
    if request.htmx:
        template += "#snapshots"
    return _htmx(
        render(
            request,
            template,
            {
                "definition": definition,
                "tables": [TABLES[c].title for c in definition.tables if c in TABLES],
                "recipients": list(definition.recipients.order_by("username")),
                "snapshots": snapshots,
                "waiting": waiting,
                "form": form if can_make else None,
                "can_edit": request.user.is_administrator,
            },
            status=status,
        )
    )


@login_required
@require_GET
def definition_detail(request, pk):
    """A definition and its snapshots; `?cho=` polls for one a worker is making."""
    definition = selectors.definition_get(user=request.user, pk=pk)
    return _definition_page(request, definition)


@login_required
@require_POST
def snapshot_request(request, pk):
    """Lập số liệu ngay: send the task for the chosen date and poll for its result."""
    from reports.tasks import make_snapshot_task

    definition = selectors.definition_get(user=request.user, pk=pk)
    if not _can_make(request.user, definition):
        raise PermissionDenied(
            "Chỉ người phụ trách báo cáo hoặc quản trị viên được lập số liệu."
        )
    if not definition.is_active:
        raise PermissionDenied("Báo cáo đã ngừng dùng.")
    form = MakeSnapshotForm(request.POST)
    if not form.is_valid():
        return _definition_page(request, definition, form=form, status=400)
    on = form.cleaned_data["on"]
    existing = definition.snapshots.filter(on=on).first()
    if existing is not None:
        messages.info(
            request, f"Đã có kỳ số liệu đến ngày {on:%d/%m/%Y}; mở kỳ số liệu đó."
        )
        return redirect("reports:snapshot_detail", pk=existing.pk)
    # Always a worker's job, however small the data: the page polls for it.
    make_snapshot_task.delay_on_commit(
        definition.pk, on.isoformat(), by_id=request.user.pk
    )
    messages.success(
        request, f"Đã gửi yêu cầu lập số liệu đến ngày {on:%d/%m/%Y}; xin chờ."
    )
    url = reverse("reports:definition_detail", args=[definition.pk])
    return redirect(f"{url}?cho={on.isoformat()}")


# --- Snapshots -----------------------------------------------------------------------


def _personnel_rows(figures: dict) -> list[dict]:
    rows = []
    for section in figures.get("sections", []):
        rows.append({"heading": section["title"]})
        for figure in section["figures"]:
            known = FIGURES_BY_KEY.get(figure["key"])
            # The stored rounded text as a number, shown as the statistics page
            # shows its shares (the locale's decimal comma).
            share = figure["share"]
            rows.append(
                {
                    "figure": figure,
                    "share": None if share is None else Decimal(share),
                    "of_which": known is not None and not known.in_sum,
                }
            )
    return rows


def _bieu10_rows(figures: dict) -> list[dict]:
    modes = dict(Mode.choices)
    return [
        row | {"mode_name": modes.get(row["mode"], row["mode"])}
        for row in figures.get("rows", [])
    ]


def _tables(snapshot: Snapshot) -> list[dict]:
    tables = []
    for code, figures in snapshot.figures.items():
        table = {"code": code, "title": TABLES[code].title if code in TABLES else code}
        if code == PERSONNEL:
            table |= {"personnel": figures, "rows": _personnel_rows(figures)}
        elif code == BIEU10:
            table |= {"bieu10": figures, "rows": _bieu10_rows(figures)}
        tables.append(table)
    return tables


def _snapshot_page(request, snapshot: Snapshot, *, error: str = "", status=200):
    definition = snapshot.definition
    previous = selectors.snapshot_previous(snapshot=snapshot)
    files = list(snapshot.files.all())
    for stored in files:
        table = TABLES.get(stored.table)
        stored.title = table.title if table else "Báo cáo"
    return render(
        request,
        "reports/snapshot_detail.html",
        {
            "snapshot": snapshot,
            "definition": definition,
            "tables": _tables(snapshot),
            "previous": previous,
            "changes": (
                selectors.snapshot_changes(snapshot=snapshot, previous=previous)
                if previous is not None
                else []
            ),
            "files": files,
            "version_text": selectors.data_version_text(snapshot.data_version),
            "same_data": previous is not None
            and previous.data_version == snapshot.data_version,
            "can_freeze": _can_freeze(request.user) and not snapshot.is_frozen,
            "can_refresh": _can_make(request.user, definition)
            and not snapshot.is_frozen,
            "error": error,
        },
        status=status,
    )


@login_required
@require_GET
def snapshot_detail(request, pk):
    """A snapshot's figures, what changed since the previous one, and its files;
    opening it reads the user's notice of it."""
    snapshot = selectors.snapshot_get(user=request.user, pk=pk)
    services.notification_read_all(user=request.user, snapshot=snapshot)
    return _snapshot_page(request, snapshot)


@login_required
@require_POST
def snapshot_freeze(request, pk):
    """Chốt số liệu: a leader or an administrator freezes what is submitted."""
    snapshot = selectors.snapshot_get(user=request.user, pk=pk)
    try:
        services.snapshot_freeze(snapshot=snapshot, by=request.user)
    except ValidationError as error:
        return _snapshot_page(
            request, snapshot, error=" ".join(error.messages), status=400
        )
    messages.success(request, "Đã chốt số liệu.")
    return redirect("reports:snapshot_detail", pk=snapshot.pk)


@login_required
@require_POST
def snapshot_refresh(request, pk):
    """Tính lại: make an unfrozen snapshot again from today's data."""
    snapshot = selectors.snapshot_get(user=request.user, pk=pk)
    try:
        services.snapshot_refresh(snapshot=snapshot, by=request.user)
    except ValidationError as error:
        return _snapshot_page(
            request, snapshot, error=" ".join(error.messages), status=400
        )
    messages.success(request, "Đã tính lại số liệu từ dữ liệu hiện tại.")
    return redirect("reports:snapshot_detail", pk=snapshot.pk)


@login_required
@require_GET
def snapshot_file(request, pk, file_pk):
    """One of the snapshot's files, each download logged as an export."""
    snapshot = selectors.snapshot_get(user=request.user, pk=pk)
    stored = snapshot.files.filter(pk=parse_pk(file_pk)).first()
    if stored is None:
        raise Http404("Không tìm thấy tệp")
    try:
        with stored.file.open("rb") as handle:
            content = handle.read()
    except FileNotFoundError:
        raise Http404("Tệp không còn trên máy chủ; hãy tính lại kỳ số liệu.") from None
    registry_services.access_log_record(
        user=request.user,
        action=AccessLog.Action.EXPORT,
        obj=snapshot,
        description=(
            f"Tải tệp báo cáo “{snapshot.definition.name}” số liệu đến "
            f"{snapshot.on:%d/%m/%Y} ({stored.get_format_display()})"
        ),
        detail={
            "report": stored.table or "report",
            "definition": snapshot.definition_id,
            "snapshot": snapshot.pk,
            "file": stored.pk,
            "on": snapshot.on.isoformat(),
            "format": stored.format,
        },
        ip=client_ip(request),
    )
    base = os.path.splitext(os.path.basename(stored.file.name))[0]
    return file_response(
        content,
        filename=ascii_filename(base, extension=stored.format),
        content_type=PDF if stored.format == "pdf" else XLSX,
    )


@login_required
@require_GET
@pdf_font_guard
def snapshot_report_pdf(request, pk):
    """The statistical report of the snapshot (cover, tables, charts, notes) as a
    PDF, drawn now from the stored figures with the user in the footer; logged
    as a print."""
    snapshot = selectors.snapshot_get(user=request.user, pk=pk)
    report = snapshot_report_data(snapshot=snapshot)
    printed = pdf.PrintInfo(
        printed_by=request.user.get_full_name() or request.user.username,
        printed_at=timezone.localtime(),
    )
    content = build_report_pdf(report, printed=printed)
    registry_services.access_log_record(
        user=request.user,
        action=AccessLog.Action.PRINT,
        obj=snapshot,
        description=(
            f"In báo cáo thống kê “{snapshot.definition.name}” số liệu đến "
            f"{snapshot.on:%d/%m/%Y}"
        ),
        detail={
            "report": "snapshot_report",
            "definition": snapshot.definition_id,
            "snapshot": snapshot.pk,
            "on": snapshot.on.isoformat(),
            "frozen": snapshot.is_frozen,
            "tables": [t.code for t in report.tables],
            "annexes": [a.snapshot_pk for a in report.annexes],
            "format": "pdf",
        },
        ip=client_ip(request),
    )
    return file_response(
        content,
        filename=ascii_filename(
            "bao cao thong ke",
            snapshot.definition.name,
            f"{snapshot.on:%Y%m%d}",
            extension="pdf",
        ),
        content_type=PDF,
        inline=True,
    )


# --- Notifications -------------------------------------------------------------------


def _notice_url(notice) -> str:
    if notice.snapshot_id:
        return reverse("reports:snapshot_detail", args=[notice.snapshot_id])
    return notice.url or reverse("reports:notification_list")


@login_required
@require_GET
def notification_list(request):
    """The user's notices, newest first; each opens its snapshot."""
    notices = list(selectors.notification_list(user=request.user)[:MAX_NOTICES])
    return render(
        request,
        "reports/notification_list.html",
        {"notices": notices, "unread": sum(1 for n in notices if n.read_at is None)},
    )


@login_required
@require_GET
def notification_open(request, pk):
    """Read a notice and go where it points."""
    notice = selectors.notification_list(user=request.user).filter(pk=parse_pk(pk))
    notice = notice.first()
    if notice is None:
        raise Http404("Không tìm thấy thông báo")
    services.notification_read(user=request.user, pk=notice.pk)
    return redirect(_notice_url(notice))


@login_required
@require_POST
def notification_read_all(request):
    """Đánh dấu đã đọc tất cả."""
    services.notification_read_all(user=request.user)
    return redirect("reports:notification_list")


@require_GET
def notification_bell(request):
    """The bell's unread count, loaded by htmx after the page (no query on the
    page itself); empty for a visitor whose session ended."""
    if not request.user.is_authenticated:
        return _htmx(HttpResponse(""))
    count = selectors.notification_unread_count(user=request.user)
    return _htmx(
        render(request, "reports/notification_list.html#bell", {"count": count})
    )
