"""200,000 rows: the dry run reads and checks them all, in bounded time, and still
names the one bad row by its spreadsheet row number."""

import time

from cadre_registry.imports import check_file
from cadre_registry.models import Person

from .conftest import BASIC, csv_bytes, person_row

ROWS = 200_000


def test_a_200000_row_file_is_checked_whole_and_its_bad_row_named(
    personas, tree, make_job
):
    clerk = personas["clerk"]

    def row(n, **more):
        return person_row(n, **{"Số CCCD": f"001190{n:06d}", **more})

    rows = [row(n) for n in range(1, ROWS)]
    rows.append(row(ROWS, **{"Ngày sinh": "1980-13-01"}))
    job = make_job(clerk, csv_bytes(BASIC, rows), name="toan-tinh.csv")
    started = time.perf_counter()
    report = check_file(job=job, user=clerk)
    seconds = time.perf_counter() - started
    assert (report.total, report.new, report.rejected) == (ROWS, ROWS - 1, 1)
    (error,) = report.errors
    assert (error.row, error.column) == (ROWS + 1, "Ngày sinh")  # +1: the header
    assert "1980-13-01" in error.message
    assert not Person.objects.exists()
    # Not a benchmark (make bench times imports); a guard against a per-row query.
    assert seconds < 120, f"dry run of {ROWS:,} rows took {seconds:.0f} s"
