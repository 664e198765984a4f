"""The personnel list, its deep pages, the name search and the person detail page,
each timed through the real view and beside the raw SQL of the same queries.

Goals (the 1,000,000-people issue): list and search pages p95 under 100 ms and
within 3× the raw SQL; the detail page under 50 ms; its Mẫu 2C PDF (issue 6)
under 300 ms.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.timing import Timing, measure_side_by_side
from cadre_registry import selectors
from cadre_registry.models import Person, Role, Unit, User
from cadre_registry.search import search_words

LIST_GOAL_MS = 100.0
LIST_RAW_RATIO = 3.0
DETAIL_GOAL_MS = 50.0
RESUME_PDF_GOAL_MS = 300.0  # issue 6: the 2C PDF under 300 ms
PAGE_SIZE = 50
DISTRICT_PEOPLE = 16_000  # PERFORMANCE.md: about 16,000 people in one subtree
DEEP_ROWS = 10_000
SEARCHES = ("nguyen van thang", "huong")

PERSON = "cadre_registry_person"
# The columns the list view loads: the person and its select_related rows.
LIST_SELECT = f"""
    SELECT p.*, u.*, pos.*, g.*, pt.*, d.*
    FROM {PERSON} p
    LEFT JOIN cadre_registry_unit u ON u.id = p.unit_id
    LEFT JOIN cadre_registry_position pos ON pos.id = p.position_id
    LEFT JOIN cadre_registry_grade g ON g.id = p.grade_id
    LEFT JOIN cadre_registry_politicaltheorylevel pt ON pt.id = p.political_theory_id
    LEFT JOIN cadre_registry_degree d ON d.id = p.highest_degree_id
"""
DETAIL_SQL = (
    f"""SELECT p.*, u.*, pos.*, g.*, e.*, r.*, d.*, pt.*, sm.* FROM {PERSON} p
        LEFT JOIN cadre_registry_unit u ON u.id = p.unit_id
        LEFT JOIN cadre_registry_position pos ON pos.id = p.position_id
        LEFT JOIN cadre_registry_grade g ON g.id = p.grade_id
        LEFT JOIN cadre_registry_ethnicgroup e ON e.id = p.ethnic_group_id
        LEFT JOIN cadre_registry_religion r ON r.id = p.religion_id
        LEFT JOIN cadre_registry_degree d ON d.id = p.highest_degree_id
        LEFT JOIN cadre_registry_politicaltheorylevel pt ON pt.id = p.political_theory_id
        LEFT JOIN cadre_registry_statemanagementlevel sm ON sm.id = p.state_management_id
        WHERE p.id = %s""",
    """SELECT a.*, u.*, pos.* FROM cadre_registry_assignment a
        JOIN cadre_registry_unit u ON u.id = a.unit_id
        LEFT JOIN cadre_registry_position pos ON pos.id = a.position_id
        WHERE a.person_id = %s ORDER BY a.start DESC""",
    """SELECT s.*, g.* FROM cadre_registry_salaryrecord s
        JOIN cadre_registry_grade g ON g.id = s.grade_id
        WHERE s.person_id = %s ORDER BY s.start DESC""",
    """SELECT e.*, l.* FROM cadre_registry_evaluation e
        JOIN cadre_registry_evaluationlevel l ON l.id = e.level_id
        WHERE e.person_id = %s ORDER BY e.year DESC""",
    """SELECT d.*, f.* FROM cadre_registry_discipline d
        JOIN cadre_registry_disciplineform f ON f.id = d.form_id
        WHERE d.person_id = %s ORDER BY d.start DESC""",
    *(
        f"SELECT * FROM cadre_registry_{table} WHERE person_id = %s"
        for table in (
            "partypost",
            "allowance",
            "trainingrecord",
            "workhistory",
            "abroadstay",
            "reward",
            "familymember",
        )
    ),
)


@dataclass
class Result:
    """One row of the table: a page and its raw SQL, or raw SQL alone."""

    label: str
    page: Timing | None
    raw: Timing
    queries: int | None = None
    goal: str = ""
    met: bool | None = None


def _fetch(sql: str, params: Any = None) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def pick_district(*, target: int = DISTRICT_PEOPLE) -> tuple[Unit, int]:
    """The second-level unit whose subtree headcount is closest to `target`."""
    rows = _fetch(
        f"""
        SELECT top.id, count(p.id)
        FROM cadre_registry_unit top
        JOIN cadre_registry_unit u ON u.path LIKE top.path || '%%'
        JOIN {PERSON} p ON p.unit_id = u.id AND p.left_on IS NULL
        WHERE top.depth = 2
        GROUP BY top.id
        ORDER BY abs(count(p.id) - %s), top.id
        LIMIT 1
        """,
        [target],
    )
    if not rows:
        raise RuntimeError("No second-level unit with people: seed the database first.")
    return Unit.objects.get(pk=rows[0][0]), rows[0][1]


def bench_user(username: str, role: str) -> User:
    """A benchmark account with no password (administrators are superusers)."""
    admin = role == Role.ADMIN
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"role": role, "is_superuser": admin, "is_staff": admin},
    )
    if created:
        user.set_unusable_password()
        user.save()
    return user


def bench_users(*, district: Unit) -> tuple[User, User]:
    """An administrator and an organizer of the district's subtree (no password)."""
    admin = bench_user("bench-admin", Role.ADMIN)
    organizer = bench_user("bench-organizer", Role.ORGANIZER)
    organizer.units.set([district])
    return admin, organizer


def _client(user: User) -> Client:
    hosts = [
        h for h in settings.ALLOWED_HOSTS if h and h != "*" and not h.startswith(".")
    ]
    host = "localhost" if "localhost" in hosts or not hosts else hosts[0]
    client = Client(HTTP_HOST=host)
    client.force_login(user)
    return client


def _page(client: Client, url: str) -> Callable[[], Any]:
    secure = bool(getattr(settings, "SECURE_SSL_REDIRECT", False))

    def get():
        response = client.get(url, secure=secure)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url}: HTTP {response.status_code}")
        return response

    return get


def _query_count(function: Callable[[], Any]) -> int:
    with CaptureQueriesContext(connection) as captured:
        function()
    return len(captured.captured_queries)


def _list_raw(
    *,
    path: str | None,
    where: str = "",
    params: list | None = None,
    after: tuple[str, int] | None = None,
) -> Callable[[], Any]:
    """The list view's queries: the subtree's unit ids, one page by keyset, the count."""

    def run():
        conditions, args = ["p.left_on IS NULL"], list(params or [])
        if where:
            conditions.append(where)
        if path is not None:
            ids = tuple(
                row[0]
                for row in _fetch(
                    "SELECT id FROM cadre_registry_unit WHERE path LIKE %s",
                    [path + "%"],
                )
            )
            conditions.append("p.unit_id IN %s")
            args.append(ids)
        count_where = " AND ".join(conditions)
        page_where, page_args = count_where, list(args)
        if after is not None:
            page_where += " AND (p.name_sort, p.id) > (%s, %s)"
            page_args += list(after)
        _fetch(
            f"{LIST_SELECT} WHERE {page_where} ORDER BY p.name_sort, p.id LIMIT %s",
            [*page_args, PAGE_SIZE + 1],
        )
        return _count(count_where, args)

    return run


def _count(where: str, args: list) -> int:
    # The list caps its count (selectors.COUNT_CAP) where the selectors have a cap.
    cap = getattr(selectors, "COUNT_CAP", None)
    if cap is None:
        sql = f"SELECT count(*) FROM {PERSON} p WHERE {where}"
    else:
        sql = f"SELECT count(*) FROM (SELECT 1 FROM {PERSON} p WHERE {where} LIMIT {cap + 1}) c"
    return _fetch(sql, args)[0][0]


def _detail_raw(pk: int) -> Callable[[], Any]:
    def run():
        for sql in DETAIL_SQL:
            _fetch(sql, [pk])

    return run


def _cursor_at(*, row: int, unit_ids: tuple[int, ...] | None) -> tuple[str, int]:
    where = "left_on IS NULL" + (" AND unit_id IN %s" if unit_ids is not None else "")
    params: list[Any] = [unit_ids] if unit_ids is not None else []
    rows = _fetch(
        f"SELECT name_sort, id FROM {PERSON} WHERE {where}"
        f" ORDER BY name_sort, id OFFSET %s LIMIT 1",
        [*params, row - 1],
    )
    return rows[0]


def _offset_raw(*, offset: int, unit_ids: tuple[int, ...] | None) -> Callable[[], Any]:
    where = "p.left_on IS NULL" + (
        " AND p.unit_id IN %s" if unit_ids is not None else ""
    )
    params: list[Any] = [unit_ids] if unit_ids is not None else []

    def run():
        return _fetch(
            f"{LIST_SELECT} WHERE {where} ORDER BY p.name_sort, p.id OFFSET %s LIMIT %s",
            [*params, offset, PAGE_SIZE],
        )

    return run


def _keyset_raw(
    *, after: tuple[str, int], unit_ids: tuple[int, ...] | None
) -> Callable[[], Any]:
    where = "p.left_on IS NULL" + (
        " AND p.unit_id IN %s" if unit_ids is not None else ""
    )
    params: list[Any] = [unit_ids] if unit_ids is not None else []

    def run():
        return _fetch(
            f"{LIST_SELECT} WHERE {where} AND (p.name_sort, p.id) > (%s, %s)"
            f" ORDER BY p.name_sort, p.id LIMIT %s",
            [*params, *after, PAGE_SIZE],
        )

    return run


def _list_goal(page: Timing, raw: Timing) -> bool:
    return page.p95 < LIST_GOAL_MS and page.median <= LIST_RAW_RATIO * raw.median


def run(
    *, repeat: int, warmup: int, log: Callable[[str], None] = print
) -> tuple[list[Result], dict[str, Any]]:
    """Measure every case; return the rows and facts about the data used."""
    total = Person.objects.filter(left_on__isnull=True).count()
    district, district_people = pick_district()
    admin, organizer = bench_users(district=district)
    as_admin, as_organizer = _client(admin), _client(organizer)
    unit_ids = tuple(
        Unit.objects.filter(path__startswith=district.path).values_list("id", flat=True)
    )
    facts = {
        "people": total,
        "district": district,
        "district_people": district_people,
        "district_units": len(unit_ids),
    }
    results: list[Result] = []
    list_goal = f"p95 < {LIST_GOAL_MS:.0f} ms, ≤ {LIST_RAW_RATIO:.0f}× raw"

    def case(
        label: str,
        page: Callable[[], Any],
        raw: Callable[[], Any],
        goal: str,
        check: Callable[[Timing, Timing], bool],
    ) -> None:
        log(f"  {label}")
        queries = _query_count(page)
        page_timing, raw_timing = measure_side_by_side(
            [page, raw], repeat=repeat, warmup=warmup
        )
        results.append(
            Result(
                label,
                page_timing,
                raw_timing,
                queries,
                goal,
                check(page_timing, raw_timing),
            )
        )

    def raw_only(label: str, raw: Callable[[], Any]) -> None:
        log(f"  {label}")
        (raw_timing,) = measure_side_by_side(
            [raw], repeat=max(3, repeat // 3), warmup=1
        )
        results.append(Result(label, None, raw_timing))

    # (a) The organizer's list, first page.
    case(
        f"(a) list, first page (organizer, `?unit=`, {district_people:,} people)",
        _page(as_organizer, f"/can-bo/?unit={district.pk}"),
        _list_raw(path=district.path),
        list_goal,
        _list_goal,
    )
    # (b) The same list 10,000 rows deep, by keyset.
    deep = min(DEEP_ROWS, max(1, district_people - PAGE_SIZE))
    after = _cursor_at(row=deep, unit_ids=unit_ids)
    query = urlencode({"unit": district.pk, "after": f"{after[0]}~{after[1]}"})
    case(
        f"(b) list, page {deep:,} rows deep (keyset `?after=`)",
        _page(as_organizer, f"/can-bo/?{query}"),
        _list_raw(path=district.path, after=after),
        list_goal,
        _list_goal,
    )
    # (c) Accent-insensitive search over everyone, as an administrator.
    for text in SEARCHES:
        tsquery = " & ".join(f"{word}:*" for word in search_words(text))
        matches = _fetch(
            f"SELECT count(*) FROM {PERSON} WHERE left_on IS NULL"
            " AND search_vector @@ to_tsquery('simple', %s)",
            [tsquery],
        )[0][0]
        case(
            f"(c) search `?q={text}` (admin, {matches:,} matches)",
            _page(as_admin, "/can-bo/?" + urlencode({"q": text})),
            _list_raw(
                path=None,
                where="p.search_vector @@ to_tsquery('simple', %s)",
                params=[tsquery],
            ),
            list_goal,
            _list_goal,
        )
    # (d) A person's résumé with every history.
    person = (
        Person.objects.filter(full_name="Nguyễn Văn Thắng", left_on__isnull=True)
        .order_by("id")
        .first()
        or Person.objects.order_by("id").first()
    )
    case(
        f"(d) person detail `/can-bo/{person.pk}/` (admin)",
        _page(as_admin, f"/can-bo/{person.pk}/"),
        _detail_raw(person.pk),
        f"p95 < {DETAIL_GOAL_MS:.0f} ms",
        lambda page, raw: page.p95 < DETAIL_GOAL_MS,
    )
    # (e) The same person's résumé printed as the Mẫu 2C PDF (issue 6).
    case(
        f"(e) Mẫu 2C PDF `/can-bo/{person.pk}/so-yeu-ly-lich.pdf` (admin)",
        _page(as_admin, f"/can-bo/{person.pk}/so-yeu-ly-lich.pdf"),
        _detail_raw(person.pk),
        f"median < {RESUME_PDF_GOAL_MS:.0f} ms",
        lambda page, raw: page.median < RESUME_PDF_GOAL_MS,
    )
    # Why keyset: OFFSET against the keyset at the same depth, raw SQL only.
    half = max(1, total // 2)
    far = _cursor_at(row=half, unit_ids=None)
    query = urlencode({"after": f"{far[0]}~{far[1]}"})
    case(
        f"(b') all people, page {half:,} rows deep (admin, keyset)",
        _page(as_admin, f"/can-bo/?{query}"),
        _list_raw(path=None, after=far),
        list_goal,
        _list_goal,
    )
    raw_only(
        f"raw: keyset page at {deep:,} (district)",
        _keyset_raw(after=after, unit_ids=unit_ids),
    )
    raw_only(
        f"raw: `OFFSET {deep:,} LIMIT 50` (district)",
        _offset_raw(offset=deep, unit_ids=unit_ids),
    )
    raw_only(
        f"raw: keyset page at {half:,} (all)", _keyset_raw(after=far, unit_ids=None)
    )
    raw_only(
        f"raw: `OFFSET {half:,} LIMIT 50` (all)",
        _offset_raw(offset=half, unit_ids=None),
    )
    return results, facts
