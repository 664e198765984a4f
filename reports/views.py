"""Thống kê: the personnel figures of a unit as of a date (and compared with another
date), each count linking to the list of the people it counts; Biểu 8B and 9A-BTCTW
of the unit and date as XLSX or PDF (each download logged)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from cadre_registry import services as registry_services
from cadre_registry.models import AccessLog, Role, Unit, User
from cadre_registry.selectors import scope_name, unit_get
from cadre_registry.signals import client_ip
from reports import pdf, responses, statistics
from reports.statistics_forms import DrillDownForm, StatisticsForm
from reports.tables import BIEU8B, BIEU9A, TABLES

PAGE_SIZE = 50


def _check_can_read_statistics(user: User) -> None:
    # Organizers and leaders read their subtree's figures (issue 2 roles); an
    # auditor reads the logs, not the people.
    if not (user.is_administrator or user.role in (Role.ORGANIZER, Role.LEADER)):
        raise PermissionDenied("Chỉ cán bộ tổ chức và lãnh đạo được xem thống kê.")


def _unit_from_query(request) -> Unit | None:
    """The `unit` of the query string: 404 when it is not a unit of the scope."""
    value = request.GET.get("unit", "")
    return unit_get(user=request.user, pk=value) if value else None


def _people_link(*, key: str, unit: Unit | None, on) -> str:
    query = {"key": key, "on": on.strftime("%d/%m/%Y")}
    if unit is not None:
        query["unit"] = unit.pk
    return reverse("reports:statistics_people") + "?" + urlencode(query)


def _rows(stats: statistics.PersonnelStatistics, unit: Unit | None) -> list[dict]:
    """The table: one row per figure, sections as headings, each with its link."""
    rows = []
    headcount = stats["headcount"]
    rows.append(
        {
            "figure": headcount,
            "link": _people_link(key="headcount", unit=unit, on=stats.on),
            "total": True,
        }
    )
    for section in stats.sections:
        rows.append({"heading": section.title, "section": section.key})
        for figure in section.figures:
            rows.append(
                {
                    "figure": figure,
                    "link": _people_link(key=figure.key, unit=unit, on=stats.on),
                    "of_which": not statistics.FIGURES_BY_KEY[figure.key].in_sum,
                }
            )
    return rows


def _comparison_rows(comparison: statistics.Comparison, unit: Unit | None) -> list:
    rows = [
        {
            "change": comparison.change("headcount"),
            "first_link": _people_link(
                key="headcount", unit=unit, on=comparison.first.on
            ),
            "second_link": _people_link(
                key="headcount", unit=unit, on=comparison.second.on
            ),
            "total": True,
        }
    ]
    for _, title, changes in comparison.sections:
        rows.append({"heading": title})
        for change in changes:
            rows.append(
                {
                    "change": change,
                    "first_link": _people_link(
                        key=change.key, unit=unit, on=comparison.first.on
                    ),
                    "second_link": _people_link(
                        key=change.key, unit=unit, on=comparison.second.on
                    ),
                    "of_which": not statistics.FIGURES_BY_KEY[change.key].in_sum,
                }
            )
    return rows


@login_required
@require_GET
def statistics_page(request):
    """The figures of a unit of the user's scope as of a date, or at two dates."""
    _check_can_read_statistics(request.user)
    chosen = _unit_from_query(request)
    bound = bool(request.GET)
    form = StatisticsForm(
        request.GET if bound else None, user=request.user, chosen=chosen
    )
    context = {"form": form}
    if bound and not form.is_valid():
        return render(request, "reports/statistics.html", context, status=400)
    data = form.cleaned_data if bound else {}
    unit = data.get("unit") or chosen
    on = data.get("on") or timezone.localdate()
    second = data.get("second")
    context |= {"unit": unit, "on": on}
    if second:
        first, later = sorted([on, second])
        comparison = statistics.compare(
            user=request.user, unit=unit, first=first, second=later
        )
        context |= {
            "comparison": comparison,
            "comparison_rows": _comparison_rows(comparison, unit),
        }
    else:
        stats = statistics.personnel_statistics(user=request.user, unit=unit, on=on)
        query = {"on": on.strftime("%d/%m/%Y")}
        if unit is not None:
            query["unit"] = unit.pk
        context |= {
            "stats": stats,
            "rows": _rows(stats, unit),
            "official": [
                (
                    TABLES[code].title.split(":")[0],
                    reverse("reports:official_table", args=[slug, "xlsx"]),
                    reverse("reports:official_table", args=[slug, "pdf"]),
                )
                for slug, code in OFFICIAL.items()
            ],
            "official_query": urlencode(query),
        }
    return render(request, "reports/statistics.html", context)


# --- Biểu 8B and 9A-BTCTW to download ------------------------------------------------

OFFICIAL = {"8b": BIEU8B, "9a": BIEU9A}
FORMATS = ("xlsx", "pdf")


def _row_count(code: str, figures: dict) -> int:
    if code == BIEU9A:
        return figures["total"]["total"]
    return figures["headcount"]


@login_required
@require_GET
@responses.pdf_font_guard
def official_table(request, code: str, file_format: str):
    """Biểu 8B or 9A of a unit of the user's scope (`?unit=`, another unit is a
    404) as of a date (`?on=dd/mm/yyyy`, default today), as XLSX or as a PDF to
    print; logged as an export or a print."""
    _check_can_read_statistics(request.user)
    if code not in OFFICIAL or file_format not in FORMATS:
        raise Http404("Không có biểu này")
    unit = _unit_from_query(request)
    form = StatisticsForm(request.GET, user=request.user, chosen=unit)
    if not form.is_valid():
        messages = [str(e) for errors in form.errors.values() for e in errors]
        return render(
            request, "errors/400.html", {"message": " ".join(messages)}, status=400
        )
    on = form.cleaned_data.get("on") or timezone.localdate()
    table = TABLES[OFFICIAL[code]]
    figures = table.compute(
        user=request.user, unit=unit, start=dt.date(on.year, 1, 1), end=on, on=on
    )
    unit_name = unit.name if unit else scope_name(user=request.user)
    preparer = request.user.get_full_name() or request.user.username
    if file_format == "pdf":
        now = timezone.localtime()
        content = table.pdf(
            figures=figures,
            unit_name=unit_name,
            preparer=preparer,
            printed=pdf.PrintInfo(printed_by=preparer, printed_at=now),
        )
        action, content_type, what = AccessLog.Action.PRINT, responses.PDF, "In"
    else:
        content = table.xlsx(figures=figures, unit_name=unit_name, preparer=preparer)
        action, content_type, what = AccessLog.Action.EXPORT, responses.XLSX, "Xuất"
    number = table.title.split(":")[0]
    registry_services.access_log_record(
        user=request.user,
        action=action,
        obj=unit,
        description=(
            f"{what} {number} ({file_format.upper()}): {unit_name}, "
            f"số liệu đến ngày {on:%d/%m/%Y}"
        ),
        detail={
            "report": OFFICIAL[code],
            "unit": unit.pk if unit else None,
            "on": on.isoformat(),
            "format": file_format,
        },
        row_count=_row_count(OFFICIAL[code], figures),
        ip=client_ip(request),
    )
    return responses.file_response(
        content,
        filename=f"{table.filename}-{on:%Y%m%d}.{file_format}",
        content_type=content_type,
        inline=file_format == "pdf",
    )


@login_required
@require_GET
def statistics_people(request):
    """The people one figure counts (same condition as the count), paginated."""
    _check_can_read_statistics(request.user)
    unit = _unit_from_query(request)
    form = DrillDownForm(request.GET, keys=statistics.FIGURES_BY_KEY)
    if not form.is_valid():
        return render(
            request, "reports/statistics_people.html", {"form": form}, status=400
        )
    key, on = form.cleaned_data["key"], form.cleaned_data["on"]
    if key in statistics.SENSITIVE_KEYS and not request.user.can_see_sensitive:
        raise PermissionDenied(
            "Danh sách theo dân tộc là thông tin nhạy cảm: cần quyền xem thông tin "
            "nhạy cảm."
        )
    people = statistics.figure_people(user=request.user, unit=unit, on=on, key=key)
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    back = {"on": on.strftime("%d/%m/%Y")}
    if unit is not None:
        back["unit"] = unit.pk
    return render(
        request,
        "reports/statistics_people.html",
        {
            "form": form,
            "definition": statistics.FIGURES_BY_KEY[key],
            "section": statistics.SECTIONS.get(statistics.FIGURES_BY_KEY[key].section),
            "unit": unit,
            "on": on,
            "page": page,
            "query": query.urlencode(),
            "back": reverse("reports:statistics") + "?" + urlencode(back),
        },
    )
