"""Training forms: validate with Vietnamese messages that name the field; never save."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from cadre_registry.forms import DateField
from cadre_registry.models import Unit
from training.models import (
    Cohort,
    CourseType,
    EnrolmentStatus,
    Mode,
    Sponsorship,
)

REQUIRED = "{label}: không được để trống."
CHOICE = "{label}: lựa chọn không hợp lệ."


def _messages(form: forms.BaseForm) -> None:
    # Every message names its field, so a summary at the top still makes sense.
    for field in form.fields.values():
        label = field.label or ""
        field.error_messages["required"] = REQUIRED.format(label=label)
        field.error_messages["invalid_choice"] = CHOICE.format(label=label)
        field.error_messages["invalid_pk_value"] = CHOICE.format(label=label)
        field.error_messages["invalid_list"] = CHOICE.format(label=label)
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


def _course_choices():
    return CourseType.objects.filter(is_active=True).order_by("rank", "code")


class PlanForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label="Đơn vị")
    title = forms.CharField(label="Tên kế hoạch", max_length=255)
    year_from = forms.IntegerField(label="Từ năm", min_value=2000, max_value=2100)
    year_to = forms.IntegerField(
        label="Đến năm",
        min_value=2000,
        max_value=2100,
        required=False,
        help_text="Để trống nếu là kế hoạch một năm",
    )
    targets = forms.CharField(
        label="Mục tiêu, đối tượng",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = (
            units if units is not None else Unit.objects.none()
        )
        if not self.is_bound:
            self.initial.setdefault("year_from", timezone.localdate().year + 1)
        _messages(self)

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise ValidationError("Tên kế hoạch: không được để trống.")
        return title

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("year_from"), cleaned.get("year_to")
        if start and end and end < start:
            self.add_error("year_to", "Đến năm: phải sau hoặc bằng từ năm.")
        return cleaned


class QuotaForm(forms.Form):
    course_type = forms.ModelChoiceField(
        queryset=CourseType.objects.none(), label="Loại khóa"
    )
    mode = forms.ChoiceField(label="Hệ", choices=Mode.choices)
    quota = forms.IntegerField(label="Chỉ tiêu (người)", min_value=1, max_value=100000)
    target = forms.CharField(
        label="Đối tượng hướng tới",
        required=False,
        max_length=500,
        help_text="Ví dụ: cán bộ trong quy hoạch chưa có cao cấp lý luận chính trị",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course_type"].queryset = _course_choices()
        _messages(self)


class CohortForm(forms.ModelForm):
    start = DateField(label="Ngày khai giảng")
    end = DateField(label="Ngày bế giảng")
    capacity = forms.IntegerField(
        label="Số học viên tối đa", min_value=1, max_value=100000
    )

    class Meta:
        model = Cohort
        fields = [
            "name",
            "course_type",
            "mode",
            "institution",
            "organising_unit",
            "start",
            "end",
            "location",
            "capacity",
            "status",
            "note",
        ]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course_type"].queryset = _course_choices()
        self.fields["organising_unit"].queryset = (
            units if units is not None else Unit.objects.none()
        )
        _messages(self)

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise ValidationError("Tên lớp: không được để trống.")
        return name

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", "Ngày bế giảng: phải sau hoặc bằng ngày khai giảng.")
        return cleaned

    def _post_clean(self):
        # The service validates and saves; the model's own checks would repeat
        # them with English constraint messages.
        pass


class NominateForm(forms.Form):
    """The people ticked in the filtered list, and what applies to all of them."""

    people = forms.TypedMultipleChoiceField(
        label="Người được cử", coerce=int, choices=()
    )
    nominating_unit = forms.ModelChoiceField(
        queryset=Unit.objects.none(), label="Đơn vị cử"
    )
    nominated_on = DateField(label="Ngày cử")
    sponsorship = forms.ChoiceField(
        label="Kinh phí", choices=Sponsorship.choices, initial=Sponsorship.STATE
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nominating_unit"].queryset = (
            units if units is not None else Unit.objects.none()
        )
        self.initial.setdefault("nominated_on", timezone.localdate())
        _messages(self)
        self.fields["people"].error_messages["required"] = (
            "Người được cử: chọn ít nhất một người trong danh sách."
        )

    def clean_people(self):
        # Ids only here; the view resolves them through the scoped person list.
        people = self.cleaned_data["people"]
        if len(people) > 2000:
            raise ValidationError("Người được cử: tối đa 2.000 người mỗi lần.")
        if any(not 0 < pk < 2**63 for pk in people):
            raise ValidationError("Người được cử: lựa chọn không hợp lệ.")
        return people

    def full_clean(self):
        # Any integer is a candidate id; scope is checked against the database.
        self.fields["people"].valid_value = lambda value: True
        super().full_clean()


class ResultRowForm(forms.Form):
    """One learner's line of the class results form."""

    enrolment = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    status = forms.ChoiceField(label="Trạng thái", choices=EnrolmentStatus.choices)
    finished_on = DateField(label="Ngày kết thúc học", required=False)
    result = forms.CharField(label="Kết quả, xếp loại", required=False, max_length=64)
    certificate_number = forms.CharField(
        label="Số văn bằng, chứng chỉ", required=False, max_length=64
    )
    certificate_date = DateField(label="Ngày cấp", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _messages(self)
        for name in ("finished_on", "certificate_date"):
            self.fields[name].widget.attrs["size"] = 10
        self.fields["result"].widget.attrs["size"] = 10
        self.fields["certificate_number"].widget.attrs["size"] = 10


class BaseResultFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            pk = (
                form.cleaned_data.get("enrolment")
                if hasattr(form, "cleaned_data")
                else None
            )
            if pk in seen:
                raise ValidationError(
                    "Một học viên xuất hiện hai lần trong bảng kết quả."
                )
            seen.add(pk)


ResultFormSet = forms.formset_factory(
    ResultRowForm,
    formset=BaseResultFormSet,
    extra=0,
    max_num=5000,
    absolute_max=5000,
    validate_max=True,
)
