"""django-import-export's API on every Resource (people, units, each history kind,
training): `import_data(dataset, dry_run=..., user=...)` runs the validated engine,
so a script or the admin gets the same checks, scope, all-or-nothing write, history
and audit log as the import pages."""

import datetime as dt

import pytest
import tablib

from cadre_registry import selectors
from cadre_registry.imports import RESOURCES, ImportFileError, change_reason
from cadre_registry.models import AccessLog, ImportJob, Person
from cadre_registry.models.people import DatePrecision
from cadre_registry.resources import PersonResource, UnitResource, history_resource
from tests.exports.test_history_export import HISTORY_KINDS, ROW_FACTORIES
from training.resources import CohortResource, EnrolmentResource

from .conftest import BASIC, person_row


def _dataset(rows, headers=BASIC) -> tablib.Dataset:
    dataset = tablib.Dataset(headers=list(headers))
    for row in rows:
        dataset.append([row.get(h, "") for h in headers])
    return dataset


def _totals(result):
    return {k: v for k, v in result.totals.items() if v}


def test_a_dry_run_counts_lists_rejected_rows_and_writes_nothing(personas):
    clerk = personas["clerk"]
    rows = [person_row(1), person_row(2, **{"Ngày sinh": "31/02/1980"}), person_row(3)]
    result = PersonResource().import_data(_dataset(rows), dry_run=True, user=clerk)
    assert _totals(result) == {"new": 2, "invalid": 1}
    assert not Person.objects.exists()
    [invalid] = result.invalid_rows
    assert invalid.number == 3  # as the spreadsheet shows it: header is row 1
    assert invalid.values[BASIC.index("Họ và tên")] == "Trần Văn An 2"
    [message] = invalid.field_specific_errors["Ngày sinh"]
    assert "31/02/1980" in message
    assert result.has_validation_errors() and not result.has_errors()
    assert result.job.status == ImportJob.Status.CHECKED
    assert result.job.created_by == clerk and result.job.file_name == "people.csv"


def test_the_import_writes_with_history_and_log_and_a_second_run_changes_nothing(
    personas,
):
    clerk = personas["clerk"]
    dataset = _dataset([person_row(1), person_row(2)])
    result = PersonResource().import_data(dataset, user=clerk, file_name="ds.xlsx")
    assert _totals(result) == {"new": 2}
    assert result.job.status == ImportJob.Status.DONE
    person = Person.objects.get(national_id=person_row(1)["Số CCCD"])
    assert person.unit.code == "SNV-CC"
    reasons = set(
        Person.history.filter(id=person.pk).values_list(
            "history_change_reason", flat=True
        )
    )
    assert reasons == {change_reason(result.job)}
    log = AccessLog.objects.get(action=AccessLog.Action.IMPORT)
    assert log.user == clerk and log.detail["file_name"] == "ds.csv"
    assert log.detail["checksum"] == result.job.checksum

    again = PersonResource().import_data(dataset, user=clerk)
    assert _totals(again) == {"skip": 2}
    assert Person.history.filter(id=person.pk).count() == len(reasons)


def test_rejected_rows_are_left_out_or_with_rollback_nothing_is_written(personas):
    clerk = personas["clerk"]
    rows = [person_row(n) for n in range(1, 6)]
    rows[-1]["Mã đơn vị"] = "KHONG-CO"  # the last row: an unknown unit code
    result = PersonResource().import_data(
        _dataset(rows), user=clerk, rollback_on_validation_errors=True
    )
    assert not Person.objects.exists()
    assert [r.number for r in result.invalid_rows] == [6]
    assert "KHONG-CO" in result.invalid_rows[0].field_specific_errors["Mã đơn vị"][0]
    assert result.job.status == ImportJob.Status.CHECKED

    # As the confirm page does: the rows that pass, without the rejected one.
    result = PersonResource().import_data(_dataset(rows), user=clerk)
    assert _totals(result) == {"new": 4, "invalid": 1}
    assert Person.objects.count() == 4


def test_rows_outside_the_users_units_are_rejected(personas):
    outsider = personas["outsider"]  # organizer of Sở Y tế; the row is SNV-CC
    result = PersonResource().import_data(_dataset([person_row(1)]), user=outsider)
    assert _totals(result) == {"invalid": 1}
    assert result.invalid_rows[0].field_specific_errors["Mã đơn vị"] == [
        "Đơn vị SNV-CC (Phòng Công chức) nằm ngoài phạm vi được giao."
    ]
    assert not Person.objects.exists()


def test_a_duplicate_national_id_in_the_dataset_names_both_rows(personas):
    clerk = personas["clerk"]
    twin = person_row(2, **{"Số CCCD": person_row(1)["Số CCCD"]})
    result = PersonResource().import_data(
        _dataset([person_row(1), twin]), dry_run=True, user=clerk
    )
    assert result.totals["invalid"] >= 1
    messages = [
        m for r in result.invalid_rows for ms in r.error_dict.values() for m in ms
    ]
    assert any(person_row(1)["Số CCCD"] in m for m in messages), messages


def test_wrong_headers_are_a_base_error_naming_them_or_raised(personas):
    clerk = personas["clerk"]
    dataset = tablib.Dataset(headers=["Họ và tên", "Cột lạ"])
    dataset.append(["Nguyễn Văn A", "x"])
    result = PersonResource().import_data(dataset, user=clerk)
    assert result.has_errors() and not Person.objects.exists()
    message = str(result.base_errors[0].error)
    assert "Cột lạ" in message and "Giới tính" in message
    with pytest.raises(ImportFileError, match="Cột lạ"):
        PersonResource().import_data(dataset, user=clerk, raise_errors=True)


def test_an_empty_dataset_or_a_user_without_rights_is_refused(personas):
    result = PersonResource().import_data(tablib.Dataset(), user=personas["clerk"])
    assert "tiêu đề" in str(result.base_errors[0].error)
    leader = personas["leader"]
    result = PersonResource().import_data(_dataset([person_row(1)]), user=leader)
    assert str(result.base_errors[0].error) == "Bạn không có quyền nhập dữ liệu."
    with pytest.raises(TypeError):
        PersonResource().import_data(_dataset([person_row(1)]))
    assert not Person.objects.exists()


def test_cells_as_tablib_loads_them_from_a_workbook(personas):
    """Date cells come as datetimes, a bare year as a float, flags as booleans."""
    clerk = personas["clerk"]
    rows = [
        person_row(1, **{"Ngày sinh": dt.datetime(1985, 7, 9)}),
        person_row(2, **{"Ngày sinh": 1979.0}),
    ]
    result = PersonResource().import_data(_dataset(rows), user=clerk)
    assert _totals(result) == {"new": 2}
    first = Person.objects.get(personnel_code="CB000001")
    second = Person.objects.get(personnel_code="CB000002")
    assert first.birth_date == dt.date(1985, 7, 9)
    assert (second.birth_date, second.birth_date_precision) == (
        dt.date(1979, 1, 1),
        DatePrecision.YEAR,
    )


def test_html_or_a_formula_prefix_in_a_name_is_rejected_naming_the_column(personas):
    clerk = personas["clerk"]
    rows = [
        person_row(1, **{"Họ và tên": "<b>Lê</b> Văn Cường"}),
        person_row(2, **{"Họ và tên": "=HYPERLINK(1)"}),
        person_row(3),
    ]
    result = PersonResource().import_data(_dataset(rows), dry_run=True, user=clerk)
    # The same verdicts as an uploaded file gets from the engine's name rule.
    assert _totals(result) == {"new": 1, "invalid": 2}
    assert [r.number for r in result.invalid_rows] == [2, 3]
    html, formula = (
        r.field_specific_errors["Họ và tên"][0] for r in result.invalid_rows
    )
    assert "HTML" in html and "“=”" in formula


def test_units_import_through_the_resource(personas, tree):
    admin = personas["admin"]
    dataset = tablib.Dataset(
        headers=["Mã đơn vị", "Tên đơn vị", "Loại đơn vị", "Mã đơn vị cấp trên"]
    )
    dataset.append(["SNV-TC", "Phòng Tổ chức", "Cơ sở", "SNV"])
    result = UnitResource().import_data(dataset, dry_run=True, user=admin)
    assert result.totals["new"] + result.totals["invalid"] == 1
    if result.totals["invalid"]:  # the kind label spelled another way: say which
        pytest.fail(str(result.invalid_rows[0].error_dict))
    result = UnitResource().import_data(dataset, user=admin)
    assert _totals(result) == {"new": 1}
    assert selectors.unit_list(user=admin).get(code="SNV-TC").parent == tree["home"]


@pytest.mark.parametrize("kind", HISTORY_KINDS)
def test_each_history_resource_exports_and_reimports_unchanged(personas, huong, kind):
    """Round trip inside django-import-export: Resource.export() of the clerk's
    scope, then Resource.import_data() of that dataset: every row unchanged."""
    clerk = personas["clerk"]
    total = ROW_FACTORIES[kind](huong, personas["admin"])
    spec = RESOURCES[kind]
    resource = history_resource(kind)()
    people = selectors.person_list(user=clerk)
    dataset = resource.export(spec.model.objects.filter(person__in=people))
    assert len(dataset) == total
    result = resource.import_data(dataset, user=clerk)
    assert _totals(result) == {"skip": total}, [
        r.error_dict for r in result.invalid_rows
    ]


def test_a_history_row_of_an_unknown_person_is_rejected(personas, huong):
    clerk = personas["clerk"]
    ROW_FACTORIES["rewards"](huong, personas["admin"])
    resource = history_resource("rewards")()
    dataset = resource.export(RESOURCES["rewards"].model.objects.filter(person=huong))
    dataset[0] = ["009999999999", "", *dataset[0][2:]]
    result = resource.import_data(
        dataset, user=clerk, rollback_on_validation_errors=True
    )
    assert result.totals["invalid"] == 1 and [
        r.number for r in result.invalid_rows
    ] == [2]
    assert result.invalid_rows[0].error_dict == {
        "Số CCCD": ["Không có cán bộ có Số CCCD 009999999999."]
    }


def test_a_sensitive_history_kind_needs_the_permission(personas, huong):
    ROW_FACTORIES["disciplines"](huong, personas["admin"])
    resource = history_resource("disciplines")()
    dataset = resource.export(RESOURCES["disciplines"].model.objects.all())
    result = resource.import_data(dataset, user=personas["plainclerk"])
    assert "nhạy cảm" in str(result.base_errors[0].error)


def test_training_resources_import_through_the_engine(personas):
    for resource in (CohortResource(), EnrolmentResource()):
        dataset = tablib.Dataset(headers=["Cột lạ"])
        dataset.append(["x"])
        result = resource.import_data(dataset, dry_run=True, user=personas["admin"])
        assert result.job is not None and result.job.resource == resource.import_kind
        assert "Cột lạ" in str(result.base_errors[0].error)


def test_a_refusal_at_confirm_time_is_a_base_error_with_its_row(
    personas, tree, monkeypatch
):
    from cadre_registry.imports.histories import AssignmentImporter
    from cadre_registry.models import Assignment
    from tests import factories

    clerk = personas["clerk"]
    factories.person(
        unit=tree["home"], personnel_code="CB631", start=dt.date(2015, 1, 1)
    )
    # As if the file's own overlap check had missed it: the database refuses.
    monkeypatch.setattr(AssignmentImporter, "check_together", lambda *a: None)
    dataset = tablib.Dataset(headers=["Số hiệu cán bộ", "Mã đơn vị", "Từ ngày"])
    dataset.append(["CB631", "SNV-CC", "01/06/2021"])
    before = Assignment.objects.count()
    result = history_resource("assignments")().import_data(dataset, user=clerk)
    assert "không có dữ liệu nào được ghi" in str(result.base_errors[0].error)
    assert [r.number for r in result.invalid_rows] == [2]
    assert Assignment.objects.count() == before
