"""Quy hoạch cán bộ: planning terms, planned posts, planning entries and their yearly
review rounds; rotations (luân chuyển) and appointments (bổ nhiệm). Rules live in
planning/rules.py; every write goes through planning/services.py."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from cadre_registry.models import (
    Assignment,
    Decision,
    Degree,
    Person,
    PoliticalTheoryLevel,
    Position,
    StateManagementLevel,
    Unit,
)
from planning import rules


class Level(models.TextChoices):
    """Cấp quy hoạch: the level a term plans for (DOMAIN.md §7.3)."""

    PROVINCE = rules.PROVINCE, "Cấp tỉnh"
    DISTRICT = rules.DISTRICT, "Cấp huyện (cũ)"
    COMMUNE = rules.COMMUNE, "Cấp xã"
    AGENCY = rules.AGENCY, "Cơ quan, đơn vị"


RULE_VERSION_CHOICES = [(v.code, v.title) for v in rules.PLANNING_RULES]


class Term(models.Model):
    """Nhiệm kỳ quy hoạch (2020-2025, 2025-2030, 2026-2031...) of a level, bound to
    the planning rule version in force on the day its planning is drawn up."""

    level = models.CharField("Cấp", max_length=16, choices=Level)
    starts_on = models.DateField("Nhiệm kỳ từ ngày")
    ends_on = models.DateField("Nhiệm kỳ đến ngày")
    planned_on = models.DateField(
        "Ngày xây dựng quy hoạch",
        help_text="Chọn quy định áp dụng (QĐ 50-QĐ/TW hay QĐ 377-QĐ/TW) theo ngày này",
    )
    rule_version = models.CharField(
        "Quy định áp dụng", max_length=32, choices=RULE_VERSION_CHOICES
    )
    name = models.CharField("Tên nhiệm kỳ", max_length=64)
    note = models.TextField("Ghi chú", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "Nhiệm kỳ quy hoạch"
        verbose_name_plural = "Nhiệm kỳ quy hoạch"
        ordering = ["-starts_on", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["level", "starts_on", "ends_on"], name="planning_term_unique"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")),
                name="planning_term_dates_in_order",
            ),
            models.CheckConstraint(
                condition=Q(planned_on__lt=F("ends_on")),
                name="planning_term_planned_before_end",
            ),
            models.CheckConstraint(
                condition=Q(level__in=Level.values), name="planning_term_level_known"
            ),
            models.CheckConstraint(
                condition=Q(rule_version__in=[c for c, _ in RULE_VERSION_CHOICES]),
                name="planning_term_rule_version_known",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_level_display().lower()})"


class PlannedPost(models.Model):
    """Chức danh quy hoạch: a post of a unit planned in a term, its rank (to check
    "higher than the current post") and the standards its holder must meet."""

    term = models.ForeignKey(
        Term, on_delete=models.PROTECT, related_name="posts", verbose_name="Nhiệm kỳ"
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name="Đơn vị"
    )
    position = models.ForeignKey(
        Position, on_delete=models.PROTECT, related_name="+", verbose_name="Chức danh"
    )
    title = models.CharField("Tên chức danh (nếu khác)", max_length=255, blank=True)
    rank = models.SmallIntegerField(
        "Thứ bậc", help_text="Lấy theo danh mục chức vụ khi lập; số lớn là cao hơn"
    )
    sort_order = models.IntegerField("Thứ tự", default=0)
    required_degree = models.ForeignKey(
        Degree,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Chuẩn trình độ chuyên môn",
    )
    required_political_theory = models.ForeignKey(
        PoliticalTheoryLevel,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Chuẩn lý luận chính trị",
    )
    required_state_management = models.ForeignKey(
        StateManagementLevel,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Chuẩn quản lý nhà nước",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "Chức danh quy hoạch"
        verbose_name_plural = "Chức danh quy hoạch"
        ordering = ["term", "unit__path", "-rank", "sort_order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "unit", "position"], name="planning_post_unique"
            ),
            models.CheckConstraint(
                condition=Q(rank__gt=0), name="planning_post_rank_positive"
            ),
        ]
        indexes = [models.Index(fields=["unit", "term"], name="planning_post_unit")]

    def __str__(self):
        return f"{self.title or self.position.name} – {self.unit}"

    @property
    def name(self) -> str:
        return self.title or self.position.name


class Source(models.TextChoices):
    LOCAL = "tai_cho", "Nguồn tại chỗ"
    ELSEWHERE = "noi_khac", "Nguồn nơi khác"


class EntryStatus(models.TextChoices):
    PROPOSED = "proposed", "Đề xuất"
    APPROVED = "approved", "Đã phê duyệt"
    REMOVED = "removed", "Đã đưa ra khỏi quy hoạch"


class RemovalReason(models.TextChoices):
    OVER_AGE = "over_age", "Quá tuổi quy hoạch"
    DISCIPLINE = "discipline", "Bị kỷ luật"
    STANDARDS = "standards", "Không còn đủ tiêu chuẩn, điều kiện"
    MOVED = "moved", "Chuyển công tác"
    DIED = "died", "Từ trần"
    OTHER = "other", "Lý do khác"


ACTIVE_STATUSES = (EntryStatus.PROPOSED, EntryStatus.APPROVED)


class ReviewRound(Decision):
    """Rà soát, bổ sung quy hoạch hằng năm ("động và mở", QĐ 377): a round proposes
    additions and removals for a unit's planning in a term and is approved as a whole."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Đang đề xuất"
        APPROVED = "approved", "Đã phê duyệt"

    term = models.ForeignKey(
        Term, on_delete=models.PROTECT, related_name="rounds", verbose_name="Nhiệm kỳ"
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name="Đơn vị"
    )
    year = models.PositiveSmallIntegerField("Năm rà soát")
    status = models.CharField(
        "Trạng thái", max_length=16, choices=Status, default=Status.DRAFT
    )
    proposed_on = models.DateField("Ngày đề xuất")
    approved_on = models.DateField("Ngày phê duyệt", null=True, blank=True)
    note = models.TextField("Ghi chú", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "Đợt rà soát quy hoạch"
        verbose_name_plural = "Đợt rà soát quy hoạch"
        ordering = ["-year", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "unit", "year"], name="planning_reviewround_unique"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "approved"]),
                name="planning_reviewround_status_known",
            ),
            models.CheckConstraint(
                condition=Q(status="draft", approved_on__isnull=True)
                | Q(
                    status="approved",
                    approved_on__isnull=False,
                    approved_on__gte=F("proposed_on"),
                ),
                name="planning_reviewround_approved_has_date",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100),
                name="planning_reviewround_year_range",
            ),
        ]

    def __str__(self):
        return f"Rà soát năm {self.year} – {self.unit}"


class Entry(Decision):
    """Quy hoạch: a person proposed for a planned post in a term; one "lượt" in the
    statistics. The decision fields are those of the approval."""

    post = models.ForeignKey(
        PlannedPost,
        on_delete=models.PROTECT,
        related_name="entries",
        verbose_name="Chức danh quy hoạch",
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="planning_entries",
        verbose_name="Cán bộ",
    )
    source = models.CharField("Nguồn", max_length=16, choices=Source)
    status = models.CharField(
        "Trạng thái",
        max_length=16,
        choices=EntryStatus,
        default=EntryStatus.PROPOSED,
    )
    proposed_on = models.DateField("Ngày đề xuất")
    approved_on = models.DateField("Ngày phê duyệt", null=True, blank=True)
    removed_on = models.DateField("Ngày đưa ra", null=True, blank=True)
    removal_reason = models.CharField(
        "Lý do đưa ra", max_length=16, choices=RemovalReason, blank=True
    )
    removal_note = models.CharField("Ghi chú lý do", max_length=500, blank=True)
    removal_decision_number = models.CharField(
        "Số quyết định đưa ra", max_length=64, blank=True
    )
    removal_decision_date = models.DateField(
        "Ngày quyết định đưa ra", null=True, blank=True
    )
    removal_decision_authority = models.CharField(
        "Cơ quan quyết định đưa ra", max_length=255, blank=True
    )
    added_in = models.ForeignKey(
        ReviewRound,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Bổ sung trong đợt rà soát",
    )
    rule_version = models.CharField(
        "Quy định áp dụng", max_length=32, choices=RULE_VERSION_CHOICES
    )
    warnings = models.JSONField("Cảnh báo khi lập", default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "Cán bộ trong quy hoạch"
        verbose_name_plural = "Cán bộ trong quy hoạch"
        ordering = ["post", "person__name_sort", "id"]
        constraints = [
            # One live entry per person and post; a removed one may be followed by
            # a new proposal ("động và mở").
            models.UniqueConstraint(
                fields=["post", "person"],
                condition=~Q(status="removed"),
                name="planning_entry_once_per_post",
            ),
            models.CheckConstraint(
                condition=Q(status__in=EntryStatus.values),
                name="planning_entry_status_known",
            ),
            models.CheckConstraint(
                condition=Q(source__in=Source.values),
                name="planning_entry_source_known",
            ),
            models.CheckConstraint(
                condition=Q(removal_reason="")
                | Q(removal_reason__in=RemovalReason.values),
                name="planning_entry_removal_reason_known",
            ),
            models.CheckConstraint(
                condition=Q(status="approved", approved_on__isnull=False)
                | ~Q(status="approved"),
                name="planning_entry_approved_has_date",
            ),
            # Removed ⇔ a removal date and reason; live entries carry neither.
            models.CheckConstraint(
                condition=Q(
                    status="removed", removed_on__isnull=False, removal_reason__gt=""
                )
                | Q(
                    ~Q(status="removed"),
                    removed_on__isnull=True,
                    removal_reason="",
                    removal_decision_number="",
                    removal_decision_date__isnull=True,
                ),
                name="planning_entry_removal_fields_iff_removed",
            ),
            models.CheckConstraint(
                condition=Q(approved_on__isnull=True)
                | Q(approved_on__gte=F("proposed_on")),
                name="planning_entry_approved_after_proposed",
            ),
            models.CheckConstraint(
                condition=Q(removed_on__isnull=True)
                | Q(removed_on__gte=F("proposed_on")),
                name="planning_entry_removed_after_proposed",
            ),
        ]
        indexes = [
            models.Index(fields=["person", "status"], name="planning_entry_person"),
            models.Index(fields=["post", "status"], name="planning_entry_post"),
        ]

    def __str__(self):
        return f"{self.person} – {self.post}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES


class ReviewItem(models.Model):
    """One change a review round proposes: an addition (a proposed entry) or the
    removal of an entry with its reason. Kept after approval: the round's diff."""

    class Kind(models.TextChoices):
        ADD = "add", "Bổ sung"
        REMOVE = "remove", "Đưa ra"

    round = models.ForeignKey(
        ReviewRound, on_delete=models.CASCADE, related_name="items"
    )
    kind = models.CharField("Loại", max_length=8, choices=Kind)
    entry = models.ForeignKey(
        Entry, on_delete=models.PROTECT, related_name="review_items"
    )
    removal_reason = models.CharField(
        "Lý do đưa ra", max_length=16, choices=RemovalReason, blank=True
    )
    note = models.CharField("Ghi chú", max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "Nội dung rà soát"
        verbose_name_plural = "Nội dung rà soát"
        ordering = ["round", "kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "entry"], name="planning_reviewitem_once_per_round"
            ),
            models.CheckConstraint(
                condition=Q(kind="add", removal_reason="")
                | Q(kind="remove", removal_reason__in=RemovalReason.values),
                name="planning_reviewitem_reason_iff_removal",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.entry}"


class Direction(models.TextChoices):
    """Hướng luân chuyển, the rows of Biểu 11-BTCTW (DOMAIN.md §9)."""

    CENTRAL_TO_PROVINCE = "tw_ve_tinh", "Từ Trung ương về tỉnh"
    PROVINCE_TO_DISTRICT = "tinh_ve_huyen", "Từ tỉnh về huyện"
    DISTRICT_TO_PROVINCE = "huyen_ve_tinh", "Từ huyện về tỉnh"
    DISTRICT_TO_DISTRICT = "huyen_sang_huyen", "Từ huyện này sang huyện khác"
    SECTOR_TO_SECTOR = "nganh_sang_nganh", "Từ ngành này sang ngành khác"
    PROVINCE_TO_COMMUNE = "tinh_ve_xa", "Từ tỉnh về xã"
    DISTRICT_TO_COMMUNE = "huyen_ve_xa", "Từ huyện về xã"
    COMMUNE_TO_DISTRICT = "xa_ve_huyen", "Từ xã về huyện"
    COMMUNE_TO_COMMUNE = "xa_sang_xa", "Từ xã này sang xã khác"
    OFFICE_TO_OFFICE = "phong_sang_phong", "Từ phòng, ban này sang phòng, ban khác"


class Rotation(Decision):
    """Luân chuyển cán bộ (QĐ 65-QĐ/TW): from a unit and post to another for a period."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="rotations"
    )
    from_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name="Từ đơn vị"
    )
    from_position = models.ForeignKey(
        Position,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Từ chức vụ",
    )
    to_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name="Đến đơn vị"
    )
    to_position = models.ForeignKey(
        Position,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Đến chức vụ",
    )
    to_title = models.CharField("Chức danh mới", max_length=255, blank=True)
    direction = models.CharField("Hướng luân chuyển", max_length=24, choices=Direction)
    start = models.DateField("Ngày bắt đầu")
    planned_end = models.DateField("Dự kiến kết thúc")
    actual_end = models.DateField("Ngày kết thúc", null=True, blank=True)
    rule_version = models.CharField("Quy định áp dụng", max_length=32)
    warnings = models.JSONField("Cảnh báo khi ghi", default=list, blank=True)
    assignment = models.OneToOneField(
        Assignment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rotation",
        verbose_name="Quá trình công tác ghi theo luân chuyển",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "Luân chuyển cán bộ"
        verbose_name_plural = "Luân chuyển cán bộ"
        ordering = ["-start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(direction__in=Direction.values),
                name="planning_rotation_direction_known",
            ),
            models.CheckConstraint(
                condition=Q(planned_end__gt=F("start")),
                name="planning_rotation_planned_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(actual_end__isnull=True) | Q(actual_end__gte=F("start")),
                name="planning_rotation_actual_end_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(from_unit=F("to_unit")),
                name="planning_rotation_to_another_unit",
            ),
        ]
        indexes = [models.Index(fields=["person", "start"], name="planning_rot_person")]

    def __str__(self):
        return f"{self.person}: {self.from_unit} → {self.to_unit}"


class AppointmentKind(models.TextChoices):
    APPOINT = "bo_nhiem", "Bổ nhiệm"
    REAPPOINT = "bo_nhiem_lai", "Bổ nhiệm lại"
    EXTEND = "keo_dai", "Kéo dài thời gian giữ chức vụ đến tuổi nghỉ hưu"
    DISMISS = "mien_nhiem", "Miễn nhiệm"
    NOMINATE = rules.NOMINATE, "Giới thiệu ứng cử"


class ManagingLevel(models.TextChoices):
    """Diện quản lý cán bộ, the rows of Biểu 13-BTCTW (DOMAIN.md §11.2)."""

    CENTRAL = rules.MANAGED_CENTRAL, "Diện Trung ương quản lý"
    PROVINCE = rules.MANAGED_PROVINCE, "Diện Ban Thường vụ Tỉnh ủy quản lý"
    DISTRICT = rules.MANAGED_DISTRICT, "Diện Ban Thường vụ Huyện ủy quản lý"


class Appointment(Decision):
    """Bổ nhiệm, bổ nhiệm lại, kéo dài đến tuổi nghỉ hưu, miễn nhiệm: a decision on a
    person's post in a unit, with its 5-year term; it writes the dated assignment."""

    kind = models.CharField("Hình thức", max_length=16, choices=AppointmentKind)
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="appointments"
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name="Đơn vị"
    )
    position = models.ForeignKey(
        Position, on_delete=models.PROTECT, related_name="+", verbose_name="Chức vụ"
    )
    is_main = models.BooleanField("Công tác chính", default=True)
    managing_level = models.CharField(
        "Diện quản lý",
        max_length=16,
        choices=ManagingLevel,
        default=ManagingLevel.PROVINCE,
    )
    effective_on = models.DateField("Ngày hiệu lực")
    term_end = models.DateField("Hết thời hạn giữ chức vụ", null=True, blank=True)
    rule_version = models.CharField("Quy định áp dụng", max_length=32, blank=True)
    warnings = models.JSONField("Cảnh báo khi ghi", default=list, blank=True)
    assignment = models.OneToOneField(
        Assignment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="appointment",
        verbose_name="Quá trình công tác ghi theo quyết định",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "Bổ nhiệm, miễn nhiệm"
        verbose_name_plural = "Bổ nhiệm, miễn nhiệm"
        ordering = ["-effective_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=AppointmentKind.values),
                name="planning_appointment_kind_known",
            ),
            models.CheckConstraint(
                condition=Q(decision_date__isnull=False)
                & Q(effective_on__gte=F("decision_date")),
                name="planning_appointment_effective_after_decision",
            ),
            # A dismissal ends a post and a nomination holds none yet; every
            # other kind runs to a term end.
            models.CheckConstraint(
                condition=Q(kind__in=rules.NO_TERM_KINDS, term_end__isnull=True)
                | Q(
                    ~Q(kind__in=rules.NO_TERM_KINDS),
                    term_end__isnull=False,
                    term_end__gt=F("effective_on"),
                ),
                name="planning_appointment_term_end_iff_holding",
            ),
            models.CheckConstraint(
                condition=Q(managing_level__in=ManagingLevel.values),
                name="planning_appointment_managing_level_known",
            ),
        ]
        indexes = [
            models.Index(
                fields=["person", "effective_on"], name="planning_appt_person"
            ),
            models.Index(fields=["term_end"], name="planning_appt_term_end"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.position} – {self.person}"


class ReminderKind(models.TextChoices):
    """What a reminder (nhắc việc) asks the unit's organizers to prepare."""

    RETIREMENT = "nghi_huu", "Đến tuổi nghỉ hưu"
    TERM_END = "het_thoi_han", "Hết thời hạn giữ chức vụ"
    REAPPOINTMENT = "bo_nhiem_lai", "Bắt đầu quy trình bổ nhiệm lại"
    EXTENSION = "keo_dai", "Xem xét kéo dài thời gian giữ chức vụ đến tuổi nghỉ hưu"
    ROTATION_END = "het_luan_chuyen", "Hết thời gian luân chuyển"
    SALARY_STEP = "nang_luong", "Đến hạn nâng bậc lương thường xuyên"


APPOINTMENT_REMINDER_KINDS = (
    ReminderKind.TERM_END,
    ReminderKind.REAPPOINTMENT,
    ReminderKind.EXTENSION,
)


class Reminder(models.Model):
    """Nhắc việc: something due for a person by a date, recomputed daily by
    planning.reminders.reminders_compute; a user may mark it done (dismiss it),
    and the recompute keeps that mark."""

    kind = models.CharField("Loại", max_length=16, choices=ReminderKind)
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="+", verbose_name="Cán bộ"
    )
    # The person's managing unit when computed: each unit's organizers see theirs.
    unit = models.ForeignKey(
        Unit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Đơn vị",
    )
    due_on = models.DateField("Hạn")
    appointment = models.ForeignKey(
        Appointment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name="Quyết định bổ nhiệm",
    )
    rotation = models.ForeignKey(
        Rotation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name="Luân chuyển",
    )
    computed_on = models.DateField("Tính cho ngày")
    # The run that last found it due; rows an older run left are no longer due.
    computed_at = models.DateTimeField("Tính lúc")
    dismissed_at = models.DateTimeField("Đánh dấu đã xử lý lúc", null=True, blank=True)
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Người đánh dấu",
    )
    dismissal_note = models.CharField("Ghi chú xử lý", max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "Nhắc việc"
        verbose_name_plural = "Nhắc việc"
        ordering = ["due_on", "id"]
        constraints = [
            # Recomputing is idempotent: one row per kind, person, source and date.
            # A missing source is one value, not a fresh NULL each time.
            models.UniqueConstraint(
                fields=["kind", "person", "appointment", "rotation", "due_on"],
                nulls_distinct=False,
                name="planning_reminder_once",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ReminderKind.values),
                name="planning_reminder_kind_known",
            ),
            # The source matches the kind: an appointment for the term kinds, a
            # rotation for its end, none for retirement and salary steps.
            models.CheckConstraint(
                condition=Q(
                    kind__in=APPOINTMENT_REMINDER_KINDS,
                    appointment__isnull=False,
                    rotation__isnull=True,
                )
                | Q(
                    kind=ReminderKind.ROTATION_END,
                    appointment__isnull=True,
                    rotation__isnull=False,
                )
                | Q(
                    kind__in=[ReminderKind.RETIREMENT, ReminderKind.SALARY_STEP],
                    appointment__isnull=True,
                    rotation__isnull=True,
                ),
                name="planning_reminder_source_matches_kind",
            ),
            models.CheckConstraint(
                condition=Q(dismissed_at__isnull=True, dismissed_by__isnull=True)
                | Q(dismissed_at__isnull=False, dismissed_by__isnull=False),
                name="planning_reminder_dismissed_by_someone",
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "due_on"], name="planning_reminder_unit"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.person} ({self.due_on:%d/%m/%Y})"

    @property
    def is_dismissed(self) -> bool:
        return self.dismissed_at is not None
