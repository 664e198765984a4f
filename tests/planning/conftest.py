"""Planning fixtures: terms of both rule versions and planned posts on the shared tree."""

import datetime as dt

import pytest

from cadre_registry.models import Degree, PoliticalTheoryLevel, Position


@pytest.fixture
def positions(reference):
    return {p.code: p for p in Position.objects.all()}


@pytest.fixture
def term_2026(personas):
    """Nhiệm kỳ 2026-2031 of the agencies, drawn up in 2026: QĐ 377."""
    from planning import services

    return services.term_create(
        by=personas["admin"],
        level="co_quan",
        starts_on=dt.date(2026, 7, 1),
        ends_on=dt.date(2031, 6, 30),
        planned_on=dt.date(2026, 1, 15),
    )


@pytest.fixture
def term_2020(personas):
    """Nhiệm kỳ 2020-2025 of the agencies, reviewed in 2022: QĐ 50."""
    from planning import services

    return services.term_create(
        by=personas["admin"],
        level="co_quan",
        starts_on=dt.date(2020, 10, 1),
        ends_on=dt.date(2025, 9, 30),
        planned_on=dt.date(2022, 3, 1),
    )


@pytest.fixture
def post_director(term_2026, tree, personas, positions):
    """Giám đốc Sở Nội vụ in 2026-2031, needing cao cấp LLCT and a university degree."""
    from planning import services

    return services.post_create(
        by=personas["clerk"],
        term=term_2026,
        unit=tree["home"],
        position=positions["giam_doc_so"],
        required_political_theory=PoliticalTheoryLevel.objects.get(code="cao_cap"),
        required_degree=Degree.objects.get(code="dai_hoc"),
    )
