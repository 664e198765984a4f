"""The planning pages: the terms, and a term's board scoped to the user's units."""

import datetime as dt

from django.test import Client
from django.utils import timezone

from planning import services
from tests import factories

D = dt.date


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_term_board_shows_posts_and_visible_candidates(
    tree, personas, post_director, term_2026
):
    people = [
        factories.person(full_name=name, unit=tree["office"], birth_date=D(1985, 5, 1))
        for name in ("Nguyễn Thị <b>An</b>", "Trần Văn Bình")
    ]
    services.entries_add(
        by=personas["clerk"],
        post=post_director,
        people=people,
        proposed_on=D(2026, 2, 1),
    )
    clerk = _client(personas["clerk"])
    terms = clerk.get("/quy-hoach/")
    assert terms.status_code == 200
    assert term_2026.name in terms.text and "QĐ 377" in terms.text
    board = clerk.get(f"/quy-hoach/nhiem-ky/{term_2026.pk}/")
    assert board.status_code == 200
    text = board.text
    assert str(post_director) in text
    assert "Nguyễn Thị &lt;b&gt;An&lt;/b&gt;" in text and "<b>An</b>" not in text
    assert "Trần Văn Bình" in text
    # Born 01/05/1985: the age on today's date, as the board computes it.
    today = timezone.localdate()
    age = today.year - 1985 - ((today.month, today.day) < (5, 1))
    assert f'<td class="num">{age}</td>' in text
    # Another unit's organizer sees neither the post nor its candidates.
    outsider = _client(personas["outsider"]).get(f"/quy-hoach/nhiem-ky/{term_2026.pk}/")
    assert outsider.status_code == 200
    assert "Trần Văn Bình" not in outsider.text
    assert str(post_director) not in outsider.text


def test_term_board_bad_ids_are_404(personas):
    clerk = _client(personas["clerk"])
    assert clerk.get("/quy-hoach/nhiem-ky/999999/").status_code == 404
    assert clerk.get("/quy-hoach/nhiem-ky/99999999999999999999999/").status_code == 404
