"""The reminders page's filter and the "đã xử lý" form: validate, never save."""

from __future__ import annotations

from django import forms

from planning.models import ReminderKind

# Horizons offered on the page, in days from today; empty is every open reminder.
HORIZON_CHOICES = [
    ("", "Tất cả"),
    ("30", "Trong 30 ngày"),
    ("90", "Trong 90 ngày"),
    ("180", "Trong 6 tháng"),
]


class ReminderFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label="Loại", required=False, choices=[("", "Tất cả")] + ReminderKind.choices
    )
    horizon = forms.TypedChoiceField(
        label="Đến hạn",
        required=False,
        choices=HORIZON_CHOICES,
        coerce=int,
        empty_value=None,
    )
    dismissed = forms.BooleanField(label="Gồm cả việc đã xử lý", required=False)


class ReminderDismissForm(forms.Form):
    note = forms.CharField(label="Ghi chú", required=False, max_length=500)
