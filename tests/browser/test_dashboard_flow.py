"""The leaders' dashboard in a real browser: the leader of Sở Nội vụ opens it from
the statistics page, sees the headline figures (computed now, compared with the
snapshot of 01/01/2024) and the SVG charts, the live parts load, drills down into
Phòng Công chức, clicks the women's figure and lands on the list of those people
with the same count. Dataset: tests/reports/statistics_data.py; today Phòng Công
chức has P1 (Lê Thị An, F) and P6 (Vũ Văn Phúc, M): 1 woman of 2, 50,00%."""

import pytest
from playwright.sync_api import expect

from reports import services as report_services
from reports.models import Period
from reports.tables import PERSONNEL
from tests.browser.conftest import ARTIFACTS, login
from tests.conftest import PASSWORD
from tests.reports.statistics_data import D2, build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_leader_opens_the_dashboard_drills_down_and_lists_a_figure(
    page, tree, personas
):
    build(tree, personas["admin"])
    definition = report_services.definition_create(
        by=personas["admin"],
        name="Chất lượng cán bộ 2024",
        tables=[PERSONNEL],
        period=Period.DATE,
        fixed_date=D2,
        owner=personas["admin"],
        unit=tree["home"],
    )
    report_services.snapshot_make(definition=definition, on=D2, by=personas["admin"])
    login(page, "leader", PASSWORD)

    # 1. From the statistics page to the dashboard of the leader's own unit.
    page.click("nav.mainnav >> text=Thống kê")
    page.click("text=Bảng điều khiển")
    expect(page.locator("h1")).to_contain_text("Bảng điều khiển · Sở Nội vụ")
    source = page.inner_text("#source")
    assert "tính ngay lúc xem" in source
    assert "Thay đổi so với kỳ số liệu ngày 01/01/2024" in source
    # Today: P1, P4, P6 at Sở Nội vụ; 2 women of 3, as on 01/01/2024.
    women = page.locator(".headline[data-key='gender:female']")
    expect(women.locator(".num")).to_have_text("66,67%")
    expect(women.locator(".count")).to_contain_text("2 / 3")
    expect(women.locator(".change")).to_contain_text("0,00")
    assert page.locator(".headline").count() == 9  # no training plan: no 10th
    # The stored-figure charts and the time series are there at once ...
    for chart in ("grade", "degree", "llct", "evaluation", "series"):
        expect(page.locator(f"svg#chart-{chart}")).to_be_visible()
    # ... the live parts load on their own.
    for chart in ("pyramid", "planning", "training"):
        expect(page.locator(f"svg#chart-{chart}")).to_be_visible()
    expect(page.locator("svg#chart-pyramid desc")).to_contain_text("Nam 1, nữ 2")
    children = page.locator("#part-children table.children tbody tr")
    expect(children).to_have_count(1)
    expect(children.first).to_contain_text("Phòng Công chức")
    page.screenshot(path=str(ARTIFACTS / "dashboard_flow.png"), full_page=True)

    # 2. Drill down into Phòng Công chức.
    children.first.locator("a").click()
    expect(page.locator("h1")).to_contain_text("Bảng điều khiển · Phòng Công chức")
    expect(page.locator("nav.crumbs")).to_contain_text("Sở Nội vụ")
    assert "chưa có kỳ số liệu" in page.inner_text(".headlines")
    women = page.locator(".headline[data-key='gender:female']")
    expect(women.locator(".num")).to_have_text("50,00%")
    expect(page.locator("#part-children")).to_contain_text(
        "Đơn vị không có đơn vị trực thuộc."
    )

    # 3. Click the figure: the list of those people, the same count.
    women.locator(".count a").click()
    page.wait_for_url("**/thong-ke/nguoi/**")
    body = page.inner_text("main")
    assert "1 người" in body
    assert "Lê Thị An" in body and "Vũ Văn Phúc" not in body
    page.screenshot(path=str(ARTIFACTS / "dashboard_people.png"), full_page=True)
