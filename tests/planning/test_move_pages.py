"""The rotation (luân chuyển) and appointment (bổ nhiệm) pages: scoped lists with
their filters, recording one for a person, ending a rotation; errors naming the
field or the rule, warnings shown and stored, scoping and query budgets."""

import datetime as dt

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cadre_registry.models import Assignment
from planning import services
from planning.models import Appointment, Rotation
from tests import factories

D = dt.date
START, PLANNED_END, BORN = D(2026, 3, 1), D(2029, 2, 28), D(1980, 1, 1)


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _text(response):
    return response.content.decode()


def _young(tree, **fields):
    return factories.person(
        unit=tree["office"], birth_date=D(1985, 1, 1), start=D(2020, 1, 1), **fields
    )


ROTATION = {
    "direction": "phong_sang_phong",
    "start": "01/03/2026",
    "planned_end": "28/02/2029",
    "decision_number": "3-QĐ/TU",
    "decision_date": "15/02/2026",
    "decision_authority": "Ban Thường vụ Tỉnh ủy",
}


def _rotate(person, to_unit, by, start=START, planned_end=PLANNED_END):
    return services.rotation_record(
        by=by,
        person=person,
        to_unit=to_unit,
        direction="phong_sang_phong",
        start=start,
        planned_end=planned_end,
    ).obj


# --- Rotations -----------------------------------------------------------------------


def test_anonymous_is_sent_to_login():
    for url in ("/quy-hoach/luan-chuyen/", "/quy-hoach/bo-nhiem/"):
        response = Client().get(url)
        assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_record_a_rotation_from_the_current_assignment(tree, personas, positions):
    person = _young(tree, full_name="Đỗ Văn Chuyển")
    clerk = _client(personas["clerk"])
    url = f"/quy-hoach/luan-chuyen/ghi/{person.pk}/"
    form = _text(clerk.get(url))
    assert "Phòng Công chức" in form  # from: the current main assignment
    data = dict(
        ROTATION, to_unit=tree["home"].pk, to_position=positions["truong_phong"].pk
    )
    response = clerk.post(url, data, follow=True)
    text = _text(response)
    assert response.redirect_chain[-1][0] == "/quy-hoach/luan-chuyen/"
    assert "Đã ghi luân chuyển Đỗ Văn Chuyển: Phòng Công chức → Sở Nội vụ" in text
    # Not in planning: a warning (QĐ 65 principles), shown and stored.
    assert "chưa có trong quy hoạch được phê duyệt" in text
    rotation = Rotation.objects.get()
    assert (rotation.from_unit, rotation.to_unit) == (tree["office"], tree["home"])
    assert rotation.decision_number == "3-QĐ/TU"
    assert any("quy hoạch" in w for w in rotation.warnings)
    assert rotation.assignment.start == D(2026, 3, 1)
    assert "Đỗ Văn Chuyển" in text and "Từ phòng, ban này sang phòng, ban khác" in text


def test_fewer_than_ten_years_left_blocks_naming_the_rule(tree, personas):
    old = factories.person(
        unit=tree["office"], birth_date=D(1970, 1, 1), start=D(2020, 1, 1)
    )
    clerk = _client(personas["clerk"])
    url = f"/quy-hoach/luan-chuyen/ghi/{old.pk}/"
    response = clerk.post(url, dict(ROTATION, to_unit=tree["home"].pk))
    assert response.status_code == 400
    assert "không còn đủ 10 năm công tác" in _text(response)
    assert "QĐ 65-QĐ/TW Điều 5" in _text(response)
    assert not Rotation.objects.exists()
    assert Assignment.objects.filter(person=old).count() == 1
    special = clerk.post(
        url,
        dict(ROTATION, to_unit=tree["home"].pk, exception_reason="BTV quyết định"),
        follow=True,
    )
    assert "Trường hợp đặc biệt: BTV quyết định" in _text(special)
    assert "BTV quyết định" in Rotation.objects.get().warnings[0]


def test_rotation_bad_input_is_refused_cleanly(tree, personas):
    person = _young(tree)
    clerk = _client(personas["clerk"])
    url = f"/quy-hoach/luan-chuyen/ghi/{person.pk}/"
    home = tree["home"].pk
    cases = [
        (dict(ROTATION, to_unit=home, start="32/01/2026"), "Ngày bắt đầu: ngày không hợp lệ, nhập theo dạng dd/mm/yyyy"),
        (dict(ROTATION, to_unit=home, planned_end="01/01/2026"), "Dự kiến kết thúc: phải sau ngày bắt đầu"),
        (dict(ROTATION, to_unit=tree["other"].pk), "Đến đơn vị: lựa chọn không hợp lệ"),
        (dict(ROTATION, to_unit="999999"), "Đến đơn vị: lựa chọn không hợp lệ"),
        (dict(ROTATION, to_unit=tree["office"].pk), "Đến đơn vị: phải khác đơn vị đang công tác"),
        (dict(ROTATION, to_unit=home, direction=""), "Hướng luân chuyển (Biểu 11): không được để trống"),
        (dict(ROTATION, to_unit=home, direction="len_troi"), "Hướng luân chuyển (Biểu 11): lựa chọn không hợp lệ"),
        (dict(ROTATION, to_unit=home, decision_number="  "), "Số quyết định: không được để trống"),
        (dict(ROTATION, to_unit=home, decision_date="01/04/2026"), "Ngày quyết định: phải trước hoặc bằng ngày bắt đầu"),
        (dict(ROTATION, to_unit=home, start="01/01/2019", decision_date="01/01/2019"), "không có quá trình công tác chính vào ngày 01/01/2019"),
        (dict(ROTATION, to_unit=home, to_position="abc"), "Đến chức vụ: lựa chọn không hợp lệ"),
    ]  # fmt: skip
    for data, message in cases:
        response = clerk.post(url, data)
        assert response.status_code == 400, data
        assert message in _text(response), data
    assert not Rotation.objects.exists()
    assert Assignment.objects.filter(person=person).count() == 1


def test_rotation_pages_are_scoped(tree, personas):
    person = _young(tree)
    stranger = factories.person(unit=tree["other"], birth_date=D(1985, 1, 1))
    clerk, leader = _client(personas["clerk"]), _client(personas["leader"])
    assert clerk.get(f"/quy-hoach/luan-chuyen/ghi/{stranger.pk}/").status_code == 404
    assert clerk.get("/quy-hoach/luan-chuyen/ghi/999999/").status_code == 404
    assert leader.get(f"/quy-hoach/luan-chuyen/ghi/{person.pk}/").status_code == 403
    far = factories.unit(name="Phòng Y tế dự phòng", parent=tree["other"])
    elsewhere = factories.person(
        full_name="Vũ Văn Ngoài", unit=tree["other"], birth_date=D(1985, 1, 1)
    )
    hidden = _rotate(elsewhere, far, personas["admin"])
    mine = _rotate(person, tree["home"], personas["clerk"])
    listed = _text(clerk.get("/quy-hoach/luan-chuyen/"))
    assert person.full_name in listed and "Vũ Văn Ngoài" not in listed
    assert clerk.get(f"/quy-hoach/luan-chuyen/{hidden.pk}/ket-thuc/").status_code == 404
    assert leader.get(f"/quy-hoach/luan-chuyen/{mine.pk}/ket-thuc/").status_code == 403
    outsider = _text(_client(personas["outsider"]).get("/quy-hoach/luan-chuyen/"))
    assert "Vũ Văn Ngoài" in outsider and person.full_name not in outsider


def test_rotation_list_filters(tree, personas):
    today = timezone.localdate()
    soon = _young(tree, full_name="Sắp Hết Hạn")
    later = _young(tree, full_name="Còn Lâu Mới Hết")
    ended = _young(tree, full_name="Đã Về Đơn Vị Cũ")
    _rotate(soon, tree["home"], personas["clerk"], planned_end=today + dt.timedelta(20))
    _rotate(later, tree["home"], personas["clerk"])
    done = _rotate(ended, tree["home"], personas["clerk"])
    services.rotation_end(by=personas["clerk"], rotation=done, actual_end=D(2026, 6, 1))
    clerk = _client(personas["clerk"])

    def names(query):
        text = _text(clerk.get("/quy-hoach/luan-chuyen/?" + query))
        return {
            n
            for n in ("Sắp Hết Hạn", "Còn Lâu Mới Hết", "Đã Về Đơn Vị Cũ")
            if n in text
        }

    assert names("") == {"Sắp Hết Hạn", "Còn Lâu Mới Hết", "Đã Về Đơn Vị Cũ"}
    assert names("tinh_trang=ended") == {"Đã Về Đơn Vị Cũ"}
    assert names("tinh_trang=running") == {"Sắp Hết Hạn", "Còn Lâu Mới Hết"}
    assert names("sap_het=30") == {"Sắp Hết Hạn"}
    assert names("huong=tw_ve_tinh") == set()
    assert names(f"don_vi={tree['office'].pk}") == names("")
    # Bad values drop out with a message; the page still answers.
    response = clerk.get(
        f"/quy-hoach/luan-chuyen/?sap_het=abc&don_vi={tree['other'].pk}&huong=x"
    )
    assert response.status_code == 200
    assert "Kết thúc trong (ngày): nhập một số nguyên" in _text(response)


def test_record_the_end_of_a_rotation(tree, personas):
    rotation = _rotate(_young(tree), tree["home"], personas["clerk"])
    clerk = _client(personas["clerk"])
    url = f"/quy-hoach/luan-chuyen/{rotation.pk}/ket-thuc/"
    early = clerk.post(url, {"actual_end": "28/02/2026"})
    assert early.status_code == 400
    assert "Ngày kết thúc: phải sau hoặc bằng ngày bắt đầu 01/03/2026" in _text(early)
    bad = clerk.post(url, {"actual_end": "31/06/2027"})
    assert bad.status_code == 400 and "Ngày kết thúc: ngày không hợp lệ" in _text(bad)
    done = clerk.post(url, {"actual_end": "30/06/2027"})
    assert done.status_code == 302
    rotation.refresh_from_db()
    assert rotation.actual_end == D(2027, 6, 30)
    twice = clerk.post(url, {"actual_end": "01/07/2027"})
    assert twice.status_code == 400
    assert "Luân chuyển đã kết thúc ngày 30/06/2027" in _text(twice)
    rotation.refresh_from_db()
    assert rotation.actual_end == D(2027, 6, 30)


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_rotation_list_queries_do_not_grow_with_rows(
    tree, personas, positions, django_assert_max_num_queries
):
    clerk = _client(personas["clerk"])
    _rotate(_young(tree), tree["home"], personas["clerk"])
    few = _queries(clerk, "/quy-hoach/luan-chuyen/")
    for _ in range(5):
        services.rotation_record(
            by=personas["clerk"],
            person=_young(tree),
            to_unit=tree["home"],
            to_position=positions["truong_phong"],
            direction="phong_sang_phong",
            start=D(2026, 3, 1),
            planned_end=D(2029, 2, 28),
        )
    assert _queries(clerk, "/quy-hoach/luan-chuyen/") == few
    with django_assert_max_num_queries(10):
        clerk.get("/quy-hoach/luan-chuyen/?tinh_trang=running&sap_het=90")


# --- Appointments --------------------------------------------------------------------

APPOINTMENT = {
    "kind": "bo_nhiem",
    "decision_number": "88-QĐ/UBND",
    "decision_date": "01/03/2026",
    "decision_authority": "UBND tỉnh",
    "effective_on": "15/03/2026",
    "is_main": "on",
}


def _head(tree, positions, born=BORN, **fields):
    return factories.person(
        unit=tree["office"],
        birth_date=born,
        position=positions["truong_phong"],
        start=D(2020, 1, 1),
        **fields,
    )


def test_record_an_appointment_updates_the_assignments(tree, personas, positions):
    person = _head(tree, positions, full_name="Bùi Thị Bổ")
    clerk = _client(personas["clerk"])
    url = f"/quy-hoach/bo-nhiem/ghi/{person.pk}/"
    assert "Trưởng phòng" in _text(clerk.get(url))
    data = dict(
        APPOINTMENT, unit=tree["home"].pk, position=positions["pho_giam_doc_so"].pk
    )
    response = clerk.post(url, data, follow=True)
    text = _text(response)
    assert response.redirect_chain[-1][0] == person.get_absolute_url()
    assert "hết thời hạn 14/03/2031" in text
    assert "QĐ 377-QĐ/TW Điều 34" in text  # not planned for the post: a warning
    appointment = Appointment.objects.get()
    assert appointment.term_end == D(2031, 3, 14) and appointment.warnings
    rows = list(Assignment.objects.filter(person=person).order_by("start"))
    assert [(r.position.code, r.start, r.end) for r in rows] == [
        ("truong_phong", D(2020, 1, 1), D(2026, 3, 14)),
        ("pho_giam_doc_so", D(2026, 3, 15), None),
    ]
    listed = _text(clerk.get("/quy-hoach/bo-nhiem/"))
    assert "Bùi Thị Bổ" in listed and "14/03/2031" in listed


def test_five_years_before_retirement_blocks_naming_the_rule(tree, personas, positions):
    person = _head(tree, positions, born=D(1966, 1, 1))
    response = _client(personas["clerk"]).post(
        f"/quy-hoach/bo-nhiem/ghi/{person.pk}/",
        dict(
            APPOINTMENT, unit=tree["home"].pk, position=positions["pho_giam_doc_so"].pk
        ),
    )
    assert response.status_code == 400
    text = _text(response)
    assert "không đủ 5 năm công tác" in text and "NĐ 138/2020/NĐ-CP Điều 41" in text
    assert not Appointment.objects.exists()
    assert Assignment.objects.filter(person=person).count() == 1


def test_appointment_bad_input_is_refused_cleanly(tree, personas, positions):
    person = _head(tree, positions)
    clerk = _client(personas["clerk"])
    url = f"/quy-hoach/bo-nhiem/ghi/{person.pk}/"
    good = dict(
        APPOINTMENT, unit=tree["home"].pk, position=positions["pho_giam_doc_so"].pk
    )
    cases = [
        (dict(good, effective_on="28/02/2026"), "Ngày hiệu lực: phải sau hoặc bằng ngày quyết định"),
        (dict(good, decision_date="abc"), "Ngày quyết định: ngày không hợp lệ"),
        (dict(good, kind="thang_chuc"), "Hình thức: lựa chọn không hợp lệ"),
        (dict(good, position="999999"), "Chức vụ: lựa chọn không hợp lệ"),
        (dict(good, unit=tree["other"].pk), "Đơn vị: lựa chọn không hợp lệ"),
        (dict(good, decision_authority=""), "Cơ quan quyết định: không được để trống"),
        (dict(good, process_started_on="01/04/2026"), "Ngày bắt đầu quy trình: phải trước hoặc bằng ngày quyết định"),
        (dict(good, kind="mien_nhiem"), "không giữ chức vụ Phó Giám đốc"),
        (dict(good, effective_on="01/01/2020", decision_date="01/01/2020"), "không trước ngày hiệu lực"),
    ]  # fmt: skip
    for data, message in cases:
        response = clerk.post(url, data)
        assert response.status_code == 400, data
        assert message in _text(response), data
    assert not Appointment.objects.exists()
    assert Assignment.objects.filter(person=person).count() == 1


def test_appointment_pages_are_scoped(tree, personas, positions):
    person = _head(tree, positions, full_name="Lý Thị Trong")
    stranger = factories.person(
        full_name="Mai Văn Ngoài", unit=tree["other"], birth_date=D(1980, 1, 1)
    )
    services.appointment_record(
        by=personas["outsider"],
        person=stranger,
        kind="bo_nhiem",
        unit=tree["other"],
        position=positions["truong_phong"],
        decision_date=D(2026, 3, 1),
        effective_on=D(2026, 3, 1),
    )
    clerk = _client(personas["clerk"])
    assert clerk.get(f"/quy-hoach/bo-nhiem/ghi/{stranger.pk}/").status_code == 404
    assert clerk.get("/quy-hoach/bo-nhiem/ghi/abc/").status_code == 404
    leader = _client(personas["leader"])
    assert leader.get(f"/quy-hoach/bo-nhiem/ghi/{person.pk}/").status_code == 403
    assert "Mai Văn Ngoài" not in _text(clerk.get("/quy-hoach/bo-nhiem/"))
    assert "Mai Văn Ngoài" in _text(
        _client(personas["outsider"]).get("/quy-hoach/bo-nhiem/")
    )


def test_appointment_list_filters_and_queries(
    tree, personas, positions, django_assert_max_num_queries
):
    today = timezone.localdate()

    def reappoint(person, effective_on):
        return services.appointment_record(
            by=personas["clerk"],
            person=person,
            kind="bo_nhiem_lai",
            unit=tree["office"],
            position=positions["truong_phong"],
            decision_date=effective_on,
            effective_on=effective_on,
        ).obj

    # A term of 5 years ending within 90 days, and one ending in 2031.
    ending = reappoint(
        _head(tree, positions, full_name="Sắp Hết Nhiệm Kỳ"),
        D(today.year - 5, today.month, 1) + dt.timedelta(days=40),
    )
    assert today <= ending.term_end <= today + dt.timedelta(days=90)
    clerk = _client(personas["clerk"])
    few = _queries(clerk, "/quy-hoach/bo-nhiem/")
    for _ in range(4):
        reappoint(_head(tree, positions, full_name="Mới Bổ Nhiệm Lại"), D(2026, 3, 1))
    assert _queries(clerk, "/quy-hoach/bo-nhiem/") == few
    with django_assert_max_num_queries(10):
        soon = _text(clerk.get("/quy-hoach/bo-nhiem/?sap_het=on"))
    assert "Sắp Hết Nhiệm Kỳ" in soon and "Mới Bổ Nhiệm Lại" not in soon
    assert "Mới Bổ Nhiệm Lại" not in _text(
        clerk.get("/quy-hoach/bo-nhiem/?loai=mien_nhiem")
    )
    assert "Mới Bổ Nhiệm Lại" in _text(
        clerk.get(f"/quy-hoach/bo-nhiem/?loai=bo_nhiem_lai&don_vi={tree['home'].pk}")
    )
    assert clerk.get("/quy-hoach/bo-nhiem/?loai=x&don_vi=abc").status_code == 200


# --- Entry points --------------------------------------------------------------------


def test_person_page_and_navigation_link_to_the_pages(tree, personas, positions):
    person = _head(tree, positions)
    page = _text(_client(personas["clerk"]).get(person.get_absolute_url()))
    assert f"/quy-hoach/luan-chuyen/ghi/{person.pk}/" in page
    assert f"/quy-hoach/bo-nhiem/ghi/{person.pk}/" in page
    assert 'href="/quy-hoach/luan-chuyen/"' in page
    assert 'href="/quy-hoach/bo-nhiem/"' in page
    reader = _text(_client(personas["leader"]).get(person.get_absolute_url()))
    assert f"/quy-hoach/bo-nhiem/ghi/{person.pk}/" not in reader
