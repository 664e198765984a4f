"""The planning board's editing pages: opening a term, adding posts, adding people
from the filtered personnel list (rules block, warnings are shown and kept),
approving, removing with a reason, the composition panel, the gap list handed to
training and a person's planning tab; scoping, bad input and query budgets."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cadre_registry.models import (
    Discipline,
    DisciplineForm,
    Evaluation,
    EvaluationLevel,
    PoliticalTheoryLevel,
    Position,
)
from planning import selectors, services
from planning.models import Entry, EntryStatus, PlannedPost, Term
from tests import factories

D = dt.date


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _people(tree, n, **fields):
    fields.setdefault("birth_date", D(1985, 5, 1))
    return [factories.person(unit=tree["office"], **fields) for _ in range(n)]


def _add(post, people, by, on=None):
    return services.entries_add(
        by=by, post=post, people=people, proposed_on=on or D(2026, 2, 1)
    )


def _errors(response) -> str:
    match = re.search(r'<div class="errors"[^>]*>(.*?)</div>', response.text, re.S)
    return match.group(1) if match else ""


def _followed_messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# --- Terms ---------------------------------------------------------------------------


def test_admin_opens_a_term_and_the_version_follows_the_planning_date(personas):
    admin = _client(personas["admin"])
    page = admin.get("/quy-hoach/nhiem-ky/mo/")
    assert page.status_code == 200
    assert "QĐ 377-QĐ/TW" in page.text and "08/10/2025" in page.text
    response = admin.post(
        "/quy-hoach/nhiem-ky/mo/",
        {
            "level": "tinh",
            "starts_on": "01/10/2025",
            "ends_on": "30/09/2030",
            "planned_on": "15/03/2024",
            "name": "",
        },
        follow=True,
    )
    term = Term.objects.get()
    assert (term.rule_version, term.name) == ("qd50_2021", "2025-2030")
    assert any("QĐ 50-QĐ/TW" in m for m in _followed_messages(response))
    assert response.request["PATH_INFO"] == f"/quy-hoach/nhiem-ky/{term.pk}/"


def test_the_term_form_previews_the_rule_version_as_the_date_is_typed(personas):
    admin = _client(personas["admin"])
    url = "/quy-hoach/nhiem-ky/mo/?planned_on="
    later = admin.get(url + "15/01/2026", headers={"HX-Request": "true"})
    assert "QĐ 377-QĐ/TW" in later.text and "<html" not in later.text
    assert (
        "QĐ 50-QĐ/TW (2021)"
        in admin.get(url + "01/03/2022", headers={"HX-Request": "true"}).text
    )
    early = admin.get(url + "01/01/2016", headers={"HX-Request": "true"})
    assert "Không có quy định" in early.text
    assert "Nhập ngày" in admin.get(url + "abc", headers={"HX-Request": "true"}).text


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"starts_on": "31/02/2026"}, "Nhiệm kỳ từ ngày: ngày không hợp lệ"),
        ({"ends_on": "01/01/2026"}, "Nhiệm kỳ đến ngày: phải sau ngày bắt đầu"),
        ({"planned_on": "01/01/2032"}, "Ngày xây dựng quy hoạch: phải trước ngày"),
        ({"planned_on": "01/01/2016"}, "Không có quy định về quy hoạch cán bộ"),
        ({"level": "tw"}, "Cấp: lựa chọn không hợp lệ"),
        ({"starts_on": "01/01/2300"}, "Nhiệm kỳ từ ngày: Ngày phải nằm trong"),
        ({"name": "x" * 65}, "Tên nhiệm kỳ: tối đa 64 ký tự"),
    ],
)
def test_bad_term_input_names_the_field_and_saves_nothing(personas, data, expected):
    base = {
        "level": "co_quan",
        "starts_on": "01/07/2026",
        "ends_on": "30/06/2031",
        "planned_on": "15/01/2026",
    }
    response = _client(personas["admin"]).post(
        "/quy-hoach/nhiem-ky/mo/", {**base, **data}
    )
    assert response.status_code == 400
    assert expected in _errors(response)
    assert not Term.objects.exists()


def test_a_second_term_of_the_same_level_and_dates_is_refused(personas, term_2026):
    response = _client(personas["admin"]).post(
        "/quy-hoach/nhiem-ky/mo/",
        {
            "level": "co_quan",
            "starts_on": "01/07/2026",
            "ends_on": "30/06/2031",
            "planned_on": "15/02/2026",
        },
    )
    assert response.status_code == 400
    assert "đã có nhiệm kỳ quy hoạch cùng cấp" in _errors(response)
    assert Term.objects.count() == 1


def test_only_administrators_open_terms(client, personas):
    assert client.get("/quy-hoach/nhiem-ky/mo/").status_code == 302  # to login
    for name in ("clerk", "leader"):
        assert _client(personas[name]).get("/quy-hoach/nhiem-ky/mo/").status_code == 403
    assert "+ Mở nhiệm kỳ" in _client(personas["admin"]).get("/quy-hoach/").text
    assert "+ Mở nhiệm kỳ" not in _client(personas["clerk"]).get("/quy-hoach/").text


# --- Posts ---------------------------------------------------------------------------


def test_clerk_adds_a_post_ranked_as_its_position(tree, personas, term_2026, positions):
    deputy = positions["pho_giam_doc_so"]
    cao_cap = PoliticalTheoryLevel.objects.get(code="cao_cap", code_list__key="CR-LLCT")
    response = _client(personas["clerk"]).post(
        f"/quy-hoach/nhiem-ky/{term_2026.pk}/them-chuc-danh/",
        {
            "unit": tree["home"].pk,
            "position": deputy.pk,
            "title": "  Phó Giám đốc   phụ trách <b>tổ chức</b> ",
            "required_political_theory": cao_cap.pk,
        },
    )
    post = PlannedPost.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#post-{post.pk}")
    assert post.rank == deputy.rank and post.required_political_theory == cao_cap
    assert post.title == "Phó Giám đốc phụ trách <b>tổ chức</b>"
    board = _client(personas["clerk"]).get(f"/quy-hoach/nhiem-ky/{term_2026.pk}/")
    assert "&lt;b&gt;tổ chức&lt;/b&gt;" in board.text and "<b>tổ chức" not in board.text


def test_post_input_errors(tree, personas, term_2026, positions, post_director):
    url = f"/quy-hoach/nhiem-ky/{term_2026.pk}/them-chuc-danh/"
    clerk = _client(personas["clerk"])
    cases = [
        ({"unit": tree["other"].pk}, "Đơn vị: lựa chọn không hợp lệ"),  # outside
        ({"unit": "abc"}, "Đơn vị: lựa chọn không hợp lệ"),
        ({"position": 99999999}, "Chức danh: lựa chọn không hợp lệ"),
        ({"required_degree": "1 OR 1=1"}, "Chuẩn trình độ chuyên môn: lựa chọn"),
        ({"sort_order": "-1"}, "Thứ tự: phải lớn hơn hoặc bằng 0"),
        ({}, "đơn vị đã có chức danh quy hoạch này"),  # the director's post again
    ]
    for data, expected in cases:
        response = clerk.post(
            url,
            {
                "unit": tree["home"].pk,
                "position": positions["giam_doc_so"].pk,
                **data,
            },
        )
        assert response.status_code == 400, data
        assert expected in _errors(response), data
    assert PlannedPost.objects.count() == 1


def test_post_pages_for_readers_and_unknown_terms(personas, term_2026):
    url = f"/quy-hoach/nhiem-ky/{term_2026.pk}/them-chuc-danh/"
    assert _client(personas["leader"]).get(url).status_code == 403
    clerk = _client(personas["clerk"])
    assert clerk.get("/quy-hoach/nhiem-ky/987654/them-chuc-danh/").status_code == 404
    assert clerk.get(url).status_code == 200


# --- Adding people -------------------------------------------------------------------


def test_add_people_page_lists_the_users_people_with_the_planning_filter(
    tree, personas, post_director
):
    mine = factories.person(full_name="Lê Thị Mai", unit=tree["office"])
    factories.person(full_name="Hoàng Sở Khác", unit=tree["other"])
    (planned,) = _people(tree, 1, full_name="Đỗ Văn Đã Có")
    _add(post_director, [planned], personas["clerk"])
    clerk = _client(personas["clerk"])
    url = f"/quy-hoach/chuc-danh/{post_director.pk}/them-nguoi/"
    page = clerk.get(url)
    assert page.status_code == 200
    assert "Lê Thị Mai" in page.text and "Hoàng Sở Khác" not in page.text
    assert 'name="in_planning"' in page.text
    # Already proposed for this post: shown, not tickable.
    assert f'value="{planned.pk}"' not in page.text and "đã có" in page.text
    fragment = clerk.get(url + "?q=mai", headers={"HX-Request": "true"})
    assert "<html" not in fragment.text
    assert "Lê Thị Mai" in fragment.text and "Đỗ Văn Đã Có" not in fragment.text
    assert f'value="{mine.pk}"' in fragment.text


def test_three_are_added_with_warnings_and_a_fourth_is_refused_naming_the_rule(
    tree, personas, post_director
):
    people = _people(tree, 4)
    url = f"/quy-hoach/chuc-danh/{post_director.pk}/them-nguoi/"
    clerk = _client(personas["clerk"])
    response = clerk.post(
        url,
        {
            "people": [p.pk for p in people[:3]],
            "source": "tai_cho",
            "proposed_on": "01/02/2026",
        },
        follow=True,
    )
    shown = _followed_messages(response)
    assert any("Đã đưa 3 người" in m for m in shown)
    # Standards: no cao cấp LLCT, no degree; composition: one age band only.
    assert sum("Chưa đạt chuẩn lý luận chính trị" in m for m in shown) == 3
    assert any("chưa đủ ba độ tuổi" in m and "QĐ 377-QĐ/TW" in m for m in shown)
    entries = list(Entry.objects.filter(post=post_director))
    assert len(entries) == 3
    assert all(any("ba độ tuổi" in w for w in e.warnings) for e in entries)
    assert "chưa đủ ba độ tuổi" in response.text  # the board's composition panel
    fourth = clerk.post(
        url,
        {"people": [people[3].pk], "source": "tai_cho", "proposed_on": "01/02/2026"},
    )
    assert fourth.status_code == 400
    errors = _errors(fourth)
    assert "không quá 3 người" in errors and "QĐ 377-QĐ/TW" in errors
    assert Entry.objects.filter(post=post_director).count() == 3


def test_one_refused_person_blocks_the_whole_save(
    tree, personas, post_director, positions, term_2026
):
    good = _people(tree, 1)[0]
    old = factories.person(
        full_name="Ông Già", unit=tree["office"], birth_date=D(1970, 1, 1)
    )
    director = factories.person(
        full_name="Bà Giám Đốc",
        unit=tree["home"],
        birth_date=D(1980, 1, 1),
        position=positions["giam_doc_so"],
    )
    punished = factories.person(full_name="Anh Kỷ Luật", unit=tree["office"])
    Discipline.objects.create(
        person=punished,
        form=DisciplineForm.objects.get(code="canh_cao"),
        violation="Vi phạm quy chế",
        start=D(2024, 6, 1),
    )
    busy = _people(tree, 1, full_name="Chị Ba Chức Danh")[0]
    for code in ("pho_giam_doc_so", "chanh_van_phong", "truong_phong"):
        position = positions[code]
        post = services.post_create(
            by=personas["clerk"], term=term_2026, unit=tree["office"], position=position
        )
        _add(post, [busy], personas["clerk"])
    response = _client(personas["clerk"]).post(
        f"/quy-hoach/chuc-danh/{post_director.pk}/them-nguoi/",
        {
            "people": [good.pk, old.pk, director.pk, punished.pk, busy.pk],
            "source": "noi_khac",
            "proposed_on": "01/02/2026",
        },
    )
    assert response.status_code == 400
    errors = _errors(response)
    assert "Ông Già" in errors and "hai nhiệm kỳ" in errors  # time to serve
    assert "không cao hơn chức vụ hiện giữ" in errors  # higher post
    assert "Anh Kỷ Luật" in errors and "36 tháng" in errors  # discipline
    assert "Chị Ba Chức Danh" in errors and "không quá 3 chức danh" in errors
    assert errors.count("QĐ 377-QĐ/TW") >= 4
    assert not Entry.objects.filter(post=post_director).exists()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"people": []}, "chọn ít nhất một người"),
        ({"people": ["abc"]}, "Người được đưa vào quy hoạch: lựa chọn không hợp lệ"),
        ({"people": ["99999999999999999999"]}, "lựa chọn không hợp lệ"),
        ({"people": [987654321]}, "nằm ngoài phạm vi được giao"),
        ({"proposed_on": "2026-02-01x"}, "Ngày đề xuất: ngày không hợp lệ"),
        ({"source": "<script>"}, "Nguồn: lựa chọn không hợp lệ"),
    ],
)
def test_bad_add_input_is_a_clear_message(
    tree, personas, post_director, data, expected
):
    (person,) = _people(tree, 1)
    response = _client(personas["clerk"]).post(
        f"/quy-hoach/chuc-danh/{post_director.pk}/them-nguoi/",
        {
            "people": [person.pk],
            "source": "tai_cho",
            "proposed_on": "01/02/2026",
            **data,
        },
    )
    assert response.status_code == 400
    assert expected in _errors(response)
    assert not Entry.objects.exists()


def test_someone_outside_the_scope_cannot_be_added(tree, personas, post_director):
    stranger = factories.person(full_name="Người Sở Y Tế", unit=tree["other"])
    response = _client(personas["clerk"]).post(
        f"/quy-hoach/chuc-danh/{post_director.pk}/them-nguoi/",
        {"people": [stranger.pk], "source": "noi_khac", "proposed_on": "01/02/2026"},
    )
    assert response.status_code == 400
    assert "nằm ngoài phạm vi được giao" in _errors(response)
    assert not Entry.objects.exists()


def test_add_people_scoping(client, personas, post_director):
    url = f"/quy-hoach/chuc-danh/{post_director.pk}/them-nguoi/"
    assert client.get(url).status_code == 302
    assert _client(personas["outsider"]).get(url).status_code == 404
    assert _client(personas["outsider"]).post(url, {}).status_code == 404
    assert _client(personas["leader"]).get(url).status_code == 403
    assert (
        _client(personas["clerk"]).get("/quy-hoach/chuc-danh/0/them-nguoi/").status_code
        == 404
    )


# --- Approving -----------------------------------------------------------------------


def test_approve_the_ticked_proposals_by_one_decision(tree, personas, post_director):
    people = _people(tree, 3)
    added = _add(post_director, people, personas["clerk"])
    url = f"/quy-hoach/nhiem-ky/{post_director.term_id}/phe-duyet/"
    clerk = _client(personas["clerk"])
    page = clerk.get(url + f"?chuc_danh={post_director.pk}")
    assert page.status_code == 200 and page.text.count('name="entries"') == 3
    response = clerk.post(
        url,
        {
            "entries": [e.pk for e in added.entries[:2]],
            "decision_number": "125-QĐ/TU",
            "decision_date": "15/03/2026",
            "decision_authority": "Ban Thường vụ Tỉnh ủy",
        },
        follow=True,
    )
    assert any(
        "Đã phê duyệt quy hoạch 2 người" in m for m in _followed_messages(response)
    )
    rows = {e.pk: e for e in Entry.objects.all()}
    first = rows[added.entries[0].pk]
    assert (first.status, first.approved_on, first.decision_number) == (
        EntryStatus.APPROVED,
        D(2026, 3, 15),
        "125-QĐ/TU",
    )
    assert rows[added.entries[2].pk].status == EntryStatus.PROPOSED
    # An approved entry is no longer on offer; approving it again is refused.
    again = clerk.post(
        url,
        {
            "entries": [added.entries[0].pk],
            "decision_number": "126-QĐ/TU",
            "decision_date": "16/03/2026",
        },
    )
    assert again.status_code == 400
    assert "không còn ở trạng thái đề xuất" in _errors(again)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"decision_number": ""}, "Số quyết định: không được để trống"),
        ({"decision_date": "32/13/2026"}, "Ngày quyết định: ngày không hợp lệ"),
        ({"decision_date": "15/01/2026"}, "ngày phê duyệt trước ngày đề xuất"),
        ({"entries": []}, "chọn ít nhất một người đang ở trạng thái đề xuất"),
        ({"entries": ["x"]}, "Người được phê duyệt: lựa chọn không hợp lệ"),
        ({"entries": [123456789]}, "không còn ở trạng thái đề xuất"),
        ({"decision_authority": "x" * 256}, "Cơ quan quyết định: tối đa 255 ký tự"),
    ],
)
def test_bad_approval_input(tree, personas, post_director, data, expected):
    added = _add(post_director, _people(tree, 1), personas["clerk"])
    response = _client(personas["clerk"]).post(
        f"/quy-hoach/nhiem-ky/{post_director.term_id}/phe-duyet/",
        {
            "entries": [added.entries[0].pk],
            "decision_number": "1-QĐ/TU",
            "decision_date": "15/03/2026",
            **data,
        },
    )
    assert response.status_code == 400
    assert expected in _errors(response)
    assert Entry.objects.get().status == EntryStatus.PROPOSED


def test_approval_scoping(tree, personas, post_director):
    added = _add(post_director, _people(tree, 1), personas["clerk"])
    url = f"/quy-hoach/nhiem-ky/{post_director.term_id}/phe-duyet/"
    outsider = _client(personas["outsider"])
    assert outsider.get(url + f"?chuc_danh={post_director.pk}").status_code == 404
    # The outsider's own page lists none of the clerk's proposals, nor approves them.
    assert 'name="entries"' not in outsider.get(url).text
    response = outsider.post(
        url,
        {
            "entries": [added.entries[0].pk],
            "decision_number": "1",
            "decision_date": "15/03/2026",
        },
    )
    assert response.status_code == 400
    assert Entry.objects.get().status == EntryStatus.PROPOSED
    assert _client(personas["leader"]).get(url).status_code == 403
    assert _client(personas["clerk"]).get(url + "?chuc_danh=abc").status_code == 404


# --- Removing ------------------------------------------------------------------------


def test_remove_with_a_reason_and_a_note(tree, personas, post_director):
    (person,) = _people(tree, 1, full_name="Vũ Thị Hạnh")
    (entry,) = _add(post_director, [person], personas["clerk"]).entries
    clerk = _client(personas["clerk"])
    url = f"/quy-hoach/nguoi-quy-hoach/{entry.pk}/dua-ra/"
    assert clerk.get(url).status_code == 200
    response = clerk.post(
        url,
        {
            "reason": "moved",
            "removed_on": "01/05/2026",
            "note": "<script>alert(1)</script> chuyển công tác",
            "decision_number": "45-QĐ/TU",
            "decision_date": "30/04/2026",
            "decision_authority": "Ban Thường vụ",
        },
        follow=True,
    )
    assert any("Đã đưa Vũ Thị Hạnh ra khỏi" in m for m in _followed_messages(response))
    entry.refresh_from_db()
    assert (entry.status, entry.removal_reason, entry.removed_on) == (
        "removed",
        "moved",
        D(2026, 5, 1),
    )
    assert entry.removal_decision_number == "45-QĐ/TU"
    assert 'data-person="Vũ Thị Hạnh"' not in response.text  # off the board
    tab = clerk.get(f"/quy-hoach/can-bo/{person.pk}/", headers={"HX-Request": "true"})
    assert "Chuyển công tác" in tab.text and "45-QĐ/TU" in tab.text
    assert "&lt;script&gt;" in tab.text and "<script>alert" not in tab.text
    done = clerk.get(url)
    assert (
        "đã được đưa ra khỏi quy hoạch" in done.text and "remove-form" not in done.text
    )
    assert (
        clerk.post(url, {"reason": "died", "removed_on": "02/05/2026"}).status_code
        == 400
    )


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"reason": ""}, "Lý do đưa ra: không được để trống"),
        ({"reason": "tired"}, "Lý do đưa ra: lựa chọn không hợp lệ"),
        ({"removed_on": "01/01/2026"}, "Ngày đưa ra phải sau hoặc bằng ngày đề xuất"),
        ({"removed_on": "hôm nay"}, "Ngày đưa ra: ngày không hợp lệ"),
        ({"note": "x" * 501}, "Ghi chú lý do: tối đa 500 ký tự"),
        ({"decision_date": "01/05/2026"}, "Số quyết định: nhập số quyết định"),
    ],
)
def test_bad_removal_input(tree, personas, post_director, data, expected):
    (entry,) = _add(post_director, _people(tree, 1), personas["clerk"]).entries
    response = _client(personas["clerk"]).post(
        f"/quy-hoach/nguoi-quy-hoach/{entry.pk}/dua-ra/",
        {"reason": "other", "removed_on": "01/05/2026", **data},
    )
    assert response.status_code == 400
    assert expected in _errors(response)
    entry.refresh_from_db()
    assert entry.status == EntryStatus.PROPOSED


def test_removal_scoping(tree, personas, post_director):
    (entry,) = _add(post_director, _people(tree, 1), personas["clerk"]).entries
    url = f"/quy-hoach/nguoi-quy-hoach/{entry.pk}/dua-ra/"
    assert _client(personas["outsider"]).get(url).status_code == 404
    assert (
        _client(personas["outsider"])
        .post(url, {"reason": "other", "removed_on": "01/05/2026"})
        .status_code
        == 404
    )
    assert _client(personas["leader"]).get(url).status_code == 403
    assert (
        _client(personas["clerk"])
        .get("/quy-hoach/nguoi-quy-hoach/x1/dua-ra/")
        .status_code
        == 404
    )
    entry.refresh_from_db()
    assert entry.status == EntryStatus.PROPOSED


# --- The board -----------------------------------------------------------------------


def test_board_shows_the_last_three_evaluations_and_actions_for_editors(
    tree, personas, post_director
):
    (person,) = _people(tree, 1, full_name="Phan Văn Khải")
    level = EvaluationLevel.objects.filter(code="tot").first()
    for year in (2022, 2023, 2024, 2025):
        Evaluation.objects.create(person=person, year=year, level=level)
    _add(post_director, [person], personas["clerk"])
    url = f"/quy-hoach/nhiem-ky/{post_director.term_id}/"
    board = _client(personas["clerk"]).get(url)
    row = re.search(r'data-person="Phan Văn Khải">(.*?)</tr>', board.text, re.S)[1]
    cell = re.search(r'class="evaluations">(.*?)</td>', row, re.S)[1]
    assert [int(y) for y in re.findall(r"(\d{4}):", cell)] == [2025, 2024, 2023]
    assert "Thêm người vào quy hoạch" in board.text and "Đưa ra" in board.text
    assert "Phê duyệt các đề xuất" in board.text
    read_only = _client(personas["leader"]).get(url)
    assert read_only.status_code == 200 and "Phan Văn Khải" in read_only.text
    for action in (
        "Thêm người vào quy hoạch",
        "Đưa ra</a>",
        "Phê duyệt",
        "+ Thêm chức danh",
    ):
        assert action not in read_only.text


def test_board_composition_matches_the_service_per_unit(
    tree, personas, term_2020, positions
):
    # QĐ 50: women ≥ 25%, young (under 40 at provincial level) ≥ 15%.
    home = services.post_create(
        by=personas["clerk"],
        term=term_2020,
        unit=tree["home"],
        position=positions["giam_doc_so"],
    )
    office = services.post_create(
        by=personas["clerk"],
        term=term_2020,
        unit=tree["office"],
        position=positions["pho_giam_doc_so"],
    )
    men = _people(tree, 2, birth_date=D(1970, 1, 1))
    woman = _people(tree, 1, gender="F", birth_date=D(1988, 1, 1))
    _add(home, men, personas["clerk"], on=D(2022, 3, 1))
    _add(office, men[:1] + woman, personas["clerk"], on=D(2022, 3, 1))
    board = selectors.term_board(user=personas["clerk"], term=term_2020)
    panel = {
        u.unit.pk: u.composition
        for u in selectors.board_composition(term=term_2020, board=board)
    }
    for unit in (tree["home"], tree["office"]):
        assert panel[unit.pk] == services.list_composition(term=term_2020, unit=unit)
    assert panel[tree["home"].pk].women_percent == 0.0
    page = _client(personas["clerk"]).get(f"/quy-hoach/nhiem-ky/{term_2020.pk}/")
    panel_html = page.text[page.text.index('id="composition"') :]
    assert "Tỷ lệ cán bộ nữ 0%, dưới mục tiêu 25%" in panel_html
    assert "(≥ 25%)" in panel_html and "dưới 40" in panel_html


def _board_with(posts, tree, personas, term):
    level = EvaluationLevel.objects.filter(code="tot").first()
    taken = set(
        PlannedPost.objects.filter(term=term).values_list("position_id", flat=True)
    )
    choices = list(
        Position.objects.filter(rank__gt=0).exclude(pk__in=taken).order_by("-rank")
    )
    for position in choices[:posts]:
        post = services.post_create(
            by=personas["clerk"], term=term, unit=tree["home"], position=position
        )
        people = _people(tree, 2)
        for person in people:
            for year in (2023, 2024, 2025):
                Evaluation.objects.create(person=person, year=year, level=level)
        _add(post, people, personas["clerk"])


def test_board_query_count_is_constant_in_the_number_of_posts(
    tree, personas, term_2026, django_assert_max_num_queries
):
    url = f"/quy-hoach/nhiem-ky/{term_2026.pk}/"
    _board_with(1, tree, personas, term_2026)
    clerk = _client(personas["clerk"])
    with CaptureQueriesContext(connection) as one:
        assert clerk.get(url).status_code == 200
    _board_with(7, tree, personas, term_2026)
    clerk = _client(personas["clerk"])
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = clerk.get(url)
    assert response.text.count('class="evaluations"') == 16
    assert len(one.captured_queries) <= 10


# --- The gap list --------------------------------------------------------------------


@pytest.fixture
def course_types(reference):
    from training.models import CourseType
    from training.reference_loader import load_course_types

    if not CourseType.objects.exists():
        load_course_types()
    return {row.code: row for row in CourseType.objects.all()}


def test_gap_list_by_standard_and_its_hand_over_to_training(
    tree, personas, post_director, course_types
):
    from training import services as training

    cao_cap = PoliticalTheoryLevel.objects.get(code="cao_cap", code_list__key="CR-LLCT")
    trung_cap = PoliticalTheoryLevel.objects.get(
        code="trung_cap", code_list__key="CR-LLCT"
    )
    lacking = _people(tree, 2, political_theory=trung_cap)
    (has_llct,) = _people(tree, 1, full_name="Đủ Chuẩn LLCT", political_theory=cao_cap)
    _add(post_director, lacking + [has_llct], personas["clerk"])
    # Not in planning, without cao cấp: never on the gap list.
    factories.person(full_name="Ngoài Quy Hoạch", unit=tree["office"])
    cohort = training.cohort_create(
        by=personas["admin"],
        name="Cao cấp LLCT K81",
        course_type=course_types["llct_cao_cap"],
        mode="tap_trung",
        institution="Học viện Chính trị khu vực I",
        organising_unit=tree["province"],
        start=D(2026, 9, 1),
        end=D(2027, 6, 30),
        capacity=30,
    )
    clerk = _client(personas["clerk"])
    url = f"/quy-hoach/nhiem-ky/{post_director.term_id}/thieu-chuan/"
    everything = clerk.get(url)
    # No degree at all for anyone: all three lack a standard.
    assert everything.text.count("<tr data-person=") == 3
    standard = f"llct:{cao_cap.pk}"
    page = clerk.get(url, {"chuan": standard})
    names = re.findall(r'<tr data-person="([^"]+)"', page.text)
    assert sorted(names) == sorted(p.full_name for p in lacking)
    assert "Cao cấp" in page.text and "Cao cấp LLCT K81" in page.text
    assert clerk.get(url, {"chuan": "llct:abc"}).status_code == 200  # ignored
    hand_over = clerk.get(url + "cu-di-hoc/", {"lop": cohort.pk, "chuan": standard})
    assert hand_over.status_code == 302
    nominate = clerk.get(hand_over["Location"])
    assert nominate.status_code == 200
    listed = set(
        int(pk) for pk in re.findall(r'name="people" value="(\d+)"', nominate.text)
    )
    assert listed == {p.pk for p in lacking}
    assert "thiếu tiêu chuẩn chức danh quy hoạch" in nominate.text
    assert clerk.get(url + "cu-di-hoc/", {"lop": 99999}).status_code == 404
    nominate_url = hand_over["Location"].split("?")[0]
    assert clerk.get(nominate_url, {"qh_nhiem_ky": 99999}).status_code == 404
    # An unknown standard falls back to every standard: all three, none else.
    whole = clerk.get(
        nominate_url, {"qh_nhiem_ky": post_director.term_id, "qh_chuan": "x:1"}
    )
    assert len(re.findall(r'name="people" value="', whole.text)) == 3
    assert _client(personas["leader"]).get(url + "cu-di-hoc/").status_code == 403
    assert "Cử những người này" not in _client(personas["leader"]).get(url).text
    outsider = _client(personas["outsider"]).get(url)
    assert outsider.status_code == 200 and "<tr data-person=" not in outsider.text


# --- A person's planning tab ---------------------------------------------------------


def test_person_planning_tab(tree, personas, post_director, huong):
    _add(post_director, [huong], personas["clerk"])
    url = f"/quy-hoach/can-bo/{huong.pk}/"
    clerk = _client(personas["clerk"])
    page = clerk.get(url)
    assert page.status_code == 200 and "<html" in page.text
    assert "Quy hoạch, luân chuyển, bổ nhiệm" in page.text
    fragment = clerk.get(url, headers={"HX-Request": "true"})
    assert "<html" not in fragment.text and "Giám đốc Sở" in fragment.text
    assert "Đề xuất" in fragment.text
    assert _client(personas["leader"]).get(url).status_code == 200
    assert _client(personas["outsider"]).get(url).status_code == 404
    assert clerk.get("/quy-hoach/can-bo/0/").status_code == 404
    profile = clerk.get(huong.get_absolute_url())
    assert f'hx-get="/quy-hoach/can-bo/{huong.pk}/"' in profile.text
