"""Exports: same columns as the import template, scoped, sensitive columns only with
the permission, formula cells neutralised, logged, big ones in the background."""

import csv
import datetime as dt
import io

import openpyxl
from django.urls import reverse

from cadre_registry import exports, services
from cadre_registry.models import AccessLog, DatePrecision, ExportJob, Person
from cadre_registry.resources import PEOPLE_COLUMNS
from tests import factories


def _csv(response):
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


def test_csv_has_the_template_columns_and_the_people_in_scope(
    client, personas, huong, tree
):
    factories.person(full_name="Lê Văn Ngoài", unit=tree["other"])
    client.force_login(personas["clerk"])
    rows = _csv(client.get(reverse("person_export", args=["csv"])))
    assert rows[0] == [c.header for c in PEOPLE_COLUMNS]
    names = [r[2] for r in rows[1:]]
    assert names == ["Nguyễn Thị Hương"]
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["Số CCCD"] == "001180000123"
    assert record["Ngày sinh"] == "15/03/1980" and record["Giới tính"] == "Nữ"
    assert (
        record["Mã đơn vị"] == "SNV-CC"
        and record["Ngày bắt đầu công tác tại đơn vị"] == "01/01/2015"
    )


def test_without_permission_sensitive_columns_are_left_out(client, personas, huong):
    client.force_login(personas["plainclerk"])
    rows = _csv(client.get(reverse("person_export", args=["csv"])))
    assert (
        "Số CCCD" not in rows[0]
        and "Dân tộc" not in rows[0]
        and "Tôn giáo" not in rows[0]
    )
    assert "001180000123" not in str(rows)
    assert rows[1][rows[0].index("Họ và tên")] == "Nguyễn Thị Hương"


def test_the_list_filters_apply_to_the_export(client, personas, huong, tree):
    factories.person(full_name="Trần Văn Nam", unit=tree["office"], gender="M")
    client.force_login(personas["clerk"])
    rows = _csv(client.get(reverse("person_export", args=["csv"]), {"gender": "F"}))
    assert [r[2] for r in rows[1:]] == ["Nguyễn Thị Hương"]


def test_formula_cells_are_neutralised(client, personas, huong):
    services.person_update(
        person=huong,
        by=personas["clerk"],
        other_names='=HYPERLINK("http://x")',
        phone="+84912",
    )
    client.force_login(personas["clerk"])
    rows = _csv(client.get(reverse("person_export", args=["csv"])))
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["Tên gọi khác"].startswith("'=")
    assert record["Điện thoại"] == "'+84912"


def test_xlsx_export_opens_and_matches(client, personas, huong):
    client.force_login(personas["clerk"])
    response = client.get(reverse("person_export", args=["xlsx"]))
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    header = [c.value for c in sheet[1]]
    assert header == [c.header for c in PEOPLE_COLUMNS]
    assert sheet.cell(row=2, column=3).value == "Nguyễn Thị Hương"
    assert (
        sheet.cell(row=2, column=1).data_type == "s"
    )  # the ID stays text: no lost zeros


def test_every_export_is_logged_with_its_filter_and_count(client, personas, huong):
    client.force_login(personas["clerk"])
    b"".join(
        client.get(
            reverse("person_export", args=["csv"]), {"gender": "F"}
        ).streaming_content
    )
    log = AccessLog.objects.get(action=AccessLog.Action.EXPORT)
    assert (log.user, log.row_count) == (personas["clerk"], 1)
    assert log.detail["query"] == "gender=F" and log.detail["format"] == "csv"


def test_large_export_runs_in_the_background(
    client, personas, huong, tree, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_BACKGROUND_ROWS = 1
    factories.person(full_name="Trần Văn Hai", unit=tree["office"])
    client.force_login(personas["clerk"])
    response = client.get(reverse("person_export", args=["xlsx"]))
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "export_job_detail", args=[job.pk]
    )
    services.export_job_run(job=job)  # what the worker does
    page = client.get(reverse("export_job_detail", args=[job.pk])).content.decode()
    assert "Tải tệp về" in page
    download = client.get(reverse("export_job_download", args=[job.pk]))
    sheet = openpyxl.load_workbook(
        io.BytesIO(b"".join(download.streaming_content))
    ).active
    assert sheet.max_row == 3


def test_someone_elses_export_job_is_404(client, personas, huong):
    job = ExportJob.objects.create(
        created_by=personas["clerk"], resource="people", file_format="csv"
    )
    client.force_login(personas["leader"])
    assert client.get(reverse("export_job_detail", args=[job.pk])).status_code == 404
    assert client.get(reverse("export_job_download", args=[job.pk])).status_code == 404


def test_unknown_format_is_404(client, personas):
    client.force_login(personas["clerk"])
    assert client.get("/can-bo/xuat.pdf").status_code == 404


def test_rows_are_written_as_the_import_reads_them(personas, tree):
    person = factories.person(
        full_name="Trần Thị Mai",
        gender="F",
        unit=tree["office"],
        start=dt.date(2016, 4, 2),
        birth_date=dt.date(1980, 5, 1),
        birth_date_precision=DatePrecision.MONTH,
        recruited_on=dt.date(2005, 3, 9),
    )
    columns = exports.people_columns(user=personas["clerk"])
    (row,) = exports.people_rows(
        people=Person.objects.filter(pk=person.pk), columns=columns
    )
    record = dict(zip([c.header for c in columns], row, strict=True))
    assert record["Họ và tên"] == "Trần Thị Mai"
    assert record["Giới tính"] == "Nữ"
    assert record["Ngày sinh"] == "05/1980"
    assert record["Ngày tuyển dụng"] == "09/03/2005"
    assert record["Ngày bắt đầu công tác tại đơn vị"] == "02/04/2016"
    assert record["Ngày vào Đảng"] == ""
    assert record["Tên gọi khác"] == ""
    assert all(isinstance(value, str) for value in row)
