"""Planning reads, scoped through the registry's one scope (`unit_scope_ids`,
`person_list`, `unit_get`): a planned post, its entries and a review round are
visible when their unit is in the user's subtrees; a rotation or an appointment
when its person is, or one of its units. Anything else is a 404. Terms are shared
by every unit of a level."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from cadre_registry import rules as registry_rules
from cadre_registry.models import Person, Unit, User
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


@dataclass
class Candidate:
    entry: Entry
    age: int
    years_to_retirement: float | None
    missing: list[str]


@dataclass
class BoardRow:
    post: PlannedPost
    candidates: list[Candidate]


def term_board(
    *, user: User, term: Term, unit: Unit | None = None, on: dt.date | None = None
) -> list[BoardRow]:
    """A term's board: the visible posts down the side, each with its live
    candidates' age, years to retirement and the standards they miss, in three
    queries whatever the number of posts."""
    from planning import rules

    on = on or timezone.localdate()
    live = Entry.objects.filter(status__in=ACTIVE_STATUSES).select_related(
        "person__highest_degree",
        "person__political_theory",
        "person__state_management",
        "person__position",
    )
    posts = post_list(user=user, term=term, unit=unit).prefetch_related(
        Prefetch("entries", queryset=live.order_by("person__name_sort", "id"))
    )
    board = []
    for post in posts:
        candidates = []
        for entry in post.entries.all():
            person = entry.person
            birth = person.birth_date
            retirement = person.retirement_date
            candidates.append(
                Candidate(
                    entry=entry,
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
                        post_standards(post=post, person=person)
                    ),
                )
            )
        board.append(BoardRow(post=post, candidates=candidates))
    return board


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
