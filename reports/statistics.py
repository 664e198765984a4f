"""Personnel statistics (thống kê chất lượng đội ngũ) of a unit subtree as of a date:
the figures of Biểu 8B-BTCTW (DOMAIN.md §11.2) and the headline ratios of issue 6,
each a count over a denominator with its share, and each traceable to its people.

Every figure is computed in the database, in one aggregate statement
(`COUNT(*) FILTER (WHERE …)` over the people in service on the date), so the number
of queries does not grow with the people. The same predicate that counts a figure
selects its people for the drill-down (`figure_people`): both are built from
`FIGURES` below, so a list always has exactly `count` people.

Scope: the user's units come from `selectors.unit_scope_ids`; a person is visible
when their current unit is in scope, as `selectors.person_list` decides (the
drill-down goes through `person_list` itself). Within that, the subtree is read as
of the date: a person counts for the unit they were in on `on`, so someone who moved
between two units of the user's scope counts where they were then; someone who has
since moved out of the user's scope is not visible to them, whatever the date.

Definitions, as of the reference date `on`:

- In service (headcount): recruited on or before `on` (no recruitment date: taken as
  recruited), and not left by then (`left_on` after `on`, the registry's rule in
  `selectors.person_filter`: on the leaving day the person is out).
- Unit: the main assignment with the latest start on or before `on` (the one in
  force, since main assignments never overlap; between two posts, the last one, as
  `services.person_refresh_current` says); before the first assignment, the first
  one. The current unit only for someone with no assignment at all.
- Grade (ngạch): the salary record with the latest start on or before `on` (the
  rule of `person_refresh_current`); someone whose first salary record starts later
  had no grade yet; the current grade only for someone with no salary record.
- Highest degree, political theory (LLCT), state management (QLNN): the current
  level, unless a dated training record (its end date is the day the level was
  gained) shows that level was gained after `on`; then the highest level of the
  records ended by `on`, or none when no record had ended (a level with no dated
  record is taken as held throughout: there is nothing to date it by). A record's
  level is the one its course grants (training app enrolments), else its
  qualification read against the code list's names and aliases.
- Academic title: counted from its year (`academic_title_year`; no year: current).
- Party members: admitted (`party_joined_on`) on or before `on`.
- Kind of staff, gender, ethnic group: the current values (the registry keeps no
  history of them).
- Age: full years on `on`; bands of Biểu 8B (≤30, 31-35, ..., 56-60, >60).
- Evaluation: the level of the given year (default: the year before `on`'s).
- Retiring within the period: retirement date (NĐ 135/2020, `Person.retirement_date`)
  from `on` to `on` + N months (default 12), as the personnel list's filter.

Cost (bench part "statistics", 1,000,000 people, 740,960 in service on
01/01/2020): read live from the histories, the whole province takes about 11-15 s
and a district-sized subtree (11,885 people) about 0.9 s, each within 1.05× of one
hand-written SQL statement of the same figures; reading the histories back is most
of it. So the dates asked most (today, the last year-end) are kept
(reports/state.py, `_source`): about 0.6 s for the province and 50 ms for the
district, with the same figures, since a read first recomputes the people changed.

Shares: count / denominator × 100, rounded half up to two decimals (so 2/3 is
66.67%); the denominator of every figure is the headcount, and the figures of each
breakdown add up to it (a share of a breakdown may then add up to 99.99 or 100.01).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404

from cadre_registry.models import (
    Assignment,
    Degree,
    EthnicGroup,
    Evaluation,
    EvaluationLevel,
    Grade,
    Person,
    PoliticalTheoryLevel,
    SalaryRecord,
    StateManagementLevel,
    TrainingRecord,
    Unit,
    User,
)
from cadre_registry.rules import add_months
from cadre_registry.selectors import (
    person_list,
    planner_settings,
    unit_scope_ids,
    unit_subtree_ids,
)

RETIRING_MONTHS = 12
TWO_PLACES = Decimal("0.01")


# --- The figures --------------------------------------------------------------------


@dataclass(frozen=True)
class Definition:
    """One figure: a stable key (URL of its drill-down), its label, its section and
    the SQL condition over the columns of the population (`_population`)."""

    key: str
    label: str
    section: str
    condition: str
    # "Of which" lines (university or higher) are outside their section's sum.
    in_sum: bool = True


SECTIONS = {
    "kind": "Loại cán bộ",
    "gender": "Giới tính",
    "ethnic": "Dân tộc",
    "party": "Đảng viên",
    "age": "Độ tuổi",
    "degree": "Trình độ chuyên môn",
    "title": "Học hàm",
    "llct": "Lý luận chính trị",
    "qlnn": "Quản lý nhà nước",
    "grade": "Ngạch công chức",
    "evaluation": "Xếp loại chất lượng",
    "retiring": "Đến tuổi nghỉ hưu",
}

# Age bands of Biểu 8B: (key, label, youngest age, oldest age or None).
AGE_BANDS = (
    ("le30", "Từ 30 trở xuống", None, 30),
    ("31_35", "Từ 31 đến 35", 31, 35),
    ("36_40", "Từ 36 đến 40", 36, 40),
    ("41_45", "Từ 41 đến 45", 41, 45),
    ("46_50", "Từ 46 đến 50", 46, 50),
    ("51_55", "Từ 51 đến 55", 51, 55),
    ("56_60", "Từ 56 đến 60", 56, 60),
    ("gt60", "Trên 60", 61, None),
)

# Biểu 8B degree bands: the `report_band` of the Degree code list -> key.
DEGREE_BANDS = {
    "duoi_cao_dang": ("below_college", "Dưới cao đẳng"),
    "cao_dang": ("college", "Cao đẳng"),
    "dai_hoc": ("university", "Đại học"),
    "thac_si": ("master", "Thạc sĩ"),
    "tien_si": ("doctorate", "Tiến sĩ"),
}
# BTCTW LLCT groups: the `report_group` of the LLCT code list -> key ("" is none).
LLCT_GROUPS = {
    "": ("none", "Chưa qua đào tạo, sơ cấp"),
    "Sơ cấp": ("none", "Chưa qua đào tạo, sơ cấp"),
    "Trung cấp": ("trung_cap", "Trung cấp"),
    "Cao cấp, cử nhân": ("cao_cap", "Cao cấp, cử nhân"),
}
QLNN_LEVELS = (
    ("chuyen_vien_cao_cap", "Chuyên viên cao cấp"),
    ("chuyen_vien_chinh", "Chuyên viên chính"),
    ("chuyen_vien", "Chuyên viên"),
    ("can_su", "Cán sự"),
    ("none", "Chưa qua bồi dưỡng"),
)
# Biểu 8B grade families (Grade.report_family), "cán sự" and "nhân viên" together.
GRADE_GROUPS = (
    ("cvcc", "Chuyên viên cao cấp và tương đương", ("cvcc",)),
    ("cvc", "Chuyên viên chính và tương đương", ("cvc",)),
    ("cv", "Chuyên viên và tương đương", ("cv",)),
    ("cansu", "Cán sự, nhân viên và tương đương", ("cansu", "nhanvien")),
)
EVALUATION_LEVELS = (
    ("xuat_sac", "Hoàn thành xuất sắc nhiệm vụ"),
    ("tot", "Hoàn thành tốt nhiệm vụ"),
    ("hoan_thanh", "Hoàn thành nhiệm vụ"),
    ("khong_hoan_thanh", "Không hoàn thành nhiệm vụ"),
)


def _q(value: str) -> str:
    """A constant of this module as an SQL string literal (never request input)."""
    return "'" + value.replace("'", "''") + "'"


def _definitions() -> tuple[Definition, ...]:
    from cadre_registry.models.people import StaffKind

    rows: list[Definition] = [
        Definition("headcount", "Tổng số", "total", "TRUE"),
    ]
    rows += [
        Definition(f"kind:{value}", label, "kind", f"staff_kind = {_q(value)}")
        for value, label in StaffKind.choices
    ]
    rows += [
        Definition("gender:female", "Nữ", "gender", "gender = 'F'"),
        Definition("gender:male", "Nam", "gender", "gender <> 'F'"),
        Definition("ethnic:minority", "Dân tộc thiểu số", "ethnic", "minority"),
        Definition("ethnic:other", "Dân tộc Kinh, chưa khai", "ethnic", "NOT minority"),
        Definition("party:member", "Đảng viên", "party", "party"),
        Definition("party:non_member", "Chưa là đảng viên", "party", "NOT party"),
    ]
    rows += [
        Definition(f"age:{key}", label, "age", f"age_band = {_q(key)}")
        for key, label, _, _ in AGE_BANDS
    ]
    seen = set()
    for band, (key, label) in DEGREE_BANDS.items():
        rows.append(
            Definition(f"degree:{key}", label, "degree", f"degree_band = {_q(band)}")
        )
        seen.add(key)
    rows.append(
        Definition(
            "degree:university_plus",
            "Trong đó: đại học trở lên",
            "degree",
            "degree_band IN ('dai_hoc', 'thac_si', 'tien_si')",
            in_sum=False,
        )
    )
    rows += [
        Definition("title:gs", "Giáo sư", "title", "title = 'gs'"),
        Definition("title:pgs", "Phó Giáo sư", "title", "title = 'pgs'"),
        Definition("title:none", "Không có học hàm", "title", "title = ''"),
    ]
    for key, label in dict(LLCT_GROUPS.values()).items():
        rows.append(Definition(f"llct:{key}", label, "llct", f"llct_group = {_q(key)}"))
    rows += [
        Definition(f"qlnn:{code}", label, "qlnn", f"qlnn_code = {_q(code)}")
        for code, label in QLNN_LEVELS
    ]
    rows += [
        Definition(
            f"grade:{key}",
            label,
            "grade",
            "grade_family IN (" + ", ".join(_q(f) for f in families) + ")",
        )
        for key, label, families in GRADE_GROUPS
    ]
    families = [_q(f) for _, _, group in GRADE_GROUPS for f in group]
    rows.append(
        Definition(
            "grade:none",
            "Chưa xếp ngạch công chức",
            "grade",
            f"grade_family IS NULL OR grade_family NOT IN ({', '.join(families)})",
        )
    )
    rows += [
        Definition(
            f"evaluation:{code}", label, "evaluation", f"evaluation = {_q(code)}"
        )
        for code, label in EVALUATION_LEVELS
    ]
    known = ", ".join(_q(code) for code, _ in EVALUATION_LEVELS)
    rows.append(
        Definition(
            "evaluation:none",
            "Chưa đánh giá, xếp loại",
            "evaluation",
            f"evaluation IS NULL OR evaluation NOT IN ({known})",
        )
    )
    rows.append(
        Definition(
            "retiring:within",
            "Đến tuổi nghỉ hưu trong kỳ",
            "retiring",
            "retiring",
            in_sum=False,
        )
    )
    return tuple(rows)


FIGURES: tuple[Definition, ...] = _definitions()
FIGURES_BY_KEY: dict[str, Definition] = {d.key: d for d in FIGURES}
# Figures whose drill-down lists a sensitive field of each person (ethnicity,
# DOMAIN.md §10): the counts are shown to all, the names only with the permission.
SENSITIVE_KEYS = frozenset({"ethnic:minority", "ethnic:other"})


def share(count: int, denominator: int) -> Decimal | None:
    """count / denominator as a percentage, rounded half up to two decimals."""
    if denominator <= 0:
        return None
    return (Decimal(100 * count) / Decimal(denominator)).quantize(
        TWO_PLACES, rounding=ROUND_HALF_UP
    )


@dataclass(frozen=True)
class Figure:
    """A count of people, its denominator and its share (percent, two decimals)."""

    key: str
    label: str
    count: int
    denominator: int

    @property
    def share(self) -> Decimal | None:
        return share(self.count, self.denominator)


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    figures: list[Figure]

    @property
    def total(self) -> int:
        """The sum of the section's breakdown (equal to the headcount)."""
        in_sum = {d.key for d in FIGURES if d.in_sum}
        return sum(f.count for f in self.figures if f.key in in_sum)


@dataclass
class PersonnelStatistics:
    """The personnel figures of a unit subtree (or the user's scope) as of `on`."""

    on: dt.date
    unit: Unit | None
    evaluation_year: int
    retiring_until: dt.date
    headcount: int
    mean_age: Decimal | None
    figures: dict[str, Figure] = field(repr=False)

    def __getitem__(self, key: str) -> Figure:
        return self.figures[key]

    @property
    def sections(self) -> list[Section]:
        return [
            Section(
                key=section,
                title=title,
                figures=[self.figures[d.key] for d in FIGURES if d.section == section],
            )
            for section, title in SECTIONS.items()
        ]


# --- The population as of a date ----------------------------------------------------


@dataclass(frozen=True)
class Options:
    on: dt.date
    evaluation_year: int
    retiring_until: dt.date


def _options(on: dt.date, evaluation_year: int | None, retiring_months: int) -> Options:
    return Options(
        on=on,
        evaluation_year=evaluation_year if evaluation_year else on.year - 1,
        retiring_until=add_months(on, retiring_months),
    )


def _rank_case(column: str, mapping: dict[int, str]) -> tuple[str, list]:
    """CASE over a rank column giving the report value of each rank."""
    if not mapping:
        return "NULL::text", []
    parts, params = [], []
    for rank, value in sorted(mapping.items()):
        parts.append("WHEN %s THEN %s")
        params += [rank, value]
    return f"CASE {column} {' '.join(parts)} END", params


@dataclass(frozen=True)
class CodeLists:
    """What the population reads of the three level code lists (a few dozen rows):
    the report value of each rank, and every name and alias, folded, with its rank
    and the training-record category whose qualification may name it."""

    degree_bands: dict[int, str]
    llct_groups: dict[int, str]
    qlnn_codes: dict[int, str]
    categories: list[str]
    texts: list[str]
    ranks: list[int]


def _code_lists() -> CodeLists:
    lists = CodeLists({}, {}, {}, [], [], [])
    for model, category, value, target in (
        (Degree, TrainingRecord.Category.PROFESSIONAL, "report_band", "degree_bands"),
        (
            PoliticalTheoryLevel,
            TrainingRecord.Category.POLITICAL,
            "report_group",
            "llct_groups",
        ),
        (
            StateManagementLevel,
            TrainingRecord.Category.STATE_MANAGEMENT,
            "code",
            "qlnn_codes",
        ),
    ):
        rows = model.objects.values_list("rank", value, "name", "aliases")
        for rank, report, name, aliases in rows:
            if target == "llct_groups":
                report = LLCT_GROUPS.get(report, LLCT_GROUPS[""])[0]
            getattr(lists, target)[rank] = report
            for text in {name, *(aliases or [])}:
                lists.categories.append(str(category))
                lists.texts.append(text.strip().lower())
                lists.ranks.append(rank)
    return lists


def _population(
    *,
    unit_ids: list[int] | None,
    scope: list[int] | None,
    options: Options,
    person_ids: list[int] | None = None,
) -> tuple[str, list]:
    """SQL (and its parameters) of the people in service on `options.on` whose unit
    on that day is in `unit_ids` (None: any unit) and whose current unit is in
    `scope` (None: everyone), one row each with the as-of columns the figures read;
    `person_ids` cuts it to those people (reports/state.py keeps their rows).

    Set-wise: each history is read once (DISTINCT ON or GROUP BY over the person's
    rows), never a lookup per person. For a subtree the histories are first cut
    down to the people who were ever in it (an assignment there or their current
    unit there): a district's few thousand rather than the province's million."""
    from training.models import Cohort, CourseType, Enrolment

    on = options.on
    lists = _code_lists()
    degree_case, degree_params = _rank_case("a.asof_degree", lists.degree_bands)
    llct_case, llct_params = _rank_case("a.asof_llct", lists.llct_groups)
    qlnn_case, qlnn_params = _rank_case("a.asof_qlnn", lists.qlnn_codes)

    person = Person._meta.db_table
    assignment = Assignment._meta.db_table
    salary = SalaryRecord._meta.db_table
    training = TrainingRecord._meta.db_table
    evaluation = Evaluation._meta.db_table
    level = EvaluationLevel._meta.db_table
    grade = Grade._meta.db_table
    ethnic = EthnicGroup._meta.db_table
    degree = Degree._meta.db_table
    llct = PoliticalTheoryLevel._meta.db_table
    qlnn = StateManagementLevel._meta.db_table
    enrolment = Enrolment._meta.db_table
    cohort = Cohort._meta.db_table
    course = CourseType._meta.db_table

    params: list = []
    if person_ids is not None:
        ctes = "candidates AS (SELECT %s::bigint[] AS ids),"
        params.append(list(person_ids))
    elif unit_ids is not None:
        # People who were ever in the subtree: the only ones whose histories matter.
        # As one array (an InitPlan), so that each history is probed through its
        # person index: a CTE of ids is guessed at 200 rows and hash-joined
        # against a sequential scan of the whole table.
        candidates = f"""
            SELECT ARRAY(
                SELECT person_id FROM {assignment}
                WHERE is_main AND unit_id = ANY(%s)
                UNION
                SELECT id FROM {person} WHERE unit_id = ANY(%s)) AS ids"""
        params += [unit_ids, unit_ids]
        ctes = f"candidates AS ({candidates}),"
    else:
        ctes = ""
    if ctes:
        cut = "AND person_id = ANY((SELECT ids FROM candidates)::bigint[])"
        cut_t = "AND t.person_id = ANY((SELECT ids FROM candidates)::bigint[])"
        cut_p = "AND p.id = ANY((SELECT ids FROM candidates)::bigint[])"
    else:
        cut = cut_t = cut_p = ""
    sql = f"""
    WITH {ctes}
    asg AS (
        SELECT DISTINCT ON (person_id) person_id, unit_id FROM {assignment}
        WHERE is_main {cut}
        ORDER BY person_id, (start <= %s) DESC,
                 CASE WHEN start <= %s THEN start END DESC, start
    ),
    sal AS (
        SELECT DISTINCT ON (person_id) person_id,
               CASE WHEN start <= %s THEN grade_id END AS grade_id
        FROM {salary}
        WHERE TRUE {cut}
        ORDER BY person_id, (start <= %s) DESC, start DESC
    ),
    lv AS (
        SELECT * FROM unnest(%s::text[], %s::text[], %s::int[])
            AS lv(category, text, rank)
    ),
    quals AS MATERIALIZED (
        -- Each distinct qualification text read against the code lists once:
        -- folding the text of every record (lower, btrim) cost seconds at 1M.
        SELECT q.category, q.qualification, lv.rank
        FROM (SELECT DISTINCT t.category, t.qualification FROM {training} t
              WHERE t."end" IS NOT NULL {cut_t}) q
        JOIN lv ON lv.category = q.category
               AND lv.text = lower(btrim(q.qualification))
    ),
    trn AS (
        -- Only people with a record ended after `on` can differ from today.
        SELECT t.person_id,
            MAX(r.rank) FILTER (WHERE r.category = 'chuyen_mon' AND t."end" <= %s)
                AS deg_by,
            MAX(r.rank) FILTER (WHERE r.category = 'chuyen_mon' AND t."end" > %s)
                AS deg_after,
            MAX(r.rank) FILTER (WHERE r.category = 'llct' AND t."end" <= %s)
                AS llct_by,
            MAX(r.rank) FILTER (WHERE r.category = 'llct' AND t."end" > %s)
                AS llct_after,
            MAX(r.rank) FILTER (WHERE r.category = 'qlnn' AND t."end" <= %s)
                AS qlnn_by,
            MAX(r.rank) FILTER (WHERE r.category = 'qlnn' AND t."end" > %s)
                AS qlnn_after
        FROM {training} t
        LEFT JOIN {enrolment} e ON e.training_record_id = t.id
        LEFT JOIN {cohort} c ON c.id = e.cohort_id
        LEFT JOIN {course} ct ON ct.id = c.course_type_id
        LEFT JOIN {degree} gd ON gd.id = ct.grants_degree_id
        LEFT JOIN {llct} gl ON gl.id = ct.grants_political_theory_id
        LEFT JOIN {qlnn} gq ON gq.id = ct.grants_state_management_id
        LEFT JOIN quals ON ct.id IS NULL AND quals.category = t.category
                       AND quals.qualification = t.qualification
        -- A record's level: the one its course grants (training app), else the
        -- one its qualification names.
        CROSS JOIN LATERAL (
            SELECT CASE WHEN gd.id IS NOT NULL THEN 'chuyen_mon'
                        WHEN gl.id IS NOT NULL THEN 'llct'
                        WHEN gq.id IS NOT NULL THEN 'qlnn'
                        ELSE t.category END AS category,
                   COALESCE(gd.rank, gl.rank, gq.rank, quals.rank) AS rank
        ) r
        WHERE t."end" IS NOT NULL {cut_t}
          AND t.person_id IN (
              SELECT t2.person_id FROM {training} t2
              WHERE t2."end" > %s {cut_t.replace("t.", "t2.")})
        GROUP BY t.person_id
    ),
    asof AS (
        SELECT p.id, p.staff_kind, p.gender, p.birth_date, p.retirement_date,
               COALESCE(eg.is_minority, FALSE) AS minority,
               COALESCE(p.party_joined_on <= %s, FALSE) AS party,
               CASE WHEN p.academic_title_year IS NULL
                      OR p.academic_title_year <= %s
                    THEN p.academic_title ELSE '' END AS title,
               COALESCE(asg.unit_id, p.unit_id) AS unit_id,
               p.unit_id AS current_unit_id,
               CASE WHEN sal.person_id IS NULL THEN p.grade_id
                    ELSE sal.grade_id END AS grade_id,
               CASE WHEN trn.deg_after >= COALESCE(cd.rank, -1) THEN trn.deg_by
                    ELSE cd.rank END AS asof_degree,
               CASE WHEN trn.llct_after >= COALESCE(cl.rank, -1) THEN trn.llct_by
                    ELSE cl.rank END AS asof_llct,
               CASE WHEN trn.qlnn_after >= COALESCE(cq.rank, -1) THEN trn.qlnn_by
                    ELSE cq.rank END AS asof_qlnn
        FROM {person} p
        LEFT JOIN asg ON asg.person_id = p.id
        LEFT JOIN sal ON sal.person_id = p.id
        LEFT JOIN trn ON trn.person_id = p.id
        LEFT JOIN {ethnic} eg ON eg.id = p.ethnic_group_id
        LEFT JOIN {degree} cd ON cd.id = p.highest_degree_id
        LEFT JOIN {llct} cl ON cl.id = p.political_theory_id
        LEFT JOIN {qlnn} cq ON cq.id = p.state_management_id
        WHERE (p.recruited_on IS NULL OR p.recruited_on <= %s)
          AND (p.left_on IS NULL OR p.left_on > %s) {cut_p}
    )
    SELECT a.id, a.staff_kind, a.gender, a.minority, a.party, a.title,
           a.unit_id, a.current_unit_id, a.retirement_date,
           CASE {" ".join(["WHEN a.birth_date > %s THEN %s"] * (len(AGE_BANDS) - 1))}
                ELSE %s END AS age_band,
           (%s - (EXTRACT(YEAR FROM a.birth_date)::int * 10000
                  + EXTRACT(MONTH FROM a.birth_date)::int * 100
                  + EXTRACT(DAY FROM a.birth_date)::int)) / 10000 AS age_years,
           COALESCE(({degree_case}),
                    'duoi_cao_dang') AS degree_band,
           COALESCE(({llct_case}), 'none')
               AS llct_group,
           COALESCE(({qlnn_case}), 'none')
               AS qlnn_code,
           g.report_family AS grade_family,
           l.code AS evaluation,
           a.retirement_date BETWEEN %s AND %s AS retiring
    FROM asof a
    LEFT JOIN {grade} g ON g.id = a.grade_id
    LEFT JOIN {evaluation} ev ON ev.person_id = a.id AND ev.year = %s
    LEFT JOIN {level} l ON l.id = ev.level_id
    WHERE a.unit_id IS NOT NULL
    """
    params += [on, on]  # asg
    params += [on, on]  # sal
    params += [lists.categories, lists.texts, lists.ranks]  # lv
    params += [on] * 7  # trn
    params += [on, on.year]  # party, title
    params += [on, on]  # in service
    if unit_ids is not None:
        sql += " AND a.unit_id = ANY(%s)"
    if scope is not None:
        # The visibility rule of selectors.person_list: current unit in scope.
        sql += f" AND a.id IN (SELECT id FROM {person} WHERE unit_id = ANY(%s))"
    tail: list = []
    for key, _, _, oldest in AGE_BANDS[:-1]:
        # Age <= n  <=>  born after `on` minus (n + 1) years (selectors.person_filter).
        tail += [add_months(on, -12 * (oldest + 1)), key]
    tail.append(AGE_BANDS[-1][0])
    tail.append(on.year * 10000 + on.month * 100 + on.day)
    tail += degree_params
    tail += llct_params
    tail += qlnn_params
    tail += [on, options.retiring_until, options.evaluation_year]
    # The tail's placeholders come after the CTEs' in the text, before the WHERE's.
    params += tail
    if unit_ids is not None:
        params.append(unit_ids)
    if scope is not None:
        params.append(scope)
    return sql, params


def check_can_read_statistics(user: User) -> None:
    """Organizers and leaders read their subtree's figures, administrators all; an
    auditor reads the logs, not the people (PermissionDenied). Every read of the
    figures passes here (`_unit_ids`): pages, API, reports, tasks."""
    from cadre_registry.models import Role

    if not (user.is_administrator or user.role in (Role.ORGANIZER, Role.LEADER)):
        raise PermissionDenied("Chỉ cán bộ tổ chức và lãnh đạo được xem thống kê.")


def _unit_ids(*, user: User, unit: Unit | None) -> tuple[list[int] | None, list]:
    """(subtree ids or None for the whole scope, scope ids or None for everyone);
    a unit outside the user's scope does not exist for them (404)."""
    check_can_read_statistics(user)
    scope = unit_scope_ids(user=user)
    if unit is None:
        return scope, scope
    if scope is not None and unit.pk not in scope:
        raise Http404("Không tìm thấy đơn vị")
    # The subtree lies inside the scope by construction (scope = whole subtrees).
    return unit_subtree_ids(unit=unit), scope


def _source(
    *, unit_ids: list[int] | None, scope: list[int] | None, options: Options
) -> tuple[str, list]:
    """The population as SQL: the kept rows of the date when it is kept
    (reports/state.py, brought up to date first, so the same figures as live),
    else computed from the histories (`_population`)."""
    from reports import state

    kept = state.find(
        on=options.on,
        evaluation_year=options.evaluation_year,
        retiring_until=options.retiring_until,
    )
    if kept is None:
        return _population(unit_ids=unit_ids, scope=scope, options=options)
    sql = f"SELECT person_id AS id, * FROM {state.TABLE} WHERE statedate_id = %s"
    params: list = [kept.id]
    if unit_ids is not None:
        sql += " AND unit_id = ANY(%s)"
        params.append(unit_ids)
    if scope is not None:
        sql += " AND current_unit_id = ANY(%s)"
        params.append(scope)
    return sql, params


# --- Public functions ---------------------------------------------------------------


def personnel_statistics(
    *,
    user: User,
    unit: Unit | None = None,
    on: dt.date,
    evaluation_year: int | None = None,
    retiring_months: int = RETIRING_MONTHS,
) -> PersonnelStatistics:
    """Biểu 8B and headline figures of `unit`'s subtree (default: the user's whole
    scope) as they stood on `on`: one aggregate statement, whatever the number of
    people (plus the small reads of the code lists and the scope)."""
    options = _options(on, evaluation_year, retiring_months)
    unit_ids, scope = _unit_ids(user=user, unit=unit)
    population, params = _source(unit_ids=unit_ids, scope=scope, options=options)
    counts = ",\n".join(
        f"COUNT(*) FILTER (WHERE {d.condition})"
        for d in FIGURES
        if d.key != "headcount"
    )
    sql = f"""
        SELECT COUNT(*), AVG(age_years), {counts}
        FROM ({population}) AS population
    """
    # JIT compiles this statement for ~0.7 s (measured at 1M people) to save less
    # than that: it is one pass over rows already cut to the subtree.
    with planner_settings(jit="off"), connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    headcount, mean_age, *values = row
    figures = {"headcount": Figure("headcount", "Tổng số", headcount, headcount)}
    rest = [d for d in FIGURES if d.key != "headcount"]
    for definition, count in zip(rest, values, strict=True):
        figures[definition.key] = Figure(
            definition.key, definition.label, count, headcount
        )
    return PersonnelStatistics(
        on=on,
        unit=unit,
        evaluation_year=options.evaluation_year,
        retiring_until=options.retiring_until,
        headcount=headcount,
        mean_age=(
            Decimal(mean_age).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            if mean_age is not None
            else None
        ),
        figures=figures,
    )


# Columns of the population a caller may group by (never request input).
GROUP_COLUMNS = frozenset(
    {"age_band", "gender", "staff_kind", "degree_band", "unit_id"}
)


def population_counts(
    *, user: User, unit: Unit | None, on: dt.date, by: tuple[str, ...]
) -> dict[tuple, int]:
    """The people of the figures (same population, same scope, kept or live)
    counted by the columns `by`, in one GROUP BY: e.g. the age pyramid by gender,
    whose bands then add up to the headcount as the figures do."""
    unknown = set(by) - GROUP_COLUMNS
    if unknown or not by:
        raise ValueError(f"unknown population columns: {sorted(unknown)}")
    options = _options(on, None, RETIRING_MONTHS)
    unit_ids, scope = _unit_ids(user=user, unit=unit)
    population, params = _source(unit_ids=unit_ids, scope=scope, options=options)
    columns = ", ".join(by)
    with planner_settings(jit="off"), connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns}, COUNT(*) FROM ({population}) AS population"
            f" GROUP BY {columns}",
            params,
        )
        return {tuple(row[:-1]): row[-1] for row in cursor.fetchall()}


def figures_by_unit(
    *, user: User, unit: Unit | None, on: dt.date, keys: tuple[str, ...]
) -> dict[int, dict[str, int]]:
    """The headcount and the figures `keys` of each unit (its own people, not its
    subtree's) as of `on`: the figures' population grouped by the unit on the date,
    one statement; callers add units up into subtrees (the dashboard's drill-down)."""
    definitions = [FIGURES_BY_KEY[key] for key in keys]
    options = _options(on, None, RETIRING_MONTHS)
    unit_ids, scope = _unit_ids(user=user, unit=unit)
    population, params = _source(unit_ids=unit_ids, scope=scope, options=options)
    counts = "".join(f", COUNT(*) FILTER (WHERE {d.condition})" for d in definitions)
    with planner_settings(jit="off"), connection.cursor() as cursor:
        cursor.execute(
            f"SELECT unit_id, COUNT(*){counts} FROM ({population}) AS population"
            " GROUP BY unit_id",
            params,
        )
        return {
            unit_id: {"headcount": n, **dict(zip(keys, values, strict=True))}
            for unit_id, n, *values in cursor.fetchall()
        }


def figure_people(
    *,
    user: User,
    unit: Unit | None,
    on: dt.date,
    key: str,
    evaluation_year: int | None = None,
    retiring_months: int = RETIRING_MONTHS,
) -> QuerySet[Person]:
    """The people counted by the figure `key` (KeyError for an unknown key): the
    user's people (`person_list`) whose population row meets the same condition
    that counted them."""
    definition = FIGURES_BY_KEY[key]
    options = _options(on, evaluation_year, retiring_months)
    unit_ids, scope = _unit_ids(user=user, unit=unit)
    population, params = _source(unit_ids=unit_ids, scope=scope, options=options)
    ids = RawSQL(
        f"SELECT id FROM ({population}) AS population WHERE {definition.condition}",
        params,
    )
    return (
        person_list(user=user)
        .filter(pk__in=ids)
        .select_related("unit")
        .order_by("name_sort", "id")
    )


@dataclass(frozen=True)
class Change:
    """One figure at two dates and the change of its share, in percentage points."""

    key: str
    label: str
    first: Figure
    second: Figure

    @property
    def points(self) -> Decimal | None:
        if self.first.share is None or self.second.share is None:
            return None
        return self.second.share - self.first.share

    @property
    def count_change(self) -> int:
        return self.second.count - self.first.count


@dataclass
class Comparison:
    """The same unit's figures at two dates ("2008 vs 2018")."""

    first: PersonnelStatistics
    second: PersonnelStatistics

    @property
    def sections(self) -> list[tuple[str, str, list[Change]]]:
        return [
            (
                section,
                title,
                [
                    Change(d.key, d.label, self.first[d.key], self.second[d.key])
                    for d in FIGURES
                    if d.section == section
                ],
            )
            for section, title in SECTIONS.items()
        ]

    def change(self, key: str) -> Change:
        definition = FIGURES_BY_KEY[key]
        return Change(key, definition.label, self.first[key], self.second[key])


def compare(
    *, user: User, unit: Unit | None, first: dt.date, second: dt.date, **options
) -> Comparison:
    """Both dates' figures for the same subtree and the change in shares."""
    return Comparison(
        first=personnel_statistics(user=user, unit=unit, on=first, **options),
        second=personnel_statistics(user=user, unit=unit, on=second, **options),
    )
