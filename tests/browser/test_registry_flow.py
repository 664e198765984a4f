"""Key flow of the registry in a real browser: log in, find "Nguyễn Thị Hương" by
typing "huong", open her profile, add an evaluation, see it in the history."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from cadre_registry.models import Evaluation
from tests import factories
from tests.browser.conftest import login
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_find_huong_add_an_evaluation_and_see_it_in_the_history(
    page, tree, personas, huong
):
    factories.person(full_name="Trần Văn Thắng", unit=tree["office"])
    factories.person(
        full_name="Lê Thị Hường Ngoài", unit=tree["other"]
    )  # outside the clerk's scope
    login(page, "clerk", PASSWORD)

    page.goto("/can-bo/")
    page.fill("#id_q", "huong")
    # htmx replaces the results as one types: wait for the filtered list.
    rows = page.locator("table.people tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Nguyễn Thị Hương")
    assert "huong" in page.url  # the search is in the address bar, so it can be shared
    assert "Ngoài" not in page.inner_text("table.people")

    page.click("text=Nguyễn Thị Hương")
    page.wait_for_selector("h1:has-text('Nguyễn Thị Hương')")
    assert "001180000123" in page.inner_text(".resume")

    section = page.locator("#evaluation")
    section.locator("text=+ Thêm").click()
    page.wait_for_selector("#evaluation form")
    page.fill("#evaluation input[name=year]", "2025")
    page.select_option(
        "#evaluation select[name=level]", label="Hoàn thành tốt nhiệm vụ"
    )
    page.fill("#evaluation input[name=score]", "85")
    page.click("#evaluation button:has-text('Lưu')")
    page.wait_for_selector("#evaluation td:has-text('2025')")
    assert "Hoàn thành tốt nhiệm vụ" in page.inner_text("#evaluation")
    assert Evaluation.objects.get(person=huong).year == 2025

    page.click("text=Lịch sử thay đổi")
    page.wait_for_selector("#changes table")
    changes = page.inner_text("#changes")
    assert (
        "Đánh giá, xếp loại chất lượng" in changes
        and "2025" in changes
        and "Hoàn thành tốt nhiệm vụ" in changes
    )
    page.screenshot(path=str(_artifact("registry_flow.png")), full_page=True)


def test_bad_evaluation_shows_the_field_error_inline(page, personas, huong):
    login(page, "clerk", PASSWORD)
    page.goto(huong.get_absolute_url())
    page.locator("#evaluation").locator("text=+ Thêm").click()
    page.fill("#evaluation input[name=year]", "1850")
    page.click("#evaluation button:has-text('Lưu')")
    page.wait_for_selector("#evaluation .error")
    assert "Năm đánh giá phải từ 1980" in page.inner_text("#evaluation")
    assert not Evaluation.objects.exists()


def test_unit_tree_expands_and_counts(page, tree, personas, huong):
    login(page, "admin", PASSWORD)
    page.goto("/don-vi/")
    page.click("summary:has-text('Tỉnh ủy Thử nghiệm')")
    page.wait_for_selector("text=Sở Nội vụ")
    assert "1" in page.inner_text("summary:has-text('Sở Nội vụ') .badge")


def _artifact(name):
    from pathlib import Path

    folder = Path(__file__).resolve().parents[2] / "var" / "test-artifacts"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / name


def test_dates_show_as_dd_mm_yyyy(page, tree, personas):
    person = factories.person(
        full_name="Phạm Văn Ngày", unit=tree["office"], birth_date=dt.date(1979, 9, 5)
    )
    login(page, "clerk", PASSWORD)
    page.goto(person.get_absolute_url())
    assert "05/09/1979" in page.inner_text(".resume")
