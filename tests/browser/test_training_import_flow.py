"""Importing learners in a real browser: from the classes list to the import page,
upload → dry-run preview with the rejected row → error workbook → confirm → done."""

import datetime as dt
import io

import openpyxl
import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser.conftest import login
from tests.conftest import PASSWORD
from tests.imports.conftest import xlsx_bytes
from training import services
from training.models import CourseType, Enrolment
from training.reference_loader import load_course_types

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADERS = ["Tên lớp", "Ngày khai giảng", "Số hiệu cán bộ", "Họ và tên", "Mã đơn vị cử"]
HEADERS += ["Trạng thái", "Ngày cử", "Ngày kết thúc học"]


def test_learners_import_from_the_classes_list(page, tree, personas, tmp_path):
    if not CourseType.objects.exists():
        load_course_types()
    services.cohort_create(
        by=personas["admin"],
        name="Trung cấp LLCT K12",
        course_type=CourseType.objects.get(code="llct_trung_cap"),
        mode="khong_tap_trung",
        institution="Trường Chính trị tỉnh",
        organising_unit=tree["home"],
        start=dt.date(2026, 3, 1),
        end=dt.date(2026, 10, 30),
        capacity=5,
    )
    factories.person(
        full_name="Đặng Văn Một",
        unit=tree["office"],
        personnel_code="CB0001",
        by=personas["admin"],
    )
    good = ["Trung cấp LLCT K12", "01/03/2026", "CB0001", "Đặng Văn Một", "SNV"]
    good += ["Hoàn thành", "15/01/2026", "30/10/2026"]
    bad = ["Trung cấp LLCT K12", "01/03/2026", "CB0001", "Đặng Văn Một", "SNV"]
    bad[2] = "CB0404"
    bad += ["Được cử", "15/01/2026", ""]
    path = tmp_path / "hoc-vien.xlsx"
    path.write_bytes(xlsx_bytes(HEADERS, [good, bad]))

    login(page, "clerk", PASSWORD)
    page.goto("/dao-tao/")
    page.click("#import-enrolments")
    expect(page.locator("select[name=resource]")).to_have_value("enrolments")
    page.set_input_files("input[name=file]", str(path))
    page.click("button:has-text('Tải lên và kiểm tra')")

    expect(page.locator("#job-state")).to_have_text("Đã kiểm tra, chờ xác nhận")
    expect(page.locator("#count-new")).to_have_text("1")
    expect(page.locator("#count-rejected")).to_have_text("1")
    errors = page.inner_text("table.grid")
    assert "3" in errors and "Số hiệu cán bộ" in errors and "CB0404" in errors
    assert not Enrolment.objects.exists()

    with page.expect_download() as download_info:
        page.click("#error-workbook")
    rows = list(
        openpyxl.load_workbook(
            io.BytesIO(download_info.value.path().read_bytes())
        ).active.iter_rows(values_only=True)
    )
    assert rows[0][-1] == "Lý do" and rows[1][2] == "CB0404"

    page.click("#confirm")
    expect(page.locator("#job-state")).to_have_text("Hoàn thành")
    enrolment = Enrolment.objects.get()
    assert enrolment.status == "completed" and enrolment.training_record is not None
