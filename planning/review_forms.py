"""Review round forms (rà soát, bổ sung quy hoạch hằng năm): validate with Vietnamese
messages that name the field; never save."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from cadre_registry.forms import DateField
from cadre_registry.models import Unit
from planning.models import PlannedPost, RemovalReason, Source

MAX_PK = 2**62


def field_messages(form: forms.BaseForm) -> None:
    """Every message names its field, so a summary at the top still makes sense."""
    for field in form.fields.values():
        label = field.label or ""
        field.error_messages["required"] = f"{label}: không được để trống."
        for key in ("invalid_choice", "invalid_pk_value", "invalid_list"):
            field.error_messages[key] = f"{label}: lựa chọn không hợp lệ."
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


def _clean_text(value: str) -> str:
    # Notes are kept as typed and escaped when shown; control characters are not.
    return "".join(c for c in value if c.isprintable() or c in "\n\t").strip()


class RoundForm(forms.Form):
    """Open the yearly review of a unit's planning in a term."""

    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label="Đơn vị")
    year = forms.IntegerField(label="Năm rà soát", min_value=2000, max_value=2100)
    proposed_on = DateField(label="Ngày đề xuất")
    note = forms.CharField(
        label="Ghi chú",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = (
            units if units is not None else Unit.objects.none()
        )
        today = timezone.localdate()
        self.initial.setdefault("year", today.year)
        self.initial.setdefault("proposed_on", today)
        field_messages(self)

    def clean_note(self):
        return _clean_text(self.cleaned_data["note"])

    def clean(self):
        cleaned = super().clean()
        year, proposed_on = cleaned.get("year"), cleaned.get("proposed_on")
        if year and proposed_on and abs(proposed_on.year - year) > 1:
            self.add_error(
                "proposed_on", "Ngày đề xuất: phải trong năm rà soát hoặc năm liền kề."
            )
        return cleaned


class AdditionForm(forms.Form):
    """The people ticked in the filtered list, for one planned post of the round."""

    post = forms.ModelChoiceField(
        queryset=PlannedPost.objects.none(), label="Chức danh quy hoạch"
    )
    source = forms.ChoiceField(label="Nguồn", choices=Source.choices)
    people = forms.TypedMultipleChoiceField(
        label="Người được đề xuất", coerce=int, choices=()
    )

    def __init__(self, *args, posts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["post"].queryset = (
            posts if posts is not None else PlannedPost.objects.none()
        )
        field_messages(self)
        self.fields["people"].error_messages["required"] = (
            "Người được đề xuất: chọn ít nhất một người trong danh sách."
        )
        self.fields["people"].error_messages["invalid_value"] = (
            "Người được đề xuất: lựa chọn không hợp lệ."
        )

    def clean_people(self):
        # Ids only here; the view resolves them through the scoped person list.
        people = self.cleaned_data["people"]
        if len(people) > 200:
            raise ValidationError("Người được đề xuất: tối đa 200 người mỗi lần.")
        if any(not 0 < pk < MAX_PK for pk in people):
            raise ValidationError("Người được đề xuất: lựa chọn không hợp lệ.")
        return people

    def full_clean(self):
        # Any integer is a candidate id; scope is checked against the database.
        self.fields["people"].valid_value = lambda value: True
        super().full_clean()


class RemovalForm(forms.Form):
    """One approved entry proposed to be taken out, with the reason."""

    entry = forms.IntegerField(
        label="Người đưa ra", min_value=1, max_value=MAX_PK, widget=forms.HiddenInput
    )
    removal_reason = forms.ChoiceField(
        label="Lý do đưa ra",
        choices=[("", "– Chọn lý do –"), *RemovalReason.choices],
    )
    note = forms.CharField(label="Ghi chú lý do", required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field_messages(self)
        self.fields["entry"].error_messages["required"] = (
            "Người đưa ra: chọn một người trong danh sách."
        )

    def clean_note(self):
        return _clean_text(self.cleaned_data["note"])


class ApproveForm(forms.Form):
    """The decision approving a round as a whole."""

    decision_number = forms.CharField(label="Số quyết định", max_length=64)
    decision_date = DateField(label="Ngày quyết định")
    decision_authority = forms.CharField(label="Cơ quan quyết định", max_length=255)
    approved_on = DateField(
        label="Ngày phê duyệt",
        required=False,
        help_text="Để trống nếu trùng ngày quyết định",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field_messages(self)

    def clean_decision_number(self):
        number = " ".join(self.cleaned_data["decision_number"].split())
        if not number:
            raise ValidationError("Số quyết định: không được để trống.")
        return number

    def clean_decision_authority(self):
        authority = " ".join(self.cleaned_data["decision_authority"].split())
        if not authority:
            raise ValidationError("Cơ quan quyết định: không được để trống.")
        return authority

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision_date") and not cleaned.get("approved_on"):
            cleaned["approved_on"] = cleaned["decision_date"]
        return cleaned
