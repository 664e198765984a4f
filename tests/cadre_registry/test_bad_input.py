"""Bad input gives a clear message or a 404, never a 500, and nothing half-saved."""

import pytest
from django.urls import reverse

from cadre_registry.models import Evaluation, Person


@pytest.mark.parametrize(
    "query",
    [
        {"unit": "abc"},
        {"unit": "99999999999999999999999"},
        {"unit": "-1"},
        {"age_min": "-5"},
        {"age_min": "x", "age_max": "10000"},
        {"after": "garbage"},
        {"after": "zz~abc"},
        {"after": "2020-13-45~5", "sort": "birth"},
        {"before": "~"},
        {"sort": "password"},
        {"desc": "maybe"},
        {"q": "<script>alert(1)</script>"},
        {"q": "' OR 1=1 --"},
        {"q": "x" * 5000},
        {"retiring_within": "99999999999999999999"},
        {"degree": "khong-co"},
        {"gender": "X"},
    ],
)
def test_list_survives_bad_query_strings(client, personas, huong, query):
    client.force_login(personas["clerk"])
    response = client.get(reverse("person_list"), query)
    assert response.status_code in (200, 404)
    assert "<script>alert(1)</script>" not in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/can-bo/99999999999999999999999/",
        "/can-bo/0/",
        "/don-vi/99999999999999999999/",
        "/can-bo/1/khong-co/them/",
        "/can-bo/1/evaluation/99999999999999999999/sua/",
    ],
)
def test_bad_urls_are_404(client, personas, huong, path):
    client.force_login(personas["clerk"])
    assert client.get(path).status_code == 404


def _create(client, tree, **overrides):
    data = {
        "full_name": "Lê Văn Mới",
        "gender": "M",
        "birth": "05/09/1985",
        "staff_kind": "cong_chuc",
        "unit": tree["office"].pk,
        "start": "01/01/2020",
    } | overrides
    return client.post(reverse("person_create"), data)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"birth": "31/02/1980"}, "Ngày sinh không tồn tại"),
        ({"birth": "1980-13-01"}, "Ngày sinh nhập theo dạng"),
        ({"birth": ""}, "Trường này là bắt buộc"),
        ({"full_name": "<b>Lê</b> Văn"}, "Họ và tên chỉ gồm chữ cái"),
        ({"full_name": "=HYPERLINK(1)"}, "Họ và tên chỉ gồm chữ cái"),
        ({"full_name": "   "}, "Trường này là bắt buộc"),
        ({"national_id": "12345678901"}, "Số CCCD phải gồm đúng 12 chữ số"),
        ({"national_id": "001180000123"}, "Số CCCD này đã có"),
        ({"start": "32/01/2020"}, "Ngày không hợp lệ"),
        ({"unit": "999999"}, "Hãy chọn một lựa chọn hợp lệ"),
        ({"gender": "X"}, "Hãy chọn một lựa chọn hợp lệ"),
        ({"party_official_on": "01/01/2010"}, "Nhập ngày vào Đảng trước"),
        (
            {"party_joined_on": "01/01/2012", "party_official_on": "01/01/2010"},
            "Ngày chính thức phải sau",
        ),
        ({"height_cm": "99999999"}, "Đảm bảo"),
        ({"social_insurance_no": "abc"}, "Số sổ BHXH"),
        ({"general_education": "13/12"}, "Giáo dục phổ thông"),
    ],
)
def test_create_person_with_bad_input_names_the_field(
    client, personas, huong, tree, overrides, message
):
    client.force_login(personas["clerk"])
    before = Person.objects.count()
    response = _create(client, tree, **overrides)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Person.objects.count() == before


def test_create_person_in_a_unit_outside_scope_is_refused(
    client, personas, huong, tree
):
    client.force_login(personas["clerk"])
    response = _create(client, tree, unit=tree["other"].pk)
    assert "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()
    assert not Person.objects.filter(full_name="Lê Văn Mới").exists()


def test_create_person_happy_path(client, personas, tree):
    client.force_login(personas["clerk"])
    response = _create(client, tree, birth="1985")
    person = Person.objects.get(full_name="Lê Văn Mới")
    assert response.status_code == 302 and response.url == person.get_absolute_url()
    assert (person.birth_date_precision, person.birth_date_display, person.unit) == (
        "year",
        "1985",
        tree["office"],
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"year": "1850", "level": "tot"}, "Năm đánh giá phải từ 1980"),
        ({"year": "2024", "level": "khong-co"}, "Hãy chọn một lựa chọn hợp lệ"),
        ({"year": "2024", "level": "tot", "score": "150"}, "Điểm phải từ 0 đến 100"),
        ({"year": "abc", "level": "tot"}, "Nhập một số nguyên"),
    ],
)
def test_bad_evaluation_is_refused_with_a_message(
    client, personas, huong, data, message
):
    from cadre_registry.models import EvaluationLevel

    client.force_login(personas["clerk"])
    if data["level"] == "tot":
        data = data | {
            "level": EvaluationLevel.objects.filter(code="tot")
            .order_by("-code_list__effective_from")
            .first()
            .pk
        }
    response = client.post(
        reverse("history_add", args=[huong.pk, "evaluation"]),
        data,
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Evaluation.objects.exists()


def test_end_before_start_is_refused(client, personas, huong):
    client.force_login(personas["clerk"])
    response = client.post(
        reverse("history_add", args=[huong.pk, "work"]),
        {"start": "01/01/2010", "end": "01/01/2005", "description": "Giáo viên"},
        headers={"HX-Request": "true"},
    )
    assert "Đến ngày phải sau" in response.content.decode()
    assert not huong.work_history.exists()
