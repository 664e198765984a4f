"""The Biểu 11, 12B and 13 page and its XLSX downloads, read back cell by cell
against the worked numbers of tests/planning/test_statistics.py (the same dataset:
reference date 31/12/2023, period 2023)."""

import io

import openpyxl
import pytest
from django.shortcuts import resolve_url
from django.urls import reverse

from cadre_registry.models import AccessLog
from planning.statistics import POST_GROUPS, ROTATION_KEYS
from tests.planning.test_statistics import dataset  # noqa: F401 (fixture)

URL = reverse("planning:report")
YEAR = {"start": "01/01/2023", "end": "31/12/2023"}
FIRST = 9  # 1-based row of "TỔNG SỐ" (report_xlsx.FIRST_DATA_ROW + 1)


def _sheet(response, name):
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return openpyxl.load_workbook(io.BytesIO(response.content))[name]


def _rows(sheet, width):
    """{label: figures} of the table from "TỔNG SỐ" down to the first empty row."""
    out = {}
    for row in sheet.iter_rows(min_row=FIRST, max_col=width, values_only=True):
        if row[1] is None:
            break
        out.setdefault(row[1], list(row[2:]))
    return out


def _texts(sheet):
    return {c.value for row in sheet.iter_rows() for c in row if c.value}


def test_anonymous_goes_to_login(client, settings):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))


def test_auditor_is_refused(client, personas):
    client.force_login(personas["auditor"])
    assert client.get(URL).status_code == 403


def test_the_form_without_a_period(client, personas):
    client.force_login(personas["leader"])
    response = client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Biểu 12B-BTCTW" in body and "Số liệu tính đến ngày" in body


def test_the_planning_pages_link_to_the_report(client, personas):
    client.force_login(personas["clerk"])
    assert URL in client.get(reverse("planning:term_list")).content.decode()


def test_bieu12b_xlsx(client, personas, dataset, term_2020):  # noqa: F811
    client.force_login(personas["clerk"])
    response = client.get(
        URL, {**YEAR, "bieu": "12b", "term": term_2020.pk, "xuat": "xlsx"}
    )
    sheet = _sheet(response, "Biểu 12B")
    assert sheet["A1"].value == "SỞ NỘI VỤ"
    assert sheet["R1"].value == "Biểu 12B-BTCTW"
    assert sheet["A3"].value == "KẾT QUẢ QUY HOẠCH CÁN BỘ NHIỆM KỲ 2020-2025"
    assert sheet["A4"].value == "(Số liệu tính đến ngày 31/12/2023)"
    assert sheet["A5"].value == "(Biến động quy hoạch năm 2023)"
    # Headings: total, the 15 post groups, people once, their share.
    assert sheet["C6"].value == "Tổng số (lượt)"
    assert sheet["D6"].value == "Quy hoạch các chức danh (lượt)"
    groups = [c.value for c in sheet[7]][3 : 3 + len(POST_GROUPS)]
    assert groups == [label for _, label, _ in POST_GROUPS]
    assert (sheet["S6"].value, sheet["T6"].value) == (
        "Số người (tính một lần)",
        "Tỷ lệ % số người",
    )
    width = 2 + 1 + len(POST_GROUPS) + 2
    rows = _rows(sheet, width)
    column = {key: 1 + i for i, (key, _, _) in enumerate(POST_GROUPS)}
    total = rows["TỔNG SỐ"]
    # 5 entries: Giám đốc 1, Phó Giám đốc 2, phòng 2; 4 people, 100%.
    assert total[0] == 5
    assert total[column["giam_doc"]] == 1
    assert total[column["pho_giam_doc"]] == 2
    assert total[column["phong"]] == 2
    assert total[-2:] == [4, 100]
    # Every row's groups add up to its total.
    for label, values in rows.items():
        if values[0] is not None:
            assert sum(values[1 : 1 + len(POST_GROUPS)]) == values[0], label
    # Women: entries a, f = 2 (E1 phòng, E7 Phó Giám đốc); people 2 of 4 = 50%.
    women = rows["Nữ"]
    assert women[0] == 2 and women[column["pho_giam_doc"]] == 1
    assert women[-2:] == [2, 50]
    # Minority in entries: b twice, f = 3; people b, f = 2 (50%).
    assert rows["Dân tộc thiểu số"][0] == 3
    assert rows["Dân tộc thiểu số"][-2:] == [2, 50]
    # Young under 40 (QĐ 50): a only = 1 of 4 = 25%.
    assert rows["Cán bộ trẻ (dưới 40 tuổi)"][-2:] == [1, 25]
    # Age bands of the people: ≤40 a, e; 41–50 b, f; >50 none (add up to 4).
    bands = [rows[label][-2] for label in ("Từ 40 tuổi trở xuống", "Từ 41 đến 50 tuổi")]
    assert bands == [2, 2] and rows["Trên 50 tuổi"][-2] == 0
    assert rows["Trên đại học"][-2:] == [1, 25]
    assert rows["Phó Giáo sư"][0] == 2  # b in two posts
    assert rows["Cao cấp, cử nhân"][-2:] == [2, 50]
    # Headings of groups of rows carry no figures.
    assert rows["Độ tuổi"] == [None] * (width - 2)
    # Sources and changes: 3 tại chỗ, 2 nơi khác; removed 2 (over age, discipline);
    # 1 added in the round.
    flows = {
        r[1]: r[2]
        for r in sheet.iter_rows(min_row=FIRST, max_col=3, values_only=True)
        if r[1]
    }
    assert flows["Nguồn cán bộ quy hoạch (lượt)"] == 5
    assert (flows["Nguồn tại chỗ"], flows["Nguồn nơi khác"]) == (3, 2)
    assert flows["Đưa ra khỏi quy hoạch trong kỳ"] == 2
    assert (flows["Quá tuổi quy hoạch"], flows["Bị kỷ luật"]) == (1, 1)
    assert flows["Chuyển công tác"] == 0
    assert flows["Bổ sung quy hoạch qua rà soát (đã phê duyệt)"] == 1
    texts = _texts(sheet)
    assert {"NGƯỜI LẬP BIỂU", "TRƯỞNG BAN", "(Ký tên, đóng dấu)"} <= texts
    assert "clerk" in texts  # the preparer


def test_bieu11_xlsx(client, personas, dataset):  # noqa: F811
    client.force_login(personas["clerk"])
    sheet = _sheet(client.get(URL, {**YEAR, "bieu": "11", "xuat": "xlsx"}), "Biểu 11")
    assert sheet["A3"].value == "KẾT QUẢ LUÂN CHUYỂN CÁN BỘ NĂM 2023"
    assert sheet["L1"].value == "Biểu 11-BTCTW"
    assert [c.value for c in sheet[6]][:4] == [
        "STT",
        "Hướng luân chuyển",
        "Tổng số",
        "Trong đó",
    ]
    assert [c.value for c in sheet[7]][3:6] == ["Nữ", "Dân tộc thiểu số", "Có tôn giáo"]
    rows = _rows(sheet, 2 + 1 + len(ROTATION_KEYS))
    # Total 4: women 2, minority 2, religion 1, ≤40 2, 41–50 2, >50 0, cao đẳng 1,
    # đại học 2, trên đại học 1, LLCT trung cấp 2, cao cấp-cử nhân 2.
    assert rows["TỔNG SỐ"] == [4, 2, 2, 1, 2, 2, 0, 1, 2, 1, 2, 2]
    assert rows["Từ tỉnh về huyện"][0] == 2
    assert rows["Từ tỉnh về xã"][0] == 1
    assert rows["Từ phòng, ban này sang phòng, ban khác"][0] == 1
    assert rows["Từ Trung ương về tỉnh"][0] == 0
    # The ten directions add up to the total, column by column.
    directions = [v for label, v in rows.items() if label != "TỔNG SỐ"]
    assert len(directions) == 10
    assert [sum(col) for col in zip(*directions, strict=True)] == rows["TỔNG SỐ"]
    assert "TRƯỞNG BAN" in _texts(sheet)


def test_bieu13_xlsx(client, personas, dataset):  # noqa: F811
    client.force_login(personas["admin"])
    sheet = _sheet(client.get(URL, {**YEAR, "bieu": "13", "xuat": "xlsx"}), "Biểu 13")
    assert sheet["A1"].value == "TỈNH ỦY THỬ NGHIỆM"
    assert sheet["A3"].value == (
        "KẾT QUẢ BỔ NHIỆM, BỔ NHIỆM LẠI, MIỄN NHIỆM CÁN BỘ NĂM 2023"
    )
    assert sheet["C6"].value == "Bổ nhiệm"
    assert [c.value for c in sheet[7]][2:6] == [
        "Tổng số bổ nhiệm",
        "Trong đó: bổ nhiệm lại",
        "Trong đó: nữ",
        "Trong đó: dân tộc thiểu số",
    ]
    rows = _rows(sheet, 9)
    # Province: A1–A7 managed by the province's standing committee, A8 and A9 by
    # the district's (test_appointments_by_level); no nomination.
    assert rows["TỔNG SỐ"] == [7, 3, 4, 2, 1, 1, 0]
    assert rows["Diện Trung ương quản lý"] == [0] * 7
    assert rows["Diện Ban Thường vụ Tỉnh ủy quản lý"] == [5, 2, 2, 2, 1, 1, 0]
    assert rows["Diện Ban Thường vụ Huyện ủy quản lý"] == [2, 1, 2, 0, 0, 0, 0]
    assert [c.value for c in sheet[6]][8] == "Giới thiệu ứng cử"
    assert any("diện quản lý theo từng quyết định" in str(t) for t in _texts(sheet))


def test_each_download_is_logged(client, personas, dataset, term_2020):  # noqa: F811
    client.force_login(personas["clerk"])
    client.get(URL, {**YEAR, "bieu": "12b", "term": term_2020.pk, "xuat": "xlsx"})
    client.get(URL, {**YEAR, "bieu": "11", "xuat": "xlsx"})
    client.get(URL, {**YEAR, "bieu": "13", "xuat": "xlsx"})
    logs = list(AccessLog.objects.filter(action=AccessLog.Action.EXPORT).order_by("id"))
    assert [log.detail["report"] for log in logs] == ["bieu12b", "bieu11", "bieu13"]
    assert all(log.user == personas["clerk"] for log in logs)
    # Rows: 5 entries; 4 rotations; 5 appointments + 1 extension + 1 dismissal.
    assert [log.row_count for log in logs] == [5, 4, 7]
    assert logs[0].detail["term"] == term_2020.pk
    assert (logs[1].detail["start"], logs[1].detail["on"]) == (
        "2023-01-01",
        "2023-12-31",
    )
    assert "Biểu 11-BTCTW" in logs[1].description


def test_viewing_the_page_is_not_an_export(client, personas, dataset, term_2020):  # noqa: F811
    client.force_login(personas["clerk"])
    response = client.get(URL, {**YEAR, "bieu": "12b", "term": term_2020.pk})
    assert response.status_code == 200
    body = response.content.decode()
    assert "TỔNG SỐ" in body and "Tải về XLSX" in body
    # Shares with their denominators (Vietnamese decimal comma): 5 entries of 4
    # people; the women and young targets of QĐ 50.
    assert "5 / 4 (1,25 lượt mỗi người)" in body
    assert "Cán bộ nữ: 2 / 4 (50,0%), mục tiêu ≥ 25%" in body
    assert "Cán bộ trẻ (dưới 40 tuổi): 1 / 4 (25,0%), mục tiêu ≥ 15%" in body
    assert "Nguồn tại chỗ: 3 / 5 (60,0%)" in body
    assert not AccessLog.objects.filter(action=AccessLog.Action.EXPORT).exists()
    for bieu in ("11", "13"):
        page = client.get(URL, {**YEAR, "bieu": bieu})
        assert page.status_code == 200 and "TỔNG SỐ" in page.content.decode()


def test_organizer_of_a_unit_sees_only_its_subtree(client, personas, dataset):  # noqa: F811
    office = dataset["units"]["office"]
    client.force_login(personas["clerk"])
    sheet = _sheet(
        client.get(URL, {**YEAR, "bieu": "11", "unit": office.pk, "xuat": "xlsx"}),
        "Biểu 11",
    )
    assert sheet["A1"].value == "PHÒNG CÔNG CHỨC"
    # From or to Phòng Công chức: R1 (a, phòng sang phòng), R4 (f, tỉnh về huyện).
    rows = _rows(sheet, 14)
    assert rows["TỔNG SỐ"][0] == 2
    log = AccessLog.objects.get(action=AccessLog.Action.EXPORT)
    assert (log.object_id, log.detail["unit"]) == (str(office.pk), office.pk)
    # Sở Y tế's organizer downloads Biểu 13 of their scope: nothing of SNV.
    client.force_login(personas["outsider"])
    sheet = _sheet(client.get(URL, {**YEAR, "bieu": "13", "xuat": "xlsx"}), "Biểu 13")
    assert _rows(sheet, 8)["TỔNG SỐ"] == [0] * 6


def test_a_unit_outside_the_scope_is_404(client, personas, dataset):  # noqa: F811
    client.force_login(personas["clerk"])
    response = client.get(
        URL,
        {**YEAR, "bieu": "13", "unit": dataset["units"]["other"].pk, "xuat": "xlsx"},
    )
    assert response.status_code == 404
    assert not AccessLog.objects.exists()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"start": "31/02/2023", "end": "31/12/2023"}, "Từ ngày: ngày không hợp lệ"),
        ({"start": "", "end": "31/12/2023"}, "Từ ngày: không được để trống."),
        ({"start": "01/01/2023", "end": ""}, "Đến ngày: không được để trống."),
        ({"start": "01/07/2023", "end": "30/06/2023"}, "Đến ngày phải sau hoặc bằng"),
        ({"start": "01/01/2017", "end": "31/12/2023"}, "tối đa 5 năm"),
        ({"start": "29/02/2024", "end": "31/12/2024"}, None),  # a leap day is fine
        ({**YEAR, "on": "01/12/2022"}, "Số liệu tính đến ngày phải sau"),
        ({**YEAR, "on": "1/13/2023"}, "Số liệu tính đến ngày: ngày không hợp lệ"),
        ({**YEAR, "unit": "abc"}, "Đơn vị: lựa chọn không hợp lệ."),
        ({**YEAR, "term": "999999"}, "Nhiệm kỳ quy hoạch: lựa chọn không hợp lệ."),
        ({**YEAR, "bieu": "99"}, "Biểu báo cáo: lựa chọn không hợp lệ."),
        ({"start": "01/01/9999", "end": "31/12/9999"}, "1900–2100"),
    ],
)
def test_bad_input_gets_a_vietnamese_message(client, personas, params, message):
    client.force_login(personas["clerk"])
    response = client.get(URL, {"bieu": "12b", **params, "xuat": "xlsx"})
    if message is None:
        assert response.status_code == 200
        return
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not AccessLog.objects.exists()


def test_a_target_not_met_is_flagged(client, personas, dataset, term_2020):  # noqa: F811
    # Sở Y tế: h alone (43): young 0 of 1, under QĐ 50's 15%.
    client.force_login(personas["outsider"])
    response = client.get(URL, {**YEAR, "bieu": "12b", "term": term_2020.pk})
    body = response.content.decode()
    assert "Cán bộ trẻ (dưới 40 tuổi): 1 / 1" not in body
    assert "Cán bộ trẻ (dưới 40 tuổi): 0 / 1 (0,0%), mục tiêu ≥ 15% – chưa đạt" in body
