"""`manage.py seed --people N [--seed S]`: generate a province of people, fast."""

import time

from django.core.management.base import BaseCommand, CommandError

from cadre_registry.seeding import seed_people
from cadre_registry.services import refresh_current_all


class Command(BaseCommand):
    help = (
        "Tạo dữ liệu thử: một tỉnh với N cán bộ và quá trình công tác, lương, "
        "đánh giá, gia đình, đào tạo (COPY, nhanh). Chạy lại sẽ thêm một tỉnh mới."
    )

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, required=True, help="số cán bộ")
        parser.add_argument("--seed", type=int, default=1, help="hạt giống ngẫu nhiên")
        parser.add_argument("--province", default="T01", help="mã đơn vị gốc (tỉnh)")
        parser.add_argument(
            "--workers",
            type=int,
            choices=(0, 1),
            default=None,
            help="1: sinh dữ liệu trong một tiến trình riêng; 0: trong tiến trình này",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="chạy services.refresh_current_all() sau đó: phải không đổi dòng nào",
        )

    def handle(self, *args, people, seed, province, workers, check, **options):
        if people < 1:
            raise CommandError("--people phải dương.")
        result = seed_people(
            people=people,
            seed=seed,
            province_code=province,
            stdout=self.stdout,
            workers=workers,
        )
        width = max(len(table) for table in result["counts"])
        self.stdout.write("")
        for table, count in result["counts"].items():
            self.stdout.write(f"  {table:<{width}}  {count:>12,}")
        self.stdout.write(f"  {'tổng':<{width}}  {result['rows']:>12,}")
        timings = ", ".join(f"{k} {v:.1f} s" for k, v in result["timings"].items())
        self.stdout.write(
            self.style.SUCCESS(
                f"{result['people']:,} người, {result['rows']:,} dòng trong "
                f"{result['seconds']:.1f} s: {result['rows_per_second']:,.0f} dòng/s, "
                f"{result['people_per_second']:,.0f} người/s "
                f"(mã tỉnh {result['province_code']})"
            )
        )
        self.stdout.write(f"  {timings}")
        if check:
            started = time.perf_counter()
            changed = refresh_current_all()
            self.stdout.write(
                f"refresh_current_all: {changed:,} dòng thay đổi trong "
                f"{time.perf_counter() - started:.1f} s"
            )
