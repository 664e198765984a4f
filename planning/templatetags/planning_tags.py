"""The term board's rows, built in Python.

A term may have 500 posts and 1,500 candidates (issue 5's benchmark): as a template
loop the rows resolved ~25,000 variables and took most of the page's time. The
markup is the one the template loop had (tests/planning/test_board_rows.py); the
values are plain strings and numbers from the selector, so the standard library's
escape is enough (it is Django's without the lazy-string handling)."""

from html import escape

from django import template
from django.urls import reverse
from django.utils.formats import get_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()

_PK = 987654321


def _number(value, separator: str) -> str:
    """A float as the Vietnamese locale writes it (12,5), without the cost of
    django.utils.formats.localize on every cell; integers stay as they are."""
    if isinstance(value, float):
        return repr(value).replace(".", separator)
    return str(value)  # a placeholder id: reverse once, then substitute


def _url(name: str):
    pattern = reverse(name, args=[_PK])
    before, after = pattern.split(str(_PK))
    return lambda pk: f"{before}{pk}{after}"


@register.simple_tag
def board_rows(board, can_edit, proposed_posts):
    person_url = _url("person_detail")
    remove_url = _url("planning:entry_remove")
    add_url = _url("planning:post_add_people")
    approve_url = _url("planning:term_approve")
    add_text = escape(gettext("Thêm người vào quy hoạch"))
    approve_text = escape(gettext("Phê duyệt"))
    remove_text = escape(gettext("Đưa ra"))
    empty_text = escape(gettext("Chưa có người trong quy hoạch."))
    columns = 10 if can_edit else 9
    separator = get_format("DECIMAL_SEPARATOR")
    html = []
    for row in board:
        post = row.post
        actions = ""
        if can_edit:
            actions = f'<br><a class="small" href="{add_url(post.pk)}">{add_text}</a>'
            if post.pk in proposed_posts:
                actions += (
                    f' · <a class="small" href="{approve_url(post.term_id)}'
                    f'?chuc_danh={post.pk}">{approve_text}</a>'
                )
        post_cell = f"<strong>{escape(str(post))}</strong>{actions}"
        if not row.candidates:
            html.append(
                f'<tr id="post-{post.pk}"><td class="post">{post_cell}</td>'
                f'<td colspan="{columns - 1}" class="muted">{empty_text}</td></tr>'
            )
            continue
        for index, c in enumerate(row.candidates):
            name = escape(c.person.full_name)
            if index == 0:
                head = (
                    f'<tr id="post-{post.pk}" data-person="{name}">'
                    f'<td rowspan="{len(row.candidates)}" class="post">{post_cell}</td>'
                )
            else:
                head = f'<tr data-person="{name}">'
            evaluations = (
                "<br>".join(f"{year}: {escape(level)}" for year, level in c.evaluations)
                or '<span class="muted">—</span>'
            )
            years = (
                ""
                if c.years_to_retirement is None
                else _number(c.years_to_retirement, separator)
            )
            remove = (
                f'<td><a class="small danger" href="{remove_url(c.entry_id)}">'
                f"{remove_text}</a></td>"
                if can_edit
                else ""
            )
            html.append(
                f'{head}<td><a href="{person_url(c.person.pk)}">{name}</a></td>'
                f'<td class="num">{c.age}</td><td class="num">{years}</td>'
                f"<td>{escape(c.person.degree)}</td>"
                f"<td>{escape(c.person.political_theory)}</td>"
                f'<td class="evaluations">{evaluations}</td>'
                f"<td>{escape(c.status_label)}</td>"
                f"<td>{escape('; '.join(c.missing))}</td>{remove}</tr>"
            )
    if not board:
        html.append(
            f'<tr><td colspan="{columns}" class="muted">'
            f"{escape(gettext('Chưa có chức danh quy hoạch nào trong phạm vi của bạn.'))}"
            "</td></tr>"
        )
    return mark_safe("\n".join(html))


@register.simple_tag
def composition_rows(composition):
    """The composition panel's rows (one per unit: a 500-post term has hundreds)."""
    separator = get_format("DECIMAL_SEPARATOR")
    under = escape(gettext("dưới"))
    none = escape(gettext("Không"))
    html = []
    for u in composition:
        c = u.composition
        women_target = (
            ""
            if u.women_target is None
            else f' <span class="muted small">(≥ {u.women_target}%)</span>'
        )
        young_note = f"{under} {u.young_under}" if u.young_under else ""
        if u.young_target is not None:
            young_note += f"; ≥ {u.young_target}%"
        young = (
            "—"
            if c.young_percent is None
            else f"{_number(c.young_percent, separator)}%"
        )
        warnings = (
            "".join(f'<p class="warning">{escape(w)}</p>' for w in c.warnings)
            or f'<span class="muted">{none}</span>'
        )
        name = escape(u.unit.name)
        html.append(
            f'<tr data-unit="{name}"><td>{name}</td><td class="num">{c.total}</td>'
            f'<td class="num">{_number(c.women_percent, separator)}%{women_target}</td>'
            f'<td class="num">{young} <span class="muted small">({young_note})</span></td>'
            f'<td class="num">{_number(c.minority_percent, separator)}%</td>'
            f"<td>{c.bands[0]} · {c.bands[1]} · {c.bands[2]}</td>"
            f'<td class="warnings">{warnings}</td></tr>'
        )
    return mark_safe("\n".join(html))
