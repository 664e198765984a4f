"""The personnel statistics engine at scale (issue 6): every headline figure of
`reports.statistics.personnel_statistics` as of a past date, for the whole province
and for one district-sized subtree (`bench.personnel.pick_district`), each timed
beside one hand-written SQL aggregate of the same figures in the same run.

The date is in the past on purpose: as of today every as-of value equals the
current one, while a past date makes the histories count (units from the main
assignments, grades from the salary records, levels from the training records).
The hand-written statement reads them the same way, written out once by hand
with named parameters and only the headline figures (headcount, women,
minorities, Party members, the eight age bands and mean age, the five degree bands
and "university or higher", LLCT groups, grade groups, PGS/GS, "xuất sắc"); its
figures are checked against the engine's, so the two cannot silently differ.

Then the same with the date's figures kept (reports/state.py), beside the same
hand-written SQL and beside a hand-written aggregate over the kept rows, and the
first read after a thousand people changed. Goal (issue 6): within 1.5× of the
hand-written SQL and under 1 s at 1,000,000 people. The kept phase writes (the kept
date, a thousand genders flipped twice) and leaves the database as it found it;
`--no-write` runs the live phase only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import connection

from bench.personnel import bench_user, pick_district
from bench.timing import Timing, measure_side_by_side, timed
from bench.training import BenchResult
from cadre_registry.models import Role
from cadre_registry.rules import add_months
from cadre_registry.selectors import planner_settings, unit_subtree_ids
from reports import state
from reports.statistics import personnel_statistics

ON = dt.date(2020, 1, 1)
GOAL_MS = 1000.0
GOAL_RATIO = 1.5

# The headline figures, as the engine names them, in the order of HAND_SQL's columns.
HEADLINE = (
    "headcount",
    "gender:female",
    "ethnic:minority",
    "party:member",
    "age:le30",
    "age:31_35",
    "age:36_40",
    "age:41_45",
    "age:46_50",
    "age:51_55",
    "age:56_60",
    "age:gt60",
    "degree:below_college",
    "degree:college",
    "degree:university",
    "degree:master",
    "degree:doctorate",
    "degree:university_plus",
    "llct:none",
    "llct:trung_cap",
    "llct:cao_cap",
    "grade:cvcc",
    "grade:cvc",
    "grade:cv",
    "grade:cansu",
    "title:pgs",
    "title:gs",
    "evaluation:xuat_sac",
)

# {cut} / {cut_t} / {cut_p} / {where} are filled for a subtree (the people ever in
# it, as one array) or left empty for the province.
HAND_SQL = """
WITH {candidates}
a AS (
    SELECT DISTINCT ON (person_id) person_id, unit_id
    FROM cadre_registry_assignment WHERE is_main {cut}
    ORDER BY person_id, (start <= %(on)s) DESC,
             CASE WHEN start <= %(on)s THEN start END DESC, start
),
s AS (
    SELECT DISTINCT ON (person_id) person_id,
           CASE WHEN start <= %(on)s THEN grade_id END AS grade_id
    FROM cadre_registry_salaryrecord WHERE TRUE {cut}
    ORDER BY person_id, (start <= %(on)s) DESC, start DESC
),
lv AS (
    SELECT 'chuyen_mon' AS category, lower(x.name) AS text, x.rank
    FROM cadre_registry_degree d,
         LATERAL (SELECT d.name, d.rank UNION
                  SELECT jsonb_array_elements_text(d.aliases), d.rank) x
    UNION
    SELECT 'llct', lower(x.name), x.rank FROM cadre_registry_politicaltheorylevel l,
         LATERAL (SELECT l.name, l.rank UNION
                  SELECT jsonb_array_elements_text(l.aliases), l.rank) x
    UNION
    SELECT 'qlnn', lower(x.name), x.rank FROM cadre_registry_statemanagementlevel q,
         LATERAL (SELECT q.name, q.rank UNION
                  SELECT jsonb_array_elements_text(q.aliases), q.rank) x
),
quals AS MATERIALIZED (
    SELECT q.category, q.qualification, lv.rank
    FROM (SELECT DISTINCT category, qualification FROM cadre_registry_trainingrecord t
          WHERE t."end" IS NOT NULL {cut_t}) q
    JOIN lv ON lv.category = q.category AND lv.text = lower(btrim(q.qualification))
),
g AS (
    SELECT t.person_id,
        MAX(COALESCE(gd.rank, qu.rank)) FILTER (WHERE (gd.id IS NOT NULL OR
            (ct.id IS NULL AND t.category = 'chuyen_mon')) AND t."end" <= %(on)s)
            AS deg_by,
        MAX(COALESCE(gd.rank, qu.rank)) FILTER (WHERE (gd.id IS NOT NULL OR
            (ct.id IS NULL AND t.category = 'chuyen_mon')) AND t."end" > %(on)s)
            AS deg_after,
        MAX(COALESCE(gl.rank, qu.rank)) FILTER (WHERE (gl.id IS NOT NULL OR
            (ct.id IS NULL AND t.category = 'llct')) AND t."end" <= %(on)s) AS llct_by,
        MAX(COALESCE(gl.rank, qu.rank)) FILTER (WHERE (gl.id IS NOT NULL OR
            (ct.id IS NULL AND t.category = 'llct')) AND t."end" > %(on)s) AS llct_after
    FROM cadre_registry_trainingrecord t
    LEFT JOIN training_enrolment e ON e.training_record_id = t.id
    LEFT JOIN training_cohort c ON c.id = e.cohort_id
    LEFT JOIN training_coursetype ct ON ct.id = c.course_type_id
    LEFT JOIN cadre_registry_degree gd ON gd.id = ct.grants_degree_id
    LEFT JOIN cadre_registry_politicaltheorylevel gl
           ON gl.id = ct.grants_political_theory_id
    LEFT JOIN quals qu ON ct.id IS NULL AND qu.category = t.category
                      AND qu.qualification = t.qualification
    WHERE t."end" IS NOT NULL {cut_t}
      AND t.person_id IN (SELECT t2.person_id FROM cadre_registry_trainingrecord t2
                          WHERE t2."end" > %(on)s {cut_t2})
    GROUP BY t.person_id
),
p AS (
    SELECT p.id, p.gender, p.birth_date, p.academic_title,
           p.academic_title_year, p.party_joined_on, eg.is_minority,
           COALESCE(a.unit_id, p.unit_id) AS unit_id,
           CASE WHEN s.person_id IS NULL THEN p.grade_id ELSE s.grade_id END AS grade_id,
           CASE WHEN g.deg_after >= COALESCE(cd.rank, -1) THEN g.deg_by
                ELSE cd.rank END AS degree_rank,
           CASE WHEN g.llct_after >= COALESCE(cl.rank, -1) THEN g.llct_by
                ELSE cl.rank END AS llct_rank
    FROM cadre_registry_person p
    LEFT JOIN a ON a.person_id = p.id
    LEFT JOIN s ON s.person_id = p.id
    LEFT JOIN g ON g.person_id = p.id
    LEFT JOIN cadre_registry_ethnicgroup eg ON eg.id = p.ethnic_group_id
    LEFT JOIN cadre_registry_degree cd ON cd.id = p.highest_degree_id
    LEFT JOIN cadre_registry_politicaltheorylevel cl ON cl.id = p.political_theory_id
    WHERE (p.recruited_on IS NULL OR p.recruited_on <= %(on)s)
      AND (p.left_on IS NULL OR p.left_on > %(on)s) {cut_p}
)
SELECT
    COUNT(*),
    COUNT(*) FILTER (WHERE p.gender = 'F'),
    COUNT(*) FILTER (WHERE p.is_minority),
    COUNT(*) FILTER (WHERE p.party_joined_on <= %(on)s),
    COUNT(*) FILTER (WHERE p.birth_date > %(a31)s),
    COUNT(*) FILTER (WHERE p.birth_date <= %(a31)s AND p.birth_date > %(a36)s),
    COUNT(*) FILTER (WHERE p.birth_date <= %(a36)s AND p.birth_date > %(a41)s),
    COUNT(*) FILTER (WHERE p.birth_date <= %(a41)s AND p.birth_date > %(a46)s),
    COUNT(*) FILTER (WHERE p.birth_date <= %(a46)s AND p.birth_date > %(a51)s),
    COUNT(*) FILTER (WHERE p.birth_date <= %(a51)s AND p.birth_date > %(a56)s),
    COUNT(*) FILTER (WHERE p.birth_date <= %(a56)s AND p.birth_date > %(a61)s),
    COUNT(*) FILTER (WHERE p.birth_date <= %(a61)s),
    COUNT(*) FILTER (WHERE d.report_band = 'duoi_cao_dang' OR d.report_band IS NULL),
    COUNT(*) FILTER (WHERE d.report_band = 'cao_dang'),
    COUNT(*) FILTER (WHERE d.report_band = 'dai_hoc'),
    COUNT(*) FILTER (WHERE d.report_band = 'thac_si'),
    COUNT(*) FILTER (WHERE d.report_band = 'tien_si'),
    COUNT(*) FILTER (WHERE d.report_band IN ('dai_hoc', 'thac_si', 'tien_si')),
    COUNT(*) FILTER (WHERE COALESCE(l.report_group, '') IN ('', 'Sơ cấp')),
    COUNT(*) FILTER (WHERE l.report_group = 'Trung cấp'),
    COUNT(*) FILTER (WHERE l.report_group = 'Cao cấp, cử nhân'),
    COUNT(*) FILTER (WHERE gr.report_family = 'cvcc'),
    COUNT(*) FILTER (WHERE gr.report_family = 'cvc'),
    COUNT(*) FILTER (WHERE gr.report_family = 'cv'),
    COUNT(*) FILTER (WHERE gr.report_family IN ('cansu', 'nhanvien')),
    COUNT(*) FILTER (WHERE p.academic_title = 'pgs'
        AND (p.academic_title_year IS NULL OR p.academic_title_year <= %(year)s)),
    COUNT(*) FILTER (WHERE p.academic_title = 'gs'
        AND (p.academic_title_year IS NULL OR p.academic_title_year <= %(year)s)),
    COUNT(*) FILTER (WHERE el.code = 'xuat_sac'),
    AVG((%(on_num)s - (EXTRACT(YEAR FROM p.birth_date)::int * 10000
        + EXTRACT(MONTH FROM p.birth_date)::int * 100
        + EXTRACT(DAY FROM p.birth_date)::int)) / 10000)
FROM p
LEFT JOIN cadre_registry_degree d ON d.rank = p.degree_rank
LEFT JOIN cadre_registry_politicaltheorylevel l ON l.rank = p.llct_rank
LEFT JOIN cadre_registry_grade gr ON gr.id = p.grade_id
LEFT JOIN cadre_registry_evaluation ev ON ev.person_id = p.id AND ev.year = %(year)s - 1
LEFT JOIN cadre_registry_evaluationlevel el ON el.id = ev.level_id
WHERE p.unit_id IS NOT NULL {where}
"""


def _hand_sql(*, unit_ids: list[int] | None, on: dt.date) -> Callable[[], tuple]:
    params = {
        "on": on,
        "year": on.year,
        "on_num": on.year * 10000 + on.month * 100 + on.day,
        **{f"a{n}": add_months(on, -12 * n) for n in (31, 36, 41, 46, 51, 56, 61)},
    }
    if unit_ids is None:
        parts = dict.fromkeys(
            ("candidates", "cut", "cut_t", "cut_t2", "cut_p", "where"), ""
        )
    else:
        params["units"] = unit_ids
        ids = "(SELECT ids FROM cand)::bigint[]"
        parts = {
            "candidates": (
                "cand AS (SELECT ARRAY(SELECT person_id FROM cadre_registry_assignment"
                " WHERE is_main AND unit_id = ANY(%(units)s) UNION SELECT id FROM "
                "cadre_registry_person WHERE unit_id = ANY(%(units)s)) AS ids),"
            ),
            "cut": f"AND person_id = ANY({ids})",
            "cut_t": f"AND t.person_id = ANY({ids})",
            "cut_t2": f"AND t2.person_id = ANY({ids})",
            "cut_p": f"AND p.id = ANY({ids})",
            "where": "AND p.unit_id = ANY(%(units)s)",
        }
    sql = HAND_SQL.format(**parts)

    def run():
        # Without JIT, as the engine runs (its compile time is most of a cold run).
        with planner_settings(jit="off"), connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()

    return run


KEPT_SQL = """
SELECT
    COUNT(*),
    COUNT(*) FILTER (WHERE gender = 'F'),
    COUNT(*) FILTER (WHERE minority),
    COUNT(*) FILTER (WHERE party),
    {ages},
    {degrees},
    COUNT(*) FILTER (WHERE degree_band IN ('dai_hoc', 'thac_si', 'tien_si')),
    COUNT(*) FILTER (WHERE llct_group = 'none'),
    COUNT(*) FILTER (WHERE llct_group = 'trung_cap'),
    COUNT(*) FILTER (WHERE llct_group = 'cao_cap'),
    COUNT(*) FILTER (WHERE grade_family = 'cvcc'),
    COUNT(*) FILTER (WHERE grade_family = 'cvc'),
    COUNT(*) FILTER (WHERE grade_family = 'cv'),
    COUNT(*) FILTER (WHERE grade_family IN ('cansu', 'nhanvien')),
    COUNT(*) FILTER (WHERE title = 'pgs'),
    COUNT(*) FILTER (WHERE title = 'gs'),
    COUNT(*) FILTER (WHERE evaluation = 'xuat_sac'),
    AVG(age_years)
FROM reports_personstate
WHERE statedate_id = %(kept)s {where}
""".format(
    ages=",\n    ".join(
        f"COUNT(*) FILTER (WHERE age_band = '{band}')"
        for band in (
            "le30",
            "31_35",
            "36_40",
            "41_45",
            "46_50",
            "51_55",
            "56_60",
            "gt60",
        )
    ),
    degrees=",\n    ".join(
        f"COUNT(*) FILTER (WHERE degree_band = '{band}')"
        for band in ("duoi_cao_dang", "cao_dang", "dai_hoc", "thac_si", "tien_si")
    ),
    where="{where}",
)


def _kept_sql(*, unit_ids: list[int] | None, kept_id: int) -> Callable[[], tuple]:
    """The headline figures by hand over the kept rows (reports_personstate): the
    floor of a read of a kept date."""
    params = {"kept": kept_id, "units": unit_ids}
    sql = KEPT_SQL.format(
        where="" if unit_ids is None else "AND unit_id = ANY(%(units)s)"
    )

    def run():
        with planner_settings(jit="off"), connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()

    return run


CHANGED = 1000


def run(
    *, repeat: int, warmup: int, log=print, keep: bool = True
) -> tuple[list[BenchResult], dict]:
    """Engine vs hand-written SQL, province and district, as of ON: live (from the
    histories), then (`keep`, which writes) with ON's figures kept
    (reports/state.py), and a read after CHANGED people were changed."""
    admin = bench_user("bench-admin", Role.ADMIN)
    district, district_people = pick_district()
    cases = [
        ("Toàn tỉnh", None, None),
        (
            f"Huyện (cỡ huyện): {district.name}",
            district,
            unit_subtree_ids(unit=district),
        ),
    ]
    results: list[BenchResult] = []
    facts: dict = {"on": ON, "district": district.name, "mismatches": []}
    # A date kept by an earlier run would make the live figures read it.
    others = {k.on for k in state.kept_dates()} - {ON}
    state.drop(keep=others)
    hands = {label: _hand_sql(unit_ids=ids, on=ON) for label, _, ids in cases}

    def engine_of(unit):
        return lambda: personnel_statistics(user=admin, unit=unit, on=ON)

    def check(label, stats, row):
        mine = [stats[key].count for key in HEADLINE]
        if mine != list(row[: len(HEADLINE)]):
            facts["mismatches"].append(
                (
                    label,
                    [k for k, a, b in zip(HEADLINE, mine, row, strict=False) if a != b],
                )
            )

    def side_by_side(label, unit, baseline, *, what, goal_ratio, absolute=True):
        engine = engine_of(unit)
        stats = engine()
        check(f"{label} ({what})", stats, baseline())
        facts[f"headcount:{label}"] = stats.headcount
        counter = _Counter()
        with connection.execute_wrapper(counter):
            engine()
        timings = measure_side_by_side([engine, baseline], repeat=repeat, warmup=warmup)
        median, raw = timings[0].median, timings[1].median
        met = median <= goal_ratio * raw and (median < GOAL_MS or not absolute)
        results.append(
            BenchResult(
                label=f"personnel_statistics, {label}, {stats.headcount:,} người "
                f"tại {ON:%d/%m/%Y}: {what}",
                timing=timings[0],
                raw=timings[1],
                goal=f"≤ {goal_ratio}× SQL"
                + (f", < {GOAL_MS:.0f} ms" if absolute else ""),
                met=met,
                queries=counter.count,
            )
        )

    for label, unit, _ in cases:
        log(f"  {label}: từ các quá trình …")
        side_by_side(
            label,
            unit,
            hands[label],
            what="từ các quá trình (live)",
            goal_ratio=GOAL_RATIO,
            absolute=False,
        )
    facts["district_people"] = district_people
    if not keep:
        return results, facts

    log(f"  Lưu số liệu ngày {ON:%d/%m/%Y} …")
    elapsed, kept = timed(lambda: state.build(on=ON))
    facts["kept_people"] = kept.people
    results.append(
        BenchResult(
            label=f"state.build: lưu {kept.people:,} người tại {ON:%d/%m/%Y} (một lần)",
            timing=Timing([elapsed]),
        )
    )
    try:
        for label, unit, ids in cases:
            log(f"  {label}: từ số liệu đã lưu …")
            side_by_side(
                label,
                unit,
                hands[label],
                what="đã lưu, so với SQL từ các quá trình",
                goal_ratio=GOAL_RATIO,
            )
            side_by_side(
                label,
                unit,
                _kept_sql(unit_ids=ids, kept_id=kept.id),
                what="đã lưu, so với SQL trên bảng đã lưu",
                goal_ratio=GOAL_RATIO,
                absolute=False,
            )
        log(f"  Sau khi sửa {CHANGED:,} người …")
        results.append(_after_changes(admin, kept))
    finally:
        state.drop(keep=others)
    return results, facts


def _flip(ids: list[int]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE cadre_registry_person SET gender = CASE gender WHEN 'F' THEN 'M'"
            " ELSE 'F' END WHERE id = ANY(%s)",
            [ids],
        )


def _after_changes(admin, kept) -> BenchResult:
    """The first read of the province after CHANGED people changed (their rows are
    recomputed by the read itself), each sample after a fresh change; every
    change is undone by the next (a gender flipped twice)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT person_id FROM {state.TABLE} WHERE statedate_id = %s"
            " ORDER BY person_id LIMIT %s",
            [kept.id, CHANGED],
        )
        ids = [pk for (pk,) in cursor.fetchall()]
    timing = Timing()
    for _ in range(4):  # an even number: the genders end as they were
        _flip(ids)
        elapsed, _ = timed(lambda: personnel_statistics(user=admin, unit=None, on=ON))
        timing.samples.append(elapsed)
    return BenchResult(
        label=f"personnel_statistics, Toàn tỉnh, đã lưu, lần đọc đầu sau khi sửa "
        f"{CHANGED:,} người (tính lại họ)",
        timing=timing,
        goal=f"< {GOAL_MS:.0f} ms",
        met=timing.median < GOAL_MS,
    )


class _Counter:
    """Counts the statements a call sends (connection.execute_wrapper)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)
