"""Đào tạo, bồi dưỡng: course types, yearly plans with quotas, classes and enrolments."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from cadre_registry.models import (
    Degree,
    Person,
    PoliticalTheoryLevel,
    StateManagementLevel,
    TrainingRecord,
    Unit,
)
from training import reference_data


class CourseGroup(models.TextChoices):
    """The groups of Biểu 10-BTCTW (DOMAIN.md §8), in report order."""

    CHUYEN_MON = "chuyen_mon", "I.1. Đào tạo chuyên môn"
    CHINH_TRI = "chinh_tri", "I.2. Đào tạo lý luận chính trị"
    XAY_DUNG_DANG = "xay_dung_dang", "II.1. Nghiệp vụ công tác xây dựng Đảng"
    DOAN_THE = "doan_the", "II.2. Nghiệp vụ công tác đoàn thể chính trị"
    QLNN = "qlnn", "II.3. Quản lý nhà nước"
    QLKT = "qlkt", "II.4. Quản lý kinh tế"
    NGOAI_NGU = "ngoai_ngu", "II.5. Ngoại ngữ"
    TIN_HOC = "tin_hoc", "II.6. Tin học"
    CAP_NHAT = "cap_nhat", "II.7. Cập nhật kiến thức mới"
    QPAN = "qpan", "II.8. Quốc phòng - an ninh"


assert [g.value for g in CourseGroup] == [g[0] for g in reference_data.GROUPS]


class Place(models.TextChoices):
    NONE = "", "—"
    HOME = "trong_nuoc", "Trong nước"
    ABROAD = "ngoai_nuoc", "Ngoài nước"
    JOINT = "lien_ket", "Liên kết"


class Mode(models.TextChoices):
    """Hệ đào tạo: Biểu 10 splits political theory by mode (DOMAIN.md §8)."""

    FULL_TIME = "tap_trung", "Tập trung"
    PART_TIME = "khong_tap_trung", "Không tập trung"


class CourseType(models.Model):
    """Loại khóa đào tạo, bồi dưỡng (reference data from training/reference_data.py)
    and the qualification it grants on completion."""

    code = models.CharField("Mã", max_length=48, unique=True)
    name = models.CharField("Tên loại khóa", max_length=255)
    group = models.CharField("Nhóm (Biểu 10)", max_length=16, choices=CourseGroup)
    rank = models.SmallIntegerField("Thứ tự", default=0)
    is_long = models.BooleanField(
        "Đào tạo dài hạn (cấp bằng)",
        default=False,
        help_text="Bỏ chọn nếu là bồi dưỡng ngắn hạn (cấp chứng chỉ)",
    )
    place = models.CharField(
        "Nơi đào tạo", max_length=16, choices=Place, blank=True, default=""
    )
    by_mode = models.BooleanField(
        "Thống kê theo hệ tập trung/không tập trung", default=False
    )
    grants_political_theory = models.ForeignKey(
        PoliticalTheoryLevel,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Cấp trình độ lý luận chính trị",
    )
    grants_state_management = models.ForeignKey(
        StateManagementLevel,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Cấp trình độ quản lý nhà nước",
    )
    grants_degree = models.ForeignKey(
        Degree,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Cấp trình độ chuyên môn",
    )
    target = models.CharField("Mã đối tượng", max_length=32, blank=True)
    target_group = models.TextField("Đối tượng", blank=True)
    in_report = models.BooleanField("Tính vào Biểu 10", default=True)
    status = models.CharField("Mức xác nhận", max_length=16, blank=True)
    is_active = models.BooleanField("Đang dùng", default=True)

    class Meta:
        verbose_name = "Loại khóa đào tạo, bồi dưỡng"
        verbose_name_plural = "Loại khóa đào tạo, bồi dưỡng"
        ordering = ["rank", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(group__in=CourseGroup.values),
                name="training_coursetype_group_known",
            ),
            models.CheckConstraint(
                condition=Q(place__in=Place.values),
                name="training_coursetype_place_known",
            ),
            # A course grants one kind of qualification at most.
            models.CheckConstraint(
                condition=Q(
                    grants_state_management__isnull=True, grants_degree__isnull=True
                )
                | Q(grants_political_theory__isnull=True, grants_degree__isnull=True)
                | Q(
                    grants_political_theory__isnull=True,
                    grants_state_management__isnull=True,
                ),
                name="training_coursetype_one_grant",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def grant(self):
        """The level granted on completion, whichever list it belongs to."""
        return (
            self.grants_political_theory
            or self.grants_state_management
            or self.grants_degree
        )


class TrainingPlan(models.Model):
    """Kế hoạch đào tạo, bồi dưỡng of a unit for a year (or a period of years)."""

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name="Đơn vị"
    )
    title = models.CharField("Tên kế hoạch", max_length=255)
    year_from = models.PositiveSmallIntegerField("Từ năm")
    year_to = models.PositiveSmallIntegerField("Đến năm")
    targets = models.TextField("Mục tiêu, đối tượng", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="Người lập",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "Kế hoạch đào tạo, bồi dưỡng"
        verbose_name_plural = "Kế hoạch đào tạo, bồi dưỡng"
        ordering = ["-year_from", "unit__path", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year_to__gte=F("year_from")),
                name="training_trainingplan_years_in_order",
            ),
            models.CheckConstraint(
                condition=Q(year_from__gte=2000, year_to__lte=2100),
                name="training_trainingplan_year_range",
            ),
            models.CheckConstraint(
                condition=~Q(title__regex=r"^\s*$"),
                name="training_trainingplan_title_not_blank",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("training:plan_detail", args=[self.pk])

    @property
    def period(self) -> str:
        if self.year_from == self.year_to:
            return str(self.year_from)
        return f"{self.year_from}–{self.year_to}"


class PlanQuota(models.Model):
    """Chỉ tiêu: how many people a plan sends to a course type in a mode."""

    plan = models.ForeignKey(
        TrainingPlan, on_delete=models.CASCADE, related_name="quotas"
    )
    course_type = models.ForeignKey(
        CourseType, on_delete=models.PROTECT, verbose_name="Loại khóa"
    )
    mode = models.CharField("Hệ", max_length=16, choices=Mode)
    quota = models.PositiveIntegerField("Chỉ tiêu (người)")
    target = models.CharField(
        "Đối tượng hướng tới",
        max_length=500,
        blank=True,
        help_text="Ví dụ: cán bộ trong quy hoạch chưa có cao cấp lý luận chính trị",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "Chỉ tiêu đào tạo"
        verbose_name_plural = "Chỉ tiêu đào tạo"
        ordering = ["course_type__rank", "mode"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "course_type", "mode"],
                name="training_planquota_one_per_course_mode",
            ),
            models.CheckConstraint(
                condition=Q(quota__gt=0), name="training_planquota_quota_positive"
            ),
            models.CheckConstraint(
                condition=Q(mode__in=Mode.values), name="training_planquota_mode_known"
            ),
        ]

    def __str__(self):
        return f"{self.course_type} ({self.get_mode_display()}): {self.quota}"


class Cohort(models.Model):
    """Lớp: one class of a course type, run by an institution for an organising unit."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Dự kiến mở"
        RUNNING = "running", "Đang học"
        FINISHED = "finished", "Đã kết thúc"
        CANCELLED = "cancelled", "Đã hủy"

    name = models.CharField("Tên lớp", max_length=255)
    course_type = models.ForeignKey(
        CourseType,
        on_delete=models.PROTECT,
        related_name="cohorts",
        verbose_name="Loại khóa",
    )
    mode = models.CharField("Hệ", max_length=16, choices=Mode)
    institution = models.CharField("Cơ sở đào tạo", max_length=255)
    organising_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="Đơn vị tổ chức (mở lớp)",
    )
    start = models.DateField("Ngày khai giảng")
    end = models.DateField("Ngày bế giảng")
    location = models.CharField("Địa điểm", max_length=255, blank=True)
    capacity = models.PositiveIntegerField("Số học viên tối đa")
    status = models.CharField(
        "Trạng thái", max_length=16, choices=Status, default=Status.PLANNED
    )
    note = models.TextField("Ghi chú", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "Lớp đào tạo, bồi dưỡng"
        verbose_name_plural = "Lớp đào tạo, bồi dưỡng"
        ordering = ["-start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=F("start")), name="training_cohort_dates_in_order"
            ),
            models.CheckConstraint(
                condition=Q(capacity__gt=0), name="training_cohort_capacity_positive"
            ),
            models.CheckConstraint(
                condition=Q(mode__in=Mode.values), name="training_cohort_mode_known"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["planned", "running", "finished", "cancelled"]),
                name="training_cohort_status_known",
            ),
            models.CheckConstraint(
                condition=~Q(name__regex=r"^\s*$"),
                name="training_cohort_name_not_blank",
            ),
        ]
        indexes = [
            models.Index(
                fields=["organising_unit", "start"], name="training_cohort_org"
            ),
            models.Index(fields=["course_type", "start"], name="training_cohort_type"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("training:cohort_detail", args=[self.pk])

    @property
    def is_full_time(self) -> bool:
        return self.mode == Mode.FULL_TIME


class EnrolmentStatus(models.TextChoices):
    NOMINATED = "nominated", "Được cử"
    ENROLLED = "enrolled", "Đang học"
    COMPLETED = "completed", "Hoàn thành"
    FAILED = "failed", "Không hoàn thành"
    WITHDRAWN = "withdrawn", "Rút, thôi học"


class Sponsorship(models.TextChoices):
    STATE = "ngan_sach", "Ngân sách nhà nước"
    AGENCY = "co_quan", "Cơ quan, đơn vị cử đi"
    SELF = "tu_tuc", "Tự túc"
    SPONSOR = "tai_tro", "Học bổng, tài trợ"


class Enrolment(models.Model):
    """Học viên: a person nominated to a class by a unit, and how it ended.

    Status runs nominated → enrolled → completed / failed / withdrawn (rules.py)."""

    cohort = models.ForeignKey(
        Cohort, on_delete=models.PROTECT, related_name="enrolments", verbose_name="Lớp"
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="enrolments",
        verbose_name="Học viên",
    )
    nominating_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name="Đơn vị cử"
    )
    status = models.CharField(
        "Trạng thái",
        max_length=16,
        choices=EnrolmentStatus,
        default=EnrolmentStatus.NOMINATED,
    )
    nominated_on = models.DateField("Ngày cử")
    enrolled_on = models.DateField("Ngày nhập học", null=True, blank=True)
    finished_on = models.DateField(
        "Ngày kết thúc học",
        null=True,
        blank=True,
        help_text="Ngày hoàn thành, không hoàn thành hoặc thôi học",
    )
    result = models.CharField("Kết quả, xếp loại", max_length=64, blank=True)
    certificate_number = models.CharField(
        "Số văn bằng, chứng chỉ", max_length=64, blank=True
    )
    certificate_date = models.DateField("Ngày cấp", null=True, blank=True)
    sponsorship = models.CharField(
        "Kinh phí", max_length=16, choices=Sponsorship, default=Sponsorship.STATE
    )
    note = models.CharField("Ghi chú", max_length=255, blank=True)
    # The 2C training row written on completion: the enrolment is its source.
    training_record = models.OneToOneField(
        TrainingRecord,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="enrolment",
        verbose_name="Dòng đào tạo trong hồ sơ",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "Học viên"
        verbose_name_plural = "Học viên"
        ordering = ["cohort", "person__name_sort", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "cohort"], name="training_enrolment_once_per_class"
            ),
            models.CheckConstraint(
                condition=Q(status__in=EnrolmentStatus.values),
                name="training_enrolment_status_known",
            ),
            models.CheckConstraint(
                condition=Q(sponsorship__in=Sponsorship.values),
                name="training_enrolment_sponsorship_known",
            ),
            # Admitted states carry the admission date, ended states the end date.
            models.CheckConstraint(
                condition=Q(status="nominated")
                | Q(status="withdrawn")
                | Q(enrolled_on__isnull=False),
                name="training_enrolment_enrolled_has_date",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["nominated", "enrolled"], finished_on=None)
                | Q(
                    status__in=["completed", "failed", "withdrawn"],
                    finished_on__isnull=False,
                ),
                name="training_enrolment_finished_date_iff_ended",
            ),
            models.CheckConstraint(
                condition=Q(enrolled_on__isnull=True)
                | Q(enrolled_on__gte=F("nominated_on")),
                name="training_enrolment_enrolled_after_nominated",
            ),
            models.CheckConstraint(
                condition=Q(finished_on__isnull=True)
                | Q(enrolled_on__isnull=True)
                | Q(finished_on__gte=F("enrolled_on")),
                name="training_enrolment_finished_after_enrolled",
            ),
            # Only a completed course has a certificate.
            models.CheckConstraint(
                condition=Q(status="completed")
                | Q(certificate_number="", certificate_date__isnull=True),
                name="training_enrolment_certificate_only_when_completed",
            ),
        ]
        indexes = [
            models.Index(fields=["cohort", "status"], name="training_enrolment_cohort"),
            models.Index(fields=["person", "status"], name="training_enrolment_person"),
            models.Index(fields=["nominating_unit"], name="training_enrolment_unit"),
        ]

    def __str__(self):
        return f"{self.person} – {self.cohort}"
