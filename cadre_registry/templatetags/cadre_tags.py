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
    return _cell(row, name)


def _cell(row, name):
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


@register.simple_tag
def person_rows(rows):
    """The personnel list's table rows, built in Python.

    The same markup as a template loop (tests/cadre_registry/test_person_rows.py
    compares the two), at a fraction of the cost: the loop resolved ~700 variables
    for 50 rows, 20 of the list page's 45 ms at 1M people (docs/benchmarks.md)."""
    from django.utils.formats import localize
    from django.utils.html import format_html
    from django.utils.safestring import mark_safe

    def date(value):
        return value.strftime("%d/%m/%Y") if value else ""

    html = []
    for p in rows:
        code = (
            format_html('<br><span class="muted small">{}</span>', p.personnel_code)
            if p.personnel_code
            else ""
        )
        grade = p.grade
        pay = (
            format_html(
                "{} · bậc {} ({})",
                grade.code,
                localize(p.salary_step),
                localize(p.salary_coefficient),
            )
            if grade
            else ""
        )
        position = p.position.name if p.position and p.position.name else ""
        html.append(
            format_html(
                '<tr><td><a href="{}">{}</a>{}</td><td>{}</td><td>{}</td><td>{}</td>'
                "<td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                p.get_absolute_url(),
                p.full_name,
                code,
                p.birth_date_display,
                p.get_gender_display(),
                (p.unit.name if p.unit else "") or "",
                position or p.position_title,
                pay,
                (p.highest_degree.name if p.highest_degree else "") or "",
                (p.political_theory.name if p.political_theory else "") or "",
                date(p.retirement_date),
            )
        )
    return mark_safe("\n".join(html))


@register.simple_tag(takes_context=True)
def history_rows(context, kind, rows, person):
    """The rows of a history table on the person page, built in Python.

    The same markup as the template loop it replaced (tests/cadre_registry/
    test_history_rows.py compares the two): the loop resolved the columns, four
    {% url %} tags and a CSRF field for every row, about a third of the page's
    rendering for a résumé of 60 rows."""
    from django.urls import reverse
    from django.utils.html import format_html, format_html_join
    from django.utils.safestring import mark_safe
    from django.utils.translation import gettext

    names = [name for _, name in columns(kind)]
    if not rows:
        return format_html(
            '<tr><td colspan="20" class="muted">{}</td></tr>', gettext("Chưa có.")
        )
    can_edit = context.get("can_edit")
    if can_edit:
        csrf = format_html(
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">',
            context.get("csrf_token") or "",
        )
        edit_label, delete_label = gettext("Sửa"), gettext("Xóa")
    html = []
    for row in rows:
        cells = format_html_join("", "<td>{}</td>", ((_cell(row, n),) for n in names))
        actions = ""
        if can_edit:
            args = [person.pk, kind.slug, row.pk]
            edit = reverse("history_edit", args=args)
            delete = reverse("history_delete", args=args)
            actions = format_html(
                '<td class="rowactions"><a href="{}" hx-get="{}" hx-target="#{}" '
                'hx-swap="outerHTML">{}</a> <form method="post" action="{}" '
                'hx-post="{}" hx-target="#{}" hx-swap="outerHTML" hx-confirm="Xóa '
                'dòng này? Thao tác được ghi vào lịch sử thay đổi.">{}<button '
                'class="link danger">{}</button></form></td>',
                edit,
                edit,
                kind.slug,
                edit_label,
                delete,
                delete,
                kind.slug,
                csrf,
                delete_label,
            )
        html.append(format_html("<tr>{}{}</tr>", cells, actions))
    return mark_safe("\n".join(html))
