"""Reads of the API: the registry's and the reports' scoped selectors, with the
joins of the fields the API returns, so that a page costs the same few queries for
one person as for fifty."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from cadre_registry.models import Person, Unit, User
from cadre_registry.selectors import (
    PersonFilter,
    capped_count,
    person_filter,
    person_list,
)
from reports.models import Snapshot
from reports.snapshot_selectors import snapshot_list

PAGE_SIZE = 50

# The columns the API's person fields read; anything else stays in the table (a
# person row is ~80 columns, its search vector among them).
PERSON_COLUMNS = (
    "personnel_code",
    "full_name",
    "name_sort",
    "birth_date",
    "gender",
    "position_title",
    "retirement_date",
    "left_on",
    "unit__name",
    "unit__code",
    "position__code",
    "position__name",
    "highest_degree__code",
    "highest_degree__name",
    "political_theory__code",
    "political_theory__name",
)
SENSITIVE_COLUMNS = (
    "national_id",
    "ethnic_group__code",
    "ethnic_group__name",
    "religion__code",
    "religion__name",
)


def _with_fields(people: QuerySet[Person], *, user: User) -> QuerySet[Person]:
    related = ["unit", "position", "highest_degree", "political_theory"]
    columns = list(PERSON_COLUMNS)
    if user.can_see_sensitive:
        related += ["ethnic_group", "religion"]
        columns += SENSITIVE_COLUMNS
    return people.select_related(*related).only(*columns)


def api_person_list(
    *, user: User, unit: Unit | None = None, q: str = ""
) -> QuerySet[Person]:
    """The people in service the user may see (in `unit`'s subtree, matching the
    search `q` as the personnel list does), by name."""
    people = person_list(user=user, unit=unit)
    people = person_filter(people=people, filters=PersonFilter(q=q), user=user)
    return _with_fields(people, user=user).order_by("name_sort", "id")


def api_person_get(*, user: User, pk: int) -> Person:
    """One person the user may see, in service or not (as the résumé page), or 404."""
    try:
        return _with_fields(person_list(user=user), user=user).get(pk=pk)
    except Person.DoesNotExist:
        raise Http404("Không tìm thấy hồ sơ") from None


def api_snapshot_list(*, user: User) -> QuerySet[Snapshot]:
    """Snapshots of the definitions the user owns or receives (all for an
    administrator), newest first, without their figures."""
    return snapshot_list(user=user).defer("figures").order_by("-on", "-id")


def api_snapshot_get(*, user: User, pk: int) -> Snapshot:
    """One snapshot the user may see, with its figures, or 404."""
    try:
        return snapshot_list(user=user).get(pk=pk)
    except Snapshot.DoesNotExist:
        raise Http404("Không tìm thấy kỳ số liệu") from None


@dataclass
class ApiPage:
    rows: list[Any]
    page: int
    page_size: int
    has_next: bool
    count: int
    count_capped: bool


def api_page(queryset: QuerySet, *, page: int, size: int = PAGE_SIZE) -> ApiPage:
    """One numbered page and the (capped) count: two queries whatever the page.
    Numbered pages are what the exchanging tools ask for; OFFSET grows with the
    page number, which the cap on `page` bounds."""
    offset = (page - 1) * size
    rows = list(queryset[offset : offset + size + 1])
    count, capped = capped_count(queryset)
    return ApiPage(
        rows=rows[:size],
        page=page,
        page_size=size,
        has_next=len(rows) > size,
        count=count,
        count_capped=capped,
    )
