"""Forms of the statistics pages: a unit of the user's scope and dates dd/mm/yyyy."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from cadre_registry.forms import DateField
from cadre_registry.models import Unit, User
from cadre_registry.selectors import unit_scope_ids

# Units offered in the list: the tree's upper levels (a province has thousands of
# chi bộ), as the Biểu 10 page does; any unit of the scope is still accepted by id.
MAX_DEPTH = 3


def offered_units(*, user: User, chosen: Unit | None = None):
    """The units of the list: the scope's upper levels, and the chosen one."""
    scope = unit_scope_ids(user=user)
    units = Unit.objects.order_by("path")
    if scope is not None:
        own = list(user.units.values_list("depth", flat=True))
        limit = max((min(own) if own else 0) + MAX_DEPTH - 1, MAX_DEPTH)
        units = units.filter(id__in=scope)
    else:
        limit = MAX_DEPTH
    condition = units.filter(depth__lte=limit)
    if chosen is not None:
        return units.filter(pk__in=condition.values("pk")) | units.filter(pk=chosen.pk)
    return condition


def _named(form: forms.Form) -> None:
    # Each message names its field, in Vietnamese (the page's language).
    for field in form.fields.values():
        field.error_messages = {
            **field.error_messages,
            "required": f"{field.label}: cần nhập.",
            "invalid_choice": f"{field.label}: không có trong danh sách được chọn.",
        }


class StatisticsForm(forms.Form):
    """Unit, reference date and, for the comparison, a second date."""

    unit = forms.ModelChoiceField(
        label="Đơn vị",
        queryset=Unit.objects.none(),
        required=False,
        empty_label="Toàn bộ phạm vi được giao",
    )
    on = DateField(
        label="Số liệu tính đến ngày",
        required=False,
        help_text="dd/mm/yyyy; để trống: hôm nay",
    )
    second = DateField(
        label="So sánh với ngày",
        required=False,
        help_text="dd/mm/yyyy; để trống nếu không so sánh",
    )

    def __init__(self, *args, user: User, chosen: Unit | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = offered_units(user=user, chosen=chosen)
        _named(self)
        for name in ("on", "second"):
            label = self.fields[name].label
            self.fields[name].error_messages["invalid"] = (
                f"{label}: ngày không hợp lệ, nhập theo dạng dd/mm/yyyy."
            )

    def clean(self):
        data = super().clean()
        on, second = data.get("on"), data.get("second")
        if on and second and on == second:
            raise ValidationError("So sánh với ngày: cần khác ngày số liệu.")
        return data


class DrillDownForm(forms.Form):
    """The figure and the date of a drill-down link (the unit is read apart: a unit
    outside the scope is a 404, not a form error)."""

    key = forms.CharField(label="Chỉ tiêu", max_length=64)
    on = DateField(label="Số liệu tính đến ngày")

    def __init__(self, *args, keys, **kwargs):
        super().__init__(*args, **kwargs)
        self.keys = keys
        _named(self)
        self.fields["on"].error_messages["invalid"] = (
            "Số liệu tính đến ngày: ngày không hợp lệ, nhập theo dạng dd/mm/yyyy."
        )

    def clean_key(self):
        key = self.cleaned_data["key"]
        if key not in self.keys:
            raise ValidationError("Chỉ tiêu: không có chỉ tiêu thống kê này.")
        return key
