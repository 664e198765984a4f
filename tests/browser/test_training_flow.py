"""Training in a real browser: a plan with a quota, a class, three people nominated
from a filtered list in one step, two marked completed, then the plan's fulfilment
and the people's new political-theory level."""

import pytest
from playwright.sync_api import expect

from cadre_registry.models import Person, PoliticalTheoryLevel
from tests import factories
from tests.browser.conftest import login
from tests.conftest import PASSWORD
from training.models import CourseType, Enrolment
from training.reference_loader import load_course_types

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def course_types(reference):
    # The transactional flush of a live-server test empties the migration's rows.
    if not CourseType.objects.exists():
        load_course_types()


def test_plan_class_nominate_three_complete_two(page, tree, personas, course_types):
    cao_cap = PoliticalTheoryLevel.objects.get(code="cao_cap", code_list__key="CR-LLCT")
    trung_cap = PoliticalTheoryLevel.objects.get(
        code="trung_cap", code_list__key="CR-LLCT"
    )
    learners = [
        factories.person(
            full_name=name, unit=tree["office"], political_theory=trung_cap
        )
        for name in ("Nguyễn Văn An", "Trần Thị Bích", "Lê Văn Cường")
    ]
    factories.person(
        full_name="Phạm Đã Có Cao Cấp", unit=tree["office"], political_theory=cao_cap
    )
    factories.person(full_name="Hoàng Sở Khác", unit=tree["other"])  # outside scope
    login(page, "clerk", PASSWORD)

    # 1. A plan for 2026 with a quota of 5 full-time cao cấp places.
    page.click("nav.mainnav >> text=Đào tạo")
    page.click("text=Kế hoạch, chỉ tiêu")
    page.click("text=+ Lập kế hoạch")
    page.select_option("#id_unit", label="Sở Nội vụ")
    page.fill("#id_title", "Kế hoạch đào tạo năm 2026")
    page.fill("#id_year_from", "2026")
    page.click("button:has-text('Lưu')")
    page.wait_for_selector("h1:has-text('Kế hoạch đào tạo năm 2026')")
    page.select_option("#id_course_type", label="Cao cấp lý luận chính trị")
    page.select_option("#id_mode", label="Tập trung")
    page.fill("#id_quota", "5")
    page.click("button:has-text('Lưu chỉ tiêu')")
    expect(page.locator("#quotas tbody tr")).to_contain_text(
        "Cao cấp lý luận chính trị"
    )
    plan_url = page.url

    # 2. Open a class.
    page.goto("/dao-tao/")
    page.click("text=+ Mở lớp")
    page.fill("#id_name", "Cao cấp LLCT K80.26 tập trung")
    page.select_option("#id_course_type", label="Cao cấp lý luận chính trị")
    page.select_option("#id_mode", label="Tập trung")
    page.fill("#id_institution", "Học viện Chính trị khu vực I")
    page.select_option("#id_organising_unit", label="Sở Nội vụ")
    page.fill("#id_start", "01/03/2026")
    page.fill("#id_end", "30/10/2026")
    page.fill("#id_capacity", "30")
    page.click("button:has-text('Lưu')")
    page.wait_for_selector("h1:has-text('Cao cấp LLCT K80.26 tập trung')")
    assert "01/03/2026 – 30/10/2026" in page.inner_text(".facts")

    # 3. Nominate from the filtered list: only those without cao cấp, in one step.
    page.click("text=Cử người đi học")
    rows = page.locator("table.candidates tbody tr")
    expect(rows).to_have_count(4)
    page.check("#id_thieu")  # htmx swaps the candidate table
    expect(rows).to_have_count(3)
    table = page.inner_text("table.candidates")
    assert "Phạm Đã Có Cao Cấp" not in table and "Hoàng Sở Khác" not in table
    assert "thieu=1" in page.url
    page.check("table.candidates thead input[type=checkbox]")  # select all
    page.fill("#id_nominated_on", "15/02/2026")
    page.click("#nominate-submit")
    page.wait_for_selector("text=Đã cử 3 người")
    expect(page.locator("table.roster tbody tr")).to_have_count(3)
    assert Enrolment.objects.count() == 3

    # 4. Results for the whole class in one form: two completed, one failed.
    page.click("text=Ghi kết quả cả lớp")
    for name, status in (
        ("Nguyễn Văn An", "Hoàn thành"),
        ("Trần Thị Bích", "Hoàn thành"),
        ("Lê Văn Cường", "Không hoàn thành"),
    ):
        row = page.locator(f"tr[data-person='{name}']")
        row.locator("select").select_option(label=status)
        row.locator("input[name$=finished_on]").fill("30/10/2026")
    page.locator("tr[data-person='Nguyễn Văn An'] input[name$=result]").fill("Giỏi")
    page.click("button:has-text('Lưu kết quả cả lớp')")
    page.wait_for_selector("text=Đã ghi kết quả cho 3 học viên")
    statuses = page.locator("table.roster tbody tr td:nth-child(6)").all_inner_texts()
    assert statuses == ["Hoàn thành", "Hoàn thành", "Không hoàn thành"]

    # 5. The plan: quota 5, nominated 3, enrolled or completed 2, completed 2, 40%.
    page.goto(plan_url)
    cells = page.locator("#quotas tbody tr").first.locator("td")
    assert [cells.nth(i).inner_text() for i in range(3, 8)] == [
        "5",
        "3",
        "2",
        "2",
        "40,0%",
    ]

    # 6. The people's new qualification, and the class in their training tab.
    page.goto(learners[0].get_absolute_url())
    expect(page.locator(".form2c").first).to_contain_text("Cao cấp")
    assert "15.3) Lý luận chính trị\nCao cấp" in page.inner_text(".form2c")
    expect(page.locator("#training-tab")).to_contain_text("Cao cấp LLCT K80.26")
    assert "Cao cấp lý luận chính trị" in page.inner_text("#training")
    page.goto(learners[2].get_absolute_url())
    assert "15.3) Lý luận chính trị\nTrung cấp" in page.inner_text(".form2c")
    assert [
        p.political_theory.code
        for p in Person.objects.filter(pk__in=[p.pk for p in learners]).order_by("pk")
    ] == ["cao_cap", "cao_cap", "trung_cap"]
    page.screenshot(path=str(_artifact("training_flow.png")), full_page=True)


def _artifact(name):
    from pathlib import Path

    folder = Path(__file__).resolve().parents[2] / "var" / "test-artifacts"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / name
