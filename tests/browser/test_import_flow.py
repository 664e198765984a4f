"""The import flow in a real browser: upload → dry-run preview → error workbook →
confirm → done; and the same with the work done by a real Celery worker, the page's
progress bar updating itself."""

import csv
import io

import openpyxl
import pytest
from playwright.sync_api import expect

from cadre_registry.models import ImportJob, Person
from tests.browser.conftest import login
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = [
    "Số CCCD",
    "Họ và tên",
    "Giới tính",
    "Ngày sinh",
    "Mã đơn vị",
    "Ngày bắt đầu công tác tại đơn vị",
]


def _people_csv(path, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


GOOD = [
    ["001190000001", "Đặng Văn Một", "Nam", "05/09/1985", "SNV-CC", "01/01/2020"],
    ["001190000002", "Lò Thị Hai", "Nữ", "1990", "SNV-CC", "01/02/2021"],
    ["001190000003", "Hoàng Văn Ba", "nam", "7/3/1979", "SNV", "15/03/2019"],
]
BAD = ["001190000004", "Vũ Thị Bốn", "Nữ", "31/02/1980", "SNV-CC", "01/01/2020"]


def _upload(page, path):
    page.goto("/nhap-du-lieu/")
    page.select_option("select[name=resource]", "people")
    page.set_input_files("input[name=file]", str(path))
    page.click("button:has-text('Tải lên và kiểm tra')")


def test_upload_preview_error_workbook_confirm_done(page, tree, personas, tmp_path):
    login(page, "clerk", PASSWORD)
    _upload(page, _people_csv(tmp_path / "can-bo.csv", [*GOOD, BAD]))

    expect(page.locator("#job-state")).to_have_text("Đã kiểm tra, chờ xác nhận")
    expect(page.locator("#count-new")).to_have_text("3")
    expect(page.locator("#count-rejected")).to_have_text("1")
    errors = page.inner_text("table.grid")
    assert "5" in errors and "Ngày sinh" in errors and "31/02/1980" in errors
    assert Person.objects.count() == 0  # a dry run writes nothing

    with page.expect_download() as download_info:
        page.click("#error-workbook")
    sheet = openpyxl.load_workbook(
        io.BytesIO(download_info.value.path().read_bytes())
    ).active
    rows = list(sheet.iter_rows(values_only=True))
    assert (
        rows[0][-1] == "Lý do"
        and rows[1][1] == "Vũ Thị Bốn"
        and "31/02/1980" in rows[1][-1]
    )

    page.click("#confirm")
    expect(page.locator("#job-state")).to_have_text("Hoàn thành")
    assert set(Person.objects.values_list("full_name", flat=True)) == {
        "Đặng Văn Một",
        "Lò Thị Hai",
        "Hoàng Văn Ba",
    }
    page.screenshot(path=str(tmp_path / "done.png"))


def test_large_file_runs_in_the_worker_with_a_live_progress_bar(
    page, tree, personas, tmp_path, settings, celery_worker_process
):
    settings.IMPORT_BACKGROUND_BYTES = 10  # every file counts as large
    login(page, "clerk", PASSWORD)
    _upload(page, _people_csv(tmp_path / "lon.csv", GOOD))
    expect(page.locator("#job-state")).to_have_text(
        "Đã kiểm tra, chờ xác nhận", timeout=60000
    )
    page.reload()  # the state survives a reload
    expect(page.locator("#count-new")).to_have_text("3")
    page.click("#confirm")
    expect(page.locator("#job-state")).to_have_text("Hoàn thành", timeout=60000)
    assert Person.objects.count() == 3
    assert (
        ImportJob.objects.get().attempts >= 2
    )  # checked, then imported, by the worker
