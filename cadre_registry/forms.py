"""Forms: validate input and name the field in Vietnamese; they never save."""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from cadre_registry.models import (
    SENSITIVE_FIELDS,
    AbroadStay,
    Allowance,
    Assignment,
    DatePrecision,
    Degree,
    Discipline,
    Evaluation,
    FamilyMember,
    Gender,
    PartyPost,
    Person,
    PoliticalTheoryLevel,
    Reward,
    SalaryRecord,
    StaffKind,
    StateManagementLevel,
    TrainingRecord,
    Unit,
    WorkHistory,
)
from cadre_registry.selectors import PersonFilter

DATE_WIDGET = forms.DateInput(
    format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}
)


class DateField(forms.DateField):
    """dd/mm/yyyy, with a message that shows the expected form."""

    widget = DATE_WIDGET
    default_error_messages = {
        "invalid": "Ngày không hợp lệ: nhập theo dạng dd/mm/yyyy (ví dụ 05/09/1978)."
    }

    def to_python(self, value):
        date = super().to_python(value)
        if date is not None and not (
            dt.date(1900, 1, 1) <= date <= dt.date(2100, 12, 31)
        ):
            raise ValidationError(
                "Ngày phải nằm trong khoảng 1900–2100.", code="out_of_range"
            )
        return date


class PartialDateField(forms.CharField):
    """A birth date as the 2C form allows it: dd/mm/yyyy, mm/yyyy or yyyy."""

    def to_python(self, value):
        value = (value or "").strip()
        if not value:
            return None
        for pattern, precision in (
            (r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", DatePrecision.DAY),
            (r"(\d{1,2})[/.-](\d{4})", DatePrecision.MONTH),
            (r"(\d{4})", DatePrecision.YEAR),
        ):
            match = re.fullmatch(pattern, value)
            if not match:
                continue
            # Missing day or month count as the first (DOMAIN.md §4, unconfirmed).
            day, month, year = ([1, 1] + [int(p) for p in match.groups()])[-3:]
            try:
                date = dt.date(year, month, day)
            except ValueError:
                raise ValidationError(f"Ngày sinh không tồn tại: {value}.") from None
            if not (1900 <= year <= timezone.localdate().year):
                raise ValidationError("Năm sinh phải từ 1900 đến năm nay.")
            return date, precision
        raise ValidationError("Ngày sinh nhập theo dạng dd/mm/yyyy, mm/yyyy hoặc yyyy.")


def _clear_messages(form: forms.BaseForm) -> None:
    # Django's Vietnamese catalogue renders "integer" as "số tổng thể"; say it plainly.
    for field in form.fields.values():
        if isinstance(field, forms.IntegerField):
            field.error_messages["invalid"] = "Nhập một số nguyên."
        elif isinstance(field, forms.DecimalField):
            field.error_messages["invalid"] = (
                "Nhập một số, phần thập phân sau dấu chấm (ví dụ 3.33)."
            )


def _dates_in_order(cleaned, start="start", end="end", label="Đến ngày"):
    if cleaned.get(start) and cleaned.get(end) and cleaned[end] < cleaned[start]:
        raise ValidationError({end: f"{label} phải sau hoặc bằng ngày bắt đầu."})


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Tên đăng nhập hoặc mật khẩu không đúng.",
        "inactive": "Tài khoản đã bị khóa.",
    }


PERSON_FIELDS = [
    "full_name",
    "other_names",
    "gender",
    "personnel_code",
    "staff_kind",
    "birthplace",
    "hometown",
    "ethnic_group",
    "religion",
    "national_id",
    "national_id_issued_on",
    "national_id_issued_by",
    "social_insurance_no",
    "permanent_address",
    "current_address",
    "phone",
    "email",
    "origin_class",
    "occupation_before",
    "recruited_on",
    "recruiting_agency",
    "joined_agency_on",
    "main_duties",
    "general_education",
    "highest_degree",
    "degree_field",
    "academic_title",
    "academic_title_year",
    "political_theory",
    "state_management",
    "foreign_languages",
    "it_level",
    "party_joined_on",
    "party_official_on",
    "mass_org_name",
    "mass_org_joined_on",
    "military_enlisted_on",
    "military_discharged_on",
    "military_rank",
    "honour_titles",
    "strengths",
    "health",
    "height_cm",
    "weight_kg",
    "blood_group",
    "policy_status",
    "women_retire_at_60",
    "history_arrests",
    "history_former_regime",
    "history_foreign_ties",
    "history_relatives_abroad",
    "family_economy",
    "left_on",
]


class PersonForm(forms.ModelForm):
    """The résumé's fixed facts; sensitive fields only for users allowed to see them."""

    birth = PartialDateField(
        label="Ngày sinh",
        help_text="dd/mm/yyyy, hoặc mm/yyyy, hoặc yyyy nếu hồ sơ gốc chỉ ghi năm",
    )

    class Meta:
        model = Person
        fields = PERSON_FIELDS
        field_classes = {
            name: DateField
            for name in (
                "national_id_issued_on",
                "recruited_on",
                "joined_agency_on",
                "party_joined_on",
                "party_official_on",
                "mass_org_joined_on",
                "military_enlisted_on",
                "military_discharged_on",
                "left_on",
            )
        }
        widgets = {
            name: forms.Textarea(attrs={"rows": 2})
            for name in (
                "history_arrests",
                "history_former_regime",
                "history_foreign_ties",
                "history_relatives_abroad",
                "family_economy",
            )
        }

    def __init__(self, *args, can_see_sensitive: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_see_sensitive:
            for name in SENSITIVE_FIELDS:
                self.fields.pop(name, None)
        if self.instance.pk and self.instance.birth_date and not self.is_bound:
            self.initial["birth"] = self.instance.birth_date_display
        self.fields["full_name"].widget.attrs["autofocus"] = True
        _clear_messages(self)
        for name in ("highest_degree", "political_theory", "state_management"):
            self.fields[name].queryset = self.fields[name].queryset.filter(
                is_active=True
            )

    def clean_full_name(self):
        name = " ".join(self.cleaned_data["full_name"].split())
        if not name:
            raise ValidationError("Họ và tên không được để trống.")
        if re.search(r"[<>{}\[\]=@#$%^*|\\]", name) or re.search(r"\d", name):
            raise ValidationError(
                "Họ và tên chỉ gồm chữ cái, dấu cách, dấu gạch nối và dấu nháy."
            )
        return name

    def clean_national_id(self):
        value = (self.cleaned_data.get("national_id") or "").strip()
        if not value:
            return None
        if not re.fullmatch(r"[0-9]{12}", value):
            raise ValidationError("Số CCCD phải gồm đúng 12 chữ số.")
        clash = Person.objects.filter(national_id=value).exclude(pk=self.instance.pk)
        if clash.exists():
            raise ValidationError("Số CCCD này đã có trong một hồ sơ khác.")
        return value

    def clean_personnel_code(self):
        value = (self.cleaned_data.get("personnel_code") or "").strip()
        if not value:
            return None
        if (
            Person.objects.filter(personnel_code=value)
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            raise ValidationError("Số hiệu cán bộ này đã có trong một hồ sơ khác.")
        return value

    def clean_social_insurance_no(self):
        value = (self.cleaned_data.get("social_insurance_no") or "").strip()
        if value and not re.fullmatch(r"[0-9]{10}", value):
            raise ValidationError("Số sổ BHXH phải gồm đúng 10 chữ số.")
        return value

    def clean_general_education(self):
        value = (self.cleaned_data.get("general_education") or "").strip()
        if value and not re.fullmatch(r"(1[0-2]|[1-9])/(10|12)", value):
            raise ValidationError("Giáo dục phổ thông ghi theo dạng 12/12 hoặc 10/10.")
        return value

    def clean(self):
        cleaned = super().clean()
        birth = cleaned.get("birth")
        if birth:
            cleaned["birth_date"], cleaned["birth_date_precision"] = birth
        joined, official = (
            cleaned.get("party_joined_on"),
            cleaned.get("party_official_on"),
        )
        if official and not joined:
            self.add_error(
                "party_joined_on", "Nhập ngày vào Đảng trước ngày chính thức."
            )
        elif joined and official and official < joined:
            self.add_error(
                "party_official_on", "Ngày chính thức phải sau ngày vào Đảng."
            )
        _dates_in_order(
            cleaned, "military_enlisted_on", "military_discharged_on", "Ngày xuất ngũ"
        )
        if birth and joined and joined < birth[0]:
            self.add_error("party_joined_on", "Ngày vào Đảng phải sau ngày sinh.")
        if cleaned.get("gender") != Gender.FEMALE and cleaned.get("women_retire_at_60"):
            self.add_error("women_retire_at_60", "Chỉ áp dụng cho cán bộ nữ.")
        return cleaned

    def service_fields(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k in self.Meta.fields}
        data["birth_date"] = self.cleaned_data["birth_date"]
        data["birth_date_precision"] = self.cleaned_data["birth_date_precision"]
        return data


class PersonCreateForm(PersonForm):
    """A new person: the résumé plus the first main assignment."""

    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label="Đơn vị công tác")
    start = DateField(label="Ngày bắt đầu công tác tại đơn vị")
    title = forms.CharField(
        label="Chức danh, công việc", required=False, max_length=255
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = (
            units if units is not None else Unit.objects.none()
        )


class HistoryForm(forms.ModelForm):
    """Base of the history row forms: dates in dd/mm/yyyy, in order."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _clear_messages(self)

    def clean(self):
        cleaned = super().clean()
        _dates_in_order(cleaned)
        return cleaned


def _history_form(model, fields, **extra_meta):
    dates = [
        f.name
        for f in model._meta.get_fields()
        if f.get_internal_type() == "DateField" and f.name in fields
    ]
    meta = type(
        "Meta",
        (),
        {
            "model": model,
            "fields": fields,
            "field_classes": dict.fromkeys(dates, DateField),
            **extra_meta,
        },
    )
    return type(f"{model.__name__}Form", (HistoryForm,), {"Meta": meta})


DECISION = ["decision_number", "decision_date", "decision_authority"]


class HistoryKind:
    """A kind of history row as the person page shows and edits it."""

    def __init__(self, slug, model, fields, title, sensitive=False, columns=None):
        self.slug, self.model, self.title, self.sensitive = (
            slug,
            model,
            title,
            sensitive,
        )
        self.form_class = _history_form(model, fields)
        self.columns = columns or fields
        self.related_name = model._meta.get_field("person").remote_field.related_name


HISTORY_KINDS = {
    kind.slug: kind
    for kind in [
        HistoryKind(
            "assignment",
            Assignment,
            ["start", "end", "unit", "position", "title", "is_main", *DECISION],
            "Quá trình công tác",
        ),
        HistoryKind(
            "party-post",
            PartyPost,
            ["start", "end", "organisation", "title", *DECISION],
            "Chức vụ Đảng",
        ),
        HistoryKind(
            "salary",
            SalaryRecord,
            [
                "start",
                "end",
                "grade",
                "step",
                "coefficient",
                "percent",
                "seniority_percent",
                *DECISION,
            ],
            "Diễn biến quá trình lương",
        ),
        HistoryKind(
            "allowance",
            Allowance,
            ["start", "end", "kind", "coefficient", "percent", "note", *DECISION],
            "Phụ cấp",
        ),
        HistoryKind(
            "training",
            TrainingRecord,
            [
                "start",
                "end",
                "category",
                "institution",
                "field",
                "mode",
                "qualification",
                "abroad",
            ],
            "Đào tạo, bồi dưỡng",
        ),
        HistoryKind(
            "work",
            WorkHistory,
            ["start", "end", "description"],
            "Tóm tắt quá trình công tác",
        ),
        HistoryKind(
            "abroad",
            AbroadStay,
            ["start", "end", "country", "purpose"],
            "Đi nước ngoài",
        ),
        HistoryKind(
            "reward", Reward, ["year", "form", "reason", *DECISION], "Khen thưởng"
        ),
        HistoryKind(
            "discipline",
            Discipline,
            ["start", "end", "form", "violation", *DECISION],
            "Kỷ luật",
            sensitive=True,
        ),
        HistoryKind(
            "evaluation",
            Evaluation,
            ["year", "level", "score", "emulation", "note"],
            "Đánh giá, xếp loại chất lượng",
        ),
        HistoryKind(
            "family",
            FamilyMember,
            [
                "side",
                "relation",
                "full_name",
                "birth_year",
                "details",
                "political_history",
                "lives_abroad",
            ],
            "Quan hệ gia đình",
            sensitive=True,
        ),
    ]
}


def _evaluation_clean(form):
    cleaned = super(type(form), form).clean()
    year = cleaned.get("year")
    if year and not (1980 <= year <= timezone.localdate().year + 1):
        form.add_error(
            "year", f"Năm đánh giá phải từ 1980 đến {timezone.localdate().year + 1}."
        )
    score = cleaned.get("score")
    if score is not None and not (0 <= score <= 100):
        form.add_error("score", "Điểm phải từ 0 đến 100.")
    person = form.instance.person if form.instance.person_id else None
    if (
        year
        and person
        and Evaluation.objects.filter(person=person, year=year)
        .exclude(pk=form.instance.pk)
        .exists()
    ):
        form.add_error("year", f"Đã có kết quả đánh giá năm {year}.")
    return cleaned


HISTORY_KINDS["evaluation"].form_class.clean = _evaluation_clean


class QuickSelect(forms.Select):
    """A <select> rendered in Python rather than through a template per option: the
    list page draws eight of them on every request, and Django's widget templates
    (an include per option) cost more than the page's SQL."""

    def render(self, name, value, attrs=None, renderer=None):
        context = self.get_context(name, value, attrs)["widget"]
        options = []
        for _group, group_options, _index in context["optgroups"]:
            for option in group_options:
                options.append(
                    format_html(
                        '<option value="{}"{}>{}</option>',
                        option["value"],
                        mark_safe(" selected") if option["selected"] else "",
                        option["label"],
                    )
                )
        return format_html(
            '<select name="{}"{}>{}</select>',
            context["name"],
            flatatt(context["attrs"]),
            mark_safe("".join(options)),
        )


class QuickChoiceField(forms.ChoiceField):
    widget = QuickSelect


class PersonFilterForm(forms.Form):
    """The personnel list's filters, from the query string; bad values are ignored
    with a message rather than failing the page."""

    q = forms.CharField(label=_("Tìm kiếm"), required=False, max_length=100)
    unit = forms.IntegerField(
        label=_("Đơn vị"),
        required=False,
        min_value=1,
        max_value=2**62,
        widget=forms.HiddenInput,
    )
    staff_kind = QuickChoiceField(
        label=_("Loại cán bộ"),
        required=False,
        choices=[("", _("Tất cả")), *StaffKind.choices],
    )
    gender = QuickChoiceField(
        label=_("Giới tính"),
        required=False,
        choices=[("", _("Tất cả")), *Gender.choices],
    )
    ethnic_minority = QuickChoiceField(
        label=_("Dân tộc"),
        required=False,
        choices=[
            ("", _("Tất cả")),
            ("1", _("Dân tộc thiểu số")),
            ("0", _("Dân tộc Kinh")),
        ],
    )
    age_min = forms.IntegerField(
        label=_("Tuổi từ"), required=False, min_value=0, max_value=120
    )
    age_max = forms.IntegerField(
        label=_("đến"), required=False, min_value=0, max_value=120
    )
    grade_family = QuickChoiceField(
        label=_("Ngạch"),
        required=False,
        choices=[
            ("", _("Tất cả")),
            ("cvcc", _("Chuyên viên cao cấp và tương đương")),
            ("cvc", _("Chuyên viên chính và tương đương")),
            ("cv", _("Chuyên viên và tương đương")),
            ("cansu", _("Cán sự và tương đương")),
            ("nhanvien", _("Nhân viên")),
        ],
    )
    degree = QuickChoiceField(label=_("Trình độ chuyên môn"), required=False)
    political_theory = QuickChoiceField(label=_("Lý luận chính trị"), required=False)
    state_management = QuickChoiceField(label=_("Quản lý nhà nước"), required=False)
    party_member = QuickChoiceField(
        label=_("Đảng viên"),
        required=False,
        choices=[
            ("", _("Tất cả")),
            ("1", _("Đảng viên")),
            ("0", _("Chưa là đảng viên")),
        ],
    )
    # Quy hoạch: holds an approved planning entry of a term not yet ended (planning
    # app), e.g. "in the planning list but without cao cấp LLCT" for training.
    in_planning = QuickChoiceField(
        label=_("Quy hoạch"),
        required=False,
        choices=[
            ("", _("Tất cả")),
            ("1", _("Trong quy hoạch")),
            ("0", _("Chưa trong quy hoạch")),
        ],
    )
    retiring_within = forms.IntegerField(
        label=_("Nghỉ hưu trong (tháng)"), required=False, min_value=0, max_value=600
    )
    include_left = forms.BooleanField(label=_("Gồm cả người đã nghỉ"), required=False)
    as_of = DateField(
        label=_("Tại ngày"),
        required=False,
        help_text=_("Danh sách như tại một ngày trong quá khứ"),
    )
    sort = forms.ChoiceField(
        required=False,
        choices=[
            ("name", _("name")),
            ("birth", _("birth")),
            ("retirement", _("retirement")),
        ],
    )
    desc = forms.BooleanField(required=False)
    after = forms.CharField(required=False, max_length=600)
    before = forms.CharField(required=False, max_length=600)

    def __init__(self, *args, can_see_sensitive=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["degree"].choices = [
            ("", "Tất cả"),
            *Degree.objects.filter(is_active=True).values_list("code", "name"),
        ]
        self.fields["political_theory"].choices = [
            ("", "Tất cả"),
            ("none", "Chưa qua đào tạo"),
            *PoliticalTheoryLevel.objects.exclude(code="none").values_list(
                "code", "name"
            ),
        ]
        self.fields["state_management"].choices = [
            ("", "Tất cả"),
            *StateManagementLevel.objects.values_list("code", "name"),
        ]
        if not can_see_sensitive:
            del self.fields["ethnic_minority"]
        _clear_messages(self)

    def to_filter(self, *, unit: Unit | None) -> PersonFilter:
        data = (
            self.cleaned_data
            if self.is_valid()
            else {k: v for k, v in getattr(self, "cleaned_data", {}).items()}
        )

        def tri(value):
            return None if value in ("", None) else value == "1"

        return PersonFilter(
            unit=unit,
            q=data.get("q") or "",
            staff_kind=data.get("staff_kind") or "",
            gender=data.get("gender") or "",
            ethnic_minority=tri(data.get("ethnic_minority")),
            age_min=data.get("age_min"),
            age_max=data.get("age_max"),
            grade_family=data.get("grade_family") or "",
            degree=data.get("degree") or "",
            political_theory=data.get("political_theory") or "",
            state_management=data.get("state_management") or "",
            party_member=tri(data.get("party_member")),
            in_planning=tri(data.get("in_planning")),
            retiring_within_months=data.get("retiring_within"),
            include_left=bool(data.get("include_left")),
            as_of=data.get("as_of"),
        )
