"""Training at scale: classes and about three enrolments per person seeded with COPY,
then (a) nominating 200 people in one step and (b) recording the results of a
200-learner class, through the services, each in a transaction rolled back; and
(c) the training statistics of one year (training/statistics.py) beside the raw
SQL of the same aggregates, in the same run.

Goals (issue 4): (a) and (b) under 1 s; (c) within 2× the raw SQL.

Seeding is idempotent: the classes carry the institution `SEED_INSTITUTION`, and a
second run finds them and seeds nothing. Only training rows are added; nothing is
truncated or dropped, and COPY takes no lock stronger than an INSERT does.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection, transaction

from bench.personnel import bench_user
from bench.timing import Timing, measure_side_by_side
from cadre_registry.models import Person, Role, Unit
from cadre_registry.seeding import _copy_columns, _copy_value
from training import services, statistics
from training.models import (
    Cohort,
    CourseType,
    Enrolment,
    EnrolmentStatus,
    Mode,
    PlanQuota,
    TrainingPlan,
)
from training.services import Result

SEED_INSTITUTION = "Trường Chính trị tỉnh (dữ liệu đo)"
YEARS = (2021, 2022, 2023, 2024, 2025)
STATS_YEAR = 2024
ENROLMENTS_PER_PERSON = 3
MEAN_CLASS = 50
NOMINEES = 200
WRITE_GOAL_MS = 1000.0
STATS_RAW_RATIO = 2.0


@dataclass
class BenchResult:
    label: str
    timing: Timing
    raw: Timing | None = None
    goal: str = ""
    met: bool | None = None
    queries: int | None = None


# --- Seeding -------------------------------------------------------------------------


def _copy(cursor, model, columns: list[str], lines: list[str]) -> None:
    names, suffix = _copy_columns(model, columns)
    text = "".join(line + suffix + "\n" for line in lines)
    cursor.copy_expert(
        f"COPY {model._meta.db_table} ({names}) FROM STDIN", io.StringIO(text)
    )


def _row(*values) -> str:
    return "\t".join(_copy_value(v) for v in values)


def seeded_enrolments() -> int:
    """Enrolments of the seeded classes (0 before the first run)."""
    return Enrolment.objects.filter(cohort__institution=SEED_INSTITUTION).count()


def seed(*, seed: int = 1, log: Callable[[str], None] = print) -> dict:
    """Classes for YEARS and ENROLMENTS_PER_PERSON enrolments per person in service,
    plans with quotas; skipped when the seeded classes are already there."""
    existing = seeded_enrolments()
    if existing:
        log(f"Dữ liệu đào tạo đã có: {existing:,} lượt học viên; không tạo thêm.")
        return {"skipped": True, "enrolments": existing}
    started = time.perf_counter()
    rng = random.Random(seed)
    admin = bench_user("bench-admin", Role.ADMIN)
    root = Unit.objects.filter(parent__isnull=True).order_by("id").first()
    districts = list(
        Unit.objects.filter(kind="huyen_uy").order_by("id").values_list("id", flat=True)
    )
    agencies = list(
        Unit.objects.filter(kind="co_quan").order_by("id").values_list("id", flat=True)
    )
    types = list(CourseType.objects.filter(in_report=True).order_by("rank"))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, unit_id FROM cadre_registry_person WHERE left_on IS NULL "
            "AND unit_id IS NOT NULL ORDER BY id"
        )
        people = cursor.fetchall()
    log(f"  {len(people):,} người đang công tác; tạo lớp và học viên…")
    # Classes: one set per round, so that nobody sits twice in one class.
    classes: list[tuple] = []  # (round, size, type, mode, organiser, start, end)
    for round_ in range(ENROLMENTS_PER_PERSON):
        left = len(people)
        while left > 0:
            size = min(left, rng.randint(MEAN_CLASS - 30, MEAN_CLASS + 30))
            left -= size
            course = rng.choice(types)
            if course.by_mode:
                mode = rng.choice((Mode.FULL_TIME, Mode.PART_TIME))
            else:
                mode = Mode.FULL_TIME if rng.random() < 0.8 else Mode.PART_TIME
            draw = rng.random()
            organiser = (
                root.pk
                if draw < 0.4
                else rng.choice(districts or [root.pk])
                if draw < 0.8
                else rng.choice(agencies or [root.pk])
            )
            year = rng.choice(YEARS)
            start = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(330))
            days = rng.randint(300, 600) if course.is_long else rng.randint(5, 30)
            end = start + dt.timedelta(days=days)
            classes.append((round_, size, course.pk, mode, organiser, start, end))
    today = dt.date.today()
    with transaction.atomic(), connection.cursor() as cursor:
        columns = [
            "name",
            "course_type_id",
            "mode",
            "institution",
            "organising_unit_id",
            "start",
            "end",
            "capacity",
            "status",
            "created_by_id",
            "created_at",
        ]
        now = dt.datetime.now(dt.UTC)
        lines = [
            _row(
                f"Lớp đo {n + 1}",
                course,
                mode,
                SEED_INSTITUTION,
                organiser,
                start,
                end,
                size,
                Cohort.Status.FINISHED if end < today else Cohort.Status.RUNNING,
                admin.pk,
                now,
            )
            for n, (_, size, course, mode, organiser, start, end) in enumerate(classes)
        ]
        _copy(cursor, Cohort, columns, lines)
        cursor.execute(
            "SELECT id FROM training_cohort WHERE institution = %s ORDER BY id",
            [SEED_INSTITUTION],
        )
        ids = [r[0] for r in cursor.fetchall()]
        log(f"  {len(ids):,} lớp ({time.perf_counter() - started:.0f} s)")
        columns = [
            "cohort_id",
            "person_id",
            "nominating_unit_id",
            "status",
            "nominated_on",
            "enrolled_on",
            "finished_on",
            "sponsorship",
            "created_by_id",
        ]
        written = 0
        for round_ in range(ENROLMENTS_PER_PERSON):
            order = people[:]
            rng.shuffle(order)
            at = 0
            lines = []
            for cohort_id, (r, size, _, _, _, start, end) in zip(
                ids, classes, strict=True
            ):
                if r != round_:
                    continue
                nominated = start - dt.timedelta(days=30)
                for person_id, unit_id in order[at : at + size]:
                    draw = rng.random()
                    if end >= today:
                        status, finished = EnrolmentStatus.ENROLLED, None
                    elif draw < 0.88:
                        status, finished = EnrolmentStatus.COMPLETED, end
                    elif draw < 0.94:
                        status, finished = EnrolmentStatus.FAILED, end
                    else:
                        status = EnrolmentStatus.WITHDRAWN
                        finished = min(end, start + dt.timedelta(days=3))
                    lines.append(
                        _row(
                            cohort_id,
                            person_id,
                            unit_id,
                            status,
                            nominated,
                            start,
                            finished,
                            "ngan_sach",
                            admin.pk,
                        )
                    )
                at += size
                if len(lines) >= 200_000:
                    _copy(cursor, Enrolment, columns, lines)
                    written += len(lines)
                    lines = []
                    log(
                        f"  {written:,} lượt học viên "
                        f"({time.perf_counter() - started:.0f} s)"
                    )
            if lines:
                _copy(cursor, Enrolment, columns, lines)
                written += len(lines)
        # Plans: the province and each district, every year, a quota per type/mode.
        for year in YEARS:
            for unit_id in [root.pk, *districts]:
                plan = TrainingPlan.objects.create(
                    unit_id=unit_id,
                    title=f"Kế hoạch đào tạo năm {year} (dữ liệu đo)",
                    year_from=year,
                    year_to=year,
                    created_by=admin,
                )
                PlanQuota.objects.bulk_create(
                    PlanQuota(
                        plan=plan,
                        course_type=course,
                        mode=mode,
                        quota=rng.randint(50, 2000),
                    )
                    for course in types
                    for mode in (
                        (Mode.FULL_TIME, Mode.PART_TIME)
                        if course.by_mode
                        else (Mode.FULL_TIME,)
                    )
                )
    with connection.cursor() as cursor:
        for table in ("training_cohort", "training_enrolment", "training_planquota"):
            cursor.execute(f"ANALYZE {table}")
    seconds = time.perf_counter() - started
    log(f"  {written:,} lượt học viên, {len(ids):,} lớp trong {seconds:.0f} s")
    return {
        "skipped": False,
        "enrolments": written,
        "classes": len(ids),
        "seconds": seconds,
    }


# --- The raw SQL of the statistics ---------------------------------------------------

LEVELS_CTE = """
    WITH anc AS (
        SELECT u.id, a.kind FROM cadre_registry_unit u
        CROSS JOIN LATERAL unnest(string_to_array(rtrim(u.path, '/'), '/')::bigint[])
            AS ancestor(id)
        JOIN cadre_registry_unit a ON a.id = ancestor.id
        WHERE a.kind IN ('xa_phuong', 'huyen_uy')
    ), lvl AS (
        SELECT id, CASE WHEN bool_or(kind = 'xa_phuong') THEN 'xa' ELSE 'huyen' END
            AS level
        FROM anc GROUP BY id
    )
"""

ENROLMENT_SQL = (
    LEVELS_CTE
    + """
    , leaders AS (
        SELECT DISTINCT a.person_id FROM cadre_registry_assignment a
        JOIN cadre_registry_position p ON p.id = a.position_id
        WHERE p.is_leader AND a.start <= %(on)s
            AND (a."end" IS NULL OR a."end" >= %(on)s)
    ), e AS (
        SELECT e.*, c.course_type_id, c.mode,
            e.enrolled_on <= %(on)s
                AND NOT (e.status = 'withdrawn' AND e.finished_on <= %(on)s) AS trained,
            e.status = 'failed' AND e.finished_on <= %(on)s AS failed_now,
            COALESCE(l.level, 'tinh') AS level,
            ld.person_id IS NOT NULL AS is_leader
        FROM training_enrolment e
        JOIN training_cohort c ON c.id = e.cohort_id
        LEFT JOIN lvl l ON l.id = e.nominating_unit_id
        LEFT JOIN leaders ld ON ld.person_id = e.person_id
        WHERE c.start >= %(start)s AND c.start <= %(until)s
            AND c.status <> 'cancelled' AND e.nominated_on <= %(on)s
            {scope}
    )
    SELECT course_type_id, mode,
        COUNT(*) FILTER (WHERE NOT (status = 'withdrawn' AND finished_on <= %(on)s)),
        COUNT(*) FILTER (WHERE trained),
        COUNT(*) FILTER (WHERE status = 'completed' AND finished_on <= %(on)s),
        COUNT(*) FILTER (WHERE failed_now),
        COUNT(*) FILTER (WHERE trained AND NOT failed_now),
        COUNT(*) FILTER (WHERE trained AND is_leader),
        COUNT(*) FILTER (WHERE trained AND level = 'xa'),
        COUNT(*) FILTER (WHERE trained AND level = 'huyen'),
        COUNT(*) FILTER (WHERE trained AND level = 'tinh')
    FROM e GROUP BY 1, 2
"""
)

COHORT_SQL = (
    LEVELS_CTE
    + """
    SELECT c.course_type_id, c.mode, COUNT(DISTINCT c.id),
        COUNT(e.id) FILTER (WHERE e.enrolled_on <= %(on)s
            AND NOT (e.status = 'withdrawn' AND e.finished_on <= %(on)s)),
        COUNT(DISTINCT c.id) FILTER (WHERE l.level = 'xa'),
        COUNT(DISTINCT c.id) FILTER (WHERE l.level = 'huyen'),
        COUNT(DISTINCT c.id) FILTER (WHERE l.level IS NULL)
    FROM training_cohort c
    LEFT JOIN training_enrolment e ON e.cohort_id = c.id
    LEFT JOIN lvl l ON l.id = c.organising_unit_id
    WHERE c.start >= %(start)s AND c.start <= %(until)s AND c.status <> 'cancelled'
        {scope}
    GROUP BY 1, 2
"""
)

QUOTA_SQL = """
    SELECT q.course_type_id, q.mode, SUM(q.quota)
    FROM training_planquota q JOIN training_trainingplan p ON p.id = q.plan_id
    WHERE p.year_from <= %(year_to)s AND p.year_to >= %(year_from)s {scope}
    GROUP BY 1, 2
"""


def raw_statistics(*, start, end, on, unit_ids: list[int] | None) -> list[list]:
    """The three aggregates of training_statistics as hand-written SQL."""
    params = {
        "start": start,
        "until": min(end, on),
        "on": on,
        "year_from": start.year,
        "year_to": end.year,
        "units": unit_ids,
    }
    person_scope = (
        ""
        if unit_ids is None
        else "AND e.person_id IN (SELECT id FROM cadre_registry_person "
        "WHERE unit_id = ANY(%(units)s))"
    )
    unit_scope = "" if unit_ids is None else "AND c.organising_unit_id = ANY(%(units)s)"
    plan_scope = "" if unit_ids is None else "AND p.unit_id = ANY(%(units)s)"
    out = []
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM training_coursetype ORDER BY rank, code")
        cursor.fetchall()
        for sql, scope in (
            (ENROLMENT_SQL, person_scope),
            (COHORT_SQL, unit_scope),
            (QUOTA_SQL, plan_scope),
        ):
            cursor.execute(sql.replace("{scope}", scope), params)
            out.append(cursor.fetchall())
    return out


# --- Measurements --------------------------------------------------------------------


def _target_class(*, by, root, name: str) -> Cohort:
    # In 2028: no seeded class overlaps, so the full-time check finds nobody busy.
    return services.cohort_create(
        by=by,
        name=name,
        course_type=CourseType.objects.get(code="llct_cao_cap"),
        mode=Mode.FULL_TIME,
        institution="Học viện Chính trị khu vực I",
        organising_unit=root,
        start=dt.date(2028, 3, 1),
        end=dt.date(2028, 10, 30),
        capacity=NOMINEES + 50,
    )


class _Rollback(Exception):
    pass


def _rolled_back(function: Callable[[], object]) -> Callable[[], None]:
    def run():
        try:
            with transaction.atomic():
                function()
                raise _Rollback
        except _Rollback:
            pass

    return run


def _nominees(offset: int) -> list[Person]:
    ids = list(
        Person.objects.filter(left_on__isnull=True, unit__isnull=False)
        .order_by("id")
        .values_list("id", flat=True)[offset : offset + NOMINEES]
    )
    return list(Person.objects.filter(pk__in=ids))


def run(
    *, repeat: int, warmup: int, log: Callable[[str], None] = print
) -> tuple[list[BenchResult], dict]:
    """Time nominating, recording results and the statistics; return rows and facts."""
    from django.test.utils import CaptureQueriesContext

    admin = bench_user("bench-admin", Role.ADMIN)
    root = Unit.objects.filter(parent__isnull=True).order_by("id").first()
    people = _nominees(1000)
    results: list[BenchResult] = []

    # (a) Nominate 200 people to a class in one step.
    def nominate():
        cohort = _target_class(by=admin, root=root, name="Lớp đo cử đi học")
        services.enrolments_nominate(
            cohort=cohort,
            people=people,
            nominating_unit=root,
            by=admin,
            nominated_on=dt.date(2028, 1, 15),
        )

    # (b) Record the results of a 200-learner class at once (the class and its
    # nominations are made inside the same rolled-back transaction, untimed).
    def results_step():
        timing = Timing()
        for round_ in range(warmup + repeat):
            try:
                with transaction.atomic():
                    cohort = _target_class(by=admin, root=root, name="Lớp đo kết quả")
                    done = services.enrolments_nominate(
                        cohort=cohort,
                        people=people,
                        nominating_unit=root,
                        by=admin,
                        nominated_on=dt.date(2028, 1, 15),
                    )
                    rows = [
                        Result(
                            enrolment_id=e.pk,
                            status=EnrolmentStatus.COMPLETED,
                            finished_on=cohort.end,
                            result="Khá",
                            certificate_number=f"CC-{e.pk}",
                            certificate_date=cohort.end,
                        )
                        for e in done.enrolments
                    ]
                    t0 = time.perf_counter()
                    services.cohort_results_record(
                        cohort=cohort, results=rows, by=admin
                    )
                    if round_ >= warmup:
                        timing.samples.append((time.perf_counter() - t0) * 1000)
                    raise _Rollback
            except _Rollback:
                pass
        return timing

    log("  (a) cử 200 người…")
    (nominate_timing,) = measure_side_by_side(
        [_rolled_back(nominate)], repeat=repeat, warmup=warmup
    )
    with CaptureQueriesContext(connection) as queries:
        _rolled_back(nominate)()
    results.append(
        BenchResult(
            label=f"(a) nominate {NOMINEES} people in one step "
            "(`services.enrolments_nominate`)",
            timing=nominate_timing,
            goal="< 1 s",
            met=nominate_timing.median < WRITE_GOAL_MS,
            queries=len(queries),
        )
    )
    log("  (b) ghi kết quả lớp 200 học viên…")
    record_timing = results_step()
    results.append(
        BenchResult(
            label=f"(b) record results of a {NOMINEES}-learner class "
            "(`services.cohort_results_record`)",
            timing=record_timing,
            goal="< 1 s",
            met=record_timing.median < WRITE_GOAL_MS,
        )
    )

    # (c) The statistics of one year beside the raw SQL of the same aggregates.
    start, end = dt.date(STATS_YEAR, 1, 1), dt.date(STATS_YEAR, 12, 31)
    district = Unit.objects.filter(kind="huyen_uy").order_by("id").first() or root
    organizer = bench_user("bench-training-organizer", Role.ORGANIZER)
    organizer.units.set([district])
    facts = {
        "people": Person.objects.filter(left_on__isnull=True).count(),
        "enrolments": Enrolment.objects.count(),
        "classes": Cohort.objects.count(),
        "year_enrolments": Enrolment.objects.filter(
            cohort__start__year=STATS_YEAR
        ).count(),
        "district": district.name,
    }
    cases = [
        (
            f"(c) statistics of {STATS_YEAR}, administrator (whole province)",
            admin,
            None,
        ),
        (
            f"(c) statistics of {STATS_YEAR}, organizer of “{district.name}”",
            organizer,
            None,
        ),
    ]
    for label, user, unit in cases:
        log(f"  {label}…")
        fresh = type(user).objects.get(pk=user.pk)

        def ours(fresh=fresh, unit=unit):
            fresh.__dict__.pop("_unit_scope_ids", None)
            return statistics.training_statistics(
                user=fresh, start=start, end=end, on=end, unit=unit
            )

        scope = statistics._unit_ids(user=fresh, unit=unit)

        def raw(scope=scope):
            return raw_statistics(start=start, end=end, on=end, unit_ids=scope)

        check = ours()
        raw_rows = raw()
        trained_raw = sum(r[3] for r in raw_rows[0])
        if trained_raw != check.total_trained:
            raise RuntimeError(
                f"raw SQL and statistics disagree: {trained_raw} ≠ {check.total_trained}"
            )
        ours_timing, raw_timing = measure_side_by_side(
            [ours, raw], repeat=repeat, warmup=warmup
        )
        with CaptureQueriesContext(connection) as queries:
            ours()
        ratio = ours_timing.median / raw_timing.median
        results.append(
            BenchResult(
                label=f"{label}: {check.total_trained:,} trained, "
                f"{check.total_classes:,} classes",
                timing=ours_timing,
                raw=raw_timing,
                goal=f"≤ {STATS_RAW_RATIO:g}× raw",
                met=ratio <= STATS_RAW_RATIO,
                queries=len(queries),
            )
        )
    return results, facts
