"""Writes that mean something: every change to a person or a history row goes
through here, is validated, lands in one transaction and in the change history."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, models, transaction
from django.utils import timezone

from cadre_registry import rules
from cadre_registry.models import (
    AccessLog,
    Assignment,
    DatePrecision,
    Evaluation,
    ExportJob,
    Person,
    SalaryRecord,
    Unit,
    UnitSuccession,
    User,
)
from cadre_registry.reference_loader import evaluation_level_for

UNIT_PATH_WIDTH = 6


# --- Units -------------------------------------------------------------------------------


def _segment(pk: int) -> str:
    return f"{pk:0{UNIT_PATH_WIDTH}d}/"


@transaction.atomic
def unit_create(
    *, code: str, name: str, kind: str, parent: Unit | None = None, **fields: Any
) -> Unit:
    """Create a unit under `parent`; its path is the parent's plus its own id."""
    unit = Unit(
        code=code.strip(), name=name.strip(), kind=kind, parent=parent, **fields
    )
    # The path needs the id, so reserve it from the sequence before the insert.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence('cadre_registry_unit', 'id'))"
        )
        unit.pk = cursor.fetchone()[0]
    unit.path = (parent.path if parent else "") + _segment(unit.pk)
    unit.depth = unit.path.count("/")
    unit.full_clean()
    unit.save(force_insert=True)
    return unit


@transaction.atomic
def unit_move(*, unit: Unit, new_parent: Unit | None) -> Unit:
    """Move a unit and its subtree under a new parent with one UPDATE of the paths."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if new_parent is not None and new_parent.path.startswith(unit.path):
        raise ValidationError(
            {"parent": "Không thể chuyển đơn vị vào chính đơn vị con của nó."}
        )
    old_path = unit.path
    new_path = (new_parent.path if new_parent else "") + _segment(unit.pk)
    with connection.cursor() as cursor:
        cursor.execute(
            """UPDATE cadre_registry_unit
               SET path = %s || substr(path, %s),
                   depth = length(%s || substr(path, %s)) - length(replace(%s || substr(path, %s), '/', ''))
               WHERE path LIKE %s""",
            [
                new_path,
                len(old_path) + 1,
                new_path,
                len(old_path) + 1,
                new_path,
                len(old_path) + 1,
                old_path + "%",
            ],
        )
    Unit.objects.filter(pk=unit.pk).update(parent=new_parent)
    unit.refresh_from_db()
    return unit


@transaction.atomic
def unit_merge(
    *,
    predecessors: list[Unit],
    successor: Unit,
    effective: dt.date,
    by: User,
    decision_number: str = "",
    decision_date: dt.date | None = None,
    decision_authority: str = "",
) -> UnitSuccession | None:
    """Merge units into a successor from a date: the old units close the day before,
    their people's main assignments continue in the successor, history is kept."""
    last = None
    day_before = effective - dt.timedelta(days=1)
    for unit in predecessors:
        if unit.pk == successor.pk:
            raise ValidationError("Đơn vị mới phải khác đơn vị cũ.")
        last = UnitSuccession.objects.create(
            predecessor=unit,
            successor=successor,
            kind=UnitSuccession.Kind.MERGE,
            effective=effective,
            decision_number=decision_number,
            decision_date=decision_date,
            decision_authority=decision_authority,
        )
        Unit.objects.filter(pk=unit.pk).update(valid_to=day_before)
        open_rows = (
            Assignment.objects.select_for_update()
            .filter(unit=unit, is_main=True, start__lt=effective)
            .filter(models.Q(end__isnull=True) | models.Q(end__gte=effective))
        )
        for row in open_rows:
            person = row.person
            row.end = day_before
            row._change_reason = f"Sáp nhập đơn vị {unit.code} vào {successor.code}"
            row.save()
            new_row = Assignment(
                person=person,
                unit=successor,
                position=row.position,
                title=row.title,
                is_main=True,
                start=effective,
                decision_number=decision_number,
                decision_date=decision_date,
                decision_authority=decision_authority,
            )
            new_row._change_reason = row._change_reason
            new_row.save()
            person_refresh_current(person=person)
    return last


# --- People ------------------------------------------------------------------------------


def _retirement_date(person: Person) -> dt.date | None:
    if not person.birth_date or not person.gender:
        return None
    return rules.retirement_date(
        gender=person.gender,
        birth_year=person.birth_date.year,
        birth_month=None
        if person.birth_date_precision == DatePrecision.YEAR
        else person.birth_date.month,
        birth_day=person.birth_date.day
        if person.birth_date_precision == DatePrecision.DAY
        else None,
        women_at_60=person.women_retire_at_60,
    )


def check_can_edit(
    *, by: User, unit: Unit | None = None, person: Person | None = None
) -> None:
    """The one write check of every app: an editor, and the unit (and the person's
    unit) inside the editor's scope."""
    from cadre_registry.selectors import unit_scope_ids

    if not by.can_edit_people:
        raise PermissionDenied("Bạn không có quyền sửa hồ sơ.")
    scope = unit_scope_ids(user=by)
    if scope is None:
        return
    for target in (unit, person.unit if person else None):
        if target is not None and target.pk not in scope:
            raise PermissionDenied("Đơn vị nằm ngoài phạm vi được giao.")


@transaction.atomic
def person_create(
    *,
    by: User,
    unit: Unit,
    start: dt.date,
    position=None,
    title: str = "",
    reason: str = "",
    **fields: Any,
) -> Person:
    """Create a person and their first main assignment (which sets their unit)."""
    check_can_edit(person=None, unit=unit, by=by)
    person = Person(**fields)
    person.retirement_date = _retirement_date(person)
    person.full_clean(exclude=["unit"])
    person._history_user = by
    person._change_reason = reason or "Tạo hồ sơ"
    person.save()
    assignment = Assignment(
        person=person,
        unit=unit,
        position=position,
        title=title,
        is_main=True,
        start=start,
    )
    assignment.full_clean()
    assignment._history_user = by
    assignment._change_reason = reason or "Tạo hồ sơ"
    assignment.save()
    person_refresh_current(person=person)
    return person


@transaction.atomic
def person_update(
    *, person: Person, by: User, reason: str = "", **fields: Any
) -> Person:
    """Change a person's fixed facts; the change history records who and what."""
    check_can_edit(person=person, unit=None, by=by)
    person = Person.objects.select_for_update().get(pk=person.pk)
    for name, value in fields.items():
        setattr(person, name, value)
    person.retirement_date = _retirement_date(person)
    person.full_clean(exclude=["unit"])
    person._history_user = by
    if reason:
        person._change_reason = reason
    person.save()
    return person


def _check_main_overlap(row: Assignment) -> None:
    if not row.is_main:
        return
    clash = Assignment.objects.filter(person_id=row.person_id, is_main=True).exclude(
        pk=row.pk
    )
    far = dt.date.max
    for other in clash:
        if other.start <= (row.end or far) and row.start <= (other.end or far):
            raise ValidationError(
                {
                    "start": f"Trùng thời gian với quá trình công tác chính tại {other.unit} "
                    f"(từ {other.start:%d/%m/%Y}{' đến ' + format(other.end, '%d/%m/%Y') if other.end else ''})."
                }
            )


@transaction.atomic
def history_row_save(
    *, person: Person, row: models.Model, by: User, reason: str = ""
) -> models.Model:
    """Add or change one row of a person's dated history, then refresh what derives from it."""
    check_can_edit(person=person, unit=getattr(row, "unit", None), by=by)
    Person.objects.select_for_update().filter(
        pk=person.pk
    ).first()  # serialise edits of one person
    row.person = person
    row.full_clean()
    if isinstance(row, Assignment):
        _check_main_overlap(row)
    if isinstance(row, Evaluation) and row.level_id and row.year:
        # The level belongs to the scheme in force that year (NĐ 90/2020, NĐ 335/2025).
        row.level = (
            evaluation_level_for(year=row.year, code=row.level.code) or row.level
        )
    if isinstance(row, SalaryRecord) and row.grade_id:
        steps = {s.step: s.coefficient for s in row.grade.steps.all()}
        if steps and row.step not in steps:
            raise ValidationError(
                {"step": f"Ngạch {row.grade.code} chỉ có bậc 1 đến {max(steps)}."}
            )
    row._history_user = by
    if reason:
        row._change_reason = reason
    row.save()
    person_refresh_current(person=person)
    return row


@transaction.atomic
def history_row_delete(*, person: Person, row: models.Model, by: User) -> None:
    """Delete one history row (kept in the change history)."""
    check_can_edit(person=person, unit=None, by=by)
    if (
        isinstance(row, Assignment)
        and row.is_main
        and person.assignments.filter(is_main=True).count() == 1
    ):
        raise ValidationError(
            "Không thể xóa quá trình công tác chính duy nhất: hồ sơ phải thuộc một đơn vị."
        )
    row._history_user = by
    row.delete()
    person_refresh_current(person=person)


def person_refresh_current(*, person: Person, on: dt.date | None = None) -> None:
    """Derive the cached current unit, post and salary from the dated rows as of `on`.

    The managing unit is the main assignment in force on that day, else the last one
    that started: someone between posts still belongs to a unit's records."""
    on = on or timezone.localdate()
    assignments = list(
        person.assignments.filter(is_main=True)
        .select_related("position")
        .order_by("-start")
    )
    current = next(
        (a for a in assignments if a.start <= on and (a.end is None or a.end >= on)),
        None,
    )
    fallback = next(
        (a for a in assignments if a.start <= on),
        assignments[-1] if assignments else None,
    )
    chosen = current or fallback
    salary = person.salary_records.filter(start__lte=on).order_by("-start").first()
    person_row = Person.objects.get(pk=person.pk)
    Person.objects.filter(pk=person.pk).update(
        unit_id=chosen.unit_id if chosen else None,
        position_id=current.position_id if current else None,
        position_title=(current.title if current else "")[:255],
        grade_id=salary.grade_id if salary else None,
        salary_step=salary.step if salary else None,
        salary_coefficient=salary.coefficient if salary else None,
        retirement_date=_retirement_date(person_row),
    )
    person.unit_id = chosen.unit_id if chosen else None


def people_refresh_current(*, person_ids=None, on: dt.date | None = None) -> int:
    """person_refresh_current for many people in one statement (a history import
    touches thousands; None: everyone, nightly): the same unit, post and salary,
    chosen the same way. Returns how many people changed.

    Main assignments of a person never overlap (migration 0002), so the one in force
    is the latest started by `on` when it has not ended; the managing unit is that
    latest started one, else the earliest (all in the future); no main assignment,
    no unit. The retirement date is left alone: it derives from the person's own
    fields, which a history row does not change."""
    on = on or timezone.localdate()
    if person_ids is None:
        # Everyone: no need to narrow the histories to a list first.
        people, narrow_a, narrow_s = "SELECT id FROM cadre_registry_person", "", ""
    else:
        people = "SELECT DISTINCT unnest(%(ids)s::bigint[]) AS id"
        narrow_a = "JOIN people k ON a.person_id = k.id"
        narrow_s = "JOIN people k ON s.person_id = k.id"
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH people AS ({people}), chosen AS (
                SELECT DISTINCT ON (a.person_id) a.person_id, a.unit_id,
                       a.start <= %(on)s AND (a."end" IS NULL OR a."end" >= %(on)s)
                           AS in_force,
                       a.position_id, a.title
                FROM cadre_registry_assignment a {narrow_a}
                WHERE a.is_main
                ORDER BY a.person_id, a.start <= %(on)s DESC,
                         CASE WHEN a.start <= %(on)s THEN a.start END DESC, a.start
            ), salary AS (
                SELECT DISTINCT ON (s.person_id) s.person_id, s.grade_id, s.step,
                       s.coefficient
                FROM cadre_registry_salaryrecord s {narrow_s}
                WHERE s.start <= %(on)s
                ORDER BY s.person_id, s.start DESC
            ), wanted AS (
                SELECT k.id, c.unit_id,
                       CASE WHEN c.in_force THEN c.position_id END AS position_id,
                       CASE WHEN c.in_force THEN left(c.title, 255) ELSE '' END
                           AS position_title,
                       s.grade_id, s.step, s.coefficient
                FROM people k
                LEFT JOIN chosen c ON c.person_id = k.id
                LEFT JOIN salary s ON s.person_id = k.id
            )
            UPDATE cadre_registry_person p
            SET unit_id = w.unit_id, position_id = w.position_id,
                position_title = w.position_title, grade_id = w.grade_id,
                salary_step = w.step, salary_coefficient = w.coefficient
            FROM wanted w
            WHERE p.id = w.id
              AND (p.unit_id IS DISTINCT FROM w.unit_id
                   OR p.position_id IS DISTINCT FROM w.position_id
                   OR p.position_title IS DISTINCT FROM w.position_title
                   OR p.grade_id IS DISTINCT FROM w.grade_id
                   OR p.salary_step IS DISTINCT FROM w.step
                   OR p.salary_coefficient IS DISTINCT FROM w.coefficient)
            """,
            {"ids": list(person_ids or ()), "on": on},
        )
        return cursor.rowcount


def refresh_current_all(*, on: dt.date | None = None) -> int:
    """Set-wise refresh of every person's cached current unit, post and salary (nightly:
    rows that start or end today change who is where without anyone editing)."""
    return people_refresh_current(person_ids=None, on=on)


# --- Logs --------------------------------------------------------------------------------


def access_log_record(
    *,
    user: User,
    action: str,
    obj: models.Model | None = None,
    description: str = "",
    detail: dict | None = None,
    row_count: int | None = None,
    ip: str | None = None,
) -> AccessLog:
    """Record a view of sensitive data, an export, a print or an import."""
    return AccessLog.objects.create(
        user=user,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        description=description[:500],
        detail=detail or {},
        row_count=row_count,
        ip=ip,
    )


# --- Exports -------------------------------------------------------------------------------


def export_job_create(
    *, user: User, resource: str, file_format: str, query: str, total: int
) -> ExportJob:
    """Queue a background export; the worker recomputes the rows through the selector."""
    from cadre_registry.tasks import export_task

    job = ExportJob.objects.create(
        created_by=user,
        resource=resource,
        file_format=file_format,
        query=query,
        total_rows=total,
    )
    export_task.delay_on_commit(job.pk)
    return job


def export_job_run(*, job: ExportJob, background: bool = False) -> ExportJob:
    """Write the export file of a job (worker side), updating its progress as it goes."""
    import tempfile
    from pathlib import Path

    from django.core.files import File
    from django.http import QueryDict

    from cadre_registry import exports
    from cadre_registry.listing import people_listing

    user = job.created_by
    people = people_listing(user=user, query=QueryDict(job.query)).people
    if job.resource == "people":
        slug = "can-bo"
        columns = exports.people_columns(user=user)
        rows = exports.people_rows(people=people, columns=columns)
    else:
        # A history kind, asked again: the user may have lost the sensitive
        # permission since the job was queued.
        spec = exports.history_specs(user=user).get(job.resource)
        if spec is None:
            ExportJob.objects.filter(pk=job.pk).update(
                status=ExportJob.Status.FAILED,
                message=f"Không xuất được loại dữ liệu “{job.resource}”.",
            )
            job.refresh_from_db()
            return job
        slug = exports.file_slug(spec)
        columns = exports.history_columns(spec=spec, user=user)
        rows = exports.history_rows(spec=spec, people=people, columns=columns)
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.RUNNING)

    def progress(done: int) -> None:
        ExportJob.objects.using("progress" if background else "default").filter(
            pk=job.pk
        ).update(processed_rows=min(done, job.total_rows))

    name = f"{slug}-{timezone.localdate():%Y%m%d}-{job.pk}.{job.file_format}"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        if job.file_format == "xlsx":
            count = exports.write_xlsx(
                path=path, columns=columns, rows=rows, progress=progress
            )
        else:
            written = [0]

            def counted():
                for written[0], row in enumerate(rows, start=1):
                    if written[0] % 5000 == 0:
                        progress(written[0])
                    yield row

            with path.open("wb") as handle:
                for chunk in exports.csv_stream(columns=columns, rows=counted()):
                    handle.write(chunk)
            count = written[0]
        with path.open("rb") as handle:
            job.file.save(name, File(handle), save=False)
    job.status = ExportJob.Status.DONE
    job.total_rows = job.processed_rows = count
    job.finished_at = timezone.now()
    job.save(
        update_fields=["status", "total_rows", "processed_rows", "finished_at", "file"]
    )
    return job
