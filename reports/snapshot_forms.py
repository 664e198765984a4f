"""Forms of the periodic reports: a definition with its schedule, and the date of a
snapshot made at once. They validate with Vietnamese messages that name the field
and never save."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from cadre_registry.forms import DateField
from cadre_registry.models import Role, Unit, User
from reports.models import Period, ReportDefinition
from reports.tables import TABLE_CHOICES
from training.forms import _messages

# Units offered in the list: the tree's upper levels (a province has thousands of
# chi bộ), as on the Biểu 10 page.
MAX_DEPTH = 3

# The months a period's schedule runs in: a quarterly report on the first months
# of the quarters, a yearly one in January (each run reports the period before).
SCHEDULE_MONTHS = {
    Period.MONTHLY: "*",
    Period.QUARTERLY: "1,4,7,10",
    Period.YEARLY: "1",
    Period.DATE: "*",
}

DAY_OF_MONTH = re.compile(r"^\*$|^\d{1,2}(,\d{1,2})*$")


def _person(user: User) -> str:
    name = user.get_full_name() or user.username
    return f"{name} ({user.get_role_display()})"


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _person(obj)


class UsersChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return _person(obj)


def _users():
    return User.objects.filter(
        is_active=True, role__in=[Role.ADMIN, Role.ORGANIZER, Role.LEADER]
    ).order_by("last_name", "first_name", "username")


class DefinitionForm(forms.Form):
    """A report definition (báo cáo định kỳ) and its schedule."""

    name = forms.CharField(label="Tên báo cáo", max_length=200)
    tables = forms.MultipleChoiceField(
        label="Các biểu",
        choices=TABLE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    unit = forms.ModelChoiceField(
        label="Đơn vị",
        queryset=Unit.objects.none(),
        required=False,
        empty_label="Toàn bộ phạm vi của người phụ trách",
        help_text="Phải nằm trong phạm vi của người phụ trách",
    )
    period = forms.ChoiceField(label="Kỳ báo cáo", choices=Period.choices)
    fixed_date = DateField(
        label="Ngày số liệu",
        required=False,
        help_text="Chỉ cho kỳ “tại một ngày” (dd/mm/yyyy)",
    )
    owner = UserChoiceField(label="Người phụ trách", queryset=User.objects.none())
    recipients = UsersChoiceField(
        label="Người nhận thông báo",
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    is_active = forms.BooleanField(label="Đang dùng", required=False, initial=True)
    scheduled = forms.BooleanField(
        label="Tự động lập số liệu theo lịch", required=False
    )
    day_of_month = forms.CharField(
        label="Ngày trong tháng",
        max_length=64,
        initial="1",
        help_text="Ví dụ 1, hoặc 1,15; * là mọi ngày",
    )
    hour = forms.IntegerField(label="Giờ", min_value=0, max_value=23, initial=2)
    minute = forms.IntegerField(label="Phút", min_value=0, max_value=59, initial=0)

    def __init__(self, *args, definition: ReportDefinition | None = None, **kwargs):
        if definition is not None and "initial" not in kwargs:
            kwargs["initial"] = _initial(definition)
        super().__init__(*args, **kwargs)
        units = Q(depth__lte=MAX_DEPTH)
        if definition is not None and definition.unit_id:
            units |= Q(pk=definition.unit_id)
        self.fields["unit"].queryset = Unit.objects.filter(units).order_by("path")
        self.fields["owner"].queryset = _users()
        self.fields["recipients"].queryset = _users()
        if definition is None:
            self.fields.pop("is_active")
        _messages(self)

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise ValidationError("Tên báo cáo: không được để trống.")
        return name

    def clean_day_of_month(self):
        value = self.cleaned_data["day_of_month"].replace(" ", "")
        if not DAY_OF_MONTH.match(value) or any(
            not 1 <= int(day) <= 31 for day in value.split(",") if day != "*"
        ):
            raise ValidationError(
                "Ngày trong tháng: nhập số từ 1 đến 31 (nhiều ngày cách nhau bằng "
                "dấu phẩy) hoặc * cho mọi ngày."
            )
        return value

    def clean(self):
        data = super().clean()
        if data.get("period") == Period.DATE and not data.get("fixed_date"):
            if "fixed_date" not in self.errors:
                self.add_error(
                    "fixed_date",
                    "Ngày số liệu: cần nhập khi kỳ báo cáo là “tại một ngày”.",
                )
        elif data.get("period") != Period.DATE:
            data["fixed_date"] = None
        return data

    def definition_data(self) -> dict:
        """The arguments of services.definition_create / definition_update."""
        keys = ("name", "tables", "unit", "period", "fixed_date", "owner")
        data = {key: self.cleaned_data[key] for key in keys}
        data["recipients"] = list(self.cleaned_data["recipients"])
        if "is_active" in self.fields:
            data["is_active"] = self.cleaned_data["is_active"]
        return data

    def schedule_data(self) -> dict:
        """The crontab of services.definition_schedule."""
        return {
            "day_of_month": self.cleaned_data["day_of_month"],
            "hour": str(self.cleaned_data["hour"]),
            "minute": str(self.cleaned_data["minute"]),
            "month_of_year": SCHEDULE_MONTHS[self.cleaned_data["period"]],
            "enabled": self.cleaned_data["scheduled"],
        }


def _initial(definition: ReportDefinition) -> dict:
    initial = {
        "name": definition.name,
        "tables": definition.tables,
        "unit": definition.unit_id,
        "period": definition.period,
        "fixed_date": definition.fixed_date,
        "owner": definition.owner_id,
        "recipients": list(definition.recipients.values_list("pk", flat=True)),
        "is_active": definition.is_active,
        "scheduled": False,
    }
    task = definition.schedule
    if task is not None and task.crontab is not None:
        initial |= {
            "scheduled": task.enabled,
            "day_of_month": task.crontab.day_of_month,
            "hour": task.crontab.hour,
            "minute": task.crontab.minute,
        }
    return initial


class MakeSnapshotForm(forms.Form):
    """Lập số liệu ngay: the reporting date of a snapshot made now."""

    on = DateField(label="Số liệu tính đến ngày", help_text="dd/mm/yyyy")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _messages(self)

    def clean_on(self):
        on = self.cleaned_data["on"]
        if on > timezone.localdate():
            raise ValidationError("Số liệu tính đến ngày: không được sau ngày hôm nay.")
        return on
