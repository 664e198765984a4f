import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction

from cadre_registry import services
from cadre_registry.models import (
    Assignment,
    Evaluation,
    EvaluationLevel,
    Grade,
    Person,
    SalaryRecord,
    Unit,
)
from tests import factories


def test_unit_paths_nest(tree):
    assert tree["office"].path.startswith(tree["home"].path)
    assert tree["home"].path.startswith(tree["province"].path)
    assert tree["office"].depth == 3


def test_unit_move_rewrites_the_whole_subtree(tree):
    leaf = factories.unit(parent=tree["office"])
    services.unit_move(unit=tree["office"], new_parent=tree["other"])
    leaf.refresh_from_db()
    tree["office"].refresh_from_db()
    assert tree["office"].path == tree["other"].path + f"{tree['office'].pk:06d}/"
    assert leaf.path.startswith(tree["office"].path)
    assert leaf.depth == 4


def test_unit_cannot_move_under_its_own_descendant(tree):
    with pytest.raises(ValidationError):
        services.unit_move(unit=tree["home"], new_parent=tree["office"])


def test_person_create_sets_unit_and_retirement(huong, tree):
    huong.refresh_from_db()
    assert huong.unit == tree["office"]
    # Woman born 03/1980 reaches 60 in 2040 (>= 2035: 60 years) -> 31/03/2040.
    assert huong.retirement_date == dt.date(2040, 3, 31)


def test_overlapping_main_assignment_is_refused_by_the_service(huong, tree, personas):
    row = Assignment(unit=tree["home"], start=dt.date(2020, 1, 1), is_main=True)
    with pytest.raises(ValidationError) as error:
        services.history_row_save(person=huong, row=row, by=personas["clerk"])
    assert "Trùng thời gian" in str(error.value)


def test_overlapping_main_assignment_is_refused_by_the_database(huong, tree):
    # Bypass the service: the trigger is the last line of defence (COPY, raw SQL).
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(
            person=huong, unit=tree["home"], start=dt.date(2020, 1, 1), is_main=True
        )


def test_concurrent_assignment_may_overlap(huong, tree, personas):
    row = Assignment(
        unit=tree["home"], start=dt.date(2020, 1, 1), is_main=False, title="Kiêm nhiệm"
    )
    services.history_row_save(person=huong, row=row, by=personas["clerk"])
    assert huong.assignments.count() == 2


def test_moving_to_a_new_unit_changes_the_current_unit(huong, tree, personas):
    first = huong.assignments.get()
    first.end = dt.date(2023, 12, 31)
    services.history_row_save(person=huong, row=first, by=personas["clerk"])
    services.history_row_save(
        person=huong,
        row=Assignment(unit=tree["home"], start=dt.date(2024, 1, 1)),
        by=personas["clerk"],
    )
    huong.refresh_from_db()
    assert huong.unit == tree["home"]


def test_salary_history_drives_the_current_grade(huong, personas):
    grade = Grade.objects.get(code="01.003", code_list__key__contains="2021")
    services.history_row_save(
        person=huong,
        row=SalaryRecord(
            grade=grade, step=3, coefficient="3.00", start=dt.date(2021, 1, 1)
        ),
        by=personas["clerk"],
    )
    services.history_row_save(
        person=huong,
        row=SalaryRecord(
            grade=grade, step=4, coefficient="3.33", start=dt.date(2024, 1, 1)
        ),
        by=personas["clerk"],
    )
    huong.refresh_from_db()
    assert (huong.grade, huong.salary_step, str(huong.salary_coefficient)) == (
        grade,
        4,
        "3.33",
    )


def test_salary_step_must_exist_in_the_grade(huong, personas):
    grade = Grade.objects.get(code="01.001", code_list__key__contains="2021")  # 6 steps
    with pytest.raises(ValidationError) as error:
        services.history_row_save(
            person=huong,
            row=SalaryRecord(
                grade=grade, step=7, coefficient="8.00", start=dt.date(2021, 1, 1)
            ),
            by=personas["clerk"],
        )
    assert "bậc 1 đến 6" in str(error.value)


def test_as_of_refresh_follows_dates(huong, tree, personas):
    first = huong.assignments.get()
    first.end = dt.date(2030, 6, 30)
    services.history_row_save(person=huong, row=first, by=personas["clerk"])
    services.history_row_save(
        person=huong,
        row=Assignment(unit=tree["home"], start=dt.date(2030, 7, 1)),
        by=personas["clerk"],
    )
    huong.refresh_from_db()
    assert huong.unit == tree["office"]  # the move is in the future
    changed = services.refresh_current_all(on=dt.date(2030, 7, 1))
    huong.refresh_from_db()
    assert changed == 1 and huong.unit == tree["home"]
    assert services.refresh_current_all(on=dt.date(2030, 7, 1)) == 0  # idempotent


def test_leader_cannot_write(huong, personas):
    with pytest.raises(PermissionDenied):
        services.person_update(person=huong, by=personas["leader"], phone="0912345678")


def test_outsider_cannot_write(huong, personas):
    with pytest.raises(PermissionDenied):
        services.person_update(
            person=huong, by=personas["outsider"], phone="0912345678"
        )


def test_outsider_cannot_create_in_a_foreign_unit(tree, personas):
    with pytest.raises(PermissionDenied):
        services.person_create(
            by=personas["outsider"],
            unit=tree["office"],
            start=dt.date(2020, 1, 1),
            full_name="Lê Văn Lạ",
            gender="M",
            birth_date=dt.date(1990, 1, 1),
        )
    assert not Person.objects.filter(full_name="Lê Văn Lạ").exists()


def test_national_id_must_have_12_digits_in_the_database(huong):
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.filter(pk=huong.pk).update(national_id="12345")


def test_national_id_is_unique(huong, tree, personas):
    with pytest.raises(ValidationError):
        services.person_create(
            by=personas["clerk"],
            unit=tree["office"],
            start=dt.date(2020, 1, 1),
            full_name="Lê Văn Trùng",
            gender="M",
            birth_date=dt.date(1990, 1, 1),
            national_id=huong.national_id,
        )


def test_one_evaluation_per_year(huong, personas):
    level = EvaluationLevel.objects.filter(code="tot").first()
    services.history_row_save(
        person=huong, row=Evaluation(year=2024, level=level), by=personas["clerk"]
    )
    with pytest.raises(ValidationError):
        services.history_row_save(
            person=huong, row=Evaluation(year=2024, level=level), by=personas["clerk"]
        )


def test_every_change_is_in_the_history_with_its_author(huong, personas):
    services.person_update(person=huong, by=personas["clerk"], phone="0912345678")
    record = huong.history.order_by("-history_date").first()
    assert record.phone == "0912345678"
    assert record.history_user == personas["clerk"]


def test_unit_merge_moves_people_and_keeps_history(huong, tree, personas):
    new = factories.unit(
        code="SNV-MOI", name="Sở Nội vụ (mới)", parent=tree["province"]
    )
    services.unit_merge(
        predecessors=[tree["office"]],
        successor=new,
        effective=dt.date(2025, 7, 1),
        by=personas["admin"],
    )
    huong.refresh_from_db()
    tree["office"].refresh_from_db()
    assert huong.unit == new
    assert tree["office"].valid_to == dt.date(2025, 6, 30)
    rows = list(huong.assignments.order_by("start").values_list("unit__code", "end"))
    assert rows == [("SNV-CC", dt.date(2025, 6, 30)), ("SNV-MOI", None)]
    assert tree["office"].successions.get().successor == new


def test_subtree_query_uses_the_path_index(tree):
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM cadre_registry_unit WHERE path LIKE %s",
            [tree["home"].path + "%"],
        )
        plan = " ".join(row[0] for row in cursor.fetchall())
        cursor.execute("SET enable_seqscan = on")
    assert "Index" in plan and "cadre_registry_unit_path" in plan and "_like" in plan
    assert Unit.objects.filter(path__startswith=tree["home"].path).count() == 2


def test_list_as_of_a_past_date_reads_the_histories(client, huong, tree, personas):
    from django.urls import reverse

    first = huong.assignments.get()
    first.end = dt.date(2023, 12, 31)
    services.history_row_save(person=huong, row=first, by=personas["clerk"])
    services.history_row_save(
        person=huong,
        row=Assignment(unit=tree["home"], start=dt.date(2024, 1, 1)),
        by=personas["clerk"],
    )
    client.force_login(personas["clerk"])
    office = tree["office"].pk
    now = client.get(reverse("person_list"), {"unit": office}).content.decode()
    then = client.get(
        reverse("person_list"), {"unit": office, "as_of": "01/06/2023"}
    ).content.decode()
    before_hired = client.get(
        reverse("person_list"), {"unit": office, "as_of": "01/06/2010"}
    ).content.decode()
    assert "Nguyễn Thị Hương" not in now
    assert "Nguyễn Thị Hương" in then and "tại ngày 01/06/2023" in then
    assert "Nguyễn Thị Hương" not in before_hired
