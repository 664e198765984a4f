"""The Biểu 10-BTCTW page and its XLSX export, checked cell by cell against the
worked numbers of tests/training/test_statistics.py (the same dataset)."""

import io

import openpyxl
import pytest
from django.shortcuts import resolve_url
from django.urls import reverse

from cadre_registry.models import AccessLog
from tests.training.test_statistics import dataset  # noqa: F401 (fixture)

URL = reverse("training:report_bieu10")
YEAR = {"start": "01/01/2026", "end": "31/12/2026"}


def _workbook(response):
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return openpyxl.load_workbook(io.BytesIO(response.content))["Biểu 10"]


def _by_position(sheet, label: str, occurrence: int = 1) -> list:
    seen = 0
    for row in sheet.iter_rows(min_row=9, max_col=10, values_only=True):
        if row[1] == label:
            seen += 1
            if seen == occurrence:
                return list(row[2:])
    raise AssertionError(f"{label} not found")


def _labels(sheet) -> list:
    return [row[1] for row in sheet.iter_rows(min_row=9, max_col=2, values_only=True)]


def test_anonymous_goes_to_login(client, settings):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))


def test_auditor_is_refused(client, personas):
    client.force_login(personas["auditor"])
    assert client.get(URL).status_code == 403


def test_the_form_without_a_period(client, personas):
    client.force_login(personas["clerk"])
    response = client.get(URL)
    assert response.status_code == 200
    assert "Số liệu tính đến ngày" in response.content.decode()


def test_administrator_exports_the_province(client, personas, dataset):  # noqa: F811
    client.force_login(personas["admin"])
    sheet = _workbook(client.get(URL, {**YEAR, "xuat": "xlsx"}))
    # Heading: the unit (the province, the administrator's whole scope), the form,
    # the period and the reference date (end of the period).
    assert sheet["A1"].value == "TỈNH ỦY THỬ NGHIỆM"
    assert sheet["H1"].value == "Biểu 10-BTCTW"
    assert sheet["A3"].value == "KẾT QUẢ ĐÀO TẠO, BỒI DƯỠNG CÁN BỘ NĂM 2026"
    assert sheet["A4"].value == "(Số liệu tính đến ngày 31/12/2026)"
    assert [c.value for c in sheet[7]][2:10] == [
        "Tổng số",
        "Cấp tỉnh",
        "Cấp huyện",
        "Cấp xã",
        "Trong đó: cán bộ lãnh đạo, quản lý",
        "Tổng số",
        "Do Tỉnh ủy mở",
        "Do Huyện ủy mở",
    ]
    assert sheet["C6"].value == "Số người được đào tạo, bồi dưỡng"
    assert sheet["H6"].value == "Số lớp"
    # Columns: trained, provincial, district, commune, leaders; classes, by the
    # province, by districts (worked in test_statistics):
    # total 15 = 7 + 4 + 4, leaders 3; 6 classes, 3 provincial (C1, C2, C5), 3
    # district (C3, C4, C8).
    assert _by_position(sheet, "TỔNG SỐ") == [15, 7, 4, 4, 3, 6, 3, 3]
    # I. Đào tạo = political theory: cao cấp 8 + trung cấp 4 = 12; provincial 6
    # (C1 e1-e3, C2 e6-e8), district 3 (e4, e13, e20), commune 3 (e9, e11, e12);
    # leaders 2 (p1 in C1, p10 in C8); classes C1, C2, C3, C8.
    assert _by_position(sheet, "ĐÀO TẠO") == [12, 6, 3, 3, 2, 4, 2, 2]
    assert _by_position(sheet, "Chuyên môn") == [0] * 8
    assert _by_position(sheet, "Lý luận chính trị") == [12, 6, 3, 3, 2, 4, 2, 2]
    cao = "Cao cấp lý luận chính trị"
    assert _by_position(sheet, cao) == [8, 6, 1, 1, 1, 2, 2, 0]
    labels = _labels(sheet)
    at = labels.index(cao)
    assert labels[at + 1 : at + 3] == ["Tập trung", "Không tập trung"]
    # Cao cấp tập trung (C1): 4 = e1, e2, e3 provincial + e4 district; p1 leader.
    # Không tập trung (C2): 4 = e6, e7, e8 provincial + e9 commune.
    rows = list(sheet.iter_rows(min_row=9, max_col=10, values_only=True))
    assert list(rows[at + 1][2:]) == [4, 3, 1, 0, 1, 1, 1, 0]
    assert list(rows[at + 2][2:]) == [4, 3, 0, 1, 0, 1, 1, 0]
    # Trung cấp: C8 tập trung 1 (p10, district, leader), C3 không tập trung 3
    # (e11, e12 commune, e13 district); both classes opened by the district.
    trung = labels.index("Trung cấp lý luận chính trị")
    assert list(rows[trung][2:]) == [4, 0, 2, 2, 1, 2, 0, 2]
    assert list(rows[trung + 1][2:]) == [1, 0, 1, 0, 1, 1, 0, 1]
    assert list(rows[trung + 2][2:]) == [3, 0, 1, 2, 0, 1, 0, 1]
    # II. Bồi dưỡng: QP-AN 3 (C4: p10 district leader, p8 commune) + tin học (C5:
    # e16 provincial) = 3.
    assert _by_position(sheet, "BỒI DƯỠNG") == [3, 1, 1, 1, 1, 2, 1, 1]
    assert _by_position(
        sheet, "Bồi dưỡng kiến thức quốc phòng - an ninh đối tượng 3"
    ) == [2, 0, 1, 1, 1, 1, 0, 1]
    # Tin học is one course type: its group row stands alone.
    assert _by_position(sheet, "Tin học") == [1, 1, 0, 0, 0, 1, 1, 0]
    assert "Bồi dưỡng tin học" not in labels
    # Sơ cấp is not a Biểu 10 row (reference data: in_report=False).
    assert "Sơ cấp lý luận chính trị" not in labels
    # Signature block (DOMAIN.md §11.2): preparer and phone, Head of Department.
    texts = {c.value for row in sheet.iter_rows() for c in row if c.value}
    assert {"NGƯỜI LẬP BIỂU", "TRƯỞNG BAN", "(Ký tên, đóng dấu)"} <= texts
    assert "Số điện thoại: ………………" in texts
    assert "admin" in texts  # the preparer's name


def test_the_export_is_logged(client, personas, dataset):  # noqa: F811
    client.force_login(personas["admin"])
    client.get(URL, {**YEAR, "xuat": "xlsx"})
    log = AccessLog.objects.get(action=AccessLog.Action.EXPORT)
    assert log.user == personas["admin"]
    assert log.row_count == 15
    assert log.detail["report"] == "bieu10"
    assert (log.detail["start"], log.detail["end"]) == ("2026-01-01", "2026-12-31")
    assert "Biểu 10-BTCTW" in log.description


def test_viewing_the_page_is_not_an_export(client, personas, dataset):  # noqa: F811
    client.force_login(personas["admin"])
    response = client.get(URL, YEAR)
    assert response.status_code == 200
    body = response.content.decode()
    assert "TỔNG SỐ" in body and "Tải về XLSX" in body
    # Ratios on the page: cao cấp 4 : 4 = 1:1.0; trung cấp 1 : 3 = 1:3.0.
    assert "= 1:1.0 (4 : 4)" in body and "= 1:3.0 (1 : 3)" in body
    assert not AccessLog.objects.filter(action=AccessLog.Action.EXPORT).exists()


def test_organizer_exports_only_their_people(client, personas, dataset):  # noqa: F811
    client.force_login(personas["clerk"])
    sheet = _workbook(client.get(URL, {**YEAR, "xuat": "xlsx"}))
    assert sheet["A1"].value == "SỞ NỘI VỤ"
    # Sở Nội vụ: C1 e1, e2 (p1 leader) + C2 e6, e7 + C5 e16 = 5, all provincial;
    # one class opened by its units (C5, provincial level).
    assert _by_position(sheet, "TỔNG SỐ") == [5, 5, 0, 0, 1, 1, 1, 0]
    assert _by_position(sheet, "Cao cấp lý luận chính trị") == [4, 4, 0, 0, 1, 0, 0, 0]


def test_organizer_exports_a_unit_of_their_subtree(client, personas, dataset):  # noqa: F811
    office = dataset["units"]["office"]
    client.force_login(personas["clerk"])
    sheet = _workbook(client.get(URL, {**YEAR, "unit": office.pk, "xuat": "xlsx"}))
    assert sheet["A1"].value == "PHÒNG CÔNG CHỨC"
    # Phòng Công chức: p1, p2 in C1, p3 in C2 (p3 withdrew from C5) = 3.
    assert _by_position(sheet, "TỔNG SỐ")[0] == 3
    log = AccessLog.objects.get(action=AccessLog.Action.EXPORT)
    assert (log.object_id, log.detail["unit"]) == (str(office.pk), office.pk)


def test_a_unit_outside_the_scope_is_404(client, personas, dataset):  # noqa: F811
    client.force_login(personas["clerk"])
    response = client.get(
        URL, {**YEAR, "unit": dataset["units"]["district"].pk, "xuat": "xlsx"}
    )
    assert response.status_code == 404
    assert not AccessLog.objects.exists()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"start": "31/02/2026", "end": "31/12/2026"}, "Từ ngày: ngày không hợp lệ"),
        ({"start": "", "end": "31/12/2026"}, "Từ ngày: không được để trống."),
        ({"start": "01/07/2026", "end": "30/06/2026"}, "Đến ngày phải sau hoặc bằng"),
        ({"start": "01/01/2020", "end": "31/12/2026"}, "tối đa 5 năm"),
        ({**YEAR, "on": "01/12/2025"}, "Ngày tính số liệu phải sau"),
        ({**YEAR, "unit": "abc"}, "Đơn vị: lựa chọn không hợp lệ."),
        ({"start": "01/01/9999", "end": "31/12/9999"}, "1900–2100"),
    ],
)
def test_bad_input_gets_a_vietnamese_message(client, personas, params, message):
    client.force_login(personas["clerk"])
    response = client.get(URL, {**params, "xuat": "xlsx"})
    assert response.status_code == 400
    assert message in response.content.decode()


def test_half_year_as_of_its_end(client, personas, dataset):  # noqa: F811
    client.force_login(personas["admin"])
    sheet = _workbook(
        client.get(URL, {"start": "01/01/2026", "end": "30/06/2026", "xuat": "xlsx"})
    )
    assert sheet["A3"].value == (
        "KẾT QUẢ ĐÀO TẠO, BỒI DƯỠNG CÁN BỘ TỪ 01/01/2026 ĐẾN 30/06/2026"
    )
    # As of 30/06 (test_as_of_an_earlier_date): C1 4 + C2 4 + C3 3 + C4 2 = 13
    # trained; leaders: p10 in C4 only; classes C1-C4 (2 provincial, 2 district).
    assert _by_position(sheet, "TỔNG SỐ")[0] == 13
    assert _by_position(sheet, "TỔNG SỐ")[4:] == [1, 4, 2, 2]
