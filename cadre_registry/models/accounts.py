"""Users, their roles and units, and the access logs the personal-data law asks for."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q

from .units import Unit


class Role(models.TextChoices):
    ADMIN = "admin", "Quản trị hệ thống"
    ORGANIZER = "organizer", "Cán bộ tổ chức"
    LEADER = "leader", "Lãnh đạo"
    AUDITOR = "auditor", "Kiểm tra, giám sát"


class User(AbstractUser):
    """A user: one role, and the units whose subtrees they may see."""

    role = models.CharField(
        "Vai trò", max_length=16, choices=Role.choices, default=Role.LEADER
    )
    units = models.ManyToManyField(
        Unit, blank=True, related_name="users", verbose_name="Đơn vị phụ trách"
    )

    class Meta:
        verbose_name = "Người dùng"
        verbose_name_plural = "Người dùng"
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=Role.values), name="cadre_registry_user_role_known"
            ),
        ]

    def get_full_name(self) -> str:
        # Vietnamese order: family and middle names first, given name last.
        return f"{self.last_name} {self.first_name}".strip()

    @property
    def is_administrator(self) -> bool:
        return self.is_superuser or self.role == Role.ADMIN

    @property
    def can_edit_people(self) -> bool:
        return self.is_administrator or self.role == Role.ORGANIZER

    @property
    def can_read_logs(self) -> bool:
        return self.is_administrator or self.role == Role.AUDITOR

    @property
    def can_see_sensitive(self) -> bool:
        return self.has_perm("cadre_registry.view_sensitive")


class AuthEvent(models.Model):
    """Nhật ký đăng nhập: logins, logouts and failed attempts."""

    class Kind(models.TextChoices):
        LOGIN = "login", "Đăng nhập"
        LOGOUT = "logout", "Đăng xuất"
        FAILED = "failed", "Đăng nhập sai"
        BLOCKED = "blocked", "Bị chặn tạm thời"

    at = models.DateTimeField("Thời điểm", auto_now_add=True, db_index=True)
    kind = models.CharField("Sự kiện", max_length=8, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    username = models.CharField("Tên đăng nhập", max_length=150, blank=True)
    ip = models.GenericIPAddressField("Địa chỉ IP", null=True, blank=True)
    user_agent = models.CharField(max_length=255, blank=True)

    class Meta:
        verbose_name = "Nhật ký đăng nhập"
        verbose_name_plural = "Nhật ký đăng nhập"
        ordering = ["-at"]
        indexes = [
            models.Index(
                fields=["username", "kind", "at"], name="cadre_authevent_username"
            ),
            models.Index(fields=["ip", "kind", "at"], name="cadre_authevent_ip"),
        ]

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} {self.get_kind_display()} {self.username}"


class AccessLog(models.Model):
    """Nhật ký truy cập: who viewed sensitive data, exported or printed what, when."""

    class Action(models.TextChoices):
        VIEW = "view", "Xem hồ sơ"
        VIEW_SENSITIVE = "view_sensitive", "Xem thông tin nhạy cảm"
        EXPORT = "export", "Xuất dữ liệu"
        PRINT = "print", "In"
        IMPORT = "import", "Nhập dữ liệu"

    at = models.DateTimeField("Thời điểm", auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="access_logs"
    )
    action = models.CharField("Hành động", max_length=16, choices=Action.choices)
    object_type = models.CharField("Đối tượng", max_length=64, blank=True)
    object_id = models.CharField("Mã đối tượng", max_length=64, blank=True)
    description = models.CharField("Mô tả", max_length=500, blank=True)
    detail = models.JSONField("Chi tiết", default=dict, blank=True)
    row_count = models.PositiveIntegerField("Số dòng", null=True, blank=True)
    ip = models.GenericIPAddressField("Địa chỉ IP", null=True, blank=True)

    class Meta:
        verbose_name = "Nhật ký truy cập"
        verbose_name_plural = "Nhật ký truy cập"
        ordering = ["-at"]
        indexes = [
            models.Index(
                fields=["object_type", "object_id"], name="cadre_accesslog_object"
            )
        ]

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} {self.user} {self.get_action_display()}"
