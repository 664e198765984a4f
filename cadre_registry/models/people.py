"""Người: the fixed facts of the résumé (Mẫu 2C-BNV/2008, 2C/TCTW-98)."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import Q
from django.db.models.functions import Concat
from django.urls import reverse
from simple_history.models import HistoricalRecords

from .folding import fold_expression, sort_key_expression
from .reference import (
    Degree,
    EthnicGroup,
    Grade,
    PoliticalTheoryLevel,
    Position,
    Religion,
    StateManagementLevel,
)
from .units import Unit

# Fields that the personal-data law treats as sensitive (DOMAIN.md §10: Luật
# 91/2025/QH15, NĐ 356/2025): shown and exported only with the
# cadre_registry.view_sensitive permission.
SENSITIVE_FIELDS = (
    "national_id",
    "national_id_issued_on",
    "national_id_issued_by",
    "ethnic_group",
    "religion",
    "health",
    "height_cm",
    "weight_kg",
    "blood_group",
    "history_arrests",
    "history_former_regime",
    "history_foreign_ties",
    "history_relatives_abroad",
    "family_economy",
)


class Gender(models.TextChoices):
    MALE = "M", "Nam"
    FEMALE = "F", "Nữ"


class StaffKind(models.TextChoices):
    CAN_BO = "can_bo", "Cán bộ"
    CONG_CHUC = "cong_chuc", "Công chức"
    VIEN_CHUC = "vien_chuc", "Viên chức"
    HOP_DONG_68 = "hop_dong_68", "Hợp đồng 68"
    HOP_DONG_KHAC = "hop_dong_khac", "Hợp đồng khác"


class DatePrecision(models.TextChoices):
    DAY = "day", "Ngày/tháng/năm"
    MONTH = "month", "Tháng/năm"
    YEAR = "year", "Năm"


class AcademicTitle(models.TextChoices):
    NONE = "", "Không"
    PGS = "pgs", "Phó Giáo sư"
    GS = "gs", "Giáo sư"


class BloodGroup(models.TextChoices):
    NONE = "", "Chưa rõ"
    A = "A", "A"
    B = "B", "B"
    AB = "AB", "AB"
    O = "O", "O"  # noqa: E741 (blood group O)


class OriginClass(models.TextChoices):
    NONE = "", "Chưa khai"
    CONG_NHAN = "cong_nhan", "Công nhân"
    NONG_DAN = "nong_dan", "Nông dân"
    CAN_BO = "can_bo", "Cán bộ, công chức"
    TRI_THUC = "tri_thuc", "Trí thức"
    QUAN_NHAN = "quan_nhan", "Quân nhân"
    DAN_NGHEO = "dan_ngheo", "Dân nghèo thành thị"
    TIEU_THUONG = "tieu_thuong", "Tiểu thương"
    TIEU_CHU = "tieu_chu", "Tiểu chủ"
    TU_SAN = "tu_san", "Tư sản"


class Person(models.Model):
    """A cadre, civil servant or public employee (cán bộ, công chức, viên chức)."""

    # 1-2. Names
    full_name = models.CharField("Họ và tên khai sinh", max_length=128)
    other_names = models.CharField("Tên gọi khác", max_length=128, blank=True)
    name_folded = models.GeneratedField(
        expression=fold_expression("full_name"),
        # Byte order ("C"): "an ..." sorts before "anh ...", as in a Vietnamese list,
        # and LIKE 'prefix%' can use the plain btree index.
        output_field=models.CharField(max_length=128, db_collation="C"),
        db_persist=True,
    )
    name_sort = models.GeneratedField(
        expression=sort_key_expression("full_name"),
        output_field=models.CharField(max_length=260, db_collation="C"),
        db_persist=True,
    )
    search_vector = models.GeneratedField(
        expression=SearchVector(
            Concat(
                fold_expression("full_name"),
                models.Value(" "),
                fold_expression("other_names"),
            ),
            config="simple",
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    personnel_code = models.CharField(
        "Số hiệu cán bộ, công chức", max_length=32, null=True, blank=True, unique=True
    )
    # 3. Gender and birth date; the 2C form allows a bare year or month/year.
    gender = models.CharField("Giới tính", max_length=1, choices=Gender.choices)
    birth_date = models.DateField("Ngày sinh")
    birth_date_precision = models.CharField(
        "Ngày sinh ghi theo",
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    # 4-9. Places
    birthplace = models.CharField("Nơi sinh", max_length=255, blank=True)
    hometown = models.CharField("Quê quán", max_length=255, blank=True)
    permanent_address = models.CharField(
        "Nơi đăng ký thường trú", max_length=255, blank=True
    )
    current_address = models.CharField("Nơi ở hiện nay", max_length=255, blank=True)
    phone = models.CharField("Điện thoại", max_length=32, blank=True)
    email = models.EmailField("Thư điện tử", blank=True)
    ethnic_group = models.ForeignKey(
        EthnicGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name="Dân tộc",
    )
    religion = models.ForeignKey(
        Religion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name="Tôn giáo",
    )
    # 25-26. Identity documents
    national_id = models.CharField(
        "Số CCCD", max_length=12, null=True, blank=True, unique=True
    )
    national_id_issued_on = models.DateField("Ngày cấp CCCD", null=True, blank=True)
    national_id_issued_by = models.CharField("Nơi cấp CCCD", max_length=128, blank=True)
    social_insurance_no = models.CharField("Số sổ BHXH", max_length=10, blank=True)
    # 10-11. Origin and recruitment
    origin_class = models.CharField(
        "Thành phần xuất thân", max_length=16, choices=OriginClass.choices, blank=True
    )
    occupation_before = models.CharField(
        "Nghề nghiệp khi được tuyển dụng", max_length=255, blank=True
    )
    recruited_on = models.DateField("Ngày tuyển dụng", null=True, blank=True)
    recruiting_agency = models.CharField(
        "Cơ quan tuyển dụng", max_length=255, blank=True
    )
    joined_agency_on = models.DateField(
        "Ngày vào cơ quan hiện nay", null=True, blank=True
    )
    staff_kind = models.CharField(
        "Loại cán bộ",
        max_length=16,
        choices=StaffKind.choices,
        default=StaffKind.CONG_CHUC,
    )
    main_duties = models.CharField(
        "Công việc chính được giao", max_length=255, blank=True
    )
    # 15. Education
    general_education = models.CharField(
        "Giáo dục phổ thông", max_length=8, blank=True, help_text="Ví dụ 12/12, 10/10"
    )
    highest_degree = models.ForeignKey(
        Degree,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name="Trình độ chuyên môn cao nhất",
    )
    degree_field = models.CharField("Chuyên ngành", max_length=255, blank=True)
    academic_title = models.CharField(
        "Học hàm", max_length=3, choices=AcademicTitle.choices, blank=True
    )
    academic_title_year = models.PositiveSmallIntegerField(
        "Năm phong học hàm", null=True, blank=True
    )
    political_theory = models.ForeignKey(
        PoliticalTheoryLevel,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name="Lý luận chính trị",
    )
    state_management = models.ForeignKey(
        StateManagementLevel,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name="Quản lý nhà nước",
    )
    foreign_languages = models.CharField("Ngoại ngữ", max_length=255, blank=True)
    it_level = models.CharField("Tin học", max_length=64, blank=True)
    # 16-18. Party, organisations, military
    party_joined_on = models.DateField("Ngày vào Đảng", null=True, blank=True)
    party_official_on = models.DateField("Ngày chính thức", null=True, blank=True)
    mass_org_joined_on = models.DateField(
        "Ngày tham gia tổ chức chính trị - xã hội", null=True, blank=True
    )
    mass_org_name = models.CharField(
        "Tổ chức chính trị - xã hội", max_length=128, blank=True
    )
    military_enlisted_on = models.DateField("Ngày nhập ngũ", null=True, blank=True)
    military_discharged_on = models.DateField("Ngày xuất ngũ", null=True, blank=True)
    military_rank = models.CharField("Quân hàm cao nhất", max_length=64, blank=True)
    # 19-24. Titles, strengths, health, policy status
    honour_titles = models.CharField(
        "Danh hiệu được phong tặng", max_length=255, blank=True
    )
    strengths = models.CharField("Sở trường công tác", max_length=255, blank=True)
    health = models.CharField("Tình trạng sức khỏe", max_length=128, blank=True)
    height_cm = models.PositiveSmallIntegerField(
        "Chiều cao (cm)", null=True, blank=True
    )
    weight_kg = models.PositiveSmallIntegerField("Cân nặng (kg)", null=True, blank=True)
    blood_group = models.CharField(
        "Nhóm máu", max_length=2, choices=BloodGroup.choices, blank=True
    )
    policy_status = models.CharField(
        "Thương binh, gia đình chính sách", max_length=255, blank=True
    )
    # 29. Personal history (đặc điểm lịch sử bản thân), free text as on the form
    history_arrests = models.TextField(
        "Bị bắt, bị tù (thời gian, nơi), khai báo", blank=True
    )
    history_former_regime = models.TextField("Làm việc trong chế độ cũ", blank=True)
    history_foreign_ties = models.TextField(
        "Quan hệ với tổ chức nước ngoài", blank=True
    )
    history_relatives_abroad = models.TextField("Thân nhân ở nước ngoài", blank=True)
    family_economy = models.TextField("Hoàn cảnh kinh tế gia đình", blank=True)
    # Retirement: the person may, in certain leadership posts, retire at 60 (women).
    women_retire_at_60 = models.BooleanField(
        "Nữ được nghỉ hưu ở tuổi 60", default=False
    )
    left_on = models.DateField("Ngày thôi việc, nghỉ hưu", null=True, blank=True)

    # Derived from the dated histories by services.person_refresh_current(): a cache
    # for fast lists and filters, never edited directly. As-of-date figures read the
    # histories themselves.
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        verbose_name="Đơn vị quản lý",
        editable=False,
    )
    position = models.ForeignKey(
        Position,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Chức vụ hiện tại",
        editable=False,
    )
    position_title = models.CharField(
        "Chức danh hiện tại", max_length=255, blank=True, editable=False
    )
    grade = models.ForeignKey(
        Grade,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Ngạch hiện tại",
        editable=False,
    )
    salary_step = models.PositiveSmallIntegerField(
        "Bậc lương hiện tại", null=True, blank=True, editable=False
    )
    salary_coefficient = models.DecimalField(
        "Hệ số hiện tại",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
    )
    retirement_date = models.DateField(
        "Ngày nghỉ hưu dự kiến", null=True, blank=True, editable=False
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(
        excluded_fields=["name_folded", "name_sort", "search_vector", "updated_at"]
    )

    class Meta:
        verbose_name = "Hồ sơ cán bộ"
        verbose_name_plural = "Hồ sơ cán bộ"
        ordering = ["name_sort", "id"]
        permissions = [
            (
                "view_sensitive",
                "Xem thông tin nhạy cảm (tôn giáo, dân tộc, sức khỏe, CCCD, lịch sử bản thân, gia đình, kỷ luật)",
            ),
        ]
        # personnel_code and national_id are unique, so Django gives them
        # varchar_pattern_ops indexes already; prefix searches use those.
        indexes = [
            models.Index(
                fields=["unit", "name_sort", "id"], name="cadre_person_unit_name"
            ),
            # Covering: a page of a unit subtree is found by an index-only scan in
            # name order, the unit and "still serving" read from the index itself.
            models.Index(
                fields=["name_sort", "id"],
                include=["unit", "left_on"],
                name="cadre_person_name_sort",
            ),
            models.Index(fields=["name_folded"], name="cadre_person_name_prefix"),
            # Headcounts of a subtree: an index-only count of the people still serving.
            models.Index(
                fields=["unit"],
                condition=Q(left_on__isnull=True),
                name="cadre_person_unit_active",
            ),
            GinIndex(fields=["search_vector"], name="cadre_person_search"),
            models.Index(fields=["retirement_date"], name="cadre_person_retirement"),
            models.Index(fields=["birth_date"], name="cadre_person_birth_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(gender__in=Gender.values),
                name="cadre_registry_person_gender_known",
            ),
            models.CheckConstraint(
                condition=Q(staff_kind__in=StaffKind.values),
                name="cadre_registry_person_staff_kind_known",
            ),
            models.CheckConstraint(
                condition=Q(birth_date_precision__in=DatePrecision.values),
                name="cadre_registry_person_birth_precision_known",
            ),
            # CCCD: 12 digits (Luật Căn cước 2023).
            models.CheckConstraint(
                condition=Q(national_id__isnull=True)
                | Q(national_id__regex=r"^[0-9]{12}$"),
                name="cadre_registry_person_national_id_12_digits",
            ),
            models.CheckConstraint(
                condition=Q(social_insurance_no="")
                | Q(social_insurance_no__regex=r"^[0-9]{10}$"),
                name="cadre_registry_person_social_insurance_10_digits",
            ),
            models.CheckConstraint(
                condition=~Q(full_name__regex=r"^\s*$"),
                name="cadre_registry_person_full_name_not_blank",
            ),
            models.CheckConstraint(
                condition=Q(party_official_on__isnull=True)
                | Q(
                    party_joined_on__isnull=False,
                    party_official_on__gte=models.F("party_joined_on"),
                ),
                name="cadre_registry_person_party_dates_in_order",
            ),
            models.CheckConstraint(
                condition=Q(military_discharged_on__isnull=True)
                | Q(military_enlisted_on__isnull=True)
                | Q(military_discharged_on__gte=models.F("military_enlisted_on")),
                name="cadre_registry_person_military_dates_in_order",
            ),
            models.CheckConstraint(
                condition=Q(academic_title__in=AcademicTitle.values),
                name="cadre_registry_person_academic_title_known",
            ),
            models.CheckConstraint(
                condition=Q(birth_date__gte="1900-01-01"),
                name="cadre_registry_person_birth_date_plausible",
            ),
        ]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("person_detail", args=[self.pk])

    @property
    def is_party_member(self) -> bool:
        return self.party_joined_on is not None

    @property
    def birth_date_display(self) -> str:
        if self.birth_date_precision == DatePrecision.YEAR:
            return f"{self.birth_date.year}"
        if self.birth_date_precision == DatePrecision.MONTH:
            return f"{self.birth_date.month:02d}/{self.birth_date.year}"
        return self.birth_date.strftime("%d/%m/%Y")


class PersonWord(models.Model):
    """One folded word of a person's names, beside their sort key: "huong" finds every
    Hương in list order straight from the (word, name_sort) index, which a GIN index
    cannot do. Kept by a trigger (migrations 0008 and 0011), so every writer keeps
    it right."""

    word = models.CharField(max_length=64, db_collation="C")
    name_sort = models.CharField(max_length=260, db_collation="C")
    # All the person's words (the lexemes of search_vector), space-separated and
    # space-framed (" nguyen van thang "): the other typed words are checked with
    # LIKE '% van %' on the index entry itself, with no lookup per candidate.
    words = models.TextField(db_collation="C", default="")
    person = models.ForeignKey(
        Person, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False
    )

    class Meta:
        indexes = [
            models.Index(
                fields=["word", "name_sort", "person"],
                include=["words"],
                name="cadre_personword_lookup",
            ),
            models.Index(fields=["person", "word"], name="cadre_personword_person"),
        ]

    def __str__(self):
        return self.word
