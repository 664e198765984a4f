"""The printed planning list of a term: the PDF (read back with pdftotext, one page
rendered with pdftoppm) and the XLSX (read back with openpyxl); scope, the sensitive
column, markup in names, the access log, and the missing-font page."""

import datetime as dt
import io
import os
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cadre_registry.models import AccessLog, EthnicGroup, Position
from planning import services
from planning.pdf import build_planning_list_pdf
from planning.printing import Line, PlanningList, PostGroup, UnitGroup
from reports import pdf
from tests import factories

D = dt.date
ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "test-artifacts"


def _tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is missing in CI (.ci/run installs poppler-utils)")
        pytest.skip(f"{name} is not installed (apt-get install poppler-utils)")
    return path


@pytest.fixture
def pdftotext():
    tool = _tool("pdftotext")

    def read(content: bytes) -> str:
        done = subprocess.run(
            [tool, "-enc", "UTF-8", "-", "-"],
            input=content,
            capture_output=True,
            check=True,
        )
        return done.stdout.decode()

    return read


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def printing(tree, personas, post_director, term_2026):
    """Three approved candidates for Giám đốc Sở Nội vụ (one with markup in her
    name), one still proposed, and one approved for a post of Sở Y tế."""
    tay = EthnicGroup.objects.get(name="Tày")
    clerk = personas["clerk"]
    clerk.last_name, clerk.first_name = "Trần Thị", "Lan"
    clerk.save()
    hang = factories.person(
        full_name="Nguyễn Thị Hằng",
        gender="F",
        birth_date=D(1984, 5, 1),
        unit=tree["office"],
        ethnic_group=tay,
    )
    viet = factories.person(
        full_name="Đặng Quốc Việt", birth_date=D(1982, 11, 9), unit=tree["office"]
    )
    markup = factories.person(
        full_name="Lê <b>An</b> & Bình", birth_date=D(1986, 2, 3), unit=tree["office"]
    )
    added = services.entries_add(
        by=clerk,
        post=post_director,
        people=[hang, viet, markup],
        proposed_on=D(2026, 2, 1),
    )
    services.entries_approve(
        by=clerk,
        entries=added.entries,
        approved_on=D(2026, 3, 1),
        decision_number="15-QĐ/TU",
        decision_date=D(2026, 3, 1),
        decision_authority="Ban Thường vụ Tỉnh ủy",
    )
    deputy = services.post_create(
        by=clerk,
        term=term_2026,
        unit=tree["home"],
        position=Position.objects.get(code="pho_giam_doc_so"),
    )
    proposed = factories.person(
        full_name="Võ Minh Đức", birth_date=D(1988, 7, 7), unit=tree["office"]
    )
    services.entries_add(
        by=clerk, post=deputy, people=[proposed], proposed_on=D(2026, 4, 1)
    )
    health = services.post_create(
        by=personas["admin"],
        term=term_2026,
        unit=tree["other"],
        position=Position.objects.get(code="giam_doc_so"),
    )
    elsewhere = factories.person(
        full_name="Phạm Văn Khác", birth_date=D(1983, 1, 1), unit=tree["other"]
    )
    other = services.entries_add(
        by=personas["admin"], post=health, people=[elsewhere], proposed_on=D(2026, 2, 1)
    )
    services.entries_approve(
        by=personas["admin"], entries=other.entries, approved_on=D(2026, 3, 1)
    )
    return term_2026


def _url(term, suffix="in.pdf", **query):
    from urllib.parse import urlencode

    url = f"/quy-hoach/nhiem-ky/{term.pk}/{suffix}"
    return f"{url}?{urlencode(query)}" if query else url


def test_pdf_lists_candidates_with_diacritics_footer_and_page_numbers(
    printing, personas, pdftotext
):
    today = timezone.localdate()
    response = _client(personas["clerk"]).get(_url(printing))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'inline; filename="danh-sach-quy-hoach-2026-2031.pdf"'
    )
    assert response["Cache-Control"] == "private, no-store"
    text = pdftotext(response.content)
    for expected in (
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "DANH SÁCH QUY HOẠCH CÁN BỘ",
        "NHIỆM KỲ 2026-2031",
        "QĐ 377-QĐ/TW",
        "Quyết định số 15-QĐ/TU ngày 01/03/2026 của Ban Thường vụ Tỉnh ủy",
        "I. SỞ NỘI VỤ",
        "1. Giám đốc Sở",
        "Nguyễn Thị Hằng",
        "Đặng Quốc Việt",
        "01/05/1984",
        "09/11/1982",
        "Tại chỗ",
        f"In bởi Trần Thị Lan lúc {today:%d/%m/%Y}",
        "Trang 1/1",
        "NGƯỜI LẬP DANH SÁCH",
        "Tổng số: 3 lượt cán bộ.",
    ):
        assert expected in text, expected
    # The clerk may see ethnicity: the column is there.
    assert "Dân tộc" in text and "Tày" in text
    # Only approved entries unless asked; the proposed one is left out.
    assert "Võ Minh Đức" not in text


def test_pdf_page_renders_to_png(printing, personas):
    tool = _tool("pdftoppm")
    response = _client(personas["clerk"]).get(_url(printing))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS / "planning-list"
    subprocess.run(
        [tool, "-png", "-r", "60", "-f", "1", "-l", "1", "-", str(target)],
        input=response.content,
        check=True,
    )
    png = next(ARTIFACTS.glob("planning-list*.png"))
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_proposed_entries_on_request(printing, personas, pdftotext):
    text = pdftotext(
        _client(personas["clerk"]).get(_url(printing, **{"de-xuat": "1"})).content
    )
    assert "Võ Minh Đức" in text and "Đang đề xuất" in text
    assert "2. Phó Giám đốc Sở" in text
    assert "Gồm người đã được phê duyệt và người đang được đề xuất" in text


def test_sensitive_column_hidden_without_permission(printing, personas, pdftotext):
    client = _client(personas["plainclerk"])
    text = pdftotext(client.get(_url(printing)).content)
    assert "Nguyễn Thị Hằng" in text
    assert "Dân tộc" not in text and "Tày" not in text
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(_url(printing, "danh-sach.xlsx")).content)
    )
    values = {c.value for row in book.active.iter_rows() for c in row}
    assert "Nguyễn Thị Hằng" in values
    assert "Dân tộc" not in values and "Tày" not in values


def test_only_scoped_people_appear(printing, personas, tree, pdftotext):
    clerk = _client(personas["clerk"])
    text = pdftotext(clerk.get(_url(printing)).content)
    assert "Phạm Văn Khác" not in text and "SỞ Y TẾ" not in text
    # The outsider sees Sở Y tế's list and nothing of Sở Nội vụ.
    text = pdftotext(_client(personas["outsider"]).get(_url(printing)).content)
    assert "Phạm Văn Khác" in text and "Nguyễn Thị Hằng" not in text
    # One unit of the clerk's scope: its subtree only (the post is on Sở Nội vụ).
    text = pdftotext(clerk.get(_url(printing, **{"don-vi": tree["home"].pk})).content)
    assert "Nguyễn Thị Hằng" in text
    narrowed = clerk.get(_url(printing, **{"don-vi": tree["office"].pk}))
    assert narrowed.status_code == 200
    assert "Nguyễn Thị Hằng" not in pdftotext(narrowed.content)
    assert narrowed["Content-Disposition"].endswith('-snv-cc.pdf"')
    # A unit outside the scope is a 404, in both formats; a malformed id a 400.
    assert clerk.get(_url(printing, **{"don-vi": tree["other"].pk})).status_code == 404
    assert (
        clerk.get(
            _url(printing, "danh-sach.xlsx", **{"don-vi": tree["other"].pk})
        ).status_code
        == 404
    )
    bad = clerk.get(_url(printing, **{"don-vi": "abc"}))
    assert bad.status_code == 400
    assert "Mã đơn vị" in bad.text and "không hợp lệ" in bad.text
    assert clerk.get("/quy-hoach/nhiem-ky/999999/in.pdf").status_code == 404


def test_anonymous_is_sent_to_login(printing):
    response = Client().get(_url(printing))
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_markup_in_names_is_printed_as_text(printing, personas, pdftotext):
    text = pdftotext(_client(personas["clerk"]).get(_url(printing)).content)
    assert "Lê <b>An</b> & Bình" in text


def test_each_print_and_export_is_logged(printing, personas):
    client = _client(personas["clerk"])
    client.get(_url(printing))
    client.get(_url(printing, "danh-sach.xlsx", **{"de-xuat": "1"}))
    printed, exported = AccessLog.objects.filter(user=personas["clerk"]).order_by(
        "at", "id"
    )
    assert printed.action == AccessLog.Action.PRINT
    assert printed.object_type == "planning.term"
    assert printed.object_id == str(printing.pk)
    assert printed.row_count == 3
    assert printed.detail["format"] == "pdf" and printed.detail["sensitive"] is True
    assert "In danh sách quy hoạch nhiệm kỳ 2026-2031" in printed.description
    assert exported.action == AccessLog.Action.EXPORT
    assert exported.row_count == 4 and exported.detail["include_proposed"] is True


def test_xlsx_reads_back_with_the_same_list(printing, personas):
    response = _client(personas["clerk"]).get(_url(printing, "danh-sach.xlsx"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="danh-sach-quy-hoach-2026-2031.xlsx"'
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    cells = {v for row in rows for v in row if v is not None}
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in cells
    assert "DANH SÁCH QUY HOẠCH CÁN BỘ" in cells and "NHIỆM KỲ 2026-2031" in cells
    header = next(row for row in rows if row[0] == "STT")
    assert header == [
        "STT",
        "Họ và tên",
        "Ngày sinh",
        "Giới tính",
        "Dân tộc",
        "Chức vụ, đơn vị công tác hiện tại",
        "Trình độ chuyên môn",
        "Lý luận chính trị",
        "Nguồn",
        "Trạng thái, ghi chú",
    ]
    lines = {row[1]: row for row in rows if isinstance(row[0], int)}
    assert set(lines) == {"Nguyễn Thị Hằng", "Đặng Quốc Việt", "Lê <b>An</b> & Bình"}
    hang = lines["Nguyễn Thị Hằng"]
    assert hang[2] == "01/05/1984" and hang[3] == "Nữ" and hang[4] == "Tày"
    assert "Phòng Công chức" in hang[5]
    assert "I. SỞ NỘI VỤ" in cells and "1. Giám đốc Sở" in cells
    assert "Phạm Văn Khác" not in cells


def test_queries_do_not_grow_with_the_list(printing, personas, tree, term_2026):
    client = _client(personas["clerk"])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_url(printing, **{"de-xuat": "1"})).status_code == 200
        return len(queries)

    before = count()
    for code in ("truong_phong", "pho_truong_phong"):
        post = services.post_create(
            by=personas["clerk"],
            term=term_2026,
            unit=tree["office"],
            position=Position.objects.get(code=code),
        )
        people = [
            factories.person(birth_date=D(1990, 1, 1), unit=tree["office"])
            for _ in range(2)
        ]
        services.entries_add(
            by=personas["clerk"], post=post, people=people, proposed_on=D(2026, 5, 1)
        )
    assert count() == before


def test_missing_font_gives_a_503_page_saying_what_to_install(
    printing, personas, settings, tmp_path
):
    settings.PDF_FONT_DIR = str(tmp_path)
    response = _client(personas["clerk"]).get(_url(printing))
    assert response.status_code == 503
    assert "fonts-dejavu-core" in response.text and "PDF_FONT_DIR" in response.text
    assert not AccessLog.objects.filter(action=AccessLog.Action.PRINT).exists()
    # The XLSX does not need the font.
    assert (
        _client(personas["clerk"]).get(_url(printing, "danh-sach.xlsx")).status_code
        == 200
    )


def _long_list(lines: int) -> PlanningList:
    posts = [
        PostGroup(
            title=f"Chức danh {p + 1}",
            lines=[
                Line(
                    number=p * 3 + i + 1,
                    full_name=f"Nguyễn Thị Hằng {p * 3 + i + 1}",
                    birth="15/03/1980",
                    gender="Nữ",
                    ethnicity="",
                    current_post="Phó Trưởng phòng Tổ chức cán bộ, Sở Nội vụ",
                    degree="Thạc sĩ Quản lý công",
                    political_theory="Cao cấp",
                    source="Tại chỗ",
                    note="",
                )
                for i in range(3)
            ],
        )
        for p in range(lines // 3)
    ]
    return PlanningList(
        term_name="2026-2031",
        level="Cơ quan, đơn vị",
        rule_title="QĐ 377-QĐ/TW (2025)",
        issuer="Sở Nội vụ",
        superior="Tỉnh ủy Thử nghiệm",
        decisions=[],
        include_proposed=False,
        show_sensitive=False,
        groups=[UnitGroup(name="Sở Nội vụ", posts=posts)],
    )


def test_long_list_repeats_the_header_and_numbers_every_page(pdftotext):
    printed = pdf.PrintInfo("Đặng Quốc Việt", dt.datetime(2026, 12, 5, 14, 30))
    content = build_planning_list_pdf(_long_list(60), printed=printed)
    pages = pdftotext(content).split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        assert "Họ và tên" in page  # the header row, repeated
        assert f"Trang {number}/{len(pages)}" in page
        assert "In bởi Đặng Quốc Việt lúc 05/12/2026 14:30" in page
    text = "".join(pages)
    # Every line once, in order.
    positions = [text.index(f"Nguyễn Thị Hằng {n}\n") for n in range(1, 61)]
    assert positions == sorted(positions)
