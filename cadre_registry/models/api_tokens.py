"""API tokens (mã truy cập API): how the leaders' other tools and the national
database exchange read the JSON API as a user, without a password or a session."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone


class ApiToken(models.Model):
    """A bearer token of one user. Only the SHA-256 of the token is kept: the
    token itself is shown once, when it is made, and cannot be read back."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name="Người dùng",
    )
    name = models.CharField(
        "Tên", max_length=100, help_text="Công cụ hoặc hệ thống dùng mã này"
    )
    key_hash = models.CharField("Mã băm SHA-256", max_length=64, unique=True)
    # The first characters of the token, so that an administrator can tell which
    # token a tool holds without the token being stored.
    prefix = models.CharField("Đầu mã", max_length=12)
    created_at = models.DateTimeField("Tạo lúc", auto_now_add=True)
    last_used_at = models.DateTimeField("Dùng lần cuối", null=True, blank=True)
    expires_at = models.DateTimeField(
        "Hết hạn lúc", null=True, blank=True, help_text="Để trống: không hết hạn"
    )
    revoked_at = models.DateTimeField("Thu hồi lúc", null=True, blank=True)

    class Meta:
        verbose_name = "Mã truy cập API"
        verbose_name_plural = "Mã truy cập API"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__isnull=True)
                | Q(expires_at__gt=F("created_at")),
                name="cadre_registry_apitoken_expires_after_creation",
            ),
            models.CheckConstraint(
                condition=Q(key_hash__regex=r"^[0-9a-f]{64}$"),
                name="cadre_registry_apitoken_key_hash_sha256",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()
