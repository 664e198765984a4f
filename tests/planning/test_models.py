"""Database constraints of the planning models (STYLE R4): what the database refuses
even when a service is bypassed."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from planning.models import Appointment, Entry, PlannedPost, ReviewItem, Rotation, Term
from tests import factories

D = dt.date


def _refused(**create):
    model, fields = create.pop("model"), create
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create(**fields)


@pytest.fixture
def term(personas):
    return Term.objects.create(
        level="co_quan",
        starts_on=D(2026, 7, 1),
        ends_on=D(2031, 6, 30),
        planned_on=D(2026, 1, 15),
        rule_version="qd377_2025",
        name="2026-2031",
        created_by=personas["admin"],
    )


@pytest.fixture
def post(term, tree, positions):
    return PlannedPost.objects.create(
        term=term, unit=tree["home"], position=positions["giam_doc_so"], rank=74
    )


def test_term_dates_level_and_rule_version_are_checked(personas):
    base = dict(
        model=Term,
        level="co_quan",
        starts_on=D(2026, 7, 1),
        ends_on=D(2031, 6, 30),
        planned_on=D(2026, 1, 15),
        rule_version="qd377_2025",
        name="x",
        created_by=personas["admin"],
    )
    _refused(**{**base, "ends_on": D(2026, 7, 1)})
    _refused(**{**base, "level": "trung_uong"})
    _refused(**{**base, "rule_version": "qd42"})
    _refused(**{**base, "planned_on": D(2031, 7, 1)})
    base.pop("model")
    Term.objects.create(**base)
    _refused(model=Term, **base)  # the same level and dates twice


def test_one_live_entry_per_person_and_post(post, tree, personas):
    person = factories.person(unit=tree["office"])
    fields = dict(
        post=post,
        person=person,
        source="tai_cho",
        proposed_on=D(2026, 2, 1),
        rule_version="qd377_2025",
        created_by=personas["admin"],
    )
    first = Entry.objects.create(**fields)
    _refused(model=Entry, **fields)
    Entry.objects.filter(pk=first.pk).update(
        status="removed", removed_on=D(2026, 5, 1), removal_reason="moved"
    )
    Entry.objects.create(**fields)  # proposed again after the removal


@pytest.mark.parametrize(
    "values",
    [
        {"status": "approved"},  # no approval date
        {"status": "removed", "removed_on": D(2026, 5, 1)},  # no reason
        {"status": "removed", "removal_reason": "died"},  # no date
        {"removal_reason": "died"},  # a reason on a live entry
        {"status": "removed", "removed_on": D(2026, 5, 1), "removal_reason": "bogus"},
        {"status": "removed", "removed_on": D(2026, 1, 1), "removal_reason": "died"},
        {"status": "approved", "approved_on": D(2026, 1, 1)},  # before proposed
        {"status": "unknown"},
        {"source": "khac"},
    ],
)
def test_entry_status_and_removal_fields(post, tree, personas, values):
    person = factories.person(unit=tree["office"])
    _refused(
        model=Entry,
        **{
            "post": post,
            "person": person,
            "source": "tai_cho",
            "proposed_on": D(2026, 2, 1),
            "rule_version": "qd377_2025",
            "created_by": personas["admin"],
            **values,
        },
    )


def test_review_item_removal_needs_a_reason(post, tree, personas):
    from planning.models import ReviewRound

    person = factories.person(unit=tree["office"])
    entry = Entry.objects.create(
        post=post,
        person=person,
        source="tai_cho",
        proposed_on=D(2026, 2, 1),
        rule_version="qd377_2025",
        created_by=personas["admin"],
    )
    review = ReviewRound.objects.create(
        term=post.term,
        unit=tree["home"],
        year=2027,
        proposed_on=D(2027, 3, 1),
        created_by=personas["admin"],
    )
    _refused(model=ReviewItem, round=review, kind="remove", entry=entry)
    _refused(
        model=ReviewItem, round=review, kind="add", entry=entry, removal_reason="died"
    )
    ReviewItem.objects.create(round=review, kind="add", entry=entry)


def test_rotation_and_appointment_dates(tree, personas, positions):
    person = factories.person(unit=tree["office"])
    rotation = dict(
        model=Rotation,
        person=person,
        from_unit=tree["office"],
        to_unit=tree["other"],
        direction="nganh_sang_nganh",
        start=D(2026, 3, 1),
        planned_end=D(2029, 3, 1),
        rule_version="qd65_2022",
        created_by=personas["admin"],
    )
    _refused(**{**rotation, "planned_end": D(2026, 3, 1)})
    _refused(**{**rotation, "actual_end": D(2026, 2, 1)})
    _refused(**{**rotation, "to_unit": tree["office"]})
    _refused(**{**rotation, "direction": "ngang"})
    appointment = dict(
        model=Appointment,
        kind="bo_nhiem",
        person=person,
        unit=tree["home"],
        position=positions["pho_giam_doc_so"],
        decision_date=D(2026, 3, 1),
        effective_on=D(2026, 3, 15),
        term_end=D(2031, 3, 14),
        created_by=personas["admin"],
    )
    _refused(**{**appointment, "effective_on": D(2026, 2, 1)})
    _refused(**{**appointment, "decision_date": None})
    _refused(**{**appointment, "term_end": None})
    _refused(**{**appointment, "kind": "mien_nhiem"})  # a dismissal has no term
    _refused(**{**appointment, "kind": "dieu_dong"})


def test_an_approved_round_has_its_date(term, tree, personas):
    from planning.models import ReviewRound

    fields = dict(
        model=ReviewRound,
        term=term,
        unit=tree["home"],
        year=2027,
        proposed_on=D(2027, 3, 1),
        created_by=personas["admin"],
    )
    _refused(**{**fields, "status": "approved"})
    _refused(**{**fields, "status": "approved", "approved_on": D(2027, 2, 1)})
    _refused(**{**fields, "approved_on": D(2027, 4, 1)})  # a draft is not approved
