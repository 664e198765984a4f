"""The personnel list's rows, built in Python, say what the template loop said."""

import datetime as dt
from decimal import Decimal

from django.template import Context, Template
from django.test.html import parse_html
from django.utils import translation

from cadre_registry.models import Degree, Grade, Person, PoliticalTheoryLevel, Position
from cadre_registry.templatetags.cadre_tags import person_rows
from tests import factories

# The loop the tag replaced, kept as the reference.
LOOP = """{% for p in rows %}
    <tr>
      <td><a href="{{ p.get_absolute_url }}">{{ p.full_name }}</a>{% if p.personnel_code %}<br><span class="muted small">{{ p.personnel_code }}</span>{% endif %}</td>
      <td>{{ p.birth_date_display }}</td>
      <td>{{ p.get_gender_display }}</td>
      <td>{{ p.unit.name|default:"" }}</td>
      <td>{{ p.position.name|default:p.position_title }}</td>
      <td>{% if p.grade %}{{ p.grade.code }} · bậc {{ p.salary_step }} ({{ p.salary_coefficient }}){% endif %}</td>
      <td>{{ p.highest_degree.name|default:"" }}</td>
      <td>{{ p.political_theory.name|default:"" }}</td>
      <td>{{ p.retirement_date|date:"d/m/Y" }}</td>
    </tr>
{% endfor %}"""


def test_python_rows_render_like_the_template_loop(tree):
    full = factories.person(
        full_name="<b>Đặng</b> Thị Hương & Co",
        unit=tree["office"],
        personnel_code="CB<01>",
        position=Position.objects.first(),
        highest_degree=Degree.objects.first(),
        political_theory=PoliticalTheoryLevel.objects.first(),
        birth_date=dt.date(1970, 2, 5),
        retirement_date=dt.date(2030, 3, 5),
    )
    bare = factories.person(
        full_name="Lò Văn Pọm",
        unit=tree["office"],
        birth_date=dt.date(1990, 1, 1),
        birth_date_precision="year",
    )
    # Written past the services, which derive these from the histories.
    Person.objects.filter(pk=full.pk).update(
        grade=Grade.objects.first(), salary_step=3, salary_coefficient=Decimal("3.33")
    )
    Person.objects.filter(pk=bare.pk).update(position_title="Chuyên viên <i>tạm</i>")
    rows = list(
        Person.objects.filter(pk__in=[full.pk, bare.pk])
        .select_related(
            "unit", "position", "grade", "political_theory", "highest_degree"
        )
        .order_by("id")
    )
    for language in ("vi", "en"):
        with translation.override(language):
            expected = Template(LOOP).render(Context({"rows": rows}))
            ours = person_rows(rows)
        assert parse_html(ours) == parse_html(expected), language
    assert "&lt;b&gt;Đặng&lt;/b&gt;" in ours and "<b>" not in ours
    with translation.override("vi"):
        assert "(3,33)" in person_rows(rows)  # Vietnamese decimal comma
    assert "Chuyên viên &lt;i&gt;tạm&lt;/i&gt;" in ours
