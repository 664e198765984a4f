"""The import engine: validate a whole file in Python, then write it set-wise.

The columns of each resource come from cadre_registry.resources (the same list the
templates and the exports use). A run has three steps:

1. parse: read the file (reading.py) and normalise every cell (parsing.py), with the
   code lists loaded once into dictionaries: never a query per row;
2. resolve: look up the existing rows by their natural keys, one query per chunk of
   keys, and decide for each row: new, updated, unchanged or rejected (with reasons);
3. write (the confirmed import only): COPY into the tables or into a temporary
   staging table, then INSERT ... SELECT / UPDATE ... FROM; the change history rows
   are inserted the same way, with the import as their reason.

`check_file` is steps 1-2 (the dry run); `apply_file` runs them again inside one
transaction, holding a lock that keeps other writers out until it commits, and writes
the rows the dry run accepted only if none of them is rejected now: all or nothing.
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
import pickle
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.apps import apps
from django.db import DatabaseError, connection, models, transaction
from django.utils import timezone

from cadre_registry import services
from cadre_registry.models import (
    AccessLog,
    Assignment,
    DatePrecision,
    ImportJob,
    Person,
    Unit,
)
from cadre_registry.reference_data import normalize_text
from cadre_registry.resources import (
    PEOPLE_KEYS,
    Column,
)

from . import cache, parsing
from .parsing import CellError, shown
from .reading import ImportFileError, Table, read_table

CHUNK = 10_000  # keys per lookup query
PROGRESS_EVERY = 2_000
# Headers that are not data: a row counter, and the reason column of our own error
# workbook (so that a corrected error workbook can be uploaded again as it is).
IGNORED_HEADERS = frozenset({"stt", "tt", "so tt", "so thu tu", "ly do"})
KEEP = object()  # an empty cell that leaves the stored value as it is

Progress = Callable[[int, int], None] | None


@dataclass
class RowError:
    """Why a row was rejected: its row number as the spreadsheet shows it, the
    column's header ("" for the row as a whole) and a message in Vietnamese."""

    row: int
    column: str
    message: str
    values: dict | None = None


@dataclass
class ImportReport:
    """What a file would do (dry run) or did (import): counts of rows and every
    rejected row's reasons (a row may have several)."""

    total: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    errors: list[RowError] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    reused_parse: bool = False  # the confirm used the dry run's parse (cache.py)

    def stored_errors(self, limit: int = 1000) -> list[dict]:
        """The first `limit` reasons as the job keeps them (the error workbook has
        every rejected row)."""
        return [
            {"row": e.row, "column": e.column, "message": e.message}
            for e in self.errors[:limit]
        ]

    def lines(self) -> list[str]:
        """The report as text, for the management commands."""
        out = [
            f"Tổng số dòng: {self.total:,}; thêm mới: {self.new:,}; cập nhật: "
            f"{self.updated:,}; không đổi: {self.unchanged:,}; bị từ chối: "
            f"{self.rejected:,}.".replace(",", ".")
        ]
        for error in self.errors:
            where = f"Dòng {error.row}" + (
                f", cột “{error.column}”" if error.column else ""
            )
            out.append(f"  {where}: {error.message}")
        return out


class ImportRejected(ImportFileError):
    """The confirmed import found rejected rows (or the database refused one):
    nothing was written. `report` holds the reasons."""

    def __init__(self, message: str, report: ImportReport | None = None):
        super().__init__(message)
        self.report = report


@dataclass(frozen=True)
class ImportSpec:
    """One kind of data that can be imported: its columns and natural keys."""

    name: str
    title: str
    columns: tuple[Column, ...]
    keys: tuple[str, ...]
    model: type[models.Model]
    importer: type[_Importer]
    # A kind that is personal data as a whole (discipline, family members): only
    # users with the sensitive-field permission may import or export it.
    sensitive: bool = False

    def column(self, field_name: str) -> Column:
        return next(c for c in self.columns if c.field == field_name)


# --- Public API ----------------------------------------------------------------------------


def check_file(*, job: ImportJob, user, progress: Progress = None) -> ImportReport:
    """The dry run: read and validate every row, count what would change; write
    nothing but the job's counts, errors, status (CHECKED) and checked_at."""
    started = time.perf_counter()
    importer = _importer(job, user)
    data = _read(job)
    parsed = importer.parse(
        read_table(data, job.file_name), progress=_scaled(progress, 0.0, 0.8)
    )
    # Pickled now: resolve() adds its own reasons to the rows, which the confirm
    # must find out again under its lock.
    t0 = time.perf_counter()
    kept = importer.keep_parsed(parsed, data)
    keep_s = time.perf_counter() - t0
    plan = importer.resolve(parsed)
    report = plan.report
    t0 = time.perf_counter()
    if kept is not None:
        cache.store(job, *kept)
    report.timings["keep_parsed"] = keep_s + time.perf_counter() - t0
    report.timings["total"] = time.perf_counter() - started
    job.total_rows = job.processed_rows = report.total
    job.new_rows, job.updated_rows = report.new, report.updated
    job.unchanged_rows, job.rejected_rows = report.unchanged, report.rejected
    job.errors = report.stored_errors()
    job.rejected_row_numbers = sorted({e.row for e in report.errors})
    job.message = ""  # a failed earlier attempt's
    job.status = ImportJob.Status.CHECKED
    job.checked_at = timezone.now()
    job.save(
        update_fields=[
            "total_rows",
            "processed_rows",
            "new_rows",
            "updated_rows",
            "unchanged_rows",
            "rejected_rows",
            "errors",
            "rejected_row_numbers",
            "message",
            "status",
            "checked_at",
        ]
    )
    if progress:
        progress(report.total, report.total)
    return report


def apply_file(*, job: ImportJob, user, progress: Progress = None) -> ImportReport:
    """The confirmed import, in one transaction: validate again under a lock and
    write the rows the dry run accepted, only if every one of them still passes
    (else raise ImportRejected, nothing written).

    The rows the dry run rejected (the user saw them listed and confirmed without
    them) are left out before validating again, so that they cannot take part in the
    file's own checks (say, a repeated national ID) a second time."""
    started = time.perf_counter()
    importer = _importer(job, user)
    data = _read(job)
    parsed = importer.kept_parse(job, data)
    if parsed is None:
        parsed = importer.parse(
            read_table(data, job.file_name), progress=_scaled(progress, 0.0, 0.4)
        )
    elif progress:
        progress(int(len(parsed.rows) * 0.4), len(parsed.rows))
    parse_s = time.perf_counter() - started
    skipped = set(job.rejected_row_numbers or ())
    if skipped:
        parsed.rows = [row for row in parsed.rows if row.number not in skipped]
        if not parsed.rows:
            raise ImportRejected(
                "Mọi dòng của tệp đều bị từ chối ở bước kiểm tra; không có dòng nào để "
                "nhập. Tải tệp các dòng lỗi, sửa và tải lên lại."
            )
    with transaction.atomic():
        importer.lock()
        plan = importer.resolve(parsed)
        report = plan.report
        report.timings["parse"] = parse_s
        report.reused_parse = parsed.kept
        if progress:
            progress(int(report.total * 0.5), report.total)
        if report.rejected:
            raise ImportRejected(
                f"Có {report.rejected} dòng bị từ chối khi nhập (dữ liệu đã thay đổi "
                "từ lúc kiểm tra?); không có dữ liệu nào được ghi.",
                report=report,
            )
        report.total += len(skipped)
        t0 = time.perf_counter()
        try:
            with transaction.atomic(), connection.wrap_database_errors:
                importer.write(plan, progress=_scaled(progress, 0.5, 1.0))
                t1 = time.perf_counter()
                _deferred_checks_now()
                report.timings["deferred_checks"] = time.perf_counter() - t1
        except DatabaseError as error:
            # Something only the database knew (a concurrent change, a rule of its
            # own): the savepoint is gone, and so is everything with the outer one.
            row = importer.row_of(error)
            message = _db_message(error)
            report.errors.append(RowError(row=row, column="", message=message))
            report.rejected = 1
            raise ImportRejected(
                "Cơ sở dữ liệu từ chối dữ liệu nhập"
                + (f" ở dòng {row}" if row else "")
                + f"; không có dữ liệu nào được ghi. {message}",
                report=report,
            ) from error
        report.timings["write"] = time.perf_counter() - t0
        services.access_log_record(
            user=user,
            action=AccessLog.Action.IMPORT,
            obj=job,
            description=f"Nhập {importer.spec.title}: {job.file_name}"[:500],
            detail={
                "job": job.pk,
                "resource": importer.spec.name,
                "file_name": job.file_name,
                "checksum": job.checksum,
                "new": report.new,
                "updated": report.updated,
                "unchanged": report.unchanged,
            },
            row_count=report.total,
        )
        job.total_rows = job.processed_rows = report.total
        job.new_rows, job.updated_rows = report.new, report.updated
        # The dry run's rejected rows and their reasons stay on the job: they were
        # not imported, and the error workbook is still there to fix them.
        job.unchanged_rows, job.rejected_rows = report.unchanged, len(skipped)
        job.message = ""  # a failed earlier attempt's
        job.status = ImportJob.Status.DONE
        job.finished_at = timezone.now()
        job.save(
            update_fields=[
                "total_rows",
                "processed_rows",
                "new_rows",
                "updated_rows",
                "unchanged_rows",
                "rejected_rows",
                "message",
                "status",
                "finished_at",
            ]
        )
        # Imported: nothing will confirm this file again.
        transaction.on_commit(lambda: cache.discard(job))
    if progress:
        progress(report.total, report.total)
    report.timings["total"] = time.perf_counter() - started
    return report


def _deferred_checks_now() -> None:
    """Run the checks the database deferred to commit (Django's foreign keys are
    DEFERRABLE INITIALLY DEFERRED) now, where a refusal can still be reported as
    the import's; then defer them again, so that the caller's transaction keeps its
    semantics."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "SELECT string_agg(format('%I.%I', n.nspname, c.conname), ', ')"
            " FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace"
            " WHERE c.condeferrable AND c.condeferred AND n.nspname = current_schema()"
        )
        names = cursor.fetchone()[0]
        if names:
            cursor.execute(f"SET CONSTRAINTS {names} DEFERRED")


def change_reason(job: ImportJob) -> str:
    """The reason the change history shows for rows an import wrote."""
    return f"Nhập dữ liệu #{job.pk} ({job.file_name})"[:100]


def _importer(job: ImportJob, user) -> _Importer:
    from . import RESOURCES

    spec = RESOURCES.get(job.resource)
    if spec is None:
        raise ImportFileError(f"Không có loại dữ liệu “{job.resource}” để nhập.")
    if not getattr(user, "can_edit_people", False):
        raise ImportFileError("Bạn không có quyền nhập dữ liệu.")
    if spec.sensitive and not getattr(user, "can_see_sensitive", False):
        raise ImportFileError(
            f"“{spec.title}” là thông tin nhạy cảm: tài khoản của bạn không được "
            "nhập loại dữ liệu này."
        )
    return spec.importer(spec=spec, user=user, job=job)


def _read(job: ImportJob) -> bytes:
    if not job.file:
        raise ImportFileError("Không tìm thấy tệp đã tải lên.")
    try:
        with job.file.open("rb") as handle:
            return handle.read()
    except OSError:
        raise ImportFileError(
            "Không đọc được tệp đã tải lên (tệp không còn trên máy chủ?)."
        ) from None


def _scaled(progress: Progress, low: float, high: float) -> Progress:
    if progress is None:
        return None

    def report(done: int, total: int) -> None:
        progress(int(total * (low + (high - low) * done / max(total, 1))), total)

    return report


def _db_message(error: DatabaseError) -> str:
    lines = str(error).strip().splitlines()
    first = lines[0] if lines else error.__class__.__name__
    return f"(Lỗi cơ sở dữ liệu: {first})"


_COPY_LINE = re.compile(r"COPY (\w+), line (\d+)")


# --- COPY helpers ----------------------------------------------------------------------------

_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def copy_value(value: Any) -> str:
    """A value as COPY's text format writes it."""
    if value is None:
        return "\\N"
    cls = value.__class__
    if cls is str:
        # Most text has nothing to escape; translate() is slow on non-ASCII text.
        if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
            return value.translate(_COPY_ESCAPES)
        return value
    if cls is bool:
        return "t" if value else "f"
    if cls is dt.date or cls is dt.datetime:
        return value.isoformat()
    return str(value).translate(_COPY_ESCAPES)


def _copy(cursor, table: str, columns: Sequence[str], lines: list[str]) -> None:
    if not lines:
        return
    names = ", ".join(f'"{c}"' for c in columns)
    buffer = io.StringIO("\n".join(lines) + "\n")
    cursor.copy_expert(f"COPY {table} ({names}) FROM STDIN", buffer)


def _reserve_ids(cursor, table: str, count: int) -> list[int]:
    if not count:
        return []
    cursor.execute(
        "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
        [table, count],
    )
    return [row[0] for row in cursor.fetchall()]


def _stage(cursor, table: str, stage: str, columns: Sequence[str]) -> None:
    """A temporary table with the types of `table`'s columns, gone at commit."""
    names = ", ".join(f'"{c}"' for c in columns)
    cursor.execute(f"DROP TABLE IF EXISTS pg_temp.{stage}")
    cursor.execute(
        f"CREATE TEMP TABLE {stage} ON COMMIT DROP AS "
        f"SELECT {names} FROM {table} WITH NO DATA"
    )


_HISTORY_FIELDS = frozenset(
    {
        "history_id",
        "history_date",
        "history_change_reason",
        "history_type",
        "history_user",
    }
)


def _history(
    cursor,
    model: type[models.Model],
    ids: list[int],
    *,
    kind: str,
    user,
    reason: str,
    when: dt.datetime,
) -> None:
    """Historical rows (django-simple-history) of rows as they now stand, set-wise."""
    if not ids:
        return
    historical = model.history.model
    columns = [
        f.column
        for f in historical._meta.concrete_fields
        if f.name not in _HISTORY_FIELDS  # not startswith: Person has history_arrests
    ]
    names = ", ".join(f'"{c}"' for c in columns)
    selected = ", ".join(f't."{c}"' for c in columns)
    # A join on unnest(), not "id = ANY(...)": with stale statistics the planner
    # may filter a scan by the array, comparing every row with every id.
    cursor.execute(
        f"INSERT INTO {historical._meta.db_table} ({names}, history_date, "
        "history_change_reason, history_type, history_user_id) "
        f"SELECT {selected}, %s, %s, %s, %s FROM {model._meta.db_table} t "
        "JOIN unnest(%s::bigint[]) AS k(id) ON t.id = k.id",
        [when, reason, kind, user.pk, ids],
    )


ANALYZE_FROM = 1_000  # rows written to a table, above which it may be analysed at once
# ... and only when they are this share of what the table held: 10,000 people added
# to a million change no estimate, and ANALYZE at 1M people takes 1.5 s.
ANALYZE_SHARE = 0.2


def _analyze(cursor, table: str, written: int) -> None:
    """Fresh statistics for a table that just grew a lot, inside the transaction.

    Without them the planner still believes the table small: the foreign-key checks
    run at the end (one query per row) and the history inserts may scan the whole
    table for every row. A first import of 30,000 people into an empty registry
    took minutes instead of seconds. Tables the rows hardly change are left alone."""
    if written < ANALYZE_FROM:
        return
    # reltuples is the estimate as of the last ANALYZE (-1: never analysed); the
    # rows just written are not in it.
    cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [table])
    known = max(cursor.fetchone()[0], 0)
    if written >= ANALYZE_SHARE * known:
        cursor.execute(f"ANALYZE {table}")


# --- Parsing, common to every resource -----------------------------------------------------


def _letter(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _header_key(text: str) -> str:
    key = normalize_text(text).strip(" :")
    return re.sub(r"\s*(\(\s*\*\s*\)|\*)$", "", key)


@dataclass
class Parsed:
    """The rows of a file with their cells normalised, in the order of `columns`.

    `source` is the file's Table, or how to read it: a parse kept by the dry run
    (cache.py) has no cells, and only a report of rejected rows needs them."""

    columns: list[Column]  # the resource's columns present in the file
    rows: list[ParsedRow]
    position: dict[str, int]  # field name -> index in ParsedRow.values
    source: Table | Callable[[], Table] = field(repr=False)
    kept: bool = False  # reused from the dry run

    @property
    def table(self) -> Table:
        if not isinstance(self.source, Table):
            self.source = self.source()
        return self.source

    def index(self, field_name: str) -> int | None:
        return self.position.get(field_name)


@dataclass(slots=True)
class ParsedRow:
    number: int
    values: Sequence[Any]
    errors: list[tuple[str, str]] | None = None

    def error(self, column: str, message: str) -> None:
        if self.errors is None:
            self.errors = []
        self.errors.append((column, message))


@dataclass
class Plan:
    report: ImportReport
    data: dict[str, Any] = field(default_factory=dict)


class _Importer:
    """What every resource shares: header matching, cell normalising, the report."""

    def __init__(self, *, spec: ImportSpec, user, job: ImportJob | None = None):
        self.spec = spec
        self.user = user
        self.job = job
        self.today = timezone.localdate()

    # Hooks for resources.
    def converter(self, column: Column) -> Callable[[Any], Any]:
        raise NotImplementedError

    def resolve(self, parsed: Parsed) -> Plan:
        raise NotImplementedError

    def write(self, plan: Plan, progress: Progress = None) -> None:
        raise NotImplementedError

    def lock(self) -> None:
        """Keep other writers out of the tables this import checks and writes."""

    def row_of(self, error: Exception) -> int:
        """The file's row whose COPY line the database refused, if it says so."""
        match = _COPY_LINE.search(str(error))
        if not match:
            return 0
        rows = getattr(self, "copied_rows", {}).get(match.group(1), [])
        line = int(match.group(2))
        return rows[line - 1] if 0 < line <= len(rows) else 0

    # Headers.
    def match_headers(self, table: Table) -> list[tuple[Column, int]]:
        lookup: dict[str, Column] = {}
        for column in self.spec.columns:
            for spelling in (column.header, *column.aliases, column.field):
                lookup.setdefault(_header_key(spelling), column)
        present: dict[str, tuple[Column, int]] = {}
        unknown: list[str] = []
        problems: list[str] = []
        width = max((len(cells) for _n, cells in table.rows), default=0)
        for index in range(max(len(table.headers), width)):
            header = table.headers[index] if index < len(table.headers) else ""
            if not header:
                if any(
                    index < len(cells) and not parsing.is_blank(cells[index])
                    for _n, cells in table.rows
                ):
                    problems.append(
                        f"cột {_letter(index)} có dữ liệu nhưng không có tiêu đề"
                    )
                continue
            key = _header_key(header)
            column = lookup.get(key) or lookup.get(
                re.sub(r"\s*\([^()]*\)$", "", key)  # "Ngày sinh (dd/mm/yyyy)"
            )
            if column is None:
                if key not in IGNORED_HEADERS:
                    unknown.append(header)
                continue
            if column.field in present:
                other = present[column.field][1]
                problems.append(
                    f"cột “{column.header}” có hai lần (cột {_letter(other)} và "
                    f"{_letter(index)})"
                )
                continue
            present[column.field] = (column, index)
        missing = [
            c.header for c in self.spec.columns if c.required and c.field not in present
        ]
        missing_key = not any(k in present for k in self.spec.keys)
        if missing or unknown or problems or missing_key:
            parts = [f"Tiêu đề cột không khớp với mẫu “{self.spec.title}”."]
            if missing:
                parts.append(
                    "Thiếu cột bắt buộc: " + ", ".join(f"“{h}”" for h in missing) + "."
                )
            if missing_key and not missing:
                keys = " hoặc ".join(
                    f"“{self.spec.column(k).header}”" for k in self.spec.keys
                )
                parts.append(f"Thiếu cột nhận diện: cần {keys}.")
            if unknown:
                named = []
                headers = [c.header for c in self.spec.columns]
                for header in unknown:
                    guess = difflib.get_close_matches(header, headers, n=1, cutoff=0.6)
                    named.append(
                        f"“{header}”" + (f" (có phải “{guess[0]}”?)" if guess else "")
                    )
                parts.append("Cột không nhận ra: " + ", ".join(named) + ".")
            if problems:
                parts.append("Ngoài ra: " + "; ".join(problems) + ".")
            parts.append(
                "Hãy dùng tiêu đề như tệp mẫu (tải tệp mẫu ở trang nhập dữ liệu)."
            )
            raise ImportFileError(" ".join(parts))
        sensitive = [
            column.header for column, _i in present.values() if column.sensitive
        ]
        if sensitive and not self.user.can_see_sensitive:
            raise ImportFileError(
                "Tệp có cột thông tin nhạy cảm mà tài khoản của bạn không được xem nên "
                "không được nhập: "
                + ", ".join(f"“{h}”" for h in sensitive)
                + ". Hãy xóa các cột này rồi tải lên lại."
            )
        order = {c.field: i for i, c in enumerate(self.spec.columns)}
        return sorted(present.values(), key=lambda pair: order[pair[0].field])

    # Cells.
    def parse(self, table: Table, progress: Progress = None) -> Parsed:
        pairs = self.match_headers(table)
        if not table.rows:
            raise ImportFileError(
                "Tệp chỉ có dòng tiêu đề, không có dòng dữ liệu nào để nhập."
            )
        columns = [c for c, _i in pairs]
        table_rows = table.rows
        total = len(table_rows)
        numbers = [number for number, _cells in table_rows]
        errors: dict[int, list[tuple[str, str]]] = {}  # position in the file -> ...
        converted = []
        reported = 0
        # Column by column: map() over a column is the fast path; a column with a
        # bad cell is done again cell by cell to collect every reason.
        for done, (column, index) in enumerate(pairs, start=1):
            convert = self.converter(column)
            cells = _column(table_rows, index)
            try:
                values = list(map(convert, cells))
            except CellError:
                values = []
                for position, cell in enumerate(cells):
                    try:
                        values.append(convert(cell))
                    except CellError as error:
                        values.append(None)
                        errors.setdefault(position, []).append(
                            (column.header, error.message)
                        )
            if column.required:
                message = f"Thiếu “{column.header}” (cột bắt buộc)."
                for position, value in enumerate(values):
                    if (value is None or value == "") and not any(
                        h == column.header for h, _m in errors.get(position, ())
                    ):
                        errors.setdefault(position, []).append((column.header, message))
            converted.append(values)
            equivalent = total * done // len(pairs)
            if progress and equivalent - reported >= PROGRESS_EVERY:
                progress(equivalent, total)
                reported = equivalent
        rows = [
            ParsedRow(number, values)
            for number, values in zip(
                numbers, zip(*converted, strict=True), strict=True
            )
        ]
        for position, found in errors.items():
            rows[position].errors = found  # in column order, as found
        if progress:
            progress(total, total)
        return Parsed(
            columns=columns,
            rows=rows,
            position={c.field: j for j, c in enumerate(columns)},
            source=table,
        )

    # The dry run's parse, kept for the confirm (cache.py).
    keeps_parse = False  # only importers whose parse_inputs() say all it reads

    def parse_inputs(self) -> bytes:
        """Everything a parse reads besides the file, as bytes: the columns, the
        user's right to the sensitive ones (match_headers) and the code lists of
        the "code" columns. An importer whose converters read anything else must
        add it here or leave `keeps_parse` off."""
        parts: list[Any] = [
            self.spec.name,
            repr(self.spec.columns),
            getattr(self.user, "pk", None),
            bool(getattr(self.user, "can_see_sensitive", False)),
        ]
        for label in sorted({c.source for c in self.spec.columns if c.kind == "code"}):
            parts.append((label, sorted(self.code_entries(label))))
        return repr(parts).encode()

    def keep_parsed(self, parsed: Parsed, data: bytes) -> tuple[bytes, bytes] | None:
        """(key, payload) to keep the parse of `data` under, or None."""
        if not self.keeps_parse:
            return None
        errors = {
            position: list(row.errors)
            for position, row in enumerate(parsed.rows)
            if row.errors
        }
        payload = pickle.dumps(
            (
                [c.field for c in parsed.columns],
                [row.number for row in parsed.rows],
                [row.values for row in parsed.rows],
                errors,
            ),
            protocol=pickle.HIGHEST_PROTOCOL,
        )
        return cache.parse_key(data, self.parse_inputs()), payload

    def kept_parse(self, job: ImportJob, data: bytes) -> Parsed | None:
        """The dry run's parse of exactly `data` with the same inputs, or None."""
        if not self.keeps_parse:
            return None
        kept = cache.load(job, cache.parse_key(data, self.parse_inputs()))
        if kept is None:
            return None
        try:
            fields, numbers, values, errors = kept
            by_field = {c.field: c for c in self.spec.columns}
            columns = [by_field[name] for name in fields]
            rows = list(map(ParsedRow, numbers, values))
            for position, found in errors.items():
                rows[position].errors = found
        except Exception:  # signed by us, yet not what this code wrote
            return None
        return Parsed(
            columns=columns,
            rows=rows,
            position={c.field: j for j, c in enumerate(columns)},
            source=lambda: read_table(data, job.file_name),
            kept=True,
        )

    def code_entries(self, label: str) -> list[tuple]:
        """The entries of the code list `label`, read once per import."""
        if not hasattr(self, "_code_entries"):
            self._code_entries: dict[str, list[tuple]] = {}
        if label not in self._code_entries:
            model = apps.get_model(label)
            self._code_entries[label] = list(
                model.objects.values_list("id", "code", "name", "aliases", "is_active")
            )
        return self._code_entries[label]

    def base_converter(self, column: Column, model: type[models.Model]):
        """The normaliser for a column's kind, with the model field's limits."""
        label = column.header
        try:
            model_field = model._meta.get_field(column.field)
        except Exception:
            model_field = None
        max_length = column.max_length or getattr(model_field, "max_length", None)
        kind = column.kind
        if kind == "date":
            return parsing.memoised(lambda v: parsing.date_value(v, label=label))
        if kind == "partial_date":
            return parsing.memoised(lambda v: parsing.partial_date(v, label=label))
        if kind == "int":
            return lambda v: parsing.integer(v, label=label, minimum=0, maximum=32767)
        if kind == "decimal":
            return lambda v: parsing.decimal(v, label=label)
        if kind == "bool":
            return lambda v: parsing.boolean(v, label=label)
        if kind == "choice":
            source = model._meta.get_field(column.source or column.field)
            return parsing.memoised(parsing.ChoiceIndex(source.flatchoices).bind(label))
        if kind == "code":
            index = parsing.CodeIndex(self.code_entries(column.source))
            return parsing.memoised(index.bind(label))
        return lambda v: parsing.text(v, max_length=max_length, label=label)

    # Report.
    def report(self, parsed: Parsed, outcomes: dict[str, int]) -> ImportReport:
        report = ImportReport(total=len(parsed.rows), **outcomes)
        headers = None  # the file's cells are read again only for rejected rows
        for row in parsed.rows:
            if not row.errors:
                continue
            if headers is None:
                headers = parsed.table.headers
            report.rejected += 1
            values = None
            cells = self._cells(parsed, row.number)
            if cells is not None:
                values = {
                    header: "" if parsing.is_blank(cell) else shown(cell)
                    for header, cell in zip(headers, cells, strict=False)
                    if header
                }
            for column, message in row.errors:
                report.errors.append(
                    RowError(
                        row=row.number, column=column, message=message, values=values
                    )
                )
        return report

    def _cells(self, parsed: Parsed, number: int):
        if not hasattr(self, "_by_number"):
            self._by_number = dict(parsed.table.rows)
        return self._by_number.get(number)


# --- People ----------------------------------------------------------------------------------


@dataclass
class _Main:
    """A main assignment as the import sees it."""

    id: int | None
    unit_id: int
    start: dt.date
    end: dt.date | None
    position_id: int | None
    title: str = ""


def _retirement_date(gender, birth_date, precision, women_at_60) -> dt.date | None:
    """services._retirement_date over plain values. Memoised by birth month: the
    rule (NĐ 135/2020 Art. 3) ends retirement on a month's last day, so the birth
    day never moves it (rules.retirement_date)."""
    if birth_date is None:
        return None
    if precision == DatePrecision.DAY:
        birth_date = birth_date.replace(day=1)
        precision = DatePrecision.MONTH
    return _retirement_cached(gender, birth_date, precision, bool(women_at_60))


@lru_cache(maxsize=65536)
def _retirement_cached(gender, birth_date, precision, women_at_60):
    from types import SimpleNamespace

    return services._retirement_date(
        SimpleNamespace(
            gender=gender,
            birth_date=birth_date,
            birth_date_precision=precision,
            women_retire_at_60=women_at_60,
        )
    )


def _current(mains: list[_Main], on: dt.date) -> tuple[_Main | None, _Main | None]:
    """(current, chosen) as services.person_refresh_current picks them: the main
    assignment in force on the day, else the last one started, else the first."""
    ordered = sorted(mains, key=lambda a: a.start, reverse=True)
    current = next(
        (a for a in ordered if a.start <= on and (a.end is None or a.end >= on)), None
    )
    fallback = next(
        (a for a in ordered if a.start <= on), ordered[-1] if ordered else None
    )
    return current, current or fallback


class PeopleImporter(_Importer):
    """Hồ sơ cán bộ keyed on Số CCCD or Số hiệu cán bộ; the unit through a main
    assignment from "Ngày bắt đầu công tác tại đơn vị"."""

    SPECIAL = ("unit", "unit_start", "position")
    keeps_parse = True  # its converters read only the code lists

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.person_fields = {
            f.name: f for f in Person._meta.concrete_fields if not f.generated
        }

    def converter(self, column: Column):
        label = column.header
        name = column.field
        if name == "national_id":
            return lambda v: parsing.national_id(v, label=label)
        if name == "social_insurance_no":
            return lambda v: parsing.digits(v, length=10, label=label) or ""
        if name in ("full_name", "other_names"):
            max_length = self.person_fields[name].max_length
            return lambda v: parsing.person_name(v, max_length=max_length, label=label)
        if name == "email":
            return lambda v: parsing.email(v, label=label)
        if name == "gender":
            return parsing.memoised(lambda v: parsing.gender(v, label=label))
        if name == "general_education":
            return parsing.memoised(_general_education(label))
        if name == "personnel_code":
            max_length = self.person_fields[name].max_length
            return lambda v: parsing.text(v, max_length=max_length, label=label) or None
        if column.kind == "unit":
            return parsing.memoised(
                lambda v: parsing.text(v, max_length=32, label=label)
            )
        return self.base_converter(column, Person)

    def lock(self) -> None:
        # Other imports and edits of people wait until this one commits (reads go
        # on): what was validated stays true until it is written.
        with connection.cursor() as cursor:
            cursor.execute(
                "LOCK TABLE cadre_registry_person IN SHARE ROW EXCLUSIVE MODE"
            )
            cursor.execute(
                "LOCK TABLE cadre_registry_assignment IN SHARE ROW EXCLUSIVE MODE"
            )

    # -- resolve ---------------------------------------------------------------------------

    def resolve(self, parsed: Parsed) -> Plan:
        t0 = time.perf_counter()
        rows = parsed.rows
        ix = parsed.index
        i_nid, i_code = ix("national_id"), ix("personnel_code")
        i_unit, i_start, i_pos = ix("unit"), ix("unit_start"), ix("position")
        nid_header = parsed.columns[i_nid].header if i_nid is not None else "Số CCCD"
        code_header = (
            parsed.columns[i_code].header if i_code is not None else "Số hiệu cán bộ"
        )

        # 1. Keys repeated inside the file: the first row wins.
        first_nid: dict[str, int] = {}
        first_code: dict[str, int] = {}
        for row in rows:
            values = row.values
            nid = values[i_nid] if i_nid is not None else None
            code = values[i_code] if i_code is not None else None
            if nid:
                seen = first_nid.setdefault(nid, row.number)
                if seen != row.number:
                    row.error(nid_header, f"Số CCCD {nid} trùng với dòng {seen}.")
            if code:
                seen = first_code.setdefault(code, row.number)
                if seen != row.number:
                    row.error(
                        code_header, f"Số hiệu cán bộ {code} trùng với dòng {seen}."
                    )
            if not nid and not code and not _has_error(row, nid_header, code_header):
                row.error(
                    "",
                    "Cần Số CCCD hoặc Số hiệu cán bộ để nhận diện hồ sơ.",
                )

        # 2. Existing people by key, one query per chunk of keys.
        person_columns = self._loaded_columns(parsed)
        existing = self._existing(list(first_nid), list(first_code), person_columns)
        by_nid = {p["national_id"]: p for p in existing.values() if p["national_id"]}
        by_code = {
            p["personnel_code"]: p for p in existing.values() if p["personnel_code"]
        }
        mains = self._mains(list(existing))
        units = self._units()
        scope = _scope(self.user)
        t1 = time.perf_counter()

        # 3. Each row: new, updated, unchanged or rejected.
        fields = [
            (j, c, self.person_fields[c.field])
            for j, c in enumerate(parsed.columns)
            if c.field not in self.SPECIAL
        ]
        compare = []  # (value index, attname(s), empty value)
        for j, column, model_field in fields:
            if column.kind == "partial_date":
                compare.append((j, ("birth_date", "birth_date_precision"), KEEP))
                continue
            attname = model_field.attname
            if column.field in PEOPLE_KEYS or not model_field.blank:
                empty = KEEP
            else:
                empty = None if model_field.null else ""
            compare.append((j, attname, empty))
        new_rows: list[dict] = []
        updates: list[dict] = []
        main_updates: dict[int, _Main] = {}
        main_inserts: list[tuple[Any, _Main]] = []  # (person id or new row dict, row)
        new_numbers: list[int] = []  # the file's row of each new person
        insert_numbers: list[int] = []  # ... and of each new assignment
        claimed: dict[int, int] = {}
        counts = {"new": 0, "updated": 0, "unchanged": 0}
        today = self.today
        for row in rows:
            values = row.values
            nid = values[i_nid] if i_nid is not None else None
            code = values[i_code] if i_code is not None else None
            unit_code = values[i_unit]
            unit = units.get(unit_code) if unit_code else None
            if unit is None and unit_code:
                unit = units.get(unit_code.upper())
            if unit_code and unit is None:
                row.error(
                    parsed.columns[i_unit].header,
                    f"Mã đơn vị “{unit_code}” không có trong danh mục đơn vị.",
                )
            elif unit is not None and scope is not None and unit.id not in scope:
                row.error(
                    parsed.columns[i_unit].header,
                    f"Đơn vị {unit.code} ({unit.name}) nằm ngoài phạm vi được giao.",
                )
            start = values[i_start] if i_start is not None else None
            position_id = values[i_pos] if i_pos is not None else None
            if (
                unit is not None
                and start is not None
                and unit.valid_to is not None
                and start > unit.valid_to
            ):
                row.error(
                    parsed.columns[i_start].header,
                    f"Đơn vị {unit.code} đã thôi hoạt động từ "
                    f"{unit.valid_to:%d/%m/%Y}, trước ngày bắt đầu {start:%d/%m/%Y}.",
                )
            person = by_nid.get(nid) if nid else None
            other = by_code.get(code) if code else None
            if person is not None and other is not None and person["id"] != other["id"]:
                row.error(
                    "",
                    f"Số CCCD {nid} và Số hiệu cán bộ {code} thuộc hai hồ sơ khác nhau "
                    f"({person['full_name']}; {other['full_name']}).",
                )
                continue
            person = person or other
            if person is not None:
                seen = claimed.setdefault(person["id"], row.number)
                if seen != row.number and not row.errors:
                    row.error(
                        "", f"Cùng một hồ sơ ({person['full_name']}) với dòng {seen}."
                    )
                if scope is not None and person["unit_id"] not in scope:
                    managed = units.by_id.get(person["unit_id"])
                    row.error(
                        "",
                        (
                            f"Hồ sơ {person['full_name']} đang do đơn vị khác quản lý: "
                            f"Đơn vị {managed.code} ({managed.name}) nằm ngoài phạm vi "
                            "được giao."
                        )
                        if managed
                        else f"Hồ sơ {person['full_name']} chưa thuộc đơn vị nào "
                        "trong phạm vi được giao.",
                    )
            if row.errors:
                continue
            if person is None:
                self._plan_new(
                    row,
                    parsed,
                    fields,
                    unit,
                    start,
                    position_id,
                    new_rows,
                    main_inserts,
                )
                if not row.errors:
                    counts["new"] += 1
                    new_numbers.append(row.number)
                    insert_numbers.append(row.number)
                continue
            changes = {}
            for j, attname, empty in compare:
                value = values[j]
                if value is None or value == "":
                    if empty is KEEP:
                        continue
                    value = empty
                if attname.__class__ is tuple:
                    date, precision = value
                    if (
                        date != person["birth_date"]
                        or precision != person["birth_date_precision"]
                    ):
                        changes["birth_date"] = date
                        changes["birth_date_precision"] = precision
                elif value != person[attname]:
                    changes[attname] = value
            person_mains = mains.get(person["id"], [])
            moved = self._plan_assignment(
                row,
                parsed,
                person,
                person_mains,
                unit,
                start,
                position_id,
                main_updates,
                main_inserts,
            )
            insert_numbers += [row.number] * (len(main_inserts) - len(insert_numbers))
            if row.errors:
                continue
            final = {**person, **changes}
            self._check_person(row, parsed, final)
            if row.errors:
                continue
            if not changes and not moved:
                counts["unchanged"] += 1
                continue
            counts["updated"] += 1
            final["retirement_date"] = _retirement_date(
                final["gender"],
                final["birth_date"],
                final["birth_date_precision"],
                final["women_retire_at_60"],
            )
            if moved:
                current, chosen = _current(moved, today)
                final["unit_id"] = chosen.unit_id if chosen else None
                final["position_id"] = current.position_id if current else None
                final["position_title"] = (current.title if current else "")[:255]
            updates.append(final)
        t2 = time.perf_counter()
        # (A row rejected after its assignments were planned leaves them in the plan;
        # harmless, since a plan with any rejected row is never written.)
        report = self.report(parsed, counts)
        report.timings.update({"parse_lookup": t1 - t0, "decide": t2 - t1})
        return Plan(
            report=report,
            data={
                "new": new_rows,
                "updates": updates,
                "person_columns": person_columns,
                "main_updates": main_updates,
                "main_inserts": main_inserts,
                "new_numbers": new_numbers,
                "insert_numbers": insert_numbers,
                "present": [c for c in parsed.columns if c.field not in self.SPECIAL],
            },
        )

    def _loaded_columns(self, parsed: Parsed) -> list[str]:
        wanted = {
            "id",
            "full_name",
            "national_id",
            "personnel_code",
            "unit_id",
            "position_id",
            "position_title",
            "gender",
            "birth_date",
            "birth_date_precision",
            "women_retire_at_60",
            "party_joined_on",
            "party_official_on",
            "retirement_date",
        }
        for column in parsed.columns:
            if column.field not in self.SPECIAL:
                wanted.add(self.person_fields[column.field].attname)
        return sorted(wanted)

    def _existing(
        self, nids: list[str], codes: list[str], columns: list[str]
    ) -> dict[int, dict]:
        names = ", ".join(f'"{c}"' for c in columns)
        found: dict[int, dict] = {}
        with connection.cursor() as cursor:
            for start in range(0, max(len(nids), len(codes)), CHUNK):
                cursor.execute(
                    f"SELECT {names} FROM cadre_registry_person "
                    "WHERE national_id = ANY(%s) OR personnel_code = ANY(%s)",
                    [nids[start : start + CHUNK], codes[start : start + CHUNK]],
                )
                for record in cursor.fetchall():
                    person = dict(zip(columns, record, strict=True))
                    found[person["id"]] = person
        return found

    def _mains(self, person_ids: list[int]) -> dict[int, list[_Main]]:
        mains: dict[int, list[_Main]] = {}
        with connection.cursor() as cursor:
            for start in range(0, len(person_ids), CHUNK):
                cursor.execute(
                    'SELECT id, person_id, unit_id, start, "end", position_id, title '
                    "FROM cadre_registry_assignment "
                    "WHERE is_main AND person_id = ANY(%s)",
                    [person_ids[start : start + CHUNK]],
                )
                for (
                    pk,
                    person_id,
                    unit_id,
                    begin,
                    end,
                    position_id,
                    title,
                ) in cursor.fetchall():
                    mains.setdefault(person_id, []).append(
                        _Main(pk, unit_id, begin, end, position_id, title)
                    )
        for rows in mains.values():
            rows.sort(key=lambda a: a.start)
        return mains

    def _units(self) -> _Units:
        return _Units.load()

    def _check_person(self, row: ParsedRow, parsed: Parsed, final: dict) -> None:
        """The rules the database enforces across fields, said before it refuses."""
        joined, official = final.get("party_joined_on"), final.get("party_official_on")
        if official is not None and (joined is None or official < joined):
            column = (
                parsed.columns[parsed.index("party_official_on")].header
                if (parsed.index("party_official_on") is not None)
                else ""
            )
            row.error(
                column,
                f"Ngày chính thức ({official:%d/%m/%Y}) phải sau hoặc bằng ngày vào "
                "Đảng" + (f" ({joined:%d/%m/%Y})." if joined else " (đang để trống)."),
            )
        birth = final.get("birth_date")
        if birth is not None and birth > self.today:
            column = parsed.columns[parsed.index("birth_date")].header
            row.error(column, f"Ngày sinh {birth:%d/%m/%Y} ở tương lai.")

    def _plan_new(
        self,
        row: ParsedRow,
        parsed: Parsed,
        fields,
        unit,
        start,
        position_id,
        new_rows: list[dict],
        main_inserts: list,
    ) -> None:
        i_start = parsed.index("unit_start")
        if start is None:
            header = (
                parsed.columns[i_start].header
                if i_start is not None
                else "Ngày bắt đầu công tác tại đơn vị"
            )
            row.error(header, f"Thiếu “{header}”: bắt buộc khi thêm hồ sơ mới.")
            return
        values = row.values
        person: dict[str, Any] = {}
        for j, column, model_field in fields:
            value = values[j]
            if column.kind == "partial_date":
                person["birth_date"], person["birth_date_precision"] = value
                continue
            if value is None or value == "":
                continue
            person[model_field.attname] = value
        self._check_person(row, parsed, person)
        if row.errors:
            return
        person["retirement_date"] = _retirement_date(
            person.get("gender"),
            person.get("birth_date"),
            person.get("birth_date_precision", DatePrecision.DAY),
            False,
        )
        person["unit_id"] = unit.id
        person["position_id"] = position_id if start <= self.today else None
        new_rows.append(person)
        main_inserts.append((person, _Main(None, unit.id, start, None, position_id)))

    def _plan_assignment(
        self,
        row: ParsedRow,
        parsed: Parsed,
        person: dict,
        mains: list[_Main],
        unit,
        start,
        position_id,
        main_updates: dict[int, _Main],
        main_inserts: list,
    ) -> list[_Main] | None:
        """Plan the assignment changes a row asks for; return the person's main
        assignments as they will be if anything changes, else None."""
        i_start, i_pos = parsed.index("unit_start"), parsed.index("position")
        start_header = (
            parsed.columns[i_start].header
            if i_start is not None
            else "Ngày bắt đầu công tác tại đơn vị"
        )
        latest = mains[-1] if mains else None
        planned: list[tuple[_Main, bool]] = []  # (row, is new)
        if start is None:
            if latest is None:
                row.error(
                    start_header,
                    f"Hồ sơ chưa có quá trình công tác chính: cần “{start_header}”.",
                )
                return None
            if unit.id not in (latest.unit_id, person["unit_id"]):
                row.error(
                    start_header,
                    f"Chuyển sang đơn vị {unit.code} cần “{start_header}”.",
                )
                return None
        elif any(a.unit_id == unit.id and a.start == start for a in mains):
            pass
        elif latest is not None and latest.unit_id == unit.id:
            # The same unit from another day: a correction of the latest start.
            before = mains[-2] if len(mains) > 1 else None
            if latest.end is not None and start > latest.end:
                row.error(
                    start_header,
                    f"Ngày bắt đầu {start:%d/%m/%Y} sau ngày kết thúc công tác tại "
                    f"đơn vị {unit.code} ({latest.end:%d/%m/%Y}).",
                )
                return None
            if before is not None and (before.end is None or start <= before.end):
                row.error(
                    start_header,
                    f"Ngày bắt đầu {start:%d/%m/%Y} trùng thời gian với quá trình "
                    f"công tác trước (từ {before.start:%d/%m/%Y}).",
                )
                return None
            changed = _Main(
                latest.id,
                latest.unit_id,
                start,
                latest.end,
                latest.position_id,
                latest.title,
            )
            planned.append((changed, False))
            latest = changed
        else:
            if latest is not None and start <= latest.start:
                row.error(
                    start_header,
                    f"Ngày bắt đầu tại đơn vị mới ({start:%d/%m/%Y}) phải sau ngày bắt "
                    f"đầu tại đơn vị hiện tại ({latest.start:%d/%m/%Y}).",
                )
                return None
            if latest is not None and (latest.end is None or latest.end >= start):
                ended = _Main(
                    latest.id,
                    latest.unit_id,
                    latest.start,
                    start - dt.timedelta(days=1),
                    latest.position_id,
                    latest.title,
                )
                planned.append((ended, False))
            latest = _Main(None, unit.id, start, None, position_id)
            planned.append((latest, True))
        if i_pos is not None and not (planned and planned[-1][1]):
            # No new assignment to carry the post: it goes on the latest one.
            target = planned[-1][0] if planned else latest
            if (
                target is not None
                and position_id != person["position_id"]
                and position_id != target.position_id
            ):
                if planned:
                    target.position_id = position_id  # already a planned copy
                else:
                    planned.append(
                        (
                            _Main(
                                target.id,
                                target.unit_id,
                                target.start,
                                target.end,
                                position_id,
                                target.title,
                            ),
                            False,
                        )
                    )
        if not planned:
            return None
        final = {a.id: a for a in mains}
        for planned_row, is_new in planned:
            if is_new:
                main_inserts.append((person["id"], planned_row))
            else:
                main_updates[planned_row.id] = planned_row
                final[planned_row.id] = planned_row
        result = list(final.values()) + [p for p, is_new in planned if is_new]
        return result

    # -- write -----------------------------------------------------------------------------

    def write(self, plan: Plan, progress: Progress = None) -> None:
        data = plan.data
        report = plan.report
        user, job = self.user, self.job
        reason = change_reason(job)
        now = timezone.now()
        timings = report.timings
        new_rows, updates = data["new"], data["updates"]
        total = max(report.total, 1)
        self.copied_rows = {
            "cadre_registry_person": data["new_numbers"],
            "cadre_registry_assignment": data["insert_numbers"],
        }
        with connection.cursor() as cursor:
            t0 = time.perf_counter()
            # New people: ids reserved, then one COPY.
            ids = _reserve_ids(cursor, "cadre_registry_person", len(new_rows))
            for person, pk in zip(new_rows, ids, strict=True):
                person["id"] = pk
            columns, template = _person_template(now)
            position = {c: i for i, c in enumerate(columns)}
            lines = []
            for person in new_rows:
                line = template.copy()
                for attname, value in person.items():
                    line[position[attname]] = copy_value(value)
                lines.append("\t".join(line))
            _copy(cursor, "cadre_registry_person", columns, lines)
            timings["copy_people"] = time.perf_counter() - t0
            if progress:
                progress(int(total * 0.3), total)

            # Changed people: COPY into a staging table, one UPDATE ... FROM.
            t0 = time.perf_counter()
            if updates:
                changed = sorted(
                    {
                        self.person_fields[c.field].attname
                        for c in data["present"]
                        if c.kind != "partial_date"
                    }
                    | {
                        "birth_date",
                        "birth_date_precision",
                        "retirement_date",
                        "unit_id",
                        "position_id",
                        "position_title",
                    }
                )
                stage_columns = ["id", *changed]
                _stage(cursor, "cadre_registry_person", "import_person", stage_columns)
                _copy(
                    cursor,
                    "import_person",
                    stage_columns,
                    [
                        "\t".join(copy_value(p[c]) for c in stage_columns)
                        for p in updates
                    ],
                )
                assignments = ", ".join(f'"{c}" = s."{c}"' for c in changed)
                cursor.execute(
                    f"UPDATE cadre_registry_person p SET {assignments}, updated_at = %s "
                    "FROM import_person s WHERE p.id = s.id",
                    [now],
                )
            timings["update_people"] = time.perf_counter() - t0
            if progress:
                progress(int(total * 0.5), total)

            # Main assignments: changes first (an ended one makes room for the new).
            t0 = time.perf_counter()
            main_updates = list(data["main_updates"].values())
            if main_updates:
                stage_columns = ["id", "start", "end", "position_id"]
                _stage(
                    cursor, "cadre_registry_assignment", "import_main", stage_columns
                )
                _copy(
                    cursor,
                    "import_main",
                    stage_columns,
                    [
                        "\t".join(
                            copy_value(v) for v in (a.id, a.start, a.end, a.position_id)
                        )
                        for a in main_updates
                    ],
                )
                cursor.execute(
                    'UPDATE cadre_registry_assignment a SET start = s.start, "end" = '
                    's."end", position_id = s.position_id FROM import_main s '
                    "WHERE a.id = s.id"
                )
            inserts = data["main_inserts"]
            main_ids = _reserve_ids(cursor, "cadre_registry_assignment", len(inserts))
            lines = []
            for (owner, main), pk in zip(inserts, main_ids, strict=True):
                person_id = owner["id"] if isinstance(owner, dict) else owner
                lines.append(
                    "\t".join(
                        (
                            str(pk),
                            copy_value(main.start),
                            copy_value(main.end),
                            copy_value(main.title),
                            "t",
                            str(person_id),
                            str(main.unit_id),
                            copy_value(main.position_id),
                            "",
                            "\\N",
                            "",
                        )
                    )
                )
            _copy(
                cursor,
                "cadre_registry_assignment",
                [
                    "id",
                    "start",
                    "end",
                    "title",
                    "is_main",
                    "person_id",
                    "unit_id",
                    "position_id",
                    "decision_number",
                    "decision_date",
                    "decision_authority",
                ],
                lines,
            )
            timings["assignments"] = time.perf_counter() - t0
            if progress:
                progress(int(total * 0.75), total)
            t0 = time.perf_counter()
            _analyze(cursor, "cadre_registry_person", len(new_rows) + len(updates))
            _analyze(
                cursor, "cadre_registry_assignment", len(inserts) + len(main_updates)
            )
            timings["analyze"] = time.perf_counter() - t0

            # The change history, as the rows now stand.
            t0 = time.perf_counter()
            history = {"user": user, "reason": reason, "when": now}
            _history(cursor, Person, ids, kind="+", **history)
            _history(cursor, Person, [p["id"] for p in updates], kind="~", **history)
            _history(cursor, Assignment, main_ids, kind="+", **history)
            _history(
                cursor, Assignment, [a.id for a in main_updates], kind="~", **history
            )
            timings["history"] = time.perf_counter() - t0


def _column(rows: list[tuple[int, list]], index: int) -> list:
    """The cells of one column; short rows (CSV) count as blank there."""
    try:
        return [cells[index] for _number, cells in rows]
    except IndexError:
        return [cells[index] if index < len(cells) else None for _n, cells in rows]


def _has_error(row: ParsedRow, *headers: str) -> bool:
    return bool(row.errors) and any(h in headers for h, _m in row.errors)


def _general_education(label: str):
    """ "12/12" typed into Excel becomes a date (12 December): read it back."""

    def convert(value):
        if isinstance(value, dt.date):
            return f"{value.day}/{value.month}"
        return parsing.text(value, max_length=8, label=label)

    return convert


@lru_cache(maxsize=4)
def _person_columns() -> tuple[tuple[str, ...], tuple[Any, ...]]:
    columns, defaults = [], []
    for f in Person._meta.concrete_fields:
        if f.generated:
            continue
        columns.append(f.column)
        if f.primary_key or f.null:
            defaults.append(None)
        elif f.has_default():
            defaults.append(f.get_default())
        elif isinstance(f, models.CharField | models.TextField):
            defaults.append("")
        else:
            defaults.append(None)  # filled by the import (birth date, timestamps)
    return tuple(columns), tuple(defaults)


def _person_template(now: dt.datetime) -> tuple[list[str], list[str]]:
    columns, defaults = _person_columns()
    template = [copy_value(v) for v in defaults]
    for name in ("created_at", "updated_at"):
        template[columns.index(name)] = now.isoformat()
    return list(columns), template


class _Unit:
    __slots__ = (
        "code",
        "id",
        "kind",
        "name",
        "parent_id",
        "path",
        "valid_from",
        "valid_to",
    )

    def __init__(self, pk, code, name, kind, parent_id, path, valid_from, valid_to):
        self.id = pk
        self.code = code
        self.name = name
        self.kind = kind
        self.parent_id = parent_id
        self.path = path
        self.valid_from = valid_from
        self.valid_to = valid_to


class _Units(dict):
    """Every unit by code (and by upper-cased code, for codes typed in lower case)."""

    by_id: dict[int, _Unit]

    @classmethod
    def load(cls) -> _Units:
        units = cls()
        units.by_id = {}
        upper: dict[str, list[_Unit]] = {}
        for record in Unit.objects.values_list(
            "id", "code", "name", "kind", "parent_id", "path", "valid_from", "valid_to"
        ):
            unit = _Unit(*record)
            units[unit.code] = unit
            units.by_id[unit.id] = unit
            upper.setdefault(unit.code.upper(), []).append(unit)
        for key, found in upper.items():
            if len(found) == 1:
                units.setdefault(key, found[0])
        return units


def _scope(user) -> set[int] | None:
    from cadre_registry.selectors import unit_scope_ids

    ids = unit_scope_ids(user=user)
    return None if ids is None else set(ids)


# --- Units ------------------------------------------------------------------------------------


class UnitImporter(_Importer):
    """Đơn vị keyed on Mã đơn vị; the parent by its code (in the database or earlier
    or later in the same file)."""

    keeps_parse = True  # its converters read nothing from the database

    def converter(self, column: Column):
        if column.field == "code":
            return lambda v: parsing.text(v, max_length=32, label=column.header)
        if column.field == "parent":
            return lambda v: parsing.text(v, max_length=32, label=column.header)
        return self.base_converter(column, Unit)

    def lock(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("LOCK TABLE cadre_registry_unit IN SHARE ROW EXCLUSIVE MODE")

    def resolve(self, parsed: Parsed) -> Plan:
        ix = parsed.index
        header = {c.field: c.header for c in parsed.columns}
        i_code, i_name, i_kind = ix("code"), ix("name"), ix("kind")
        i_parent, i_from, i_to = ix("parent"), ix("valid_from"), ix("valid_to")
        units = _Units.load()
        scope = _scope(self.user)
        rows = parsed.rows

        def unit_of(code: str):
            return units.get(code) or units.get(code.upper())

        first: dict[str, ParsedRow] = {}
        for row in rows:
            code = row.values[i_code]
            if not code:
                continue
            seen = first.setdefault(code.upper(), row)
            if seen is not row:
                row.error(
                    header["code"], f"Mã đơn vị {code} trùng với dòng {seen.number}."
                )

        # The tree as it will be: each code's parent code.
        final_parent: dict[str, str | None] = {}
        planned: dict[str, dict] = {}
        for row in rows:
            code = row.values[i_code]
            if not code or first.get(code.upper()) is not row:
                continue
            existing = unit_of(code)
            parent_code = row.values[i_parent] if i_parent is not None else None
            if i_parent is None and existing is not None:
                parent = units.by_id.get(existing.parent_id)
                parent_code = parent.code if parent else None
            parent_key = None
            if parent_code:
                parent_unit = unit_of(parent_code)
                if parent_unit is not None:
                    parent_key = parent_unit.code.upper()
                elif parent_code.upper() in first:
                    parent_key = parent_code.upper()
                else:
                    row.error(
                        header.get("parent", ""),
                        f"Mã đơn vị cấp trên “{parent_code}” không có trong danh mục "
                        "đơn vị hay trong tệp.",
                    )
            key = existing.code.upper() if existing else code.upper()
            final_parent[key] = parent_key
            valid_from = row.values[i_from] if i_from is not None else None
            valid_to = row.values[i_to] if i_to is not None else None
            if existing is not None:
                valid_from = valid_from if i_from is not None else existing.valid_from
                valid_to = valid_to if i_to is not None else existing.valid_to
            if valid_from and valid_to and valid_to < valid_from:
                row.error(
                    header.get("valid_to", ""),
                    f"Hiệu lực đến ({valid_to:%d/%m/%Y}) trước hiệu lực từ "
                    f"({valid_from:%d/%m/%Y}).",
                )
            planned[key] = {
                "row": row,
                "existing": existing,
                "code": existing.code if existing else code,
                "name": row.values[i_name],
                "kind": row.values[i_kind],
                "parent_key": parent_key,
                "valid_from": valid_from,
                "valid_to": valid_to,
            }

        def parent_key_of(key: str) -> str | None:
            if key in final_parent:
                return final_parent[key]
            unit = units.get(key)
            parent = units.by_id.get(unit.parent_id) if unit else None
            return parent.code.upper() if parent else None

        # Cycles, scope, and parents rejected in turn, until nothing changes.
        for key, item in planned.items():
            row, existing = item["row"], item["existing"]
            if existing is not None and scope is not None and existing.id not in scope:
                row.error(
                    header["code"],
                    f"Đơn vị {existing.code} ({existing.name}) nằm ngoài phạm vi được "
                    "giao.",
                )
                continue
            old_parent = (
                units.by_id[existing.parent_id].code.upper()
                if existing is not None and existing.parent_id
                else None
            )
            item["moved"] = existing is not None and item["parent_key"] != old_parent
            if existing is not None and not item["moved"]:
                continue
            seen, cursor_key, steps = {key}, item["parent_key"], 0
            top_existing = None
            while cursor_key is not None and steps < 1000:
                if cursor_key in seen:
                    row.error(
                        header.get("parent", ""),
                        f"Đơn vị {item['code']} sẽ nằm dưới chính nó (vòng lặp đơn vị "
                        "cấp trên).",
                    )
                    break
                seen.add(cursor_key)
                unit = units.get(cursor_key)
                if unit is not None and top_existing is None:
                    top_existing = unit
                cursor_key = parent_key_of(cursor_key)
                steps += 1
            if row.errors:
                continue
            if scope is not None:
                if top_existing is None:
                    row.error(
                        header.get("parent", header["code"]),
                        "Chỉ quản trị hệ thống được tạo đơn vị cấp cao nhất; hãy ghi "
                        "Mã đơn vị cấp trên thuộc phạm vi được giao.",
                    )
                elif top_existing.id not in scope:
                    row.error(
                        header.get("parent", header["code"]),
                        f"Đơn vị {top_existing.code} ({top_existing.name}) nằm ngoài "
                        "phạm vi được giao.",
                    )
        changed = True
        while changed:
            changed = False
            for item in planned.values():
                row = item["row"]
                if row.errors or item["parent_key"] is None:
                    continue
                parent_item = planned.get(item["parent_key"])
                if (
                    parent_item is not None
                    and parent_item["existing"] is None
                    and parent_item["row"].errors
                ):
                    row.error(
                        header.get("parent", ""),
                        f"Đơn vị cấp trên {parent_item['code']} (dòng "
                        f"{parent_item['row'].number}) bị từ chối.",
                    )
                    changed = True

        counts = {"new": 0, "updated": 0, "unchanged": 0}
        inserts, updates, moves = [], [], []
        for item in planned.values():
            row, existing = item["row"], item["existing"]
            if row.errors:
                continue
            if existing is None:
                counts["new"] += 1
                inserts.append(item)
                continue
            fields = {}
            for name in ("name", "kind"):
                if item[name] is not None and item[name] != getattr(existing, name):
                    fields[name] = item[name]
            for name in ("valid_from", "valid_to"):
                if item[name] != getattr(existing, name):
                    fields[name] = item[name]
            if item["moved"]:
                moves.append(item)
            if fields:
                updates.append((existing.id, fields))
            if fields or item["moved"]:
                counts["updated"] += 1
            else:
                counts["unchanged"] += 1
        report = self.report(parsed, counts)
        return Plan(
            report=report,
            data={
                "inserts": inserts,
                "updates": updates,
                "moves": moves,
                "units": units,
            },
        )

    def write(self, plan: Plan, progress: Progress = None) -> None:
        data = plan.data
        units: _Units = data["units"]
        inserts = data["inserts"]
        # Parents before children: order new units by their depth in the new tree.
        by_key = {item["code"].upper(): item for item in inserts}

        def depth(item, seen=0):
            parent = by_key.get(item["parent_key"]) if item["parent_key"] else None
            return 0 if parent is None or seen > 1000 else 1 + depth(parent, seen + 1)

        inserts.sort(key=depth)
        with connection.cursor() as cursor:
            ids = _reserve_ids(cursor, "cadre_registry_unit", len(inserts))
            paths: dict[str, str] = {}
            lines = []
            for item, pk in zip(inserts, ids, strict=True):
                parent_key = item["parent_key"]
                parent_id, parent_path = None, ""
                if parent_key is not None:
                    if parent_key in paths:
                        parent_id = by_key[parent_key]["id"]
                        parent_path = paths[parent_key]
                    else:
                        parent = units.get(parent_key)
                        parent_id, parent_path = parent.id, parent.path
                item["id"] = pk
                path = parent_path + f"{pk:0{services.UNIT_PATH_WIDTH}d}/"
                paths[item["code"].upper()] = path
                lines.append(
                    "\t".join(
                        copy_value(v)
                        for v in (
                            pk,
                            item["code"],
                            item["name"],
                            "",
                            item["kind"],
                            parent_id,
                            path,
                            path.count("/"),
                            0,
                            item["valid_from"],
                            item["valid_to"],
                            "",
                        )
                    )
                )
            _copy(
                cursor,
                "cadre_registry_unit",
                [
                    "id",
                    "code",
                    "name",
                    "short_name",
                    "kind",
                    "parent_id",
                    "path",
                    "depth",
                    "sort_order",
                    "valid_from",
                    "valid_to",
                    "note",
                ],
                lines,
            )
        for pk, fields in data["updates"]:
            Unit.objects.filter(pk=pk).update(**fields)
        for item in data["moves"]:
            parent_key = item["parent_key"]
            unit = Unit.objects.get(pk=item["existing"].id)
            parent = None
            if parent_key is not None:
                code = (
                    by_key[parent_key]["code"]
                    if parent_key in by_key
                    else units.get(parent_key).code
                )
                parent = Unit.objects.get(code=code)
            services.unit_move(unit=unit, new_parent=parent)
