"""Imports of the dated histories besides evaluations and rewards: assignments,
salary, Party posts, discipline and family members. Each keyed on the person and
its natural key, idempotent, checked in the dry run for what the confirm would
refuse, and personal-data kinds only for users with the sensitive permission."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cadre_registry.import_jobs import UploadRefused, import_job_create
from cadre_registry.imports import ImportRejected, apply_file, check_file
from cadre_registry.imports.templates import template_workbook
from cadre_registry.models import (
    Assignment,
    Discipline,
    Evaluation,
    FamilyMember,
    PartyPost,
    Person,
    SalaryRecord,
)
from tests import factories

from .conftest import xlsx_bytes


def _messages(report):
    return {e.row: (e.column, e.message) for e in report.errors}


def _import(user, make_job, resource, headers, rows, **checks):
    job = make_job(user, xlsx_bytes(headers, rows), resource=resource)
    report = check_file(job=job, user=user)
    for name, value in checks.items():
        assert getattr(report, name) == value, (name, _messages(report))
    return job, report


# --- Assignments -------------------------------------------------------------------

ASSIGNMENT_HEADERS = [
    "Số hiệu cán bộ",
    "Mã đơn vị",
    "Chức vụ",
    "Chức danh, công việc",
    "Từ ngày",
    "Đến ngày",
    "Công tác chính",
]


def test_assignments_close_one_period_and_open_the_next(personas, tree, make_job):
    clerk = personas["clerk"]
    person = factories.person(
        unit=tree["home"], personnel_code="CB601", start=dt.date(2015, 1, 1)
    )
    rows = [
        # The stored period, now closed...
        {
            "Số hiệu cán bộ": "CB601",
            "Mã đơn vị": "SNV",
            "Từ ngày": "01/01/2015",
            "Đến ngày": "31/05/2021",
        },
        # ...the next one, written first in the file on purpose: the write order
        # is the import's business, not the user's.
        {
            "Số hiệu cán bộ": "CB601",
            "Mã đơn vị": "snv-cc",
            "Chức vụ": "Trưởng phòng",
            "Từ ngày": "01/06/2021",
        },
        # A concurrent post overlapping both (not main).
        {
            "Số hiệu cán bộ": "CB601",
            "Mã đơn vị": "SNV",
            "Chức danh, công việc": "Tổ trưởng tổ công tác",
            "Từ ngày": "01/01/2020",
            "Công tác chính": "Không",
        },
    ]
    rows = [rows[1], rows[0], rows[2]]
    job, _report = _import(
        clerk, make_job, "assignments", ASSIGNMENT_HEADERS, rows, new=2, updated=1
    )
    apply_file(job=job, user=clerk)
    person.refresh_from_db()
    assert person.unit == tree["office"]  # the current main assignment
    assert person.position.name == "Trưởng phòng"
    periods = list(
        person.assignments.order_by("start").values_list(
            "unit__code", "start", "end", "is_main"
        )
    )
    assert periods == [
        ("SNV", dt.date(2015, 1, 1), dt.date(2021, 5, 31), True),
        ("SNV", dt.date(2020, 1, 1), None, False),
        ("SNV-CC", dt.date(2021, 6, 1), None, True),
    ]
    history = Assignment.history.filter(person_id=person.pk, unit=tree["office"])
    assert history.get().history_change_reason.startswith(f"Nhập dữ liệu #{job.pk}")
    # The same file again: nothing to do.
    _import(clerk, make_job, "assignments", ASSIGNMENT_HEADERS, rows, unchanged=3)


def test_assignment_rows_the_confirm_would_refuse_are_named(personas, tree, make_job):
    clerk = personas["clerk"]
    factories.person(
        unit=tree["home"], personnel_code="CB602", start=dt.date(2015, 1, 1)
    )
    base = {"Số hiệu cán bộ": "CB602", "Mã đơn vị": "SNV-CC"}
    rows = [
        base | {"Từ ngày": "01/06/2021"},  # 2: overlaps the open 2015 period
        base | {"Từ ngày": "01/06/2019", "Đến ngày": "01/01/2019"},  # 3: reversed
        base | {"Mã đơn vị": "SYT", "Từ ngày": "01/01/2010"},  # 4: not ours
        base | {"Mã đơn vị": "XYZ", "Từ ngày": "01/01/2010"},  # 5: unknown
        base | {"Từ ngày": "31/02/2010"},  # 6: no such day
        base
        | {"Từ ngày": "01/01/2010", "Đến ngày": "31/12/2011", "Công tác chính": "Có"},
        base | {"Từ ngày": "01/01/2010"},  # 8: repeats row 7's key
    ]
    job, report = _import(
        clerk, make_job, "assignments", ASSIGNMENT_HEADERS, rows, new=1, rejected=6
    )
    by_row = _messages(report)
    assert by_row[2][0] == "Từ ngày" and "Trùng thời gian" in by_row[2][1]
    assert "SNV từ 01/01/2015 (chưa kết thúc)" in by_row[2][1]
    assert by_row[3] == (
        "Đến ngày",
        "Ngày kết thúc 01/01/2019 trước ngày bắt đầu 01/06/2019.",
    )
    assert by_row[4][0] == "Mã đơn vị" and "ngoài phạm vi" in by_row[4][1]
    assert by_row[5] == (
        "Mã đơn vị",
        "Mã đơn vị “XYZ” không có trong danh mục đơn vị.",
    )
    assert by_row[6][0] == "Từ ngày" and "31/02/2010" in by_row[6][1]
    assert "trùng dòng 7" in by_row[8][1]
    # What the preview accepted, the confirm writes.
    assert apply_file(job=job, user=clerk).new == 1
    assert Assignment.objects.filter(start=dt.date(2010, 1, 1)).count() == 1


def test_two_new_main_periods_in_one_file_that_overlap(personas, tree, make_job):
    clerk = personas["clerk"]
    factories.person(
        unit=tree["home"], personnel_code="CB603", start=dt.date(2015, 1, 1)
    )
    base = {"Số hiệu cán bộ": "CB603", "Mã đơn vị": "SNV-CC"}
    rows = [
        base | {"Từ ngày": "01/01/2005", "Đến ngày": "31/12/2010"},
        base | {"Từ ngày": "01/01/2010", "Đến ngày": "31/12/2012"},
    ]
    _job, report = _import(
        clerk, make_job, "assignments", ASSIGNMENT_HEADERS, rows, new=1, rejected=1
    )
    assert "(dòng 2 của tệp)" in _messages(report)[3][1]


# --- Salary ------------------------------------------------------------------------

SALARY_HEADERS = [
    "Số hiệu cán bộ",
    "Mã ngạch",
    "Bậc",
    "Hệ số",
    "Phần trăm hưởng",
    "Ngày hưởng",
    "Số quyết định",
]


def test_salary_steps_take_the_coefficient_from_the_table(personas, tree, make_job):
    clerk = personas["clerk"]
    person = factories.person(unit=tree["office"], personnel_code="CB611")
    rows = [
        {
            "Số hiệu cán bộ": "CB611",
            "Mã ngạch": "01.003",
            "Bậc": 3,
            "Ngày hưởng": "01/07/2021",
        },
        {
            "Số hiệu cán bộ": "CB611",
            "Mã ngạch": "chuyên viên",
            "Bậc": "4",
            "Hệ số": "3,33",
            "Ngày hưởng": "01/07/2024",
            "Số quyết định": "88/QĐ-SNV",
        },
        {
            "Số hiệu cán bộ": "CB611",
            "Mã ngạch": "01.003",
            "Bậc": 1,
            "Phần trăm hưởng": 85,
            "Ngày hưởng": "01/07/2015",
        },
    ]
    job, _r = _import(clerk, make_job, "salaries", SALARY_HEADERS, rows, new=3)
    apply_file(job=job, user=clerk)
    found = list(
        SalaryRecord.objects.filter(person=person)
        .order_by("start")
        .values_list("grade__code", "step", "coefficient", "percent")
    )
    assert found == [
        ("01.003", 1, Decimal("2.34"), 85),
        ("01.003", 3, Decimal("3.00"), 100),
        ("01.003", 4, Decimal("3.33"), 100),
    ]
    person.refresh_from_db()
    assert person.salary_coefficient == Decimal("3.33")  # derived from the newest
    rows[0]["Bậc"] = 2  # a correction of the 2021 step: an update
    _import(clerk, make_job, "salaries", SALARY_HEADERS, rows, updated=1, unchanged=2)


def test_salary_rows_with_impossible_steps_are_named(personas, tree, make_job):
    clerk = personas["clerk"]
    factories.person(unit=tree["office"], personnel_code="CB612")
    base = {"Số hiệu cán bộ": "CB612", "Mã ngạch": "01.003"}
    rows = [
        base | {"Bậc": 12, "Ngày hưởng": "01/07/2020"},  # 2: no step 12
        base | {"Bậc": 3, "Hệ số": "3,30", "Ngày hưởng": "01/07/2021"},  # 3: typo
        base | {"Mã ngạch": "99.999", "Bậc": 1, "Ngày hưởng": "01/07/2022"},  # 4
        base | {"Bậc": 2, "Phần trăm hưởng": 120, "Ngày hưởng": "01/07/2023"},  # 5
        base | {"Bậc": 1, "Ngày hưởng": "01/07/2015"},  # 6: fine
        base | {"Bậc": 2, "Ngày hưởng": "1/7/2015"},  # 7: the same day as 6
    ]
    _job, report = _import(
        clerk, make_job, "salaries", SALARY_HEADERS, rows, new=1, rejected=5
    )
    by_row = _messages(report)
    assert by_row[2] == ("Bậc", "Ngạch 01.003 chỉ có bậc 1 đến 9.")
    assert by_row[3][0] == "Hệ số" and "(3,00)" in by_row[3][1]
    assert by_row[4][0] == "Mã ngạch" and "99.999" in by_row[4][1]
    assert by_row[5] == ("Phần trăm hưởng", "Phần trăm hưởng phải từ 1 đến 100.")
    assert by_row[7][0] == "Ngày hưởng" and "trùng dòng 6" in by_row[7][1]


def test_a_date_outside_every_grade_list_takes_the_nearest_list(
    personas, tree, make_job
):
    """01/10/2004 (the NĐ 204 tables) is before QĐ 78/2004 of 03/11/2004, 2003 even
    more so: the old codes are meant, not the TT 02/2021 list that took them over."""
    clerk = personas["clerk"]
    person = factories.person(unit=tree["office"], personnel_code="CB613")
    base = {"Số hiệu cán bộ": "CB613", "Mã ngạch": "01.003"}
    rows = [
        base | {"Bậc": 1, "Hệ số": "2,10", "Ngày hưởng": "01/01/2003"},
        base | {"Bậc": 2, "Ngày hưởng": "01/10/2004"},
        base | {"Bậc": 4, "Ngày hưởng": "01/07/2024"},
    ]
    job, _r = _import(clerk, make_job, "salaries", SALARY_HEADERS, rows, new=3)
    apply_file(job=job, user=clerk)
    lists = list(
        SalaryRecord.objects.filter(person=person)
        .order_by("start")
        .values_list("grade__code_list__key", "coefficient")
    )
    assert lists == [
        ("QD78-2004-BNV", Decimal("2.10")),  # before the tables: kept as typed
        ("QD78-2004-BNV", Decimal("2.67")),
        ("TT02-2021-BNV", Decimal("3.33")),
    ]


# --- Party posts -------------------------------------------------------------------

PARTY_HEADERS = ["Số CCCD", "Chức vụ Đảng", "Tổ chức Đảng", "Từ ngày", "Đến ngày"]


def test_party_posts_keyed_on_start_and_post(personas, huong, make_job):
    clerk = personas["clerk"]
    rows = [
        {
            "Số CCCD": "001180000123",
            "Chức vụ Đảng": "Phó Bí thư Chi bộ",
            "Tổ chức Đảng": "Chi bộ Phòng Công chức",
            "Từ ngày": "01/09/2020",
            "Đến ngày": "31/08/2025",
        },
        {
            "Số CCCD": "001180000123",
            "Chức vụ Đảng": "Bí thư Chi bộ",
            "Tổ chức Đảng": "Chi bộ Phòng Công chức",
            "Từ ngày": "01/09/2025",
        },
    ]
    job, _r = _import(clerk, make_job, "party_posts", PARTY_HEADERS, rows, new=2)
    apply_file(job=job, user=clerk)
    assert set(
        PartyPost.objects.filter(person=huong).values_list("title", flat=True)
    ) == {
        "Phó Bí thư Chi bộ",
        "Bí thư Chi bộ",
    }
    rows[1]["Chức vụ Đảng"] = "bi thu chi bo"  # the same post without accents
    rows[1]["Đến ngày"] = "01/01/2025"  # ...now ending before it starts
    _j, report = _import(
        clerk, make_job, "party_posts", PARTY_HEADERS, rows, unchanged=1, rejected=1
    )
    assert _messages(report)[3][0] == "Đến ngày"


# --- Discipline and family: personal data -----------------------------------------

DISCIPLINE_HEADERS = [
    "Số CCCD",
    "Hình thức kỷ luật",
    "Ngày hiệu lực",
    "Ngày hết hiệu lực",
    "Hành vi vi phạm chính",
    "Số quyết định",
]
FAMILY_HEADERS = [
    "Số CCCD",
    "Họ và tên",
    "Bên",
    "Quan hệ",
    "Họ và tên người thân",
    "Năm sinh",
    "Quê quán, nghề nghiệp, chức vụ, đơn vị công tác, nơi ở",
]


def test_discipline_import(personas, huong, make_job):
    clerk = personas["clerk"]
    rows = [
        {
            "Số CCCD": "001180000123",
            "Hình thức kỷ luật": "khien trach",
            "Ngày hiệu lực": "15/03/2024",
            "Ngày hết hiệu lực": "14/03/2025",
            "Hành vi vi phạm chính": "Chậm báo cáo",
            "Số quyết định": "12/QĐ-SNV",
        },
        {
            "Số CCCD": "001180000123",
            "Hình thức kỷ luật": "Đình chỉ",
            "Ngày hiệu lực": "15/03/2024",
            "Hành vi vi phạm chính": "x",
        },
    ]
    job, report = _import(
        clerk, make_job, "disciplines", DISCIPLINE_HEADERS, rows, new=1, rejected=1
    )
    assert _messages(report)[3][0] == "Hình thức kỷ luật"
    apply_file(job=job, user=clerk)
    found = Discipline.objects.get(person=huong)
    assert (found.form.code, found.end) == ("khien_trach", dt.date(2025, 3, 14))
    _import(clerk, make_job, "disciplines", DISCIPLINE_HEADERS, rows[:1], unchanged=1)


def test_family_members_keyed_on_relation_and_name(personas, huong, make_job):
    clerk = personas["clerk"]
    rows = [
        {
            "Số CCCD": "001180000123",
            "Họ và tên": "Nguyễn Thị Hương",
            "Quan hệ": "Mẹ",
            "Họ và tên người thân": "Lê Thị Mai",
            "Năm sinh": 1955,
            "Quê quán, nghề nghiệp, chức vụ, đơn vị công tác, nơi ở": "Nam Định; nghỉ hưu",
        },
        {
            "Số CCCD": "001180000123",
            "Bên": "Về bên vợ/chồng",
            "Quan hệ": "cha",
            "Họ và tên người thân": "Phạm Văn Long",
        },
        {
            "Số CCCD": "001180000123",
            "Quan hệ": "Con",
            "Họ và tên người thân": "Trần Minh Anh",
            "Năm sinh": 2150,
        },
        {"Số CCCD": "001180000123", "Quan hệ": "Hàng xóm", "Họ và tên người thân": "A"},
    ]
    job, report = _import(
        clerk, make_job, "family", FAMILY_HEADERS, rows, new=2, rejected=2
    )
    by_row = _messages(report)
    assert by_row[4][0] == "Năm sinh"
    assert by_row[5][0] == "Quan hệ" and "“Mẹ”" in by_row[5][1]
    apply_file(job=job, user=clerk)
    assert set(
        FamilyMember.objects.filter(person=huong).values_list(
            "side", "relation", "full_name", "birth_year"
        )
    ) == {("own", "me", "Lê Thị Mai", 1955), ("spouse", "cha", "Phạm Văn Long", None)}
    rows[0]["Họ và tên người thân"] = "LE THI MAI"  # the same relative
    rows[0]["Năm sinh"] = 1956
    _import(clerk, make_job, "family", FAMILY_HEADERS, rows[:2], updated=1, unchanged=1)


@pytest.mark.parametrize("resource", ["disciplines", "family"])
def test_personal_data_kinds_need_the_permission(client, personas, resource):
    plain = personas["plainclerk"]  # an organizer without the sensitive permission
    with pytest.raises(UploadRefused, match="nhạy cảm"):
        import_job_create(
            user=plain,
            resource=resource,
            upload=SimpleUploadedFile("x.xlsx", b"PK\x03\x04 not really"),
        )
    client.force_login(plain)
    page = client.get(reverse("import_start")).content.decode()
    assert "Quá trình lương" in page
    assert "Kỷ luật" not in page and "Quan hệ gia đình" not in page
    assert client.get(reverse("import_template", args=[resource])).status_code == 404
    client.force_login(personas["clerk"])
    assert client.get(reverse("import_template", args=[resource])).status_code == 200


def test_a_person_outside_the_scope_is_rejected_for_every_kind(
    personas, tree, make_job
):
    outsider = personas["outsider"]
    factories.person(unit=tree["office"], personnel_code="CB620")
    row = {"Số hiệu cán bộ": "CB620", "Mã đơn vị": "SYT", "Từ ngày": "01/01/2022"}
    _j, report = _import(
        outsider, make_job, "assignments", ASSIGNMENT_HEADERS, [row], rejected=1
    )
    assert (
        report.errors[0].message == "Cán bộ thuộc đơn vị nằm ngoài phạm vi được giao."
    )
    assert Person.objects.get(personnel_code="CB620").unit == tree["office"]


def test_templates_list_the_codes_of_each_kind(personas, tree):
    user = personas["clerk"]
    for resource, sheet_has in [
        ("salaries", "Chuyên viên chính"),
        ("assignments", "SNV-CC"),
        ("disciplines", "Khiển trách"),
        ("family", "Về bên vợ/chồng"),
        # The evaluation levels of every scheme, with the rule that sets them.
        ("evaluations", "Nghị định 90/2020/NĐ-CP"),
    ]:
        workbook = openpyxl.load_workbook(
            io.BytesIO(template_workbook(resource, user=user))
        )
        codes = [
            str(cell)
            for row in workbook["Danh mục"].iter_rows(values_only=True)
            for cell in row
            if cell
        ]
        assert any(sheet_has in cell for cell in codes), (resource, codes[:20])


# --- The confirmed write ------------------------------------------------------------


def test_a_refusal_only_the_database_knows_names_the_row_and_writes_nothing(
    personas, tree, make_job, monkeypatch
):
    """The rows are written in bulk: the overlap trigger of migration 0002 still
    refuses, the person's first row of the file is named, nothing is kept."""
    from cadre_registry.imports.histories import AssignmentImporter

    clerk = personas["clerk"]
    for code in ("CB621", "CB622"):
        factories.person(
            unit=tree["home"], personnel_code=code, start=dt.date(2015, 1, 1)
        )
    rows = [
        {
            "Số hiệu cán bộ": "CB621",
            "Mã đơn vị": "SNV-CC",
            "Từ ngày": "01/01/2005",
            "Đến ngày": "31/12/2006",
        },
        {"Số hiệu cán bộ": "CB622", "Mã đơn vị": "SNV-CC", "Từ ngày": "01/06/2021"},
    ]
    # As if the file's own check had missed the overlap of row 3 with 2015-.
    monkeypatch.setattr(AssignmentImporter, "check_together", lambda *a: None)
    job, _report = _import(clerk, make_job, "assignments", ASSIGNMENT_HEADERS, rows)
    before = Assignment.objects.count(), Assignment.history.count()
    with pytest.raises(ImportRejected, match="dòng 3") as refused:
        apply_file(job=job, user=clerk)
    assert [e.row for e in refused.value.report.errors] == [3]
    assert (Assignment.objects.count(), Assignment.history.count()) == before


def test_a_person_moved_out_of_the_scope_before_the_write_is_refused(
    personas, tree, make_job, monkeypatch
):
    from cadre_registry.imports.histories import _HistoryImporter

    clerk = personas["clerk"]
    person = factories.person(unit=tree["office"], personnel_code="CB623")
    rows = [
        {
            "Số hiệu cán bộ": "CB623",
            "Năm": "2024",
            "Xếp loại": "Hoàn thành tốt nhiệm vụ",
        }
    ]
    job, _report = _import(
        clerk,
        make_job,
        "evaluations",
        ["Số hiệu cán bộ", "Năm", "Xếp loại"],
        rows,
        new=1,
    )
    resolve = _HistoryImporter.resolve

    def resolve_then_move(self, parsed):
        plan = resolve(self, parsed)
        Person.objects.filter(pk=person.pk).update(unit=tree["other"])  # a transfer
        return plan

    monkeypatch.setattr(_HistoryImporter, "resolve", resolve_then_move)
    with pytest.raises(ImportRejected, match="ngoài phạm vi"):
        apply_file(job=job, user=clerk)
    assert not Evaluation.objects.filter(person=person).exists()


def test_bulk_rows_get_their_history_and_the_current_salary(personas, tree, make_job):
    clerk = personas["clerk"]
    people = [
        factories.person(unit=tree["office"], personnel_code=f"CB7{n:02d}")
        for n in range(12)
    ]
    rows = [
        {
            "Số hiệu cán bộ": p.personnel_code,
            "Mã ngạch": "01.003",
            "Bậc": str(step),
            "Ngày hưởng": f"01/01/{2016 + 3 * step}",
        }
        for p in people
        for step in (1, 2, 3)
    ]
    job, _report = _import(clerk, make_job, "salaries", SALARY_HEADERS, rows, new=36)
    apply_file(job=job, user=clerk)
    reasons = set(
        SalaryRecord.history.filter(person_id__in=[p.pk for p in people]).values_list(
            "history_type", "history_change_reason", "history_user"
        )
    )
    assert reasons == {("+", f"Nhập dữ liệu #{job.pk} ({job.file_name})", clerk.pk)}
    assert (
        SalaryRecord.history.filter(person_id__in=[p.pk for p in people]).count() == 36
    )
    for person in people:
        person.refresh_from_db()
        assert (person.grade.code, person.salary_step) == ("01.003", 3)  # from 2025
