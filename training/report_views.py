"""Báo cáo đào tạo: the Biểu 10-BTCTW page (DOMAIN.md §8, §11.2): choose a unit of
one's scope and a period, see the table, download it as XLSX or print it as a PDF
(reports/official_pdf.py, the same rows as the workbook), each logged like every
export and print. A unit outside the user's scope is a 404."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from cadre_registry import services as registry_services
from cadre_registry.forms import DateField
from cadre_registry.models import AccessLog, Role, Unit, User
from cadre_registry.selectors import scope_name, unit_get, unit_scope_ids
from cadre_registry.signals import client_ip
from reports import official, pdf, responses
from reports.official_pdf import build_form_pdf
from training import statistics
from training.forms import _messages
from training.models import Mode
from training.report_xlsx import bieu10_rows, build_bieu10_xlsx, period_text

MAX_YEARS = 5
# Units offered in the list: the tree's upper levels (a province has thousands of
# chi bộ); an organizer also gets their own units, whatever their depth.
MAX_DEPTH = 3


def _units(user: User):
    scope = unit_scope_ids(user=user)
    units = Unit.objects.order_by("path")
    if scope is None:
        return units.filter(depth__lte=MAX_DEPTH)
    own = list(user.units.values_list("depth", flat=True))
    limit = (min(own) if own else 0) + MAX_DEPTH - 1
    return units.filter(id__in=scope, depth__lte=max(limit, MAX_DEPTH))


class Bieu10Form(forms.Form):
    """Unit, period and reference date of the report; dates dd/mm/yyyy."""

    unit = forms.ModelChoiceField(
        label="Đơn vị",
        queryset=Unit.objects.none(),
        required=False,
        empty_label="Toàn bộ phạm vi được giao",
    )
    start = DateField(label="Từ ngày")
    end = DateField(label="Đến ngày")
    on = DateField(
        label="Số liệu tính đến ngày",
        required=False,
        help_text="Để trống: ngày cuối kỳ báo cáo",
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _units(user)
        _messages(self)

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                raise ValidationError("Đến ngày phải sau hoặc bằng từ ngày.")
            if end > start.replace(year=start.year + MAX_YEARS):
                raise ValidationError(
                    f"Kỳ báo cáo dài tối đa {MAX_YEARS} năm; hãy chọn kỳ ngắn hơn."
                )
            on = data.get("on") or end
            if on < start:
                raise ValidationError(
                    "Ngày tính số liệu phải sau hoặc bằng ngày đầu kỳ báo cáo."
                )
            data["on"] = on
        return data


def _check_can_report(user: User) -> None:
    if not (user.is_administrator or user.role in (Role.ORGANIZER, Role.LEADER)):
        raise PermissionDenied("Chỉ cán bộ tổ chức và lãnh đạo được xem báo cáo này.")


@login_required
@responses.pdf_font_guard
def report_bieu10(request):
    """Biểu 10-BTCTW for a unit of the user's scope and a period; `?xuat=xlsx`
    downloads it, `?xuat=pdf` prints it."""
    _check_can_report(request.user)
    raw = request.GET.get("unit", "").strip()
    if raw.isdigit():
        # A unit id outside the scope is a 404 (STYLE R3); other text is left to
        # the form's message.
        unit_get(user=request.user, pk=raw)
    year = timezone.localdate().year
    if "start" in request.GET or "end" in request.GET:
        form = Bieu10Form(request.GET, user=request.user)
    else:
        form = Bieu10Form(
            user=request.user,
            initial={"start": dt.date(year, 1, 1), "end": dt.date(year, 12, 31)},
        )
    context = {"form": form}
    if form.is_bound and form.is_valid():
        unit = form.cleaned_data["unit"]
        stats = statistics.training_statistics(
            user=request.user,
            unit=unit,
            start=form.cleaned_data["start"],
            end=form.cleaned_data["end"],
            on=form.cleaned_data["on"],
        )
        unit_name = unit.name if unit else scope_name(user=request.user)
        if request.GET.get("xuat") == "xlsx":
            return _xlsx(request, stats=stats, unit=unit, unit_name=unit_name)
        if request.GET.get("xuat") == "pdf":
            return _pdf(request, stats=stats, unit=unit, unit_name=unit_name)
        names = {c.code: c.name for c in stats.course_types}
        context |= {
            "stats": stats,
            "rows": bieu10_rows(stats),
            "unit_name": unit_name,
            "period": period_text(stats),
            "export_query": request.GET.copy(),
            "averages": [
                (label, stats.average_learners(mode)) for mode, label in Mode.choices
            ],
            "ratios": [
                (names[code], ratio) for code, ratio in stats.mode_ratios().items()
            ],
            "fulfilment": [
                (names[code], share)
                for code, share in stats.fulfilment_by_type().items()
            ],
        }
        context["export_query"]["xuat"] = "xlsx"
        context["pdf_query"] = request.GET.copy()
        context["pdf_query"]["xuat"] = "pdf"
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "training/report_bieu10.html", context, status=status)


def _log(request, *, stats, unit, unit_name, action: str, file_format: str) -> None:
    what = "In" if action == AccessLog.Action.PRINT else "Xuất"
    registry_services.access_log_record(
        user=request.user,
        action=action,
        obj=unit,
        description=(
            f"{what} Biểu 10-BTCTW ({file_format.upper()}): {unit_name}, "
            f"{period_text(stats)}"
        ),
        detail={
            "report": "bieu10",
            "unit": unit.pk if unit else None,
            "start": stats.start.isoformat(),
            "end": stats.end.isoformat(),
            "on": stats.on.isoformat(),
            "format": file_format,
        },
        row_count=stats.total_trained,
        ip=client_ip(request),
    )


def _xlsx(request, *, stats, unit, unit_name) -> HttpResponse:
    preparer = request.user.get_full_name() or request.user.username
    content = build_bieu10_xlsx(stats=stats, unit_name=unit_name, preparer=preparer)
    _log(
        request,
        stats=stats,
        unit=unit,
        unit_name=unit_name,
        action=AccessLog.Action.EXPORT,
        file_format="xlsx",
    )
    name = f"bieu-10-btctw-{stats.start:%Y%m%d}-{stats.end:%Y%m%d}.xlsx"
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _pdf(request, *, stats, unit, unit_name) -> HttpResponse:
    """The table printed from the rows of its workbook, shown in the browser."""
    preparer = request.user.get_full_name() or request.user.username
    form = official.bieu10_form(
        rows=bieu10_rows(stats), on=stats.on, period=period_text(stats)
    )
    content = build_form_pdf(
        form,
        unit_name=unit_name,
        preparer=preparer,
        printed=pdf.PrintInfo(printed_by=preparer, printed_at=timezone.localtime()),
    )
    _log(
        request,
        stats=stats,
        unit=unit,
        unit_name=unit_name,
        action=AccessLog.Action.PRINT,
        file_format="pdf",
    )
    return responses.file_response(
        content,
        filename=f"bieu-10-btctw-{stats.start:%Y%m%d}-{stats.end:%Y%m%d}.pdf",
        content_type=responses.PDF,
        inline=True,
    )
