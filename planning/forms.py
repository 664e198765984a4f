"""Planning forms: validate with Vietnamese messages that name the field (dates as
dd/mm/yyyy, as everywhere in the app); never save: the services do."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from cadre_registry.forms import DateField
from cadre_registry.models import (
    Degree,
    PoliticalTheoryLevel,
    Position,
    StateManagementLevel,
    Unit,
)
from planning.models import Level, RemovalReason, Source

MAX_PEOPLE = 2000


def _messages(form: forms.BaseForm) -> None:
    # Every message names its field, so the summary at the top still makes sense
    # (the same messages as training/forms.py).
    for field in form.fields.values():
        label = field.label or ""
        field.error_messages["required"] = f"{label}: không được để trống."
        for code in ("invalid_choice", "invalid_pk_value", "invalid_list"):
            field.error_messages[code] = f"{label}: lựa chọn không hợp lệ."
        if isinstance(field, forms.IntegerField):
            field.error_messages["invalid"] = f"{label}: nhập một số nguyên."
            field.error_messages["min_value"] = (
                f"{label}: phải lớn hơn hoặc bằng %(limit_value)s."
            )
            field.error_messages["max_value"] = (
                f"{label}: phải nhỏ hơn hoặc bằng %(limit_value)s."
            )
        elif isinstance(field, forms.DateField):
            field.error_messages["invalid"] = (
                f"{label}: ngày không hợp lệ, nhập theo dạng dd/mm/yyyy."
            )
        if isinstance(field, forms.CharField) and field.max_length:
            field.error_messages["max_length"] = (
                f"{label}: tối đa {field.max_length} ký tự."
            )


def _text(form: forms.Form, name: str) -> str:
    # One line, spaces folded: what a list or a decision shows.
    return " ".join((form.cleaned_data.get(name) or "").split())


class _IdsField(forms.TypedMultipleChoiceField):
    """Ticked ids of a list; any positive id is valid here, the view resolves them
    through a scoped selector."""

    def __init__(self, **kwargs):
        super().__init__(coerce=int, choices=(), **kwargs)

    def valid_value(self, value):
        return True

    def clean(self, value):
        label = self.label
        try:
            ids = super().clean(value)
        except ValidationError as error:
            if getattr(error, "code", "") == "required":
                raise
            raise ValidationError(f"{label}: lựa chọn không hợp lệ.") from None
        if len(ids) > MAX_PEOPLE:
            raise ValidationError(f"{label}: tối đa 2.000 dòng mỗi lần.")
        if any(not 0 < pk < 2**62 for pk in ids):
            raise ValidationError(f"{label}: lựa chọn không hợp lệ.")
        return sorted(set(ids))


class TermForm(forms.Form):
    """Mở nhiệm kỳ quy hoạch: the rule version follows from `planned_on`."""

    level = forms.ChoiceField(label="Cấp", choices=Level.choices)
    starts_on = DateField(label="Nhiệm kỳ từ ngày")
    ends_on = DateField(label="Nhiệm kỳ đến ngày")
    planned_on = DateField(
        label="Ngày xây dựng quy hoạch",
        help_text="Quy định áp dụng chọn theo ngày này: QĐ 50-QĐ/TW đến 07/10/2025, "
        "QĐ 377-QĐ/TW từ 08/10/2025",
    )
    name = forms.CharField(
        label="Tên nhiệm kỳ",
        max_length=64,
        required=False,
        help_text="Để trống: lấy theo năm, ví dụ 2026-2031",
    )
    note = forms.CharField(
        label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _messages(self)

    def clean_name(self):
        return _text(self, "name")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("starts_on"), cleaned.get("ends_on")
        planned = cleaned.get("planned_on")
        if start and end and end <= start:
            self.add_error(
                "ends_on", "Nhiệm kỳ đến ngày: phải sau ngày bắt đầu nhiệm kỳ."
            )
        if planned and end and planned >= end:
            self.add_error(
                "planned_on",
                "Ngày xây dựng quy hoạch: phải trước ngày kết thúc nhiệm kỳ.",
            )
        return cleaned


class PostForm(forms.Form):
    """Thêm chức danh quy hoạch: the rank is the position's (planning/services.py)."""

    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label="Đơn vị")
    position = forms.ModelChoiceField(
        queryset=Position.objects.none(), label="Chức danh"
    )
    title = forms.CharField(
        label="Tên chức danh (nếu khác)", max_length=255, required=False
    )
    sort_order = forms.IntegerField(
        label="Thứ tự", required=False, min_value=0, max_value=10000
    )
    required_degree = forms.ModelChoiceField(
        queryset=Degree.objects.none(),
        label="Chuẩn trình độ chuyên môn",
        required=False,
    )
    required_political_theory = forms.ModelChoiceField(
        queryset=PoliticalTheoryLevel.objects.none(),
        label="Chuẩn lý luận chính trị",
        required=False,
    )
    required_state_management = forms.ModelChoiceField(
        queryset=StateManagementLevel.objects.none(),
        label="Chuẩn quản lý nhà nước",
        required=False,
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = (
            units if units is not None else Unit.objects.none()
        )
        self.fields["position"].queryset = Position.objects.filter(
            is_active=True, rank__gt=0
        ).order_by("-rank", "name")
        self.fields["position"].label_from_instance = lambda p: (
            f"{p.name} (thứ bậc {p.rank})"
        )
        for name, model in (
            ("required_degree", Degree),
            ("required_political_theory", PoliticalTheoryLevel),
            ("required_state_management", StateManagementLevel),
        ):
            self.fields[name].queryset = model.objects.filter(
                is_active=True, rank__gt=0
            ).order_by("rank", "code")
        _messages(self)

    def clean_title(self):
        return _text(self, "title")

    def clean_sort_order(self):
        return self.cleaned_data.get("sort_order") or 0


class AddPeopleForm(forms.Form):
    """Thêm người vào quy hoạch: the people ticked in the filtered list."""

    people = _IdsField(label="Người được đưa vào quy hoạch")
    source = forms.ChoiceField(label="Nguồn", choices=Source.choices)
    proposed_on = DateField(label="Ngày đề xuất")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("proposed_on", timezone.localdate())
        self.initial.setdefault("source", Source.LOCAL)
        _messages(self)
        self.fields["people"].error_messages["required"] = (
            "Người được đưa vào quy hoạch: chọn ít nhất một người trong danh sách."
        )


class _DecisionForm(forms.Form):
    decision_number = forms.CharField(label="Số quyết định", max_length=64)
    decision_date = DateField(label="Ngày quyết định")
    decision_authority = forms.CharField(
        label="Cơ quan quyết định", max_length=255, required=False
    )

    def clean_decision_number(self):
        return _text(self, "decision_number")

    def clean_decision_authority(self):
        return _text(self, "decision_authority")


class ApproveForm(_DecisionForm):
    """Phê duyệt quy hoạch: the ticked proposed entries, by one decision."""

    entries = _IdsField(label="Người được phê duyệt")
    approved_on = DateField(
        label="Ngày phê duyệt",
        required=False,
        help_text="Để trống: lấy ngày quyết định",
    )

    field_order = [
        "entries",
        "decision_number",
        "decision_date",
        "decision_authority",
        "approved_on",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _messages(self)
        self.fields["entries"].error_messages["required"] = (
            "Người được phê duyệt: chọn ít nhất một người đang ở trạng thái đề xuất."
        )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("approved_on") and cleaned.get("decision_date"):
            cleaned["approved_on"] = cleaned["decision_date"]
        return cleaned


class RemoveForm(_DecisionForm):
    """Đưa ra khỏi quy hoạch: reason, date, note and, where there is one, the
    decision."""

    reason = forms.ChoiceField(
        label="Lý do đưa ra", choices=[("", "— Chọn lý do —"), *RemovalReason.choices]
    )
    removed_on = DateField(label="Ngày đưa ra")
    note = forms.CharField(
        label="Ghi chú lý do",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    field_order = [
        "reason",
        "removed_on",
        "note",
        "decision_number",
        "decision_date",
        "decision_authority",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision_number"].required = False
        self.fields["decision_date"].required = False
        self.initial.setdefault("removed_on", timezone.localdate())
        _messages(self)

    def clean_note(self):
        return (self.cleaned_data.get("note") or "").strip()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision_date") and not cleaned.get("decision_number"):
            self.add_error(
                "decision_number",
                "Số quyết định: nhập số quyết định khi có ngày quyết định.",
            )
        return cleaned
