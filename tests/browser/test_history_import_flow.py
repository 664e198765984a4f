"""Importing a person's salary history in a real browser: choose the kind on the
import page, download its template, upload → preview with the rejected row →
error workbook → confirm → done, then the rows on the person's page with the
import named in the change history."""

import io

import openpyxl
import pytest
from playwright.sync_api import expect

from cadre_registry.models import SalaryRecord
from tests import factories
from tests.browser.conftest import login
from tests.conftest import PASSWORD
from tests.imports.conftest import xlsx_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADERS = ["Số hiệu cán bộ", "Họ và tên", "Mã ngạch", "Bậc", "Hệ số", "Ngày hưởng"]


def test_salary_history_import_from_the_import_page(page, tree, personas, tmp_path):
    person = factories.person(
        full_name="Vũ Thị Lành",
        unit=tree["office"],
        personnel_code="CB0701",
        by=personas["admin"],
    )
    good = ["CB0701", "Vu Thi Lanh", "01.003", 3, "", "01/07/2024"]
    bad = ["CB0701", "Vũ Thị Lành", "01.003", 12, "", "01/07/2025"]
    path = tmp_path / "luong.xlsx"
    path.write_bytes(xlsx_bytes(HEADERS, [good, bad]))

    login(page, "clerk", PASSWORD)
    page.goto("/nhap-du-lieu/")
    with page.expect_download() as template_info:
        page.click("a:has-text('Quá trình lương')")
    template = openpyxl.load_workbook(
        io.BytesIO(template_info.value.path().read_bytes())
    )
    headers = [c.value for c in template.worksheets[0][1]]
    assert {"Mã ngạch", "Bậc", "Hệ số", "Ngày hưởng"} <= set(headers)

    page.select_option("select[name=resource]", "salaries")
    page.set_input_files("input[name=file]", str(path))
    page.click("button:has-text('Tải lên và kiểm tra')")
    expect(page.locator("#job-state")).to_have_text("Đã kiểm tra, chờ xác nhận")
    expect(page.locator("#count-new")).to_have_text("1")
    expect(page.locator("#count-rejected")).to_have_text("1")
    errors = page.inner_text("table.grid")
    assert "Bậc" in errors and "chỉ có bậc 1 đến 9" in errors
    assert not SalaryRecord.objects.exists()  # a dry run

    with page.expect_download() as download_info:
        page.click("#error-workbook")
    rows = list(
        openpyxl.load_workbook(
            io.BytesIO(download_info.value.path().read_bytes())
        ).active.iter_rows(values_only=True)
    )
    assert rows[0][-1] == "Lý do" and rows[1][3] == 12
    assert "chỉ có bậc 1 đến 9" in rows[1][-1]

    page.click("#confirm")
    expect(page.locator("#job-state")).to_have_text("Hoàn thành")
    record = SalaryRecord.objects.get(person=person)
    assert (record.step, str(record.coefficient)) == (3, "3.00")

    page.goto(f"/can-bo/{person.pk}/")
    expect(page.locator("body")).to_contain_text("3,00")
    page.goto(f"/can-bo/{person.pk}/lich-su-thay-doi/")
    expect(page.locator("body")).to_contain_text("Nhập dữ liệu #")
