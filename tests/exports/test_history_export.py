"""Exports of the filtered people's dated histories (evaluations, rewards...): the
kind's import template columns, so that the file re-imports unchanged; scoped,
sensitive kinds and columns only with the permission, formula cells neutralised,
logged, a constant number of queries, big ones in the background."""

import csv
import dataclasses
import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from cadre_registry import exports, services
from cadre_registry.imports import RESOURCES, check_file
from cadre_registry.imports.histories import _HistoryImporter
from cadre_registry.models import (
    AccessLog,
    Assignment,
    Discipline,
    DisciplineForm,
    Evaluation,
    ExportJob,
    FamilyMember,
    Grade,
    PartyPost,
    Person,
    Position,
    Reward,
    SalaryRecord,
)
from cadre_registry.reference_loader import evaluation_level_for
from cadre_registry.resources import history_resource
from tests import factories

HISTORY_KINDS = [
    name
    for name, spec in RESOURCES.items()
    if issubclass(spec.importer, _HistoryImporter)
]


# --- Row factories, one per history kind -------------------------------------------
# Each adds a few rows of its kind to a person and returns how many. A kind without
# one here is skipped by the round trip, which names it.


def _evaluations(person: Person, by) -> int:
    for year, code, score, note in (
        (2023, "tot", None, ""),
        (2026, "xuat_sac", Decimal("92.50"), "-trừ điểm chuyên cần"),
    ):
        services.history_row_save(
            person=person,
            row=Evaluation(
                year=year,
                level=evaluation_level_for(year=year, code=code),
                score=score,
                emulation="Chiến sĩ thi đua cơ sở" if score else "",
                note=note,
            ),
            by=by,
        )
    return 2


def _rewards(person: Person, by) -> int:
    services.history_row_save(
        person=person,
        row=Reward(
            year=2024,
            form="Bằng khen của Chủ tịch UBND tỉnh",
            reason="Hoàn thành xuất sắc nhiệm vụ",
            decision_number="125/QĐ-UBND",
            decision_date=dt.date(2024, 12, 20),
            decision_authority="UBND tỉnh",
        ),
        by=by,
    )
    services.history_row_save(
        person=person, row=Reward(year=2025, form="Giấy khen"), by=by
    )
    return 2


def _assignments(person: Person, by) -> int:
    """Besides the open main period the person was created with (from 2015): an
    earlier closed one with a decision, and a concurrent post, both written as the
    export must tell them apart ("Công tác chính" Có/Không)."""
    services.history_row_save(
        person=person,
        row=Assignment(
            unit=person.unit,
            position=Position.objects.filter(name="Phó Trưởng phòng").first(),
            title="Phụ trách tổng hợp",
            start=dt.date(2008, 3, 1),
            end=dt.date(2014, 12, 31),
            decision_number="12/QĐ-SNV",
            decision_date=dt.date(2008, 2, 20),
        ),
        by=by,
    )
    services.history_row_save(
        person=person,
        row=Assignment(
            unit=person.unit,
            title="=Tổ trưởng tổ công tác",  # a formula prefix, neutralised
            start=dt.date(2020, 1, 1),
            is_main=False,
        ),
        by=by,
    )
    return 3


def _salaries(person: Person, by) -> int:
    """Grade 01.003 in both code lists that share the code: a step of 2003, before
    the NĐ 204/2004 tables and before QĐ 78/2004 (its coefficient off any table is
    kept), one on the QĐ 78 list and one on the TT 02/2021 list."""
    old, new = "QD78-2004-BNV", "TT02-2021-BNV"
    rows = [
        (old, 1, Decimal("2.10"), 85, dt.date(2003, 1, 1), dt.date(2004, 9, 30)),
        (old, 2, None, 100, dt.date(2004, 10, 1), dt.date(2021, 6, 30)),
        (new, 4, None, 100, dt.date(2024, 7, 1), None),
    ]
    for code_list, step, coefficient, percent, start, end in rows:
        grade = Grade.objects.get(code="01.003", code_list__key=code_list)
        if coefficient is None:
            coefficient = grade.steps.get(step=step).coefficient
        services.history_row_save(
            person=person,
            row=SalaryRecord(
                grade=grade,
                step=step,
                coefficient=coefficient,
                percent=percent,
                start=start,
                end=end,
                decision_number="88/QĐ-SNV" if end is None else "",
            ),
            by=by,
        )
    return len(rows)


def _party_posts(person: Person, by) -> int:
    for title, start, end in (
        ("Chi ủy viên", dt.date(2012, 5, 1), dt.date(2017, 4, 30)),
        ("Phó Bí thư Chi bộ", dt.date(2017, 5, 1), None),
    ):
        services.history_row_save(
            person=person,
            row=PartyPost(
                title=title,
                organisation="Chi bộ Phòng Công chức",
                start=start,
                end=end,
            ),
            by=by,
        )
    return 2


def _disciplines(person: Person, by) -> int:
    services.history_row_save(
        person=person,
        row=Discipline(
            form=DisciplineForm.objects.get(code="khien_trach"),
            violation="Vi phạm quy định về báo cáo, <b>chậm</b> 3 kỳ",
            start=dt.date(2019, 3, 15),
            end=dt.date(2020, 3, 14),
            decision_number="05/QĐ-KL",
            decision_date=dt.date(2019, 3, 10),
            decision_authority="Sở Nội vụ",
        ),
        by=by,
    )
    return 1


def _family(person: Person, by) -> int:
    for side, relation, name, year, abroad in (
        (
            FamilyMember.Side.OWN,
            FamilyMember.Relation.MOTHER,
            "Lê Thị Hoa",
            1950,
            False,
        ),
        (
            FamilyMember.Side.OWN,
            FamilyMember.Relation.CHILD,
            "Trần Minh Anh",
            2008,
            True,
        ),
        (
            FamilyMember.Side.SPOUSE,
            FamilyMember.Relation.FATHER,
            "Phạm Văn Bình",
            None,
            False,
        ),
    ):
        services.history_row_save(
            person=person,
            row=FamilyMember(
                side=side,
                relation=relation,
                full_name=name,
                birth_year=year,
                details="Hưu trí, ở Hà Nội" if year and year < 1960 else "",
                lives_abroad=abroad,
            ),
            by=by,
        )
    return 3


ROW_FACTORIES = {
    "evaluations": _evaluations,
    "rewards": _rewards,
    "assignments": _assignments,
    "salaries": _salaries,
    "party_posts": _party_posts,
    "disciplines": _disciplines,
    "family": _family,
}


# --- Helpers ---------------------------------------------------------------------


def _url(kind, file_format="csv"):
    return reverse("person_history_export", args=[kind, file_format])


def _body(response) -> bytes:
    assert response.status_code == 200, response
    return b"".join(response.streaming_content)


def _csv(response) -> list[list[str]]:
    text = _body(response).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def _xlsx(content: bytes) -> list[tuple]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return list(sheet.iter_rows(values_only=True))


@pytest.fixture
def nam(tree):
    """Trần Văn Nam of Sở Nội vụ: a personnel code, no CCCD."""
    return factories.person(
        full_name="Trần Văn Nam", unit=tree["home"], personnel_code="CB000002"
    )


@pytest.fixture
def stranger(tree):
    """Lê Văn Ngoài of Sở Y tế, outside the clerk's units."""
    return factories.person(
        full_name="Lê Văn Ngoài", unit=tree["other"], national_id="001180000999"
    )


# --- The round trip --------------------------------------------------------------


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
@pytest.mark.parametrize("kind", HISTORY_KINDS)
def test_an_export_reimports_without_changing_anything(
    client, personas, huong, nam, kind, file_format, make_job
):
    factory = ROW_FACTORIES.get(kind)
    if factory is None:
        pytest.skip(f"no row factory for the history kind {kind!r} (ROW_FACTORIES)")
    admin, clerk = personas["admin"], personas["clerk"]
    total = factory(huong, admin) + factory(nam, admin)
    client.force_login(clerk)
    response = client.get(_url(kind, file_format))
    assert response["Content-Disposition"].endswith(
        f'-{timezone.localdate():%Y%m%d}.{file_format}"'
    )
    content = _body(response)
    job = make_job(clerk, content, name=f"qua-trinh.{file_format}", resource=kind)
    report = check_file(job=job, user=clerk)
    outcome = (report.new, report.updated, report.unchanged, report.rejected)
    assert outcome == (0, 0, total, 0), [(e.row, e.message) for e in report.errors]


@pytest.mark.parametrize("kind", HISTORY_KINDS)
def test_every_history_kind_knows_where_its_columns_come_from(personas, kind):
    """Each column resolves to a model field (or says to give it a path)."""
    spec = RESOURCES[kind]
    columns = exports.history_columns(spec=spec, user=personas["admin"])
    assert [c.header for c in columns] == [c.header for c in spec.columns]
    assert (
        list(
            exports.history_rows(
                spec=spec, people=Person.objects.none(), columns=columns
            )
        )
        == []
    )


@pytest.mark.parametrize("kind", HISTORY_KINDS)
def test_the_django_import_export_resource_writes_what_the_export_writes(
    client, personas, huong, kind
):
    """history_resource(kind): the kind's template headers and, row for row, the
    cells of the page's CSV export (formula prefixes neutralised in both)."""
    ROW_FACTORIES[kind](huong, personas["admin"])
    resource = history_resource(kind)()
    queryset = RESOURCES[kind].model.objects.filter(person=huong)
    dataset = resource.export(queryset)
    assert dataset.headers == [c.header for c in RESOURCES[kind].columns]
    client.force_login(personas["clerk"])
    rows = _csv(client.get(_url(kind)))
    assert rows[0] == dataset.headers
    assert sorted(rows[1:]) == sorted(
        ["" if v is None else str(v) for v in row] for row in dataset
    )


def test_cells_are_written_as_the_import_reads_them(client, personas, huong):
    _evaluations(huong, personas["admin"])
    client.force_login(personas["clerk"])
    rows = _csv(client.get(_url("evaluations")))
    assert rows[0] == [c.header for c in RESOURCES["evaluations"].columns]
    records = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    assert [r["Năm"] for r in records] == ["2023", "2026"]
    assert records[1] == {
        "Số CCCD": "001180000123",
        "Số hiệu cán bộ": "",
        "Họ và tên": "Nguyễn Thị Hương",
        "Năm": "2026",
        "Xếp loại": "Hoàn thành xuất sắc nhiệm vụ",
        "Điểm": "92,5",
        "Xếp loại thi đua": "Chiến sĩ thi đua cơ sở",
        "Ghi chú": "'-trừ điểm chuyên cần",
    }
    _rewards(huong, personas["admin"])
    rows = _csv(client.get(_url("rewards")))
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["Ngày quyết định"] == "20/12/2024" and record["Năm"] == "2024"


def test_flags_are_written_yes_or_no_since_a_blank_main_assignment_reads_as_yes():
    from cadre_registry.models import Assignment
    from cadre_registry.resources import Column

    path, write = exports._history_cell(
        Assignment, Column("Công tác chính", "is_main", kind="bool")
    )
    assert path == "is_main"
    assert (write(True), write(False), write(None)) == ("Có", "Không", "")
    assert exports._history_cell(
        Assignment, Column("Mã đơn vị", "unit", kind="unit")
    ) == ("unit__code", None)


def test_rows_are_ordered_by_person_then_key(client, personas, huong, nam):
    for person in (huong, nam):
        _rewards(person, personas["admin"])
    client.force_login(personas["clerk"])
    rows = _csv(client.get(_url("rewards")))
    assert [(r[2], r[3]) for r in rows[1:]] == [
        ("Nguyễn Thị Hương", "2024"),
        ("Nguyễn Thị Hương", "2025"),
        ("Trần Văn Nam", "2024"),
        ("Trần Văn Nam", "2025"),
    ]


# --- Scope and sensitive data ----------------------------------------------------


def test_only_people_in_the_users_units_are_exported(client, personas, huong, stranger):
    _rewards(huong, personas["admin"])
    _rewards(stranger, personas["admin"])
    client.force_login(personas["clerk"])
    rows = _csv(client.get(_url("rewards")))
    assert {r[2] for r in rows[1:]} == {"Nguyễn Thị Hương"}
    assert "001180000999" not in str(rows)
    client.force_login(personas["outsider"])
    rows = _csv(client.get(_url("rewards")))
    assert {r[2] for r in rows[1:]} == {"Lê Văn Ngoài"}


def test_the_list_filters_apply(client, personas, huong, nam):
    _rewards(huong, personas["admin"])
    _rewards(nam, personas["admin"])
    client.force_login(personas["clerk"])
    rows = _csv(client.get(_url("rewards"), {"gender": "F"}))
    assert {r[2] for r in rows[1:]} == {"Nguyễn Thị Hương"}


def test_without_permission_the_national_id_is_left_out(client, personas, huong):
    _evaluations(huong, personas["admin"])
    client.force_login(personas["plainclerk"])
    rows = _csv(client.get(_url("evaluations")))
    assert rows[0][:2] == ["Số hiệu cán bộ", "Họ và tên"]
    assert "Số CCCD" not in rows[0] and "001180000123" not in str(rows)
    assert len(rows) == 3


def test_a_sensitive_kind_is_404_without_permission(
    client, personas, huong, monkeypatch
):
    secret = dataclasses.replace(
        RESOURCES["rewards"], name="secret_rewards", sensitive=True
    )
    monkeypatch.setitem(RESOURCES, "secret_rewards", secret)
    _rewards(huong, personas["admin"])
    client.force_login(personas["plainclerk"])
    assert client.get(_url("secret_rewards")).status_code == 404
    page = client.get(reverse("person_list")).content.decode()
    assert "/can-bo/xuat/secret_rewards." not in page
    assert "/can-bo/xuat/rewards.xlsx" in page
    client.force_login(personas["clerk"])
    assert len(_csv(client.get(_url("secret_rewards")))) == 3
    page = client.get(reverse("person_list")).content.decode()
    assert "/can-bo/xuat/secret_rewards.xlsx" in page


def test_columns_marked_sensitive_are_left_out_without_permission(
    client, personas, huong, monkeypatch
):
    spec = RESOURCES["rewards"]
    columns = tuple(
        dataclasses.replace(c, sensitive=True) if c.field == "reason" else c
        for c in spec.columns
    )
    monkeypatch.setitem(
        RESOURCES, "rewards", dataclasses.replace(spec, columns=columns)
    )
    _rewards(huong, personas["admin"])
    client.force_login(personas["plainclerk"])
    rows = _csv(client.get(_url("rewards")))
    assert "Lý do" not in rows[0] and "Hoàn thành xuất sắc nhiệm vụ" not in str(rows)


@pytest.mark.parametrize(
    "path",
    [
        "/can-bo/xuat/khong-co.xlsx",
        "/can-bo/xuat/people.xlsx",
        "/can-bo/xuat/units.csv",
        "/can-bo/xuat/evaluations.pdf",
        "/can-bo/xuat/evaluations.",
        "/can-bo/xuat/evaluations.xlsx.csv",
    ],
)
def test_unknown_kind_or_format_is_404(client, personas, path):
    client.force_login(personas["clerk"])
    assert client.get(path).status_code == 404


def test_anonymous_is_sent_to_login(client, tree):
    response = client.get(_url("evaluations"))
    assert response.status_code == 302 and "dang-nhap" in response.url


# --- Safety, budget, log ---------------------------------------------------------


def test_formula_and_html_cells_are_neutralised(client, personas, huong):
    Person.objects.filter(pk=huong.pk).update(full_name='=HYPERLINK("x")')
    services.history_row_save(
        person=huong,
        row=Reward(year=2024, form="<b>Bằng khen</b>", reason="+1 điểm"),
        by=personas["admin"],
    )
    client.force_login(personas["clerk"])
    record = dict(zip(*_csv(client.get(_url("rewards"))), strict=True))
    assert record["Họ và tên"] == '\'=HYPERLINK("x")'
    assert record["Lý do"] == "'+1 điểm"
    assert record["Hình thức khen thưởng"] == "<b>Bằng khen</b>"  # text, not markup
    content = _body(client.get(_url("rewards", "xlsx")))
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet.cell(row=2, column=3).value == '\'=HYPERLINK("x")'
    assert sheet.cell(row=2, column=3).data_type == "s"  # not a formula


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_queries_do_not_grow_with_the_rows(
    client, personas, tree, file_format, django_assert_max_num_queries
):
    admin = personas["admin"]
    client.force_login(personas["clerk"])

    def add_people(count):
        for _ in range(count):
            _evaluations(factories.person(unit=tree["office"]), admin)

    add_people(3)
    with django_assert_max_num_queries(12) as small:
        assert len(_xlsx_or_csv(client.get(_url("evaluations", file_format)))) == 7
    add_people(27)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert len(_xlsx_or_csv(client.get(_url("evaluations", file_format)))) == 61


def _xlsx_or_csv(response):
    if response["Content-Type"].startswith("text/csv"):
        return _csv(response)
    return _xlsx(_body(response))


def test_every_export_is_logged_with_its_kind_filter_and_count(
    client, personas, huong, nam
):
    _evaluations(huong, personas["admin"])
    _evaluations(nam, personas["admin"])
    client.force_login(personas["clerk"])
    _body(client.get(_url("evaluations", "xlsx"), {"gender": "F"}))
    log = AccessLog.objects.get(action=AccessLog.Action.EXPORT)
    assert (log.user, log.row_count) == (personas["clerk"], 2)
    assert log.description == "Xuất Đánh giá, xếp loại hằng năm (XLSX)"
    assert log.detail == {
        "query": "gender=F",
        "format": "xlsx",
        "columns": [c.header for c in RESOURCES["evaluations"].columns],
        "kind": "evaluations",
    }


def test_the_file_is_named_after_the_kind(client, personas, huong):
    client.force_login(personas["clerk"])
    response = client.get(_url("evaluations", "xlsx"))
    assert response["Content-Disposition"] == (
        f'attachment; filename="danh-gia-{timezone.localdate():%Y%m%d}.xlsx"'
    )
    assert exports.file_slug(RESOURCES["rewards"]) == "khen-thuong"


# --- Large exports ---------------------------------------------------------------


def test_large_export_runs_in_the_background(
    client, personas, huong, nam, settings, django_capture_on_commit_callbacks
):
    from cadre_registry.celery import app

    settings.EXPORT_BACKGROUND_ROWS = 3
    _rewards(huong, personas["admin"])
    _rewards(nam, personas["admin"])
    client.force_login(personas["clerk"])
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True  # the task runs here when the view commits
    try:
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            response = client.get(_url("rewards", "xlsx"))
    finally:
        app.conf.task_always_eager = eager
    job = ExportJob.objects.get()
    assert len(callbacks) == 1
    assert response.status_code == 302
    assert response.url == reverse("export_job_detail", args=[job.pk])
    assert (job.resource, job.file_format, job.status) == (
        "rewards",
        "xlsx",
        ExportJob.Status.DONE,
    )
    assert job.file.name.split("/")[-1].startswith("khen-thuong-")
    assert AccessLog.objects.get(action=AccessLog.Action.EXPORT).row_count == 4
    download = client.get(reverse("export_job_download", args=[job.pk]))
    rows = _xlsx(_body(download))
    assert rows[0][:4] == ("Số CCCD", "Số hiệu cán bộ", "Họ và tên", "Năm")
    assert len(rows) == 5 and job.total_rows == 4


def test_a_background_job_of_a_kind_no_longer_allowed_fails(personas, huong):
    job = services.export_job_create(
        user=personas["plainclerk"],
        resource="no-such-kind",
        file_format="csv",
        query="",
        total=0,
    )
    services.export_job_run(job=job)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED and not job.file
