"""Exports of filtered lists to XLSX and CSV, with the import template's columns, so
that an export re-imports unchanged. Rows stream from a server-side cursor into the
file: memory stays flat however many rows there are."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import xlsxwriter
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.text import slugify

from cadre_registry.imports import RESOURCES
from cadre_registry.imports.histories import _HistoryImporter
from cadre_registry.models import Assignment, DatePrecision, Grade, Person, Unit
from cadre_registry.models.reference import CodeEntry
from cadre_registry.reference_data import normalize_text
from cadre_registry.resources import PEOPLE_COLUMNS, Column

# Cells that spreadsheet programs would run as formulas (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_STARTS = frozenset("".join(FORMULA_PREFIXES))
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
    # once, not per cell. Text cells are taken as they are; the other kinds through
    # a dict of their written forms, filled as values come (a C-level lookup per
    # cell rather than a Python call: dates and labels repeat across rows).
    position = {path: index for index, path in enumerate(paths)}
    plan: list[tuple[int, Callable[[object], str] | None]] = []
    partial: list[tuple[int, int]] = []  # (place in the row, index in the record)
    dates = _Texts(_date_text)
    for place, column in enumerate(columns):
        index = len(paths) if column.field == "unit_start" else position[_path(column)]
        if column.kind == "partial_date":
            partial.append((place, index))
            plan.append((index, None))
        elif column.kind == "date":
            plan.append((index, dates.__getitem__))
        elif column.kind == "choice":
            labels = _Texts(str)
            labels.update(
                (k, str(v))
                for k, v in Person._meta.get_field(column.source).flatchoices
                if k not in (None, "")
            )
            plan.append((index, labels.__getitem__))
        elif column.kind in ("text", "code", "unit") and _is_text(column):
            plan.append((index, None))  # str or None from the database
        else:
            plan.append((index, _Texts(_other_text).__getitem__))
    precision_index = len(paths) + 1
    partial_texts = _Texts(_partial_date_text)
    for record in values.iterator(chunk_size=CHUNK):
        row = [
            convert(record[index]) if convert else (record[index] or "")
            for index, convert in plan
        ]
        for place, index in partial:
            row[place] = partial_texts[record[index], record[precision_index]]
        yield row


class _Texts(dict):
    """The written form of each value, computed the first time it is met."""

    def __init__(self, text: Callable[[object], str]):
        super().__init__({None: "", "": ""})
        self.text = text

    def __missing__(self, value) -> str:
        written = self[value] = self.text(value)
        return written


def _is_text(column: Column) -> bool:
    if column.kind != "text":
        return True  # names and codes of reference rows
    field = Person._meta.get_field(column.field)
    return field.get_internal_type() in ("CharField", "TextField", "EmailField")


def _date_text(value: dt.date) -> str:
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


def _partial_date_text(key: tuple[dt.date | None, str]) -> str:
    value, precision = key
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return str(value.year)
    if precision == DatePrecision.MONTH:
        return f"{value.month:02d}/{value.year}"
    return _date_text(value)


def _other_text(value) -> str:
    if isinstance(value, dt.date):
        return _date_text(value)
    if isinstance(value, bool):
        return "Có" if value else ""
    return str(value)


# --- Histories ----------------------------------------------------------------------
# The dated rows of people (evaluations, rewards...) in their import templates'
# columns: the kinds are the import specs whose importer is a history importer, so
# a kind added there can be exported with nothing more here.

# The columns that name the row's person, read from the Person.
PERSON_FIELDS = frozenset({"national_id", "personnel_code", "full_name"})
# Written by code, not name: grade names repeat across the lists (QĐ 78/2004 and
# TT 02/2021 both have "Chuyên viên") and salary decisions cite the code; units are
# keyed on their code everywhere.
WRITTEN_AS_CODE = (Grade, Unit)


def history_specs(*, user) -> dict:
    """The history kinds this user may export, by name: a kind that is personal data
    as a whole (discipline, family) only with the sensitive-field permission."""
    return {
        name: spec
        for name, spec in RESOURCES.items()
        if issubclass(spec.importer, _HistoryImporter)
        and (user.can_see_sensitive or not spec.sensitive)
    }


def history_columns(*, spec, user) -> list[Column]:
    """The kind's template columns this user may export (the CCCD needs the
    permission)."""
    return [c for c in spec.columns if user.can_see_sensitive or not c.sensitive]


def history_queryset(*, spec, people: QuerySet[Person]) -> QuerySet:
    """The kind's rows of these (already scoped) people, by person and then the
    row's natural key, as the import reads them back."""
    keys = getattr(spec.importer, "KEY_FIELDS", ())
    return spec.model.objects.filter(
        person__in=people.order_by().values("pk")
    ).order_by("person__name_sort", "person_id", *keys, "pk")


def history_rows(
    *, spec, people: QuerySet[Person], columns: list[Column]
) -> Iterator[list[str]]:
    """Rows of display strings, in the columns' order, as the import reads them; one
    query on a server-side cursor whatever the number of rows."""
    # Worked out now, not when the first row is asked for: a column that names no
    # field fails before a streamed response has begun.
    cells = [_history_cell(spec.model, column) for column in columns]
    paths = list(dict.fromkeys(path for path, _convert in cells))
    position = {path: index for index, path in enumerate(paths)}
    plan = [(position[path], convert) for path, convert in cells]
    values = history_queryset(spec=spec, people=people).values_list(*paths)
    return (
        [
            convert(record[index]) if convert else (record[index] or "")
            for index, convert in plan
        ]
        for record in values.iterator(chunk_size=CHUNK)
    )


def file_slug(spec) -> str:
    """The file name's ASCII stem: the title up to its first comma ("danh-gia")."""
    return slugify(normalize_text(spec.title.split(",")[0])) or slugify(spec.name)


def _history_cell(model, column: Column) -> tuple[str, Callable[[object], str] | None]:
    """The ORM path of a column and how its values are written (None: as text)."""
    path = column.path or _history_path(model, column)
    field = _field_at(model, path, column)
    if field.choices:
        labels = _Texts(str)
        labels.update((k, str(v)) for k, v in field.flatchoices if k not in (None, ""))
        return path, labels.__getitem__
    if isinstance(field, models.BooleanField):
        # "Không" rather than a blank: a blank "Công tác chính" reads as "Có".
        return path, {True: "Có", False: "Không", None: ""}.__getitem__
    if isinstance(field, models.DateTimeField):
        raise ImproperlyConfigured(f"{column.header}: no import reads a date and time")
    if isinstance(field, models.DateField):
        return path, _Texts(_date_text).__getitem__
    if isinstance(field, models.DecimalField):
        return path, _Texts(_decimal_text).__getitem__
    if isinstance(field, models.CharField | models.TextField):
        return path, None
    return path, _Texts(_other_text).__getitem__


def _history_path(model, column: Column) -> str:
    if column.field in PERSON_FIELDS:
        return f"person__{column.field}"
    try:
        field = model._meta.get_field(column.field)
    except Exception as error:
        raise ImproperlyConfigured(
            f"{model.__name__} has no field {column.field!r} for the column "
            f"“{column.header}”: give the Column a path"
        ) from error
    if not field.many_to_one:
        return column.field
    related = field.related_model
    if issubclass(related, WRITTEN_AS_CODE):
        return f"{column.field}__code"
    if issubclass(related, CodeEntry):
        return f"{column.field}__name"  # the import takes names or codes
    raise ImproperlyConfigured(
        f"“{column.header}” refers to {related.__name__}: give the Column a path"
    )


def _field_at(model, path: str, column: Column) -> models.Field:
    """The model field at the end of an ORM path."""
    field = None
    for part in path.split("__"):
        if field is not None:
            model = field.related_model
        try:
            field = model._meta.get_field(part)
        except Exception as error:
            raise ImproperlyConfigured(
                f"Path {path!r} of the column “{column.header}”: {error}"
            ) from error
    if field.is_relation:
        raise ImproperlyConfigured(
            f"Path {path!r} of the column “{column.header}” ends on a relation"
        )
    return field


def _decimal_text(value) -> str:
    # As the import's parsing.decimal reads it back: "92,5", "3" (no exponent).
    return format(value.normalize(), "f").replace(".", ",")


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
    starts = _FORMULA_STARTS
    write_string = sheet.write_string
    for count, row in enumerate(rows, start=1):
        for index, value in enumerate(row):
            if value:
                # write_string never turns text into a formula; the apostrophe keeps the
                # file safe if it is saved again as CSV.
                write_string(count, index, "'" + value if value[0] in starts else value)
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
    starts = _FORMULA_STARTS
    for count, row in enumerate(rows, start=1):
        # neutralise(), inline: it runs for every cell.
        chunk_writer.writerow(
            ["'" + value if value and value[0] in starts else value for value in row]
        )
        if count % 1000 == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()
