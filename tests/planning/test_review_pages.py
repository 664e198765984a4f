"""The review round pages (rà soát, bổ sung quy hoạch hằng năm): a term's rounds,
opening one, proposing additions and removals, the diff, approval as a whole;
errors naming the field or the rule, warnings, scoping and query budgets."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from planning import services
from planning.models import Entry, ReviewItem, ReviewRound
from tests import factories

D = dt.date
PROPOSED = D(2026, 2, 1)


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _people(tree, n, unit=None, **fields):
    return [
        factories.person(
            unit=unit or tree["office"], birth_date=D(1985, 5, 1), **fields
        )
        for _ in range(n)
    ]


def _approved(post, people, by, on=PROPOSED):
    added = services.entries_add(by=by, post=post, people=people, proposed_on=on)
    return services.entries_approve(
        by=by,
        entries=added.entries,
        approved_on=on + dt.timedelta(days=10),
        decision_number="1-QĐ/TU",
    )


def _round(term, unit, by, year=2027):
    return services.review_round_create(
        by=by, term=term, unit=unit, year=year, proposed_on=D(year, 3, 1)
    )


def _text(response):
    return response.content.decode()


# --- A term's rounds -----------------------------------------------------------------


def test_anonymous_is_sent_to_login(term_2026):
    response = Client().get(f"/quy-hoach/nhiem-ky/{term_2026.pk}/ra-soat/")
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_clerk_opens_a_round_and_sees_it_listed(term_2026, tree, personas):
    clerk = _client(personas["clerk"])
    url = f"/quy-hoach/nhiem-ky/{term_2026.pk}/ra-soat/"
    page = clerk.get(url)
    assert page.status_code == 200 and "Mở đợt rà soát" in _text(page)
    response = clerk.post(
        url,
        {
            "unit": tree["home"].pk,
            "year": "2027",
            "proposed_on": "01/03/2027",
            "note": "<script>alert(1)</script> rà soát định kỳ",
        },
    )
    review = ReviewRound.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/quy-hoach/ra-soat/{review.pk}/"
    assert (review.year, review.unit, review.status) == (2027, tree["home"], "draft")
    detail = _text(clerk.get(response["Location"]))
    assert "&lt;script&gt;" in detail and "<script>alert" not in detail
    listed = _text(clerk.get(url))
    assert "Rà soát năm 2027" in listed and "Sở Nội vụ" in listed


def test_open_round_errors_name_the_field(term_2026, tree, personas):
    clerk = _client(personas["clerk"])
    url = f"/quy-hoach/nhiem-ky/{term_2026.pk}/ra-soat/"
    bad_date = clerk.post(
        url, {"unit": tree["home"].pk, "year": "2027", "proposed_on": "31/02/2027"}
    )
    assert bad_date.status_code == 400
    assert "Ngày đề xuất: ngày không hợp lệ" in _text(bad_date)
    outside = clerk.post(
        url, {"unit": tree["other"].pk, "year": "2027", "proposed_on": "01/03/2027"}
    )
    assert outside.status_code == 400
    assert "Đơn vị: lựa chọn không hợp lệ" in _text(outside)
    junk = clerk.post(url, {"unit": "abc", "year": "x", "proposed_on": ""})
    assert junk.status_code == 400
    assert "Năm rà soát: nhập một số nguyên" in _text(junk)
    assert "Ngày đề xuất: không được để trống" in _text(junk)
    _round(term_2026, tree["home"], personas["clerk"])
    twice = clerk.post(
        url, {"unit": tree["home"].pk, "year": "2027", "proposed_on": "02/03/2027"}
    )
    assert twice.status_code == 400
    assert "đã có đợt rà soát năm 2027" in _text(twice)
    assert ReviewRound.objects.count() == 1
    assert clerk.get("/quy-hoach/nhiem-ky/999999/ra-soat/").status_code == 404


def test_rounds_are_scoped_to_the_users_units(term_2026, tree, personas):
    review = _round(term_2026, tree["home"], personas["clerk"])
    outsider = _client(personas["outsider"])
    listed = _text(outsider.get(f"/quy-hoach/nhiem-ky/{term_2026.pk}/ra-soat/"))
    assert "Rà soát năm 2027" not in listed
    for path in ("", "bo-sung/", "dua-ra/"):
        assert outsider.get(f"/quy-hoach/ra-soat/{review.pk}/{path}").status_code == 404
    assert (
        outsider.post(f"/quy-hoach/ra-soat/{review.pk}/phe-duyet/").status_code == 404
    )
    leader = _client(personas["leader"])
    assert leader.get(f"/quy-hoach/ra-soat/{review.pk}/").status_code == 200
    assert leader.get(f"/quy-hoach/ra-soat/{review.pk}/bo-sung/").status_code == 403
    opened = leader.post(
        f"/quy-hoach/nhiem-ky/{term_2026.pk}/ra-soat/",
        {"unit": tree["home"].pk, "year": "2028", "proposed_on": "01/03/2028"},
    )
    assert opened.status_code == 403
    clerk = _client(personas["clerk"])
    for bad in ("999999", "99999999999999999999999"):
        assert clerk.get(f"/quy-hoach/ra-soat/{bad}/").status_code == 404


# --- Additions -----------------------------------------------------------------------


def test_propose_an_addition_with_warnings(post_director, tree, personas):
    (person,) = _people(tree, 1, full_name="Lê Thị Ánh")
    factories.person(full_name="Hoàng Sở Khác", unit=tree["other"])
    review = _round(post_director.term, tree["home"], personas["clerk"])
    clerk = _client(personas["clerk"])
    url = f"/quy-hoach/ra-soat/{review.pk}/bo-sung/"
    page = _text(clerk.get(url))
    assert "Lê Thị Ánh" in page and "Hoàng Sở Khác" not in page
    assert str(post_director.name) in page
    response = clerk.post(
        url,
        {"post": post_director.pk, "source": "tai_cho", "people": [person.pk]},
        follow=True,
    )
    text = _text(response)
    assert response.redirect_chain[-1][0] == f"/quy-hoach/ra-soat/{review.pk}/"
    assert "Đã đề xuất bổ sung 1 người" in text
    # No cao cấp LLCT: a warning, shown and stored, never a block.
    assert "Chưa đạt chuẩn lý luận chính trị" in text
    entry = Entry.objects.get(person=person)
    assert entry.status == "proposed" and entry.added_in == review
    assert any("lý luận chính trị" in w for w in entry.warnings)
    assert "+ Lê Thị Ánh" in text
    assert ReviewItem.objects.filter(round=review, kind="add").count() == 1


def test_candidate_filters_and_htmx_fragment(post_director, tree, personas):
    _people(tree, 1, full_name="Nguyễn Văn Lọc")
    _people(tree, 1, full_name="Trần Thị Khác", gender="F")
    review = _round(post_director.term, tree["home"], personas["clerk"])
    clerk = _client(personas["clerk"])
    url = f"/quy-hoach/ra-soat/{review.pk}/bo-sung/?gender=F"
    fragment = clerk.get(url, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    text = _text(fragment)
    assert "Trần Thị Khác" in text and "Nguyễn Văn Lọc" not in text
    assert "<html" not in text
    assert "HX-Request" in fragment["Vary"]


def test_a_fourth_candidate_is_refused_naming_the_rule(post_director, tree, personas):
    people = _people(tree, 4)
    _approved(post_director, people[:3], personas["clerk"])
    review = _round(post_director.term, tree["home"], personas["clerk"])
    clerk = _client(personas["clerk"])
    response = clerk.post(
        f"/quy-hoach/ra-soat/{review.pk}/bo-sung/",
        {"post": post_director.pk, "source": "tai_cho", "people": [people[3].pk]},
    )
    assert response.status_code == 400
    text = _text(response)
    assert "không quá 3 người" in text and "QĐ 377-QĐ/TW" in text
    assert not Entry.objects.filter(person=people[3]).exists()
    assert not ReviewItem.objects.exists()


def test_a_full_post_is_renewed_by_proposing_the_removal_first(
    post_director, tree, personas
):
    people = _people(tree, 4)
    entries = _approved(post_director, people[:3], personas["clerk"])
    review = _round(post_director.term, tree["home"], personas["clerk"])
    clerk = _client(personas["clerk"])
    removed = clerk.post(
        f"/quy-hoach/ra-soat/{review.pk}/dua-ra/",
        {"entry": entries[0].pk, "removal_reason": "moved"},
    )
    assert removed.status_code == 302
    added = clerk.post(
        f"/quy-hoach/ra-soat/{review.pk}/bo-sung/",
        {"post": post_director.pk, "source": "noi_khac", "people": [people[3].pk]},
    )
    assert added.status_code == 302
    assert Entry.objects.get(person=people[3]).source == "noi_khac"


def test_addition_bad_input_is_refused_cleanly(post_director, tree, personas):
    (mine,) = _people(tree, 1)
    stranger = factories.person(unit=tree["other"], birth_date=D(1985, 1, 1))
    other_post = services.post_create(
        by=personas["outsider"],
        term=post_director.term,
        unit=tree["other"],
        position=post_director.position,
    )
    review = _round(post_director.term, tree["home"], personas["clerk"])
    clerk = _client(personas["clerk"])
    url = f"/quy-hoach/ra-soat/{review.pk}/bo-sung/"
    cases = [
        ({"post": post_director.pk, "source": "tai_cho", "people": [stranger.pk]}, "ngoài phạm vi"),
        ({"post": post_director.pk, "source": "tai_cho", "people": ["999999"]}, "ngoài phạm vi"),
        ({"post": post_director.pk, "source": "tai_cho", "people": ["abc"]}, "Người được đề xuất: lựa chọn không hợp lệ"),
        ({"post": post_director.pk, "source": "tai_cho"}, "Người được đề xuất: chọn ít nhất một người"),
        ({"post": other_post.pk, "source": "tai_cho", "people": [mine.pk]}, "Chức danh quy hoạch: lựa chọn không hợp lệ"),
        ({"post": "x", "source": "tai_cho", "people": [mine.pk]}, "Chức danh quy hoạch: lựa chọn không hợp lệ"),
        ({"post": post_director.pk, "source": "??", "people": [mine.pk]}, "Nguồn: lựa chọn không hợp lệ"),
    ]  # fmt: skip
    for data, message in cases:
        response = clerk.post(url, data)
        assert response.status_code == 400, data
        assert message in _text(response), data
    assert not Entry.objects.exists() and not ReviewItem.objects.exists()


# --- Removals ------------------------------------------------------------------------


def test_propose_a_removal_once_with_its_reason(post_director, tree, personas):
    people = _people(tree, 2, full_name="Phạm Văn Đưa")
    entries = _approved(post_director, people, personas["clerk"])
    review = _round(post_director.term, tree["home"], personas["clerk"])
    clerk = _client(personas["clerk"])
    url = f"/quy-hoach/ra-soat/{review.pk}/dua-ra/"
    page = _text(clerk.get(url))
    assert page.count("Phạm Văn Đưa") >= 2 and 'name="removal_reason"' in page
    data = {"entry": entries[0].pk, "removal_reason": "standards", "note": "<b>x</b>"}
    response = clerk.post(url, data, follow=True)
    text = _text(response)
    assert "Đã đề xuất đưa Phạm Văn Đưa ra khỏi quy hoạch" in text
    assert "− Phạm Văn Đưa: Không còn đủ tiêu chuẩn, điều kiện" in text
    assert "&lt;b&gt;x&lt;/b&gt;" in text and "<b>x</b>" not in text
    # Nothing changes before the approval.
    assert Entry.objects.get(pk=entries[0].pk).status == "approved"
    twice = clerk.post(url, data)
    assert twice.status_code == 400
    assert "đã được đề xuất đưa ra trong đợt rà soát này" in _text(twice)
    assert "Đã đề xuất đưa ra trong đợt này" in _text(clerk.get(url))
    assert ReviewItem.objects.filter(kind="remove").count() == 1


def test_removal_bad_input_is_refused_cleanly(post_director, tree, personas):
    (person,) = _people(tree, 1)
    (entry,) = _approved(post_director, [person], personas["clerk"])
    proposed = services.entries_add(
        by=personas["clerk"],
        post=post_director,
        people=_people(tree, 1),
        proposed_on=D(2026, 3, 1),
    ).entries[0]
    review = _round(post_director.term, tree["home"], personas["clerk"])
    clerk = _client(personas["clerk"])
    url = f"/quy-hoach/ra-soat/{review.pk}/dua-ra/"
    cases = [
        ({"entry": entry.pk}, "Lý do đưa ra: không được để trống"),
        ({"entry": entry.pk, "removal_reason": "bogus"}, "Lý do đưa ra: lựa chọn không hợp lệ"),
        ({"entry": "abc", "removal_reason": "moved"}, "Người đưa ra: nhập một số nguyên"),
        ({"entry": "999999", "removal_reason": "moved"}, "Người đưa ra: không có trong danh sách"),
        ({"entry": proposed.pk, "removal_reason": "moved"}, "Người đưa ra: không có trong danh sách"),
        ({"entry": entry.pk, "removal_reason": "moved", "note": "x" * 501}, "Ghi chú lý do: tối đa 500 ký tự"),
    ]  # fmt: skip
    for data, message in cases:
        response = clerk.post(url, data)
        assert response.status_code == 400, data
        assert message in _text(response), data
    assert not ReviewItem.objects.exists()


# --- Approval ------------------------------------------------------------------------


def _proposed_round(post, tree, personas):
    people = _people(tree, 3)
    entries = _approved(post, people[:2], personas["clerk"])
    review = _round(post.term, tree["home"], personas["clerk"])
    services.review_round_propose_additions(
        by=personas["clerk"], review=review, post=post, people=[people[2]]
    )
    services.review_round_propose_removal(
        by=personas["clerk"], review=review, entry=entries[0], reason="discipline"
    )
    return review, people, entries


def test_approve_the_round_as_a_whole_then_it_is_read_only(
    post_director, tree, personas
):
    review, people, entries = _proposed_round(post_director, tree, personas)
    clerk = _client(personas["clerk"])
    url = f"/quy-hoach/ra-soat/{review.pk}/"
    draft = _text(clerk.get(url))
    assert 'id="approve-form"' in draft and "1 bổ sung, 1 đưa ra" in draft
    response = clerk.post(
        url + "phe-duyet/",
        {
            "decision_number": "25-QĐ/TU",
            "decision_date": "01/04/2027",
            "decision_authority": "Ban Thường vụ Tỉnh ủy",
        },
        follow=True,
    )
    text = _text(response)
    assert "Đã phê duyệt đợt rà soát năm 2027 theo quyết định 25-QĐ/TU" in text
    review.refresh_from_db()
    assert (review.status, review.approved_on) == ("approved", D(2027, 4, 1))
    assert Entry.objects.get(pk=entries[0].pk).status == "removed"
    assert Entry.objects.get(person=people[2]).status == "approved"
    # Read-only, still showing what changed: before two, after two, one out one in.
    assert 'id="approve-form"' not in text and 'id="propose-add"' not in text
    assert "Đã phê duyệt" in text and "25-QĐ/TU" in text
    assert f"+ {people[2].full_name}" in text and f"− {people[0].full_name}" in text
    # An approved round refuses every change, with the reason, never a 500.
    again = clerk.post(
        url + "phe-duyet/",
        {
            "decision_number": "26-QĐ/TU",
            "decision_date": "02/04/2027",
            "decision_authority": "BTV",
        },
    )
    assert again.status_code == 400 and "đã được phê duyệt" in _text(again)
    add = clerk.post(
        url + "bo-sung/",
        {"post": post_director.pk, "source": "tai_cho", "people": [people[0].pk]},
    )
    assert add.status_code == 400 and "đã được phê duyệt" in _text(add)
    remove = clerk.post(
        url + "dua-ra/", {"entry": entries[1].pk, "removal_reason": "other"}
    )
    assert remove.status_code == 400 and "đã được phê duyệt" in _text(remove)
    assert clerk.get(url + "bo-sung/").status_code == 302
    assert ReviewItem.objects.filter(round=review).count() == 2
    # The board shows the list after the round.
    board = _text(clerk.get(f"/quy-hoach/nhiem-ky/{post_director.term_id}/"))
    assert people[2].full_name in board and people[0].full_name not in board


def test_approval_errors_name_the_field(post_director, tree, personas):
    review, _, _ = _proposed_round(post_director, tree, personas)
    clerk = _client(personas["clerk"])
    url = f"/quy-hoach/ra-soat/{review.pk}/phe-duyet/"
    blank = clerk.post(url, {"decision_date": "1/13/2027"})
    text = _text(blank)
    assert blank.status_code == 400
    assert "Số quyết định: không được để trống" in text
    assert "Ngày quyết định: ngày không hợp lệ" in text
    assert "Cơ quan quyết định: không được để trống" in text
    early = clerk.post(
        url,
        {
            "decision_number": "1",
            "decision_date": "01/01/2027",
            "decision_authority": "BTV",
        },
    )
    assert early.status_code == 400 and "Ngày phê duyệt trước ngày đề xuất" in _text(
        early
    )
    review.refresh_from_db()
    assert review.status == "draft"
    assert Entry.objects.filter(status="removed").count() == 0
    assert clerk.get(f"/quy-hoach/ra-soat/{review.pk}/phe-duyet/").status_code == 405


def test_an_empty_round_cannot_be_approved(term_2026, tree, personas):
    review = _round(term_2026, tree["home"], personas["clerk"])
    response = _client(personas["clerk"]).post(
        f"/quy-hoach/ra-soat/{review.pk}/phe-duyet/",
        {
            "decision_number": "1",
            "decision_date": "01/04/2027",
            "decision_authority": "BTV",
        },
    )
    assert response.status_code == 400
    assert "chưa có đề xuất bổ sung hay đưa ra nào" in _text(response)


def test_composition_warning_on_the_round_under_qd50(
    term_2020, tree, personas, positions
):
    post = services.post_create(
        by=personas["clerk"],
        term=term_2020,
        unit=tree["home"],
        position=positions["giam_doc_so"],
    )
    men = [
        factories.person(unit=tree["office"], birth_date=D(1970, 1, 1))
        for _ in range(2)
    ]
    review = services.review_round_create(
        by=personas["clerk"],
        term=term_2020,
        unit=tree["home"],
        year=2023,
        proposed_on=D(2023, 3, 1),
    )
    services.review_round_propose_additions(
        by=personas["clerk"], review=review, post=post, people=men
    )
    text = _text(_client(personas["clerk"]).get(f"/quy-hoach/ra-soat/{review.pk}/"))
    assert "Tỷ lệ cán bộ nữ 0%, dưới mục tiêu 25%" in text and "QĐ 50-QĐ/TW" in text


# --- Query budgets -------------------------------------------------------------------


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_round_list_queries_do_not_grow_with_rounds(
    term_2026, tree, personas, django_assert_max_num_queries
):
    clerk = _client(personas["clerk"])
    url = f"/quy-hoach/nhiem-ky/{term_2026.pk}/ra-soat/"
    _round(term_2026, tree["home"], personas["clerk"], year=2026)
    few = _queries(clerk, url)
    for year in range(2027, 2033):
        _round(term_2026, tree["office"], personas["clerk"], year=year)
    assert _queries(clerk, url) == few
    with django_assert_max_num_queries(12):
        clerk.get(url)


def test_round_diff_queries_do_not_grow_with_entries(
    post_director, tree, personas, positions, django_assert_max_num_queries
):
    clerk = _client(personas["clerk"])
    review = _round(post_director.term, tree["home"], personas["clerk"])
    url = f"/quy-hoach/ra-soat/{review.pk}/"
    services.review_round_propose_additions(
        by=personas["clerk"],
        review=review,
        post=post_director,
        people=_people(tree, 1),
    )
    few = _queries(clerk, url)
    deputy = services.post_create(
        by=personas["clerk"],
        term=post_director.term,
        unit=tree["home"],
        position=positions["pho_giam_doc_so"],
    )
    entries = _approved(deputy, _people(tree, 3), personas["clerk"])
    services.review_round_propose_removal(
        by=personas["clerk"], review=review, entry=entries[0], reason="moved"
    )
    services.review_round_propose_additions(
        by=personas["clerk"],
        review=review,
        post=post_director,
        people=_people(tree, 2),
    )
    assert _queries(clerk, url) == few
    with django_assert_max_num_queries(16):
        clerk.get(url)


@pytest.mark.parametrize("count", [1, 6])
def test_candidate_page_queries_do_not_grow_with_people(
    count, post_director, tree, personas, django_assert_max_num_queries
):
    people = _people(tree, count)
    services.entries_add(
        by=personas["clerk"],
        post=post_director,
        people=people[:1],
        proposed_on=D(2026, 2, 1),
    )
    review = _round(post_director.term, tree["home"], personas["clerk"])
    clerk = _client(personas["clerk"])
    with django_assert_max_num_queries(20):
        response = clerk.get(f"/quy-hoach/ra-soat/{review.pk}/bo-sung/")
    assert response.status_code == 200
