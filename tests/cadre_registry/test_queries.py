"""Query budgets (R7): pages make as many queries for many rows as for few."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cadre_registry import services
from cadre_registry.models import (
    Evaluation,
    EvaluationLevel,
    FamilyMember,
    Grade,
    SalaryRecord,
)
from tests import factories


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _add_people(tree, n, by):
    level = EvaluationLevel.objects.filter(code="tot").first()
    grade = Grade.objects.get(code="01.003", code_list__key__contains="2021")
    for i in range(n):
        person = factories.person(
            unit=tree["office"], birth_date=dt.date(1970 + i % 20, 1 + i % 12, 1)
        )
        services.history_row_save(
            person=person, row=Evaluation(year=2020 + i % 5, level=level), by=by
        )
        services.history_row_save(
            person=person,
            row=SalaryRecord(
                grade=grade,
                step=1 + i % 9,
                coefficient=grade.steps.get(step=1 + i % 9).coefficient,
                start=dt.date(2020, 1, 1),
            ),
            by=by,
        )


@pytest.mark.parametrize("persona", ["clerk", "admin"])
def test_person_list_queries_do_not_grow_with_rows(client, personas, tree, persona):
    client.force_login(personas[persona])
    _add_people(tree, 3, personas["admin"])
    few = _count(client, reverse("person_list"))
    _add_people(tree, 30, personas["admin"])
    many = _count(client, reverse("person_list"))
    assert few == many


def test_person_detail_queries_do_not_grow_with_history(client, personas, huong):
    client.force_login(personas["clerk"])
    level = EvaluationLevel.objects.filter(code="tot").first()
    services.history_row_save(
        person=huong, row=Evaluation(year=2020, level=level), by=personas["clerk"]
    )
    services.history_row_save(
        person=huong,
        row=FamilyMember(relation="cha", full_name="Nguyễn Văn A"),
        by=personas["clerk"],
    )
    few = _count(client, reverse("person_detail", args=[huong.pk]))
    for year in range(2010, 2020):
        services.history_row_save(
            person=huong, row=Evaluation(year=year, level=level), by=personas["clerk"]
        )
        services.history_row_save(
            person=huong,
            row=FamilyMember(relation="con", full_name=f"Nguyễn Văn Con {year}"),
            by=personas["clerk"],
        )
    many = _count(client, reverse("person_detail", args=[huong.pk]))
    assert few == many


def test_change_log_queries_do_not_grow_with_changes(client, personas, huong):
    client.force_login(personas["clerk"])
    few = _count(client, reverse("person_changes", args=[huong.pk]))
    for i in range(10):
        services.person_update(
            person=huong, by=personas["clerk"], phone=f"09120000{i:02d}"
        )
    many = _count(client, reverse("person_changes", args=[huong.pk]))
    assert few == many


def test_unit_tree_queries_do_not_grow_with_units(client, personas, tree):
    client.force_login(personas["admin"])
    few = _count(client, reverse("unit_tree") + f"?parent={tree['province'].pk}")
    for i in range(10):
        factories.unit(parent=tree["province"], name=f"Ban {i}")
    many = _count(client, reverse("unit_tree") + f"?parent={tree['province'].pk}")
    assert few == many


def test_person_get_leaves_the_planner_as_it_found_it(personas, huong):
    """person_get plans its join in written order; inside a caller's transaction (a
    savepoint) the setting must not outlive the query."""
    from django.db import transaction

    from cadre_registry import selectors

    def limit():
        with connection.cursor() as cursor:
            cursor.execute("SHOW join_collapse_limit")
            return cursor.fetchone()[0]

    before = limit()
    with transaction.atomic():
        person = selectors.person_get(user=personas["clerk"], pk=huong.pk)
        assert limit() == before
    assert person.full_name == "Nguyễn Thị Hương"
