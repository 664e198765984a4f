"""Django admin: reference data, units and users. People are edited in the app,
where scope, validation and history apply; the admin shows them read-only."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from import_export.admin import ImportMixin
from import_export.formats import base_formats
from simple_history.admin import SimpleHistoryAdmin

from cadre_registry import models
from cadre_registry.forms import DateField
from cadre_registry.import_jobs import _too_big_message
from cadre_registry.resources import UnitResource

admin.site.site_header = "Quản trị hệ thống hồ sơ cán bộ"
admin.site.site_title = "Cadre Registry"


@admin.register(models.CodeList)
class CodeListAdmin(admin.ModelAdmin):
    list_display = ["key", "title", "version", "effective_from", "effective_to"]
    search_fields = ["key", "title"]


class CodeEntryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "code_list", "rank", "is_active"]
    list_filter = ["code_list", "is_active"]
    search_fields = ["code", "name"]


class GradeStepInline(admin.TabularInline):
    model = models.GradeStep
    extra = 0


@admin.register(models.Grade)
class GradeAdmin(CodeEntryAdmin):
    list_display = [
        "code",
        "name",
        "code_list",
        "pay_group",
        "report_family",
        "step_period_months",
        "is_active",
    ]
    inlines = [GradeStepInline]


@admin.register(models.EthnicGroup)
class EthnicGroupAdmin(CodeEntryAdmin):
    list_display = ["code", "code_121", "name", "is_minority", "is_active"]


for model in (
    models.Religion,
    models.PoliticalTheoryLevel,
    models.StateManagementLevel,
    models.Degree,
    models.EvaluationLevel,
    models.DisciplineForm,
    models.Position,
):
    admin.site.register(model, CodeEntryAdmin)


class SuccessionInline(admin.TabularInline):
    model = models.UnitSuccession
    fk_name = "predecessor"
    extra = 0


class MergeForm(forms.Form):
    successor = forms.ModelChoiceField(
        queryset=models.Unit.objects.filter(valid_to__isnull=True),
        label="Đơn vị mới (tiếp nhận)",
    )
    effective = DateField(label="Ngày hiệu lực")
    decision_number = forms.CharField(
        label="Số quyết định", required=False, max_length=64
    )
    decision_date = DateField(label="Ngày quyết định", required=False)
    decision_authority = forms.CharField(
        label="Cơ quan quyết định", required=False, max_length=255
    )


@admin.action(description="Hợp nhất các đơn vị đã chọn vào một đơn vị khác…")
def merge_units(modeladmin, request, queryset):
    """The 2025 mergers: close the selected units and move their people's main
    assignments to the successor from the effective date, keeping the history."""
    from cadre_registry import services

    form = MergeForm(request.POST if "apply" in request.POST else None)
    if "apply" in request.POST and form.is_valid():
        try:
            services.unit_merge(
                predecessors=list(queryset), by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            modeladmin.message_user(
                request, "; ".join(error.messages), level=messages.ERROR
            )
        else:
            modeladmin.message_user(
                request,
                f"Đã hợp nhất {queryset.count()} đơn vị vào {form.cleaned_data['successor']} "
                f"từ {form.cleaned_data['effective']:%d/%m/%Y}.",
            )
        return None
    return render(
        request,
        "admin/cadre_registry/unit_merge.html",
        {
            **modeladmin.admin_site.each_context(request),
            "units": queryset,
            "form": form,
            "title": "Hợp nhất đơn vị",
            "action": "merge_units",
        },
    )


@admin.register(models.Unit)
class UnitAdmin(ImportMixin, admin.ModelAdmin):
    # django-import-export's admin import; UnitResource.import_data is the validated
    # engine of the import pages (checks, all-or-nothing, history, audit log).
    resource_classes = [UnitResource]
    import_formats = [base_formats.XLSX, base_formats.CSV]
    import_template_name = "admin/cadre_registry/unit_import.html"

    def import_action(self, request, **kwargs):
        # As on the import pages, a file over MAX_UPLOAD_BYTES is refused before
        # django-import-export reads it into memory (the admin's CSRF check has
        # already spooled the body to a temporary file on disk).
        claimed = request.META.get("CONTENT_LENGTH") or "0"
        claimed = int(claimed) if claimed.isdigit() else 0
        if request.method == "POST" and claimed > settings.MAX_UPLOAD_BYTES:
            self.message_user(request, _too_big_message(claimed), messages.ERROR)
            return HttpResponseRedirect(request.path)
        return super().import_action(request, **kwargs)

    actions = [merge_units]
    list_display = ["code", "name", "kind", "depth", "parent", "valid_from", "valid_to"]
    list_filter = ["kind", "depth"]
    search_fields = ["code", "name"]
    readonly_fields = ["path", "depth"]
    raw_id_fields = ["parent"]
    inlines = [SuccessionInline]

    def save_model(self, request, obj, form, change):
        from cadre_registry import services

        if change:
            if "parent" in form.changed_data:
                services.unit_move(unit=obj, new_parent=obj.parent)
            obj.save()
        else:
            created = services.unit_create(
                **{
                    f: form.cleaned_data[f]
                    for f in form.cleaned_data
                    if f not in ("path", "depth")
                }
            )
            obj.pk, obj.path, obj.depth = created.pk, created.path, created.depth


@admin.register(models.User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "get_full_name", "role", "is_active", "last_login"]
    list_filter = ["role", "is_active"]
    fieldsets = BaseUserAdmin.fieldsets + (("Phạm vi", {"fields": ("role", "units")}),)
    add_fieldsets = BaseUserAdmin.add_fieldsets + (
        ("Phạm vi", {"fields": ("role", "units")}),
    )
    filter_horizontal = ["groups", "user_permissions", "units"]


@admin.register(models.Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["full_name", "personnel_code", "unit", "birth_date"]
    search_fields = ["name_folded", "personnel_code"]
    raw_id_fields = ["ethnic_group", "religion"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.AuthEvent)
class AuthEventAdmin(admin.ModelAdmin):
    list_display = ["at", "kind", "username", "ip"]
    list_filter = ["kind"]
    search_fields = ["username", "ip"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(models.AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    list_display = ["at", "user", "action", "description", "row_count"]
    list_filter = ["action"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.action(description="Thu hồi các mã truy cập đã chọn")
def revoke_api_tokens(modeladmin, request, queryset):
    from cadre_registry.api import tokens

    revoked = 0
    for token in queryset.filter(revoked_at__isnull=True):
        tokens.api_token_revoke(token=token)
        revoked += 1
    modeladmin.message_user(request, f"Đã thu hồi {revoked} mã truy cập.")


class ApiTokenAddForm(forms.ModelForm):
    """The service's checks, as form errors rather than a failed save."""

    class Meta:
        model = models.ApiToken
        fields = ["user", "name", "expires_at"]

    def clean_user(self):
        user = self.cleaned_data["user"]
        if not user.is_active:
            raise ValidationError("Người dùng đã bị khóa.")
        return user

    def clean_expires_at(self):
        from django.utils import timezone

        expires_at = self.cleaned_data.get("expires_at")
        if expires_at is not None and expires_at <= timezone.now():
            raise ValidationError("Thời điểm hết hạn phải ở tương lai.")
        return expires_at


@admin.register(models.ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are made here (the plain token shown once, on the page that follows)
    and revoked, never edited: only the name can change."""

    actions = [revoke_api_tokens]
    list_display = [
        "name",
        "user",
        "prefix",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    ]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "prefix", "user__username"]
    raw_id_fields = ["user"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = ApiTokenAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["user", "name", "expires_at"]
        return [
            "user",
            "name",
            "prefix",
            "created_at",
            "last_used_at",
            "expires_at",
            "revoked_at",
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return [
            "user",
            "prefix",
            "created_at",
            "last_used_at",
            "expires_at",
            "revoked_at",
        ]

    def has_delete_permission(self, request, obj=None):
        return False  # revoked, not deleted: the list keeps what was given to whom

    def save_model(self, request, obj, form, change):
        from cadre_registry.api import tokens

        if change:
            obj.save(update_fields=["name"])
            return
        issued = tokens.api_token_create(
            user=form.cleaned_data["user"],
            name=form.cleaned_data["name"],
            expires_at=form.cleaned_data.get("expires_at"),
        )
        obj.pk, obj.key_hash, obj.prefix = (
            issued.token.pk,
            issued.token.key_hash,
            issued.token.prefix,
        )
        obj.created_at = issued.token.created_at
        # Kept on the object for response_add only: the plain token is rendered
        # into that one page and is stored nowhere (no message, no session).
        obj._plain_token = issued.plain

    def response_add(self, request, obj, post_url_continue=None):
        response = render(
            request,
            "admin/cadre_registry/apitoken_created.html",
            {
                **self.admin_site.each_context(request),
                "title": "Mã truy cập API đã được tạo",
                "token": obj,
                "plain": obj._plain_token,
                "opts": self.model._meta,
            },
        )
        response["Cache-Control"] = "no-store"  # the one page that holds the token
        return response
