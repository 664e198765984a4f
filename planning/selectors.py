"""Planning reads, scoped through the registry's one scope (`unit_scope_ids`,
`person_list`, `unit_get`): a planned post, its entries and a review round are
visible when their unit is in the user's subtrees; a rotation or an appointment
when its person is, or one of its units. Anything else is a 404. Terms are shared
by every unit of a level."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from cadre_registry import rules as registry_rules
from cadre_registry.models import Evaluation, Person, Unit, User
from cadre_registry.selectors import parse_pk, person_list, unit_get, unit_scope_ids
from planning.models import (
    ACTIVE_STATUSES,
    Appointment,
    Entry,
    PlannedPost,
    ReviewRound,
    Rotation,
    Term,
)


def term_list() -> QuerySet[Term]:
    """Every planning term, newest first."""
    return Term.objects.all()


def term_get(*, pk: Any) -> Term:
    """One term, or 404."""
    try:
        return Term.objects.get(pk=parse_pk(pk))
    except Term.DoesNotExist:
        raise Http404("Không tìm thấy nhiệm kỳ") from None


def _in_scope(queryset: QuerySet, user: User, field: str) -> QuerySet:
    scope = unit_scope_ids(user=user)
    return queryset if scope is None else queryset.filter(**{f"{field}__in": scope})


def post_list(
    *, user: User, term: Term | None = None, unit: Unit | None = None
) -> QuerySet[PlannedPost]:
    """Planned posts of the user's units (of one visible unit's subtree with `unit`)."""
    posts = _in_scope(
        PlannedPost.objects.select_related(
            "term",
            "unit",
            "position",
            "required_degree",
            "required_political_theory",
            "required_state_management",
        ),
        user,
        "unit_id",
    )
    if term is not None:
        posts = posts.filter(term=term)
    if unit is not None:
        unit = unit_get(user=user, pk=unit.pk)
        posts = posts.filter(unit__path__startswith=unit.path)
    return posts.order_by("unit__path", "-rank", "sort_order", "id")


def post_get(*, user: User, pk: Any) -> PlannedPost:
    """One planned post in scope, or 404."""
    try:
        return post_list(user=user).get(pk=parse_pk(pk))
    except PlannedPost.DoesNotExist:
        raise Http404("Không tìm thấy chức danh quy hoạch") from None


def entry_list(
    *, user: User, term: Term | None = None, person: Person | None = None
) -> QuerySet[Entry]:
    """Planning entries on posts of the user's units."""
    entries = _in_scope(
        Entry.objects.select_related(
            "person", "post__term", "post__unit", "post__position"
        ),
        user,
        "post__unit_id",
    )
    if term is not None:
        entries = entries.filter(post__term=term)
    if person is not None:
        entries = entries.filter(person=person)
    return entries


def entry_get(*, user: User, pk: Any) -> Entry:
    """One planning entry in scope, or 404."""
    try:
        return entry_list(user=user).get(pk=parse_pk(pk))
    except Entry.DoesNotExist:
        raise Http404("Không tìm thấy") from None


def review_round_list(*, user: User, term: Term | None = None) -> QuerySet[ReviewRound]:
    """Review rounds of the user's units."""
    rounds = _in_scope(
        ReviewRound.objects.select_related("term", "unit"), user, "unit_id"
    )
    return rounds if term is None else rounds.filter(term=term)


def review_round_get(*, user: User, pk: Any) -> ReviewRound:
    """One review round in scope with its items, or 404."""
    try:
        return (
            review_round_list(user=user)
            .prefetch_related("items__entry__person", "items__entry__post__position")
            .get(pk=parse_pk(pk))
        )
    except ReviewRound.DoesNotExist:
        raise Http404("Không tìm thấy đợt rà soát") from None


def _people_or_units(queryset: QuerySet, user: User, *unit_fields: str) -> QuerySet:
    scope = unit_scope_ids(user=user)
    if scope is None:
        return queryset
    condition = Q(person__in=person_list(user=user))
    for name in unit_fields:
        condition |= Q(**{f"{name}__in": scope})
    return queryset.filter(condition)


def rotation_list(*, user: User) -> QuerySet[Rotation]:
    """Rotations of the user's people, or from or to one of their units."""
    return _people_or_units(
        Rotation.objects.select_related(
            "person", "from_unit", "to_unit", "from_position", "to_position"
        ),
        user,
        "from_unit_id",
        "to_unit_id",
    )


def rotation_get(*, user: User, pk: Any) -> Rotation:
    """One visible rotation, or 404."""
    try:
        return rotation_list(user=user).get(pk=parse_pk(pk))
    except Rotation.DoesNotExist:
        raise Http404("Không tìm thấy") from None


def appointment_list(*, user: User) -> QuerySet[Appointment]:
    """Appointments of the user's people or in their units."""
    return _people_or_units(
        Appointment.objects.select_related("person", "unit", "position"),
        user,
        "unit_id",
    )


def appointment_get(*, user: User, pk: Any) -> Appointment:
    """One visible appointment, or 404."""
    try:
        return appointment_list(user=user).get(pk=parse_pk(pk))
    except Appointment.DoesNotExist:
        raise Http404("Không tìm thấy") from None


# --- The board of a term -------------------------------------------------------------


@dataclass(slots=True)
class BoardPost:
    """A post as the board shows it: plain values, no model instances (a term's
    board may hold 500 posts)."""

    pk: int
    term_id: int
    unit_id: int
    unit_name: str
    name: str
    standards: list[tuple[str, int, str]]  # (label, required rank, required name)

    def __str__(self):
        return f"{self.name} – {self.unit_name}"


@dataclass(slots=True)
class BoardPerson:
    pk: int
    full_name: str
    gender: str
    birth_date: dt.date
    is_minority: bool
    degree: str
    political_theory: str


@dataclass(slots=True)
class Candidate:
    entry_id: int
    status: str
    person: BoardPerson
    age: int
    years_to_retirement: float | None
    missing: list[str]
    evaluations: list[tuple[int, str]] = field(default_factory=list)  # newest first

    @property
    def status_label(self) -> str:
        from planning.models import EntryStatus

        return EntryStatus(self.status).label


@dataclass(slots=True)
class BoardRow:
    post: BoardPost
    candidates: list[Candidate]


_STANDARDS = (
    ("Trình độ chuyên môn", "required_degree", "highest_degree"),
    ("Lý luận chính trị", "required_political_theory", "political_theory"),
    ("Quản lý nhà nước", "required_state_management", "state_management"),
)


def term_board(
    *, user: User, term: Term, unit: Unit | None = None, on: dt.date | None = None
) -> list[BoardRow]:
    """A term's board: the visible posts down the side, each with its live
    candidates' age, years to retirement, degree, political theory, last three
    evaluations and the standards they miss, in four queries whatever the number
    of posts (scope, posts, entries with their people, evaluations).

    Rows are read as values, not models: at 500 posts and 1,500 candidates model
    instances (a person has ~100 columns) and their related objects took most of
    the page's time (docs/benchmarks.md, "Planning")."""
    from django.db.models import Window
    from django.db.models.functions import RowNumber

    from planning import rules

    on = on or timezone.localdate()
    columns = ["id", "term_id", "unit_id", "unit__name", "position__name", "title"]
    for _label, required, _held in _STANDARDS:
        columns += [f"{required}__rank", f"{required}__name"]
    posts = {}
    for row in post_list(user=user, term=term, unit=unit).values_list(*columns):
        pk, term_id, unit_id, unit_name, position_name, title = row[:6]
        standards = [
            (label, row[6 + 2 * i], row[7 + 2 * i])
            for i, (label, _r, _h) in enumerate(_STANDARDS)
            if row[6 + 2 * i] is not None
        ]
        posts[pk] = BoardRow(
            post=BoardPost(
                pk=pk,
                term_id=term_id,
                unit_id=unit_id,
                unit_name=unit_name,
                name=title or position_name,
                standards=standards,
            ),
            candidates=[],
        )
    if not posts:
        return []
    entries = (
        Entry.objects.filter(post_id__in=list(posts), status__in=ACTIVE_STATUSES)
        .order_by("person__name_sort", "id")
        .values_list(
            "id",
            "post_id",
            "status",
            "person_id",
            "person__full_name",
            "person__gender",
            "person__birth_date",
            "person__retirement_date",
            "person__ethnic_group__is_minority",
            "person__highest_degree__name",
            "person__political_theory__name",
            *(f"person__{held}__rank" for _l, _r, held in _STANDARDS),
        )
    )
    candidates: list[Candidate] = []
    people: dict[int, BoardPerson] = {}
    for (
        entry_id,
        post_id,
        status,
        person_id,
        name,
        gender,
        birth,
        retirement,
        minority,
        degree,
        theory,
        *held,
    ) in entries:
        person = people.get(person_id)
        if person is None:
            person = people[person_id] = BoardPerson(
                pk=person_id,
                full_name=name,
                gender=gender,
                birth_date=birth,
                is_minority=bool(minority),
                degree=degree or "",
                political_theory=theory or "",
            )
        post = posts[post_id].post
        held_ranks = dict(
            zip((label for label, _r, _h in _STANDARDS), held, strict=True)
        )
        candidate = Candidate(
            entry_id=entry_id,
            status=status,
            person=person,
            age=registry_rules.age_on(
                birth_year=birth.year,
                birth_month=birth.month,
                birth_day=birth.day,
                on=max(on, birth),
            ),
            years_to_retirement=None
            if retirement is None
            else round((retirement - on).days / 365.25, 1),
            missing=rules.standards_missing(
                [
                    rules.Standard(
                        label=label,
                        required_rank=rank,
                        required_name=required_name,
                        held_rank=held_ranks[label] or 0,
                    )
                    for label, rank, required_name in post.standards
                ]
            ),
        )
        posts[post_id].candidates.append(candidate)
        candidates.append(candidate)
    # The last three evaluations of each candidate: one query, a window per person.
    last = (
        Evaluation.objects.filter(person_id__in=list(people))
        .annotate(
            n=Window(
                RowNumber(), partition_by=F("person_id"), order_by=F("year").desc()
            )
        )
        .filter(n__lte=3)
        .order_by("person_id", "-year")
        .values_list("person_id", "year", "level__name")
    )
    evaluations: dict[int, list[tuple[int, str]]] = {}
    for person_id, year, level in last:
        evaluations.setdefault(person_id, []).append((year, level))
    for candidate in candidates:
        candidate.evaluations = evaluations.get(candidate.person.pk, [])
    return list(posts.values())


def post_standards(*, post: PlannedPost, person: Person) -> list:
    """The post's standards beside what the person holds, as the rules read them."""
    from planning import rules

    pairs = (
        ("Trình độ chuyên môn", post.required_degree, person.highest_degree),
        ("Lý luận chính trị", post.required_political_theory, person.political_theory),
        ("Quản lý nhà nước", post.required_state_management, person.state_management),
    )
    return [
        rules.Standard(
            label=label,
            required_rank=required.rank,
            required_name=required.name,
            held_rank=held.rank if held else 0,
        )
        for label, required, held in pairs
        if required is not None
    ]


# --- The printed planning list -------------------------------------------------------


def planning_list_posts(
    *,
    user: User,
    term: Term,
    unit: Unit | None = None,
    include_proposed: bool = False,
) -> list[PlannedPost]:
    """The posts of a term's printed list (danh sách quy hoạch) in the user's units
    (one visible unit's subtree with `unit`) that have live entries, each with
    `live_entries`: the approved ones, and the proposed ones too when asked. Three
    queries whatever the number of posts: scope, posts, entries with their people."""
    from planning.models import EntryStatus

    statuses = ACTIVE_STATUSES if include_proposed else (EntryStatus.APPROVED,)
    live = (
        Entry.objects.filter(status__in=statuses)
        .select_related(
            "person__unit",
            "person__position",
            "person__highest_degree",
            "person__political_theory",
            "person__ethnic_group",
            "added_in",
        )
        .order_by("person__name_sort", "id")
    )
    posts = post_list(user=user, term=term, unit=unit).prefetch_related(
        Prefetch("entries", queryset=live, to_attr="live_entries")
    )
    return [post for post in posts if post.live_entries]


# --- Review rounds, rotations and appointments pages ---------------------------------


def review_round_list_with_counts(*, user: User, term: Term) -> QuerySet[ReviewRound]:
    """A term's review rounds in the user's units, with their numbers of proposed
    additions and removals, in one query."""
    from django.db.models import Count

    return (
        review_round_list(user=user, term=term)
        .annotate(
            additions=Count("items", filter=Q(items__kind="add")),
            removals=Count("items", filter=Q(items__kind="remove")),
        )
        .order_by("-year", "unit__path", "id")
    )


def review_round_removable(*, user: User, review: ReviewRound) -> QuerySet[Entry]:
    """Approved entries of the round's term on posts of the round's unit subtree: the
    ones the round may propose to take out."""
    return (
        entry_list(user=user, term=review.term)
        .filter(post__unit__path__startswith=review.unit.path, status="approved")
        .order_by("post__unit__path", "-post__rank", "post_id", "person__name_sort")
    )


@dataclass
class PostDiff:
    post: PlannedPost
    before: list[Entry]
    added: list[Entry]
    removed: list[Any]  # ReviewItem, with its entry
    after: list[Entry]


@dataclass
class RoundDiff:
    posts: list[PostDiff]
    composition: Any  # rules.Composition of the list after the round


def review_round_diff(*, user: User, review: ReviewRound) -> RoundDiff:
    """What a review round changes, post by post: the list before, its additions and
    removals, and the list after; with the composition of the list after. Before is
    the live list now for a draft, the list on the approval day for an approved
    round. Three queries whatever the number of posts and people."""
    from planning import rules
    from planning.models import ReviewItem

    posts = list(post_list(user=user, term=review.term, unit=review.unit))
    items = list(
        ReviewItem.objects.filter(round=review)
        .select_related("entry__person")
        .order_by("kind", "entry__person__name_sort", "id")
    )
    added_ids = {i.entry_id for i in items if i.kind == ReviewItem.Kind.ADD}
    removed_ids = {i.entry_id for i in items if i.kind == ReviewItem.Kind.REMOVE}
    entries = Entry.objects.filter(post__in=posts).select_related(
        "person__ethnic_group"
    )
    if review.status == ReviewRound.Status.DRAFT:
        entries = entries.filter(Q(status__in=ACTIVE_STATUSES) | Q(pk__in=added_ids))
    else:
        on = review.approved_on
        entries = entries.filter(proposed_on__lte=on).filter(
            Q(removed_on__isnull=True) | Q(removed_on__gte=on) | Q(pk__in=added_ids)
        )
    by_post: dict[int, list[Entry]] = {}
    for entry in entries.order_by("person__name_sort", "id"):
        by_post.setdefault(entry.post_id, []).append(entry)
    removals: dict[int, list] = {}
    for item in items:
        if item.kind == ReviewItem.Kind.REMOVE:
            removals.setdefault(item.entry.post_id, []).append(item)
    diffs, after_people = [], {}
    for post in posts:
        rows = by_post.get(post.pk, [])
        before = [e for e in rows if e.pk not in added_ids]
        added = [e for e in rows if e.pk in added_ids]
        after = [e for e in before if e.pk not in removed_ids] + added
        for entry in after:
            after_people[entry.person_id] = entry.person
        diffs.append(
            PostDiff(
                post=post,
                before=before,
                added=added,
                removed=removals.get(post.pk, []),
                after=after,
            )
        )
    members = [
        rules.Member(
            gender=p.gender,
            birth_date=p.birth_date,
            is_minority=bool(p.ethnic_group and p.ethnic_group.is_minority),
        )
        for p in after_people.values()
    ]
    mix = rules.composition(
        rules=rules.planning_rules(review.term.rule_version),
        level=review.term.level,
        members=members,
        on=review.term.starts_on,
    )
    return RoundDiff(posts=diffs, composition=mix)


def rotation_search(
    *,
    user: User,
    direction: str = "",
    unit: Unit | None = None,
    state: str = "",
    ending_within: int | None = None,
    on: dt.date | None = None,
) -> QuerySet[Rotation]:
    """Visible rotations by direction (Biểu 11), from or to a unit's subtree, running
    or ended, or running and due to end within N days."""
    on = on or timezone.localdate()
    rotations = rotation_list(user=user)
    if direction:
        rotations = rotations.filter(direction=direction)
    if unit is not None:
        unit = unit_get(user=user, pk=unit.pk)
        rotations = rotations.filter(
            Q(from_unit__path__startswith=unit.path)
            | Q(to_unit__path__startswith=unit.path)
        )
    if state == "running":
        rotations = rotations.filter(actual_end__isnull=True)
    elif state == "ended":
        rotations = rotations.filter(actual_end__isnull=False)
    if ending_within is not None:
        rotations = rotations.filter(
            actual_end__isnull=True,
            planned_end__gte=on,
            planned_end__lte=on + dt.timedelta(days=ending_within),
        )
    return rotations.order_by("-start", "-id")


def appointment_search(
    *,
    user: User,
    kind: str = "",
    unit: Unit | None = None,
    ending_within: int | None = None,
    on: dt.date | None = None,
) -> QuerySet[Appointment]:
    """Visible appointments by kind, in a unit's subtree, or whose term ends within
    N days (the reappointment notice is due 90 days ahead, §6)."""
    on = on or timezone.localdate()
    appointments = appointment_list(user=user)
    if kind:
        appointments = appointments.filter(kind=kind)
    if unit is not None:
        unit = unit_get(user=user, pk=unit.pk)
        appointments = appointments.filter(unit__path__startswith=unit.path)
    if ending_within is not None:
        appointments = appointments.filter(
            term_end__gte=on, term_end__lte=on + dt.timedelta(days=ending_within)
        )
    return appointments.order_by("-effective_on", "-id")


def person_main_assignment(*, person: Person, on: dt.date | None = None):
    """The person's main assignment on a date (today by default), or None: the
    "from" of a rotation."""
    on = on or timezone.localdate()
    return (
        person.assignments.filter(is_main=True, start__lte=on)
        .filter(Q(end__isnull=True) | Q(end__gte=on))
        .select_related("unit", "position")
        .order_by("-start")
        .first()
    )


@dataclass
class UnitRef:
    pk: int
    name: str


@dataclass
class UnitComposition:
    unit: UnitRef
    composition: Any  # rules.Composition
    young_under: int | None
    women_target: int | None
    young_target: int | None


def board_composition(*, term: Term, board: list[BoardRow]) -> list[UnitComposition]:
    """The composition panel of a board: for each unit of its posts, the unit's
    live list (people counted once) against the version's targets, read from the
    rows already loaded, so no query per unit. Warnings only (QĐ 50-QĐ/TW: women
    ≥25%, young ≥15%; QĐ 377-QĐ/TW: three age bands, shares without a number)."""
    from planning import rules

    version = rules.planning_rules(term.rule_version)
    units: dict[int, tuple[UnitRef, dict[int, BoardPerson]]] = {}
    for row in board:
        _, people = units.setdefault(
            row.post.unit_id, (UnitRef(row.post.unit_id, row.post.unit_name), {})
        )
        for candidate in row.candidates:
            people[candidate.person.pk] = candidate.person
    panel = []
    for unit, people in units.values():
        members = [
            rules.Member(
                gender=p.gender, birth_date=p.birth_date, is_minority=p.is_minority
            )
            for p in people.values()
        ]
        panel.append(
            UnitComposition(
                unit=unit,
                # As services.list_composition: ages on the day the term starts.
                composition=rules.composition(
                    rules=version, level=term.level, members=members, on=term.starts_on
                ),
                young_under=version.young_under.get(term.level),
                women_target=version.women_min_percent,
                young_target=version.young_min_percent,
            )
        )
    return panel


# --- The gap list: candidates short of a standard of their planned post -------------

# Filter key → (label, the post's required field, the person's held field).
GAP_STANDARDS = {
    "cm": ("Trình độ chuyên môn", "required_degree", "highest_degree"),
    "llct": ("Lý luận chính trị", "required_political_theory", "political_theory"),
    "qlnn": ("Quản lý nhà nước", "required_state_management", "state_management"),
}


def gap_standard_parse(value: str) -> tuple[str, int | None] | None:
    """A gap filter ("llct", "llct:12") as (standard, required level id); None for
    every standard, and for anything that is not a filter."""
    kind, _, level = (value or "").partition(":")
    if kind not in GAP_STANDARDS:
        return None
    if not level:
        return kind, None
    if not level.isdigit() or not 0 < int(level) < 2**62:
        return None
    return kind, int(level)


def _lacking(kind: str, level: int | None = None) -> Q:
    # As rules.standards_missing: a standard of rank > 0 the person holds below.
    _, required, held = GAP_STANDARDS[kind]
    condition = Q(**{f"post__{required}__rank__gt": 0}) & (
        Q(**{f"person__{held}__isnull": True})
        | Q(**{f"person__{held}__rank__lt": F(f"post__{required}__rank")})
    )
    if level is not None:
        condition &= Q(**{f"post__{required}_id": level})
    return condition


def gap_list(*, user: User, term: Term, standard: str = "") -> QuerySet[Entry]:
    """Live entries of a term whose person lacks a standard of the planned post
    (all standards, one, or one required level: "llct:<id>" for cao cấp LLCT), for
    the user's posts and people still working: those training can take."""
    parsed = gap_standard_parse(standard)
    if parsed is None:
        condition = Q()
        for kind in GAP_STANDARDS:
            condition |= _lacking(kind)
    else:
        condition = _lacking(*parsed)
    entries = entry_list(user=user, term=term).filter(
        condition, status__in=ACTIVE_STATUSES, person__left_on__isnull=True
    )
    # The training list shows the user's own people only; so does this list.
    entries = _in_scope(entries, user, "person__unit_id")
    return entries.select_related(
        "person__unit",
        "person__highest_degree",
        "person__political_theory",
        "person__state_management",
        "post__required_degree",
        "post__required_political_theory",
        "post__required_state_management",
    ).order_by("person__name_sort", "person_id", "post__unit__path", "-post__rank")


def gap_people(*, user: User, term: Term, standard: str = "") -> QuerySet[Person]:
    """The people of the gap list, as a person queryset for the training list."""
    return person_list(user=user).filter(
        pk__in=gap_list(user=user, term=term, standard=standard).values("person_id")
    )


def gap_standard_choices(*, user: User, term: Term) -> list[tuple[str, str]]:
    """The gap filter's choices: each standard, then each level the user's posts of
    the term require (one query)."""
    choices = [("", "Mọi tiêu chuẩn")]
    choices += [
        (kind, f"{label}: mọi mức") for kind, (label, _, _) in GAP_STANDARDS.items()
    ]
    fields = []
    for _, required, _ in GAP_STANDARDS.values():
        fields += [f"{required}_id", f"{required}__name"]
    seen = set()
    rows = post_list(user=user, term=term).order_by().values_list(*fields).distinct()
    for row in rows:
        for i, (kind, (label, _, _)) in enumerate(GAP_STANDARDS.items()):
            pk, name = row[2 * i], row[2 * i + 1]
            if pk is not None and (kind, pk) not in seen:
                seen.add((kind, pk))
                choices.append((f"{kind}:{pk}", f"{label}: {name}"))
    return choices[:4] + sorted(choices[4:], key=lambda c: c[1])


# --- A person's planning, rotations and appointments ---------------------------------


@dataclass
class PersonPlanning:
    person: Person
    entries: list[Entry]
    rotations: list[Rotation]
    appointments: list[Appointment]


def person_planning(*, user: User, pk: Any) -> PersonPlanning:
    """A visible person's planning entries (every status, with removal reasons),
    rotations and appointments; a person outside the user's units is a 404. A
    visible person's entries are all shown, whichever unit planned them, as their
    rotations and appointments are (rotation_list, appointment_list)."""
    try:
        person = person_list(user=user).get(pk=parse_pk(pk))
    except Person.DoesNotExist:
        raise Http404("Không tìm thấy hồ sơ") from None
    entries = (
        Entry.objects.filter(person=person)
        .select_related("post__term", "post__unit", "post__position")
        .order_by("-post__term__starts_on", "-proposed_on", "-id")
    )
    return PersonPlanning(
        person=person,
        entries=list(entries),
        rotations=list(rotation_list(user=user).filter(person=person)),
        appointments=list(appointment_list(user=user).filter(person=person)),
    )


# --- Reminders (nhắc việc) -----------------------------------------------------------


def reminder_list(
    *,
    user: User,
    kind: str = "",
    until: dt.date | None = None,
    dismissed: bool = False,
) -> QuerySet:
    """Reminders of the user's units, grouped by kind in the kinds' order, then by
    due date; without `dismissed`, only those nobody has marked done."""
    from django.db.models import Case, IntegerField, Value, When

    from planning.models import Reminder, ReminderKind

    reminders = Reminder.objects.select_related(
        "person",
        "unit",
        "appointment__position",
        "appointment__unit",
        "rotation__to_unit",
        "dismissed_by",
    )
    scope = unit_scope_ids(user=user)
    if scope is not None:
        # The unit of the last run and the person's unit now: someone who moved
        # since then no longer shows to their former unit.
        reminders = reminders.filter(unit_id__in=scope, person__unit_id__in=scope)
    if not dismissed:
        reminders = reminders.filter(dismissed_at__isnull=True)
    if kind:
        reminders = reminders.filter(kind=kind)
    if until is not None:
        reminders = reminders.filter(due_on__lte=until)
    order = Case(
        *(When(kind=k, then=Value(i)) for i, k in enumerate(ReminderKind.values)),
        output_field=IntegerField(),
    )
    return reminders.order_by(order, "due_on", "person__name_sort", "id")


def reminder_get(*, user: User, pk: Any):
    """One reminder of the user's units, dismissed or not, or 404."""
    from planning.models import Reminder

    try:
        return reminder_list(user=user, dismissed=True).get(pk=parse_pk(pk))
    except Reminder.DoesNotExist:
        raise Http404("Không tìm thấy nhắc việc") from None


def reminder_counts(*, user: User) -> list[tuple[str, str, int]]:
    """Open reminders of the user's units per kind (kind, label, count), in one
    query, every kind listed even at zero."""
    from django.db.models import Count

    from planning.models import ReminderKind

    counts = dict(
        reminder_list(user=user)
        .order_by()
        .values_list("kind")
        .annotate(n=Count("id"))
        .values_list("kind", "n")
    )
    return [(k.value, k.label, counts.get(k.value, 0)) for k in ReminderKind]


def person_get(*, user: User, pk: Any) -> Person:
    """One person in the user's scope with their current unit and post, or 404: the
    subject of a rotation or an appointment."""
    try:
        return (
            person_list(user=user)
            .select_related("unit", "position")
            .get(pk=parse_pk(pk))
        )
    except Person.DoesNotExist:
        raise Http404("Không tìm thấy hồ sơ") from None
