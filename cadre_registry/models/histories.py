"""Dated histories of a person: each a row with from/to dates and, where the
2C form has one, the deciding document. Current values are derived from these."""

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from .base import Dated, Decision
from .people import Person
from .reference import DisciplineForm, EvaluationLevel, Grade, Position
from .units import Unit


class Assignment(Dated, Decision):
    """Quá trình công tác trong hệ thống: unit and post, main or concurrent.
    Main assignments of one person may not overlap (trigger in migration 0002)."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="assignments"
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name="Đơn vị",
    )
    position = models.ForeignKey(
        Position,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name="Chức vụ",
    )
    title = models.CharField("Chức danh, công việc", max_length=255, blank=True)
    is_main = models.BooleanField(
        "Công tác chính", default=True, help_text="Bỏ chọn nếu là kiêm nhiệm"
    )
    history = HistoricalRecords()

    class Meta(Dated.Meta):
        verbose_name = "Quá trình công tác"
        verbose_name_plural = "Quá trình công tác"
        constraints = [
            Dated.date_order_constraint("cadre_registry_assignment_dates_in_order")
        ]
        indexes = [
            models.Index(fields=["person", "start"], name="cadre_assignment_person")
        ]

    def __str__(self):
        return f"{self.position or self.title} – {self.unit}"


class PartyPost(Dated, Decision):
    """Chức vụ Đảng, cấp ủy (bí thư, phó bí thư, cấp ủy viên...)."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="party_posts"
    )
    organisation = models.CharField("Tổ chức Đảng", max_length=255)
    title = models.CharField("Chức vụ Đảng", max_length=128)
    history = HistoricalRecords()

    class Meta(Dated.Meta):
        verbose_name = "Chức vụ Đảng"
        verbose_name_plural = "Chức vụ Đảng"
        constraints = [
            Dated.date_order_constraint("cadre_registry_partypost_dates_in_order")
        ]

    def __str__(self):
        return f"{self.title}, {self.organisation}"


class SalaryRecord(Dated, Decision):
    """Diễn biến quá trình lương: grade, step, coefficient from a date (ngày hưởng)."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="salary_records"
    )
    grade = models.ForeignKey(Grade, on_delete=models.PROTECT, verbose_name="Ngạch")
    step = models.PositiveSmallIntegerField("Bậc")
    coefficient = models.DecimalField("Hệ số", max_digits=5, decimal_places=2)
    percent = models.PositiveSmallIntegerField("Phần trăm hưởng", default=100)
    seniority_percent = models.PositiveSmallIntegerField(
        "Phụ cấp thâm niên vượt khung (%)", default=0
    )
    history = HistoricalRecords()

    class Meta(Dated.Meta):
        verbose_name = "Quá trình lương"
        verbose_name_plural = "Quá trình lương"
        constraints = [
            Dated.date_order_constraint("cadre_registry_salaryrecord_dates_in_order"),
            models.CheckConstraint(
                condition=Q(step__gte=1),
                name="cadre_registry_salaryrecord_step_positive",
            ),
            models.CheckConstraint(
                condition=Q(coefficient__gt=0, coefficient__lt=20),
                name="cadre_registry_salaryrecord_coefficient_range",
            ),
            models.CheckConstraint(
                condition=Q(percent__gte=1, percent__lte=100),
                name="cadre_registry_salaryrecord_percent_range",
            ),
            models.CheckConstraint(
                condition=Q(seniority_percent__lte=100),
                name="cadre_registry_salaryrecord_seniority_range",
            ),
            models.UniqueConstraint(
                fields=["person", "start"],
                name="cadre_registry_salaryrecord_one_per_date",
            ),
        ]
        indexes = [models.Index(fields=["person", "start"], name="cadre_salary_person")]

    def __str__(self):
        return f"{self.grade.code} bậc {self.step} ({self.coefficient})"


class Allowance(Dated, Decision):
    """Phụ cấp: chức vụ, kiêm nhiệm, khác."""

    class Kind(models.TextChoices):
        POSITION = "chuc_vu", "Phụ cấp chức vụ"
        CONCURRENT = "kiem_nhiem", "Phụ cấp kiêm nhiệm"
        OTHER = "khac", "Phụ cấp khác"

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="allowances"
    )
    kind = models.CharField("Loại phụ cấp", max_length=16, choices=Kind.choices)
    coefficient = models.DecimalField(
        "Hệ số", max_digits=5, decimal_places=2, null=True, blank=True
    )
    percent = models.PositiveSmallIntegerField("Phần trăm", null=True, blank=True)
    note = models.CharField("Ghi chú", max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta(Dated.Meta):
        verbose_name = "Phụ cấp"
        verbose_name_plural = "Phụ cấp"
        constraints = [
            Dated.date_order_constraint("cadre_registry_allowance_dates_in_order"),
            models.CheckConstraint(
                condition=Q(coefficient__isnull=False) | Q(percent__isnull=False),
                name="cadre_registry_allowance_has_amount",
            ),
        ]

    def __str__(self):
        return self.get_kind_display()


class TrainingRecord(Dated):
    """Đào tạo, bồi dưỡng: schools, degrees and certificates (filled by training later)."""

    class Category(models.TextChoices):
        PROFESSIONAL = "chuyen_mon", "Chuyên môn"
        POLITICAL = "llct", "Lý luận chính trị"
        STATE_MANAGEMENT = "qlnn", "Quản lý nhà nước, nghiệp vụ"
        DEFENCE = "qpan", "Quốc phòng - an ninh"
        IT = "tin_hoc", "Tin học"
        LANGUAGE = "ngoai_ngu", "Ngoại ngữ"
        OTHER = "khac", "Khác"

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="training_records"
    )
    category = models.CharField("Loại", max_length=16, choices=Category.choices)
    institution = models.CharField("Tên trường, cơ sở đào tạo", max_length=255)
    field = models.CharField("Chuyên ngành", max_length=255, blank=True)
    mode = models.CharField(
        "Hình thức",
        max_length=64,
        blank=True,
        help_text="Chính quy, tại chức, chuyên tu, bồi dưỡng...",
    )
    qualification = models.CharField(
        "Văn bằng, chứng chỉ, trình độ", max_length=255, blank=True
    )
    abroad = models.BooleanField("Ở nước ngoài", default=False)
    history = HistoricalRecords()

    class Meta(Dated.Meta):
        verbose_name = "Đào tạo, bồi dưỡng"
        verbose_name_plural = "Đào tạo, bồi dưỡng"
        constraints = [
            Dated.date_order_constraint("cadre_registry_trainingrecord_dates_in_order")
        ]

    def __str__(self):
        return f"{self.qualification or self.field} – {self.institution}"


class WorkHistory(Dated):
    """Tóm tắt quá trình công tác before the person entered this registry's units."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="work_history"
    )
    description = models.CharField(
        "Chức danh, chức vụ, đơn vị công tác", max_length=500
    )
    history = HistoricalRecords()

    class Meta(Dated.Meta):
        verbose_name = "Quá trình công tác trước đây"
        verbose_name_plural = "Quá trình công tác trước đây"
        constraints = [
            Dated.date_order_constraint("cadre_registry_workhistory_dates_in_order")
        ]

    def __str__(self):
        return self.description


class AbroadStay(Dated):
    """Đi nước ngoài: country and purpose."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="abroad_stays"
    )
    country = models.CharField("Nước", max_length=128)
    purpose = models.CharField("Mục đích", max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta(Dated.Meta):
        verbose_name = "Đi nước ngoài"
        verbose_name_plural = "Đi nước ngoài"
        constraints = [
            Dated.date_order_constraint("cadre_registry_abroadstay_dates_in_order")
        ]

    def __str__(self):
        return self.country


class Reward(Decision):
    """Khen thưởng: form and year."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="rewards")
    year = models.PositiveSmallIntegerField("Năm")
    form = models.CharField("Hình thức khen thưởng", max_length=255)
    reason = models.CharField("Lý do", max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "Khen thưởng"
        verbose_name_plural = "Khen thưởng"
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=1945, year__lte=2100),
                name="cadre_registry_reward_year_range",
            )
        ]

    def __str__(self):
        return f"{self.form} ({self.year})"


class Discipline(Dated, Decision):
    """Kỷ luật: form, effective date, expiry, the violation and the authority.
    `start` is the decision's effective date; `end` when it expires."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="disciplines"
    )
    form = models.ForeignKey(
        DisciplineForm, on_delete=models.PROTECT, verbose_name="Hình thức kỷ luật"
    )
    violation = models.CharField("Hành vi vi phạm chính", max_length=500)
    history = HistoricalRecords()

    class Meta(Dated.Meta):
        verbose_name = "Kỷ luật"
        verbose_name_plural = "Kỷ luật"
        constraints = [
            Dated.date_order_constraint("cadre_registry_discipline_dates_in_order")
        ]

    def __str__(self):
        return f"{self.form} ({self.start:%d/%m/%Y})"


class Evaluation(models.Model):
    """Đánh giá, xếp loại chất lượng hằng năm: one of four levels, and a score
    where the scheme has one (NĐ 335/2025 for công chức from 2026)."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="evaluations"
    )
    year = models.PositiveSmallIntegerField("Năm")
    level = models.ForeignKey(
        EvaluationLevel, on_delete=models.PROTECT, verbose_name="Xếp loại"
    )
    score = models.DecimalField(
        "Điểm", max_digits=5, decimal_places=2, null=True, blank=True
    )
    emulation = models.CharField("Xếp loại thi đua", max_length=128, blank=True)
    note = models.CharField("Ghi chú", max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "Đánh giá, xếp loại"
        verbose_name_plural = "Đánh giá, xếp loại"
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "year"], name="cadre_registry_evaluation_one_per_year"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1980, year__lte=2100),
                name="cadre_registry_evaluation_year_range",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=100),
                name="cadre_registry_evaluation_score_range",
            ),
        ]

    def __str__(self):
        return f"{self.year}: {self.level}"


class FamilyMember(models.Model):
    """Quan hệ gia đình, own side and spouse's side (Mẫu 2C item 30)."""

    class Side(models.TextChoices):
        OWN = "own", "Về bản thân"
        SPOUSE = "spouse", "Về bên vợ/chồng"

    class Relation(models.TextChoices):
        FATHER = "cha", "Cha"
        MOTHER = "me", "Mẹ"
        WIFE = "vo", "Vợ"
        HUSBAND = "chong", "Chồng"
        CHILD = "con", "Con"
        SIBLING = "anh_chi_em", "Anh, chị, em ruột"

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="family_members"
    )
    side = models.CharField("Bên", max_length=8, choices=Side.choices, default=Side.OWN)
    relation = models.CharField("Quan hệ", max_length=16, choices=Relation.choices)
    full_name = models.CharField("Họ và tên", max_length=128)
    birth_year = models.PositiveSmallIntegerField("Năm sinh", null=True, blank=True)
    details = models.TextField(
        "Quê quán, nghề nghiệp, chức vụ, đơn vị công tác, nơi ở", blank=True
    )
    political_history = models.TextField(
        "Lịch sử chính trị, tổ chức tham gia", blank=True
    )
    lives_abroad = models.BooleanField("Ở nước ngoài", default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "Quan hệ gia đình"
        verbose_name_plural = "Quan hệ gia đình"
        ordering = ["side", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(side__in=["own", "spouse"]),
                name="cadre_registry_familymember_side_known",
            ),
            models.CheckConstraint(
                condition=Q(birth_year__isnull=True)
                | Q(birth_year__gte=1880, birth_year__lte=2100),
                name="cadre_registry_familymember_birth_year_range",
            ),
        ]

    def __str__(self):
        return f"{self.get_relation_display()}: {self.full_name}"
