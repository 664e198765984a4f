"""The person page's history rows, built in Python, say what the template loop said."""

import datetime as dt

from django.template import Context, Template
from django.test.html import parse_html
from django.utils import translation

from cadre_registry.forms import HISTORY_KINDS
from cadre_registry.models import Reward
from cadre_registry.templatetags.cadre_tags import history_rows
from tests import factories

# The loop the tag replaced (rows not being edited), kept as the reference.
LOOP = """{% load i18n cadre_tags %}{% for row in rows %}
      <tr>{% for label, name in kind|columns %}<td>{% cell row name %}</td>{% endfor %}
        {% if can_edit %}<td class="rowactions">
          <a href="{% url 'history_edit' person.pk kind.slug row.pk %}" hx-get="{% url 'history_edit' person.pk kind.slug row.pk %}" hx-target="#{{ kind.slug }}" hx-swap="outerHTML">{% translate "Sửa" %}</a>
          <form method="post" action="{% url 'history_delete' person.pk kind.slug row.pk %}" hx-post="{% url 'history_delete' person.pk kind.slug row.pk %}" hx-target="#{{ kind.slug }}" hx-swap="outerHTML" hx-confirm="Xóa dòng này? Thao tác được ghi vào lịch sử thay đổi.">{% csrf_token %}<button class="link danger">{% translate "Xóa" %}</button></form>
        </td>{% endif %}
      </tr>
    {% empty %}
      <tr><td colspan="20" class="muted">{% translate "Chưa có." %}</td></tr>
    {% endfor %}"""


def _both(kind, rows, person, *, can_edit):
    values = {
        "kind": kind,
        "rows": rows,
        "person": person,
        "can_edit": can_edit,
        "csrf_token": "tok<en>",
    }
    expected = Template(LOOP).render(Context(values))
    ours = history_rows(Context(values), kind, rows, person)
    return ours, expected


def test_python_history_rows_render_like_the_template_loop(tree):
    person = factories.person(unit=tree["office"])
    Reward.objects.create(
        person=person,
        year=2020,
        form="Bằng khen <script>x</script>",
        reason="Hoàn thành & vượt",
        decision_number="12/QĐ",
        decision_date=dt.date(2020, 12, 1),
        decision_authority="UBND tỉnh",
    )
    Reward.objects.create(person=person, year=2019, form="Giấy khen")
    kind = HISTORY_KINDS["reward"]
    rows = list(person.rewards.all())
    assert len(rows) == 2
    for language in ("vi", "en"):
        with translation.override(language):
            for can_edit in (True, False):
                ours, expected = _both(kind, rows, person, can_edit=can_edit)
                assert parse_html(ours) == parse_html(expected), (language, can_edit)
            ours, expected = _both(kind, [], person, can_edit=True)
            assert parse_html(ours) == parse_html(expected), language
    ours, _ = _both(kind, rows, person, can_edit=True)
    assert "&lt;script&gt;" in ours and "<script>" not in ours
    assert 'value="tok&lt;en&gt;"' in ours
    assert "Số 12/QĐ, ngày 01/12/2020, UBND tỉnh" in ours
    # Every kind of history renders (the columns of each model resolve).
    for other in HISTORY_KINDS.values():
        ours, expected = _both(other, [], person, can_edit=False)
        assert parse_html(ours) == parse_html(expected)
