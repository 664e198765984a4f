"""The list's filter selects, rendered in Python, say what Django's Select says."""

from django.forms import Select
from django.http import QueryDict
from django.test.html import parse_html

from cadre_registry.forms import PersonFilterForm


def test_quick_selects_render_like_djangos_select(reference):
    form = PersonFilterForm(
        QueryDict("gender=F&degree=dai_hoc&party_member=1&staff_kind=<b>"),
        can_see_sensitive=True,
    )
    form.is_valid()
    selects = [
        n
        for n, f in form.fields.items()
        if f.widget.__class__.__name__ == "QuickSelect"
    ]
    assert len(selects) == 9
    for name in selects:
        bound = form[name]
        ours = bound.as_widget()
        django = bound.as_widget(widget=Select(choices=bound.field.choices))
        assert parse_html(ours) == parse_html(django), name
    assert 'value="F" selected' in form["gender"].as_widget()
