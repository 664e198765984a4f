"""Imports of classes and learners through the registry's import flow: the engine
(dry run, all-or-nothing import), the training rules on imported rows, scope,
history, the log, the template and error workbooks, the pages and the commands."""

import datetime as dt
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from cadre_registry.imports import RESOURCES, apply_file, change_reason, check_file
from cadre_registry.imports.templates import error_workbook, template_workbook
from cadre_registry.models import AccessLog, ImportJob, Person
from tests import factories
from tests.imports.conftest import csv_bytes, xlsx_bytes
from training import services
from training.models import Cohort, Enrolment

COHORT_HEADERS = [
    "Tên lớp",
    "Mã loại khóa",
    "Hệ",
    "Cơ sở đào tạo",
    "Mã đơn vị tổ chức",
    "Ngày khai giảng",
    "Ngày bế giảng",
    "Địa điểm",
    "Số học viên tối đa",
    "Trạng thái",
]
ENROLMENT_HEADERS = [
    "Tên lớp",
    "Ngày khai giảng",
    "Số hiệu cán bộ",
    "Họ và tên",
    "Mã đơn vị cử",
    "Trạng thái",
    "Ngày cử",
    "Ngày nhập học",
    "Ngày kết thúc học",
    "Kết quả, xếp loại",
    "Số văn bằng, chứng chỉ",
    "Ngày cấp",
    "Kinh phí",
]


def class_row(n=1, **overrides):
    """A part-time trung cấp class of Sở Nội vụ (in the clerk's scope)."""
    row = {
        "Tên lớp": f"Trung cấp LLCT K{n}",
        "Mã loại khóa": "llct_trung_cap",
        "Hệ": "Không tập trung",
        "Cơ sở đào tạo": "Trường Chính trị tỉnh",
        "Mã đơn vị tổ chức": "SNV",
        "Ngày khai giảng": "01/04/2026",
        "Ngày bế giảng": "30/11/2026",
        "Địa điểm": "Hội trường Sở",
        "Số học viên tối đa": "40",
        "Trạng thái": "Dự kiến mở",
    }
    row.update(overrides)
    return row


def learner_row(code, name, **overrides):
    """A learner of the cohort fixture (Cao cấp LLCT K80.26, 01/03–30/10/2026)."""
    row = {
        "Tên lớp": "Cao cấp LLCT K80.26",
        "Ngày khai giảng": "01/03/2026",
        "Số hiệu cán bộ": code,
        "Họ và tên": name,
        "Mã đơn vị cử": "SNV",
        "Trạng thái": "Được cử",
        "Ngày cử": "15/01/2026",
    }
    row.update(overrides)
    return row


@pytest.fixture
def learners(tree, personas):
    """Three people of Phòng Công chức with personnel codes, and one of Sở Y tế."""
    people = [
        factories.person(
            full_name=name,
            unit=tree["office"],
            personnel_code=code,
            by=personas["admin"],
        )
        for code, name in (
            ("CB0001", "Nguyễn Văn An"),
            ("CB0002", "Trần Thị Bích"),
            ("CB0003", "Lê Văn Cường"),
        )
    ]
    people.append(
        factories.person(
            full_name="Phạm Văn Dũng",
            unit=tree["other"],
            personnel_code="CB0099",
            by=personas["admin"],
        )
    )
    return people


def _check(make_job, user, content, resource, name="tep.xlsx"):
    job = make_job(user, content, name=name, resource=resource)
    return job, check_file(job=job, user=user)


def _reasons(report):
    return [(e.row, e.column, e.message) for e in report.errors]


# --- Both kinds are on the registry's pages ------------------------------------------


def test_classes_and_learners_are_import_kinds_with_templates(personas, course_types):
    assert RESOURCES["cohorts"].title == "Lớp đào tạo"
    assert RESOURCES["enrolments"].title == "Học viên"
    book = openpyxl.load_workbook(io.BytesIO(template_workbook("cohorts")))
    sheet, codes = book.worksheets
    assert [c.value for c in sheet[1]] == COHORT_HEADERS
    assert sheet["A2"].value == "Cao cấp LLCT K80.26"  # the example row
    assert sheet["B2"].value == "llct_cao_cap"
    assert codes.title == "Danh mục"
    listed = {c.value for row in codes.iter_rows() for c in row if c.value}
    assert {"llct_cao_cap", "Tập trung", "Không tập trung", "Dự kiến mở"} <= listed
    book = openpyxl.load_workbook(io.BytesIO(template_workbook("enrolments")))
    assert [c.value for c in book.worksheets[0][1]] == ENROLMENT_HEADERS
    assert "Hoàn thành" in {
        c.value for row in book.worksheets[1].iter_rows() for c in row if c.value
    }


# --- Classes -------------------------------------------------------------------------


def test_good_class_file_imports_with_history_and_log(personas, course_types, make_job):
    clerk = personas["clerk"]
    content = xlsx_bytes(
        COHORT_HEADERS, [class_row(1), class_row(2, **{"Hệ": "tap trung"})]
    )
    job, report = _check(make_job, clerk, content, "cohorts")
    assert report.errors == [] and (report.new, report.rejected) == (2, 0)
    assert not Cohort.objects.exists()  # the dry run writes nothing
    report = apply_file(job=job, user=clerk)
    assert report.new == 2
    first = Cohort.objects.get(name="Trung cấp LLCT K1")
    assert first.course_type.code == "llct_trung_cap" and first.capacity == 40
    assert first.mode == "khong_tap_trung" and first.organising_unit.code == "SNV"
    assert first.start == dt.date(2026, 4, 1) and first.created_by == clerk
    assert Cohort.objects.get(name="Trung cấp LLCT K2").mode == "tap_trung"
    history = Cohort.history.filter(history_change_reason=change_reason(job))
    assert history.count() == 2 and {h.history_user_id for h in history} == {clerk.pk}
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.new_rows == 2
    log = AccessLog.objects.get(action=AccessLog.Action.IMPORT)
    assert (
        log.detail["resource"] == "cohorts" and log.detail["checksum"] == job.checksum
    )


def test_reimporting_a_class_file_changes_nothing_and_a_change_updates(
    personas, course_types, make_job
):
    clerk = personas["clerk"]
    content = csv_bytes(COHORT_HEADERS, [class_row(1)])
    job, _ = _check(make_job, clerk, content, "cohorts", name="lop.csv")
    apply_file(job=job, user=clerk)
    before = Cohort.history.count()
    again, report = _check(make_job, clerk, content, "cohorts", name="lop.csv")
    assert (report.new, report.updated, report.unchanged) == (0, 0, 1)
    apply_file(job=again, user=clerk)
    assert Cohort.objects.count() == 1 and Cohort.history.count() == before
    changed = csv_bytes(COHORT_HEADERS, [class_row(1, **{"Số học viên tối đa": 45})])
    job, report = _check(make_job, clerk, changed, "cohorts", name="lop.csv")
    assert (report.new, report.updated) == (0, 1)
    apply_file(job=job, user=clerk)
    assert Cohort.objects.get().capacity == 45
    assert Cohort.history.latest("history_id").history_change_reason == change_reason(
        job
    )


def test_class_export_reimports_unchanged(client, personas, cohort, make_job):
    client.force_login(personas["admin"])
    response = client.get(reverse("training:cohort_export", args=["xlsx"]))
    content = b"".join(response.streaming_content)
    _job, report = _check(make_job, personas["admin"], content, "cohorts")
    assert report.errors == [] and (report.unchanged, report.new) == (1, 0)


@pytest.mark.parametrize(
    ("override", "column", "needle"),
    [
        ({"Mã loại khóa": "llct_sieu_cap"}, "Mã loại khóa", "không có trong danh mục"),
        ({"Ngày khai giảng": "31/02/2026"}, "Ngày khai giảng", "31/02/2026"),
        ({"Ngày bế giảng": "01/01/2026"}, "Ngày bế giảng", "sau hoặc bằng ngày"),
        ({"Tên lớp": "<b>Lớp</b>"}, "Tên lớp", "thẻ HTML"),
        ({"Tên lớp": "@Lớp A"}, "Tên lớp", "công thức"),
        ({"Mã đơn vị tổ chức": "SYT"}, "Mã đơn vị tổ chức", "ngoài phạm vi"),
        ({"Mã đơn vị tổ chức": "XYZ"}, "Mã đơn vị tổ chức", "không có trong danh mục"),
        ({"Số học viên tối đa": "0"}, "Số học viên tối đa", "ngoài khoảng"),
        ({"Hệ": "Buổi tối"}, "Hệ", "không có trong danh mục"),
    ],
)
def test_bad_class_rows_are_rejected_by_row_and_column(
    personas, course_types, make_job, override, column, needle
):
    clerk = personas["clerk"]
    content = xlsx_bytes(COHORT_HEADERS, [class_row(1), class_row(2, **override)])
    job, report = _check(make_job, clerk, content, "cohorts")
    assert (report.new, report.rejected) == (1, 1)
    [(row, named, message)] = _reasons(report)
    assert row == 3 and named == column and needle in message, message
    assert not Cohort.objects.exists()
    job.refresh_from_db()
    assert job.rejected_row_numbers == [3]


def test_class_capacity_cannot_drop_below_its_learners(
    personas, cohort, learners, make_job
):
    services.enrolments_nominate(
        cohort=cohort,
        people=learners[:2],
        nominating_unit=learners[0].unit,
        by=personas["clerk"],
    )
    row = {
        "Tên lớp": cohort.name,
        "Mã loại khóa": "llct_cao_cap",
        "Hệ": "Tập trung",
        "Cơ sở đào tạo": cohort.institution,
        "Mã đơn vị tổ chức": "T01",
        "Ngày khai giảng": "01/03/2026",
        "Ngày bế giảng": "30/10/2026",
        "Số học viên tối đa": "1",
    }
    _job, report = _check(
        make_job, personas["admin"], xlsx_bytes(list(row), [row]), "cohorts"
    )
    [(number, column, message)] = _reasons(report)
    assert (number, column) == (
        2,
        "Số học viên tối đa",
    ) and "đã có 2 học viên" in message


def test_a_class_run_outside_my_units_cannot_be_changed(personas, cohort, make_job):
    row = {
        "Tên lớp": cohort.name,
        "Mã loại khóa": "llct_cao_cap",
        "Hệ": "Tập trung",
        "Cơ sở đào tạo": "Khác",
        "Mã đơn vị tổ chức": "SNV",
        "Ngày khai giảng": "01/03/2026",
        "Ngày bế giảng": "30/10/2026",
        "Số học viên tối đa": "10",
    }
    _job, report = _check(
        make_job, personas["clerk"], xlsx_bytes(list(row), [row]), "cohorts"
    )
    [(_n, column, message)] = _reasons(report)
    assert column == "Tên lớp" and "nằm ngoài phạm vi" in message
    assert Cohort.objects.get().institution == "Học viện Chính trị khu vực I"


def test_empty_file_and_wrong_headers_are_refused_whole(
    personas, course_types, make_job
):
    from cadre_registry.imports import ImportFileError

    clerk = personas["clerk"]
    job = make_job(clerk, b"", resource="cohorts")
    with pytest.raises(ImportFileError, match="Tệp rỗng"):
        check_file(job=job, user=clerk)
    wrong = xlsx_bytes(["Tên lớp", "Loại", "Ngày khai giảng"], [["A", "B", "C"]])
    job = make_job(clerk, wrong, resource="cohorts")
    with pytest.raises(ImportFileError) as caught:
        check_file(job=job, user=clerk)
    message = str(caught.value)
    assert "Thiếu cột bắt buộc" in message and "“Mã loại khóa”" in message
    assert "Cột không nhận ra: “Loại”" in message
    only_headers = xlsx_bytes(COHORT_HEADERS, [])
    job = make_job(clerk, only_headers, resource="enrolments")
    with pytest.raises(ImportFileError, match="Tiêu đề cột không khớp"):
        check_file(job=job, user=clerk)
    assert not Cohort.objects.exists()


# --- Learners ------------------------------------------------------------------------


def test_good_learner_file_nominates_and_records_results(
    personas, cohort, learners, make_job
):
    clerk = personas["clerk"]
    rows = [
        learner_row("CB0001", "Nguyễn Văn An"),
        learner_row(
            "CB0002",
            "Tran Thi Bich",  # accents and case do not matter for the check
            **{
                "Trạng thái": "Hoàn thành",
                "Ngày kết thúc học": "30/10/2026",
                "Kết quả, xếp loại": "Giỏi",
                "Số văn bằng, chứng chỉ": "CC-123",
                "Ngày cấp": "15/11/2026",
            },
        ),
        learner_row(
            "CB0003",
            "",
            **{"Trạng thái": "Đang học", "Ngày nhập học": "02/03/2026"},
        ),
    ]
    job, report = _check(
        make_job, clerk, xlsx_bytes(ENROLMENT_HEADERS, rows), "enrolments"
    )
    assert report.errors == [] and report.new == 3
    assert not Enrolment.objects.exists()
    apply_file(job=job, user=clerk)
    by_code = {e.person.personnel_code: e for e in Enrolment.objects.all()}
    assert by_code["CB0001"].status == "nominated"
    assert by_code["CB0001"].nominated_on == dt.date(2026, 1, 15)
    done = by_code["CB0002"]
    assert done.status == "completed" and done.result == "Giỏi"
    assert done.finished_on == dt.date(2026, 10, 30)
    assert done.certificate_number == "CC-123" and done.training_record is not None
    assert by_code["CB0003"].status == "enrolled"
    assert by_code["CB0003"].enrolled_on == dt.date(2026, 3, 2)
    reason = change_reason(job)
    history = Enrolment.history.filter(history_change_reason=reason)
    assert set(history.values_list("id", flat=True)) == {e.pk for e in by_code.values()}
    person = Person.objects.get(personnel_code="CB0002")
    assert (
        person.political_theory.code == cohort.course_type.grants_political_theory.code
    )
    raised = Person.history.filter(id=person.pk).latest("history_id")
    assert raised.history_change_reason.startswith(reason)


def test_reimporting_a_learner_file_changes_nothing(
    personas, cohort, learners, make_job
):
    clerk = personas["clerk"]
    rows = [
        learner_row("CB0001", "Nguyễn Văn An"),
        learner_row(
            "CB0002",
            "Trần Thị Bích",
            **{"Trạng thái": "Hoàn thành", "Ngày kết thúc học": "30/10/2026"},
        ),
    ]
    content = xlsx_bytes(ENROLMENT_HEADERS, rows)
    job, _ = _check(make_job, clerk, content, "enrolments")
    apply_file(job=job, user=clerk)
    counts = (Enrolment.history.count(), Person.history.count())
    again, report = _check(make_job, clerk, content, "enrolments")
    assert (report.new, report.updated, report.unchanged) == (0, 0, 2)
    apply_file(job=again, user=clerk)
    assert (Enrolment.history.count(), Person.history.count()) == counts
    assert Enrolment.objects.count() == 2


def test_roster_export_reimports_unchanged(
    client, personas, cohort, learners, make_job
):
    services.enrolments_nominate(
        cohort=cohort,
        people=learners[:3],
        nominating_unit=learners[0].unit,
        by=personas["clerk"],
    )
    client.force_login(personas["clerk"])
    url = reverse("training:cohort_roster_export", args=[cohort.pk, "xlsx"])
    content = b"".join(client.get(url).streaming_content)
    _job, report = _check(make_job, personas["clerk"], content, "enrolments")
    assert report.errors == [] and report.unchanged == 3


def test_class_over_capacity_rejects_the_rows_beyond_it(
    personas, cohort, learners, make_job
):
    cohort.capacity = 2
    cohort.save()
    rows = [
        learner_row("CB0001", "Nguyễn Văn An"),
        learner_row("CB0002", "Trần Thị Bích"),
        learner_row("CB0003", "Lê Văn Cường"),
    ]
    clerk = personas["clerk"]
    job, report = _check(
        make_job, clerk, xlsx_bytes(ENROLMENT_HEADERS, rows), "enrolments"
    )
    assert (report.new, report.rejected) == (2, 1)
    [(row, column, message)] = _reasons(report)
    assert (row, column) == (4, "Tên lớp")
    assert message == (
        "Lớp chỉ còn 0 chỗ (tối đa 2 học viên, đã có 2); không thể cử thêm 1 người."
    )
    assert not Enrolment.objects.exists()
    apply_file(job=job, user=clerk)  # confirmed without the rejected row
    assert Enrolment.objects.count() == 2


def test_overlapping_full_time_class_is_rejected(
    personas, cohort, learners, course_types, make_job
):
    other = services.cohort_create(
        by=personas["admin"],
        name="Bồi dưỡng QLNN chuyên viên chính",
        course_type=course_types["llct_trung_cap"],
        mode="tap_trung",
        institution="Trường Chính trị",
        organising_unit=cohort.organising_unit,
        start=dt.date(2026, 5, 1),
        end=dt.date(2026, 6, 1),
        capacity=5,
    )
    services.enrolments_nominate(
        cohort=other,
        people=[learners[0]],
        nominating_unit=learners[0].unit,
        by=personas["clerk"],
    )
    _job, report = _check(
        make_job,
        personas["clerk"],
        xlsx_bytes(ENROLMENT_HEADERS, [learner_row("CB0001", "Nguyễn Văn An")]),
        "enrolments",
    )
    [(row, column, message)] = _reasons(report)
    assert (row, column) == (2, "Tên lớp")
    assert "lớp tập trung “Bồi dưỡng QLNN chuyên viên chính”" in message
    assert "trùng thời gian" in message


@pytest.mark.parametrize(
    ("override", "column", "needle"),
    [
        ({"Số hiệu cán bộ": "CB7777"}, "Số hiệu cán bộ", "không có trong danh sách"),
        ({"Số hiệu cán bộ": "CB0099"}, "Số hiệu cán bộ", "ngoài phạm vi"),
        ({"Họ và tên": "Người Khác"}, "Họ và tên", "không khớp"),
        ({"Họ và tên": "<script>x</script>"}, "Họ và tên", "thẻ HTML"),
        ({"Mã đơn vị cử": "SYT"}, "Mã đơn vị cử", "ngoài phạm vi"),
        ({"Ngày cử": "2026-13-01"}, "Ngày cử", "2026-13-01"),
        ({"Ngày khai giảng": "02/03/2026"}, "Tên lớp", "Không có lớp"),
        (
            {"Trạng thái": "Hoàn thành", "Ngày kết thúc học": "01/12/2026"},
            "Ngày kết thúc học",
            "Ngày hoàn thành phải trong thời gian học của lớp",
        ),
        (
            {"Trạng thái": "Hoàn thành"},
            "Ngày kết thúc học",
            "Nhập ngày kết thúc học.",
        ),
        (
            {"Số văn bằng, chứng chỉ": "X1"},
            "Số văn bằng, chứng chỉ",
            "Chỉ học viên hoàn thành",
        ),
        ({"Trạng thái": "Đã xong"}, "Trạng thái", "không có trong danh mục"),
    ],
)
def test_bad_learner_rows_are_rejected_by_row_and_column(
    personas, cohort, learners, make_job, override, column, needle
):
    rows = [
        learner_row("CB0001", "Nguyễn Văn An"),
        learner_row("CB0002", "Trần Thị Bích", **override),
    ]
    job, report = _check(
        make_job, personas["clerk"], xlsx_bytes(ENROLMENT_HEADERS, rows), "enrolments"
    )
    assert (report.new, report.rejected) == (1, 1), _reasons(report)
    [(row, named, message)] = _reasons(report)
    assert row == 3 and named == column and needle in message, message
    assert not Enrolment.objects.exists()


def test_error_workbook_has_the_rejected_rows_and_reasons(
    personas, cohort, learners, make_job
):
    rows = [
        learner_row("CB0001", "Nguyễn Văn An"),
        learner_row("CB7777", "Ai Đó"),
    ]
    job, _ = _check(
        make_job, personas["clerk"], xlsx_bytes(ENROLMENT_HEADERS, rows), "enrolments"
    )
    job.refresh_from_db()
    sheet = openpyxl.load_workbook(io.BytesIO(error_workbook(job))).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][: len(ENROLMENT_HEADERS)] == tuple(ENROLMENT_HEADERS)
    assert values[0][len(ENROLMENT_HEADERS)] == "Lý do"
    assert len(values) == 2 and values[1][2] == "CB7777"
    assert values[1][-1].startswith("Dòng 3: Số hiệu cán bộ: Số hiệu cán bộ “CB7777”")


def test_a_service_refusal_at_confirm_writes_nothing(
    personas, cohort, learners, make_job
):
    rows = [
        learner_row("CB0001", "Nguyễn Văn An"),
        learner_row("CB0002", "Trần Thị Bích"),
    ]
    clerk = personas["clerk"]
    job, report = _check(
        make_job, clerk, xlsx_bytes(ENROLMENT_HEADERS, rows), "enrolments"
    )
    assert report.new == 2
    # Between the dry run and the confirmation someone fills the class.
    cohort.capacity = 1
    cohort.save()
    from cadre_registry import import_jobs

    job.refresh_from_db()
    job = import_jobs.import_job_apply(job=job)
    assert job.status == ImportJob.Status.FAILED
    assert "không có dữ liệu nào được ghi" in job.message
    assert not Enrolment.objects.exists()


# --- Pages and commands --------------------------------------------------------------


def test_page_flow_upload_preview_confirm(client, personas, cohort, learners):
    client.force_login(personas["clerk"])
    page = client.get(reverse("import_start") + "?resource=enrolments")
    text = page.content.decode()
    assert 'value="enrolments" selected' in text and "Lớp đào tạo" in text
    template = client.get(reverse("import_template", args=["enrolments"]))
    assert template.status_code == 200 and template.content[:2] == b"PK"
    rows = [learner_row("CB0001", "Nguyễn Văn An"), learner_row("CB0099", "Phạm")]
    upload = SimpleUploadedFile("hoc-vien.xlsx", xlsx_bytes(ENROLMENT_HEADERS, rows))
    response = client.post(
        reverse("import_start"), {"resource": "enrolments", "file": upload}
    )
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("import_job_detail", args=[job.pk])
    preview = client.get(response.url).content.decode()
    assert '<span class="num" id="count-new">1</span>' in preview
    assert '<span class="num" id="count-rejected">1</span>' in preview
    assert "<td>3</td><td>Số hiệu cán bộ</td>" in preview
    assert not Enrolment.objects.exists()
    errors = client.get(reverse("import_error_workbook", args=[job.pk]))
    assert errors.status_code == 200 and errors.content[:2] == b"PK"
    done = client.post(reverse("import_job_confirm", args=[job.pk]))
    assert done.status_code == 302
    assert 'id="done"' in client.get(done.url).content.decode()
    assert Enrolment.objects.get().person.personnel_code == "CB0001"


def test_commands_dry_run_and_import(personas, course_types, tmp_path):
    path = tmp_path / "lop.csv"
    path.write_bytes(csv_bytes(COHORT_HEADERS, [class_row(1)]))
    out = io.StringIO()
    call_command(
        "import_training_classes", str(path), "--dry-run", "--user", "clerk", stdout=out
    )
    assert "thêm mới: 1" in out.getvalue() and not Cohort.objects.exists()
    call_command("import_training_classes", str(path), "--user", "clerk", stdout=out)
    assert Cohort.objects.count() == 1
    bad = tmp_path / "hoc-vien.csv"
    bad.write_bytes(csv_bytes(ENROLMENT_HEADERS, [learner_row("CB7777", "")]))
    with pytest.raises(CommandError, match="1 dòng bị từ chối"):
        call_command("import_enrolments", str(bad), "--user", "clerk", stdout=out)


def test_dry_run_queries_do_not_grow_with_the_rows(personas, cohort, tree, make_job):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for n in range(9):
        factories.person(
            full_name=f"Học Viên {n}",
            unit=tree["office"],
            personnel_code=f"HV{n:03d}",
            by=personas["admin"],
        )
    clerk = personas["clerk"]

    def queries(count):
        rows = [learner_row(f"HV{n:03d}", "") for n in range(count)]
        job = make_job(
            clerk, xlsx_bytes(ENROLMENT_HEADERS, rows), resource="enrolments"
        )
        with CaptureQueriesContext(connection) as captured:
            report = check_file(job=job, user=clerk)
        assert report.new == count
        return len(captured)

    queries(1)  # the first run fills the per-user caches (scope, permissions)
    assert queries(2) == queries(9)
