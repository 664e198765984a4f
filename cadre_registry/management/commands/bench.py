"""`manage.py bench --people N [--repeat R]`: time the personnel pages at scale.

Seeds the database up to N people if it holds fewer (so a second run reuses the
data), runs VACUUM ANALYZE, measures each page beside its raw SQL, prints a
Markdown table and writes it into docs/benchmarks.md.
"""

import math
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from bench import personnel
from bench.report import machine_description, markdown_table, write_section
from cadre_registry.models import Person
from cadre_registry.seeding import ensure_reference_data, seed_people

DEFAULT_OUTPUT = Path(settings.BASE_DIR) / "docs" / "benchmarks.md"


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
        **options,
    ):
        if people < 1 or repeat < 1 or warmup < 0:
            raise CommandError("--people và --repeat phải dương, --warmup không âm.")
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

        self.stdout.write(f"Đo {repeat} lần mỗi trang sau {warmup} lần khởi động:")
        results, facts = personnel.run(
            repeat=repeat, warmup=warmup, log=self.stdout.write
        )
        table = self._table(results)
        self.stdout.write("")
        self.stdout.write(table)
        missed = [r.label for r in results if r.met is False]
        if missed:
            self.stdout.write(self.style.WARNING("Chưa đạt: " + "; ".join(missed)))
        else:
            self.stdout.write(self.style.SUCCESS("Mọi mục tiêu đều đạt."))
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
