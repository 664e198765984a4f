"""`manage.py bench --people N [--repeat R] [--only personnel,imports,exports,training,planning,statistics,documents]`.

Personnel pages: seeds the database up to N people if it holds fewer (so a second
run reuses the data), runs VACUUM ANALYZE, measures each page beside its raw SQL.
Imports: `--import-rows` generated people from XLSX and CSV, our import beside
django-import-export and COPY (all rolled back), and the dry run of a
`--preview-rows` XLSX file. Exports: the seeded people exported to XLSX and CSV
beside XlsxWriter and `csv.writer`, and the peak memory at two sizes.
Documents: the dashboard from a snapshot, the 2C PDF and a 20-page statistical
report PDF, each beside a baseline (bench/documents.py).
Each part prints a Markdown table and writes its own section of docs/benchmarks.md.
"""

import math
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from bench import documents as documents_bench
from bench import exports as export_bench
from bench import personnel
from bench import planning as planning_bench
from bench import statistics as statistics_bench
from bench import training as training_bench
from bench.report import machine_description, markdown_table, write_section
from cadre_registry.imports import bench as import_bench
from cadre_registry.models import Person
from cadre_registry.seeding import ensure_reference_data, seed_people

DEFAULT_OUTPUT = Path(settings.BASE_DIR) / "docs" / "benchmarks.md"
PARTS = (
    "personnel",
    "imports",
    "exports",
    "training",
    "planning",
    "statistics",
    "documents",
)
IMPORT_TABLES = (  # what the import benches write (and roll back)
    "cadre_registry_person",
    "cadre_registry_historicalperson",
    "cadre_registry_personword",
    "reports_personchange",
    "cadre_registry_assignment",
    "cadre_registry_historicalassignment",
    "cadre_registry_salaryrecord",
    "cadre_registry_historicalsalaryrecord",
)
IMPORT_COPY_SHARE = 3.0  # our validated import at least 1/3 of COPY's rate
PREVIEW_GOAL_S = 2.0


def _parts(value: str) -> set[str]:
    parts = {p.strip() for p in value.split(",") if p.strip()}
    unknown = parts - set(PARTS)
    if unknown or not parts:
        raise CommandError(f"--only: chọn trong {', '.join(PARTS)}")
    return parts


def _met(value: bool | None) -> str:
    return {True: "yes", False: "**no**", None: "—"}[value]


def _ms(value: float) -> str:
    return "—" if math.isnan(value) else f"{value:.1f}"


class Command(BaseCommand):
    help = (
        "Đo thời gian trang danh sách, tìm kiếm, hồ sơ cán bộ với N người (tự tạo dữ "
        "liệu nếu thiếu) và ghi bảng kết quả vào docs/benchmarks.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=1_000_000)
        parser.add_argument("--repeat", type=int, default=30, help="lần đo mỗi trang")
        parser.add_argument("--warmup", type=int, default=3, help="lần chạy bỏ qua")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
        parser.add_argument("--no-write", action="store_true", help="chỉ in bảng")
        parser.add_argument(
            "--no-vacuum", action="store_true", help="bỏ VACUUM ANALYZE"
        )
        parser.add_argument(
            "--only",
            type=_parts,
            default=set(PARTS),
            help="các phần cần đo, phân cách bằng dấu phẩy: " + ",".join(PARTS),
        )
        parser.add_argument(
            "--import-rows", type=int, default=100_000, help="số dòng tệp nhập"
        )
        parser.add_argument(
            "--history-rows",
            type=int,
            default=100_000,
            help="số dòng tệp nhập quá trình lương",
        )
        parser.add_argument(
            "--preview-rows",
            type=int,
            default=10_000,
            help="số dòng tệp XLSX đo bước kiểm tra (xem trước)",
        )
        parser.add_argument(
            "--export-repeat", type=int, default=3, help="lần đo mỗi cách xuất"
        )
        # The export figures are for 100,000 rows; tracing the memory of a
        # million-row export alone takes most of an hour.
        parser.add_argument(
            "--export-rows", type=int, default=100_000, help="số dòng xuất"
        )

    def handle(
        self,
        *args,
        people,
        repeat,
        warmup,
        seed,
        output,
        no_write,
        no_vacuum,
        only,
        import_rows,
        history_rows,
        preview_rows,
        export_repeat,
        export_rows,
        **options,
    ):
        if people < 1 or repeat < 1 or warmup < 0:
            raise CommandError("--people và --repeat phải dương, --warmup không âm.")
        if min(import_rows, history_rows, preview_rows, export_repeat, export_rows) < 1:
            raise CommandError(
                "--import-rows, --history-rows, --preview-rows, --export-repeat, "
                "--export-rows phải dương."
            )
        parts = set(only)
        self.missed: list[str] = []
        seeded = None
        if parts & {"personnel", "exports"}:
            seeded = self._prepare(people=people, seed=seed, no_vacuum=no_vacuum)
        if "personnel" in parts:
            self._personnel(repeat, warmup, seeded, output, no_write)
        # Exports before imports: they read the people table right after VACUUM,
        # before the imports' rolled-back rows leave dead tuples in it.
        if "exports" in parts:
            self._exports(export_repeat, export_rows, output, no_write)
        if "imports" in parts:
            self._imports(
                import_rows, preview_rows, history_rows, output, no_write, no_vacuum
            )
        if "training" in parts:
            if seeded is None and not parts & {"personnel", "exports"}:
                self._prepare(people=people, seed=seed, no_vacuum=True)
            self._training(repeat, warmup, seed, output, no_write)
        if "planning" in parts:
            if seeded is None and not parts & {"personnel", "exports", "training"}:
                self._prepare(people=people, seed=seed, no_vacuum=True)
            self._planning(repeat, warmup, seed, output, no_write)
        if "statistics" in parts:
            if seeded is None and not parts & {
                "personnel",
                "exports",
                "training",
                "planning",
            }:
                self._prepare(people=people, seed=seed, no_vacuum=True)
            self._statistics(repeat, warmup, output, no_write)
        if "documents" in parts:
            if seeded is None and not parts & {
                "personnel",
                "exports",
                "training",
                "planning",
                "statistics",
            }:
                self._prepare(people=people, seed=seed, no_vacuum=True)
            self._documents(repeat, warmup, output, no_write)
        if self.missed:
            self.stdout.write(self.style.WARNING("Chưa đạt: " + "; ".join(self.missed)))
        else:
            self.stdout.write(self.style.SUCCESS("Mọi mục tiêu đều đạt."))

    def _prepare(self, *, people: int, seed: int, no_vacuum: bool) -> dict | None:
        ensure_reference_data()
        existing = Person.objects.count()
        seeded = None
        if existing < people:
            self.stdout.write(f"Có {existing:,} người; tạo thêm {people - existing:,}…")
            seeded = seed_people(
                people=people - existing, seed=seed + existing, stdout=self.stdout
            )
            self.stdout.write(
                f"Tạo dữ liệu: {seeded['rows']:,} dòng trong {seeded['seconds']:.0f} s "
                f"({seeded['rows_per_second']:,.0f} dòng/s)"
            )
        if not no_vacuum:
            started = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
            self.stdout.write(f"VACUUM ANALYZE: {time.perf_counter() - started:.1f} s")
        return seeded

    def _personnel(self, repeat, warmup, seeded, output, no_write) -> None:
        self.stdout.write(f"Đo {repeat} lần mỗi trang sau {warmup} lần khởi động:")
        results, facts = personnel.run(
            repeat=repeat, warmup=warmup, log=self.stdout.write
        )
        table = self._table(results)
        self.stdout.write("")
        self.stdout.write(table)
        self.missed += [r.label for r in results if r.met is False]
        if not no_write:
            write_section(
                output, "personnel", self._section(table, facts, repeat, warmup, seeded)
            )
            self.stdout.write(f"Đã ghi {output}")

    @staticmethod
    def _table(results: list[personnel.Result]) -> str:
        rows = []
        for r in results:
            page_median = r.page.median if r.page else math.nan
            ratio = page_median / r.raw.median if r.page and r.raw.median else math.nan
            rows.append(
                [
                    r.label,
                    _ms(page_median),
                    _ms(r.page.p95 if r.page else math.nan),
                    _ms(r.raw.median),
                    "—" if math.isnan(ratio) else f"{ratio:.1f}×",
                    "—" if r.queries is None else str(r.queries),
                    r.goal or "—",
                    {True: "yes", False: "**no**", None: "—"}[r.met],
                ]
            )
        return markdown_table(
            [
                "case",
                "page median ms",
                "page p95 ms",
                "raw SQL median ms",
                "ratio",
                "queries",
                "goal",
                "met",
            ],
            rows,
        )

    @staticmethod
    def _section(
        table: str, facts: dict, repeat: int, warmup: int, seeded: dict | None
    ) -> str:
        district = facts["district"]
        lines = [
            "## Personnel list, search and detail pages",
            "",
            f"Run on {time.strftime('%Y-%m-%d')}: {machine_description()}. "
            f"{facts['people']:,} people in service; the organizer's units cover "
            f'"{district.name}" ({facts["district_units"]:,} units, '
            f"{facts['district_people']:,} people). Median and p95 of {repeat} requests "
            f"after {warmup} warm-up ones, each beside its raw SQL (the same queries "
            "with a cursor: unit ids, the keyset page of 51 rows with the list's joins, "
            "and the COUNT, capped as the page caps it; for the detail page the person "
            "row and its 11 histories).",
            "",
            table,
        ]
        if seeded:
            lines += [
                "",
                f"Seeding for this run: {seeded['people']:,} people, {seeded['rows']:,} rows "
                f"in {seeded['seconds']:.0f} s ({seeded['rows_per_second']:,.0f} rows/s).",
            ]
        return "\n".join(lines)

    # --- Imports ---------------------------------------------------------------------

    def _imports(
        self,
        rows: int,
        preview_rows: int,
        history_rows: int,
        output,
        no_write,
        no_vacuum,
    ) -> None:
        # The rows every import bench writes are rolled back, and leave dead tuples
        # in the tables and their indexes: without this a second run is slower.
        if not no_vacuum:
            started = time.perf_counter()
            with connection.cursor() as cursor:
                for table in IMPORT_TABLES:
                    cursor.execute(f"VACUUM ANALYZE {table}")
            elapsed = time.perf_counter() - started
            self.stdout.write(f"VACUUM ANALYZE: {elapsed:.1f} s")
        self.stdout.write(
            f"Đo nhập {rows:,} dòng (XLSX, CSV, django-import-export, COPY):"
        )
        results = import_bench.bench_import(rows, log=self.stdout.write)
        preview = import_bench.bench_preview(preview_rows, log=self.stdout.write)
        table, missed = self._import_table(results, preview)
        self.missed += missed
        self.stdout.write("")
        self.stdout.write(table)
        if not no_write:
            write_section(output, "imports", self._import_section(table, results))
            self.stdout.write(f"Đã ghi {output}")
        self.stdout.write(f"Đo nhập quá trình lương {history_rows:,} dòng:")
        history = import_bench.bench_history_import(history_rows, log=self.stdout.write)
        table = self._history_import_table(history)
        self.stdout.write("")
        self.stdout.write(table)
        if not no_write:
            write_section(
                output, "history_imports", self._history_import_section(table, history)
            )
            self.stdout.write(f"Đã ghi {output}")

    @staticmethod
    def _history_import_table(results: dict) -> str:
        rows, copy, ours = results["rows"], results["copy"], results["ours"]
        service = results["service"]
        lines = [
            [
                "(c) PostgreSQL COPY of the ready rows",
                f"{copy['seconds']:.2f}",
                f"{copy['rows_per_s']:,.0f}",
                "1.0×",
            ]
        ]
        for key, label in (
            ("end_to_end", "dry run + confirmed import"),
            ("apply", "confirmed import after it (validate, write, refresh)"),
            ("check", "dry run (read, validate)"),
        ):
            rate = ours[f"{key}_rows_per_s"]
            lines.append(
                [
                    f"(a) ours, XLSX: {label}",
                    f"{ours[f'{key}_s']:.2f}",
                    f"{rate:,.0f}",
                    f"{copy['rows_per_s'] / rate:.1f}×",
                ]
            )
        lines.append(
            [
                f"(b) one row at a time through services.history_row_save "
                f"({service['rows']:,} rows, extrapolated to {rows:,})",
                f"{rows / service['rows_per_s']:.1f}",
                f"{service['rows_per_s']:,.0f}",
                f"{copy['rows_per_s'] / service['rows_per_s']:.1f}×",
            ]
        )
        return markdown_table(["method", "seconds", "rows/s", "vs COPY (time)"], lines)

    @staticmethod
    def _history_import_section(table: str, results: dict) -> str:
        steps = ", ".join(
            f"{k} {v:.2f} s"
            for k, v in results["ours"]["timings"].items()
            if isinstance(v, float)
        )
        return "\n".join(
            [
                "## Spreadsheet import of a dated history (salary steps)",
                "",
                f"Run on {time.strftime('%Y-%m-%d')}: {machine_description()}. "
                f"{results['rows']:,} new salary rows (*Quá trình lương*: "
                f"{results['steps']} steps in 2026 for each of {results['people']:,} "
                "people already in the registry, by personnel code, grade "
                f"{import_bench.HISTORY_GRADE}, the coefficient taken from the grade's "
                f"table; XLSX {results['file_mb']:.1f} MB), each method inside a "
                "transaction rolled back afterwards (`cadre_registry.imports.bench`). "
                "(a) is `check_file` then `apply_file` of the salary kind: every row "
                "checked (person and scope, grade in the list in force on the date, "
                "step in the grade's table, keys in the file and the database), "
                "written set-wise with its change history and the people's current "
                "salary refreshed; (b) the editors' one-row service, which the import "
                "called for each row before it wrote set-wise; (c) COPY of the same "
                "rows into the salary table, foreign keys checked. No goal is set "
                "for histories; the issue's are for people (above).",
                "",
                table,
                "",
                f"Steps of the confirmed import: {steps}.",
            ]
        )

    @staticmethod
    def _import_table(results: dict, preview: dict) -> tuple[str, list[str]]:
        rows = results["rows"]
        copy = results["copy"]
        copy_rate = copy["rows_per_s"]
        missed: list[str] = []
        lines = [
            [
                "(c) PostgreSQL COPY of the ready rows",
                f"{copy['seconds']:.2f}",
                f"{copy_rate:,.0f}",
                "1.0×",
                "baseline",
                "—",
            ]
        ]
        for key, label, _prepare in import_bench.COPY_LAYERS:
            layer = results[key]
            lines.append(
                [
                    f"(c) COPY, person table {label}",
                    f"{layer['seconds']:.2f}",
                    f"{layer['rows_per_s']:,.0f}",
                    f"{layer['seconds'] / copy['seconds']:.2f}×",
                    "—",
                    "—",
                ]
            )
        share = f"≥ 1/{IMPORT_COPY_SHARE:.0f} of COPY's rate"
        for name in ("xlsx", "csv"):
            ours = results[name]
            for key, label, goal in (
                ("apply", "confirmed import after it (validate, write)", share),
                ("end_to_end", "dry run + confirmed import", share),
                ("check", "dry run (read, validate)", ""),
                ("recheck", "dry run of the imported file (all unchanged)", ""),
            ):
                rate = ours[f"{key}_rows_per_s"]
                ratio = copy_rate / rate
                met = ratio <= IMPORT_COPY_SHARE if goal else None
                label = f"(a) ours, {name.upper()}: {label}"
                if met is False:
                    missed.append(label)
                lines.append(
                    [
                        label,
                        f"{ours[f'{key}_s']:.2f}",
                        f"{rate:,.0f}",
                        f"{ratio:.1f}×",
                        goal or "—",
                        _met(met),
                    ]
                )
        ie = results["import_export"]
        lines.append(
            [
                f"(b) django-import-export, defaults ({ie['rows']:,} rows, "
                f"extrapolated to {rows:,})",
                f"{rows / ie['rows_per_s']:.1f}",
                f"{ie['rows_per_s']:,.0f}",
                f"{copy_rate / ie['rows_per_s']:.1f}×",
                "—",
                "—",
            ]
        )
        preview_met = preview["seconds"] < PREVIEW_GOAL_S
        label = f"dry run (preview) of a {preview['rows']:,}-row XLSX file"
        if not preview_met:
            missed.append(label)
        lines.append(
            [
                label,
                f"{preview['seconds']:.2f}",
                f"{preview['rows_per_s']:,.0f}",
                f"{copy_rate / preview['rows_per_s']:.1f}×",
                f"< {PREVIEW_GOAL_S:.0f} s",
                _met(preview_met),
            ]
        )
        table = markdown_table(
            ["method", "seconds", "rows/s", "vs COPY (time)", "goal", "met"], lines
        )
        return table, missed

    @staticmethod
    def _import_section(table: str, results: dict) -> str:
        rows = results["rows"]
        sizes = results["file_mb"]
        ie = results["import_export"]
        steps = ", ".join(
            f"{k} {v:.2f} s"
            for k, v in results["xlsx"]["apply_timings"].items()
            if isinstance(v, float)
        )
        if results["xlsx"].get("reused_parse"):
            steps += " (the dry run's parse reused)"
        return "\n".join(
            [
                "## Spreadsheet import",
                "",
                f"Run on {time.strftime('%Y-%m-%d')}: {machine_description()}. "
                f"{rows:,} generated new people (all 36 template columns; XLSX "
                f"{sizes['xlsx']:.1f} MB, CSV {sizes['csv']:.1f} MB), each method inside "
                "a transaction rolled back afterwards "
                "(`cadre_registry.imports.bench`). (a) is `check_file` (the dry run) "
                "and `apply_file` (the confirmed import: the dry run's parse reused "
                "when the file, code lists and user are the same, every row validated "
                "again against the database under a lock, then written with COPY, "
                "change history included; the end-to-end row is the two together); "
                "(b) `PersonResource` with django-import-export's defaults on the first "
                f"{ie['rows']:,} rows ({ie['failed_rows']} failed), its time scaled to "
                f"{rows:,}; (c) COPY of the same rows already converted, foreign keys "
                "checked: the practical limit. The ratio is time against COPY's. "
                "The three (c) rows after it repeat that COPY with the person table's "
                "own machinery taken off in turn, inside the rolled-back transaction "
                "(triggers; then the generated folded-name columns the search and "
                "the name order read, with their indexes; then the other secondary "
                "indexes): what each layer costs every writer of the table, and why "
                "COPY into it runs below the 30,000-50,000 rows/s of a plain table.",
                "",
                table,
                "",
                f"Steps of the confirmed XLSX import: {steps}.",
            ]
        )

    # --- Training --------------------------------------------------------------------

    def _training(self, repeat, warmup, seed, output, no_write) -> None:
        self.stdout.write("Đào tạo: dữ liệu lớp và học viên (COPY, bỏ qua nếu đã có):")
        seeded = training_bench.seed(seed=seed, log=self.stdout.write)
        # Writes are slower than reads: at most 10 rounds of each.
        rounds = min(repeat, 10)
        self.stdout.write(
            f"Đo {rounds} lần mỗi mục sau {min(warmup, 2)} lần khởi động:"
        )
        results, facts = training_bench.run(
            repeat=rounds, warmup=min(warmup, 2), log=self.stdout.write
        )
        table = self._results_table(results)
        self.stdout.write("")
        self.stdout.write(table)
        if not no_write:
            write_section(
                output,
                "training",
                self._training_section(table, facts, seeded, rounds, min(warmup, 2)),
            )
            self.stdout.write(f"Đã ghi {output}")

    @staticmethod
    def _training_section(table, facts, seeded, repeat, warmup) -> str:
        lines = [
            "## Training: nominations, results and statistics",
            "",
            f"Run on {time.strftime('%Y-%m-%d')}: {machine_description()}. "
            f"{facts['people']:,} people in service, {facts['classes']:,} classes and "
            f"{facts['enrolments']:,} enrolments ({facts['year_enrolments']:,} in "
            f"classes opened in {training_bench.STATS_YEAR}), seeded by "
            "`bench/training.py` with COPY (about three enrolments a person over "
            f"{training_bench.YEARS[0]}–{training_bench.YEARS[-1]}). (a) and (b) run "
            "the services as the pages call them, each inside a transaction rolled "
            "back afterwards: 200 people nominated to a new full-time class "
            "(opened in the same timed step) in one step (locks, duplicate, capacity and overlap checks, warnings, rows and "
            "their history), and the results of a 200-learner class recorded at once "
            "(all completed: qualifications raised, 2C training rows added, history "
            "written); the class and nominations of (b) are made untimed in the same "
            "transaction. (c) is `training.statistics.training_statistics` for the "
            "year as of 31 December (three aggregate queries, plus the course types, "
            "the unit levels and the leaders of the date), "
            "beside the same aggregates written as raw SQL (a unit-level CTE joined "
            "instead of IN subqueries) run with a cursor, in turn; the organizer's "
            f"scope is “{facts['district']}”. Median and p95 of {repeat} runs after "
            f"{warmup} warm-up ones.",
            "",
            table,
        ]
        if seeded and not seeded.get("skipped"):
            lines += [
                "",
                f"Seeding for this run: {seeded['classes']:,} classes and "
                f"{seeded['enrolments']:,} enrolments in {seeded['seconds']:.0f} s.",
            ]
        return "\n".join(lines)

    def _results_table(self, results) -> str:
        """The table of a part whose results carry a timing, an optional raw-SQL
        timing, a query count and a goal (training, planning); misses are noted."""
        rows = []
        for r in results:
            raw = r.raw.median if r.raw else math.nan
            rows.append(
                [
                    r.label,
                    _ms(r.timing.median),
                    _ms(r.timing.p95),
                    _ms(raw),
                    "—" if math.isnan(raw) else f"{r.timing.median / raw:.2f}×",
                    "—" if r.queries is None else str(r.queries),
                    r.goal or "—",
                    _met(r.met),
                ]
            )
            if r.met is False:
                self.missed.append(r.label)
        return markdown_table(
            [
                "case",
                "median ms",
                "p95 ms",
                "raw SQL median ms",
                "ratio",
                "queries",
                "goal",
                "met",
            ],
            rows,
        )

    # --- Planning --------------------------------------------------------------------

    def _planning(self, repeat, warmup, seed, output, no_write) -> None:
        self.stdout.write("Quy hoạch: một nhiệm kỳ 500 chức danh, 1.500 ứng viên:")
        seeded = planning_bench.seed(seed=seed, log=self.stdout.write)
        self.stdout.write(f"Đo {repeat} lần sau {warmup} lần khởi động:")
        results, facts = planning_bench.run(
            repeat=repeat, warmup=warmup, log=self.stdout.write
        )
        table = self._results_table(results)
        self.stdout.write("")
        self.stdout.write(table)
        if not no_write:
            lines = [
                "## Planning: the board of a term",
                "",
                f"Run on {time.strftime('%Y-%m-%d')}: {machine_description()}. "
                f"{facts['people']:,} people in service; a term of {facts['posts']:,} "
                f"planned posts with {facts['candidates']:,} live candidates, seeded "
                "by `bench/planning.py`. The page is GET /quy-hoach/nhiem-ky/<pk>/ "
                "as an administrator (the whole province), view and template, "
                f"{facts['kilobytes']:,.0f} KB of HTML showing every candidate; the "
                "raw SQL is one statement reading the same posts, candidates, their last "
                f"three evaluations and standards ({facts['raw_rows']:,} rows), run in turn with the page. "
                f"Median and p95 of {repeat} runs after {warmup} warm-up ones.",
                "",
                table,
            ]
            if seeded and not seeded.get("skipped"):
                lines += [
                    "",
                    f"Seeding for this run: {seeded['posts']:,} posts and "
                    f"{seeded['entries']:,} entries in {seeded['seconds']:.1f} s.",
                ]
            write_section(output, "planning", "\n".join(lines))
            self.stdout.write(f"Đã ghi {output}")

    def _statistics(self, repeat, warmup, output, no_write) -> None:
        self.stdout.write(
            f"Thống kê tại {statistics_bench.ON:%d/%m/%Y}: đo {repeat} lần sau "
            f"{warmup} lần khởi động:"
        )
        results, facts = statistics_bench.run(
            repeat=repeat, warmup=warmup, log=self.stdout.write, keep=not no_write
        )
        table = self._results_table(results)
        self.stdout.write("")
        self.stdout.write(table)
        for label, keys in facts["mismatches"]:
            self.stdout.write(self.style.ERROR(f"Lệch số liệu ({label}): {keys}"))
            self.missed.append(f"số liệu lệch: {label}")
        if not no_write:
            lines = [
                "## Statistics: personnel figures as of a date",
                "",
                f"Run on {time.strftime('%Y-%m-%d')}: {machine_description()}. "
                "`reports.statistics.personnel_statistics` as an administrator, as of "
                f"{facts['on']:%d/%m/%Y} (a past date, so units, grades and levels "
                "are read back from the dated histories), for the whole province and "
                f"for {facts['district']} ({facts['district_people']:,} people "
                "today), each beside one hand-written SQL statement of the headline "
                "figures (`bench/statistics.py`), run in turn; both gave the same "
                "figures. First live (nothing kept: the histories are read back), "
                "then with the date's figures kept (`reports/state.py`: one row per "
                f"person in service, {facts.get('kept_people', 0):,} rows, built once "
                "and timed once), beside the same hand-written SQL and beside a "
                "hand-written aggregate over the kept rows; last, the first read of "
                f"the province after {statistics_bench.CHANGED:,} people were changed "
                "(the read recomputes their rows: 4 samples, each after a new change). "
                f"Median and p95 of {repeat} runs after {warmup} warm-up ones.",
                "",
                table,
            ]
            write_section(output, "statistics", "\n".join(lines))
            self.stdout.write(f"Đã ghi {output}")

    def _documents(self, repeat, warmup, output, no_write) -> None:
        self.stdout.write(
            f"Tài liệu (issue 6): bảng điều khiển, Mẫu 2C, báo cáo thống kê; đo "
            f"{repeat} lần sau {warmup} lần khởi động:"
        )
        results, facts = documents_bench.run(
            repeat=repeat, warmup=warmup, log=self.stdout.write
        )
        table = self._results_table(results)
        self.stdout.write("")
        self.stdout.write(table)
        if not no_write:
            lines = [
                "## Documents: the dashboard from a snapshot, the 2C PDF, the report PDF",
                "",
                f"Run on {time.strftime('%Y-%m-%d')}: {machine_description()}. "
                f"{facts['people']:,} people in service. Each document through its "
                "real view (`bench/documents.py`), timed in turn with its baseline: "
                "(a) the province's dashboard as of "
                f"{facts['on']:%d/%m/%Y}, read from the snapshot of that date "
                f"({facts['dashboard_kb']:,.0f} KB of HTML; the live parts load on "
                "their own), beside the SQL reading the stored figures; (b) the Mẫu "
                "2C résumé beside the SQL of the person and their histories; (c) the "
                f"statistical report of the province's snapshot ({facts['report_pages']} "
                f"pages, {facts['report_kb']:,.0f} KB: {len(facts['tables'])} tables, "
                "the dashboard's charts, notes and an annex of "
                f"{facts['annexes']} child units' snapshots), drawn from the stored "
                "figures on each request, beside reportlab's LongTable laying out "
                f"the same {facts['cells']:,} cells in DejaVu Sans "
                f"({facts['plain_pages']} pages). Median and p95 after {warmup} "
                f"warm-up runs ({repeat} runs; at most 10 for the report).",
                "",
                table,
            ]
            write_section(output, "documents", "\n".join(lines))
            self.stdout.write(f"Đã ghi {output}")

    # --- Exports ---------------------------------------------------------------------

    def _exports(self, repeat: int, rows: int, output, no_write) -> None:
        self.stdout.write("Đo xuất XLSX và CSV:")
        results, facts = export_bench.run(
            repeat=repeat, rows=rows, log=self.stdout.write
        )
        table, missed = self._export_table(results, facts)
        self.missed += missed
        self.stdout.write("")
        self.stdout.write(table)
        if not no_write:
            write_section(output, "exports", self._export_section(table, facts, repeat))
            self.stdout.write(f"Đã ghi {output}")

    @staticmethod
    def _export_table(
        results: list[export_bench.Result], facts: dict
    ) -> tuple[str, list[str]]:
        by_label = {r.label: r for r in results}
        lines, missed = [], []
        for r in results:
            seconds = r.timing.median / 1000
            ratio, met, goal = math.nan, None, "baseline"
            if r.baseline:
                base = by_label[r.baseline].timing.median / 1000
                ratio = seconds / base
                met = ratio <= r.goal
                goal = f"≤ {r.goal:g}× {r.baseline}"
                if not met:
                    missed.append(r.label)
            lines.append(
                [
                    r.label,
                    f"{seconds:.2f}",
                    f"{r.rows / seconds:,.0f}",
                    "1.0×" if not r.baseline else f"{ratio:.2f}×",
                    goal,
                    _met(met),
                    f"{r.file_mb:.1f}",
                ]
            )
        small, total = facts["small"], facts["people"]
        flat = export_bench.MEMORY_FLAT_RATIO
        for fmt, peaks in facts["memory"].items():
            grown = peaks[total] / peaks[small]
            met = grown <= flat
            label = f"our {fmt.upper()} export: peak memory, {small:,} → {total:,} rows"
            if not met:
                missed.append(label)
            lines.append(
                [
                    label,
                    "—",
                    "—",
                    f"{peaks[small]:.1f} → {peaks[total]:.1f} MB ({grown:.2f}×)",
                    f"≤ {flat:g}× for {total / small:.0f}× the rows",
                    _met(met),
                    "—",
                ]
            )
        table = markdown_table(
            ["method", "seconds", "rows/s", "ratio", "goal", "met", "file MB"], lines
        )
        return table, missed

    @staticmethod
    def _export_section(table: str, facts: dict, repeat: int) -> str:
        return "\n".join(
            [
                "## Spreadsheet export",
                "",
                f"Run on {time.strftime('%Y-%m-%d')}: {machine_description()}. "
                f"{facts['people']:,} people in service, the export view's query for "
                "an administrator with no filter (`bench/exports.py`). Ours is "
                "`exports.people_rows` into `exports.write_xlsx`, or into "
                "`exports.csv_stream` written to a file: the code the view and the "
                "background job run. The baselines read the same query's rows and "
                "columns (values as the database returns them) and write them with "
                "XlsxWriter in constant-memory mode, or with `csv.writer`. Median of "
                f"{repeat} runs taken in turn. Peak memory is the Python heap traced by "
                "`tracemalloc` in separate, untimed runs.",
                "",
                table,
            ]
        )
