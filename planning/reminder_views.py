"""The reminders page (nhắc việc) of the user's units, and marking one done.
Authorise, call a selector or a service, render."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from planning import reminders, selectors
from planning.models import ReminderKind
from planning.reminder_forms import ReminderDismissForm, ReminderFilterForm

# A province-wide administrator may have thousands: the page shows the first ones
# of each kind by due date, and the counts say how many there are.
ROWS_SHOWN = 1000


def _filters(data) -> tuple[ReminderFilterForm, dict]:
    form = ReminderFilterForm(data)
    if not form.is_valid():
        form = ReminderFilterForm({})
        form.is_valid()
    return form, form.cleaned_data


@login_required
def reminder_list(request):
    """Reminders of the user's units, grouped by kind and sorted by due date."""
    form, filters = _filters(request.GET)
    today = timezone.localdate()
    horizon = filters.get("horizon")
    rows = list(
        selectors.reminder_list(
            user=request.user,
            kind=filters.get("kind") or "",
            until=today + dt.timedelta(days=horizon) if horizon else None,
            dismissed=filters.get("dismissed") or False,
        )[: ROWS_SHOWN + 1]
    )
    labels = dict(ReminderKind.choices)
    groups: dict[str, list] = {}
    for row in rows[:ROWS_SHOWN]:
        groups.setdefault(row.kind, []).append(row)
    context = {
        "form": form,
        "today": today,
        "groups": [(kind, labels[kind], items) for kind, items in groups.items()],
        "counts": selectors.reminder_counts(user=request.user),
        "truncated": len(rows) > ROWS_SHOWN,
        "rows_shown": ROWS_SHOWN,
        "query": urlencode(
            {k: v for k, v in request.GET.items() if k in form.fields and v}
        ),
    }
    return render(request, "planning/reminder_list.html", context)


@login_required
@require_POST
def reminder_dismiss(request, pk):
    """Mark a reminder of the user's units done ("đã xử lý"); 404 outside them."""
    reminder = selectors.reminder_get(user=request.user, pk=pk)
    form = ReminderDismissForm(request.POST)
    if form.is_valid():
        try:
            reminders.reminder_dismiss(
                by=request.user, reminder=reminder, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, f"Đã đánh dấu đã xử lý: {reminder.person.full_name}."
            )
    else:
        messages.error(request, "Ghi chú tối đa 500 ký tự.")
    # Back to the same filters, rebuilt from the known fields only.
    _, filters = _filters(request.POST)
    query = urlencode({k: v for k, v in filters.items() if v not in (None, "", False)})
    url = reverse("planning:reminder_list")
    return redirect(f"{url}?{query}" if query else url)
