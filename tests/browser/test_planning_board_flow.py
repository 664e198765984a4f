"""Succession planning in a real browser: an administrator opens a 2026-2031 term
(QĐ 377-QĐ/TW, chosen by the planning date) and adds a post; an organizer adds
three people from the filtered personnel list, meets the rule error on a fourth,
sees the composition warning, approves the three by one decision and removes one
with a reason, which the person's planning tab then shows."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from cadre_registry.models import PoliticalTheoryLevel
from planning.models import Entry
from tests import factories
from tests.browser.conftest import ARTIFACTS, login
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_term_post_three_candidates_fourth_refused_approve_remove(page, tree, personas):
    trung_cap = PoliticalTheoryLevel.objects.get(
        code="trung_cap", code_list__key="CR-LLCT"
    )
    names = ("Nguyễn Văn An", "Trần Văn Bình", "Lê Văn Cường", "Phạm Văn Dũng")
    people = [
        factories.person(
            full_name=name,
            unit=tree["office"],
            birth_date=dt.date(1985, 5, 1),
            political_theory=trung_cap,
        )
        for name in names
    ]
    factories.person(full_name="Hoàng Sở Khác", unit=tree["other"])  # outside scope

    # 1. The administrator opens the term; the page names the rule version.
    login(page, "admin", PASSWORD)
    page.click("nav.mainnav >> text=Quy hoạch")
    page.click("text=+ Mở nhiệm kỳ quy hoạch")
    page.select_option("#id_level", label="Cơ quan, đơn vị")
    page.fill("#id_starts_on", "01/07/2026")
    page.fill("#id_ends_on", "30/06/2031")
    page.fill("#id_planned_on", "15/01/2026")
    page.locator("#id_planned_on").dispatch_event("change")
    expect(page.locator("#rule-version")).to_contain_text("QĐ 377-QĐ/TW")
    page.click("button:has-text('Mở nhiệm kỳ')")
    page.wait_for_selector("h1:has-text('Quy hoạch nhiệm kỳ 2026-2031')")
    expect(page.locator(".messages")).to_contain_text("QĐ 377-QĐ/TW")

    # 2. A post of Sở Nội vụ needing cao cấp LLCT; its rank is the position's.
    page.click("text=+ Thêm chức danh")
    page.select_option("#id_unit", label="Sở Nội vụ")
    page.select_option("#id_position", label="Giám đốc Sở (thứ bậc 74)")
    page.select_option("#id_required_political_theory", label="Cao cấp")
    page.click("button:has-text('Lưu')")
    expect(page.locator(".messages")).to_contain_text("Giám đốc Sở (thứ bậc 74)")
    board_url = page.url.split("#")[0]

    # 3. The organizer adds three people ticked in the filtered list.
    page.context.clear_cookies()
    login(page, "clerk", PASSWORD)
    page.goto(board_url)
    page.click("text=Thêm người vào quy hoạch")
    rows = page.locator("table.candidates tbody tr")
    expect(rows).to_have_count(4)
    assert "Hoàng Sở Khác" not in page.inner_text("table.candidates")
    page.fill("#id_q", "Cường")  # htmx swaps the candidate table
    expect(rows).to_have_count(1)
    page.fill("#id_q", "")
    expect(rows).to_have_count(4)
    for name in names[:3]:
        page.check(f"input[aria-label='Chọn {name}']")
    page.fill("#id_proposed_on", "01/02/2026")
    page.click("#add-submit")
    page.wait_for_selector("text=Đã đưa 3 người vào quy hoạch")
    messages = page.inner_text(".messages")
    assert "Chưa đạt chuẩn lý luận chính trị: Cao cấp." in messages
    # All three are 41 at the term's start: one age band only, a warning.
    assert "chưa đủ ba độ tuổi" in messages
    expect(page.locator("#composition")).to_contain_text("chưa đủ ba độ tuổi")
    expect(page.locator("table.board tbody tr[data-person]")).to_have_count(3)

    # 4. A fourth is refused, naming the rule; nothing is saved.
    page.click("text=Thêm người vào quy hoạch")
    page.check(f"input[aria-label='Chọn {names[3]}']")
    page.fill("#id_proposed_on", "01/02/2026")
    page.click("#add-submit")
    errors = page.locator("#form-errors")
    expect(errors).to_contain_text("không quá 3 người")
    expect(errors).to_contain_text("QĐ 377-QĐ/TW")
    assert Entry.objects.filter(person=people[3]).count() == 0

    # 5. Approve the three by one decision.
    page.goto(board_url)
    page.click("table.board >> text=Phê duyệt")
    expect(page.locator("#approve-form input[name=entries]:checked")).to_have_count(3)
    page.fill("#id_decision_number", "125-QĐ/TU")
    page.fill("#id_decision_date", "15/03/2026")
    page.fill("#id_decision_authority", "Ban Thường vụ Tỉnh ủy")
    page.click("button:has-text('Phê duyệt những người đã chọn')")
    page.wait_for_selector("text=Đã phê duyệt quy hoạch 3 người")
    statuses = page.locator("table.board tbody tr[data-person]").all_inner_texts()
    assert all("Đã phê duyệt" in row for row in statuses)

    # 6. Remove one with a reason.
    page.locator(f"tr[data-person='{names[1]}'] >> text=Đưa ra").click()
    page.select_option("#id_reason", label="Chuyển công tác")
    page.fill("#id_removed_on", "01/06/2026")
    page.fill("#id_note", "Điều động sang <Sở Y tế>")
    page.click("#remove-form button[type=submit]")
    page.wait_for_selector(f"text=Đã đưa {names[1]} ra khỏi quy hoạch")
    expect(page.locator("table.board tbody tr[data-person]")).to_have_count(2)
    page.screenshot(path=str(ARTIFACTS / "planning_board_flow.png"), full_page=True)

    # 7. The person's profile: the planning tab, loaded by htmx, keeps the reason.
    page.goto(people[1].get_absolute_url())
    tab = page.locator("#planning-tab")
    expect(tab).to_contain_text("Chuyển công tác")
    expect(tab).to_contain_text("Điều động sang <Sở Y tế>")
    expect(tab).to_contain_text("Đã đưa ra khỏi quy hoạch")
    assert Entry.objects.filter(status="approved").count() == 2
