"""Training pages: who sees what (404 outside the units, 403 read-only), the happy
paths, a multi-unit class roster, and bad input that never gives a 500."""

import datetime as dt

import pytest
from django.urls import reverse

from cadre_registry.models import PoliticalTheoryLevel
from tests import factories
from training import services
from training.models import Cohort, Enrolment, PlanQuota, TrainingPlan

JAN = dt.date(2026, 1, 15)


@pytest.fixture
def plan(tree, personas, course_types):
    plan = services.plan_create(
        by=personas["clerk"], unit=tree["home"], title="Kế hoạch 2026", year_from=2026
    )
    services.plan_quota_set(
        plan=plan,
        by=personas["clerk"],
        course_type=course_types["llct_cao_cap"],
        mode="tap_trung",
        quota=4,
    )
    return plan


@pytest.fixture
def mixed(tree, personas, cohort, huong):
    """The provincial class with Hương (Sở Nội vụ) and Bình (Sở Y tế)."""
    binh = factories.person(full_name="Lê Văn Bình", unit=tree["other"])
    services.enrolments_nominate(
        cohort=cohort,
        people=[huong],
        nominating_unit=tree["home"],
        nominated_on=JAN,
        by=personas["clerk"],
    )
    services.enrolments_nominate(
        cohort=cohort,
        people=[binh],
        nominating_unit=tree["other"],
        nominated_on=JAN,
        by=personas["outsider"],
    )
    return {"huong": huong, "binh": binh}


def _urls(cohort, plan, huong):
    return {
        "cohort_list": reverse("training:cohort_list"),
        "plan_list": reverse("training:plan_list"),
        "plan_create": reverse("training:plan_create"),
        "plan_detail": reverse("training:plan_detail", args=[plan.pk]),
        "cohort_create": reverse("training:cohort_create"),
        "cohort_detail": reverse("training:cohort_detail", args=[cohort.pk]),
        "cohort_edit": reverse("training:cohort_edit", args=[cohort.pk]),
        "cohort_nominate": reverse("training:cohort_nominate", args=[cohort.pk]),
        "cohort_results": reverse("training:cohort_results", args=[cohort.pk]),
        "person_training": reverse("training:person_training", args=[huong.pk]),
    }


MATRIX = {
    "admin": dict.fromkeys(
        [
            "cohort_list",
            "plan_list",
            "plan_create",
            "plan_detail",
            "cohort_create",
            "cohort_detail",
            "cohort_edit",
            "cohort_nominate",
            "cohort_results",
            "person_training",
        ],
        200,
    ),
    # The clerk sees the provincial class (run above their unit) but may not edit it.
    "clerk": {
        "cohort_list": 200,
        "plan_list": 200,
        "plan_create": 200,
        "plan_detail": 200,
        "cohort_create": 200,
        "cohort_detail": 200,
        "cohort_edit": 403,
        "cohort_nominate": 200,
        "cohort_results": 200,
        "person_training": 200,
    },
    "leader": {
        "cohort_list": 200,
        "plan_list": 200,
        "plan_create": 403,
        "plan_detail": 200,
        "cohort_create": 403,
        "cohort_detail": 200,
        "cohort_edit": 403,
        "cohort_nominate": 403,
        "cohort_results": 403,
        "person_training": 200,
    },
    "auditor": {
        "cohort_list": 200,
        "plan_list": 200,
        "plan_create": 403,
        "plan_detail": 404,
        "cohort_create": 403,
        "cohort_detail": 404,
        "cohort_edit": 404,
        "cohort_nominate": 404,
        "cohort_results": 404,
        "person_training": 404,
    },
    # Sở Y tế: sees the provincial class, not Sở Nội vụ's plan nor Hương.
    "outsider": {
        "cohort_list": 200,
        "plan_list": 200,
        "plan_create": 200,
        "plan_detail": 404,
        "cohort_create": 200,
        "cohort_detail": 200,
        "cohort_edit": 403,
        "cohort_nominate": 200,
        "cohort_results": 200,
        "person_training": 404,
    },
}


@pytest.mark.parametrize("persona", list(MATRIX))
def test_scoping_matrix(client, personas, cohort, plan, huong, persona):
    client.force_login(personas[persona])
    got = {
        name: client.get(url).status_code
        for name, url in _urls(cohort, plan, huong).items()
    }
    assert got == MATRIX[persona]


def test_anonymous_goes_to_login(client, cohort, plan, huong):
    for url in _urls(cohort, plan, huong).values():
        response = client.get(url)
        assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_a_class_run_by_a_sibling_unit_is_invisible(
    client, personas, tree, course_types
):
    sibling = services.cohort_create(
        by=personas["outsider"],
        name="Lớp của Sở Y tế",
        course_type=course_types["tin_hoc"],
        mode="khong_tap_trung",
        institution="Sở Y tế",
        organising_unit=tree["other"],
        start=dt.date(2026, 5, 1),
        end=dt.date(2026, 5, 10),
        capacity=20,
    )
    client.force_login(personas["clerk"])
    assert client.get(sibling.get_absolute_url()).status_code == 404
    assert "Lớp của Sở Y tế" not in client.get(reverse("training:cohort_list")).text


def test_each_organizer_sees_only_their_people_in_a_provincial_class(
    client, personas, cohort, mixed
):
    client.force_login(personas["clerk"])
    page = client.get(cohort.get_absolute_url()).text
    assert "Nguyễn Thị Hương" in page and "Lê Văn Bình" not in page
    assert "2 / 10" in page  # seats count everyone
    results = client.get(reverse("training:cohort_results", args=[cohort.pk])).text
    assert "Nguyễn Thị Hương" in results and "Lê Văn Bình" not in results

    client.force_login(personas["outsider"])
    page = client.get(cohort.get_absolute_url()).text
    assert "Lê Văn Bình" in page and "Nguyễn Thị Hương" not in page

    client.force_login(personas["admin"])
    page = client.get(cohort.get_absolute_url()).text
    assert "Lê Văn Bình" in page and "Nguyễn Thị Hương" in page


def test_results_for_someone_elses_learner_are_refused(client, personas, cohort, mixed):
    other = Enrolment.objects.get(person=mixed["binh"])
    client.force_login(personas["clerk"])
    response = client.post(
        reverse("training:cohort_results", args=[cohort.pk]),
        {
            "kq-TOTAL_FORMS": "1",
            "kq-INITIAL_FORMS": "1",
            "kq-0-enrolment": str(other.pk),
            "kq-0-status": "completed",
            "kq-0-finished_on": "30/10/2026",
        },
    )
    assert response.status_code == 400
    assert Enrolment.objects.get(pk=other.pk).status == "nominated"


def test_plan_create_and_quota_pages(client, personas, tree, course_types):
    client.force_login(personas["clerk"])
    response = client.post(
        reverse("training:plan_create"),
        {"unit": tree["home"].pk, "title": "KH 2027", "year_from": "2027"},
    )
    plan = TrainingPlan.objects.get(title="KH 2027")
    assert (
        response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    )
    response = client.post(
        plan.get_absolute_url(),
        {
            "course_type": course_types["llct_trung_cap"].pk,
            "mode": "khong_tap_trung",
            "quota": "12",
        },
    )
    assert response.status_code == 302
    assert PlanQuota.objects.get(plan=plan).quota == 12
    page = client.get(reverse("training:plan_list")).text
    assert "Trung cấp lý luận chính trị" in page and "12" in page


def test_open_a_class_then_nominate_from_a_filtered_list(
    client, personas, tree, course_types
):
    client.force_login(personas["clerk"])
    response = client.post(
        reverse("training:cohort_create"),
        {
            "name": "Trung cấp LLCT K12",
            "course_type": course_types["llct_trung_cap"].pk,
            "mode": "khong_tap_trung",
            "institution": "Trường Chính trị tỉnh",
            "organising_unit": tree["home"].pk,
            "start": "01/03/2027",
            "end": "30/12/2027",
            "capacity": "40",
            "status": "planned",
        },
    )
    assert response.status_code == 302, response.text
    cohort = Cohort.objects.get(name="Trung cấp LLCT K12")
    trung_cap = PoliticalTheoryLevel.objects.get(
        code="trung_cap", code_list__key="CR-LLCT"
    )
    has = factories.person(
        full_name="Đã Có Trung Cấp", unit=tree["office"], political_theory=trung_cap
    )
    lacks = factories.person(full_name="Chưa Có Ai", unit=tree["office"])
    url = reverse("training:cohort_nominate", args=[cohort.pk])
    page = client.get(url + "?thieu=1").text
    assert "Chưa Có Ai" in page and "Đã Có Trung Cấp" not in page
    # htmx asks for the candidate table only
    fragment = client.get(url + "?thieu=1", headers={"HX-Request": "true"}).text
    assert "<html" not in fragment and "Chưa Có Ai" in fragment
    response = client.post(
        url,
        {
            "people": [lacks.pk, has.pk],
            "nominating_unit": tree["home"].pk,
            "nominated_on": "15/01/2027",
            "sponsorship": "ngan_sach",
        },
    )
    assert response.status_code == 302
    assert set(cohort.enrolments.values_list("person_id", flat=True)) == {
        lacks.pk,
        has.pk,
    }


BAD_PLANS = [
    (
        {"unit": "", "title": "", "year_from": ""},
        ["Đơn vị: không được để trống", "Tên kế hoạch: không được để trống"],
    ),
    (
        {"unit": "999999", "title": "X", "year_from": "2026"},
        ["Đơn vị: lựa chọn không hợp lệ"],
    ),
    ({"unit": "abc", "title": "X", "year_from": "năm"}, ["Từ năm: nhập một số nguyên"]),
    ({"title": "X", "year_from": "2027", "year_to": "2026"}, ["Đến năm: phải sau"]),
    ({"title": "X", "year_from": "1800"}, ["Từ năm: phải lớn hơn"]),
    ({"title": "   ", "year_from": "2026"}, ["Tên kế hoạch: không được để trống"]),
]


@pytest.mark.parametrize(("data", "messages"), BAD_PLANS)
def test_bad_plan_input_names_the_field(client, personas, tree, data, messages):
    client.force_login(personas["clerk"])
    data = {"unit": tree["home"].pk, **data}
    response = client.post(reverse("training:plan_create"), data)
    assert response.status_code == 200
    for message in messages:
        assert message in response.text
    assert not TrainingPlan.objects.exists()


BAD_COHORTS = [
    ({"capacity": "0"}, "Số học viên tối đa: phải lớn hơn hoặc bằng 1"),
    ({"capacity": "-5"}, "Số học viên tối đa: phải lớn hơn hoặc bằng 1"),
    ({"capacity": "mười"}, "Số học viên tối đa: nhập một số nguyên"),
    ({"start": "31/02/2027"}, "Ngày khai giảng: ngày không hợp lệ"),
    ({"end": "01/01/2027"}, "Ngày bế giảng: phải sau hoặc bằng ngày khai giảng"),
    ({"mode": "ban_thoi_gian"}, "Hệ: lựa chọn không hợp lệ"),
    ({"course_type": "99999999999999999999"}, "Loại khóa: lựa chọn không hợp lệ"),
    ({"organising_unit": ""}, "Đơn vị tổ chức (mở lớp): không được để trống"),
    ({"name": "x" * 300}, "Tên lớp: tối đa 255 ký tự"),
]


@pytest.mark.parametrize(("change", "message"), BAD_COHORTS)
def test_bad_class_input_names_the_field(
    client, personas, tree, course_types, change, message
):
    client.force_login(personas["clerk"])
    data = {
        "name": "Lớp thử",
        "course_type": course_types["tin_hoc"].pk,
        "mode": "tap_trung",
        "institution": "Trường",
        "organising_unit": tree["home"].pk,
        "start": "01/03/2027",
        "end": "30/03/2027",
        "capacity": "30",
        "status": "planned",
        **change,
    }
    response = client.post(reverse("training:cohort_create"), data)
    assert response.status_code == 200
    assert message in response.text
    assert not Cohort.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Người được cử: chọn ít nhất một người"),
        ({"people": ["abc"]}, "Người được cử"),
        ({"people": ["99999999999999999999999"]}, "Người được cử"),
        ({"people": ["-1"]}, "Người được cử: lựa chọn không hợp lệ"),
        ({"nominated_on": "2026-13-01"}, "Ngày cử: ngày không hợp lệ"),
        ({"sponsorship": "free"}, "Kinh phí: lựa chọn không hợp lệ"),
    ],
)
def test_bad_nomination_input(client, personas, tree, cohort, huong, data, message):
    client.force_login(personas["clerk"])
    base = {
        "people": [huong.pk],
        "nominating_unit": tree["home"].pk,
        "nominated_on": "15/01/2026",
        "sponsorship": "ngan_sach",
    }
    base.update(data)
    if not data:
        base.pop("people")
    response = client.post(reverse("training:cohort_nominate", args=[cohort.pk]), base)
    assert response.status_code == 400
    assert message in response.text
    assert not Enrolment.objects.exists()


def test_nominating_someone_outside_scope_by_id_is_refused(
    client, personas, tree, cohort
):
    stranger = factories.person(unit=tree["other"])
    client.force_login(personas["clerk"])
    response = client.post(
        reverse("training:cohort_nominate", args=[cohort.pk]),
        {
            "people": [stranger.pk],
            "nominating_unit": tree["home"].pk,
            "nominated_on": "15/01/2026",
            "sponsorship": "ngan_sach",
        },
    )
    assert response.status_code == 400 and "ngoài phạm vi" in response.text
    assert not Enrolment.objects.exists()


def test_a_full_class_says_so(client, personas, tree, cohort):
    cohort.capacity = 1
    cohort.save()
    people = [factories.person(unit=tree["office"]) for _ in range(2)]
    client.force_login(personas["clerk"])
    response = client.post(
        reverse("training:cohort_nominate", args=[cohort.pk]),
        {
            "people": [p.pk for p in people],
            "nominating_unit": tree["home"].pk,
            "nominated_on": "15/01/2026",
            "sponsorship": "ngan_sach",
        },
    )
    assert response.status_code == 400 and "Lớp chỉ còn 1 chỗ" in response.text


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            {"kq-0-status": "completed", "kq-0-finished_on": "01/11/2026"},
            "trong thời gian học",
        ),
        (
            {"kq-0-status": "completed", "kq-0-finished_on": "hôm qua"},
            "Ngày kết thúc học: ngày không hợp lệ",
        ),
        ({"kq-0-status": "graduated"}, "Trạng thái: lựa chọn không hợp lệ"),
        ({"kq-0-enrolment": "abc"}, "Dòng không hợp lệ"),
        ({"kq-0-enrolment": "99999999"}, "không thuộc lớp này"),
        ({"kq-TOTAL_FORMS": "x"}, ""),
    ],
)
def test_bad_results_input(client, personas, cohort, mixed, row, message):
    mine = Enrolment.objects.get(person=mixed["huong"])
    client.force_login(personas["clerk"])
    data = {
        "kq-TOTAL_FORMS": "1",
        "kq-INITIAL_FORMS": "1",
        "kq-0-enrolment": str(mine.pk),
        "kq-0-status": "completed",
        "kq-0-finished_on": "30/10/2026",
        **row,
    }
    response = client.post(reverse("training:cohort_results", args=[cohort.pk]), data)
    assert response.status_code == 400
    assert message in response.text
    assert Enrolment.objects.get(pk=mine.pk).status == "nominated"


def test_results_page_completes_and_the_person_tab_shows_it(
    client, personas, cohort, mixed
):
    mine = Enrolment.objects.get(person=mixed["huong"])
    client.force_login(personas["clerk"])
    response = client.post(
        reverse("training:cohort_results", args=[cohort.pk]),
        {
            "kq-TOTAL_FORMS": "1",
            "kq-INITIAL_FORMS": "1",
            "kq-0-enrolment": str(mine.pk),
            "kq-0-status": "completed",
            "kq-0-finished_on": "30/10/2026",
            "kq-0-result": "Giỏi",
            "kq-0-certificate_number": "CC-123",
            "kq-0-certificate_date": "15/11/2026",
        },
    )
    assert response.status_code == 302
    tab = client.get(
        reverse("training:person_training", args=[mixed["huong"].pk]),
        headers={"HX-Request": "true"},
    ).text
    assert "Hoàn thành (30/10/2026)" in tab and "CC-123" in tab and "<html" not in tab
    detail = client.get(mixed["huong"].get_absolute_url()).text
    assert "Cao cấp lý luận chính trị" in detail  # the 2C training table row
    assert "training-tab" in detail


@pytest.mark.parametrize(
    "url",
    [
        "/dao-tao/lop/99999999999999999999999/",
        "/dao-tao/lop/0/",
        "/dao-tao/ke-hoach/99999999999999999999/",
        "/dao-tao/can-bo/99999999999999999999/",
        "/dao-tao/lop/abc/",
        "/dao-tao/?nam=abc",
        "/dao-tao/?nam=99999999999999999999",
    ],
)
def test_junk_urls_never_500(client, personas, url):
    client.force_login(personas["admin"])
    assert client.get(url).status_code in (200, 404)


def test_nominate_page_ignores_bad_filters(client, personas, cohort):
    client.force_login(personas["clerk"])
    response = client.get(
        reverse("training:cohort_nominate", args=[cohort.pk])
        + "?age_min=abc&unit=999999999999&after=zzz&degree=%00"
    )
    assert response.status_code in (200, 404)


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_pages_make_the_same_queries_for_many_learners(
    client, personas, tree, cohort, plan
):
    client.force_login(personas["clerk"])

    def add(n):
        services.enrolments_nominate(
            cohort=cohort,
            people=[factories.person(unit=tree["office"]) for _ in range(n)],
            nominating_unit=tree["home"],
            nominated_on=JAN,
            by=personas["clerk"],
        )

    urls = [
        cohort.get_absolute_url(),
        reverse("training:cohort_results", args=[cohort.pk]),
        reverse("training:cohort_nominate", args=[cohort.pk]),
        reverse("training:cohort_list"),
        reverse("training:plan_list"),
        plan.get_absolute_url(),
    ]
    add(2)
    few = [_queries(client, url) for url in urls]
    cohort.capacity = 50
    cohort.save()
    add(20)
    many = [_queries(client, url) for url in urls]
    assert few == many
