"""The documents of issue 6, each timed through its real view (Django's test
client, logged in) and beside a baseline in the same run:

(a) the leaders' dashboard of the province from its snapshot of `ON` (GET
    /thong-ke/bang-dieu-khien/<root>/?on=…, as a leader of the province), beside
    the raw SQL that reads the snapshot's stored figures: goal under 100 ms;
(b) the Mẫu 2C résumé PDF of a person with every history (GET
    /can-bo/<pk>/so-yeu-ly-lich.pdf, as an administrator), beside the raw SQL of
    the same rows: goal under 300 ms;
(c) the statistical report PDF of a snapshot of at least 20 pages (GET
    /thong-ke/ky-so-lieu/<pk>/bao-cao.pdf, as its owner): the province with every
    table the database accepts, and the annex of its child units' snapshots of the
    same date (children are added one by one until the report has 20 pages),
    beside reportlab laying out a plain table document with the same number of
    cells: goal under 3 s.

Seeding is idempotent: the definitions carry `NAME`, and snapshot_make finds the
snapshots of `ON` made by an earlier run (a new run computes nothing)."""

from __future__ import annotations

import datetime as dt
import io
import re
import time
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, connection, transaction
from reportlab.lib.pagesizes import A4
from reportlab.platypus import LongTable, SimpleDocTemplate, TableStyle

from bench.personnel import _client, _detail_raw, _page, _query_count, bench_user
from bench.timing import measure_side_by_side
from bench.training import BenchResult
from cadre_registry.models import Person, Role, Unit
from reports import pdf, report_pdf, services
from reports.models import Period, ReportDefinition, Snapshot
from reports.snapshot_report import snapshot_report_data
from reports.snapshot_selectors import snapshot_get
from reports.tables import BIEU10, PERSONNEL, TABLES

ON = dt.date(2025, 12, 31)
NAME = "Báo cáo thống kê (dữ liệu đo)"
PAGES = 20
DASHBOARD_GOAL_MS = 100.0
RESUME_GOAL_MS = 300.0
REPORT_GOAL_MS = 3000.0


def page_count(content: bytes) -> int:
    """The pages of a PDF reportlab wrote (its page objects)."""
    return len(re.findall(rb"/Type /Page[^s]", content))


def _definition(*, admin, unit: Unit, name: str, tables: list[str]):
    found = ReportDefinition.objects.filter(name=name).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return services.definition_create(
                by=admin,
                name=name,
                tables=tables,
                period=Period.DATE,
                fixed_date=ON,
                owner=admin,
                unit=unit,
            )
    except IntegrityError:
        # The database's list of tables is older than the code's (a migration
        # not applied yet): the tables every database knows.
        return services.definition_create(
            by=admin,
            name=name,
            tables=[PERSONNEL, BIEU10],
            period=Period.DATE,
            fixed_date=ON,
            owner=admin,
            unit=unit,
        )


def _make(definition, admin, log) -> Snapshot:
    started = time.perf_counter()
    made = services.snapshot_make(definition=definition, on=ON, by=admin)
    if made.created:
        log(
            f"    lập kỳ số liệu “{definition.name}”: {time.perf_counter() - started:.1f} s"
        )
    return made.snapshot


def _render(snapshot: Snapshot, admin) -> bytes:
    snapshot = snapshot_get(user=admin, pk=snapshot.pk)
    printed = pdf.PrintInfo(printed_by="bench", printed_at=snapshot.made_at)
    return report_pdf.build_report_pdf(
        snapshot_report_data(snapshot=snapshot), printed=printed
    )


def seed_report(*, admin, log: Callable[[str], None] = print) -> dict[str, Any]:
    """The province's snapshot of ON with every table, then its children's (in
    the tree's order) until its report has PAGES pages."""
    started = time.perf_counter()
    root = Unit.objects.filter(parent__isnull=True).order_by("path").first()
    province = _make(
        _definition(admin=admin, unit=root, name=NAME, tables=list(TABLES)),
        admin,
        log,
    )
    pages = page_count(_render(province, admin))
    children = list(root.children.order_by("sort_order", "path"))
    for child in children:
        if pages >= PAGES:
            break
        definition = _definition(
            admin=admin, unit=child, name=f"{NAME}: {child.name}", tables=[PERSONNEL]
        )
        _make(definition, admin, log)
        pages = page_count(_render(province, admin))
    # Every child snapshot of the date is in the annex, an earlier run's too.
    annexes = len(
        snapshot_report_data(snapshot=snapshot_get(user=admin, pk=province.pk)).annexes
    )
    log(f"    báo cáo {pages} trang, phụ lục {annexes} đơn vị")
    return {
        "snapshot": province,
        "root": root,
        "pages": pages,
        "annexes": annexes,
        "tables": list(province.definition.tables),
        "seconds": time.perf_counter() - started,
    }


# --- The baselines --------------------------------------------------------------------


def _cells(flowables) -> int:
    """The table cells among reportlab flowables (pdf.PagedTable, Table)."""
    count = 0
    for flowable in flowables:
        rows = getattr(flowable, "_rows", None)  # PagedTable
        if rows is None:
            rows = getattr(flowable, "_cellvalues", None)  # Table
        if rows:
            count += sum(len(row) for row in rows)
        count += _cells(getattr(flowable, "_content", []) or [])  # KeepTogether
    return count


def report_cells(snapshot: Snapshot, admin) -> int:
    """The cells of the report's tables (its own tables and its annex)."""
    report = snapshot_report_data(snapshot=snapshot_get(user=admin, pk=snapshot.pk))
    width = report_pdf._portrait_width()
    total = 0
    for table in report.tables:
        total += _cells(
            report_pdf.table_flowables(table, unit_name=report.unit_name, width=width)
        )
    for annex in report.annexes:
        total += _cells(report_pdf._annex_flowables(annex, width=width))
    return total


def plain_document(cells: int, columns: int = 5) -> Callable[[], bytes]:
    """reportlab's LongTable of `cells` short texts in DejaVu Sans, gridded, its
    header repeated, on A4: the layout cost with nothing of ours."""
    pdf.register_fonts()
    rows = [[f"Cột {c + 1}" for c in range(columns)]]
    rows += [
        [f"{r * columns + c:,}".replace(",", ".") for c in range(columns)]
        for r in range(max(1, cells // columns))
    ]
    style = TableStyle(
        [
            ("FONT", (0, 0), (-1, -1), pdf.FONT, 8.5),
            ("GRID", (0, 0), (-1, -1), 0.4, pdf.GRID),
            ("BACKGROUND", (0, 0), (-1, 0), pdf.HEAD_BACKGROUND),
        ]
    )

    def build() -> bytes:
        buffer = io.BytesIO()
        document = SimpleDocTemplate(buffer, pagesize=A4)
        table = LongTable(rows, repeatRows=1, colWidths=[95] * columns)
        table.setStyle(style)
        document.build([table])
        return buffer.getvalue()

    return build


def _snapshot_raw(unit: Unit) -> Callable[[], Any]:
    """The stored figures of the unit's snapshot of ON, with a cursor."""

    def run():
        with connection.cursor() as cursor:
            cursor.execute(
                """
                SELECT s.id, s.on, s.figures FROM reports_snapshot s
                JOIN reports_reportdefinition d ON d.id = s.definition_id
                WHERE d.unit_id = %s AND s.on = %s
                ORDER BY s.made_at DESC LIMIT 1
                """,
                [unit.pk, ON],
            )
            return cursor.fetchall()

    return run


# --- The run -------------------------------------------------------------------------


def run(
    *, repeat: int, warmup: int, log: Callable[[str], None] = print
) -> tuple[list[BenchResult], dict[str, Any]]:
    """Seed the snapshots (once), then time (a), (b) and (c)."""
    admin = bench_user("bench-admin", Role.ADMIN)
    log("  Kỳ số liệu đo (bỏ qua nếu đã có):")
    seeded = seed_report(admin=admin, log=log)
    root, snapshot = seeded["root"], seeded["snapshot"]
    leader = bench_user("bench-leader", Role.LEADER)
    leader.units.set([root])
    as_leader, as_admin = _client(leader), _client(admin)
    results: list[BenchResult] = []
    facts: dict[str, Any] = {
        "people": Person.objects.filter(left_on__isnull=True).count(),
        "on": ON,
        **seeded,
    }

    def case(label, page, raw, goal_ms, *, rounds=repeat):
        log(f"  {label}")
        queries = _query_count(page)
        timings = measure_side_by_side([page, raw], repeat=rounds, warmup=warmup)
        results.append(
            BenchResult(
                label=label,
                timing=timings[0],
                raw=timings[1],
                goal=f"median < {goal_ms:,.0f} ms",
                met=timings[0].median < goal_ms,
                queries=queries,
            )
        )

    # (a) The dashboard from the province's snapshot.
    dashboard_url = f"/thong-ke/bang-dieu-khien/{root.pk}/?on={ON:%d/%m/%Y}"
    response = _page(as_leader, dashboard_url)()
    if b'class="source from-snapshot' not in response.content:
        raise RuntimeError("The dashboard did not read the snapshot of the date.")
    facts["dashboard_kb"] = len(response.content) / 1024
    case(
        f"(a) dashboard from a snapshot `{dashboard_url}` (leader); raw: the "
        "snapshot's stored figures",
        _page(as_leader, dashboard_url),
        _snapshot_raw(root),
        DASHBOARD_GOAL_MS,
    )
    # (b) The Mẫu 2C résumé of a person with every history.
    person = (
        Person.objects.filter(full_name="Nguyễn Văn Thắng", left_on__isnull=True)
        .order_by("id")
        .first()
        or Person.objects.order_by("id").first()
    )
    resume_url = f"/can-bo/{person.pk}/so-yeu-ly-lich.pdf"
    facts["resume_pages"] = page_count(_page(as_admin, resume_url)().content)
    case(
        f"(b) Mẫu 2C PDF `{resume_url}` (admin, {facts['resume_pages']} pages); raw: "
        "the person and histories",
        _page(as_admin, resume_url),
        _detail_raw(person.pk),
        RESUME_GOAL_MS,
    )
    # (c) The statistical report of at least 20 pages.
    report_url = f"/thong-ke/ky-so-lieu/{snapshot.pk}/bao-cao.pdf"
    content = _page(as_admin, report_url)().content
    facts["report_pages"] = page_count(content)
    facts["report_kb"] = len(content) / 1024
    cells = report_cells(snapshot, admin)
    plain = plain_document(cells)
    facts["cells"] = cells
    facts["plain_pages"] = page_count(plain())
    case(
        f"(c) statistical report PDF `{report_url}` ({facts['report_pages']} pages, "
        f"{len(seeded['tables'])} tables, annex of {seeded['annexes']} units); "
        f"raw: reportlab LongTable of the same {cells:,} cells "
        f"({facts['plain_pages']} pages)",
        _page(as_admin, report_url),
        plain,
        REPORT_GOAL_MS,
        rounds=min(repeat, 10),
    )
    if facts["report_pages"] < PAGES:
        results[-1].met = False
        results[-1].goal += f", ≥ {PAGES} pages"
    return results, facts
