"""Exports of the people list to XLSX and CSV, each beside its plain baseline.

Over the export view's own query for an administrator (everyone in service), the
same functions the view and the background job use (exports.people_rows into
exports.write_xlsx, or into exports.csv_stream written to a file), beside:

- XlsxWriter in constant-memory mode writing the same query's rows and columns
  (values as the database returns them: strings, dates as date cells);
- `csv.writer` over the same query.

Goals (the spreadsheet issue): our XLSX within 1.25× of XlsxWriter, our CSV within
1.5× of `csv.writer`, and memory flat as rows grow (peak Python memory, traced
with tracemalloc in separate untimed runs, at two sizes).
"""

from __future__ import annotations

import csv
import datetime as dt
import gc
import tempfile
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import xlsxwriter
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import QueryDict

from bench.personnel import bench_user
from bench.timing import Timing, measure_side_by_side
from cadre_registry import exports
from cadre_registry.listing import people_listing
from cadre_registry.models import Assignment, Person, Role, User

XLSX_RATIO_GOAL = 1.25
CSV_RATIO_GOAL = 1.5
# Five times the rows may cost at most this much more peak memory.
MEMORY_FLAT_RATIO = 1.5
SMALL_ROWS = 20_000


@dataclass
class Result:
    label: str
    timing: Timing
    rows: int
    baseline: str | None = None  # label of the row this one is compared with
    goal: float | None = None  # allowed ratio to the baseline
    file_mb: float = 0.0


def export_query(*, user: User, rows: int | None = None) -> QuerySet[Person]:
    """The export view's query for `user` with no filter; the first `rows` people
    (by id) when given."""
    people = people_listing(user=user, query=QueryDict()).people
    if rows is not None:
        cutoff = (
            people.order_by("id").values_list("id", flat=True)[rows - 1 : rows].first()
        )
        if cutoff is not None:
            people = people.filter(id__lte=cutoff)
    return people


def _raw_values(people: QuerySet[Person], columns: list) -> QuerySet:
    """The same rows and columns as people_rows reads, as the database returns them."""
    current_start = Subquery(
        Assignment.objects.filter(
            person=OuterRef("pk"), is_main=True, unit=OuterRef("unit")
        )
        .order_by("-start")
        .values("start")[:1]
    )
    paths = []
    for column in columns:
        if column.kind == "code":
            paths.append(f"{column.field}__name")
        elif column.kind == "unit":
            paths.append(f"{column.field}__code")
        else:
            paths.append(column.field)
    return (
        people.annotate(unit_start=current_start)
        .order_by("name_sort", "id")
        .values_list(*paths)
    )


def ours_xlsx(people, columns, path: Path) -> int:
    rows = exports.people_rows(people=people, columns=columns)
    return exports.write_xlsx(path=path, columns=columns, rows=rows)


def ours_csv(people, columns, path: Path) -> None:
    rows = exports.people_rows(people=people, columns=columns)
    with path.open("wb") as handle:
        for chunk in exports.csv_stream(columns=columns, rows=rows):
            handle.write(chunk)


def plain_xlsx(people, columns, path: Path) -> None:
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet()
    dates = workbook.add_format({"num_format": "dd/mm/yyyy"})
    for index, column in enumerate(columns):
        sheet.write_string(0, index, column.header)
    values = _raw_values(people, columns).iterator(chunk_size=exports.CHUNK)
    for number, record in enumerate(values, start=1):
        for index, value in enumerate(record):
            if value is None or value == "":
                continue
            if isinstance(value, str):
                sheet.write_string(number, index, value)
            elif isinstance(value, dt.date):
                sheet.write_datetime(number, index, value, dates)
            else:
                sheet.write(number, index, value)
    workbook.close()


def plain_csv(people, columns, path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([c.header for c in columns])
        writer.writerows(
            _raw_values(people, columns).iterator(chunk_size=exports.CHUNK)
        )


def peak_memory(function: Callable[[], Any]) -> float:
    """Peak Python memory allocated while `function` runs, in MB."""
    gc.collect()
    tracemalloc.start()
    try:
        function()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 1e6


def run(
    *,
    repeat: int = 3,
    rows: int | None = None,
    small: int = SMALL_ROWS,
    log: Callable[[str], None] = print,
) -> tuple[list[Result], dict[str, Any]]:
    """Time the exports of the first `rows` people (all of them when None)."""
    admin = bench_user("bench-admin", Role.ADMIN)
    columns = exports.people_columns(user=admin)
    people = export_query(user=admin, rows=rows)
    total = people.count()
    small = min(small, max(1, total // 5))
    results: list[Result] = []
    with tempfile.TemporaryDirectory() as folder:
        paths = {name: Path(folder) / name for name in ("a.xlsx", "b.xlsx", "a.csv")}
        paths["b.csv"] = Path(folder) / "b.csv"
        cases = [
            (
                "XlsxWriter constant_memory, same query",
                plain_xlsx,
                "b.xlsx",
                None,
                None,
            ),
            ("our XLSX export", ours_xlsx, "a.xlsx", 0, XLSX_RATIO_GOAL),
            ("`csv.writer`, same query", plain_csv, "b.csv", None, None),
            ("our CSV export", ours_csv, "a.csv", 2, CSV_RATIO_GOAL),
        ]
        log(f"  {len(cases)} cách xuất × {repeat} lần, {total:,} dòng")
        timings = measure_side_by_side(
            [
                (lambda f=function, p=paths[name]: f(people, columns, p))
                for _label, function, name, _b, _g in cases
            ],
            repeat=repeat,
            warmup=0,
        )
        for (label, _f, name, base, goal), timing in zip(cases, timings, strict=True):
            results.append(
                Result(
                    label,
                    timing,
                    total,
                    baseline=None if base is None else cases[base][0],
                    goal=goal,
                    file_mb=paths[name].stat().st_size / 1e6,
                )
            )
        log("  bộ nhớ (tracemalloc)")
        memory = {}
        small_people = export_query(user=admin, rows=small)
        for fmt, function in (("xlsx", ours_xlsx), ("csv", ours_csv)):
            target = paths[f"a.{fmt}"]
            memory[fmt] = {
                rows: peak_memory(
                    lambda q=query, f=function, t=target: f(q, columns, t)
                )
                for rows, query in ((small, small_people), (total, people))
            }
    facts = {"people": total, "small": small, "memory": memory}
    return results, facts
