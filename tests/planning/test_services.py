"""Planning services: entries, removals, review rounds, appointments (which write
the person's assignments and history), rotations; and the scoped selectors."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from cadre_registry.history import person_change_log
from cadre_registry.models import Assignment, Discipline, DisciplineForm, Person
from planning import selectors, services
from planning.models import Entry, ReviewItem
from tests import factories

D = dt.date


def _people(tree, n, **fields):
    return [
        factories.person(unit=tree["office"], birth_date=D(1985, 5, 1), **fields)
        for _ in range(n)
    ]


def test_term_takes_the_rule_version_of_its_planning_date(term_2026, term_2020):
    assert term_2026.rule_version == "qd377_2025"
    assert term_2020.rule_version == "qd50_2021"
    assert term_2026.name == "2026-2031"


def test_term_before_any_planning_rule_is_refused(personas):
    with pytest.raises(ValidationError) as error:
        services.term_create(
            by=personas["admin"],
            level="tinh",
            starts_on=D(2015, 10, 1),
            ends_on=D(2020, 9, 30),
            planned_on=D(2016, 1, 1),
        )
    assert "Không có quy định" in str(error.value)


def test_add_entries_and_the_fourth_candidate_is_refused(post_director, tree, personas):
    people = _people(tree, 4)
    added = services.entries_add(
        by=personas["clerk"],
        post=post_director,
        people=people[:3],
        proposed_on=D(2026, 2, 1),
    )
    assert len(added.entries) == 3
    assert {e.rule_version for e in added.entries} == {"qd377_2025"}
    # They hold no cao cấp LLCT nor a degree: warned, stored, not blocked.
    warnings = added.warnings[people[0].pk]
    assert any("lý luận chính trị" in w for w in warnings)
    assert Entry.objects.get(pk=added.entries[0].pk).warnings == warnings
    with pytest.raises(ValidationError) as error:
        services.entries_add(
            by=personas["clerk"],
            post=post_director,
            people=[people[3]],
            proposed_on=D(2026, 2, 1),
        )
    assert "không quá 3 người" in str(error.value)
    assert Entry.objects.filter(person=people[3]).count() == 0


def test_a_removed_candidate_frees_the_seat(post_director, tree, personas):
    people = _people(tree, 4)
    added = services.entries_add(
        by=personas["clerk"],
        post=post_director,
        people=people[:3],
        proposed_on=D(2026, 2, 1),
    )
    removed = services.entry_remove(
        by=personas["clerk"],
        entry=added.entries[0],
        removed_on=D(2026, 4, 1),
        reason="moved",
        decision_number="12-QĐ/TU",
    )
    assert (removed.status, removed.removal_reason) == ("removed", "moved")
    services.entries_add(
        by=personas["clerk"],
        post=post_director,
        people=[people[3]],
        proposed_on=D(2026, 4, 2),
    )
    with pytest.raises(ValidationError):
        services.entry_remove(
            by=personas["clerk"], entry=removed, removed_on=D(2026, 5, 1), reason="died"
        )


def test_planned_post_must_be_higher_than_the_current_one(
    post_director, tree, personas, positions
):
    director = factories.person(
        unit=tree["home"], birth_date=D(1980, 1, 1), position=positions["giam_doc_so"]
    )
    with pytest.raises(ValidationError) as error:
        services.entries_add(
            by=personas["clerk"],
            post=post_director,
            people=[director],
            proposed_on=D(2026, 2, 1),
        )
    assert "không cao hơn" in str(error.value)


def test_too_old_for_two_terms_under_qd377(post_director, tree, personas):
    old = factories.person(unit=tree["office"], birth_date=D(1970, 1, 1))
    with pytest.raises(ValidationError) as error:
        services.entries_add(
            by=personas["clerk"],
            post=post_director,
            people=[old],
            proposed_on=D(2026, 2, 1),
        )
    assert "hai nhiệm kỳ" in str(error.value)


def test_discipline_blocks_for_its_waiting_period(post_director, tree, personas):
    (person,) = _people(tree, 1)
    Discipline.objects.create(
        person=person,
        form=DisciplineForm.objects.get(code="canh_cao"),
        violation="Vi phạm quy chế",
        start=D(2024, 6, 1),
    )
    with pytest.raises(ValidationError) as error:
        services.entries_add(
            by=personas["clerk"],
            post=post_director,
            people=[person],
            proposed_on=D(2026, 2, 1),
        )
    assert "36 tháng" in str(error.value)


def test_composition_warning_under_qd50(term_2020, tree, personas, positions):
    post = services.post_create(
        by=personas["clerk"],
        term=term_2020,
        unit=tree["home"],
        position=positions["giam_doc_so"],
    )
    men = [
        factories.person(unit=tree["office"], birth_date=D(1970, 1, 1))
        for _ in range(2)
    ]
    added = services.entries_add(
        by=personas["clerk"], post=post, people=men, proposed_on=D(2022, 3, 1)
    )
    text = " ".join(added.composition.warnings)
    assert "Tỷ lệ cán bộ nữ 0%" in text and "25%" in text
    assert added.entries[0].warnings == list(added.composition.warnings)


def test_outsiders_and_readers_cannot_add(post_director, tree, personas):
    (person,) = _people(tree, 1)
    for who in ("outsider", "leader"):
        with pytest.raises(PermissionDenied):
            services.entries_add(
                by=personas[who],
                post=post_director,
                people=[person],
                proposed_on=D(2026, 2, 1),
            )
    stranger = factories.person(unit=tree["other"], birth_date=D(1985, 1, 1))
    with pytest.raises(PermissionDenied):
        services.entries_add(
            by=personas["clerk"],
            post=post_director,
            people=[stranger],
            proposed_on=D(2026, 2, 1),
        )


def test_review_round_is_approved_as_a_whole(post_director, tree, personas):
    people = _people(tree, 3)
    first = services.entries_add(
        by=personas["clerk"],
        post=post_director,
        people=people[:2],
        proposed_on=D(2026, 2, 1),
    )
    services.entries_approve(
        by=personas["clerk"],
        entries=first.entries,
        approved_on=D(2026, 3, 1),
        decision_number="5-QĐ/TU",
    )
    review = services.review_round_create(
        by=personas["clerk"],
        term=post_director.term,
        unit=tree["home"],
        year=2027,
        proposed_on=D(2027, 3, 1),
    )
    services.review_round_propose_additions(
        by=personas["clerk"], review=review, post=post_director, people=[people[2]]
    )
    services.review_round_propose_removal(
        by=personas["clerk"], review=review, entry=first.entries[0], reason="standards"
    )
    # Nothing changes before the approval.
    assert Entry.objects.get(pk=first.entries[0].pk).status == "approved"
    assert Entry.objects.get(person=people[2]).status == "proposed"
    services.review_round_approve(
        by=personas["clerk"],
        review=review,
        approved_on=D(2027, 4, 1),
        decision_number="9-QĐ/TU",
    )
    removed = Entry.objects.get(pk=first.entries[0].pk)
    assert (removed.status, removed.removal_reason, removed.removed_on) == (
        "removed",
        "standards",
        D(2027, 4, 1),
    )
    assert removed.removal_decision_number == "9-QĐ/TU"
    added = Entry.objects.get(person=people[2])
    assert (added.status, added.added_in_id, added.decision_number) == (
        "approved",
        review.pk,
        "9-QĐ/TU",
    )
    assert sorted(
        ReviewItem.objects.filter(round=review).values_list("kind", flat=True)
    ) == ["add", "remove"]
    with pytest.raises(ValidationError):
        services.review_round_propose_removal(
            by=personas["clerk"], review=review, entry=first.entries[1], reason="other"
        )


def test_appointment_writes_the_assignments_and_history(tree, personas, positions):
    person = factories.person(
        unit=tree["office"],
        birth_date=D(1980, 1, 1),
        position=positions["truong_phong"],
        start=D(2020, 1, 1),
    )
    recorded = services.appointment_record(
        by=personas["clerk"],
        person=person,
        kind="bo_nhiem",
        unit=tree["home"],
        position=positions["pho_giam_doc_so"],
        decision_date=D(2026, 3, 1),
        effective_on=D(2026, 3, 15),
        decision_number="88-QĐ/UBND",
        decision_authority="UBND tỉnh",
    )
    appointment = recorded.obj
    assert appointment.term_end == D(2031, 3, 14)
    assert appointment.rule_version == "appointment_term_nd170_2025"
    assert any("Điều 34" in w for w in recorded.warnings)  # not planned for it
    rows = list(Assignment.objects.filter(person=person).order_by("start"))
    assert [(r.unit_id, r.position.code, r.start, r.end) for r in rows] == [
        (tree["office"].pk, "truong_phong", D(2020, 1, 1), D(2026, 3, 14)),
        (tree["home"].pk, "pho_giam_doc_so", D(2026, 3, 15), None),
    ]
    assert appointment.assignment == rows[1]
    assert rows[1].decision_number == "88-QĐ/UBND"
    reasons = {
        c.reason for c in person_change_log(person=person, include_sensitive=True)
    }
    assert (
        f"Bổ nhiệm theo quyết định 88-QĐ/UBND (bổ nhiệm #{appointment.pk})" in reasons
    )
    history = rows[1].history.first()
    assert history.history_user == personas["clerk"]


def test_promotion_needs_five_years_before_retirement(tree, personas, positions):
    person = factories.person(
        unit=tree["office"],
        birth_date=D(1966, 1, 1),
        position=positions["truong_phong"],
    )
    with pytest.raises(ValidationError) as error:
        services.appointment_record(
            by=personas["clerk"],
            person=person,
            kind="bo_nhiem",
            unit=tree["home"],
            position=positions["pho_giam_doc_so"],
            decision_date=D(2026, 3, 1),
            effective_on=D(2026, 3, 15),
        )
    assert "5 năm" in str(error.value)
    assert Assignment.objects.filter(person=person).count() == 1


def test_dismissal_closes_the_post(tree, personas, positions):
    person = factories.person(
        unit=tree["office"],
        birth_date=D(1980, 1, 1),
        position=positions["truong_phong"],
        start=D(2020, 1, 1),
    )
    services.appointment_record(
        by=personas["clerk"],
        person=person,
        kind="mien_nhiem",
        unit=tree["office"],
        position=positions["truong_phong"],
        decision_date=D(2026, 5, 1),
        effective_on=D(2026, 5, 1),
        title="Chuyên viên",
    )
    rows = list(Assignment.objects.filter(person=person).order_by("start"))
    assert [(r.position_id, r.end) for r in rows] == [
        (positions["truong_phong"].pk, D(2026, 4, 30)),
        (None, None),
    ]
    assert Person.objects.get(pk=person.pk).position_id is None


def test_rotation_moves_the_person_and_checks_years_left(tree, personas, positions):
    young = factories.person(
        unit=tree["office"], birth_date=D(1985, 1, 1), start=D(2020, 1, 1)
    )
    recorded = services.rotation_record(
        by=personas["admin"],
        person=young,
        to_unit=tree["other"],
        to_position=positions["pho_giam_doc_so"],
        direction="nganh_sang_nganh",
        start=D(2026, 3, 1),
        planned_end=D(2029, 3, 1),
        decision_number="3-QĐ/TU",
    )
    rotation = recorded.obj
    assert (rotation.from_unit, rotation.rule_version) == (tree["office"], "qd65_2022")
    assert Person.objects.get(pk=young.pk).unit == tree["other"]
    assert rotation.assignment.start == D(2026, 3, 1)
    old = factories.person(
        unit=tree["office"], birth_date=D(1970, 1, 1), start=D(2020, 1, 1)
    )
    fields = dict(
        by=personas["admin"],
        person=old,
        to_unit=tree["other"],
        direction="nganh_sang_nganh",
        start=D(2026, 3, 1),
        planned_end=D(2029, 3, 1),
    )
    with pytest.raises(ValidationError) as error:
        services.rotation_record(**fields)
    assert "10 năm" in str(error.value)
    special = services.rotation_record(**fields, exception_reason="BTV quyết định")
    assert "BTV quyết định" in special.warnings[0]
    assert special.obj.warnings == special.warnings


def test_selectors_scope_posts_entries_and_rounds(
    post_director, tree, personas, positions
):
    (person,) = _people(tree, 1)
    added = services.entries_add(
        by=personas["clerk"],
        post=post_director,
        people=[person],
        proposed_on=D(2026, 2, 1),
    )
    entry = added.entries[0]
    assert (
        selectors.post_get(user=personas["leader"], pk=post_director.pk)
        == post_director
    )
    assert selectors.entry_get(user=personas["clerk"], pk=entry.pk) == entry
    for getter, pk in (
        (selectors.post_get, post_director.pk),
        (selectors.entry_get, entry.pk),
    ):
        with pytest.raises(Http404):
            getter(user=personas["outsider"], pk=pk)
    with pytest.raises(Http404):
        selectors.post_list(user=personas["outsider"], unit=tree["home"])
    assert (
        list(selectors.post_list(user=personas["outsider"], term=post_director.term))
        == []
    )
    board = selectors.term_board(
        user=personas["leader"], term=post_director.term, on=D(2026, 2, 1)
    )
    assert [len(row.candidates) for row in board] == [1]
    candidate = board[0].candidates[0]
    assert candidate.age == 40 and candidate.years_to_retirement > 20
    assert any("lý luận chính trị" in m for m in candidate.missing)


def test_selectors_scope_appointments_and_rotations(tree, personas, positions):
    person = factories.person(
        unit=tree["office"], birth_date=D(1985, 1, 1), start=D(2020, 1, 1)
    )
    rotation = services.rotation_record(
        by=personas["admin"],
        person=person,
        to_unit=tree["other"],
        direction="nganh_sang_nganh",
        start=D(2026, 3, 1),
        planned_end=D(2029, 3, 1),
    ).obj
    # From the clerk's unit to the outsider's: both see it.
    assert selectors.rotation_get(user=personas["clerk"], pk=rotation.pk) == rotation
    assert selectors.rotation_get(user=personas["outsider"], pk=rotation.pk) == rotation
    stranger = factories.person(unit=tree["other"], birth_date=D(1985, 1, 1))
    appointment = services.appointment_record(
        by=personas["outsider"],
        person=stranger,
        kind="bo_nhiem",
        unit=tree["other"],
        position=positions["truong_phong"],
        decision_date=D(2026, 3, 1),
        effective_on=D(2026, 3, 1),
    ).obj
    with pytest.raises(Http404):
        selectors.appointment_get(user=personas["clerk"], pk=appointment.pk)
    assert (
        selectors.appointment_get(user=personas["admin"], pk=appointment.pk)
        == appointment
    )
