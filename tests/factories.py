"""Test data through the services, so tests exercise the same paths as the app."""

import datetime as dt
import itertools

from cadre_registry import services
from cadre_registry.models import Role, Unit, User

_counter = itertools.count(1)


def unit(*, code=None, name=None, kind="co_quan", parent=None, **fields) -> Unit:
    n = next(_counter)
    return services.unit_create(
        code=code or f"U{n:05d}",
        name=name or f"Đơn vị {n}",
        kind=kind,
        parent=parent,
        **fields,
    )


def _system_user() -> User:
    user, _ = User.objects.get_or_create(
        username="system-factory", defaults={"role": Role.ADMIN, "is_superuser": True}
    )
    return user


def person(
    *,
    full_name=None,
    gender="M",
    birth_date=dt.date(1975, 6, 1),
    unit,
    by=None,
    start=dt.date(2015, 1, 1),
    **fields,
):
    n = next(_counter)
    return services.person_create(
        by=by or _system_user(),
        unit=unit,
        start=start,
        full_name=full_name or f"Trần Văn Thử {chr(65 + n % 26)}",
        gender=gender,
        birth_date=birth_date,
        **fields,
    )
