"""The change history of a person (django-simple-history), read as one timeline."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db import models

from cadre_registry.forms import HISTORY_KINDS
from cadre_registry.models import SENSITIVE_FIELDS, Person

HIDDEN = {
    "id",
    "person",
    "history_id",
    "history_date",
    "history_user",
    "history_type",
    "history_change_reason",
    "created_at",
    "updated_at",
}
TYPES = {"+": "Thêm", "~": "Sửa", "-": "Xóa"}


@dataclass
class Change:
    at: datetime
    user: str
    action: str
    what: str
    reason: str
    fields: list[tuple[str, str, str]] = field(default_factory=list)


def _display(model: type[models.Model], name: str, value, names: dict) -> str:
    if value in (None, ""):
        return "—"
    try:
        model_field = model._meta.get_field(name)
    except Exception:
        return str(value)
    if model_field.is_relation:
        return names.get((model_field.related_model, value), f"#{value}")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return "Có" if value else "Không"
    return str(value)


def person_change_log(
    *, person: Person, include_sensitive: bool, limit: int = 300
) -> list[Change]:
    """Changes to the person and each history, newest first; one query per history
    table plus one per referenced table, however many changes there are."""
    sources: list[tuple[type[models.Model], str, models.QuerySet]] = [
        (
            Person,
            "Hồ sơ",
            Person.history.filter(id=person.pk).select_related("history_user"),
        ),
    ]
    for kind in HISTORY_KINDS.values():
        if kind.sensitive and not include_sensitive:
            continue
        sources.append(
            (
                kind.model,
                kind.title,
                kind.model.history.filter(person_id=person.pk).select_related(
                    "history_user"
                ),
            )
        )
    records: list[tuple[type[models.Model], str, list]] = []
    wanted: dict[type[models.Model], set] = {}
    for model, title, queryset in sources:
        rows = list(queryset.order_by("id", "history_date", "history_id"))
        records.append((model, title, rows))
        for row in rows:
            for f in model._meta.concrete_fields:
                if f.is_relation and f.name != "person":
                    value = getattr(row, f.attname, None)
                    if value is not None:
                        wanted.setdefault(f.related_model, set()).add(value)
    names = {}
    for related, ids in wanted.items():
        for obj in related._default_manager.filter(pk__in=ids):
            names[(related, obj.pk)] = str(obj)
    changes: list[Change] = []
    for model, title, rows in records:
        previous: dict[int, object] = {}
        for row in rows:
            object_id = row.id
            before = previous.get(object_id)
            diffs = []
            for f in model._meta.concrete_fields:
                name = f.attname if f.is_relation else f.name
                if f.name in HIDDEN or (
                    model is Person
                    and f.name in SENSITIVE_FIELDS
                    and not include_sensitive
                ):
                    continue
                if not hasattr(row, name):
                    continue
                new = getattr(row, name)
                old = getattr(before, name) if before is not None else None
                if (
                    before is None
                    and row.history_type == "+"
                    and new in (None, "", False)
                ):
                    continue
                if before is not None and old == new and row.history_type != "-":
                    continue
                if row.history_type == "-":
                    continue
                diffs.append(
                    (
                        str(f.verbose_name),
                        _display(model, f.name, old, names)
                        if before is not None
                        else "",
                        _display(model, f.name, new, names),
                    )
                )
            previous[object_id] = row
            user = row.history_user
            changes.append(
                Change(
                    at=row.history_date,
                    user=(user.get_full_name() or user.get_username())
                    if user
                    else "Hệ thống",
                    action=TYPES.get(row.history_type, row.history_type),
                    what=title,
                    reason=row.history_change_reason or "",
                    fields=diffs,
                )
            )
    changes.sort(key=lambda c: c.at, reverse=True)
    return changes[:limit]
