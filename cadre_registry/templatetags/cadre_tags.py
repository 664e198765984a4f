"""Template helpers: display one field of a history row as the 2C form writes it."""

import datetime as dt

from django import template

register = template.Library()

DECISION_FIELDS = ("decision_number", "decision_date", "decision_authority")


def _value(row, name):
    field = row._meta.get_field(name)
    value = getattr(row, name)
    if value is None or value == "":
        return ""
    if field.choices:
        return getattr(row, f"get_{name}_display")()
    if isinstance(value, bool):
        return "✓" if value else ""
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


@register.filter
def columns(kind):
    """(label, name) pairs shown in a history table; decision fields are one column."""
    cols = [
        (kind.model._meta.get_field(n).verbose_name, n)
        for n in kind.columns
        if n not in DECISION_FIELDS
    ]
    if any(n in DECISION_FIELDS for n in kind.columns):
        cols.append(("Quyết định", "__decision__"))
    return cols


@register.simple_tag
def cell(row, name):
    if name == "__decision__":
        number, date, authority = (_value(row, n) for n in DECISION_FIELDS)
        parts = [
            p
            for p in (
                f"Số {number}" if number else "",
                f"ngày {date}" if date else "",
                authority,
            )
            if p
        ]
        return ", ".join(parts)
    return _value(row, name)


@register.filter
def field_value(person, name):
    return _value(person, name)
