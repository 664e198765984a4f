"""Biểu 11, 12B and 13-BTCTW printed as PDFs from the report page (`?xuat=pdf`),
read back with pdftotext against the worked numbers of
tests/planning/test_statistics.py (the same dataset: reference date 31/12/2023,
period 2023) and the workbooks' checks in test_report_pages.py; page 1 of each
rendered with pdftoppm; scope, the access log and bad input."""

import re

import pytest
from django.urls import reverse

from cadre_registry.models import AccessLog
from tests.pdf_tools import pdf_text, render_png
from tests.planning.test_statistics import dataset  # noqa: F401 (fixture)

URL = reverse("planning:report")
YEAR = {"start": "01/01/2023", "end": "31/12/2023"}


def _pdf(client, user, **query):
    client.force_login(user)
    response = client.get(URL, {**YEAR, **query, "xuat": "pdf"})
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/pdf"
    return response


def _figures(text: str, label: str) -> str:
    """The figures printed after `label` at the end of its line (pdftotext
    -layout), as one string: "4 2 2 1"."""
    pattern = re.compile(rf"{re.escape(label)}((?:\s+[\d.,]+)+)\s*$")
    for line in text.splitlines():
        found = pattern.search(line)
        if found:
            return " ".join(found.group(1).split())
    raise AssertionError(f"{label!r} not in the PDF")


def test_bieu12b_pdf(client, personas, dataset, term_2020):  # noqa: F811
    response = _pdf(client, personas["clerk"], bieu="12b", term=term_2020.pk)
    text = pdf_text(response.content)
    assert "SỞ NỘI VỤ" in text and "Biểu 12B-BTCTW" in text
    assert "KẾT QUẢ QUY HOẠCH CÁN BỘ NHIỆM KỲ 2020-2025" in text
    assert "Tính đến ngày 31/12/2023" in text
    assert "(Biến động quy hoạch năm 2023)" in text
    assert "Nguồn và biến động quy hoạch" in text and "Nguồn tại chỗ" in text
    assert "NGƯỜI LẬP BIỂU" in text and "THỦ TRƯỞNG ĐƠN VỊ" in text
    assert "In bởi clerk lúc" in text
    layout = pdf_text(response.content, layout=True)
    # 5 entries: Giám đốc 1, Phó Giám đốc 2, phòng 2; 4 people, 100 %.
    assert _figures(layout, "TỔNG SỐ") == "5 " + "0 " * 11 + "1 2 2 0 4 100,0"
    # Women: 2 entries (phòng, Phó Giám đốc), 2 of 4 people = 50 %.
    women = _figures(layout, "Nữ")
    assert women.startswith("2 ") and women.endswith(" 2 50,0")
    assert _figures(layout, "Cán bộ trẻ (dưới 40 tuổi)").endswith(" 1 25,0")
    # Sources 3 tại chỗ, 2 nơi khác; removed 2 in the period.
    assert _figures(layout, "Nguồn tại chỗ") == "3"
    assert _figures(layout, "Nguồn nơi khác") == "2"
    assert _figures(layout, "Đưa ra khỏi quy hoạch trong kỳ") == "2"
    log = AccessLog.objects.get()
    assert log.action == AccessLog.Action.PRINT
    assert log.detail["report"] == "bieu12b" and log.detail["format"] == "pdf"
    assert log.detail["term"] == term_2020.pk and log.row_count == 5
    assert log.description.startswith("In Biểu 12B-BTCTW (PDF): Sở Nội vụ")


def test_bieu11_pdf(client, personas, dataset):  # noqa: F811
    response = _pdf(client, personas["clerk"], bieu="11")
    text = pdf_text(response.content)
    assert "Biểu 11-BTCTW" in text and "KẾT QUẢ LUÂN CHUYỂN CÁN BỘ NĂM 2023" in text
    assert "Tính đến ngày 31/12/2023" in text and "Hướng luân chuyển" in text
    layout = pdf_text(response.content, layout=True)
    # Total 4: women 2, minority 2, religion 1, ≤40 2, 41–50 2, >50 0, cao đẳng 1,
    # đại học 2, trên đại học 1, LLCT trung cấp 2, cao cấp-cử nhân 2.
    assert _figures(layout, "TỔNG SỐ") == "4 2 2 1 2 2 0 1 2 1 2 2"
    assert _figures(layout, "Từ tỉnh về huyện").startswith("2 ")
    assert AccessLog.objects.get().detail["report"] == "bieu11"


def test_bieu13_pdf(client, personas, dataset):  # noqa: F811
    response = _pdf(client, personas["admin"], bieu="13")
    text = pdf_text(response.content)
    assert "TỈNH ỦY THỬ NGHIỆM" in text and "Biểu 13-BTCTW" in text
    assert "KẾT QUẢ BỔ NHIỆM, BỔ NHIỆM LẠI, MIỄN NHIỆM CÁN BỘ NĂM 2023" in text
    assert "diện quản lý theo từng quyết định" in text
    layout = pdf_text(response.content, layout=True)
    assert _figures(layout, "TỔNG SỐ") == "7 3 4 2 1 1 0"
    assert _figures(layout, "Diện Ban Thường vụ Tỉnh ủy quản lý") == ("5 2 2 2 1 1 0")
    assert _figures(layout, "Diện Ban Thường vụ Huyện ủy quản lý") == ("2 1 2 0 0 0 0")
    assert "In bởi admin lúc" in text


def test_the_page_links_to_the_pdf(client, personas, dataset):  # noqa: F811
    client.force_login(personas["clerk"])
    body = client.get(URL, {**YEAR, "bieu": "11"}).content.decode()
    assert "xuat=pdf" in body and "In PDF" in body


def test_a_unit_outside_the_scope_is_404(client, personas, dataset):  # noqa: F811
    client.force_login(personas["clerk"])
    other = dataset["units"]["other"].pk
    for query in ({"unit": other}, {"unit": "999999"}):
        for file_format in ("pdf", "xlsx"):
            response = client.get(
                URL, {**YEAR, "bieu": "13", **query, "xuat": file_format}
            )
            assert response.status_code == 404
    assert not AccessLog.objects.exists()


def test_a_bad_date_gets_a_vietnamese_message(client, personas):
    client.force_login(personas["clerk"])
    response = client.get(
        URL, {"bieu": "11", "start": "31/02/2023", "end": "31/12/2023", "xuat": "pdf"}
    )
    assert response.status_code == 400
    assert "Từ ngày: ngày không hợp lệ" in response.content.decode()
    assert not AccessLog.objects.exists()


@pytest.mark.parametrize("bieu", ["11", "12b", "13"])
def test_page_one_renders_to_png(client, personas, dataset, term_2020, bieu):  # noqa: F811
    query = {"bieu": bieu}
    if bieu == "12b":
        query["term"] = term_2020.pk
    response = _pdf(client, personas["admin"], **query)
    render_png(response.content, f"bieu-{bieu}")
