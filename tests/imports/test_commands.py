"""`manage.py import_people` and `import_units`: the same report as the pages."""

import pytest
from django.core.management import CommandError, call_command

from cadre_registry.models import ImportJob, Person, Unit

from .conftest import BASIC, csv_bytes, person_row, xlsx_bytes


def _run(*args):
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_dry_run_prints_the_report_and_writes_nothing(personas, tree, tmp_path):
    path = tmp_path / "can-bo.xlsx"
    path.write_bytes(
        xlsx_bytes(BASIC, [person_row(1), person_row(2, **{"Giới tính": "X"})])
    )
    out = _run("import_people", str(path), "--dry-run", "--user", "clerk")
    assert "thêm mới: 1" in out and "bị từ chối: 1" in out
    assert (
        "Dòng 3, cột “Giới tính”: Giới tính ghi “Nam” hoặc “Nữ”, không phải “X”." in out
    )
    assert not Person.objects.exists()
    assert ImportJob.objects.get().status == ImportJob.Status.CHECKED


def test_import_with_a_rejected_row_writes_nothing_and_fails(personas, tree, tmp_path):
    path = tmp_path / "can-bo.csv"
    path.write_bytes(
        csv_bytes(BASIC, [person_row(1), person_row(2, **{"Mã đơn vị": "SYT"})])
    )
    with pytest.raises(CommandError, match="1 dòng bị từ chối"):
        _run("import_people", str(path), "--user", "clerk")
    assert not Person.objects.exists()
    assert ImportJob.objects.get().status == ImportJob.Status.FAILED


def test_import_people_and_units(personas, tree, tmp_path):
    path = tmp_path / "can-bo.csv"
    path.write_bytes(csv_bytes(BASIC, [person_row(1)]))
    out = _run("import_people", str(path), "--user", "clerk")
    assert "Đã nhập: thêm mới 1" in out and Person.objects.count() == 1
    units = tmp_path / "don-vi.csv"
    units.write_bytes(
        csv_bytes(
            ["Mã đơn vị", "Tên đơn vị", "Loại đơn vị", "Mã đơn vị cấp trên"],
            [["SNV-Y", "Phòng Y", "co_so", "SNV"]],
        )
    )
    _run("import_units", str(units), "--user", "clerk")
    assert Unit.objects.get(code="SNV-Y").parent == tree["home"]


def test_file_errors_and_unknown_users_are_command_errors(personas, tree, tmp_path):
    path = tmp_path / "a.xlsx"
    path.write_bytes(b"%PDF-1.4")
    with pytest.raises(CommandError, match="không phải bảng tính"):
        _run("import_people", str(path), "--user", "clerk")
    with pytest.raises(CommandError, match="Không có người dùng"):
        _run("import_people", str(path), "--user", "nobody")


def test_import_history_command(personas, tree, tmp_path):
    from tests import factories

    person = factories.person(unit=tree["office"], personnel_code="CB801")
    path = tmp_path / "luong.csv"
    headers = ["Số hiệu cán bộ", "Mã ngạch", "Bậc", "Ngày hưởng"]
    path.write_bytes(csv_bytes(headers, [["CB801", "01.003", "2", "01/07/2023"]]))
    out = _run("import_history", "salaries", str(path), "--dry-run", "--user", "clerk")
    assert "thêm mới: 1" in out and not person.salary_records.exists()
    out = _run("import_history", "salaries", str(path), "--user", "clerk")
    assert "Đã nhập: thêm mới 1" in out
    assert str(person.salary_records.get().coefficient) == "2.67"
    # A personal-data kind for an organizer without the sensitive permission.
    family = tmp_path / "gia-dinh.csv"
    family.write_bytes(
        csv_bytes(
            ["Số hiệu cán bộ", "Quan hệ", "Họ và tên người thân"],
            [["CB801", "Mẹ", "Lê Thị Mai"]],
        )
    )
    with pytest.raises(CommandError, match="nhạy cảm"):
        _run("import_history", "family", str(family), "--user", "plainclerk")
    with pytest.raises(CommandError):
        _run("import_history", "nothing", str(family), "--user", "clerk")


def test_export_data_command_round_trips_and_is_logged(personas, tree, tmp_path):
    from cadre_registry.models import AccessLog
    from tests import factories

    factories.person(unit=tree["office"], personnel_code="CB811")
    factories.person(unit=tree["other"], personnel_code="CB812")  # not the clerk's
    source = tmp_path / "luong.csv"
    source.write_bytes(
        csv_bytes(
            ["Số hiệu cán bộ", "Mã ngạch", "Bậc", "Ngày hưởng", "Ngày quyết định"],
            [["CB811", "01.003", "2", "01/07/2023", "15/06/2023"]],
        )
    )
    _run("import_history", "salaries", str(source), "--user", "admin")
    factories_other = tmp_path / "luong-syt.csv"
    factories_other.write_bytes(
        csv_bytes(
            ["Số hiệu cán bộ", "Mã ngạch", "Bậc", "Ngày hưởng"],
            [["CB812", "01.003", "1", "01/07/2023"]],
        )
    )
    _run("import_history", "salaries", str(factories_other), "--user", "admin")
    for suffix in ("xlsx", "csv"):
        out_file = tmp_path / f"xuat.{suffix}"
        out = _run("export_data", "salaries", str(out_file), "--user", "clerk")
        assert "Đã xuất 1 dòng" in out  # the other unit's row is not the clerk's
        again = _run(
            "import_history", "salaries", str(out_file), "--dry-run", "--user", "clerk"
        )
        assert "không đổi: 1" in again and "bị từ chối: 0" in again, again
    people = tmp_path / "can-bo.csv"
    assert "Đã xuất 1 dòng" in _run(
        "export_data", "people", str(people), "--user", "clerk"
    )
    logged = AccessLog.objects.filter(action=AccessLog.Action.EXPORT)
    assert logged.count() == 3 and {log.row_count for log in logged} == {1}
    with pytest.raises(CommandError, match="people, "):
        _run("export_data", "family", str(people), "--user", "plainclerk")
    with pytest.raises(CommandError, match=".xlsx hoặc .csv"):
        _run("export_data", "people", str(tmp_path / "x.pdf"), "--user", "clerk")
