"""Planning for the demo province (`make run`): the 2026-2031 term (judged by
QĐ 377-QĐ/TW) with posts in the organizer's units, candidates proposed, approved and
one removed, a yearly review round in draft, and a few rotations and appointments,
one of whose terms ends within 90 days so that the reminders have something to
show. Everything goes through the services, so the rules, the history and the
profiles see it as they would a user's work."""

from __future__ import annotations

import datetime as dt
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cadre_registry.models import (
    Degree,
    Person,
    PoliticalTheoryLevel,
    Position,
    Unit,
    User,
)
from planning import services
from planning.models import (
    AppointmentKind,
    Direction,
    Entry,
    EntryStatus,
    Level,
    RemovalReason,
    Term,
)

logger = logging.getLogger(__name__)

PLANNED_ON = dt.date(2026, 3, 2)
APPROVED_ON = dt.date(2026, 4, 15)
UNITS = 4
CANDIDATES = 3
# The posts a unit of each kind plans for (position codes of the catalogue).
POSTS_BY_KIND = {
    "huyen_uy": ("bi_thu_huyen_uy", "chu_tich_ubnd_huyen", "pho_bi_thu_huyen_uy"),
    "xa_phuong": ("bi_thu_dang_uy_xa", "chu_tich_ubnd_xa"),
    "": ("truong_phong", "pho_truong_phong"),
}


def _all_posts() -> set[str]:
    return {code for codes in POSTS_BY_KIND.values() for code in codes}


def _candidates(unit: Unit, rank: int, used: set[int]) -> list[Person]:
    """People of the unit's subtree below the post's rank, born 1976-1992 (young
    enough to serve two terms), not yet used, in a stable order."""
    people = (
        Person.objects.filter(
            unit__path__startswith=unit.path,
            left_on__isnull=True,
            birth_date__range=(dt.date(1976, 1, 1), dt.date(1992, 12, 31)),
        )
        .exclude(pk__in=used)
        .select_related("position")
        .order_by("pk")
    )
    return [p for p in people[:40] if (p.position.rank if p.position else 0) < rank]


@transaction.atomic
def create_planning_demo(*, by: User, organizer_unit: Unit | None) -> bool:
    """Create the demo term once; False when a term already exists."""
    if Term.objects.exists() or organizer_unit is None:
        return False
    term = services.term_create(
        by=by,
        level=Level.PROVINCE,
        starts_on=dt.date(2026, 7, 1),
        ends_on=dt.date(2031, 6, 30),
        planned_on=PLANNED_ON,
        name="2026-2031",
    )
    positions = {p.code: p for p in Position.objects.filter(code__in=_all_posts())}
    units = [organizer_unit, *organizer_unit.children.order_by("pk")[: UNITS - 1]]
    standards = {
        "required_degree": Degree.objects.filter(code="dai_hoc").first(),
        "required_political_theory": PoliticalTheoryLevel.objects.filter(
            code="cao_cap"
        ).first(),
    }
    used: set[int] = set()
    entries = []
    for unit in units:
        for code in POSTS_BY_KIND.get(unit.kind, POSTS_BY_KIND[""]):
            position = positions.get(code)
            if position is None:
                continue
            post = services.post_create(
                by=by, term=term, unit=unit, position=position, **standards
            )
            for person in _candidates(unit, post.rank, used):
                if len([e for e in entries if e.post_id == post.pk]) == CANDIDATES:
                    break
                # One at a time: a person the rules refuse (age, discipline) is
                # skipped, as an organizer would skip them.
                try:
                    with transaction.atomic():
                        added = services.entries_add(
                            by=by, post=post, people=[person], proposed_on=PLANNED_ON
                        )
                except ValidationError:
                    continue
                used.add(person.pk)
                entries.extend(added.entries)
    if not entries:
        return True
    # All but the last post's candidates are approved by the standing committee.
    last_post = entries[-1].post_id
    approved = [e for e in entries if e.post_id != last_post]
    services.entries_approve(
        by=by,
        entries=approved,
        approved_on=APPROVED_ON,
        decision_number="125-QĐ/TU",
        decision_date=APPROVED_ON,
        decision_authority="Ban Thường vụ Tỉnh ủy",
    )
    services.entry_remove(
        by=by,
        entry=approved[0],
        removed_on=dt.date(2026, 10, 1),
        reason=RemovalReason.MOVED,
        note="Chuyển công tác sang tỉnh khác",
    )
    services.review_round_create(
        by=by,
        term=term,
        unit=organizer_unit,
        year=2026,
        proposed_on=dt.date(2026, 11, 20),
        note="Rà soát, bổ sung quy hoạch năm 2026",
    )
    _moves(by=by, units=units, approved=[e.pk for e in approved[1:]])
    return True


def _years_ago(years: int) -> dt.date:
    today = timezone.localdate()
    return dt.date(today.year - years, today.month, 1)


def _moves(*, by: User, units: list[Unit], approved: list[int]) -> None:
    """A rotation of a planned cadre to another unit, and appointments: one whose
    five-year term ends within 90 days (reappointment to prepare), one recent."""
    live = list(
        Entry.objects.filter(pk__in=approved, status=EntryStatus.APPROVED)
        .select_related("person__unit")
        .order_by("pk")
    )
    if len(units) > 1 and live:
        entry = live[0]
        # Biểu 11's direction follows the kinds of the two units.
        if entry.person.unit.kind == "xa_phuong":
            target, direction = units[0], Direction.COMMUNE_TO_DISTRICT
        else:
            target, direction = units[1], Direction.DISTRICT_TO_COMMUNE
        try:
            with transaction.atomic():
                services.rotation_record(
                    by=by,
                    person=entry.person,
                    to_unit=target,
                    direction=direction,
                    start=dt.date(2024, 3, 1),
                    planned_end=dt.date(2027, 2, 28),
                    decision_number="45-QĐ/TU",
                    decision_date=dt.date(2024, 2, 15),
                    decision_authority="Ban Thường vụ Tỉnh ủy",
                )
        except ValidationError as error:
            logger.info("Demo rotation skipped: %s", error)
    deputies = {
        p.code: p
        for p in Position.objects.filter(
            code__in=("pho_chu_tich_ubnd_xa", "pho_truong_phong")
        )
    }
    for entry, (kind, decided) in zip(
        live[1:3],
        [
            # Five years back and 40 days on: the term ends about 50 days from
            # today, whenever the demo is made, so the reminders show it.
            (AppointmentKind.APPOINT, _years_ago(5) + dt.timedelta(days=40)),
            (AppointmentKind.APPOINT, dt.date(2025, 6, 2)),
        ],
        strict=False,
    ):
        person = Person.objects.get(pk=entry.person_id)
        try:
            with transaction.atomic():
                services.appointment_record(
                    by=by,
                    person=person,
                    kind=kind,
                    unit=person.unit,
                    position=deputies["pho_chu_tich_ubnd_xa"]
                    if person.unit.kind == "xa_phuong"
                    else deputies["pho_truong_phong"],
                    decision_date=decided,
                    effective_on=decided + dt.timedelta(days=10),
                    decision_number=f"{decided.month}{decided.day}-QĐ/TU",
                    decision_authority="Ban Thường vụ Tỉnh ủy",
                )
        except ValidationError as error:
            logger.info("Demo appointment skipped: %s", error)
