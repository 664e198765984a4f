"""`make run`'s demo: a planning term with candidates, a review round, a rotation
and appointments, made through the services (so rules and history apply)."""

import io

from django.core.management import call_command

from planning.models import (
    Appointment,
    Entry,
    EntryStatus,
    PlannedPost,
    Reminder,
    ReminderKind,
    ReviewRound,
    Rotation,
    Term,
)
from planning.rules import planning_rules


def test_demo_data_creates_a_planning_term_that_obeys_its_rules(db):
    call_command("demo_data", people=400, stdout=io.StringIO())
    term = Term.objects.get()
    assert term.rule_version == "qd377_2025"
    version = planning_rules(term.rule_version)
    posts = PlannedPost.objects.filter(term=term)
    assert posts.count() >= 4
    for post in posts:
        live = post.entries.exclude(status=EntryStatus.REMOVED).count()
        assert 1 <= live <= version.max_people_per_post, post
    statuses = set(Entry.objects.values_list("status", flat=True))
    assert statuses == {"proposed", "approved", "removed"}
    removed = Entry.objects.get(status=EntryStatus.REMOVED)
    assert removed.removal_reason and removed.removed_on
    # Written through the services: each entry has its history.
    assert all(e.history.exists() for e in Entry.objects.all())
    assert ReviewRound.objects.filter(term=term, status="draft").count() == 1
    rotation = Rotation.objects.get()
    assert rotation.from_unit != rotation.to_unit and rotation.assignment_id
    # One appointment term ends soon after the demo's date: a reminder to show.
    assert Appointment.objects.count() == 2
    assert all(a.assignment_id for a in Appointment.objects.all())
    call_command("demo_data", people=400, stdout=io.StringIO())
    assert Term.objects.count() == 1 and Appointment.objects.count() == 2
    # The demo shows reminders at once: the appointment term ending within 90 days.
    assert Reminder.objects.filter(kind=ReminderKind.TERM_END).exists()
