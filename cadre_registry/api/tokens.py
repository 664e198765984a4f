"""API token writes and the token check. A token is `cr_` and 43 random URL-safe
characters; only its SHA-256 is stored, so a leaked database holds no usable token
and an administrator who lost one makes a new one."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cadre_registry.models import ApiToken, User

TOKEN_PREFIX = "cr_"
# A token's last use is written at most this often: a tool polling every second
# would otherwise turn each read into a write.
LAST_USED_EVERY = dt.timedelta(minutes=1)
# Nothing longer can be one of ours; refused before hashing.
MAX_TOKEN_LENGTH = 128


@dataclass(frozen=True)
class IssuedToken:
    """A new token and its plain text, which is never available again."""

    token: ApiToken
    plain: str


class TokenRefused(Exception):
    """The bearer token is unknown, revoked, expired or its user inactive."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def token_hash(plain: str) -> str:
    """The stored form of a token: its SHA-256, in hex."""
    return hashlib.sha256(plain.encode()).hexdigest()


@transaction.atomic
def api_token_create(
    *, user: User, name: str, expires_at: dt.datetime | None = None
) -> IssuedToken:
    """Make a token for `user`; the plain token is returned once, here."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "Cần đặt tên cho mã truy cập."})
    if not user.is_active:
        raise ValidationError({"user": "Người dùng đã bị khóa."})
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": "Thời điểm hết hạn phải ở tương lai."})
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name[:100],
        key_hash=token_hash(plain),
        prefix=plain[:8],
        expires_at=expires_at,
    )
    return IssuedToken(token=token, plain=plain)


def api_token_revoke(*, token: ApiToken) -> ApiToken:
    """Revoke a token from now on; a token revoked already keeps its first date."""
    now = timezone.now()
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=now)
    token.refresh_from_db(fields=["revoked_at"])
    return token


def api_token_authenticate(*, plain: str) -> tuple[User, ApiToken]:
    """The user a bearer token speaks for (TokenRefused otherwise): one query for
    the token and its user, and at most one write of its last use."""
    plain = (plain or "").strip()
    if not plain or len(plain) > MAX_TOKEN_LENGTH:
        raise TokenRefused("Mã truy cập không hợp lệ.")
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=token_hash(plain))
        .first()
    )
    if token is None:
        raise TokenRefused("Mã truy cập không hợp lệ.")
    if token.is_revoked:
        raise TokenRefused("Mã truy cập đã bị thu hồi.")
    if token.is_expired:
        raise TokenRefused("Mã truy cập đã hết hạn.")
    if not token.user.is_active:
        raise TokenRefused("Tài khoản của mã truy cập đã bị khóa.")
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token.user, token
