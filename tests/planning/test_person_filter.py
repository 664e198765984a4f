"""The personnel filter "Quy hoạch": people with an approved entry of a running term,
the list training nominates from ("in the planning list but without cao cấp LLCT")."""

import datetime as dt

from django.http import QueryDict
from django.test import Client

from cadre_registry.listing import people_listing
from planning import services
from tests import factories

D = dt.date


def test_in_planning_filter_counts_approved_entries_of_running_terms(
    tree, personas, post_director
):
    approved, proposed, removed, outside = (
        factories.person(
            full_name=f"Người {n}", unit=tree["office"], birth_date=D(1985, 5, 1)
        )
        for n in "ABCD"
    )
    added = services.entries_add(
        by=personas["clerk"],
        post=post_director,
        people=[approved, proposed, removed],
        proposed_on=D(2026, 2, 1),
    ).entries
    services.entries_approve(
        by=personas["clerk"], entries=[added[0], added[2]], approved_on=D(2026, 3, 1)
    )
    services.entry_remove(
        by=personas["clerk"], entry=added[2], removed_on=D(2026, 4, 1), reason="moved"
    )
    clerk = personas["clerk"]

    def names(query: str) -> set[str]:
        listing = people_listing(user=clerk, query=QueryDict(query))
        return set(listing.people.values_list("full_name", flat=True))

    everyone = names("")
    assert names("in_planning=1") == {"Người A"}
    assert names("in_planning=0") == everyone - {"Người A"}
    assert {"Người B", "Người C", "Người D"} <= names("in_planning=0")
    # With the political theory filter, as the nominating page combines them.
    assert names("in_planning=1&political_theory=cao_cap") == set()
    # A bad value is dropped with the others kept, not a 500.
    assert names("in_planning=<b>") == everyone
    # Through the page: the filter is on the form and filters the table.
    client = Client()
    client.force_login(clerk)
    page = client.get("/can-bo/", {"in_planning": "1"})
    assert page.status_code == 200
    assert "Người A" in page.text and "Người B" not in page.text
    assert 'name="in_planning"' in page.text
