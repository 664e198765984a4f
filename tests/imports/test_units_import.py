"""Importing units: keyed on the unit code, parents by code, within scope."""

import pytest

from cadre_registry.imports import ImportRejected, apply_file, check_file
from cadre_registry.models import Unit

from .conftest import csv_bytes, xlsx_bytes

HEADERS = [
    "Mã đơn vị",
    "Tên đơn vị",
    "Loại đơn vị",
    "Mã đơn vị cấp trên",
    "Hiệu lực từ",
    "Hiệu lực đến",
]


def _job(make_job, user, rows):
    return make_job(
        user, xlsx_bytes(HEADERS, rows), name="don-vi.xlsx", resource="units"
    )


def test_organizer_adds_units_under_their_own_unit_parents_first_or_later(
    personas, tree, make_job
):
    clerk = personas["clerk"]
    rows = [
        ["SNV-TCBC-1", "Tổ 1", "Chi bộ", "SNV-TCBC", "", ""],  # parent comes later
        ["SNV-TCBC", "Phòng Tổ chức biên chế", "co_so", "SNV", "01/01/2025", ""],
    ]
    job = _job(make_job, clerk, rows)
    report = check_file(job=job, user=clerk)
    assert (report.new, report.rejected) == (2, 0)
    apply_file(job=job, user=clerk)
    office = Unit.objects.get(code="SNV-TCBC")
    team = Unit.objects.get(code="SNV-TCBC-1")
    assert office.parent == tree["home"] and team.parent == office
    assert office.path.startswith(tree["home"].path) and team.path.startswith(
        office.path
    )
    assert (office.depth, team.depth) == (
        tree["home"].depth + 1,
        tree["home"].depth + 2,
    )
    assert team.kind == "chi_bo"


def test_reimport_of_units_changes_nothing_and_a_rename_is_an_update(
    personas, tree, make_job
):
    clerk = personas["clerk"]
    rows = [["SNV-CC", "Phòng Công chức", "co_so", "SNV", "", ""]]
    assert check_file(job=_job(make_job, clerk, rows), user=clerk).unchanged == 1
    rows = [["SNV-CC", "Phòng Công chức, viên chức", "co_so", "SNV", "", ""]]
    report = apply_file(job=_job(make_job, clerk, rows), user=clerk)
    assert report.updated == 1
    assert Unit.objects.get(code="SNV-CC").name == "Phòng Công chức, viên chức"


def test_organizer_cannot_add_or_change_units_outside_their_scope(
    personas, tree, make_job
):
    clerk = personas["clerk"]
    rows = [
        ["SYT-MOI", "Phòng mới", "co_so", "SYT", "", ""],
        ["SYT", "Sở Y tế đổi tên", "co_quan", "T01", "", ""],
        ["GOC", "Tỉnh mới", "tinh_uy", "", "", ""],
        ["SNV-CC", "Phòng Công chức", "co_so", "SYT", "", ""],  # a move out of scope
    ]
    job = _job(make_job, clerk, rows)
    report = check_file(job=job, user=clerk)
    assert report.rejected == 4 and report.new == 0
    messages = {e.row: e.message for e in report.errors}
    assert messages[2] == "Đơn vị SYT (Sở Y tế) nằm ngoài phạm vi được giao."
    assert messages[3] == "Đơn vị SYT (Sở Y tế) nằm ngoài phạm vi được giao."
    assert "cấp cao nhất" in messages[4]
    assert messages[5] == "Đơn vị SYT (Sở Y tế) nằm ngoài phạm vi được giao."
    with pytest.raises(ImportRejected):
        apply_file(job=job, user=clerk)
    assert not Unit.objects.filter(code__in=["SYT-MOI", "GOC"]).exists()


def test_administrator_moves_a_unit_with_its_subtree(personas, tree, make_job):
    admin = personas["admin"]
    rows = [["SNV", "Sở Nội vụ", "co_quan", "SYT", "", ""]]
    report = apply_file(job=_job(make_job, admin, rows), user=admin)
    assert report.updated == 1
    office = Unit.objects.get(code="SNV-CC")
    assert office.path.startswith(Unit.objects.get(code="SYT").path)


def test_unknown_parent_cycle_duplicate_and_bad_dates(personas, tree, make_job):
    admin = personas["admin"]
    rows = [
        ["A1", "Một", "co_so", "KHONG-CO", "", ""],
        ["A2", "Hai", "co_so", "A3", "", ""],
        ["A3", "Ba", "co_so", "A2", "", ""],
        ["A4", "Bốn", "co_so", "SNV", "", ""],
        ["a4", "Bốn lần hai", "co_so", "SNV", "", ""],
        ["A5", "Năm", "co_so", "SNV", "01/01/2025", "31/12/2024"],
        ["A6", "Sáu", "Không rõ", "A1", "", ""],
    ]
    report = check_file(job=_job(make_job, admin, rows), user=admin)
    messages = {}
    for error in report.errors:
        messages.setdefault(error.row, []).append(error.message)
    assert "“KHONG-CO” không có" in messages[2][0]
    assert "vòng lặp" in messages[3][0] and "vòng lặp" in messages[4][0]
    assert messages[6] == ["Mã đơn vị a4 trùng với dòng 5."]
    assert "trước hiệu lực từ" in messages[7][0]
    assert any("không có trong danh mục" in m for m in messages[8])
    assert report.new == 1  # A4


def test_units_from_csv(personas, tree, make_job):
    content = csv_bytes(
        HEADERS,
        [["SNV-X", "Phòng X", "Tổ chức cơ sở, phòng", "SNV", "", ""]],
        delimiter=";",
    )
    report = apply_file(
        job=make_job(personas["clerk"], content, name="u.csv", resource="units"),
        user=personas["clerk"],
    )
    assert report.new == 1 and Unit.objects.get(code="SNV-X").kind == "co_so"
