"""Exports of filtered lists to XLSX and CSV, with the import template's columns, so
that an export re-imports unchanged. Rows stream from a server-side cursor into the
file: memory stays flat however many rows there are."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator
from pathlib import Path

import xlsxwriter
from django.db.models import OuterRef, QuerySet, Subquery

from cadre_registry.models import Assignment, DatePrecision, Person
from cadre_registry.resources import PEOPLE_COLUMNS, Column

# Cells that spreadsheet programs would run as formulas (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 5000


def neutralise(value: str) -> str:
    """Prefix an apostrophe to text a spreadsheet would read as a formula."""
    if value and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def people_columns(*, user) -> list[Column]:
    """The people columns this user may export: sensitive ones need the permission."""
    return [c for c in PEOPLE_COLUMNS if user.can_see_sensitive or not c.sensitive]


def _path(column: Column) -> str:
    if column.kind == "code":
        return f"{column.field}__name"
    if column.kind == "unit":
        return f"{column.field}__code"
    return column.field


def people_rows(
    *, people: QuerySet[Person], columns: list[Column]
) -> Iterator[list[str]]:
    """Rows of display strings, in the columns' order, as the import reads them."""
    current_start = Subquery(
        Assignment.objects.filter(
            person=OuterRef("pk"), is_main=True, unit=OuterRef("unit")
        )
        .order_by("-start")
        .values("start")[:1]
    )
    paths = [_path(c) for c in columns if c.field != "unit_start"]
    queryset = people.annotate(unit_start=current_start).order_by("name_sort", "id")
    values = queryset.values_list(*paths, "unit_start", "birth_date_precision")
    # Where each column's value sits in a record, and how it is written: worked out
    # once, not per cell.
    position = {path: index for index, path in enumerate(paths)}
    plan = []
    for column in columns:
        index = len(paths) if column.field == "unit_start" else position[_path(column)]
        labels = (
            {k: str(v) for k, v in Person._meta.get_field(column.source).flatchoices}
            if column.kind == "choice"
            else None
        )
        plan.append((index, column.kind, labels))
    precision_index = len(paths) + 1
    for record in values.iterator(chunk_size=CHUNK):
        yield [
            _format(kind, record[index], record[precision_index], labels)
            for index, kind, labels in plan
        ]


def _format(kind: str, value, precision, labels) -> str:
    if value is None or value == "":
        return ""
    if kind == "partial_date":
        if precision == DatePrecision.YEAR:
            return str(value.year)
        if precision == DatePrecision.MONTH:
            return f"{value.month:02d}/{value.year}"
        return value.strftime("%d/%m/%Y")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if labels is not None:
        return labels.get(value, str(value))
    if isinstance(value, bool):
        return "Có" if value else ""
    return str(value)


def write_xlsx(
    *, path: Path, columns: list[Column], rows: Iterable[list[str]], progress=None
) -> int:
    """Write with XlsxWriter's constant-memory mode (rows go to disk as written)."""
    workbook = xlsxwriter.Workbook(
        str(path),
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    sheet = workbook.add_worksheet("Dữ liệu")
    bold = workbook.add_format({"bold": True, "bg_color": "#EEF1F5", "border": 1})
    for index, column in enumerate(columns):
        sheet.write_string(0, index, column.header, bold)
        sheet.set_column(index, index, max(12, min(40, len(column.header) + 2)))
    count = 0
    for count, row in enumerate(rows, start=1):
        for index, value in enumerate(row):
            if value:
                # write_string never turns text into a formula; the apostrophe keeps the
                # file safe if it is saved again as CSV.
                sheet.write_string(count, index, neutralise(value))
        if progress and count % CHUNK == 0:
            progress(count)
    sheet.freeze_panes(1, 0)
    workbook.close()
    return count


class _Echo:
    def write(self, value):
        return value


def csv_stream(*, columns: list[Column], rows: Iterable[list[str]]) -> Iterator[bytes]:
    """UTF-8 with a BOM (Excel then shows the diacritics), one chunk of lines at a time."""
    writer = csv.writer(_Echo())
    yield "\ufeff".encode()
    yield writer.writerow([c.header for c in columns]).encode()
    buffer = io.StringIO()
    chunk_writer = csv.writer(buffer)
    for count, row in enumerate(rows, start=1):
        chunk_writer.writerow([neutralise(value) for value in row])
        if count % 1000 == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()
