"""Nhắc việc: the reminders of a day, recomputed as a whole by the daily beat task
(planning.tasks.compute_reminders_task). Each kind is found by one set-based query
over the registry and the planning rows, the rows are upserted on the reminder's
natural key (ON CONFLICT), and those the run did not find again are deleted; a
dismissal ("đã xử lý") stays on its row for as long as the row is due."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from cadre_registry import rules as registry_rules
from cadre_registry import services as registry
from cadre_registry.models import Assignment, Person, User
from planning import rules
from planning.models import Appointment, Reminder, ReminderKind, Rotation

# --- Windows --------------------------------------------------------------------------

# Retirement (NĐ 135/2020/NĐ-CP Điều 3: the last day of the month the statutory age
# of BLLĐ 2019 Điều 169 is reached, the registry's retirement_date). DOMAIN.md does
# not give the notice periods before it, so the window is our choice: 6 months, the
# time the unit needs to notify the person and have the retirement decided.
RETIREMENT_NOTICE_MONTHS = 6

# Appointment terms (NĐ 138/2020/NĐ-CP Điều 41, now NĐ 170/2025/NĐ-CP; NĐ 115/2020
# Điều 43 for viên chức): 5 years, and the reappointment or extension is notified
# at least 90 days before the term ends (DOMAIN.md §6).
TERM_END_NOTICE_DAYS = registry_rules.REAPPOINTMENT_NOTICE_DAYS

# The reappointment procedure (self-assessment, then the leadership collective's
# secret ballot, DOMAIN.md §6) must be under way before the 90-day notice; our
# choice of 60 days for it, so it is shown from 150 days before the term ends.
REAPPOINTMENT_LEAD_DAYS = 60

# With under 2 years to retirement at the term's end, the holder is extended to
# retirement ("kéo dài thời gian giữ chức vụ đến tuổi nghỉ hưu") instead of being
# reappointed (DOMAIN.md §6; the threshold is unconfirmed, §12 item 8).
EXTENSION_YEARS_BEFORE_RETIREMENT = 2

# Rotations (QĐ 65-QĐ/TW Điều 7: the rotation plan says where the cadre goes
# afterwards): shown 90 days before the planned end, like an appointment term.
ROTATION_END_NOTICE_DAYS = 90

# Regular salary step (TT 08/2013/TT-BNV Điều 2, TT 03/2021/TT-BNV: 36/24/60
# months, +6 or +12 months after discipline; DOMAIN.md §5): shown 90 days ahead,
# in time for the unit's review of the raises.
SALARY_STEP_NOTICE_DAYS = 90

# A date passed with nothing recorded (no reappointment, no end of the rotation,
# no retirement or raise entered) keeps its reminder for a year, as
# rules.reappointment_due keeps a term due after it ends; older ones are history.
OVERDUE_DAYS = 365

_BATCH = 2000
_LOCK = "planning.reminders_compute"


def _row(kind, person_id, unit_id, due, *, appointment_id=None, rotation_id=None):
    return Reminder(
        kind=kind,
        person_id=person_id,
        unit_id=unit_id,
        due_on=due,
        appointment_id=appointment_id,
        rotation_id=rotation_id,
    )


def _retirements(on: dt.date, since: dt.date) -> list[Reminder]:
    people = Person.objects.filter(
        left_on__isnull=True,
        retirement_date__gte=since,
        retirement_date__lte=registry_rules.add_months(on, RETIREMENT_NOTICE_MONTHS),
    ).values_list("pk", "unit_id", "retirement_date")
    return [_row(ReminderKind.RETIREMENT, *row) for row in people]


def _appointments(on: dt.date, since: dt.date) -> list[Reminder]:
    # The term in force for a post is the latest decision on it (a reappointment,
    # an extension or a dismissal ends the earlier term's reminders), and only
    # while the person still holds the post in their dated assignments. A
    # nomination to stand for election is no decision on the post's term.
    later = Appointment.objects.exclude(kind=rules.NOMINATE).filter(
        person=OuterRef("person"),
        unit=OuterRef("unit"),
        position=OuterRef("position"),
        effective_on__gt=OuterRef("effective_on"),
    )
    holds = Assignment.objects.filter(
        person=OuterRef("person"),
        unit=OuterRef("unit"),
        position=OuterRef("position"),
        start__lte=on,
    ).filter(Q(end__isnull=True) | Q(end__gte=on))
    horizon = on + dt.timedelta(days=TERM_END_NOTICE_DAYS + REAPPOINTMENT_LEAD_DAYS)
    terms = (
        Appointment.objects.filter(
            # An extension runs to retirement: the retirement reminder covers it.
            kind__in=[rules.APPOINT, rules.REAPPOINT],
            term_end__gte=since,
            term_end__lte=horizon,
            person__left_on__isnull=True,
        )
        .exclude(Exists(later))
        .filter(Exists(holds))
        .values_list(
            "pk", "person_id", "person__unit_id", "unit_id", "term_end",
            "person__retirement_date",
        )
    )  # fmt: skip
    found = []
    term_end_horizon = on + dt.timedelta(days=TERM_END_NOTICE_DAYS)
    for pk, person_id, person_unit, post_unit, term_end, retirement in terms:
        if retirement is not None and retirement <= term_end:
            continue  # retires within the term: nothing to renew
        unit_id = person_unit or post_unit
        if term_end <= term_end_horizon:
            found.append(
                _row(
                    ReminderKind.TERM_END,
                    person_id,
                    unit_id,
                    term_end,
                    appointment_id=pk,
                )
            )
        extension = retirement is not None and retirement < registry_rules.add_months(
            term_end, 12 * EXTENSION_YEARS_BEFORE_RETIREMENT
        )
        found.append(
            _row(
                ReminderKind.EXTENSION if extension else ReminderKind.REAPPOINTMENT,
                person_id,
                unit_id,
                # Due by the last day of the 90-day notice.
                registry_rules.reappointment_notice_date(term_end=term_end),
                appointment_id=pk,
            )
        )
    return found


def _rotations(on: dt.date, since: dt.date) -> list[Reminder]:
    rotations = Rotation.objects.filter(
        actual_end__isnull=True,
        planned_end__gte=since,
        planned_end__lte=on + dt.timedelta(days=ROTATION_END_NOTICE_DAYS),
        person__left_on__isnull=True,
    ).values_list("pk", "person_id", "person__unit_id", "to_unit_id", "planned_end")
    return [
        _row(
            ReminderKind.ROTATION_END,
            person_id,
            person_unit or to_unit,
            planned_end,
            rotation_id=pk,
        )
        for pk, person_id, person_unit, to_unit, planned_end in rotations
    ]


# The next regular raise of everyone still serving, as selectors.person_derived_dates
# works it out for one person: the step held since the first of the consecutive
# salary rows with this grade and step, plus the pay group's period and the delays
# of the discipline decisions taking effect since then; nothing at the last step
# (the raise becomes PCTNVK, NĐ 204/2004 Điều 6) or for a pay group the rules lack.
_SALARY_STEP_SQL = """
WITH periods AS (
    SELECT * FROM unnest(%(groups)s::text[], %(periods)s::int[]) AS t(pay_group, months)
), delays AS (
    SELECT * FROM unnest(%(forms)s::text[], %(delays)s::int[]) AS t(code, months)
), cur AS (
    SELECT DISTINCT ON (s.person_id) s.person_id, s.grade_id, s.step, s.start
    FROM cadre_registry_salaryrecord s
    JOIN cadre_registry_person p ON p.id = s.person_id AND p.left_on IS NULL
    WHERE s.start <= %(on)s
    ORDER BY s.person_id, s.start DESC
), held AS (
    SELECT cur.person_id, cur.grade_id, cur.step, COALESCE((
        SELECT MIN(s2.start) FROM cadre_registry_salaryrecord s2
        WHERE s2.person_id = cur.person_id AND s2.start <= cur.start
          AND s2.start > COALESCE((
              SELECT MAX(s3.start) FROM cadre_registry_salaryrecord s3
              WHERE s3.person_id = cur.person_id AND s3.start < cur.start
                AND (s3.grade_id, s3.step) IS DISTINCT FROM (cur.grade_id, cur.step)
          ), '-infinity'::date)
    ), cur.start) AS since
    FROM cur
), due AS (
    SELECT h.person_id, p.unit_id, (h.since + make_interval(months => pe.months
        + COALESCE((
            SELECT SUM(d.months)::int FROM cadre_registry_discipline k
            JOIN cadre_registry_disciplineform f ON f.id = k.form_id
            JOIN delays d ON d.code = f.code
            WHERE k.person_id = h.person_id AND k.start >= h.since AND k.start <= %(on)s
        ), 0)))::date AS due_on
    FROM held h
    JOIN cadre_registry_person p ON p.id = h.person_id
    JOIN cadre_registry_grade g ON g.id = h.grade_id
    JOIN periods pe ON pe.pay_group = g.pay_group
    WHERE h.step < COALESCE(
        (SELECT MAX(gs.step) FROM cadre_registry_gradestep gs WHERE gs.grade_id = h.grade_id),
        h.step + 1
    )
)
SELECT person_id, unit_id, due_on FROM due
WHERE due_on >= %(since)s AND due_on <= %(until)s
"""


def _salary_steps(on: dt.date, since: dt.date) -> list[Reminder]:
    delays = registry_rules.DISCIPLINE_DELAY_MONTHS
    params = {
        "groups": list(registry_rules.STEP_PERIOD_MONTHS),
        "periods": list(registry_rules.STEP_PERIOD_MONTHS.values()),
        "forms": [form.value for form in delays],
        "delays": list(delays.values()),
        "on": on,
        "since": since,
        "until": on + dt.timedelta(days=SALARY_STEP_NOTICE_DAYS),
    }
    with connection.cursor() as cursor:
        cursor.execute(_SALARY_STEP_SQL, params)
        return [_row(ReminderKind.SALARY_STEP, *row) for row in cursor.fetchall()]


_KINDS = (_retirements, _appointments, _rotations, _salary_steps)


@transaction.atomic
def reminders_compute(*, on: dt.date | None = None) -> dict[str, int]:
    """Recompute every reminder for a day; returns the count of each kind found."""
    on = on or timezone.localdate()
    with connection.cursor() as cursor:
        # Two runs at once (a retry beside the beat's run) would each delete what
        # the other just wrote: they take turns.
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [_LOCK])
    run_at = timezone.now()
    since = on - dt.timedelta(days=OVERDUE_DAYS)
    found: dict[tuple, Reminder] = {}
    for kind in _KINDS:
        for row in kind(on, since):
            # The natural key, once: ON CONFLICT cannot touch one row twice.
            key = (row.kind, row.person_id, row.appointment_id, row.rotation_id)
            found[(*key, row.due_on)] = row
    for row in found.values():
        row.computed_on = on
        row.computed_at = run_at
    # The dismissal columns are not in update_fields: a dismissed reminder found
    # again stays dismissed.
    Reminder.objects.bulk_create(
        found.values(),
        batch_size=_BATCH,
        update_conflicts=True,
        unique_fields=["kind", "person", "appointment", "rotation", "due_on"],
        update_fields=["unit", "computed_on", "computed_at"],
    )
    with connection.cursor() as cursor:
        # What this run did not find is no longer due. One statement: a QuerySet
        # delete would load the rows to send the history's per-row signals.
        cursor.execute(
            f"DELETE FROM {Reminder._meta.db_table} WHERE computed_at < %s", [run_at]
        )
    return dict(Counter(row.kind for row in found.values()))


@transaction.atomic
def reminder_dismiss(*, by: User, reminder: Reminder, note: str = "") -> Reminder:
    """Mark a reminder done ("đã xử lý"); the daily recompute keeps the mark."""
    registry.check_can_edit(by=by, unit=reminder.unit, person=reminder.person)
    reminder = Reminder.objects.select_for_update().get(pk=reminder.pk)
    if reminder.dismissed_at is not None:
        return reminder  # a second click, or two organizers at once: the first wins
    note = note.strip()
    if len(note) > 500:
        raise ValidationError({"note": "Ghi chú tối đa 500 ký tự."})
    reminder.dismissed_at = timezone.now()
    reminder.dismissed_by = by
    reminder.dismissal_note = note
    reminder._history_user = by
    reminder.save(update_fields=["dismissed_at", "dismissed_by", "dismissal_note"])
    return reminder
