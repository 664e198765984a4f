"""The board of a planning term at scale (issue 5): a term of 500 planned posts with
three live candidates each (1,500 entries) among the seeded province's people, then
the board page (GET /quy-hoach/nhiem-ky/<pk>/, the whole view and template as a
browser gets it) timed beside one raw SQL query that reads the same posts,
candidates and their standards, in the same run.

Goal (issue 5): the page under 300 ms at 1,000,000 people.

Seeding is idempotent: the term carries the name `TERM_NAME`, and a second run finds
it and seeds nothing. Posts and entries are written with bulk_create (no history
rows, no rule checks: this is generated data, not a user's planning); only planning
rows are added.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from typing import Any

from django.db import connection, transaction
from django.utils.html import escape

from bench.personnel import _client, _page, _query_count, bench_user
from bench.timing import measure_side_by_side
from bench.training import BenchResult
from cadre_registry.models import (
    Degree,
    PoliticalTheoryLevel,
    Position,
    Role,
    StateManagementLevel,
)
from planning import rules
from planning.models import Entry, EntryStatus, Level, PlannedPost, Source, Term

TERM_NAME = "2026-2031 (dữ liệu đo)"
POSTS = 500
CANDIDATES_PER_POST = 3
GOAL_MS = 300.0


def _term() -> Term | None:
    return Term.objects.filter(name=TERM_NAME).first()


def seed(*, seed: int = 1, log: Callable[[str], None] = print) -> dict:
    """POSTS posts over the province's units, CANDIDATES_PER_POST approved entries
    each, drawn from people in service aged 30-50 in the post's unit subtree."""
    term = _term()
    if term is not None:
        entries = Entry.objects.filter(post__term=term).count()
        log(f"Nhiệm kỳ đo đã có: {entries:,} lượt quy hoạch; không tạo thêm.")
        return {"skipped": True, "entries": entries}
    started = time.perf_counter()
    rng = random.Random(seed)
    admin = bench_user("bench-admin", Role.ADMIN)
    planned_on = dt.date(2026, 3, 1)
    # The leader posts of the catalogue, highest first: each unit plans a few.
    positions = list(Position.objects.filter(is_leader=True).order_by("-rank", "pk"))
    # The usual standards of a department-head post: university, cao cấp LLCT,
    # chuyên viên chính QLNN (so that many candidates miss one and get a flag).
    degree = Degree.objects.get(code="dai_hoc")
    theory = PoliticalTheoryLevel.objects.get(code="cao_cap")
    management = StateManagementLevel.objects.get(code="chuyen_vien_chinh")
    with connection.cursor() as cursor:
        # Units with enough people aged 30-50 in service, the biggest first.
        cursor.execute(
            """
            SELECT unit_id, array_agg(id ORDER BY id)
            FROM cadre_registry_person
            WHERE left_on IS NULL AND unit_id IS NOT NULL
              AND birth_date BETWEEN %s AND %s
            GROUP BY unit_id
            HAVING count(*) >= %s
            ORDER BY count(*) DESC, unit_id
            """,
            [dt.date(1976, 1, 1), dt.date(1996, 1, 1), CANDIDATES_PER_POST * 3],
        )
        units = cursor.fetchall()
    if not units or not positions:
        raise RuntimeError("Seed the people first: no unit with enough people.")
    per_unit = max(1, -(-POSTS // len(units)))
    per_unit = min(per_unit, len(positions))
    with transaction.atomic():
        term = Term.objects.create(
            level=Level.PROVINCE,
            starts_on=dt.date(2026, 7, 1),
            ends_on=dt.date(2031, 6, 30),
            planned_on=planned_on,
            rule_version=rules.planning_rules_for(planned_on).code,
            name=TERM_NAME,
            created_by=admin,
        )
        posts: list[PlannedPost] = []
        pools: list[list[int]] = []
        for unit_id, people in units:
            for position in positions[:per_unit]:
                if len(posts) == POSTS:
                    break
                posts.append(
                    PlannedPost(
                        term=term,
                        unit_id=unit_id,
                        position=position,
                        rank=position.rank or 1,
                        sort_order=len(posts),
                        required_degree=degree,
                        required_political_theory=theory,
                        required_state_management=management,
                    )
                )
                pools.append(people)
            if len(posts) == POSTS:
                break
        PlannedPost.objects.bulk_create(posts)
        entries = []
        for post, pool in zip(posts, pools, strict=True):
            for person_id in rng.sample(pool, CANDIDATES_PER_POST):
                entries.append(
                    Entry(
                        post=post,
                        person_id=person_id,
                        source=Source.LOCAL,
                        status=EntryStatus.APPROVED,
                        proposed_on=planned_on,
                        approved_on=planned_on + dt.timedelta(days=30),
                        decision_number="01-QĐ/TU",
                        decision_date=planned_on + dt.timedelta(days=30),
                        decision_authority="Ban Thường vụ Tỉnh ủy",
                        rule_version=term.rule_version,
                        created_by=admin,
                    )
                )
        Entry.objects.bulk_create(entries, batch_size=2000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE planning_plannedpost")
        cursor.execute("ANALYZE planning_entry")
    seconds = time.perf_counter() - started
    log(f"  {len(posts):,} chức danh, {len(entries):,} lượt quy hoạch: {seconds:.1f} s")
    return {"posts": len(posts), "entries": len(entries), "seconds": seconds}


# The same rows the board shows: every post of the term with its live candidates,
# their birth date, retirement date, degree, political theory, state management,
# last three evaluations, and the post's standards, in one statement.
RAW_BOARD = """
SELECT pp.id, pp.title, pos.name, u.name, pp.rank,
       rd.rank, rt.rank, rm.rank,
       e.id, e.status, e.source, p.id, p.full_name, p.birth_date, p.retirement_date,
       d.name, d.rank, t.name, t.rank, m.name, m.rank, p.gender, eg.is_minority,
       evs.last_three
FROM planning_plannedpost pp
JOIN cadre_registry_position pos ON pos.id = pp.position_id
JOIN cadre_registry_unit u ON u.id = pp.unit_id
LEFT JOIN cadre_registry_degree rd ON rd.id = pp.required_degree_id
LEFT JOIN cadre_registry_politicaltheorylevel rt ON rt.id = pp.required_political_theory_id
LEFT JOIN cadre_registry_statemanagementlevel rm ON rm.id = pp.required_state_management_id
LEFT JOIN planning_entry e ON e.post_id = pp.id AND e.status IN ('proposed', 'approved')
LEFT JOIN cadre_registry_person p ON p.id = e.person_id
LEFT JOIN cadre_registry_degree d ON d.id = p.highest_degree_id
LEFT JOIN cadre_registry_politicaltheorylevel t ON t.id = p.political_theory_id
LEFT JOIN cadre_registry_statemanagementlevel m ON m.id = p.state_management_id
LEFT JOIN cadre_registry_ethnicgroup eg ON eg.id = p.ethnic_group_id
LEFT JOIN LATERAL (
    SELECT string_agg(ev.year || ': ' || lv.name, ', ' ORDER BY ev.year DESC)
        AS last_three
    FROM (SELECT year, level_id FROM cadre_registry_evaluation
          WHERE person_id = p.id ORDER BY year DESC LIMIT 3) ev
    JOIN cadre_registry_evaluationlevel lv ON lv.id = ev.level_id
) evs ON true
WHERE pp.term_id = %s
ORDER BY u.path, pp.rank DESC, pp.sort_order, pp.id, p.name_sort, e.id
"""


def _raw(term_id: int) -> Callable[[], Any]:
    def run():
        with connection.cursor() as cursor:
            cursor.execute(RAW_BOARD, [term_id])
            return cursor.fetchall()

    return run


def run(
    *, repeat: int, warmup: int, log: Callable[[str], None] = print
) -> tuple[list[BenchResult], dict]:
    term = _term()
    if term is None:
        raise RuntimeError("Seed the planning term first.")
    admin = bench_user("bench-admin", Role.ADMIN)
    page = _page(_client(admin), f"/quy-hoach/nhiem-ky/{term.pk}/")
    raw = _raw(term.pk)
    response = page()
    candidates = Entry.objects.filter(
        post__term=term, status__in=(EntryStatus.PROPOSED, EntryStatus.APPROVED)
    ).count()
    rows = len(raw())
    # The page must show every candidate, or it would be timed doing less work.
    html = response.content.decode()
    names = Entry.objects.filter(
        post__term=term, status__in=(EntryStatus.PROPOSED, EntryStatus.APPROVED)
    ).values_list("person__full_name", flat=True)
    shown = sum(1 for name in set(names) if escape(name) in html)
    if shown < len(set(names)):
        raise RuntimeError(f"The board shows {shown} of {len(set(names))} candidates.")
    queries = _query_count(page)
    log(
        f"  bảng quy hoạch: {term.posts.count():,} chức danh, {candidates:,} ứng viên, "
        f"{len(response.content) / 1024:,.0f} KB, {queries} truy vấn"
    )
    page_timing, raw_timing = measure_side_by_side(
        [page, raw], repeat=repeat, warmup=warmup
    )
    result = BenchResult(
        label=f"board of a term: {POSTS} posts, {candidates:,} candidates",
        timing=page_timing,
        raw=raw_timing,
        goal=f"< {GOAL_MS:.0f} ms",
        met=page_timing.median < GOAL_MS,
        queries=queries,
    )
    facts = {
        "posts": term.posts.count(),
        "candidates": candidates,
        "raw_rows": rows,
        "shown": shown,
        "kilobytes": len(response.content) / 1024,
        "people": _people_in_service(),
    }
    return [result], facts


def _people_in_service() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM cadre_registry_person WHERE left_on IS NULL"
        )
        return cursor.fetchone()[0]
