from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from planning.models import (
    Appointment,
    Entry,
    PlannedPost,
    Reminder,
    ReviewItem,
    ReviewRound,
    Rotation,
    Term,
)


@admin.register(Term)
class TermAdmin(SimpleHistoryAdmin):
    list_display = ["name", "level", "starts_on", "ends_on", "rule_version"]
    list_filter = ["level", "rule_version"]
    raw_id_fields = ["created_by"]


@admin.register(PlannedPost)
class PlannedPostAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "term", "rank"]
    list_select_related = ["term", "unit", "position"]
    raw_id_fields = ["unit"]


@admin.register(Entry)
class EntryAdmin(SimpleHistoryAdmin):
    list_display = ["person", "post", "status", "source", "proposed_on"]
    list_filter = ["status", "source", "removal_reason"]
    list_select_related = ["person", "post__unit", "post__position"]
    raw_id_fields = ["person", "post", "added_in", "created_by"]


class ReviewItemInline(admin.TabularInline):
    model = ReviewItem
    extra = 0
    raw_id_fields = ["entry"]


@admin.register(ReviewRound)
class ReviewRoundAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "term", "status", "approved_on"]
    raw_id_fields = ["unit", "created_by"]
    inlines = [ReviewItemInline]


@admin.register(Rotation)
class RotationAdmin(SimpleHistoryAdmin):
    list_display = ["person", "from_unit", "to_unit", "direction", "start"]
    list_filter = ["direction"]
    raw_id_fields = ["person", "from_unit", "to_unit", "assignment", "created_by"]


@admin.register(Appointment)
class AppointmentAdmin(SimpleHistoryAdmin):
    list_display = ["person", "kind", "position", "unit", "effective_on", "term_end"]
    list_filter = ["kind"]
    raw_id_fields = ["person", "unit", "assignment", "created_by"]


@admin.register(Reminder)
class ReminderAdmin(SimpleHistoryAdmin):
    # Computed daily (planning.reminders): read here, marked done on the page.
    list_display = ["person", "kind", "due_on", "unit", "computed_on", "dismissed_at"]
    list_filter = ["kind", "dismissed_at"]
    list_select_related = ["person", "unit"]
    raw_id_fields = ["person", "unit", "appointment", "rotation", "dismissed_by"]
