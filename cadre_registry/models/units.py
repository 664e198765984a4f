"""Đơn vị: the organisation tree, effective-dated, as a materialized path."""

from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from .base import Decision


class UnitKind(models.TextChoices):
    PROVINCE = "tinh_uy", "Tỉnh ủy, Thành ủy"
    AFFILIATED = "dang_uy_truc_thuoc", "Đảng ủy trực thuộc"
    AGENCY = "co_quan", "Cơ quan, ban, sở, ngành"
    DISTRICT = "huyen_uy", "Huyện ủy (cấp huyện cũ)"
    COMMUNE = "xa_phuong", "Xã, phường, đặc khu"
    GRASSROOTS = "co_so", "Tổ chức cơ sở, phòng"
    CELL = "chi_bo", "Chi bộ"


class Unit(models.Model):
    """A node of the unit tree; `path` lists its ancestors' ids so a subtree is one
    indexed prefix match, whatever its depth."""

    code = models.CharField("Mã đơn vị", max_length=32, unique=True)
    name = models.CharField("Tên đơn vị", max_length=255)
    short_name = models.CharField("Tên viết tắt", max_length=64, blank=True)
    kind = models.CharField("Loại đơn vị", max_length=32, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="Đơn vị cấp trên",
    )
    # "000012/000345/" : ids zero-padded to 6+ digits so that text order is tree order.
    path = models.CharField(max_length=512, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField("Cấp", editable=False)
    sort_order = models.IntegerField("Thứ tự", default=0)
    valid_from = models.DateField("Hiệu lực từ", null=True, blank=True)
    valid_to = models.DateField("Hiệu lực đến", null=True, blank=True)
    note = models.TextField("Ghi chú", blank=True)

    class Meta:
        verbose_name = "Đơn vị"
        verbose_name_plural = "Đơn vị"
        ordering = ["path"]
        # The unique constraint on `path` comes with a varchar_pattern_ops index
        # (Django adds one for unique CharFields), which serves subtree prefix matches.
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=F("valid_from")),
                name="cadre_registry_unit_valid_dates_in_order",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=UnitKind.values),
                name="cadre_registry_unit_kind_known",
            ),
            models.CheckConstraint(
                condition=Q(path__regex=r"^([0-9]{6,}/)+$"),
                name="cadre_registry_unit_path_format",
            ),
            models.CheckConstraint(
                condition=Q(depth__gte=1), name="cadre_registry_unit_depth_positive"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("unit_detail", args=[self.pk])

    def is_valid_on(self, day) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    @property
    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.strip("/").split("/")]


class UnitSuccession(Decision):
    """A merge, split or rename: the predecessor's people and history continue in
    the successor (the 2025 province mergers, the end of the district tier)."""

    class Kind(models.TextChoices):
        MERGE = "merge", "Hợp nhất, sáp nhập"
        SPLIT = "split", "Chia tách"
        RENAME = "rename", "Đổi tên"
        TRANSFER = "transfer", "Điều chuyển"

    predecessor = models.ForeignKey(
        Unit,
        on_delete=models.CASCADE,
        related_name="successions",
        verbose_name="Đơn vị cũ",
    )
    successor = models.ForeignKey(
        Unit,
        on_delete=models.CASCADE,
        related_name="predecessions",
        verbose_name="Đơn vị mới",
    )
    kind = models.CharField("Hình thức", max_length=16, choices=Kind.choices)
    effective = models.DateField("Ngày hiệu lực")

    class Meta:
        verbose_name = "Sắp xếp đơn vị"
        verbose_name_plural = "Sắp xếp đơn vị"
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"],
                name="cadre_registry_unitsuccession_unique",
            ),
            models.CheckConstraint(
                condition=~Q(predecessor=F("successor")),
                name="cadre_registry_unitsuccession_not_self",
            ),
        ]
