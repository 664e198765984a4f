"""Biểu 10-BTCTW printed as a PDF from the training report page (`?xuat=pdf`),
read back with pdftotext against the worked numbers of
tests/training/test_statistics.py (the same dataset, period 2026, as of 31/12)
and the workbook's checks in test_report_bieu10.py; page 1 rendered with
pdftoppm; scope, the access log and bad input."""

import re

from django.urls import reverse

from cadre_registry.models import AccessLog
from tests.pdf_tools import pdf_text, render_png
from tests.training.test_statistics import dataset  # noqa: F401 (fixture)

URL = reverse("training:report_bieu10")
YEAR = {"start": "01/01/2026", "end": "31/12/2026"}


def _figures(text: str, label: str) -> str:
    """The figures printed after `label` at the end of its line (pdftotext
    -layout), as one string: "4 2 2 1"."""
    pattern = re.compile(rf"{re.escape(label)}((?:\s+[\d.,]+)+)\s*$")
    for line in text.splitlines():
        found = pattern.search(line)
        if found:
            return " ".join(found.group(1).split())
    raise AssertionError(f"{label!r} not in the PDF")


def test_administrator_prints_the_province(client, personas, dataset):  # noqa: F811
    client.force_login(personas["admin"])
    response = client.get(URL, {**YEAR, "xuat": "pdf"})
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "TỈNH ỦY THỬ NGHIỆM" in text and "Biểu 10-BTCTW" in text
    assert "KẾT QUẢ ĐÀO TẠO, BỒI DƯỠNG CÁN BỘ NĂM 2026" in text
    assert "Tính đến ngày 31/12/2026" in text
    assert "Số lớp" in text and "Cấp huyện" in text
    assert "NGƯỜI LẬP BIỂU" in text and "(Ký tên, đóng dấu)" in text
    assert "In bởi admin lúc" in text and "Trang 1/" in text
    layout = pdf_text(response.content, layout=True)
    # total 15 = 7 + 4 + 4, leaders 3; 6 classes, 3 provincial, 3 district.
    assert _figures(layout, "TỔNG SỐ") == "15 7 4 4 3 6 3 3"
    assert _figures(layout, "ĐÀO TẠO") == "12 6 3 3 2 4 2 2"
    assert _figures(layout, "Cao cấp lý luận chính trị") == "8 6 1 1 1 2 2 0"
    assert _figures(layout, "BỒI DƯỠNG") == "3 1 1 1 1 2 1 1"
    log = AccessLog.objects.get()
    assert log.action == AccessLog.Action.PRINT
    assert (log.detail["report"], log.detail["format"]) == ("bieu10", "pdf")
    assert log.row_count == 15
    assert log.description.startswith("In Biểu 10-BTCTW (PDF): Tỉnh ủy Thử nghiệm")
    render_png(response.content, "bieu-10")
    # The table runs onto page 2: its headings repeat there.
    second = pdf_text(response.content).split("\f")[1]
    assert "STT" in second and "Số lớp" in second and "Trang 2/2" in second
    render_png(response.content, "bieu-10-2", page=2)


def test_organizer_prints_only_their_people(client, personas, dataset):  # noqa: F811
    client.force_login(personas["clerk"])
    response = client.get(URL, {**YEAR, "xuat": "pdf"})
    layout = pdf_text(response.content, layout=True)
    assert "SỞ NỘI VỤ" in layout
    assert _figures(layout, "TỔNG SỐ") == "5 5 0 0 1 1 1 0"


def test_the_page_links_to_the_pdf(client, personas, dataset):  # noqa: F811
    client.force_login(personas["clerk"])
    body = client.get(URL, YEAR).content.decode()
    assert "xuat=pdf" in body and "In PDF" in body
    assert not AccessLog.objects.exists()


def test_a_unit_outside_the_scope_is_404(client, personas, dataset):  # noqa: F811
    client.force_login(personas["clerk"])
    for unit in (dataset["units"]["district"].pk, 999999):
        for file_format in ("pdf", "xlsx"):
            response = client.get(URL, {**YEAR, "unit": unit, "xuat": file_format})
            assert response.status_code == 404
    assert not AccessLog.objects.exists()


def test_a_bad_date_gets_a_vietnamese_message(client, personas):
    client.force_login(personas["clerk"])
    response = client.get(
        URL, {"start": "31/02/2026", "end": "31/12/2026", "xuat": "pdf"}
    )
    assert response.status_code == 400
    assert "Từ ngày: ngày không hợp lệ" in response.content.decode()
    assert not AccessLog.objects.exists()
