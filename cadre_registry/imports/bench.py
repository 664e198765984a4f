"""`bench_import(rows)`: the import engine beside django-import-export and COPY.

In one run, on the same generated people (all 36 template columns, realistic
Vietnamese values, dates as Excel date cells in the XLSX and dd/mm/yyyy in the CSV):

(a) our import end to end, from XLSX and from CSV: check_file (the dry run) then
    apply_file (the confirmed import with full validation and change history), and a
    second dry run of the same file once imported (all rows unchanged);
(b) django-import-export's PersonResource (cadre_registry.resources) with its
    default settings, on at most 10,000 of the rows (its rate extrapolates);
(c) PostgreSQL COPY of the same rows, ready-made, into the person table: the
    practical limit.

Everything is written inside a transaction that is rolled back at the end (units,
user, jobs, people): the database is left as it was. Returns a dict of rows/s and
seconds; `manage.py bench` prints it and writes it to docs/benchmarks.md.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import random
import tempfile
import time
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.db import connection, transaction

from cadre_registry.resources import PEOPLE_COLUMNS

IMPORT_EXPORT_MAX_ROWS = 10_000


class _Rollback(Exception):
    pass


@contextlib.contextmanager
def _rolled_back():
    """A transaction that is always rolled back: what a bench writes is undone."""
    try:
        with transaction.atomic():
            yield
            raise _Rollback
    except _Rollback:
        pass


def _taken_national_ids() -> set[str]:
    """The national IDs already in the database (the seeded people's): the
    generated ones avoid them, so that every generated row is a new person."""
    from cadre_registry.models import Person

    return set(
        Person.objects.exclude(national_id=None).values_list("national_id", flat=True)
    )


def _people(
    rows: int, unit_codes: list[str], seed: int = 7, taken: set[str] | None = None
) -> list[dict[str, Any]]:
    """Generated people as the template's columns hold them (Python values)."""
    from cadre_registry.seeding import GIVEN_NAMES, MIDDLE_NAMES, SURNAMES

    taken = _taken_national_ids() if taken is None else taken

    rnd = random.Random(seed)
    surnames = [s for s, _w in SURNAMES]
    surname_weights = [w for _s, w in SURNAMES]
    middle = {g: [m for m, _w in MIDDLE_NAMES[g]] for g in "MF"}
    provinces = ("Hà Nội", "Nam Định", "Thanh Hóa", "Nghệ An", "Hải Phòng")
    ethnic = ("Kinh",) * 17 + ("Tày", "Thái", "Mường")
    degrees = ("Đại học",) * 6 + ("Thạc sĩ", "Thạc sĩ", "Cao đẳng", "Tiến sĩ")
    theory = ("Sơ cấp", "Trung cấp", "Trung cấp", "Cao cấp", "")
    management = ("Chuyên viên", "Chuyên viên", "Chuyên viên chính", "")
    kinds = ("Công chức",) * 5 + ("Viên chức", "Cán bộ")
    positions = ("Chuyên viên",) * 6 + ("Trưởng phòng", "Phó Trưởng phòng", "")
    people = []
    for n in range(rows):
        gender = "M" if rnd.random() < 0.55 else "F"
        year = rnd.randint(1966, 2001)
        birth = dt.date(year, rnd.randint(1, 12), rnd.randint(1, 28))
        name = " ".join(
            (
                rnd.choices(surnames, surname_weights)[0],
                rnd.choice(middle[gender]),
                rnd.choice(GIVEN_NAMES[gender]),
            )
        )
        recruited = dt.date(
            min(year + rnd.randint(22, 30), 2024), rnd.randint(1, 12), 1
        )
        joined = rnd.random() < 0.7
        party = dt.date(recruited.year + rnd.randint(1, 5), rnd.randint(1, 12), 15)
        place = rnd.choice(provinces)
        serial = n
        while True:
            national_id = (
                f"0{rnd.randint(1, 96):02d}{0 if gender == 'M' else 1}"
                f"{year % 100:02d}{serial % 1_000_000:06d}"
            )
            if national_id not in taken:
                break
            serial += rows
        people.append(
            {
                "national_id": national_id,
                "personnel_code": f"BM{n:07d}",
                "full_name": name,
                "other_names": "",
                "gender": "Nam" if gender == "M" else "Nữ",
                "birth_date": birth,
                "birthplace": f"Xã {rnd.choice(provinces)}, tỉnh {place}",
                "hometown": f"Tỉnh {place}",
                "ethnic_group": rnd.choice(ethnic),
                "religion": "Không" if rnd.random() < 0.9 else "Phật giáo",
                "national_id_issued_on": dt.date(2021, rnd.randint(1, 12), 10),
                "national_id_issued_by": "Cục Cảnh sát QLHC về TTXH",
                "social_insurance_no": f"{rnd.randint(1, 99):02d}{n:08d}",
                "permanent_address": f"Số {rnd.randint(1, 200)}, phố {name.split()[-1]}",
                "current_address": f"Số {rnd.randint(1, 200)}, đường Trần Phú",
                "phone": f"09{rnd.randint(10_000_000, 99_999_999)}",
                "email": f"bm{n}@example.gov.vn",
                "staff_kind": rnd.choice(kinds),
                "unit": rnd.choice(unit_codes),
                "unit_start": dt.date(max(recruited.year, 2010), rnd.randint(1, 12), 1),
                "position": rnd.choice(positions),
                "occupation_before": "Sinh viên",
                "recruited_on": recruited,
                "recruiting_agency": "Sở Nội vụ",
                "general_education": "12/12",
                "highest_degree": rnd.choice(degrees),
                "degree_field": "Luật",
                "academic_title": "",
                "political_theory": rnd.choice(theory),
                "state_management": rnd.choice(management),
                "foreign_languages": "Tiếng Anh B1",
                "it_level": "Ứng dụng CNTT cơ bản",
                "party_joined_on": party if joined else None,
                "party_official_on": party + dt.timedelta(days=365) if joined else None,
                "health": "Tốt",
                "left_on": None,
            }
        )
    return people


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _write_csv(path: Path, people: list[dict]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([c.header for c in PEOPLE_COLUMNS])
        for person in people:
            writer.writerow([_cell(person[c.field]) for c in PEOPLE_COLUMNS])


def _write_xlsx(path: Path, people: list[dict]) -> None:
    import xlsxwriter

    workbook = xlsxwriter.Workbook(
        str(path), {"constant_memory": True, "strings_to_numbers": False}
    )
    sheet = workbook.add_worksheet("Dữ liệu")
    dates = workbook.add_format({"num_format": "dd/mm/yyyy"})
    for index, column in enumerate(PEOPLE_COLUMNS):
        sheet.write_string(0, index, column.header)
    for number, person in enumerate(people, start=1):
        for index, column in enumerate(PEOPLE_COLUMNS):
            value = person[column.field]
            if value is None or value == "":
                continue
            if isinstance(value, dt.date):
                sheet.write_datetime(number, index, value, dates)
            else:
                sheet.write_string(number, index, value)
    workbook.close()


def _setup(unit_count: int = 60):
    """A unit tree and an administrator, inside the benchmark's transaction."""
    from cadre_registry import services
    from cadre_registry.models import Role, User

    suffix = f"{time.time_ns() % 10**8}"
    root = services.unit_create(
        code=f"BENCH{suffix}", name="Tỉnh ủy Đo thử", kind="tinh_uy"
    )
    codes = []
    for n in range(unit_count):
        unit = services.unit_create(
            code=f"B{suffix}-{n:03d}",
            name=f"Đơn vị đo thử {n}",
            kind="co_quan",
            parent=root,
        )
        codes.append(unit.code)
    user = User.objects.create(
        username=f"bench-import-{suffix}", role=Role.ADMIN, is_superuser=True
    )
    return user, codes


def _job(user, path: Path, resource: str = "people"):
    import hashlib

    from cadre_registry.models import ImportJob

    data = path.read_bytes()
    job = ImportJob(
        resource=resource,
        created_by=user,
        file_name=path.name,
        file_size=len(data),
        checksum=hashlib.sha256(data).hexdigest(),
    )
    job.file.save(f"bench/{path.name}", ContentFile(data), save=False)
    job.save()
    return job


def _check_then_apply(job, user):
    """The dry run, then the confirm, of one job, timed: (reports, seconds)."""
    from cadre_registry.imports import apply_file, cache, check_file

    try:
        t0 = time.perf_counter()
        checked = check_file(job=job, user=user)
        t1 = time.perf_counter()
        applied = apply_file(job=job, user=user)
        t2 = time.perf_counter()
    finally:
        cache.discard(job)  # the dry run's kept parse
        job.file.delete(save=False)
    return checked, applied, t1 - t0, t2 - t1


def _ours(user, path: Path, rows: int) -> dict[str, float]:
    from cadre_registry.imports import cache, check_file

    checked, applied, check_s, apply_s = _check_then_apply(_job(user, path), user)
    second = _job(user, path)
    try:
        t2 = time.perf_counter()
        again = check_file(job=second, user=user)
        t3 = time.perf_counter()
    finally:
        cache.discard(second)
        second.file.delete(save=False)
    if checked.rejected or applied.new != rows or again.unchanged != rows:
        raise RuntimeError(
            f"bench: unexpected outcome {checked.errors[:3]} {applied} {again}"
        )
    return {
        "check_s": check_s,
        "apply_s": apply_s,
        "end_to_end_s": check_s + apply_s,
        "recheck_s": t3 - t2,
        "check_rows_per_s": rows / check_s,
        "apply_rows_per_s": rows / apply_s,
        "end_to_end_rows_per_s": rows / (check_s + apply_s),
        "recheck_rows_per_s": rows / (t3 - t2),
        "apply_timings": applied.timings,
        "reused_parse": applied.reused_parse,
    }


def _import_export(people: list[dict], user) -> dict[str, float]:
    """PersonResource with its defaults, fed values in its own terms (codes, ids,
    ISO dates), so that every row imports."""
    import tablib
    from import_export import resources

    from cadre_registry.models import (
        Degree,
        EthnicGroup,
        PoliticalTheoryLevel,
        Position,
        Religion,
        StateManagementLevel,
    )
    from cadre_registry.resources import PersonResource

    class DefaultPersonResource(PersonResource):
        # The same fields, saved by django-import-export itself, row by row.
        import_data = resources.Resource.import_data

    def ids(model):
        return {name: pk for pk, name in model.objects.values_list("id", "name")}

    lookups = {
        "ethnic_group": ids(EthnicGroup),
        "religion": ids(Religion),
        "highest_degree": ids(Degree),
        "political_theory": ids(PoliticalTheoryLevel),
        "state_management": ids(StateManagementLevel),
        "position": ids(Position),
    }
    labels = {"Nam": "M", "Nữ": "F", "Công chức": "cong_chuc"}
    labels.update({"Viên chức": "vien_chuc", "Cán bộ": "can_bo"})
    resource = DefaultPersonResource()
    headers = [f.column_name for f in resource.get_import_fields()]
    by_header = {c.header: c.field for c in PEOPLE_COLUMNS}
    dataset = tablib.Dataset(headers=headers)
    for person in people:
        row = []
        for header in headers:
            name = by_header.get(header, header)
            value = person.get(name)
            if name in lookups:
                value = lookups[name].get(value)
            elif isinstance(value, dt.date):
                value = value.isoformat()
            elif value in labels and name in ("gender", "staff_kind"):
                value = labels[value]
            row.append("" if value is None else value)
        dataset.append(row)
    t0 = time.perf_counter()
    result = resource.import_data(dataset, dry_run=False, raise_errors=False)
    seconds = time.perf_counter() - t0
    failed = len(result.invalid_rows) + sum(1 for r in result.rows if r.errors)
    return {
        "rows": len(people),
        "seconds": seconds,
        "rows_per_s": len(people) / seconds,
        "failed_rows": failed,
    }


# The person table's own machinery, taken off one layer at a time inside the
# rolled-back transaction, to measure what each costs a COPY: why COPY into this
# table runs well below the reference's 30,000-50,000 rows/s into a plain table
# (../shared/PERFORMANCE.md), and so what bounds any import's absolute rate.
_NO_TRIGGERS = "ALTER TABLE cadre_registry_person DISABLE TRIGGER USER"
_NO_GENERATED = """DO $$
DECLARE c record;
BEGIN
  FOR c IN SELECT column_name FROM information_schema.columns
           WHERE table_name = 'cadre_registry_person' AND is_generated = 'ALWAYS'
  LOOP
    EXECUTE format('ALTER TABLE cadre_registry_person DROP COLUMN %I CASCADE',
                   c.column_name);
  END LOOP;
END $$"""
_NO_SECONDARY_INDEXES = """DO $$
DECLARE i record;
BEGIN
  FOR i IN SELECT indexrelid::regclass AS name FROM pg_index
           WHERE indrelid = 'cadre_registry_person'::regclass
             AND NOT indisprimary AND NOT indisunique
  LOOP
    EXECUTE 'DROP INDEX ' || i.name;
  END LOOP;
END $$"""
COPY_LAYERS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "copy_no_triggers",
        "without its triggers (search words, statistics log)",
        (_NO_TRIGGERS,),
    ),
    (
        "copy_no_generated",
        "… nor its generated folded-name columns and their indexes",
        (_NO_TRIGGERS, _NO_GENERATED),
    ),
    (
        "copy_bare",
        "… nor its other secondary indexes (keys, checks, foreign keys kept)",
        (_NO_TRIGGERS, _NO_GENERATED, _NO_SECONDARY_INDEXES),
    ),
)


def _copy(
    people: list[dict], unit_ids: dict[str, int], prepare: tuple[str, ...] = ()
) -> dict[str, float]:
    """COPY of the same people, values ready, into the person table (after the
    `prepare` statements, untimed: see COPY_LAYERS)."""
    from cadre_registry.imports.engine import _person_template, copy_value
    from cadre_registry.models import (
        Degree,
        EthnicGroup,
        PoliticalTheoryLevel,
        Religion,
        StateManagementLevel,
    )

    def ids(model):
        return {name: pk for pk, name in model.objects.values_list("id", "name")}

    lookups = {
        "ethnic_group": ids(EthnicGroup),
        "religion": ids(Religion),
        "highest_degree": ids(Degree),
        "political_theory": ids(PoliticalTheoryLevel),
        "state_management": ids(StateManagementLevel),
    }
    codes = {"Nam": "M", "Nữ": "F", "Công chức": "cong_chuc"}
    codes.update({"Viên chức": "vien_chuc", "Cán bộ": "can_bo"})
    columns, template = _person_template(dt.datetime.now(dt.UTC))
    # Ids come from the sequence, as in a plain COPY.
    keep = [i for i, c in enumerate(columns) if c != "id"]
    columns = [columns[i] for i in keep]
    template = [template[i] for i in keep]
    position = {c: i for i, c in enumerate(columns)}
    lines = []
    for person in people:
        line = template.copy()
        for column in PEOPLE_COLUMNS:
            name = column.field
            value = person[name]
            if name in ("unit_start", "position"):
                continue
            if name == "unit":
                line[position["unit_id"]] = str(unit_ids[value])
                continue
            if name in lookups:
                line[position[f"{name}_id"]] = copy_value(lookups[name].get(value))
                continue
            if name in ("gender", "staff_kind"):
                value = codes[value]
            line[position[name]] = copy_value(value)
        lines.append("\t".join(line))
    text = "\n".join(lines) + "\n"
    return _timed_copy("cadre_registry_person", columns, text, len(people), prepare)


def _timed_copy(
    table: str, columns: list[str], text: str, rows: int, prepare: tuple[str, ...] = ()
) -> dict[str, float]:
    """COPY of ready text into `table`, the deferred foreign-key checks included
    (they belong to the load's cost); `prepare` runs first, untimed."""
    names = ", ".join(f'"{c}"' for c in columns)
    with connection.cursor() as cursor:
        for statement in prepare:
            cursor.execute(statement)
        t0 = time.perf_counter()
        cursor.copy_expert(f"COPY {table} ({names}) FROM STDIN", io.StringIO(text))
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        seconds = time.perf_counter() - t0
    return {"seconds": seconds, "rows_per_s": rows / seconds}


def bench_import(rows: int = 100_000, *, log=print) -> dict[str, Any]:
    """Time (a) our import from XLSX and CSV, (b) django-import-export, (c) COPY."""
    from cadre_registry.models import Unit

    results: dict[str, Any] = {"rows": rows}
    with tempfile.TemporaryDirectory() as folder, _rolled_back():
        user, unit_codes = _setup()
        unit_ids = dict(
            Unit.objects.filter(code__in=unit_codes).values_list("code", "id")
        )
        t0 = time.perf_counter()
        people = _people(rows, unit_codes)
        xlsx, csv_path = (
            Path(folder) / "can-bo.xlsx",
            Path(folder) / "can-bo.csv",
        )
        _write_xlsx(xlsx, people)
        _write_csv(csv_path, people)
        log(f"Tạo tệp {rows:,} dòng: {time.perf_counter() - t0:.1f} s")
        results["file_mb"] = {
            "xlsx": xlsx.stat().st_size / 1e6,
            "csv": csv_path.stat().st_size / 1e6,
        }
        for name, path in (("csv", csv_path), ("xlsx", xlsx)):
            with _rolled_back():
                results[name] = _ours(user, path, rows)
            log(
                f"Nhập {name.upper()}: kiểm tra {results[name]['check_s']:.2f} s, "
                f"nhập {results[name]['apply_s']:.2f} s "
                f"({results[name]['end_to_end_rows_per_s']:,.0f} dòng/s)"
            )
        with _rolled_back():
            results["copy"] = _copy(people, unit_ids)
        log(f"COPY: {results['copy']['rows_per_s']:,.0f} dòng/s")
        for key, label, prepare in COPY_LAYERS:
            with _rolled_back():
                results[key] = _copy(people, unit_ids, prepare)
            log(f"COPY {label}: {results[key]['rows_per_s']:,.0f} dòng/s")
        sample = people[: min(rows, IMPORT_EXPORT_MAX_ROWS)]
        with _rolled_back():
            results["import_export"] = _import_export(sample, user)
        log(
            "django-import-export: "
            f"{results['import_export']['rows_per_s']:,.0f} dòng/s "
            f"({len(sample):,} dòng)"
        )
    copy_rate = results["copy"]["rows_per_s"]
    for name in ("csv", "xlsx"):
        results[name]["vs_copy"] = copy_rate / results[name]["end_to_end_rows_per_s"]
    return results


def bench_preview(rows: int = 10_000, *, repeat: int = 3, log=print) -> dict[str, Any]:
    """The dry run (check_file) of a `rows`-row XLSX file of new people: the
    preview page's wait. Median of `repeat` runs, rolled back like bench_import."""
    import statistics

    from cadre_registry.imports import cache, check_file

    samples: list[float] = []
    with tempfile.TemporaryDirectory() as folder, _rolled_back():
        user, unit_codes = _setup()
        path = Path(folder) / "xem-truoc.xlsx"
        _write_xlsx(path, _people(rows, unit_codes, seed=11))
        job = _job(user, path)
        try:
            for _ in range(repeat):
                t0 = time.perf_counter()
                report = check_file(job=job, user=user)
                samples.append(time.perf_counter() - t0)
        finally:
            cache.discard(job)
            job.file.delete(save=False)
        if report.rejected or report.new != rows:
            raise RuntimeError(f"bench: unexpected preview {report.errors[:3]}")
    seconds = statistics.median(samples)
    log(f"Xem trước {rows:,} dòng XLSX: {seconds:.2f} s")
    return {
        "rows": rows,
        "seconds": seconds,
        "samples": samples,
        "rows_per_s": rows / seconds,
    }


# --- A dated history: the salary steps of people already in the registry ----------

HISTORY_STEPS = 5  # salary rows a person in the history bench
HISTORY_GRADE = "01.003"  # Chuyên viên, in the TT 02/2021 list in force
SERVICE_MAX_ROWS = 1_000  # rows written one at a time through the service (slow)


def _salary_rows(rows: int) -> list[tuple[int, str, int, dt.date]]:
    """(person id, personnel code, step, start) for about rows // HISTORY_STEPS
    people in service, HISTORY_STEPS steps each in 2026, all new rows (a day a
    seeded row already uses is left out)."""
    from cadre_registry.models import Person, SalaryRecord

    wanted = -(-rows // HISTORY_STEPS)
    people = list(
        Person.objects.filter(left_on__isnull=True, personnel_code__isnull=False)
        .order_by("id")
        .values_list("id", "personnel_code")[: wanted + wanted // 20 + 10]
    )
    starts = [dt.date(2026, 1 + 2 * n, 17) for n in range(HISTORY_STEPS)]
    taken = set(
        SalaryRecord.objects.filter(
            person_id__in=[pk for pk, _c in people], start__in=starts
        ).values_list("person_id", "start")
    )
    out = [
        (pk, code, step, start)
        for pk, code in people
        for step, start in enumerate(starts, start=1)
        if (pk, start) not in taken
    ][:rows]
    if len(out) < rows:
        raise RuntimeError(
            f"bench: {len(people):,} people are too few for {rows:,} rows"
        )
    return out


def _write_salary_xlsx(path: Path, rows) -> None:
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet("Dữ liệu")
    dates = workbook.add_format({"num_format": "dd/mm/yyyy"})
    for index, header in enumerate(("Số hiệu cán bộ", "Mã ngạch", "Bậc", "Ngày hưởng")):
        sheet.write_string(0, index, header)
    for number, (_pk, code, step, start) in enumerate(rows, start=1):
        sheet.write_string(number, 0, code)
        sheet.write_string(number, 1, HISTORY_GRADE)
        sheet.write_number(number, 2, step)
        sheet.write_datetime(number, 3, start, dates)
    workbook.close()


def _salary_service(rows, user, grade_id: int, table: dict) -> dict[str, float]:
    """The rows one at a time through services.history_row_save, as the editors'
    form writes them (and as the import did before it wrote set-wise)."""
    from cadre_registry import services
    from cadre_registry.models import Person, SalaryRecord

    people = Person.objects.in_bulk({pk for pk, _c, _s, _d in rows})
    t0 = time.perf_counter()
    for pk, _code, step, start in rows:
        row = SalaryRecord(
            grade_id=grade_id, step=step, coefficient=table[step], start=start
        )
        services.history_row_save(person=people[pk], row=row, by=user, reason="bench")
    seconds = time.perf_counter() - t0
    return {"rows": len(rows), "seconds": seconds, "rows_per_s": len(rows) / seconds}


def _salary_copy(rows, grade_id: int, table: dict) -> dict[str, float]:
    """COPY of the same rows, written as the import writes them (every column)."""
    from cadre_registry.imports.engine import copy_value
    from cadre_registry.models import SalaryRecord

    fields = [f for f in SalaryRecord._meta.concrete_fields if not f.primary_key]
    lines = []
    for pk, _code, step, start in rows:
        record = SalaryRecord(
            person_id=pk,
            grade_id=grade_id,
            step=step,
            coefficient=table[step],
            start=start,
        )
        lines.append("\t".join(copy_value(getattr(record, f.attname)) for f in fields))
    return _timed_copy(
        SalaryRecord._meta.db_table,
        [f.column for f in fields],
        "\n".join(lines) + "\n",
        len(rows),
    )


def bench_history_import(rows: int = 100_000, *, log=print) -> dict[str, Any]:
    """A salary history of `rows` rows (HISTORY_STEPS a person, people already in
    the database) from XLSX: (a) our import, dry run then confirm (full checks,
    change history, the people's current salary refreshed); (b) the same rows one
    at a time through services.history_row_save on SERVICE_MAX_ROWS of them,
    extrapolated; (c) COPY of the same rows into the salary table. Each in a
    transaction rolled back."""
    from cadre_registry.imports.histories import _Grades
    from cadre_registry.models import GradeStep

    results: dict[str, Any] = {"rows": rows, "steps": HISTORY_STEPS}
    salary = _salary_rows(rows)
    results["people"] = len({pk for pk, _c, _s, _d in salary})
    grade_id, reason = _Grades().find(HISTORY_GRADE, salary[0][3])
    if grade_id is None:
        raise RuntimeError(f"bench: {reason}")
    table = dict(
        GradeStep.objects.filter(grade_id=grade_id).values_list("step", "coefficient")
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "qua-trinh-luong.xlsx"
        _write_salary_xlsx(path, salary)
        results["file_mb"] = path.stat().st_size / 1e6
        with _rolled_back():
            user, _codes = _setup(unit_count=1)
            checked, applied, check_s, apply_s = _check_then_apply(
                _job(user, path, resource="salaries"), user
            )
            if checked.rejected or applied.new != rows:
                raise RuntimeError(
                    f"bench: unexpected {checked.errors[:3]} {checked.lines()} "
                    f"{applied.lines()}"
                )
            results["ours"] = {
                "check_s": check_s,
                "apply_s": apply_s,
                "end_to_end_s": check_s + apply_s,
                "timings": applied.timings,
            }
    log(
        f"Nhập quá trình lương {rows:,} dòng: kiểm tra {results['ours']['check_s']:.2f}"
        f" s, nhập {results['ours']['apply_s']:.2f} s"
    )
    with _rolled_back():
        user, _codes = _setup(unit_count=1)
        results["service"] = _salary_service(
            salary[:SERVICE_MAX_ROWS], user, grade_id, table
        )
    with _rolled_back():
        results["copy"] = _salary_copy(salary, grade_id, table)
    for key in ("service", "copy"):
        log(f"{key}: {results[key]['rows_per_s']:,.0f} dòng/s")
    for name in ("check", "apply", "end_to_end"):
        results["ours"][f"{name}_rows_per_s"] = rows / results["ours"][f"{name}_s"]
    return results
