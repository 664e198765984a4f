"""Login trail: logins, logouts and failed attempts, from django.contrib.auth signals."""

from django.contrib.auth.signals import (
    user_logged_in,
    user_logged_out,
    user_login_failed,
)
from django.dispatch import receiver

from cadre_registry.models import AuthEvent


def client_ip(request) -> str | None:
    # Behind a proxy the real address comes in X-Forwarded-For; REMOTE_ADDR otherwise.
    if request is None:
        return None
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    return (forwarded.split(",")[0].strip() or request.META.get("REMOTE_ADDR")) or None


def _record(kind, request, user=None, username=""):
    AuthEvent.objects.create(
        kind=kind,
        user=user,
        username=(username or (user.get_username() if user else ""))[:150],
        ip=client_ip(request),
        user_agent=(request.META.get("HTTP_USER_AGENT", "") if request else "")[:255],
    )


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    _record(AuthEvent.Kind.LOGIN, request, user=user)


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        _record(AuthEvent.Kind.LOGOUT, request, user=user)


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    _record(
        AuthEvent.Kind.FAILED, request, username=str(credentials.get("username", ""))
    )
