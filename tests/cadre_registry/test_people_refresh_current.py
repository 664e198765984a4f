"""services.people_refresh_current (one statement, for imports) derives the same
current unit, post and salary as person_refresh_current (the editors' one person at
a time), on people whose histories cover each way the choice can go."""

import datetime as dt
from decimal import Decimal

from cadre_registry import services
from cadre_registry.models import Assignment, Grade, Person, Position, SalaryRecord
from tests import factories

ON = dt.date(2026, 6, 1)
CURRENT = ("unit_id", "position_id", "position_title", "grade_id", "salary_step")


def _state(ids) -> dict:
    return {
        p["id"]: p
        for p in Person.objects.filter(id__in=ids).values(
            "id", *CURRENT, "salary_coefficient"
        )
    }


def _scramble(ids, unit) -> None:
    """Cached fields that the refresh must put right."""
    Person.objects.filter(id__in=ids).update(
        unit_id=unit.id,
        position_id=None,
        position_title="sai",
        grade_id=None,
        salary_step=99,
        salary_coefficient=Decimal("9.99"),
    )


def _main(person, unit, start, end=None, position=None, title="", is_main=True):
    return Assignment.objects.create(
        person=person,
        unit=unit,
        start=start,
        end=end,
        position=position,
        title=title,
        is_main=is_main,
    )


def test_one_statement_chooses_as_the_one_person_service_does(tree):
    office, other, home = tree["office"], tree["other"], tree["home"]
    post = Position.objects.order_by("id").first()
    grade = Grade.objects.filter(steps__isnull=False).order_by("id").first()
    people = {}

    def person(key):
        p = factories.person(unit=office, start=dt.date(2010, 1, 1))
        Assignment.objects.filter(person=p).delete()  # each case sets its own
        people[key] = p
        return p

    # In force, with a post; a salary step before and one after the date.
    p = person("in_force")
    _main(p, other, dt.date(2020, 1, 1), position=post, title="Phó Giám đốc")
    _main(p, home, dt.date(2019, 1, 1), is_main=False, title="Kiêm nhiệm")
    for start, step in ((dt.date(2021, 1, 1), 2), (dt.date(2027, 1, 1), 3)):
        SalaryRecord.objects.create(
            person=p, grade=grade, step=step, coefficient=Decimal("2.67"), start=start
        )
    # Moved: an ended period, then the one in force.
    p = person("moved")
    _main(p, other, dt.date(2015, 1, 1), dt.date(2022, 12, 31), position=post)
    _main(p, home, dt.date(2023, 1, 1), title="Chuyên viên")
    # Between posts: the last one ended; its unit keeps the records, no post.
    p = person("ended")
    _main(p, other, dt.date(2015, 1, 1), dt.date(2024, 3, 31), position=post)
    # Not started yet: the earliest of the future ones.
    p = person("future")
    _main(p, home, dt.date(2028, 1, 1))
    _main(p, other, dt.date(2027, 1, 1), dt.date(2027, 12, 31), position=post)
    # No main assignment at all: no unit.
    p = person("none")
    _main(p, home, dt.date(2020, 1, 1), is_main=False)
    ids = [p.id for p in people.values()]

    _scramble(ids, office)
    assert services.people_refresh_current(person_ids=ids + ids[:1], on=ON) == len(ids)
    together = _state(ids)
    assert services.people_refresh_current(person_ids=ids, on=ON) == 0  # idempotent

    _scramble(ids, office)
    for p in people.values():
        services.person_refresh_current(person=p, on=ON)
    assert _state(ids) == together

    _scramble(ids, office)  # the nightly refresh of everyone: the same choice
    assert services.refresh_current_all(on=ON) >= len(ids)
    assert _state(ids) == together

    by = {key: together[p.id] for key, p in people.items()}
    assert (by["in_force"]["unit_id"], by["in_force"]["position_id"]) == (
        other.id,
        post.id,
    )
    assert by["in_force"]["position_title"] == "Phó Giám đốc"
    assert (by["in_force"]["grade_id"], by["in_force"]["salary_step"]) == (grade.id, 2)
    assert (by["moved"]["unit_id"], by["moved"]["position_id"]) == (home.id, None)
    assert by["moved"]["position_title"] == "Chuyên viên"
    assert (by["ended"]["unit_id"], by["ended"]["position_title"]) == (other.id, "")
    assert by["ended"]["position_id"] is None
    assert (by["future"]["unit_id"], by["future"]["position_id"]) == (other.id, None)
    assert by["none"]["unit_id"] is None
    assert by["none"]["salary_step"] is None and by["none"]["grade_id"] is None


def test_only_the_people_named_are_touched(tree):
    office, other = tree["office"], tree["other"]
    named = factories.person(unit=office)
    left_alone = factories.person(unit=office)
    _scramble([named.id, left_alone.id], other)
    assert services.people_refresh_current(person_ids=[named.id]) == 1
    assert Person.objects.get(id=named.id).unit_id == office.id
    assert Person.objects.get(id=left_alone.id).unit_id == other.id
    assert services.people_refresh_current(person_ids=[]) == 0
