"""Importing annual evaluations: keyed on the person (CCCD or personnel code) and
the year, the level of the year's scheme, idempotent, all-or-nothing, in scope."""

import io

import openpyxl
import pytest

from cadre_registry.imports import ImportRejected, apply_file, check_file
from cadre_registry.imports.templates import template_workbook
from cadre_registry.models import Assignment, Evaluation, Person
from tests import factories

from .conftest import xlsx_bytes

HEADERS = ["Số CCCD", "Số hiệu cán bộ", "Họ và tên", "Năm", "Xếp loại", "Điểm"]


def _row(**overrides):
    row = {
        "Số CCCD": "001180000123",
        "Họ và tên": "Nguyen Thi Huong",
        "Năm": 2024,
        "Xếp loại": "Hoàn thành tốt nhiệm vụ",
    }
    row.update(overrides)
    return row


def _messages(report):
    return [(e.row, e.column, e.message) for e in report.errors]


def test_evaluations_import_then_reimport_changes_nothing(
    personas, huong, make_job, django_capture_on_commit_callbacks
):
    clerk = personas["clerk"]
    rows = [
        _row(),
        _row(**{"Năm": 2026, "Xếp loại": "xuat sac", "Điểm": "92,5"}),
    ]
    content = xlsx_bytes(HEADERS, rows)
    job = make_job(clerk, content, resource="evaluations")
    checked = check_file(job=job, user=clerk)
    assert (checked.new, checked.rejected) == (2, 0), _messages(checked)
    assert not Evaluation.objects.filter(person=huong).exists()  # a dry run

    with django_capture_on_commit_callbacks(execute=True):
        applied = apply_file(job=job, user=clerk)
    assert applied.new == 2
    found = {
        e.year: (e.level.code, e.level.code_list.effective_from.year, e.score)
        for e in Evaluation.objects.filter(person=huong).select_related(
            "level__code_list"
        )
    }
    # 2024 under NĐ 90/2020, 2026 under NĐ 335/2025.
    assert found[2024][:2] == ("tot", 2020)
    assert found[2026][:2] == ("xuat_sac", 2026)
    assert str(found[2026][2]) == "92.50"
    history = Evaluation.history.filter(person_id=huong.pk, year=2026).first()
    assert history.history_change_reason.startswith(f"Nhập dữ liệu #{job.pk}")

    again = make_job(clerk, content, resource="evaluations")
    report = check_file(job=again, user=clerk)
    assert (report.new, report.updated, report.unchanged) == (0, 0, 2)
    changed = make_job(
        clerk,
        xlsx_bytes(HEADERS, [_row(**{"Xếp loại": "Hoàn thành nhiệm vụ"})]),
        resource="evaluations",
    )
    assert check_file(job=changed, user=clerk).updated == 1
    apply_file(job=changed, user=clerk)
    assert Evaluation.objects.get(person=huong, year=2024).level.code == "hoan_thanh"
    assert Evaluation.objects.count() == 2


def test_bad_rows_are_named_with_their_column_and_reason(personas, huong, make_job):
    clerk = personas["clerk"]
    rows = [
        _row(**{"Xếp loại": "Rất tốt"}),  # 2: not a level
        _row(**{"Năm": 1970}),  # 3: out of range
        _row(**{"Số CCCD": "001199999999"}),  # 4: nobody
        _row(**{"Họ và tên": "Trần Văn Bình", "Năm": 2023}),  # 5: not her name
        _row(**{"Điểm": "120", "Năm": 2022}),  # 6: score
        _row(**{"Năm": 2021}),  # 7
        _row(**{"Năm": 2021}),  # 8: the same year twice
        _row(**{"Số CCCD": "", "Họ và tên": ""}),  # 9: whose?
    ]
    job = make_job(clerk, xlsx_bytes(HEADERS, rows), resource="evaluations")
    report = check_file(job=job, user=clerk)
    by_row = {row: (column, message) for row, column, message in _messages(report)}
    assert report.new == 1 and report.rejected == 7
    assert by_row[2][0] == "Xếp loại" and "năm 2024" in by_row[2][1]
    assert "“Hoàn thành tốt nhiệm vụ”" in by_row[2][1]
    assert by_row[3] == ("Năm", "Năm 1970 phải trong khoảng 1980–2100.")
    assert by_row[4] == ("Số CCCD", "Không có cán bộ có Số CCCD 001199999999.")
    assert by_row[5][0] == "Họ và tên" and "Nguyễn Thị Hương" in by_row[5][1]
    assert by_row[6] == ("Điểm", "Điểm 120 phải từ 0 đến 100.")
    assert by_row[8][0] == "Năm" and "trùng dòng 7" in by_row[8][1]
    assert "Thiếu Số CCCD hoặc Số hiệu cán bộ" in by_row[9][1]


def test_people_outside_the_scope_are_rejected(personas, tree, huong, make_job):
    outsider = personas["outsider"]  # organizer of Sở Y tế
    job = make_job(outsider, xlsx_bytes(HEADERS, [_row()]), resource="evaluations")
    report = check_file(job=job, user=outsider)
    assert report.rejected == 1
    assert report.errors[0].message == (
        "Cán bộ thuộc đơn vị nằm ngoài phạm vi được giao."
    )


def test_a_row_refused_at_confirm_writes_nothing(personas, huong, tree, make_job):
    clerk = personas["clerk"]
    other = factories.person(unit=tree["office"], personnel_code="CB777")
    rows = [
        _row(),
        _row(**{"Số CCCD": "", "Số hiệu cán bộ": "CB777", "Họ và tên": ""}),
    ]
    job = make_job(clerk, xlsx_bytes(HEADERS, rows), resource="evaluations")
    assert check_file(job=job, user=clerk).new == 2
    # Between the preview and the confirm, the last person leaves the clerk's units.
    Assignment.objects.filter(person=other).update(unit=tree["other"])
    Person.objects.filter(pk=other.pk).update(unit=tree["other"])
    with pytest.raises(ImportRejected) as caught:
        apply_file(job=job, user=clerk)
    assert [e.row for e in caught.value.report.errors] == [3]
    assert not Evaluation.objects.exists()


def test_template_has_the_columns(personas, tree):
    workbook = openpyxl.load_workbook(io.BytesIO(template_workbook("evaluations")))
    headers = [c.value for c in workbook.worksheets[0][1]]
    assert headers[:5] == ["Số CCCD", "Số hiệu cán bộ", "Họ và tên", "Năm", "Xếp loại"]


def test_through_the_pages(client, personas, huong, settings):
    """Upload on the import page, the preview, the confirm: the evaluation is on
    her person page with the import as its source."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from cadre_registry.models import ImportJob

    settings.CELERY_TASK_ALWAYS_EAGER = True
    client.force_login(personas["clerk"])
    page = client.get(reverse("import_start"))
    assert "Đánh giá, xếp loại hằng năm" in page.content.decode()
    template = client.get(reverse("import_template", args=["evaluations"]))
    assert template.status_code == 200
    content = xlsx_bytes(HEADERS, [_row(), _row(**{"Xếp loại": "Bogus"})])
    response = client.post(
        reverse("import_start"),
        {
            "resource": "evaluations",
            "file": SimpleUploadedFile("danh-gia.xlsx", content),
        },
        follow=True,
    )
    job = ImportJob.objects.get()
    assert job.resource == "evaluations"
    preview = client.get(reverse("import_job_detail", args=[job.pk])).content.decode()
    assert "Bogus" in preview and "Xếp loại" in preview
    client.post(reverse("import_job_confirm", args=[job.pk]), follow=True)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, (job.status, job.message)
    assert (job.new_rows, job.rejected_rows) == (1, 1)
    person_page = client.get(reverse("person_detail", args=[huong.pk]))
    assert "Hoàn thành tốt nhiệm vụ" in person_page.content.decode()
    assert response.status_code == 200


# --- Rewards -----------------------------------------------------------------------

REWARD_HEADERS = [
    "Số hiệu cán bộ",
    "Năm",
    "Hình thức khen thưởng",
    "Lý do",
    "Số quyết định",
    "Ngày quyết định",
    "Cơ quan quyết định",
]


def test_rewards_import_keyed_on_year_and_form(personas, tree, make_job):
    from cadre_registry.models import Reward

    clerk = personas["clerk"]
    person = factories.person(unit=tree["office"], personnel_code="CB501")
    rows = [
        {
            "Số hiệu cán bộ": "CB501",
            "Năm": 2024,
            "Hình thức khen thưởng": "Bằng khen của Chủ tịch UBND tỉnh",
            "Lý do": "Hoàn thành xuất sắc nhiệm vụ",
            "Số quyết định": "125/QĐ-UBND",
            "Ngày quyết định": "20/12/2024",
            "Cơ quan quyết định": "UBND tỉnh",
        },
        {"Số hiệu cán bộ": "CB501", "Năm": 2025, "Hình thức khen thưởng": "Giấy khen"},
    ]
    content = xlsx_bytes(REWARD_HEADERS, rows)
    job = make_job(clerk, content, resource="rewards")
    checked = check_file(job=job, user=clerk)
    assert (checked.new, checked.rejected) == (2, 0), _messages(checked)
    apply_file(job=job, user=clerk)
    first = Reward.objects.get(person=person, year=2024)
    assert (first.decision_number, first.decision_date.isoformat()) == (
        "125/QĐ-UBND",
        "2024-12-20",
    )
    # The same form typed without accents is the same reward: an update, not a copy.
    rows[0]["Hình thức khen thưởng"] = "bang khen cua chu tich ubnd tinh"
    rows[0]["Số quyết định"] = "126/QĐ-UBND"
    again = make_job(clerk, xlsx_bytes(REWARD_HEADERS, rows), resource="rewards")
    report = check_file(job=again, user=clerk)
    assert (report.new, report.updated, report.unchanged) == (0, 1, 1)
    apply_file(job=again, user=clerk)
    assert Reward.objects.filter(person=person).count() == 2
    assert Reward.objects.get(person=person, year=2024).decision_number == "126/QĐ-UBND"


def test_reward_rows_with_bad_dates_and_repeats_are_named(personas, tree, make_job):
    clerk = personas["clerk"]
    factories.person(unit=tree["office"], personnel_code="CB502")
    base = {
        "Số hiệu cán bộ": "CB502",
        "Năm": 2024,
        "Hình thức khen thưởng": "Giấy khen",
    }
    rows = [
        base | {"Ngày quyết định": "31/02/2024"},  # 2: no such day
        base | {"Ngày quyết định": "01/06/2020"},  # 3: before the year
        base,  # 4
        base | {"Hình thức khen thưởng": "GIẤY KHEN"},  # 5: the same as 4
        base | {"Năm": 1900},  # 6
        base | {"Hình thức khen thưởng": ""},  # 7: required
    ]
    job = make_job(clerk, xlsx_bytes(REWARD_HEADERS, rows), resource="rewards")
    report = check_file(job=job, user=clerk)
    by_row = {row: (column, message) for row, column, message in _messages(report)}
    assert report.new == 1 and report.rejected == 5
    assert by_row[2][0] == "Ngày quyết định" and "31/02/2024" in by_row[2][1]
    assert by_row[3][0] == "Ngày quyết định" and "trước năm" in by_row[3][1]
    assert by_row[5][0] == "Hình thức khen thưởng" and "trùng dòng 4" in by_row[5][1]
    assert by_row[6] == ("Năm", "Năm 1900 phải trong khoảng 1945–2100.")
    assert by_row[7][0] == "Hình thức khen thưởng"
