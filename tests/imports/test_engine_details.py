"""Engine details that the larger tests rely on: the memoised retirement rule,
progress reports, and the report's text."""

import datetime as dt

from cadre_registry import services
from cadre_registry.imports import ImportReport, RowError, check_file
from cadre_registry.imports.engine import _retirement_date
from cadre_registry.models import Person

from .conftest import BASIC, csv_bytes, person_row


def test_memoised_retirement_date_matches_the_service():
    for gender in ("M", "F"):
        for at_60 in (False, True):
            for year in range(1958, 2006, 3):
                for month, day in ((1, 1), (2, 28), (7, 31), (12, 15)):
                    birth = dt.date(year, month, day)
                    for precision in ("day", "month", "year"):
                        person = Person(
                            gender=gender,
                            birth_date=birth
                            if precision == "day"
                            else birth.replace(day=1),
                            birth_date_precision=precision,
                            women_retire_at_60=at_60,
                        )
                        if precision == "year":
                            person.birth_date = dt.date(year, 1, 1)
                        assert _retirement_date(
                            gender, person.birth_date, precision, at_60
                        ) == services._retirement_date(person), (
                            gender,
                            birth,
                            precision,
                        )


def test_progress_is_reported_while_checking_and_at_the_end(personas, tree, make_job):
    rows = [person_row(n) for n in range(1, 4501)]
    calls = []
    report = check_file(
        job=make_job(personas["clerk"], csv_bytes(BASIC, rows), name="a.csv"),
        user=personas["clerk"],
        progress=lambda done, total: calls.append((done, total)),
    )
    assert report.new == 4500
    assert calls[-1] == (4500, 4500)
    assert len(calls) >= 3 and all(total == 4500 for _d, total in calls)
    assert [d for d, _t in calls] == sorted(d for d, _t in calls)


def test_report_lines_name_row_column_and_reason():
    report = ImportReport(
        total=3,
        new=1,
        updated=1,
        unchanged=0,
        rejected=1,
        errors=[
            RowError(
                row=4,
                column="Ngày sinh",
                message="Ngày sinh “31/02/1980” không tồn tại.",
            )
        ],
    )
    assert report.lines() == [
        "Tổng số dòng: 3; thêm mới: 1; cập nhật: 1; không đổi: 0; bị từ chối: 1.",
        "  Dòng 4, cột “Ngày sinh”: Ngày sinh “31/02/1980” không tồn tại.",
    ]


def test_a_large_first_import_writes_every_row_and_its_history(
    personas, tree, make_job
):
    """Over ANALYZE_FROM rows the tables are analysed inside the transaction, so
    that the checks deferred to the end do not crawl; the outcome is the same."""
    from cadre_registry.imports import apply_file
    from cadre_registry.imports.engine import ANALYZE_FROM
    from cadre_registry.models import Assignment

    count = ANALYZE_FROM + 200
    rows = [person_row(n) for n in range(1, count + 1)]
    job = make_job(personas["clerk"], csv_bytes(BASIC, rows), name="a.csv")
    report = apply_file(job=job, user=personas["clerk"])
    assert report.new == count
    assert Person.objects.filter(unit=tree["office"]).count() == count
    assert Person.history.filter(history_type="+").count() == count
    assert Assignment.history.filter(history_type="+").count() == count


def test_statistics_are_refreshed_only_when_the_rows_change_the_table(
    tree, monkeypatch
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cadre_registry.imports import engine
    from tests import factories

    monkeypatch.setattr(engine, "ANALYZE_FROM", 10)
    monkeypatch.setattr(engine, "ANALYZE_SHARE", 1.0)
    for _ in range(30):
        factories.person(unit=tree["office"])
    table = "cadre_registry_person"

    def analysed(written: int) -> bool:
        with CaptureQueriesContext(connection) as seen, connection.cursor() as cursor:
            engine._analyze(cursor, table, written)
        return any(q["sql"].startswith("ANALYZE") for q in seen.captured_queries)

    assert not analysed(9)  # under ANALYZE_FROM
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {table}")
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [table]
        )
        assert cursor.fetchone()[0] == 30
    assert not analysed(29)  # less than the 30 rows it now knows of
    assert analysed(30)


def test_people_inserted_in_one_statement_get_their_search_words(tree):
    from cadre_registry.models import PersonWord

    people = Person.objects.bulk_create(
        [
            Person(
                full_name=name,
                other_names=other,
                unit=tree["office"],
                gender="F",
                birth_date=dt.date(1980, 1, 1),
            )
            for name, other in [("Đặng Thị Hương", ""), ("Lò Thị Ỷ", "Mế")]
        ]
    )
    rows = set(
        PersonWord.objects.filter(person__in=people).values_list(
            "person", "word", "words"
        )
    )
    first, second = (p.pk for p in people)
    assert rows == {
        (first, "dang", " dang huong thi "),
        (first, "thi", " dang huong thi "),
        (first, "huong", " dang huong thi "),
        (second, "lo", " lo me thi y "),
        (second, "thi", " lo me thi y "),
        (second, "y", " lo me thi y "),
        (second, "me", " lo me thi y "),
    }
