"""Periodic reports in a real browser, with a real Celery worker: an administrator
defines a report for the clerk's unit, sent to the leader, and asks for its
figures at once; the worker makes the snapshot while the page polls; the leader
opens it from the bell in the header, freezes it and sees "Đã chốt", then prints
the statistical report PDF from the snapshot's page."""

import datetime as dt
import os
import shutil
import subprocess
import tempfile

import pytest
from playwright.sync_api import expect

from reports.models import ReportDefinition, Snapshot
from tests import factories
from tests.browser.conftest import ARTIFACTS, login
from tests.conftest import PASSWORD
from training.models import CourseType
from training.reference_loader import load_course_types

pytestmark = [
    pytest.mark.browser,
    pytest.mark.celery,
    pytest.mark.django_db(transaction=True),
]


def _pdf_text(content: bytes) -> str:
    if not shutil.which("pdftotext"):
        if os.environ.get("CI"):
            pytest.fail("pdftotext is missing in CI (.ci/run installs poppler-utils)")
        pytest.skip("pdftotext is not installed (apt-get install poppler-utils)")
    # pdftotext needs a seekable file, not a pipe.
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(content)
        pdf.flush()
        result = subprocess.run(
            ["pdftotext", pdf.name, "-"], capture_output=True, check=True
        )
    return " ".join(result.stdout.decode().split())


@pytest.fixture
def course_types(reference):
    # The transactional flush of a live-server test empties the migration's rows.
    if not CourseType.objects.exists():
        load_course_types()


def test_define_make_open_from_the_bell_and_freeze(
    page, tree, personas, course_types, celery_worker_process
):
    admin, leader = personas["admin"], personas["leader"]
    for gender in ("F", "F", "M", "M"):
        factories.person(unit=tree["office"], gender=gender, by=admin)
    factories.person(unit=tree["other"], gender="F", by=admin)  # outside the unit

    # 1. The administrator defines the report and its schedule.
    login(page, "admin", PASSWORD)
    page.screenshot(path=str(ARTIFACTS / "snapshot_flow_header.png"))
    page.click("#my-reports")
    page.click("text=+ Định nghĩa báo cáo")
    page.fill("#id_name", "Chất lượng cán bộ Sở Nội vụ")
    page.check("input[name=tables][value=nhan_su]")
    page.select_option("#id_unit", label="Sở Nội vụ")
    page.select_option("#id_period", value="yearly")
    page.select_option("#id_owner", label="clerk (Cán bộ tổ chức)")
    page.check(f"input[name=recipients][value='{leader.pk}']")
    page.check("#id_scheduled")
    page.fill("#id_day_of_month", "2")
    page.fill("#id_hour", "6")
    page.fill("#id_minute", "15")
    page.click("button:has-text('Lưu')")
    page.wait_for_selector("h1:has-text('Chất lượng cán bộ Sở Nội vụ')")
    assert "Ngày 2, tháng 1, lúc 6 giờ 15 phút" in page.inner_text(".facts")
    definition = ReportDefinition.objects.get()
    assert definition.schedule.enabled

    # 2. "Lập số liệu ngay": the task goes to the worker, the page polls for it.
    on = dt.date.today().replace(day=1) - dt.timedelta(days=1)
    page.fill("#id_on", on.strftime("%d/%m/%Y"))
    page.click("#make-snapshot")
    page.wait_for_selector("text=Đã gửi yêu cầu lập số liệu")
    snapshots = page.locator("#snapshots")
    expect(snapshots.locator("tbody tr")).to_have_count(1, timeout=60000)
    expect(page.locator("#waiting")).to_have_count(0)
    row = snapshots.locator("tbody tr").first
    expect(row).to_contain_text(on.strftime("%d/%m/%Y"))
    expect(row).to_contain_text("admin")  # made by, not "tự động"
    expect(row).to_contain_text("Chưa chốt")
    snapshot = Snapshot.objects.get()
    assert snapshot.task_id  # made by the worker, not in the request
    page.screenshot(path=str(ARTIFACTS / "snapshot_flow_definition.png"))
    page.click(".userbox button:has-text('Đăng xuất')")
    page.wait_for_url("**/dang-nhap/**")

    # 3. The leader opens it from the bell.
    login(page, "leader", PASSWORD)
    expect(page.locator("#bell-count")).to_have_text("1")
    page.click("#bell")
    page.click(f"text=số liệu đến {on:%d/%m/%Y} đã sẵn sàng")
    page.wait_for_selector(f"h1:has-text('số liệu đến ngày {on:%d/%m/%Y}')")
    expect(page.locator("#bell-count")).to_be_hidden()
    table = page.locator("#table-nhan_su")
    women = table.locator("tr", has_text="Nữ").first
    assert women.locator("td").all_inner_texts()[1:] == ["2", "4", "50,00"]
    expect(page.locator("#changes")).to_contain_text("kỳ số liệu đầu tiên")
    expect(page.locator("#files")).to_contain_text("Excel")

    # 4. Chốt số liệu.
    page.click("#freeze")
    page.wait_for_selector("text=Đã chốt số liệu.")
    expect(page.locator("#frozen-state")).to_contain_text("Đã chốt")
    expect(page.locator("#frozen-state")).to_contain_text("bởi leader")
    expect(page.locator("#freeze")).to_have_count(0)
    expect(page.locator("#refresh")).to_have_count(0)
    snapshot.refresh_from_db()
    assert snapshot.frozen_by == leader
    page.screenshot(path=str(ARTIFACTS / "snapshot_flow_frozen.png"), full_page=True)

    # 5. "In báo cáo (PDF)" opens the report in a new tab; the document is fetched
    # again with the browser's session (Chromium shows it in its viewer).
    context = page.context
    with context.expect_event("response", lambda r: "/bao-cao.pdf" in r.url) as done:
        page.click("#report-pdf")
    response = context.request.get(done.value.url)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    text = _pdf_text(response.body())
    assert "Sở Nội vụ" in text and "Ghi chú" in text
    assert "Đã chốt số liệu lúc" in text
    for other in context.pages:
        if other is not page:
            other.close()
