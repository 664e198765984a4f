"""The statistics page (/thong-ke/) and its drill-down (/thong-ke/nguoi/), on the
dataset of tests/reports/statistics_data.py (figures worked out in
test_statistics.py): Sở Nội vụ at 01/01/2018 has 4 people, 1 woman (25.00%)."""

import re

import pytest
from django.shortcuts import resolve_url
from django.urls import reverse

from tests.reports import statistics_data

dataset = statistics_data.dataset  # the fixture

pytestmark = pytest.mark.django_db

URL = "/thong-ke/"
PEOPLE = "/thong-ke/nguoi/"


def test_the_paths():
    assert reverse("reports:statistics") == URL
    assert reverse("reports:statistics_people") == PEOPLE


def test_anonymous_goes_to_login(client, settings):
    for url in (URL, PEOPLE):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))


def test_auditor_is_refused(client, personas):
    client.force_login(personas["auditor"])
    assert client.get(URL).status_code == 403
    assert (
        client.get(PEOPLE, {"key": "headcount", "on": "01/01/2018"}).status_code == 403
    )


def test_the_form_and_todays_figures(client, personas, dataset):
    client.force_login(personas["leader"])
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Số liệu tính đến ngày" in page
    assert "So sánh với ngày" in page
    assert "làm tròn nửa lên đến hai chữ số thập phân" in page
    assert "Thống kê" in page  # the nav link


def test_figures_of_a_unit_at_a_date_link_to_their_people(
    client, personas, tree, dataset
):
    # The administrator: all four of SNV at D1 (for the clerk P3, now at SYT, is
    # out of sight: test_statistics.py).
    client.force_login(personas["admin"])
    unit = tree["home"]
    response = client.get(URL, {"unit": unit.pk, "on": "01/01/2018"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "số liệu đến ngày 01/01/2018" in page
    # The women's row: 1 of 4, 25.00%.
    link = f"{PEOPLE}?key=gender%3Afemale&amp;on=01%2F01%2F2018&amp;unit={unit.pk}"
    assert re.search(
        rf'<td>Nữ</td>\s*<td class="num"><a href="{re.escape(link)}">1</a></td>'
        r'\s*<td class="num">4</td>\s*<td class="num">25,00</td>',
        page,
    )
    assert "Trong đó: đại học trở lên" in page
    assert "42,0" in page  # mean age, with the Vietnamese decimal comma


def test_the_comparison(client, personas, tree, dataset):
    client.force_login(personas["admin"])
    response = client.get(
        URL, {"unit": tree["home"].pk, "on": "01/01/2024", "second": "01/01/2018"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    # Dates are put in order; women 25.00 → 66.67: +41.67 points.
    assert "01/01/2018 và 01/01/2024" in page
    assert re.search(
        r"<td>Nữ</td>.*?>1</a></td>\s*<td class=\"num\">25,00</td>.*?>2</a></td>"
        r"\s*<td class=\"num\">66,67</td>\s*<td class=\"num\">\+41,67</td>",
        page,
        re.S,
    )
    assert "-41,67" in page  # university or higher


def test_the_drill_down_lists_the_people_with_links(client, personas, tree, dataset):
    client.force_login(personas["clerk"])
    response = client.get(
        PEOPLE,
        {"key": "degree:university", "unit": tree["home"].pk, "on": "01/01/2018"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Trình độ chuyên môn: Đại học" in page
    assert (
        "<strong>2</strong> người" in page
    )  # P1, P2 (P3 is outside the clerk's scope now)
    for key in ("p1", "p2"):
        person = dataset[key]
        assert f'<a href="/can-bo/{person.pk}/">{person.full_name}</a>' in page
    assert dataset["p3"].full_name not in page
    assert dataset["p6"].full_name not in page


def test_the_administrator_sees_the_moved_person(client, personas, tree, dataset):
    client.force_login(personas["admin"])
    response = client.get(
        PEOPLE, {"key": "headcount", "unit": tree["home"].pk, "on": "01/01/2018"}
    )
    page = response.content.decode()
    assert "<strong>4</strong> người" in page
    assert dataset["p3"].full_name in page


def test_the_drill_down_is_paginated(client, personas, tree, dataset, monkeypatch):
    from reports import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    client.force_login(personas["admin"])
    query = {"key": "headcount", "unit": tree["home"].pk, "on": "01/01/2018"}
    first = client.get(PEOPLE, query).content.decode()
    assert "Trang 1/2" in first
    second = client.get(PEOPLE, {**query, "page": "2"}).content.decode()
    assert "Trang 2/2" in second
    assert client.get(PEOPLE, {**query, "page": "x'; --"}).status_code == 200


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"key": "degree:nope", "on": "01/01/2018"}, "Chỉ tiêu: không có chỉ tiêu"),
        ({"key": "<script>", "on": "01/01/2018"}, "Chỉ tiêu: không có chỉ tiêu"),
        ({"on": "01/01/2018"}, "Chỉ tiêu: cần nhập."),
        ({"key": "headcount", "on": "31/02/2018"}, "Số liệu tính đến ngày: ngày không"),
        ({"key": "headcount", "on": "2018-01-01' OR 1=1"}, "Số liệu tính đến ngày"),
        ({"key": "headcount"}, "Số liệu tính đến ngày: cần nhập."),
        ({"key": "headcount", "on": "01/01/3000"}, "Ngày phải nằm trong khoảng"),
    ],
)
def test_bad_drill_down_input_is_a_400_naming_the_field(
    client, personas, query, message
):
    client.force_login(personas["clerk"])
    response = client.get(PEOPLE, query)
    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"on": "32/01/2018"}, "Số liệu tính đến ngày: ngày không hợp lệ"),
        ({"on": "01/01/2018", "second": "abc"}, "So sánh với ngày: ngày không hợp lệ"),
        ({"on": "01/01/2018", "second": "01/01/2018"}, "So sánh với ngày: cần khác"),
    ],
)
def test_bad_page_input_is_a_400_naming_the_field(client, personas, query, message):
    client.force_login(personas["clerk"])
    response = client.get(URL, query)
    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.parametrize("value", ["other", "999999", "abc", "-1", "9" * 30])
def test_a_unit_outside_the_scope_is_404(client, personas, tree, value):
    client.force_login(personas["clerk"])
    unit = str(tree["other"].pk) if value == "other" else value
    assert client.get(URL, {"unit": unit, "on": "01/01/2018"}).status_code == 404
    response = client.get(
        PEOPLE, {"key": "headcount", "unit": unit, "on": "01/01/2018"}
    )
    assert response.status_code == 404


def test_ethnic_lists_need_the_sensitive_permission(client, personas, tree, dataset):
    query = {"key": "ethnic:minority", "unit": tree["home"].pk, "on": "01/01/2018"}
    client.force_login(personas["plainclerk"])
    response = client.get(PEOPLE, query)
    assert response.status_code == 403
    assert "nhạy cảm" in response.content.decode()
    client.force_login(personas["clerk"])
    page = client.get(PEOPLE, query).content.decode()
    assert dataset["p2"].full_name in page


def test_page_queries_do_not_grow_with_the_people(
    client, personas, tree, dataset, django_assert_max_num_queries
):
    client.force_login(personas["clerk"])
    client.get(URL)  # session and user loaded once
    with django_assert_max_num_queries(25):
        client.get(URL, {"unit": tree["home"].pk, "on": "01/01/2018"})
    with django_assert_max_num_queries(25):
        client.get(PEOPLE, {"key": "headcount", "on": "01/01/2018"})
