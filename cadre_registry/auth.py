"""Login throttling: too many failures for one username or one address within the
window block further attempts until the window has passed."""

import datetime as dt

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from cadre_registry.models import AuthEvent


def login_blocked(*, username: str, ip: str | None) -> bool:
    """True when the username or the address has failed too often recently."""
    since = timezone.now() - dt.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    who = Q(username=username[:150])
    if ip:
        who |= Q(ip=ip)
    failures = AuthEvent.objects.filter(
        who, kind=AuthEvent.Kind.FAILED, at__gte=since
    ).count()
    return failures >= settings.LOGIN_FAILURE_LIMIT
