"""Báo cáo quy hoạch, luân chuyển, bổ nhiệm: one page for Biểu 11-BTCTW
(rotation), 12B-BTCTW (planning) and 13-BTCTW (appointments) (DOMAIN.md §11.2):
choose the table, a unit of one's scope, a term (12B), the period and the
reference date; see the figures; download the table as XLSX or print it as a PDF
(reports/official_pdf.py, from the same data as the workbook), each download
logged like every export and print. A unit outside the user's scope is a 404."""

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
from cadre_registry.rules import add_months
from cadre_registry.selectors import scope_name, unit_get, unit_scope_ids
from cadre_registry.signals import client_ip
from planning import report_xlsx, selectors, statistics
from planning.models import Direction, RemovalReason, Source, Term
from reports import official, pdf, responses
from reports.official_pdf import build_form_pdf
from training.forms import _messages

MAX_YEARS = 5
# Units offered in the list: the tree's upper levels (a province has thousands of
# chi bộ); an organizer also gets their own units, whatever their depth (as on the
# Biểu 10 page).
MAX_DEPTH = 3
TABLES = (
    ("12b", "Biểu 12B-BTCTW: kết quả quy hoạch cán bộ"),
    ("11", "Biểu 11-BTCTW: luân chuyển cán bộ"),
    ("13", "Biểu 13-BTCTW: bổ nhiệm, bổ nhiệm lại, miễn nhiệm"),
)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _units(user: User):
    scope = unit_scope_ids(user=user)
    units = Unit.objects.order_by("path")
    if scope is None:
        return units.filter(depth__lte=MAX_DEPTH)
    own = list(user.units.values_list("depth", flat=True))
    limit = (min(own) if own else 0) + MAX_DEPTH - 1
    return units.filter(id__in=scope, depth__lte=max(limit, MAX_DEPTH))


class ReportForm(forms.Form):
    """Table, unit, term (12B), period and reference date; dates dd/mm/yyyy."""

    bieu = forms.ChoiceField(label="Biểu báo cáo", choices=TABLES, initial="12b")
    unit = forms.ModelChoiceField(
        label="Đơn vị",
        queryset=Unit.objects.none(),
        required=False,
        empty_label="Toàn bộ phạm vi được giao",
    )
    term = forms.ModelChoiceField(
        label="Nhiệm kỳ quy hoạch",
        queryset=Term.objects.none(),
        required=False,
        empty_label="Tất cả nhiệm kỳ",
        help_text="Chỉ dùng cho Biểu 12B",
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
        self.fields["term"].queryset = selectors.term_list()
        _messages(self)

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                raise ValidationError("Đến ngày phải sau hoặc bằng từ ngày.")
            # add_months clamps 29/02 to 28/02 where replace(year=…) would fail.
            if end > add_months(start, 12 * MAX_YEARS):
                raise ValidationError(
                    f"Kỳ báo cáo dài tối đa {MAX_YEARS} năm; hãy chọn kỳ ngắn hơn."
                )
            on = data.get("on") or end
            if on < start:
                raise ValidationError(
                    "Số liệu tính đến ngày phải sau hoặc bằng ngày đầu kỳ báo cáo."
                )
            data["on"] = on
        return data


def _check_can_report(user: User) -> None:
    if not (user.is_administrator or user.role in (Role.ORGANIZER, Role.LEADER)):
        raise PermissionDenied("Chỉ cán bộ tổ chức và lãnh đạo được xem báo cáo này.")


def _figures(bieu: str, user: User, data: dict):
    """The statistics of the chosen table."""
    common = dict(user=user, unit=data["unit"], start=data["start"], end=data["end"])
    if bieu == "12b":
        return statistics.planning_statistics(
            term=data["term"], on=data["on"], **common
        )
    if bieu == "11":
        return statistics.rotation_statistics(on=data["on"], **common)
    return statistics.appointment_statistics(on=data["on"], **common)


def _context(bieu: str, stats) -> dict:
    """What the page shows of each table: its rows, and the shares beside them."""
    if bieu == "12b":
        return {
            "columns": report_xlsx.bieu12b_columns(),
            "rows": report_xlsx.bieu12b_rows(stats),
            "flows": report_xlsx.bieu12b_flows(stats),
            "title": report_xlsx.bieu12b_title(stats),
            "source_shares": [
                (label, stats.source_share(code)) for code, label in Source.choices
            ],
            "removal_labels": dict(RemovalReason.choices),
        }
    if bieu == "11":
        return {
            "columns": [
                "Tổng số",
                *(report_xlsx.ROTATION_LABELS[k] for k in statistics.ROTATION_KEYS),
            ],
            "rows": report_xlsx.bieu11_rows(stats),
            "title": "Kết quả luân chuyển cán bộ",
            "ongoing": [
                (label, stats.ongoing[code]) for code, label in Direction.choices
            ],
        }
    return {
        "columns": [label for _, label in statistics.APPOINTMENT_COLUMNS],
        "rows": report_xlsx.bieu13_rows(stats),
        "title": "Kết quả bổ nhiệm, bổ nhiệm lại, miễn nhiệm cán bộ",
        "note": report_xlsx.MANAGING_LEVEL_NOTE,
        "shares": [
            (label, stats.total.share(key))
            for key, label in (
                ("reappointed", "Bổ nhiệm lại"),
                ("women", "Nữ"),
                ("minority", "Dân tộc thiểu số"),
            )
        ],
    }


def _check_unit_visible(request) -> None:
    """A unit id outside the user's scope (or of no unit) is a 404, as everywhere
    (STYLE R3); text that is no id is left to the form's message."""
    raw = request.GET.get("unit", "").strip()
    if raw.isdigit():
        unit_get(user=request.user, pk=raw)


@login_required
@responses.pdf_font_guard
def report(request):
    """Biểu 11, 12B or 13 for a unit of the user's scope and a period; `?xuat=xlsx`
    downloads it, `?xuat=pdf` prints it."""
    _check_can_report(request.user)
    _check_unit_visible(request)
    year = timezone.localdate().year
    if any(k in request.GET for k in ("start", "end", "bieu")):
        form = ReportForm(request.GET, user=request.user)
    else:
        form = ReportForm(
            user=request.user,
            initial={"start": dt.date(year, 1, 1), "end": dt.date(year, 12, 31)},
        )
    context = {"form": form}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        bieu = data["bieu"]
        stats = _figures(bieu, request.user, data)
        unit = data["unit"]
        unit_name = unit.name if unit else scope_name(user=request.user)
        if request.GET.get("xuat") == "xlsx":
            return _xlsx(
                request, bieu=bieu, stats=stats, unit=unit, unit_name=unit_name
            )
        if request.GET.get("xuat") == "pdf":
            return _pdf(request, bieu=bieu, stats=stats, unit=unit, unit_name=unit_name)
        export_query = request.GET.copy()
        export_query["xuat"] = "xlsx"
        pdf_query = request.GET.copy()
        pdf_query["xuat"] = "pdf"
        context |= {
            "bieu": bieu,
            "stats": stats,
            "unit_name": unit_name,
            "period": report_xlsx.period_text(data["start"], data["end"]),
            "form_number": report_xlsx.FORM_NUMBERS[bieu],
            "export_query": export_query,
            "pdf_query": pdf_query,
            **_context(bieu, stats),
        }
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "planning/report_tables.html", context, status=status)


def _row_count(bieu: str, stats) -> int:
    if bieu == "12b":
        return stats.live
    if bieu == "11":
        return stats.total.total
    total = stats.total
    return total.appointed + total.extended + total.dismissed


BUILDERS = {
    "12b": report_xlsx.build_bieu12b_xlsx,
    "11": report_xlsx.build_bieu11_xlsx,
    "13": report_xlsx.build_bieu13_xlsx,
}


DATA = {
    "12b": report_xlsx.bieu12b_data,
    "11": report_xlsx.bieu11_data,
    "13": report_xlsx.bieu13_data,
}
FORMS = {
    "12b": official.bieu12b_form,
    "11": official.bieu11_form,
    "13": official.bieu13_form,
}


def _log(request, *, bieu, stats, unit, unit_name, action, file_format) -> None:
    form_number = report_xlsx.FORM_NUMBERS[bieu]
    period = report_xlsx.period_text(stats.start, stats.end)
    term = getattr(stats, "term", None)
    what = "In" if action == AccessLog.Action.PRINT else "Xuất"
    registry_services.access_log_record(
        user=request.user,
        action=action,
        obj=unit,
        description=(
            f"{what} {form_number} ({file_format.upper()}): {unit_name}, {period}"
        ),
        detail={
            "report": f"bieu{bieu}",
            "unit": unit.pk if unit else None,
            "term": term.pk if term else None,
            "start": stats.start.isoformat(),
            "end": stats.end.isoformat(),
            "on": stats.on.isoformat(),
            "format": file_format,
        },
        row_count=_row_count(bieu, stats),
        ip=client_ip(request),
    )


def _xlsx(request, *, bieu, stats, unit, unit_name) -> HttpResponse:
    preparer = request.user.get_full_name() or request.user.username
    content = BUILDERS[bieu](stats=stats, unit_name=unit_name, preparer=preparer)
    _log(
        request,
        bieu=bieu,
        stats=stats,
        unit=unit,
        unit_name=unit_name,
        action=AccessLog.Action.EXPORT,
        file_format="xlsx",
    )
    name = f"bieu-{bieu}-btctw-{stats.start:%Y%m%d}-{stats.end:%Y%m%d}.xlsx"
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _pdf(request, *, bieu, stats, unit, unit_name) -> HttpResponse:
    """The table printed from the same data as its workbook, shown in the browser."""
    preparer = request.user.get_full_name() or request.user.username
    printed = pdf.PrintInfo(printed_by=preparer, printed_at=timezone.localtime())
    content = build_form_pdf(
        FORMS[bieu](DATA[bieu](stats)),
        unit_name=unit_name,
        preparer=preparer,
        printed=printed,
    )
    _log(
        request,
        bieu=bieu,
        stats=stats,
        unit=unit,
        unit_name=unit_name,
        action=AccessLog.Action.PRINT,
        file_format="pdf",
    )
    return responses.file_response(
        content,
        filename=f"bieu-{bieu}-btctw-{stats.start:%Y%m%d}-{stats.end:%Y%m%d}.pdf",
        content_type=responses.PDF,
        inline=True,
    )
