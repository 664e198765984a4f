"""The personnel list's query string turned into a scoped queryset, shared by the
list page, the exports and the background export task, so all three agree."""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.http import QueryDict

from cadre_registry import selectors
from cadre_registry.forms import PersonFilterForm


@dataclass
class Listing:
    form: PersonFilterForm
    filters: selectors.PersonFilter
    people: object  # QuerySet[Person]
    data: dict
    # The same people without the name search: a search's pages and count are read
    # from the word index and checked against these (selectors.person_page).
    unsearched: object = None


def people_listing(*, user, query: QueryDict) -> Listing:
    """Validate the filters (bad ones are dropped), resolve the unit through the scoped
    selector (404 outside scope) and filter the user's people."""
    form = PersonFilterForm(query or None, can_see_sensitive=user.can_see_sensitive)
    data = {}
    if form.is_bound:
        form.is_valid()  # invalid fields drop out of cleaned_data; the rest still filter
        data = form.cleaned_data
    unit = selectors.unit_get(user=user, pk=data["unit"]) if data.get("unit") else None
    filters = form.to_filter(unit=unit) if form.is_bound else selectors.PersonFilter()
    # A past date reads the subtree from the dated assignments (person_filter);
    # today's list takes it from the current unit, as one IN list.
    scoped = selectors.person_list(user=user, unit=None if filters.as_of else unit)
    people = selectors.person_filter(people=scoped, filters=filters, user=user)
    unsearched = (
        selectors.person_filter(
            people=scoped, filters=replace(filters, q=""), user=user
        )
        if filters.q
        else people
    )
    return Listing(
        form=form, filters=filters, people=people, data=data, unsearched=unsearched
    )
