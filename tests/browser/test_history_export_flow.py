"""Exporting the filtered people's evaluations from the personnel list in a real
browser: the "Xuất quá trình" menu, with the list's current filter."""

import io

import openpyxl
import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser.conftest import ARTIFACTS, login
from tests.conftest import PASSWORD
from tests.exports.test_history_export import ROW_FACTORIES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_export_the_evaluations_of_the_filtered_list(page, tree, personas, huong):
    add_evaluations = ROW_FACTORIES["evaluations"]
    add_evaluations(huong, personas["admin"])
    thang = factories.person(full_name="Trần Văn Thắng", unit=tree["office"])
    add_evaluations(thang, personas["admin"])
    login(page, "clerk", PASSWORD)

    page.goto("/can-bo/")
    page.fill("#id_q", "huong")
    rows = page.locator("table.people tbody tr")
    expect(rows).to_have_count(1)  # htmx swapped the results and the menu's links

    menu = page.locator("#history-exports")
    menu.locator("summary:has-text('Xuất quá trình')").click()
    item = menu.locator("li", has_text="Đánh giá, xếp loại hằng năm")
    expect(item).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "history_export_menu.png"))
    with page.expect_download() as download_info:
        item.locator("a[data-format=xlsx]").click()
    download = download_info.value
    assert download.suggested_filename.startswith("danh-gia-")
    sheet = openpyxl.load_workbook(io.BytesIO(download.path().read_bytes())).active
    found = list(sheet.iter_rows(values_only=True))
    assert found[0] == (
        "Số CCCD",
        "Số hiệu cán bộ",
        "Họ và tên",
        "Năm",
        "Xếp loại",
        "Điểm",
        "Xếp loại thi đua",
        "Ghi chú",
    )
    assert found[1][:6] == (
        "001180000123",
        None,
        "Nguyễn Thị Hương",
        "2023",
        "Hoàn thành tốt nhiệm vụ",
        None,
    )
    assert len(found) == 3  # her two years; Thắng is filtered out
