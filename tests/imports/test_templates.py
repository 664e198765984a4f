"""The XLSX template of each resource and the error workbook of a checked file."""

import io

import openpyxl

from cadre_registry.imports import check_file
from cadre_registry.imports.templates import error_workbook, template_workbook
from cadre_registry.resources import PEOPLE_COLUMNS, UNIT_COLUMNS

from .conftest import BASIC, person_row, xlsx_bytes


def _open(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content))


def test_people_template_has_headers_an_example_notes_and_the_codes(personas, tree):
    workbook = _open(template_workbook("people"))
    data, codes = workbook.worksheets
    headers = [c.value for c in data[1]]
    assert headers == [c.header for c in PEOPLE_COLUMNS]
    example = {h: c.value for h, c in zip(headers, data[2], strict=True)}
    assert example["Họ và tên"] == "Nguyễn Thị Hương"
    assert example["Số CCCD"] == "001180000123"  # text, not a number
    birth = headers.index("Ngày sinh")
    assert "dd/mm/yyyy" in data.cell(row=1, column=birth + 1).comment.text
    assert codes.title == "Danh mục"
    listed = {c.value for row in codes.iter_rows() for c in row}
    assert {"Nữ", "Nam", "Kinh", "Công chức", "SNV-CC", "Phòng Công chức"} <= listed


def test_template_for_a_user_without_the_permission_leaves_sensitive_columns_out(
    personas, tree
):
    workbook = _open(template_workbook("people", user=personas["plainclerk"]))
    headers = [c.value for c in workbook.worksheets[0][1]]
    assert "Số CCCD" not in headers and "Dân tộc" not in headers
    assert "Họ và tên" in headers
    listed = {c.value for row in workbook.worksheets[1].iter_rows() for c in row}
    assert "SNV-CC" in listed and "SYT" not in listed  # only the user's units


def test_units_template(personas, tree):
    headers = [c.value for c in _open(template_workbook("units")).worksheets[0][1]]
    assert headers == [c.header for c in UNIT_COLUMNS]


def test_template_headers_are_accepted_by_the_importer(personas, tree, make_job):
    workbook = _open(template_workbook("people"))
    headers = [c.value for c in workbook.worksheets[0][1]]
    row = {**{h: None for h in headers}, **person_row(1)}
    report = check_file(
        job=make_job(personas["clerk"], xlsx_bytes(headers, [row])),
        user=personas["clerk"],
    )
    assert (report.new, report.rejected) == (1, 0)


def test_error_workbook_has_the_rejected_rows_as_uploaded_and_a_reason(
    personas, tree, make_job
):
    clerk = personas["clerk"]
    rows = [
        person_row(1),
        person_row(2, **{"Ngày sinh": "31/02/1980"}),
        person_row(3, **{"Số CCCD": 1190000003, "Mã đơn vị": "KHONG-CO"}),
    ]
    job = make_job(clerk, xlsx_bytes(BASIC, rows))
    check_file(job=job, user=clerk)
    job.refresh_from_db()
    sheet = _open(error_workbook(job)).worksheets[0]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0] == [*BASIC, "Lý do"]
    assert len(values) == 3
    assert values[1][:5] == [
        "001190000002",
        "CB000002",
        "Trần Văn An 2",
        "Nam",
        "31/02/1980",
    ]
    assert (
        values[1][-1].startswith("Dòng 3: Ngày sinh: ")
        and "31/02/1980" in values[1][-1]
    )
    assert values[2][0] == 1190000003  # as uploaded: a number
    assert "Mã đơn vị" in values[2][-1] and "KHONG-CO" in values[2][-1]


def test_corrected_error_workbook_uploads_again(personas, tree, make_job):
    clerk = personas["clerk"]
    job = make_job(
        clerk, xlsx_bytes(BASIC, [person_row(1, **{"Ngày sinh": "31/02/1980"})])
    )
    check_file(job=job, user=clerk)
    job.refresh_from_db()
    workbook = _open(error_workbook(job))
    workbook.worksheets[0]["E2"] = "28/02/1980"
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = check_file(job=make_job(clerk, buffer.getvalue()), user=clerk)
    assert (report.new, report.rejected) == (1, 0)  # the "Lý do" column is ignored
