"""Bảng điều khiển: the leaders' dashboard of a unit (reports/dashboard.py for the
reads, reports/charts.py for the SVG). The page itself reads the headline figures
(from a snapshot when there is one for the date) and draws the charts of the
stored figures; the parts computed from the live data (age pyramid, child units,
planning composition, training when not in the snapshot) are the same template's
partials, which the page fetches with htmx (`?phan=<part>`) once it is shown."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from cadre_registry.forms import DateField
from cadre_registry.selectors import unit_get, unit_list
from reports import charts, dashboard
from reports.statistics import FIGURES_BY_KEY, SENSITIVE_KEYS
from reports.views import _check_can_read_statistics, _people_link

PARTS = ("pyramid", "children", "planning", "training")


class DashboardForm(forms.Form):
    on = DateField(label="Số liệu tính đến ngày", required=False)


def _svg(chart) -> str:
    return mark_safe(charts.svg(chart))  # noqa: S308 (charts escapes every text)


def _figure_charts(stats) -> list[tuple[str, str]]:
    """The charts of the headline figures' breakdowns (stored or computed)."""
    return [(chart.title, _svg(chart)) for chart in dashboard.figure_charts(stats)]


def _series_chart(board: dashboard.Dashboard) -> tuple[str, list, list]:
    chart = dashboard.series_chart(board.snapshots)
    rows = [
        (series_.label, [charts.percent(v) for v in series_.values])
        for series_ in chart.series
    ]
    return _svg(chart), list(chart.dates), rows


def _training_chart(training: dashboard.TrainingFulfilment) -> str:
    return _svg(dashboard.training_chart(training))


def _link(user, key: str, unit, on) -> str | None:
    """The drill-down of a personnel figure; none where the names are sensitive."""
    if key not in FIGURES_BY_KEY:
        return None
    if key in SENSITIVE_KEYS and not user.can_see_sensitive:
        return None
    return _people_link(key=key, unit=unit, on=on)


def _dashboard_url(unit, **query) -> str:
    url = (
        reverse("reports:statistics_dashboard_unit", args=[unit.pk])
        if unit is not None
        else reverse("reports:statistics_dashboard")
    )
    query = {k: v for k, v in query.items() if v}
    return url + ("?" + urlencode(query) if query else "")


def _part(request, part: str, *, unit, on, today, recompute: bool):
    user = request.user
    context = {"unit": unit, "on": on, "today": today}
    if part == "pyramid":
        bands = dashboard.pyramid_get(user=user, unit=unit, on=on, recompute=recompute)
        context["pyramid"] = _svg(dashboard.pyramid_chart(bands, on=on))
        context["bands"] = bands
    elif part == "children":
        children = dashboard.children_figures(user=user, unit=unit, on=today)
        context["children"] = [
            {
                "unit": child.unit,
                "headcount": child.headcount,
                "url": _dashboard_url(child.unit),
                "figures": [child.figures[key] for key in dashboard.CHILD_KEYS],
            }
            for child in children
        ]
        context["child_labels"] = [
            dashboard.HEADLINE_LABELS[key] for key in dashboard.CHILD_KEYS
        ]
    elif part == "planning":
        composition = dashboard.planning_composition(user=user, unit=unit, on=on)
        context["planning"] = composition
        context["planning_chart"] = _svg(dashboard.planning_chart(composition))
    else:  # training
        training = dashboard.training_fulfilment(user=user, unit=unit, on=on)
        context["training"] = training
        context["training_chart"] = _training_chart(training)
    response = render(request, f"reports/dashboard.html#{part}", context)
    return response


@login_required
@require_GET
@vary_on_headers("HX-Request")
def dashboard_page(request, unit_pk: int | None = None):
    """The dashboard of a unit of the user's scope (default: their own unit)."""
    _check_can_read_statistics(request.user)
    user = request.user
    unit = (
        unit_get(user=user, pk=unit_pk)
        if unit_pk is not None
        else dashboard.default_unit(user=user)
    )
    form = DashboardForm(request.GET)
    if not form.is_valid():
        return render(
            request,
            "reports/dashboard.html",
            {"form": form, "unit": unit},
            status=400,
        )
    today = timezone.localdate()
    on = form.cleaned_data["on"] or today
    recompute = request.GET.get("tinh_lai") == "1"
    part = request.GET.get("phan")
    if part is not None:
        if part not in PARTS:
            raise Http404("Không có phần này")
        return _part(request, part, unit=unit, on=on, today=today, recompute=recompute)
    board = dashboard.dashboard_get(user=user, unit=unit, on=on, recompute=recompute)
    headlines = [
        {"headline": h, "link": _link(user, h.key, unit, on)} for h in board.headlines
    ]
    training_chart = None
    if board.training is not None:
        headlines.append(
            {
                "headline": dashboard.training_headline(
                    training=board.training, previous=board.previous
                ),
                "link": None,
            }
        )
        training_chart = _training_chart(board.training)
    series_chart, series_dates, series_rows = _series_chart(board)
    on_text = on.strftime("%d/%m/%Y") if on != today else ""
    part_query = {"on": on_text, "tinh_lai": "1" if recompute else ""}
    context = {
        "form": form,
        "unit": unit,
        "board": board,
        "stats": board.stats,
        "on": on,
        "today": today,
        "headlines": headlines,
        "headcount": board.stats.headcount,
        "headcount_link": _link(user, "headcount", unit, on),
        "figure_charts": _figure_charts(board.stats),
        "training_chart": training_chart,
        "series_chart": series_chart,
        "series_dates": series_dates,
        "series_rows": series_rows,
        "parts": {
            p: _dashboard_url(unit, **part_query, phan=p)
            for p in PARTS
            if p != "training" or board.training is None
        },
        "latest_url": (
            _dashboard_url(unit, on=board.latest.on.strftime("%d/%m/%Y"))
            if board.latest is not None and board.latest.on != on
            else None
        ),
        "recompute_url": (
            _dashboard_url(unit, on=on_text, tinh_lai="1")
            if board.from_snapshot
            else None
        ),
        "ancestors": _ancestors(user, unit),
    }
    return render(request, "reports/dashboard.html", context)


def _ancestors(user, unit) -> list:
    """The unit's ancestors the user may see, for the breadcrumbs (one query)."""
    if unit is None:
        return []
    ids = unit.ancestor_ids[:-1]
    if not ids:
        return []
    found = {u.pk: u for u in unit_list(user=user).filter(pk__in=ids)}
    return [
        {"unit": found[pk], "url": _dashboard_url(found[pk])}
        for pk in ids
        if pk in found
    ]
