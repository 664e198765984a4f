"""Biểu 8B and 9A-BTCTW downloaded from the statistics page (/thong-ke/bieu-8b.pdf,
…): the PDFs read back with pdftotext (unit with its diacritics, the date, the
figures, the signature block, the footer) and page 1 rendered with pdftoppm, the
workbooks with openpyxl; scope (another unit is a 404), the access log, bad
input's Vietnamese message; and a snapshot holding every official table stores a
PDF beside each workbook, with the tables' flowables for a combined report.

8B figures: tests/reports/test_statistics.py, the Sở Nội vụ subtree on D2 =
01/01/2024 (3 people: công chức 2, hợp đồng 68 1; women 2 = 66.67%; minority 1 =
33.33%; Party 2; ages 25, 33, 58 → ≤30, 31–35, 56–60, mean 38.7; thạc sĩ, cao
đẳng, dưới cao đẳng; LLCT trung cấp 2, none 1; grades cvc, cán sự, none).
9A figures: tests/reports/test_leaders.py (the clerk on 31/12/2023: 4 leaders,
women 3 = 75.0%, minority 2 = 50.0%)."""

import datetime as dt
import io

import openpyxl
import pytest
from django.shortcuts import resolve_url
from django.urls import reverse

from cadre_registry.models import AccessLog
from reports import pdf, services
from reports.models import Period, SnapshotFile
from reports.tables import TABLES
from tests.pdf_tools import pdf_text, render_png
from tests.reports import statistics_data
from tests.reports.test_leaders import ON as LEADERS_ON
from tests.reports.test_leaders import build as build_leaders

dataset = statistics_data.dataset  # the fixture

pytestmark = pytest.mark.django_db

D2 = statistics_data.D2


def url(code: str, file_format: str) -> str:
    return reverse("reports:official_table", args=[code, file_format])


@pytest.fixture
def leaders(tree, personas):
    return build_leaders(tree, personas["admin"])


def _get(client, user, code, file_format, **query):
    client.force_login(user)
    return client.get(url(code, file_format), query)


def test_bieu8b_pdf(client, personas, dataset, tree):
    response = _get(
        client, personas["clerk"], "8b", "pdf", unit=tree["home"].pk, on="01/01/2024"
    )
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")
    text = pdf_text(response.content)
    assert "SỞ NỘI VỤ" in text  # the heading, with its diacritics
    assert "Sở Nội vụ" in text  # the unit's line of the table
    assert "Biểu 8B-BTCTW" in text and "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "SỐ LƯỢNG, CHẤT LƯỢNG ĐỘI NGŨ CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC" in text
    assert "Tính đến ngày 01/01/2024" in text
    # Shares of 3 people, with the decimal comma: 2 → 66,67; 1 → 33,33; mean 38,7.
    assert "66,67" in text and "33,33" in text and "38,7" in text
    assert "Tỷ lệ (%)" in text and "hạng I–V" in text
    assert "NGƯỜI LẬP BIỂU" in text and "THỦ TRƯỞNG ĐƠN VỊ" in text
    assert "(Ký tên, đóng dấu)" in text
    assert "In bởi clerk lúc" in text and "Trang 1/1" in text
    log = AccessLog.objects.get()
    assert log.action == AccessLog.Action.PRINT
    assert log.user == personas["clerk"]
    assert log.detail == {
        "report": "bieu8b",
        "unit": tree["home"].pk,
        "on": "2024-01-01",
        "format": "pdf",
    }
    assert log.row_count == 3
    assert "Biểu 8B-BTCTW" in log.description and "Sở Nội vụ" in log.description


def test_bieu8b_xlsx(client, personas, dataset, tree):
    response = _get(
        client, personas["clerk"], "8b", "xlsx", unit=tree["home"].pk, on="01/01/2024"
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Biểu 8B"]
    assert sheet["A1"].value == "SỞ NỘI VỤ"
    assert sheet["A3"].value == (
        "SỐ LƯỢNG, CHẤT LƯỢNG ĐỘI NGŨ CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC"
    )
    counts = [r for r in sheet.iter_rows(values_only=True) if r[1] == "Sở Nội vụ"]
    shares = [r for r in sheet.iter_rows(values_only=True) if r[1] == "Tỷ lệ (%)"]
    assert len(counts) == len(shares) == 2  # two lines in each block
    # Tổng số; CBCC, viên chức, HĐ 68, HĐ khác; nữ, DTTS, đảng viên; 8 age bands;
    # mean age.
    assert list(counts[0][2:19]) == [
        *(3, 2, 0, 1, 0),
        *(2, 1, 2),
        *(1, 1, 0, 0, 0, 0, 1, 0),
        38.7,
    ]
    assert list(shares[0][2:6]) == [100, 66.67, 0, 33.33]
    assert shares[0][18] is None  # no share of the mean age
    # Grades cvcc, cvc, cv, cán sự, none; degrees below college → doctorate; PGS,
    # GS; LLCT none, trung cấp, cao cấp.
    assert list(counts[1][2:17]) == [
        *(0, 1, 0, 1, 1),
        *(1, 1, 0, 1, 0),
        *(0, 0),
        *(1, 2, 0),
    ]
    assert shares[1][15] == 66.67  # LLCT trung cấp, 2 of 3
    log = AccessLog.objects.get()
    assert (log.action, log.detail["format"]) == (AccessLog.Action.EXPORT, "xlsx")


def test_bieu9a_pdf_and_xlsx(client, personas, leaders):
    response = _get(client, personas["clerk"], "9a", "pdf", on="31/12/2023")
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "SỞ NỘI VỤ" in text  # the clerk's whole scope
    assert "Biểu 9A-BTCTW" in text and "Tính đến ngày 31/12/2023" in text
    assert "CHẤT LƯỢNG CÁN BỘ LÃNH ĐẠO, QUẢN LÝ THEO CHỨC DANH" in text
    assert "TỔNG SỐ" in text and "Dân tộc thiểu số" in text
    assert "75,0" in text and "50,0" in text  # women 3/4, minority 2/4
    assert "NGƯỜI LẬP BIỂU" in text and "In bởi clerk lúc" in text
    response = _get(client, personas["clerk"], "9a", "xlsx", on="31/12/2023")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Biểu 9A"]
    lines = {
        row[1]: list(row[2:19]) for row in sheet.iter_rows(values_only=True) if row[1]
    }
    # Everyone, then the 15 groups: BCH 1, BTV 0, Bí thư 1, Phó Bí thư 0, HĐND 0 0,
    # UBND 0 0, ĐBQH 0, ban 0 0, Giám đốc 1, Phó GĐ 1, phòng 1, khác 1; 100 %.
    assert lines["TỔNG SỐ"] == [4, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 100]
    assert lines["Nữ"][0] == 3 and lines["Nữ"][-1] == 75
    logs = AccessLog.objects.order_by("id")
    assert [(g.action, g.detail["report"], g.row_count) for g in logs] == [
        (AccessLog.Action.PRINT, "bieu9a", 4),
        (AccessLog.Action.EXPORT, "bieu9a", 4),
    ]


@pytest.mark.parametrize("value", ["other", "999999", "abc"])
def test_a_unit_outside_the_scope_is_404(client, personas, tree, value):
    unit = tree["other"].pk if value == "other" else value
    for code in ("8b", "9a"):
        for file_format in ("pdf", "xlsx"):
            response = _get(client, personas["clerk"], code, file_format, unit=unit)
            assert response.status_code == 404
    assert not AccessLog.objects.exists()


def test_an_unknown_table_or_format_is_404(client, personas):
    client.force_login(personas["clerk"])
    assert client.get(url("9z", "pdf")).status_code == 404
    assert client.get(url("8b", "doc")).status_code == 404


@pytest.mark.parametrize(
    ("on", "message"),
    [
        ("31/02/2024", "Số liệu tính đến ngày: ngày không hợp lệ, nhập theo dạng"),
        ("hôm qua", "Số liệu tính đến ngày: ngày không hợp lệ"),
        ("01/01/9999", "1900–2100"),
    ],
)
def test_a_bad_date_gets_a_vietnamese_message(client, personas, on, message):
    response = _get(client, personas["clerk"], "8b", "pdf", on=on)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not AccessLog.objects.exists()


def test_anonymous_goes_to_login_and_the_auditor_is_refused(client, personas, settings):
    response = client.get(url("8b", "pdf"))
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))
    client.force_login(personas["auditor"])
    assert client.get(url("8b", "pdf")).status_code == 403


def test_the_statistics_page_offers_the_downloads(client, personas, dataset, tree):
    client.force_login(personas["leader"])
    body = client.get(
        reverse("reports:statistics"), {"unit": tree["home"].pk, "on": "01/01/2024"}
    ).content.decode()
    query = f"on=01%2F01%2F2024&amp;unit={tree['home'].pk}"
    for code in ("8b", "9a"):
        for file_format in ("xlsx", "pdf"):
            assert f'href="{url(code, file_format)}?{query}"' in body
    assert "Biểu 8B-BTCTW (PDF)" in body and "Biểu 9A-BTCTW (XLSX)" in body


def test_missing_font_gives_the_503_page(client, personas, settings, tmp_path):
    settings.PDF_FONT_DIR = str(tmp_path)
    response = _get(client, personas["clerk"], "9a", "pdf")
    assert response.status_code == 503 and "fonts-dejavu-core" in response.text
    assert not AccessLog.objects.exists()


def test_bieu8b_page_renders_to_png(client, personas, dataset, tree):
    response = _get(
        client, personas["clerk"], "8b", "pdf", unit=tree["home"].pk, on="01/01/2024"
    )
    render_png(response.content, "bieu-8b")


def test_bieu9a_fits_one_page_and_renders_to_png(client, personas, leaders):
    response = _get(client, personas["admin"], "9a", "pdf", on="31/12/2023")
    render_png(response.content, "bieu-9a")
    assert "Trang 1/1" in pdf_text(response.content)  # signatures on the page


# --- Snapshots -----------------------------------------------------------------------

OFFICIAL = ["bieu8b", "bieu9a", "bieu10", "bieu11", "bieu12b", "bieu13"]


def test_a_snapshot_stores_each_tables_pdf_beside_its_workbook(personas, leaders, tree):
    definition = services.definition_create(
        by=personas["admin"],
        name="Báo cáo năm",
        tables=["nhan_su", *OFFICIAL],
        period=Period.YEARLY,
        owner=personas["clerk"],
        unit=tree["home"],
    )
    snapshot = services.snapshot_make(
        definition=definition, on=LEADERS_ON, by=personas["admin"]
    ).snapshot
    # Each table's files (a file of no table is the whole report's, if any).
    files = {(f.table, f.format): f for f in snapshot.files.exclude(table="")}
    assert set(files) == {("nhan_su", "xlsx")} | {
        (code, file_format) for code in OFFICIAL for file_format in ("xlsx", "pdf")
    }
    numbers = {
        "bieu8b": "Biểu 8B-BTCTW",
        "bieu9a": "Biểu 9A-BTCTW",
        "bieu10": "Biểu 10-BTCTW",
        "bieu11": "Biểu 11-BTCTW",
        "bieu12b": "Biểu 12B-BTCTW",
        "bieu13": "Biểu 13-BTCTW",
    }
    for code, number in numbers.items():
        stored = files[(code, SnapshotFile.Format.PDF)]
        assert stored.file.name.endswith(".pdf")
        text = pdf_text(stored.file.read())
        assert number in text, code
        assert "SỞ NỘI VỤ" in text and "Tính đến ngày 31/12/2023" in text, code
        # Made by the system, not printed by anyone: the footer says so.
        assert "NGƯỜI LẬP BIỂU" in text and "Lập tự động lúc" in text, code
        assert "In bởi" not in text, code
    # Sở Nội vụ's subtree on 31/12/2023: L1, L2, L3, L6 (tests/reports/test_leaders).
    figures = snapshot.figures["bieu9a"]
    assert figures["total"]["total"] == 4
    workbook = openpyxl.load_workbook(io.BytesIO(files[("bieu9a", "xlsx")].file.read()))
    assert workbook.active["A1"].value == "SỞ NỘI VỤ"


@pytest.mark.parametrize("code", OFFICIAL)
def test_flowables_of_each_table_for_a_combined_report(personas, leaders, tree, code):
    table = TABLES[code]
    figures = table.compute(
        user=personas["clerk"],
        unit=None,
        start=dt.date(2023, 1, 1),
        end=LEADERS_ON,
        on=LEADERS_ON,
    )
    story = table.flowables(figures=figures, unit_name="Sở Nội vụ")
    assert story and all(hasattr(f, "wrap") for f in story)
    content = pdf.render(
        story,
        printed=pdf.PrintInfo(printed_by="Kiểm thử", printed_at=dt.datetime.now()),
        title="Báo cáo",
        orientation="landscape",
    )
    text = pdf_text(content)
    assert "SỞ NỘI VỤ" in text and "Tính đến ngày 31/12/2023" in text
    assert "NGƯỜI LẬP BIỂU" not in text  # the body only, without the signatures
