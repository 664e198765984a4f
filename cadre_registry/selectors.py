"""Reads for a user. Every page, export, report, API call and task that shows people
or units starts from `unit_scope_ids` / `person_list`, so that scope is decided in
one place: whatever is outside a user's units does not exist for them (404)."""

from __future__ import annotations

import datetime as dt
import functools
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
)
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.utils import timezone

from cadre_registry.models import (
    AccessLog,
    Assignment,
    AuthEvent,
    Discipline,
    Evaluation,
    Person,
    SalaryRecord,
    Unit,
    User,
)

MAX_PK = 2**63 - 1


def parse_pk(value: Any) -> int:
    """A primary key from a URL or form, or 404 for anything that cannot be one."""
    try:
        pk = int(value)
    except (TypeError, ValueError):
        raise Http404("Không tìm thấy") from None
    if not 0 < pk <= MAX_PK:
        raise Http404("Không tìm thấy")
    return pk


def unit_scope_ids(*, user: User) -> list[int] | None:
    """Ids of the units in the user's subtrees; None means every unit (administrators)."""
    if not user.is_authenticated or not user.is_active:
        return []
    if user.is_administrator:
        return None
    cached = getattr(user, "_unit_scope_ids", None)
    if cached is not None:
        return cached
    paths = list(user.units.values_list("path", flat=True))
    if not paths:
        ids: list[int] = []
    else:
        condition = Q()
        for path in paths:
            condition |= Q(path__startswith=path)
        ids = list(Unit.objects.filter(condition).values_list("id", flat=True))
    user._unit_scope_ids = ids  # once per request: the user object lives that long
    user._unit_scope_paths = paths
    return ids


def scope_name(*, user: User) -> str:
    """The name a report gives the user's whole scope: the root unit's for someone
    who sees every unit, else their own units' names (in tree order)."""
    if unit_scope_ids(user=user) is None:
        root = Unit.objects.filter(parent__isnull=True).order_by("path").first()
        return root.name if root else "Toàn tỉnh"
    return ", ".join(u.name for u in user.units.order_by("path"))


def unit_list(*, user: User) -> QuerySet[Unit]:
    """Units the user may see."""
    ids = unit_scope_ids(user=user)
    units = Unit.objects.all()
    return units if ids is None else units.filter(id__in=ids)


def unit_get(*, user: User, pk: int) -> Unit:
    """One unit in scope, or 404."""
    try:
        return unit_list(user=user).select_related("parent").get(pk=parse_pk(pk))
    except Unit.DoesNotExist:
        raise Http404("Không tìm thấy đơn vị") from None


def unit_roots(*, user: User) -> QuerySet[Unit]:
    """The top of the tree as the user sees it: their own units, or the real roots."""
    if user.is_administrator:
        return Unit.objects.filter(parent__isnull=True)
    # A user given both a unit and one of its descendants sees the ancestor only.
    units = list(user.units.all())
    top = [
        u.pk
        for u in units
        if not any(o.pk != u.pk and u.path.startswith(o.path) for o in units)
    ]
    return Unit.objects.filter(pk__in=top)


def unit_subtree_ids(*, unit: Unit) -> list[int]:
    """Ids of a unit and its descendants: one indexed prefix match on the path."""
    return list(
        Unit.objects.filter(path__startswith=unit.path).values_list("id", flat=True)
    )


def unit_children_with_counts(*, user: User, parent: Unit | None) -> list[Unit]:
    """Children of `parent` (or the user's roots) with their subtree headcounts."""
    units = list(unit_roots(user=user) if parent is None else parent.children.all())
    if not units:
        return []
    counts = _subtree_counts([u.path for u in units])
    child_parents = set(
        Unit.objects.filter(parent__in=units)
        .values_list("parent_id", flat=True)
        .distinct()
    )
    for unit in units:
        unit.person_count = counts.get(unit.path, 0)
        unit.has_children = unit.pk in child_parents
    return units


def _subtree_counts(paths: list[str]) -> dict[str, int]:
    # One aggregate: people grouped by unit, each unit matched to the listed subtree
    # whose path prefixes its own.
    sql = """
        SELECT top.path, COUNT(p.id)
        FROM unnest(%s::text[]) AS top(path)
        JOIN cadre_registry_unit u ON u.path LIKE top.path || '%%'
        JOIN cadre_registry_person p ON p.unit_id = u.id AND p.left_on IS NULL
        GROUP BY top.path
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [paths])
        return dict(cursor.fetchall())


def person_list(*, user: User, unit: Unit | None = None) -> QuerySet[Person]:
    """People the user may see: those managed by a unit in their subtrees; with
    `unit` (which must itself be visible), those of that unit's subtree."""
    ids = unit_scope_ids(user=user)
    people = Person.objects.all()
    if unit is not None:
        if ids is not None and unit.pk not in ids:
            raise Http404("Không tìm thấy đơn vị")
        # One IN list, the subtree (inside the scope by construction): two lists
        # ANDed together make the planner guess a few hundred rows for thousands.
        if ids is not None and getattr(user, "_unit_scope_paths", None) == [unit.path]:
            # The organizer's own (single) unit, the usual case: its subtree is the
            # scope just read, so the same ids are not asked for twice.
            return people.filter(unit_id__in=ids)
        return people.filter(unit_id__in=unit_subtree_ids(unit=unit))
    if ids is None:
        return people
    return people.filter(unit_id__in=ids)


HISTORY_RELATIONS = (
    "party_posts",
    "salary_records",
    "allowances",
    "training_records",
    "work_history",
    "abroad_stays",
    "rewards",
    "evaluations",
)
SENSITIVE_RELATIONS = ("disciplines", "family_members")


def person_get(*, user: User, pk: Any) -> Person:
    """One person in scope with every history loaded in a fixed number of queries."""
    # Salary rows are prefetched below with their grade and its steps.
    # A history with a code list joins it in its own query (one query, not two).
    joined = {
        "evaluations": Prefetch(
            "evaluations", queryset=Evaluation.objects.select_related("level")
        ),
        "disciplines": Prefetch(
            "disciplines", queryset=Discipline.objects.select_related("form")
        ),
    }
    relations = [r for r in HISTORY_RELATIONS if r != "salary_records"]
    if user.can_see_sensitive:
        relations += SENSITIVE_RELATIONS
    relations = [joined.get(r, r) for r in relations]
    queryset = (
        person_list(user=user)
        .select_related(
            "unit",
            "position",
            "grade",
            "ethnic_group",
            "religion",
            "highest_degree",
            "political_theory",
            "state_management",
        )
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.select_related("unit", "position").order_by(
                    "-start"
                ),
            ),
            Prefetch(
                "salary_records",
                queryset=SalaryRecord.objects.select_related("grade").prefetch_related(
                    "grade__steps"
                ),
            ),
            *relations,
        )
    )
    pk = parse_pk(pk)
    try:
        # Nine tables LEFT JOINed to one row by primary key: the written order is
        # already the best plan, and searching the others costs PostgreSQL ~6 ms of
        # planning (measured at 1M people), six times the query's run time.
        with planner_settings(join_collapse_limit="1"):
            return queryset.get(pk=pk)
    except Person.DoesNotExist:
        raise Http404("Không tìm thấy hồ sơ") from None


# --- Filtering ------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonFilter:
    """The personnel list's filters; the same object drives exports later."""

    unit: Unit | None = None
    q: str = ""
    staff_kind: str = ""
    gender: str = ""
    ethnic_minority: bool | None = None
    age_min: int | None = None
    age_max: int | None = None
    grade_family: str = ""
    degree: str = ""
    political_theory: str = ""
    state_management: str = ""
    party_member: bool | None = None
    in_planning: bool | None = None
    retiring_within_months: int | None = None
    include_left: bool = False
    as_of: dt.date | None = None


def person_filter(
    *,
    people: QuerySet[Person],
    filters: PersonFilter,
    user: User,
    today: dt.date | None = None,
) -> QuerySet[Person]:
    """Apply the list filters; sensitive filters need the sensitive permission."""
    from cadre_registry.rules import add_months
    from cadre_registry.search import search_condition

    today = filters.as_of or today or timezone.localdate()
    if filters.as_of is not None:
        # Point in time: who held a main post on that day (in the unit's subtree when
        # one is chosen), read from the dated assignments, not the current columns.
        held = Assignment.objects.filter(
            person=OuterRef("pk"), is_main=True, start__lte=filters.as_of
        ).filter(Q(end__isnull=True) | Q(end__gte=filters.as_of))
        if filters.unit is not None:
            held = held.filter(unit_id__in=unit_subtree_ids(unit=filters.unit))
        people = people.filter(Exists(held)).filter(
            Q(left_on__isnull=True) | Q(left_on__gt=filters.as_of)
        )
    else:
        # The unit's subtree is applied by person_list(unit=...), see listing.py.
        if not filters.include_left:
            people = people.filter(left_on__isnull=True)
    if filters.q:
        people = people.filter(
            search_condition(filters.q, allow_national_id=user.can_see_sensitive)
        )
    if filters.staff_kind:
        people = people.filter(staff_kind=filters.staff_kind)
    if filters.gender:
        people = people.filter(gender=filters.gender)
    if filters.ethnic_minority is not None and user.can_see_sensitive:
        people = people.filter(ethnic_group__is_minority=filters.ethnic_minority)
    if filters.age_min is not None:
        # Age >= n  <=>  born on or before today minus n years.
        people = people.filter(birth_date__lte=add_months(today, -12 * filters.age_min))
    if filters.age_max is not None:
        # Age <= n  <=>  born after today minus (n + 1) years.
        people = people.filter(
            birth_date__gt=add_months(today, -12 * (filters.age_max + 1))
        )
    if filters.grade_family:
        people = people.filter(grade__report_family=filters.grade_family)
    if filters.degree:
        people = people.filter(highest_degree__code=filters.degree)
    if filters.political_theory:
        if filters.political_theory == "none":
            people = people.filter(
                Q(political_theory__isnull=True) | Q(political_theory__code="none")
            )
        else:
            people = people.filter(political_theory__code=filters.political_theory)
    if filters.state_management:
        people = people.filter(state_management__code=filters.state_management)
    if filters.party_member is not None:
        people = people.filter(party_joined_on__isnull=not filters.party_member)
    if filters.in_planning is not None:
        from planning.models import Entry, EntryStatus

        planned = Entry.objects.filter(
            person=OuterRef("pk"),
            status=EntryStatus.APPROVED,
            post__term__ends_on__gte=today,
        )
        people = people.filter(
            Exists(planned) if filters.in_planning else ~Exists(planned)
        )
    if filters.retiring_within_months is not None:
        people = people.filter(
            retirement_date__gte=today,
            retirement_date__lte=add_months(today, filters.retiring_within_months),
        )
    return people


# --- Keyset pagination ------------------------------------------------------------------

SORTS = {
    # key: (column, label)
    "name": ("name_sort", "Họ và tên"),
    "birth": ("birth_date", "Ngày sinh"),
    "retirement": ("retirement_date", "Nghỉ hưu"),
}


@dataclass
class Page:
    rows: list[Person]
    next_cursor: str | None
    prev_cursor: str | None
    sort: str
    descending: bool


def _encode(value: Any, pk: int) -> str:
    if isinstance(value, dt.date):
        value = value.isoformat()
    return f"{value}~{pk}"


def _decode(cursor: str, column: str) -> tuple[Any, int] | None:
    value, sep, pk = cursor.rpartition("~")
    if not sep or not pk.isdigit() or len(cursor) > 600:
        return None
    if column in ("birth_date", "retirement_date"):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            return None
    return value, int(pk)


def _keyset(table: str, column: str, pk: str, op: str, cursor) -> RawSQL:
    """The row comparison `(column, pk) op (value, id)` that keeps a page an index
    range scan; `op` is "<" or ">" from person_page, never from a request."""
    return RawSQL(
        f'("{table}"."{column}", "{table}"."{pk}") {op} (%s, %s)',
        cursor,
        output_field=BooleanField(),
    )


def person_page(
    *,
    people: QuerySet[Person],
    sort: str = "name",
    descending: bool = False,
    after: str = "",
    before: str = "",
    size: int = 50,
    words: list[str] | None = None,
    unsearched: QuerySet[Person] | None = None,
) -> Page:
    """One page by keyset: a row comparison on (sort column, id) stays an index range
    scan however deep the page (OFFSET at row 500,000 costs seconds, this milliseconds).

    The page's ids come first, from an index-only scan where the filters allow it,
    then the 50 people with their joins; a name search in name order is driven from
    the (word, name_sort) index of PersonWord instead of the whole name index, and
    checked against `unsearched` (the same filters without the name search, whose
    full-text condition would lead the planner to read every match)."""
    if sort not in SORTS:
        sort = "name"
    column = SORTS[sort][0]
    if column == "retirement_date":
        people = people.filter(retirement_date__isnull=False)
    backwards = bool(before) and not after
    cursor = _decode(after or before, column) if (after or before) else None
    op = None
    if cursor is not None:
        forward_op = "<" if descending else ">"
        op = {"<": ">", ">": "<"}[forward_op] if backwards else forward_op
    reverse = descending != backwards
    if words and column == "name_sort":
        if unsearched is not None:
            people = unsearched
        keys = _search_keys(
            people=people, words=words, cursor=cursor, op=op, reverse=reverse, size=size
        )
    else:
        if cursor is not None:
            people_keyed = people.filter(
                _keyset(Person._meta.db_table, column, "id", op, cursor)
            )
        else:
            people_keyed = people
        order = [f"-{column}", "-id"] if reverse else [column, "id"]
        keys = list(people_keyed.order_by(*order).values_list(column, "id")[: size + 1])
    has_more = len(keys) > size
    keys = keys[:size]
    by_id = {
        person.pk: person for person in people.filter(pk__in=[pk for _, pk in keys])
    }
    rows = [by_id[pk] for _, pk in keys if pk in by_id]
    if backwards:
        rows.reverse()

    def key(person: Person) -> str:
        return _encode(getattr(person, column), person.pk)

    next_cursor = prev_cursor = None
    if rows:
        if backwards:
            next_cursor = key(rows[-1])
            prev_cursor = key(rows[0]) if has_more else None
        else:
            next_cursor = key(rows[-1]) if has_more else None
            prev_cursor = key(rows[0]) if cursor is not None else None
    return Page(
        rows=rows,
        next_cursor=next_cursor,
        prev_cursor=prev_cursor,
        sort=sort,
        descending=descending,
    )


# A typed prefix is expanded to the indexed words it starts ("thang" -> thang,
# thangs); beyond this many words it is too common to drive a search by itself.
MAX_PREFIX_WORDS = 16


@contextmanager
def planner_settings(**values: str):
    """Planner settings for the queries inside, put back afterwards (SET LOCAL in a
    caller's transaction outlives a savepoint, so DEFAULT is restored explicitly).
    Names and values come from this module only, never from a request."""
    with transaction.atomic(), connection.cursor() as cursor:
        for name, value in values.items():
            cursor.execute(f"SET LOCAL {name} = {value}")
        try:
            yield
        finally:
            for name in values:
                cursor.execute(f"SET LOCAL {name} = DEFAULT")


# A search reads a few hundred index entries and probes as many rows by primary key:
# starting parallel workers costs ~13 ms more than the whole query (measured at 1M
# people, docs/benchmarks.md), and the planner's row estimates for a word are too
# rough to see it.
_SEARCH_PLANNER = {"max_parallel_workers_per_gather": "0"}


def _prefix_words(prefix: str) -> list[str] | None:
    """The distinct indexed words starting with `prefix`, by a loose index scan (one
    index probe per word); None when there are more than MAX_PREFIX_WORDS."""
    table = "cadre_registry_personword"
    sql = f"""
        WITH RECURSIVE found(word) AS (
            (SELECT word FROM {table} WHERE word LIKE %(like)s ORDER BY word LIMIT 1)
            UNION ALL
            SELECT (SELECT w.word FROM {table} w WHERE w.word LIKE %(like)s
                    AND w.word > found.word ORDER BY w.word LIMIT 1)
            FROM found WHERE found.word IS NOT NULL
        )
        SELECT word FROM found WHERE word IS NOT NULL LIMIT %(limit)s"""
    # The typed words are [a-z0-9] only (search_words): no LIKE wildcard to escape.
    with connection.cursor() as cursor:
        cursor.execute(sql, {"like": f"{prefix}%", "limit": MAX_PREFIX_WORDS + 1})
        words = [row[0] for row in cursor.fetchall()]
    return None if len(words) > MAX_PREFIX_WORDS else words


def _search_branches(*, people, words) -> list[QuerySet] | None:
    """One PersonWord queryset per concrete word of the driving term, each already
    filtered by the other typed words and by `people` (scope and filters).

    Each branch is a single word, so its rows come from the (word, name_sort,
    person) index in name order and a LIMIT stops the scan after a page; a prefix
    range read whole would have to be sorted (22k rows for "thang" at 1M people).
    None when no term can drive that way (every prefix too common)."""
    from cadre_registry.models import PersonWord

    terms = _terms(words)
    expanded = {}
    for word, partial in terms:
        concrete = _prefix_words(word) if partial else [word]
        if concrete == []:
            return []  # no indexed word starts so: nobody matches
        if concrete is not None:
            expanded[word, partial] = concrete
    if not expanded:
        return None
    # Drive from the rarest typed word; the others are checked on the index entry.
    driver = min(expanded, key=lambda t: _word_frequency(*t))
    base = _other_words(
        PersonWord.objects.all(), [term for term in terms if term != driver]
    ).filter(Exists(people.filter(pk=OuterRef("person_id"))))
    return [base.filter(word=word) for word in expanded[driver]]


def _terms(words: list[str]) -> list[tuple[str, bool]]:
    # Words followed by a space are whole words; the last may still be being typed.
    return [(word, index == len(words) - 1) for index, word in enumerate(words)]


def _other_words(rows: QuerySet, terms: list[tuple[str, bool]]) -> QuerySet:
    # `words` is " w1 w2 ... ": a whole word is " van ", a partial one " van...".
    # The typed words are [a-z0-9] only (search_words), so nothing needs escaping.
    for word, partial in terms:
        rows = rows.filter(words__contains=f" {word}" if partial else f" {word} ")
    return rows


def _search_keys(*, people, words, cursor, op, reverse, size) -> list[tuple[str, int]]:
    from cadre_registry.models import PersonWord

    order = ["-name_sort", "-person_id"] if reverse else ["name_sort", "person_id"]
    with planner_settings(**_SEARCH_PLANNER):
        branches = _search_branches(people=people, words=words)
        if branches is None:
            return _search_keys_sorted(
                people=people, words=words, cursor=cursor, op=op, order=order, size=size
            )
        if cursor is not None:
            after = _keyset(
                PersonWord._meta.db_table, "name_sort", "person_id", op, cursor
            )
            branches = [branch.filter(after) for branch in branches]
        if not branches:
            return []
        # A person is at most once in a branch (one row per word), so each branch's
        # first size + 1 rows hold every one of the merged first size + 1 people.
        sliced = [
            branch.order_by(*order).values_list("name_sort", "person_id")[: size + 1]
            for branch in branches
        ]
        rows = sliced[0].union(*sliced[1:], all=True) if len(sliced) > 1 else sliced[0]
        keys = sorted(set(rows), reverse=reverse)
    return keys[: size + 1]


def _search_keys_sorted(*, people, words, cursor, op, order, size):
    # Every typed prefix is common ("nguyen v"): the driver's rows are read by range
    # and sorted; such a prefix matches so many people that a page fills at once.
    from cadre_registry.models import PersonWord

    driver = _sorted_driver(people=people, words=words)
    if cursor is not None:
        driver = driver.filter(
            _keyset(PersonWord._meta.db_table, "name_sort", "person_id", op, cursor)
        )
    # DISTINCT: two words of one name may both start with what was typed.
    return list(
        driver.order_by(*order)
        .values_list("name_sort", "person_id")
        .distinct()[: size + 1]
    )


def _sorted_driver(*, people, words) -> QuerySet:
    from cadre_registry.models import PersonWord

    terms = _terms(words)
    word, partial = min(terms, key=lambda t: _word_frequency(*t))
    rows = PersonWord.objects.filter(
        **({"word__startswith": word} if partial else {"word": word})
    )
    return _other_words(
        rows, [term for term in terms if term != (word, partial)]
    ).filter(Exists(people.filter(pk=OuterRef("person_id"))))


def search_count(
    *, people: QuerySet[Person], words: list[str], cap: int
) -> tuple[int, bool]:
    """(count, capped) of a name search among `people` (filtered without the name
    search), from the same single-word branches as its pages: each branch stops at
    cap + 1 people, and if none reaches it the union of the branches is the exact
    set (the GIN bitmap it replaces read ~20k entries and their rows for "huong"
    before the LIMIT applied)."""
    with planner_settings(**_SEARCH_PLANNER):
        branches = _search_branches(people=people, words=words)
        if branches is None:
            driver = _sorted_driver(people=people, words=words)
            count = driver.order_by().values("person_id").distinct()[: cap + 1].count()
            return min(count, cap), count > cap
        if not branches:
            return 0, False
        sliced = [
            branch.order_by("name_sort", "person_id").values_list("person_id")[
                : cap + 1
            ]
            for branch in branches
        ]
        rows = sliced[0].union(*sliced[1:]) if len(sliced) > 1 else sliced[0]
        count = rows.count()
    return min(count, cap), count > cap


@functools.lru_cache(maxsize=4096)
def _word_frequency(word: str, partial: bool, cap: int = 25_000) -> tuple[int, int]:
    # Counted from the index up to a cap (a few ms), remembered by the process: a
    # stale count only picks a slightly worse driver. Ties go to the longer word.
    from cadre_registry.models import PersonWord

    rows = (
        PersonWord.objects.filter(word__startswith=word)
        if partial
        else PersonWord.objects.filter(word=word)
    )
    return rows.order_by()[:cap].count(), -len(word)


COUNT_CAP = 100_000
SEARCH_COUNT_CAP = 1_000


def capped_count(queryset: QuerySet, cap: int = COUNT_CAP) -> tuple[int, bool]:
    """(count, capped): counting a million rows costs more than the page it heads,
    and "more than 100,000" says all a reader needs."""
    count = queryset.order_by()[: cap + 1].count()
    return min(count, cap), count > cap


# --- Logs ------------------------------------------------------------------------------


def access_log_list(*, user: User) -> QuerySet[AccessLog]:
    """Access logs for auditors and administrators only."""
    if not user.can_read_logs:
        return AccessLog.objects.none()
    return AccessLog.objects.select_related("user")


def auth_event_list(*, user: User) -> QuerySet[AuthEvent]:
    """Login trail for auditors and administrators only."""
    if not user.can_read_logs:
        return AuthEvent.objects.none()
    return AuthEvent.objects.all()


def unit_people_counts(*, units: list[Unit]) -> dict[int, int]:
    """Headcount per unit (direct members only)."""
    rows = (
        Person.objects.filter(unit__in=units, left_on__isnull=True)
        .values("unit")
        .annotate(n=Count("id"))
    )
    return {row["unit"]: row["n"] for row in rows}


@dataclass
class DerivedDates:
    retirement: dt.date | None = None
    pension_start: dt.date | None = None
    next_step: dt.date | None = None
    seniority_since: dt.date | None = None
    seniority_percent: int | None = None
    at_last_step: bool = False


def person_derived_dates(*, person: Person, on: dt.date | None = None) -> DerivedDates:
    """Retirement, next salary step and seniority allowance from the person's rows
    (rules.py); discipline delays count even when the viewer cannot see them."""
    from cadre_registry import rules

    on = on or timezone.localdate()
    derived = DerivedDates(retirement=person.retirement_date)
    if person.retirement_date:
        derived.pension_start = person.retirement_date + dt.timedelta(days=1)
    salaries = sorted(
        (s for s in person.salary_records.all() if s.start <= on), key=lambda s: s.start
    )
    if not salaries:
        return derived
    current = salaries[-1]
    grade = current.grade
    last_step = max((s.step for s in grade.steps.all()), default=None)
    derived.at_last_step = last_step is not None and current.step >= last_step
    # The step has been held since the first row with this grade and step.
    since = current.start
    for row in reversed(salaries[:-1]):
        if row.grade_id == current.grade_id and row.step == current.step:
            since = row.start
        else:
            break
    forms = list(
        Discipline.objects.filter(
            person=person, start__gte=since, start__lte=on
        ).values_list("form__code", flat=True)
    )
    known = [f for f in forms if f in {d.value for d in rules.DisciplineForm}]
    try:
        if derived.at_last_step:
            derived.seniority_since = rules.seniority_allowance_start(
                last_step_since=since,
                pay_group=grade.pay_group,
                discipline_forms_in_period=known,
            )
            derived.seniority_percent = rules.seniority_allowance(
                last_step_since=since,
                pay_group=grade.pay_group,
                on=on,
                discipline_forms_in_period=known,
            )
        else:
            derived.next_step = rules.next_salary_step_date(
                last_raise=since,
                pay_group=grade.pay_group,
                at_last_step=False,
                discipline_forms_in_period=known,
            )
    except ValueError:
        pass  # a pay group the rules do not cover (older code lists): show nothing
    return derived
