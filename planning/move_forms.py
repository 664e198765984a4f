"""Rotation (luân chuyển) and appointment (bổ nhiệm) forms: validate with Vietnamese
messages that name the field; never save."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from cadre_registry.forms import DateField
from cadre_registry.models import Position, Unit
from planning.models import AppointmentKind, Direction, ManagingLevel
from planning.review_forms import field_messages


def _positions():
    return Position.objects.filter(is_active=True).order_by("-rank", "name")


def _one_line(value: str) -> str:
    return " ".join(value.split())


class RotationForm(forms.Form):
    """A rotation of one person; the "from" is their main assignment on the start."""

    to_unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label="Đến đơn vị")
    to_position = forms.ModelChoiceField(
        queryset=Position.objects.none(), label="Đến chức vụ", required=False
    )
    to_title = forms.CharField(
        label="Chức danh mới (nếu khác)", required=False, max_length=255
    )
    direction = forms.ChoiceField(
        label="Hướng luân chuyển (Biểu 11)",
        choices=[("", "– Chọn hướng –"), *Direction.choices],
    )
    start = DateField(label="Ngày bắt đầu")
    planned_end = DateField(label="Dự kiến kết thúc")
    decision_number = forms.CharField(label="Số quyết định", max_length=64)
    decision_date = DateField(label="Ngày quyết định")
    decision_authority = forms.CharField(
        label="Cơ quan quyết định", required=False, max_length=255
    )
    exception_reason = forms.CharField(
        label="Trường hợp đặc biệt (cấp có thẩm quyền quyết định)",
        required=False,
        max_length=500,
        help_text="Chỉ ghi khi cán bộ còn dưới 10 năm công tác (QĐ 65-QĐ/TW Điều 5)",
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_unit"].queryset = (
            units if units is not None else Unit.objects.none()
        )
        self.fields["to_position"].queryset = _positions()
        field_messages(self)

    def clean_to_title(self):
        return _one_line(self.cleaned_data["to_title"])

    def clean_decision_number(self):
        number = _one_line(self.cleaned_data["decision_number"])
        if not number:
            raise ValidationError("Số quyết định: không được để trống.")
        return number

    def clean_exception_reason(self):
        return _one_line(self.cleaned_data["exception_reason"])

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("planned_end")
        if start and end and end <= start:
            self.add_error("planned_end", "Dự kiến kết thúc: phải sau ngày bắt đầu.")
        decided = cleaned.get("decision_date")
        if start and decided and decided > start:
            self.add_error(
                "decision_date", "Ngày quyết định: phải trước hoặc bằng ngày bắt đầu."
            )
        return cleaned


class RotationEndForm(forms.Form):
    actual_end = DateField(label="Ngày kết thúc")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field_messages(self)


class AppointmentForm(forms.Form):
    """An appointment decision on one person; the term end is the service's."""

    kind = forms.ChoiceField(label="Hình thức", choices=AppointmentKind.choices)
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label="Đơn vị")
    position = forms.ModelChoiceField(queryset=Position.objects.none(), label="Chức vụ")
    decision_number = forms.CharField(label="Số quyết định", max_length=64)
    decision_date = DateField(label="Ngày quyết định")
    decision_authority = forms.CharField(label="Cơ quan quyết định", max_length=255)
    effective_on = DateField(label="Ngày hiệu lực")
    process_started_on = DateField(
        label="Ngày bắt đầu quy trình",
        required=False,
        help_text="Tính 5 năm công tác trước tuổi nghỉ hưu từ ngày này; "
        "để trống thì tính từ ngày quyết định",
    )
    title = forms.CharField(
        label="Chức danh, công việc sau miễn nhiệm",
        required=False,
        max_length=255,
        help_text="Chỉ dùng khi miễn nhiệm",
    )
    is_main = forms.BooleanField(label="Công tác chính", required=False, initial=True)
    managing_level = forms.ChoiceField(
        label="Diện quản lý",
        required=False,
        choices=[("", "Theo cấp của đơn vị")] + ManagingLevel.choices,
        help_text="Để trống: diện Ban Thường vụ Huyện ủy cho đơn vị cấp huyện, xã; "
        "diện Ban Thường vụ Tỉnh ủy cho đơn vị khác",
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = (
            units if units is not None else Unit.objects.none()
        )
        self.fields["position"].queryset = _positions()
        field_messages(self)

    def clean_decision_number(self):
        number = _one_line(self.cleaned_data["decision_number"])
        if not number:
            raise ValidationError("Số quyết định: không được để trống.")
        return number

    def clean_decision_authority(self):
        authority = _one_line(self.cleaned_data["decision_authority"])
        if not authority:
            raise ValidationError("Cơ quan quyết định: không được để trống.")
        return authority

    def clean_title(self):
        return _one_line(self.cleaned_data["title"])

    def clean(self):
        cleaned = super().clean()
        decided, effective = cleaned.get("decision_date"), cleaned.get("effective_on")
        if decided and effective and effective < decided:
            self.add_error(
                "effective_on", "Ngày hiệu lực: phải sau hoặc bằng ngày quyết định."
            )
        started = cleaned.get("process_started_on")
        if started and decided and started > decided:
            self.add_error(
                "process_started_on",
                "Ngày bắt đầu quy trình: phải trước hoặc bằng ngày quyết định.",
            )
        return cleaned


class RotationFilterForm(forms.Form):
    """The rotation list's filters; bad values drop out, the rest still filter."""

    huong = forms.ChoiceField(
        label="Hướng", required=False, choices=[("", "Tất cả"), *Direction.choices]
    )
    don_vi = forms.ModelChoiceField(
        label="Đơn vị", required=False, queryset=Unit.objects.none()
    )
    tinh_trang = forms.ChoiceField(
        label="Tình trạng",
        required=False,
        choices=[
            ("", "Tất cả"),
            ("running", "Đang luân chuyển"),
            ("ended", "Đã kết thúc"),
        ],
    )
    sap_het = forms.IntegerField(
        label="Kết thúc trong (ngày)", required=False, min_value=1, max_value=3650
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["don_vi"].queryset = (
            units if units is not None else Unit.objects.none()
        )
        field_messages(self)


class AppointmentFilterForm(forms.Form):
    loai = forms.ChoiceField(
        label="Hình thức",
        required=False,
        choices=[("", "Tất cả"), *AppointmentKind.choices],
    )
    don_vi = forms.ModelChoiceField(
        label="Đơn vị", required=False, queryset=Unit.objects.none()
    )
    sap_het = forms.BooleanField(
        label="Hết thời hạn giữ chức vụ trong 90 ngày", required=False
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["don_vi"].queryset = (
            units if units is not None else Unit.objects.none()
        )
        field_messages(self)
