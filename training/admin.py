from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from training.models import Cohort, CourseType, Enrolment, PlanQuota, TrainingPlan


@admin.register(CourseType)
class CourseTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "group", "is_long", "place", "is_active"]
    list_filter = ["group", "is_long", "is_active"]
    search_fields = ["name", "code"]


class PlanQuotaInline(admin.TabularInline):
    model = PlanQuota
    extra = 0
    autocomplete_fields = ["course_type"]


@admin.register(TrainingPlan)
class TrainingPlanAdmin(SimpleHistoryAdmin):
    list_display = ["title", "unit", "year_from", "year_to"]
    list_select_related = ["unit"]
    raw_id_fields = ["unit", "created_by"]
    inlines = [PlanQuotaInline]


@admin.register(Cohort)
class CohortAdmin(SimpleHistoryAdmin):
    list_display = ["name", "course_type", "mode", "start", "end", "capacity", "status"]
    list_filter = ["mode", "status", "course_type__group"]
    list_select_related = ["course_type"]
    search_fields = ["name", "institution"]
    raw_id_fields = ["organising_unit", "created_by"]


@admin.register(Enrolment)
class EnrolmentAdmin(SimpleHistoryAdmin):
    list_display = ["person", "cohort", "status", "nominated_on", "finished_on"]
    list_filter = ["status"]
    list_select_related = ["person", "cohort"]
    raw_id_fields = [
        "person",
        "cohort",
        "nominating_unit",
        "training_record",
        "created_by",
    ]
