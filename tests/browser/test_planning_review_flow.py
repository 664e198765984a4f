"""The yearly review of a planning term in a real browser: an organizer opens a
review round on a small 2026-2031 term, proposes one addition from the filtered
personnel list and one removal with a reason, reads the diff, approves the round
by one decision, sees the board changed and prints the list as a PDF (its text read
back with pdftotext); then records an appointment from a
person's profile, which moves the person's dated assignments."""

import datetime as dt
import os
import shutil
import subprocess
import tempfile

import pytest
from playwright.sync_api import expect

from cadre_registry.models import Assignment, PoliticalTheoryLevel, Position
from planning import services
from planning.models import Entry, ReviewRound
from tests import factories
from tests.browser.conftest import ARTIFACTS, login
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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
            ["pdftotext", "-layout", pdf.name, "-"], capture_output=True, check=True
        )
    return result.stdout.decode()


D = dt.date


def test_review_round_add_remove_approve_then_appoint(page, tree, personas):
    clerk = personas["clerk"]
    positions = {p.code: p for p in Position.objects.all()}
    term = services.term_create(
        by=personas["admin"],
        level="co_quan",
        starts_on=D(2026, 7, 1),
        ends_on=D(2031, 6, 30),
        planned_on=D(2026, 1, 15),
    )
    post_director = services.post_create(
        by=clerk,
        term=term,
        unit=tree["home"],
        position=positions["giam_doc_so"],
        required_political_theory=PoliticalTheoryLevel.objects.get(
            code="cao_cap", code_list__key="CR-LLCT"
        ),
    )
    planned = [
        factories.person(full_name=name, unit=tree["office"], birth_date=D(1985, 5, 1))
        for name in ("Nguyễn Văn An", "Trần Văn Bình")
    ]
    factories.person(
        full_name="Lê Thị Cúc",
        gender="F",
        unit=tree["office"],
        birth_date=D(1987, 2, 1),
    )
    factories.person(full_name="Hoàng Sở Khác", unit=tree["other"])  # outside scope
    added = services.entries_add(
        by=clerk, post=post_director, people=planned, proposed_on=D(2026, 2, 1)
    )
    services.entries_approve(
        by=clerk,
        entries=added.entries,
        approved_on=D(2026, 2, 10),
        decision_number="1-QĐ/TU",
    )
    head = factories.person(
        full_name="Đặng Văn Đức",
        unit=tree["office"],
        birth_date=D(1980, 1, 1),
        position=positions["truong_phong"],
        start=D(2020, 1, 1),
    )
    login(page, "clerk", PASSWORD)

    # 1. From the term's board to its review rounds; open the 2027 round.
    page.goto(f"/quy-hoach/nhiem-ky/{post_director.term_id}/")
    page.click("#review-rounds")
    page.select_option("#id_unit", label="Sở Nội vụ")
    page.fill("#id_year", "2027")
    page.fill("#id_proposed_on", "01/03/2027")
    page.click("#round-form button[type=submit]")
    page.wait_for_selector("text=Đã mở đợt rà soát năm 2027")
    expect(page.locator("#round-status")).to_have_text("Đang đề xuất")

    # 2. Propose one addition from the filtered list (women only, by htmx).
    page.click("#propose-add")
    rows = page.locator("table.candidates tbody tr")
    expect(rows).to_have_count(4)  # the clerk's four people, not the other unit's
    page.select_option("#id_gender", label="Nữ")
    expect(rows).to_have_count(1)
    assert "gender=F" in page.url
    page.select_option("#id_post", label=str(post_director))
    page.check("tr[data-person='Lê Thị Cúc'] input[name=people]")
    page.click("#addition-submit")
    page.wait_for_selector("text=Đã đề xuất bổ sung 1 người")
    # She lacks the post's cao cấp LLCT: a warning, not a block.
    expect(page.locator(".messages li.warning").first).to_contain_text(
        "Chưa đạt chuẩn lý luận chính trị"
    )

    # 3. Propose one removal with its reason.
    page.click("#propose-remove")
    row = page.locator("tr[data-person='Nguyễn Văn An']")
    row.locator("select[name=removal_reason]").select_option(label="Chuyển công tác")
    row.locator("input[name=note]").fill("Chuyển sang Sở Y tế")
    row.locator("button[type=submit]").click()
    page.wait_for_selector("text=Đã đề xuất đưa Nguyễn Văn An ra khỏi quy hoạch")

    # 4. The diff: before two, one in, one out, after two.
    diff = page.locator(f"#round-diff tr[data-post='{post_director.name}']")
    assert diff.locator("td.before").inner_text() == "Nguyễn Văn An\nTrần Văn Bình"
    expect(diff.locator("td.added")).to_contain_text("+ Lê Thị Cúc")
    expect(diff.locator("td.removed")).to_contain_text(
        "− Nguyễn Văn An: Chuyển công tác (Chuyển sang Sở Y tế)"
    )
    assert diff.locator("td.after").inner_text() == "Trần Văn Bình\nLê Thị Cúc"
    expect(page.locator("#round-counts")).to_have_text("1 bổ sung, 1 đưa ra")

    # 5. Approve the round as a whole; it becomes read-only and keeps its diff.
    page.fill("#id_decision_number", "25-QĐ/TU")
    page.fill("#id_decision_date", "01/04/2027")
    page.fill("#id_decision_authority", "Ban Thường vụ Tỉnh ủy")
    page.click("#approve-submit")
    page.wait_for_selector("text=Đã phê duyệt đợt rà soát năm 2027")
    expect(page.locator("#round-status")).to_have_text("Đã phê duyệt")
    expect(page.locator("#approve-form")).to_have_count(0)
    expect(page.locator("#propose-add")).to_have_count(0)
    expect(diff.locator("td.added")).to_contain_text("+ Lê Thị Cúc")
    assert ReviewRound.objects.get().decision_number == "25-QĐ/TU"
    assert set(
        Entry.objects.filter(status="approved").values_list(
            "person__full_name", flat=True
        )
    ) == {"Trần Văn Bình", "Lê Thị Cúc"}
    page.screenshot(path=str(ARTIFACTS / "planning_review_round.png"), full_page=True)

    # 6. The board now lists Bình and Cúc, not An.
    page.goto(f"/quy-hoach/nhiem-ky/{post_director.term_id}/")
    board = page.inner_text("table.board")
    assert "Lê Thị Cúc" in board and "Trần Văn Bình" in board
    assert "Nguyễn Văn An" not in board

    # 6b. Print the list as a PDF from the board's button: its text, extracted
    # with pdftotext, holds the planned people's names with their diacritics.
    with page.expect_response(lambda r: "/in.pdf" in r.url) as printed:
        page.click("#print-pdf")
    # Chromium shows the PDF in its viewer, whose page is what the navigation
    # returns; the document itself is fetched again with the browser's session.
    response = page.context.request.get(printed.value.url)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    text = _pdf_text(response.body())
    assert "Trần Văn Bình" in text and "Lê Thị Cúc" in text
    assert "Nguyễn Văn An" not in text  # removed in the round
    assert "2026-2031" in text
    page.goto(f"/quy-hoach/nhiem-ky/{post_director.term_id}/")

    # 7. An appointment from the person's profile.
    page.goto(head.get_absolute_url())
    page.click("#record-appointment")
    expect(page.locator("#appointment-current")).to_contain_text("Trưởng phòng")
    page.select_option("#id_kind", label="Bổ nhiệm")
    page.select_option("#id_unit", label="Sở Nội vụ")
    page.select_option("#id_position", label="Phó Giám đốc Sở")
    page.fill("#id_decision_number", "88-QĐ/UBND")
    page.fill("#id_decision_date", "01/03/2026")
    page.fill("#id_decision_authority", "UBND tỉnh")
    page.fill("#id_effective_on", "15/03/2026")
    page.click("#appointment-form button[type=submit]")
    page.wait_for_selector("text=hết thời hạn 14/03/2031")
    assert page.url.endswith(head.get_absolute_url())
    expect(page.locator(".messages li.warning").first).to_contain_text(
        "QĐ 377-QĐ/TW Điều 34"
    )
    rows = list(Assignment.objects.filter(person=head).order_by("start"))
    assert [(r.position.code, r.start, r.end) for r in rows] == [
        ("truong_phong", D(2020, 1, 1), D(2026, 3, 14)),
        ("pho_giam_doc_so", D(2026, 3, 15), None),
    ]
    page.click("nav.mainnav >> text=Bổ nhiệm")
    expect(page.locator("table.appointments tbody tr")).to_contain_text("Đặng Văn Đức")
    page.screenshot(path=str(ARTIFACTS / "planning_appointment.png"), full_page=True)
