"""Reference data (danh mục): versioned code lists loaded from reference_data.py."""

from django.db import models
from django.db.models import Q


class CodeList(models.Model):
    """A published code list and its version, e.g. QĐ 1019/QĐ-TCTK of 2008."""

    key = models.CharField("Mã danh mục", max_length=64, unique=True)
    title = models.CharField("Tên danh mục", max_length=255)
    citation = models.CharField("Căn cứ", max_length=500, blank=True)
    version = models.CharField("Phiên bản", max_length=32, blank=True)
    effective_from = models.DateField("Hiệu lực từ", null=True, blank=True)
    effective_to = models.DateField("Hiệu lực đến", null=True, blank=True)

    class Meta:
        verbose_name = "Danh mục"
        verbose_name_plural = "Danh mục"
        ordering = ["key"]

    def __str__(self):
        return f"{self.title} ({self.key})"


class CodeEntry(models.Model):
    code_list = models.ForeignKey(
        CodeList, on_delete=models.PROTECT, verbose_name="Danh mục"
    )
    code = models.CharField("Mã", max_length=32)
    name = models.CharField("Tên", max_length=255)
    rank = models.SmallIntegerField("Thứ bậc", default=0)
    aliases = models.JSONField("Cách viết khác", default=list, blank=True)
    is_active = models.BooleanField("Đang dùng", default=True)

    class Meta:
        abstract = True
        ordering = ["rank", "code"]

    def __str__(self):
        return self.name


def _unique(name):
    return [models.UniqueConstraint(fields=["code_list", "code"], name=name)]


class EthnicGroup(CodeEntry):
    """Dân tộc: QĐ 1019/QĐ-TCTK (2008) code, with the QĐ 121 (1979) code beside it."""

    code_121 = models.CharField("Mã theo QĐ 121", max_length=8, blank=True)
    is_minority = models.BooleanField("Dân tộc thiểu số", default=True)

    class Meta(CodeEntry.Meta):
        verbose_name = "Dân tộc"
        verbose_name_plural = "Dân tộc"
        constraints = _unique("cadre_registry_ethnicgroup_unique_code")


class Religion(CodeEntry):
    """Tôn giáo, as Biểu 4-BTCTW groups them; "Không" for none."""

    class Meta(CodeEntry.Meta):
        verbose_name = "Tôn giáo"
        verbose_name_plural = "Tôn giáo"
        constraints = _unique("cadre_registry_religion_unique_code")


class Grade(CodeEntry):
    """Ngạch công chức (TT 02/2021/TT-BNV; QĐ 78/2004 codes kept as an older list)."""

    pay_group = models.CharField("Nhóm lương (NĐ 204)", max_length=16, blank=True)
    report_family = models.CharField("Nhóm báo cáo", max_length=16, blank=True)
    step_period_months = models.PositiveSmallIntegerField(
        "Thời gian nâng bậc (tháng)", default=36
    )

    class Meta(CodeEntry.Meta):
        verbose_name = "Ngạch"
        verbose_name_plural = "Ngạch"
        constraints = _unique("cadre_registry_grade_unique_code")

    def __str__(self):
        return f"{self.name} ({self.code})"


class GradeStep(models.Model):
    """A salary step (bậc) of a grade and its coefficient (hệ số)."""

    grade = models.ForeignKey(Grade, on_delete=models.CASCADE, related_name="steps")
    step = models.PositiveSmallIntegerField("Bậc")
    coefficient = models.DecimalField("Hệ số", max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = "Bậc lương"
        verbose_name_plural = "Bậc lương"
        ordering = ["grade", "step"]
        constraints = [
            models.UniqueConstraint(
                fields=["grade", "step"], name="cadre_registry_gradestep_unique"
            ),
            models.CheckConstraint(
                condition=Q(step__gte=1), name="cadre_registry_gradestep_step_positive"
            ),
            models.CheckConstraint(
                condition=Q(coefficient__gt=0),
                name="cadre_registry_gradestep_coefficient_positive",
            ),
        ]

    def __str__(self):
        return f"{self.grade.code} bậc {self.step}: {self.coefficient}"


class PoliticalTheoryLevel(CodeEntry):
    """Trình độ lý luận chính trị: sơ cấp, trung cấp, cao cấp, cử nhân."""

    report_group = models.CharField("Nhóm báo cáo", max_length=64, blank=True)

    class Meta(CodeEntry.Meta):
        verbose_name = "Trình độ lý luận chính trị"
        verbose_name_plural = "Trình độ lý luận chính trị"
        constraints = _unique("cadre_registry_politicaltheorylevel_unique_code")


class StateManagementLevel(CodeEntry):
    """Trình độ quản lý nhà nước: cán sự, chuyên viên, chuyên viên chính, cao cấp."""

    class Meta(CodeEntry.Meta):
        verbose_name = "Trình độ quản lý nhà nước"
        verbose_name_plural = "Trình độ quản lý nhà nước"
        constraints = _unique("cadre_registry_statemanagementlevel_unique_code")


class Degree(CodeEntry):
    """Trình độ chuyên môn cao nhất, with its Biểu 8B report band."""

    report_band = models.CharField("Nhóm báo cáo", max_length=32, blank=True)

    class Meta(CodeEntry.Meta):
        verbose_name = "Trình độ chuyên môn"
        verbose_name_plural = "Trình độ chuyên môn"
        constraints = _unique("cadre_registry_degree_unique_code")


class EvaluationLevel(CodeEntry):
    """Mức xếp loại chất lượng (NĐ 90/2020; points bands of NĐ 335/2025)."""

    min_points = models.DecimalField(
        "Điểm tối thiểu", max_digits=5, decimal_places=2, null=True, blank=True
    )

    class Meta(CodeEntry.Meta):
        verbose_name = "Mức xếp loại"
        verbose_name_plural = "Mức xếp loại"
        constraints = _unique("cadre_registry_evaluationlevel_unique_code")


class DisciplineForm(CodeEntry):
    """Hình thức kỷ luật, with its effects on salary raises and planning."""

    salary_delay_months = models.PositiveSmallIntegerField(
        "Kéo dài nâng lương (tháng)", default=0
    )
    planning_wait_months = models.PositiveSmallIntegerField(
        "Thời gian chờ quy hoạch (tháng)", default=0
    )

    class Meta(CodeEntry.Meta):
        verbose_name = "Hình thức kỷ luật"
        verbose_name_plural = "Hình thức kỷ luật"
        constraints = _unique("cadre_registry_disciplineform_unique_code")


class Position(CodeEntry):
    """Chức vụ, chức danh; rank orders posts so 'higher than current' can be checked."""

    is_leader = models.BooleanField("Lãnh đạo, quản lý", default=False)

    class Meta(CodeEntry.Meta):
        verbose_name = "Chức vụ"
        verbose_name_plural = "Chức vụ"
        ordering = ["-rank", "name"]
        constraints = _unique("cadre_registry_position_unique_code")
