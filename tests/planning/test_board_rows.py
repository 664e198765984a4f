"""The board's rows and composition panel are built in Python
(planning/templatetags/planning_tags.py): the markup the template loop had, names
escaped, the actions only for editors, numbers in the Vietnamese locale."""

import datetime as dt

from django.test import Client

from cadre_registry.models import Evaluation, EvaluationLevel
from planning import selectors, services
from tests import factories

D = dt.date


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _board_page(user, term):
    response = _client(user).get(f"/quy-hoach/nhiem-ky/{term.pk}/")
    assert response.status_code == 200
    return response.text


def test_rows_escape_names_and_show_every_column(tree, personas, post_director):
    clerk = personas["clerk"]
    tricky = factories.person(
        full_name='Lê <b>An</b> & "Bình"',
        unit=tree["office"],
        birth_date=D(1985, 5, 1),
    )
    plain = factories.person(
        full_name="Đặng Quốc Việt", unit=tree["office"], birth_date=D(1986, 7, 2)
    )
    good = EvaluationLevel.objects.order_by("rank").last()
    for year in (2021, 2022, 2023, 2024):
        Evaluation.objects.create(person=plain, year=year, level=good)
    services.entries_add(
        by=clerk, post=post_director, people=[tricky, plain], proposed_on=D(2026, 2, 1)
    )
    html = _board_page(clerk, post_director.term)
    assert "<b>An</b>" not in html
    assert "Lê &lt;b&gt;An&lt;/b&gt; &amp; &quot;Bình&quot;" in html
    # One post cell spanning its two candidates, with the editor's actions.
    assert f'<tr id="post-{post_director.pk}"' in html
    assert 'rowspan="2" class="post"' in html
    assert html.count("Thêm người vào quy hoạch</a>") == 1
    assert html.count("Đưa ra</a>") == 2
    # The last three evaluations, newest first; 2021 is left out.
    cell = html[html.index('data-person="Đặng Quốc Việt"') :]
    cell = cell[: cell.index("</tr>")]
    assert f"2024: {good.name}<br>2023: {good.name}<br>2022: {good.name}" in cell
    assert "2021" not in cell
    assert plain.get_absolute_url() in cell
    # Years to retirement with a decimal comma, as the locale writes it.
    board = selectors.term_board(user=clerk, term=post_director.term)
    years = next(
        c.years_to_retirement
        for c in board[0].candidates
        if c.person.full_name == "Đặng Quốc Việt"
    )
    assert f'<td class="num">{str(years).replace(".", ",")}</td>' in cell


def test_read_only_users_see_no_actions(tree, personas, post_director):
    person = factories.person(unit=tree["office"], birth_date=D(1985, 5, 1))
    services.entries_add(
        by=personas["clerk"],
        post=post_director,
        people=[person],
        proposed_on=D(2026, 2, 1),
    )
    html = _board_page(personas["leader"], post_director.term)
    assert person.full_name in html
    assert "Đưa ra</a>" not in html and "Thêm người vào quy hoạch" not in html


def test_empty_posts_and_an_empty_board(tree, personas, post_director):
    html = _board_page(personas["clerk"], post_director.term)
    assert "Chưa có người trong quy hoạch." in html
    assert "Chưa có chức danh quy hoạch nào" not in html
    html = _board_page(personas["outsider"], post_director.term)
    assert "Chưa có chức danh quy hoạch nào trong phạm vi của bạn." in html
