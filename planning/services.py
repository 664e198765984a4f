"""Planning writes: terms and posts, planning entries (add, approve, remove), yearly
review rounds approved as a whole, appointments and rotations. Each is one
transaction; rule errors (planning/rules.py) block with the rule's message,
warnings come back and are stored on the row. Appointments and rotations write the
person's dated assignments through the registry's services, with the decision as
the change's source in the history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q

from cadre_registry import services as registry
from cadre_registry.models import Assignment, Discipline, Person, Position, Unit, User
from cadre_registry.selectors import person_list
from planning import rules
from planning.models import (
    ACTIVE_STATUSES,
    Appointment,
    Entry,
    EntryStatus,
    PlannedPost,
    RemovalReason,
    ReviewItem,
    ReviewRound,
    Rotation,
    Source,
    Term,
)
from planning.selectors import post_standards

# --- Permissions ---------------------------------------------------------------------


def _check_unit(*, unit: Unit, by: User) -> None:
    registry.check_can_edit(by=by, unit=unit)


def _visible_people(*, ids: list[int], by: User) -> list[Person]:
    # A candidate "from elsewhere" must still be someone the organizer may see.
    found = list(
        person_list(user=by)
        .select_for_update(of=("self",))
        .filter(pk__in=ids)
        .select_related("position", "political_theory", "state_management")
        .select_related("highest_degree", "ethnic_group")
        .order_by("pk")
    )
    if len(found) != len(set(ids)):
        raise PermissionDenied("Có người nằm ngoài phạm vi được giao.")
    return found


def _rank(person: Person) -> tuple[int, str]:
    if person.position is None:
        return 0, person.position_title or "không giữ chức vụ"
    return person.position.rank, person.position.name


# --- Terms and posts -----------------------------------------------------------------


@transaction.atomic
def term_create(
    *,
    by: User,
    level: str,
    starts_on: dt.date,
    ends_on: dt.date,
    planned_on: dt.date,
    name: str = "",
    note: str = "",
) -> Term:
    """Open a planning term of a level; its rule version is the one in force on the
    day its planning is drawn up (QĐ 50-QĐ/TW or QĐ 377-QĐ/TW)."""
    if not by.is_administrator:
        raise PermissionDenied("Chỉ quản trị viên được mở nhiệm kỳ quy hoạch.")
    try:
        version = rules.planning_rules_for(planned_on)
    except ValueError:
        raise ValidationError(
            {"planned_on": rules.no_rules_message(planned_on)}
        ) from None
    term = Term(
        level=level,
        starts_on=starts_on,
        ends_on=ends_on,
        planned_on=planned_on,
        rule_version=version.code,
        name=name.strip() or f"{starts_on.year}-{ends_on.year}",
        note=note,
        created_by=by,
    )
    if ends_on <= starts_on:
        raise ValidationError({"ends_on": "Nhiệm kỳ phải kết thúc sau khi bắt đầu."})
    term.full_clean(exclude=["created_by"])
    term._history_user = by
    term.save()
    return term


@transaction.atomic
def post_create(
    *,
    by: User,
    term: Term,
    unit: Unit,
    position: Position,
    rank: int | None = None,
    title: str = "",
    **standards,
) -> PlannedPost:
    """Add a planned post of a unit to a term, ranked as its position unless given."""
    _check_unit(unit=unit, by=by)
    post = PlannedPost(
        term=term,
        unit=unit,
        position=position,
        rank=position.rank if rank is None else rank,
        title=title.strip(),
        **standards,
    )
    post.full_clean()
    post._history_user = by
    post.save()
    return post


# --- Entries -------------------------------------------------------------------------


@dataclass
class Added:
    entries: list[Entry]
    warnings: dict[int, list[str]] = field(default_factory=dict)  # person id → text
    composition: rules.Composition | None = None


def _disciplines(ids: list[int]) -> dict[int, list[rules.DisciplineFact]]:
    facts: dict[int, list[rules.DisciplineFact]] = {}
    for row in Discipline.objects.filter(person_id__in=ids).select_related("form"):
        facts.setdefault(row.person_id, []).append(
            rules.DisciplineFact(
                form=row.form.code,
                form_name=row.form.name,
                start=row.start,
                end=row.end,
            )
        )
    return facts


def list_composition(
    *, term: Term, unit: Unit, extra: list[Person] = ()
) -> rules.Composition:
    """Composition of a unit's live planning list in a term (people counted once)."""
    people = {
        p.pk: p
        for p in Person.objects.filter(
            planning_entries__post__term=term,
            planning_entries__post__unit=unit,
            planning_entries__status__in=ACTIVE_STATUSES,
        ).select_related("ethnic_group")
    }
    for person in extra:
        people[person.pk] = person
    members = [
        rules.Member(
            gender=p.gender,
            birth_date=p.birth_date,
            is_minority=bool(p.ethnic_group and p.ethnic_group.is_minority),
        )
        for p in people.values()
    ]
    return rules.composition(
        rules=rules.planning_rules(term.rule_version),
        level=term.level,
        members=members,
        on=term.starts_on,
    )


@transaction.atomic
def entries_add(
    *,
    by: User,
    post: PlannedPost,
    people: list[Person],
    source: str = Source.LOCAL,
    proposed_on: dt.date,
    added_in: ReviewRound | None = None,
    change_reason: str = "",
    leaving: frozenset[int] = frozenset(),
) -> Added:
    """Propose one or many people for a planned post: all or none. Blocks with the
    version's message (people per post, posts per person at the level, higher
    post, time to serve, discipline); warns about missing standards and the list's
    composition, and stores those warnings on each entry. `leaving`: ids of entries
    the same review round takes out, which no longer count against the limits."""
    # Serialise counting on the post row (STYLE R2).
    post = (
        PlannedPost.objects.select_for_update(of=("self",))
        .select_related(
            "term",
            "unit",
            "position",
            "required_degree",
            "required_political_theory",
            "required_state_management",
        )
        .get(pk=post.pk)
    )
    _check_unit(unit=post.unit, by=by)
    term = post.term
    version = rules.planning_rules(term.rule_version)
    ids = sorted({p.pk for p in people})
    if not ids:
        raise ValidationError("Chọn ít nhất một người để đưa vào quy hoạch.")
    found = _visible_people(ids=ids, by=by)
    errors: list[str] = []
    taken = (
        post.entries.filter(status__in=ACTIVE_STATUSES).exclude(pk__in=leaving).count()
    )
    error = rules.post_capacity_error(
        rules=version, post_name=post.name, taken=taken, adding=len(found)
    )
    if error:
        errors.append(error)
    held: dict[int, set[int]] = {}
    for person_id, post_id in (
        Entry.objects.filter(
            person_id__in=ids, post__term=term, status__in=ACTIVE_STATUSES
        )
        .exclude(pk__in=leaving)
        .values_list("person_id", "post_id")
    ):
        held.setdefault(person_id, set()).add(post_id)
    disciplines = _disciplines(ids)
    warnings: dict[int, list[str]] = {}
    for person in found:
        name = person.full_name
        if post.pk in held.get(person.pk, set()):
            errors.append(f"{name}: đã có trong quy hoạch chức danh {post.name}.")
            continue
        current_rank, current_name = _rank(person)
        for message in (
            rules.posts_per_person_error(
                rules=version, person_name=name, held=len(held.get(person.pk, ()))
            ),
            rules.higher_post_error(
                rules=version,
                current_rank=current_rank,
                current_name=current_name,
                planned_rank=post.rank,
                planned_name=post.name,
            ),
            rules.term_age_error(
                rules=version,
                person_name=name,
                retirement=person.retirement_date,
                starts_on=term.starts_on,
                ends_on=term.ends_on,
            ),
            rules.discipline_error(
                rules=version,
                person_name=name,
                disciplines=disciplines.get(person.pk, []),
                on=proposed_on,
            ),
        ):
            if message:
                errors.append(message)
        missing = rules.standards_missing(post_standards(post=post, person=person))
        if missing:
            warnings[person.pk] = missing
    if errors:
        raise ValidationError(errors)
    mix = list_composition(term=term, unit=post.unit, extra=found)
    entries = []
    for person in found:
        entry = Entry(
            post=post,
            person=person,
            source=source,
            status=EntryStatus.PROPOSED,
            proposed_on=proposed_on,
            added_in=added_in,
            rule_version=version.code,
            warnings=warnings.get(person.pk, []) + list(mix.warnings),
            created_by=by,
        )
        entry.full_clean(exclude=["post", "person", "added_in", "created_by"])
        entry._history_user = by
        entry._change_reason = change_reason or f"Đề xuất quy hoạch {post.name}"
        entry.save()
        entries.append(entry)
    for person_id in warnings:
        warnings[person_id] = warnings[person_id] + list(mix.warnings)
    return Added(entries=entries, warnings=warnings, composition=mix)


def _locked_entries(entries: list[Entry], by: User) -> list[Entry]:
    rows = list(
        Entry.objects.select_for_update(of=("self",))
        .filter(pk__in=[e.pk for e in entries])
        .select_related("post__unit", "person")
        .order_by("pk")
    )
    if len(rows) != len({e.pk for e in entries}):
        raise ValidationError("Có người không còn trong danh sách quy hoạch.")
    for unit in {row.post.unit for row in rows}:
        _check_unit(unit=unit, by=by)
    return rows


@transaction.atomic
def entries_approve(
    *,
    by: User,
    entries: list[Entry],
    approved_on: dt.date,
    decision_number: str = "",
    decision_date: dt.date | None = None,
    decision_authority: str = "",
    change_reason: str = "",
) -> list[Entry]:
    """Approve proposed entries by one decision: all or none."""
    rows = _locked_entries(entries, by)
    errors = [
        f"{row.person.full_name}: chỉ phê duyệt được người đang ở trạng thái đề xuất."
        for row in rows
        if row.status != EntryStatus.PROPOSED
    ]
    errors += [
        f"{row.person.full_name}: ngày phê duyệt trước ngày đề xuất "
        f"{row.proposed_on:%d/%m/%Y}."
        for row in rows
        if approved_on < row.proposed_on
    ]
    if errors:
        raise ValidationError(errors)
    for row in rows:
        row.status = EntryStatus.APPROVED
        row.approved_on = approved_on
        row.decision_number = decision_number.strip()
        row.decision_date = decision_date
        row.decision_authority = decision_authority.strip()
        row._history_user = by
        row._change_reason = change_reason or (
            f"Phê duyệt quy hoạch theo quyết định {decision_number}".strip()
        )
        row.save()
    return rows


@transaction.atomic
def entry_remove(
    *,
    by: User,
    entry: Entry,
    removed_on: dt.date,
    reason: str,
    note: str = "",
    decision_number: str = "",
    decision_date: dt.date | None = None,
    decision_authority: str = "",
    change_reason: str = "",
) -> Entry:
    """Take a person out of planning with a reason and, where there is one, the
    decision; the entry stays as a removed "lượt"."""
    (row,) = _locked_entries([entry], by)
    if row.status == EntryStatus.REMOVED:
        raise ValidationError("Người này đã được đưa ra khỏi quy hoạch.")
    if reason not in RemovalReason.values:
        raise ValidationError({"removal_reason": "Chọn lý do đưa ra khỏi quy hoạch."})
    if removed_on < row.proposed_on:
        raise ValidationError(
            {"removed_on": "Ngày đưa ra phải sau hoặc bằng ngày đề xuất."}
        )
    row.status = EntryStatus.REMOVED
    row.removed_on = removed_on
    row.removal_reason = reason
    row.removal_note = note.strip()
    row.removal_decision_number = decision_number.strip()
    row.removal_decision_date = decision_date
    row.removal_decision_authority = decision_authority.strip()
    row._history_user = by
    row._change_reason = change_reason or (
        f"Đưa ra khỏi quy hoạch: {RemovalReason(reason).label}"
    )
    row.save()
    return row


# --- Review rounds -------------------------------------------------------------------


@transaction.atomic
def review_round_create(
    *, by: User, term: Term, unit: Unit, year: int, proposed_on: dt.date, note: str = ""
) -> ReviewRound:
    """Open the yearly review ("động và mở", QĐ 377) of a unit's planning in a term."""
    _check_unit(unit=unit, by=by)
    if ReviewRound.objects.filter(term=term, unit=unit, year=year).exists():
        raise ValidationError(
            {"year": f"Năm rà soát: {unit} đã có đợt rà soát năm {year} của nhiệm kỳ."}
        )
    review = ReviewRound(
        term=term,
        unit=unit,
        year=year,
        proposed_on=proposed_on,
        note=note,
        created_by=by,
    )
    review.full_clean(exclude=["created_by"])
    review._history_user = by
    review.save()
    return review


def _draft(review: ReviewRound, by: User) -> ReviewRound:
    review = (
        ReviewRound.objects.select_for_update(of=("self",))
        .select_related("term", "unit")
        .get(pk=review.pk)
    )
    _check_unit(unit=review.unit, by=by)
    if review.status != ReviewRound.Status.DRAFT:
        raise ValidationError("Đợt rà soát đã được phê duyệt, không thể thay đổi.")
    return review


def _in_round(review: ReviewRound, post: PlannedPost) -> None:
    if post.term_id != review.term_id or not post.unit.path.startswith(
        review.unit.path
    ):
        raise ValidationError(
            "Chức danh không thuộc nhiệm kỳ và đơn vị của đợt rà soát."
        )


@transaction.atomic
def review_round_propose_additions(
    *,
    by: User,
    review: ReviewRound,
    post: PlannedPost,
    people: list[Person],
    source: str = Source.LOCAL,
) -> Added:
    """Propose people for a post in a review round (the rules apply as for any entry)."""
    review = _draft(review, by)
    post = PlannedPost.objects.select_related("unit").get(pk=post.pk)
    _in_round(review, post)
    # "Động và mở": a seat the round frees counts as free for its additions, so a
    # full post can be renewed in one round (propose the removal first).
    leaving = frozenset(
        review.items.filter(kind=ReviewItem.Kind.REMOVE).values_list(
            "entry_id", flat=True
        )
    )
    added = entries_add(
        by=by,
        post=post,
        people=people,
        source=source,
        proposed_on=review.proposed_on,
        added_in=review,
        change_reason=f"Đề xuất bổ sung quy hoạch, rà soát năm {review.year}",
        leaving=leaving,
    )
    for entry in added.entries:
        ReviewItem.objects.create(round=review, kind=ReviewItem.Kind.ADD, entry=entry)
    return added


@transaction.atomic
def review_round_propose_removal(
    *, by: User, review: ReviewRound, entry: Entry, reason: str, note: str = ""
) -> ReviewItem:
    """Propose taking an approved entry out of planning in a review round."""
    review = _draft(review, by)
    entry = Entry.objects.select_related("post__unit", "person").get(pk=entry.pk)
    _in_round(review, entry.post)
    if entry.status != EntryStatus.APPROVED:
        raise ValidationError(
            f"{entry.person.full_name}: chỉ đề xuất đưa ra người đã được phê duyệt."
        )
    if review.items.filter(entry=entry).exists():
        raise ValidationError(
            f"{entry.person.full_name}: đã được đề xuất đưa ra trong đợt rà soát này."
        )
    if reason not in RemovalReason.values:
        raise ValidationError({"removal_reason": "Chọn lý do đưa ra khỏi quy hoạch."})
    item = ReviewItem(
        round=review,
        kind=ReviewItem.Kind.REMOVE,
        entry=entry,
        removal_reason=reason,
        note=note.strip(),
    )
    item.full_clean()
    item._history_user = by
    item.save()
    return item


@transaction.atomic
def review_round_approve(
    *,
    by: User,
    review: ReviewRound,
    approved_on: dt.date,
    decision_number: str = "",
    decision_date: dt.date | None = None,
    decision_authority: str = "",
) -> ReviewRound:
    """Approve a review round as a whole: its additions become approved entries and
    its removals take effect, all under the round's decision; the items stay as the
    record of what changed."""
    review = _draft(review, by)
    if approved_on < review.proposed_on:
        raise ValidationError({"approved_on": "Ngày phê duyệt trước ngày đề xuất."})
    items = list(review.items.select_related("entry"))
    if not items:
        raise ValidationError("Đợt rà soát chưa có đề xuất bổ sung hay đưa ra nào.")
    decision = dict(
        decision_number=decision_number,
        decision_date=decision_date,
        decision_authority=decision_authority,
    )
    reason = f"Phê duyệt rà soát quy hoạch năm {review.year} (đợt #{review.pk})"
    additions = [i.entry for i in items if i.kind == ReviewItem.Kind.ADD]
    if additions:
        entries_approve(
            by=by,
            entries=additions,
            approved_on=approved_on,
            change_reason=reason,
            **decision,
        )
    for item in items:
        if item.kind == ReviewItem.Kind.REMOVE:
            entry_remove(
                by=by,
                entry=item.entry,
                removed_on=approved_on,
                reason=item.removal_reason,
                note=item.note,
                change_reason=reason,
                **decision,
            )
    review.status = ReviewRound.Status.APPROVED
    review.approved_on = approved_on
    review.decision_number = decision_number.strip()
    review.decision_date = decision_date
    review.decision_authority = decision_authority.strip()
    review._history_user = by
    review.save()
    return review


# --- Appointments and rotations ------------------------------------------------------


@dataclass
class Recorded:
    obj: Appointment | Rotation
    warnings: list[str] = field(default_factory=list)


def _main_assignment_on(person: Person, on: dt.date) -> Assignment | None:
    return (
        person.assignments.select_for_update()
        .filter(is_main=True, start__lte=on)
        .filter(Q(end__isnull=True) | Q(end__gte=on))
        .order_by("-start")
        .first()
    )


def _move(
    *,
    person: Person,
    by: User,
    start: dt.date,
    unit: Unit,
    position: Position | None,
    title: str,
    is_main: bool,
    decision: dict,
    reason: str,
) -> Assignment:
    # Through the registry's history_row_save: scope, overlap of main rows, the
    # change history and the person's cached current post, as any assignment edit.
    if is_main:
        current = _main_assignment_on(person, start)
        if current is not None:
            if current.start >= start:
                raise ValidationError(
                    f"Quá trình công tác chính tại {current.unit} bắt đầu từ "
                    f"{current.start:%d/%m/%Y}, không trước ngày hiệu lực."
                )
            current.end = start - dt.timedelta(days=1)
            registry.history_row_save(person=person, row=current, by=by, reason=reason)
    row = Assignment(
        person=person,
        unit=unit,
        position=position,
        title=title,
        is_main=is_main,
        start=start,
        **decision,
    )
    return registry.history_row_save(person=person, row=row, by=by, reason=reason)


def _decision(number: str, date: dt.date | None, authority: str) -> dict:
    return dict(
        decision_number=number.strip(),
        decision_date=date,
        decision_authority=authority.strip(),
    )


@transaction.atomic
def appointment_record(
    *,
    by: User,
    person: Person,
    kind: str,
    unit: Unit,
    position: Position,
    decision_date: dt.date,
    effective_on: dt.date,
    decision_number: str = "",
    decision_authority: str = "",
    process_started_on: dt.date | None = None,
    is_main: bool = True,
    title: str = "",
    managing_level: str = "",
) -> Recorded:
    """Record an appointment, reappointment, extension to retirement, dismissal or
    nomination to stand for election and write the person's dated assignments: an
    appointment closes the main post the day before and opens the new one; a
    dismissal closes the post and keeps the person in the unit without it; a
    reappointment or extension keeps the post; a nomination changes none. The
    managing level (Biểu 13's rows) is the user's, else the usual one of the unit."""
    _check_unit(unit=unit, by=by)
    (person,) = _visible_people(ids=[person.pk], by=by)
    if effective_on < decision_date:
        raise ValidationError(
            {"effective_on": "Ngày hiệu lực phải sau hoặc bằng ngày quyết định."}
        )
    current_rank, _ = _rank(person)
    error = rules.appointment_age_error(
        kind=kind,
        person_name=person.full_name,
        current_rank=current_rank,
        new_rank=position.rank,
        process_started_on=process_started_on or decision_date,
        retirement=person.retirement_date,
    )
    if error:
        raise ValidationError(error)
    warnings = []
    if kind == rules.APPOINT and position.rank > current_rank:
        planned = Entry.objects.filter(
            person=person,
            status=EntryStatus.APPROVED,
            post__rank__gte=position.rank,
        ).exists()
        if not planned:
            # QĐ 377 Art. 34 (§6): the appointee is planned for the post, or an
            # equivalent or higher one.
            warnings.append(
                f"{person.full_name} chưa có trong quy hoạch chức danh {position.name} "
                "hoặc tương đương trở lên (QĐ 377-QĐ/TW Điều 34)."
            )
    if not managing_level:
        ancestors = [int(p) for p in unit.path.strip("/").split("/") if p]
        managing_level = rules.default_managing_level(
            unit_kinds=list(
                Unit.objects.filter(pk__in=ancestors).values_list("kind", flat=True)
            )
        )
    appointment = Appointment(
        kind=kind,
        person=person,
        unit=unit,
        position=position,
        is_main=is_main,
        managing_level=managing_level,
        effective_on=effective_on,
        term_end=rules.post_term_end(
            kind=kind, effective_on=effective_on, retirement=person.retirement_date
        ),
        rule_version=rules.appointment_rule_code(effective_on),
        warnings=warnings,
        created_by=by,
        **_decision(decision_number, decision_date, decision_authority),
    )
    appointment.full_clean(exclude=["person", "unit", "position", "created_by"])
    appointment._history_user = by
    appointment.save()
    label = appointment.get_kind_display()
    reason = f"{label} theo quyết định {decision_number} (bổ nhiệm #{appointment.pk})"
    decision = _decision(decision_number, decision_date, decision_authority)
    if kind == rules.APPOINT:
        appointment.assignment = _move(
            person=person,
            by=by,
            start=effective_on,
            unit=unit,
            position=position,
            title=title,
            is_main=is_main,
            decision=decision,
            reason=reason,
        )
    elif kind == rules.DISMISS:
        holding = (
            person.assignments.select_for_update()
            .filter(position=position, unit=unit, start__lt=effective_on)
            .filter(Q(end__isnull=True) | Q(end__gte=effective_on))
            .first()
        )
        if holding is None:
            raise ValidationError(
                f"{person.full_name} không giữ chức vụ {position.name} tại {unit} "
                f"vào ngày {effective_on:%d/%m/%Y}."
            )
        if holding.is_main:
            appointment.assignment = _move(
                person=person,
                by=by,
                start=effective_on,
                unit=unit,
                position=None,
                title=title,
                is_main=True,
                decision=decision,
                reason=reason,
            )
        else:
            holding.end = effective_on - dt.timedelta(days=1)
            registry.history_row_save(person=person, row=holding, by=by, reason=reason)
    appointment.save(update_fields=["assignment"])
    return Recorded(obj=appointment, warnings=warnings)


@transaction.atomic
def rotation_record(
    *,
    by: User,
    person: Person,
    to_unit: Unit,
    direction: str,
    start: dt.date,
    planned_end: dt.date,
    to_position: Position | None = None,
    to_title: str = "",
    decision_number: str = "",
    decision_date: dt.date | None = None,
    decision_authority: str = "",
    exception_reason: str = "",
) -> Recorded:
    """Record a rotation (luân chuyển) and move the person's main assignment to the
    new unit and post from its start. Less than 10 working years left blocks
    (QĐ 65 Art. 5) unless the competent level's special case is given, which is
    then kept as a warning."""
    (person,) = _visible_people(ids=[person.pk], by=by)
    _check_unit(unit=to_unit, by=by)
    current = _main_assignment_on(person, start)
    if current is None:
        raise ValidationError(
            f"{person.full_name} không có quá trình công tác chính vào ngày "
            f"{start:%d/%m/%Y}."
        )
    if to_unit.pk == current.unit_id:
        raise ValidationError(
            {"to_unit": "Đến đơn vị: phải khác đơn vị đang công tác."}
        )
    if planned_end <= start:
        raise ValidationError(
            {"planned_end": "Dự kiến kết thúc: phải sau ngày bắt đầu."}
        )
    try:
        version = rules.rotation_rules_for(start)
    except ValueError:
        raise ValidationError(
            f"Không có quy định về luân chuyển cán bộ có hiệu lực ngày {start:%d/%m/%Y}."
        ) from None
    warnings = []
    error = rules.rotation_years_left_error(
        rules=version,
        person_name=person.full_name,
        start=start,
        retirement=person.retirement_date,
    )
    if error and not exception_reason.strip():
        raise ValidationError(error)
    if error:
        warnings.append(f"{error} Trường hợp đặc biệt: {exception_reason.strip()}")
    if not Entry.objects.filter(person=person, status=EntryStatus.APPROVED).exists():
        # QĐ 65-QĐ/TW (§9 principles): the rotated cadre is in planning; the
        # term-limit and non-local moves of Art. 3(b) need not be, so only a warning.
        warnings.append(
            f"{person.full_name} chưa có trong quy hoạch được phê duyệt "
            f"({version.short}: cán bộ luân chuyển phải trong quy hoạch)."
        )
    rotation = Rotation(
        person=person,
        from_unit=current.unit,
        from_position=current.position,
        to_unit=to_unit,
        to_position=to_position,
        to_title=to_title.strip(),
        direction=direction,
        start=start,
        planned_end=planned_end,
        rule_version=version.version.code,
        warnings=warnings,
        created_by=by,
        **_decision(decision_number, decision_date, decision_authority),
    )
    rotation.full_clean(
        exclude=[
            "person",
            "from_unit",
            "from_position",
            "to_unit",
            "to_position",
            "created_by",
        ]
    )
    rotation._history_user = by
    rotation.save()
    rotation.assignment = _move(
        person=person,
        by=by,
        start=start,
        unit=to_unit,
        position=to_position,
        title=to_title,
        is_main=True,
        decision=_decision(decision_number, decision_date, decision_authority),
        reason=f"Luân chuyển theo quyết định {decision_number} (luân chuyển #{rotation.pk})",
    )
    rotation.save(update_fields=["assignment"])
    return Recorded(obj=rotation, warnings=warnings)


@transaction.atomic
def rotation_end(*, by: User, rotation: Rotation, actual_end: dt.date) -> Rotation:
    """Record the day a rotation actually ended; the post that follows is recorded
    as its own appointment or assignment (QĐ 65 Art. 7: placement afterwards)."""
    rotation = (
        Rotation.objects.select_for_update(of=("self",))
        .select_related("person", "to_unit")
        .get(pk=rotation.pk)
    )
    _check_unit(unit=rotation.to_unit, by=by)
    if rotation.actual_end is not None:
        raise ValidationError(
            f"Luân chuyển đã kết thúc ngày {rotation.actual_end:%d/%m/%Y}."
        )
    if actual_end < rotation.start:
        raise ValidationError(
            {
                "actual_end": "Ngày kết thúc: phải sau hoặc bằng ngày bắt đầu "
                f"{rotation.start:%d/%m/%Y}."
            }
        )
    rotation.actual_end = actual_end
    rotation._history_user = by
    rotation._change_reason = "Kết thúc luân chuyển"
    rotation.save(update_fields=["actual_end"])
    return rotation
