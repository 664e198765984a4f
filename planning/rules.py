"""Planning, rotation and appointment rules as pure functions (issue 5).

Plain values in, plain values out: no Django, no database, no "today". Each rule
names its clause (DOMAIN.md §6 appointment, §7 planning, §9 rotation, §3.7
discipline) and reads its numbers from the rule version in force: QĐ 50-QĐ/TW for
planning drawn up until 07/10/2025, QĐ 377-QĐ/TW from 08/10/2025. Errors come back
as Vietnamese messages naming the rule for the service to raise; warnings never
block."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from cadre_registry.rules import (
    APPOINTMENT_TERM_RULES,
    APPOINTMENT_TERM_YEARS,
    RuleVersion,
    add_months,
    age_on,
    appointment_term_end,
    has_full_term_before_retirement,
    version_for,
)

# Planning levels (DOMAIN.md §7.3: province, the former district level, commune,
# agencies).
PROVINCE, DISTRICT, COMMUNE, AGENCY = "tinh", "huyen", "xa", "co_quan"


# --------------------------------------------------------------------------------------
# Planning rule versions (DOMAIN.md §7)
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanningRules:
    """The numbers one planning rule version sets, and where each comes from."""

    version: RuleVersion
    short: str  # "QĐ 50-QĐ/TW", named in every message
    max_people_per_post: int
    max_posts_per_person: int
    # Terms a planned cadre must be able to serve before retirement.
    terms_to_serve: int
    # Age under which a cadre counts as young, per level (None: no line known).
    young_under: dict[str, int]
    women_min_percent: int | None
    young_min_percent: int | None
    # Months after a discipline decision's effective date before the cadre may be
    # planned again, per form; a form missing here blocks while the discipline is
    # in force (QĐ 50) or until the competent level decides (QĐ 377).
    discipline_wait_months: dict[str, int]
    # QĐ 50 removes while the decision is in force; QĐ 377 counts waiting months.
    discipline_counts_months: bool
    # Width of the middle age band of the three-band structure (years).
    age_band_years: int
    clause_limits: str
    clause_age: str
    clause_discipline: str
    clause_structure: str

    @property
    def code(self) -> str:
        return self.version.code


QD50 = PlanningRules(
    version=RuleVersion(
        code="qd50_2021",
        title="QĐ 50-QĐ/TW (2021) về công tác quy hoạch cán bộ",
        citation="QĐ 50-QĐ/TW ngày 27/12/2021; HD 16-HD/BTCTW ngày 15/02/2022",
        effective_from=date(2021, 12, 27),
        effective_to=date(2025, 10, 7),
    ),
    short="QĐ 50-QĐ/TW",
    # DOMAIN.md §7.2: 3 and 3 as the implementing regulations of QĐ 50 state them
    # (Nghệ An QĐ 15-QĐ/TU 2022 + HD 03-HD/TU [46]).
    max_people_per_post=3,
    max_posts_per_person=3,
    # §7.2 [44]: next-term planning needs age for at least one full term.
    terms_to_serve=1,
    # §7.2 [44]: young = under 40 at provincial and district level (under 45 at
    # central level, which this registry does not plan). Agencies planned here are
    # provincial; the commune line is not stated.
    young_under={PROVINCE: 40, DISTRICT: 40, AGENCY: 40},
    women_min_percent=25,
    young_min_percent=15,
    # §7.2 [44], [47]: disciplined khiển trách or heavier is removed automatically
    # and may be planned again once the decision expires.
    discipline_wait_months={},
    discipline_counts_months=False,
    age_band_years=5,  # §7.2 [45]: three age bands with 5-year gaps
    clause_limits="Quy định 15-QĐ/TU thực hiện QĐ 50-QĐ/TW",
    clause_age="QĐ 50-QĐ/TW: đủ tuổi công tác ít nhất một nhiệm kỳ",
    clause_discipline="QĐ 50-QĐ/TW, HD 16-HD/BTCTW: bị kỷ luật từ khiển trách trở lên",
    clause_structure="QĐ 50-QĐ/TW: cơ cấu nữ, trẻ, dân tộc thiểu số, ba độ tuổi",
)

QD377 = PlanningRules(
    version=RuleVersion(
        code="qd377_2025",
        title="QĐ 377-QĐ/TW (2025) về phân cấp quản lý cán bộ, quy hoạch, bổ nhiệm",
        citation="QĐ 377-QĐ/TW ngày 08/10/2025",
        effective_from=date(2025, 10, 8),
    ),
    short="QĐ 377-QĐ/TW",
    # DOMAIN.md §7.1: ≤3 cadres per post, ≤3 posts per cadre at the same level.
    max_people_per_post=3,
    max_posts_per_person=3,
    # §7.1 [43] (secondary source): the next term's cadres can work 2 terms or more.
    terms_to_serve=2,
    # §7.1 names young cadres without a line (§12 item 9): QĐ 50's line is kept to
    # show the share, with no target.
    young_under={PROVINCE: 40, DISTRICT: 40, AGENCY: 40},
    women_min_percent=None,
    young_min_percent=None,
    # §3.7 [28, 28a]: considered again after 24 (khiển trách), 36 (cảnh cáo) and
    # 60 months (cách chức) from the decision's effective date.
    discipline_wait_months={"khien_trach": 24, "canh_cao": 36, "cach_chuc": 60},
    discipline_counts_months=True,
    age_band_years=5,
    clause_limits="QĐ 377-QĐ/TW: mỗi chức danh không quá 3 người, mỗi người không quá 3 chức danh cùng cấp",
    clause_age="QĐ 377-QĐ/TW: quy hoạch nhiệm kỳ tới phải đủ tuổi công tác từ 2 nhiệm kỳ",
    clause_discipline="QĐ 377-QĐ/TW: thời hạn được xem xét quy hoạch sau kỷ luật",
    clause_structure="QĐ 377-QĐ/TW: cơ cấu ba độ tuổi, tỷ lệ cán bộ trẻ, nữ, dân tộc thiểu số",
)

PLANNING_RULE_SETS: tuple[PlanningRules, ...] = (QD50, QD377)
PLANNING_RULES: tuple[RuleVersion, ...] = tuple(r.version for r in PLANNING_RULE_SETS)


def planning_rules_for(on: date) -> PlanningRules:
    """The planning rule version in force on a date (the day the planning is drawn up)."""
    version = version_for(PLANNING_RULES, on)
    return planning_rules(version.code)


def planning_rules(code: str) -> PlanningRules:
    """A planning rule version by its stored code."""
    for rule_set in PLANNING_RULE_SETS:
        if rule_set.code == code:
            return rule_set
    raise ValueError(f"Unknown planning rule version {code!r}")


def no_rules_message(on: date) -> str:
    """The error when no planning rule version covers a date."""
    return (
        f"Không có quy định về quy hoạch cán bộ có hiệu lực ngày {on:%d/%m/%Y} "
        "(QĐ 50-QĐ/TW từ 27/12/2021, QĐ 377-QĐ/TW từ 08/10/2025)."
    )


# --------------------------------------------------------------------------------------
# Planning errors (DOMAIN.md "How to use": planning checks by version; §7)
# --------------------------------------------------------------------------------------


def post_capacity_error(
    *, rules: PlanningRules, post_name: str, taken: int, adding: int = 1
) -> str | None:
    """At most N cadres in planning for one post (QĐ 377: 3; QĐ 50: 3)."""
    if adding <= 0 or taken + adding <= rules.max_people_per_post:
        return None
    return (
        f"Chức danh {post_name} đã có {taken} người trong quy hoạch; mỗi chức danh "
        f"quy hoạch không quá {rules.max_people_per_post} người ({rules.clause_limits})."
    )


def posts_per_person_error(
    *, rules: PlanningRules, person_name: str, held: int, adding: int = 1
) -> str | None:
    """At most N posts per cadre at the same level (QĐ 377: 3; QĐ 50: 3)."""
    if adding <= 0 or held + adding <= rules.max_posts_per_person:
        return None
    return (
        f"{person_name} đã được quy hoạch {held} chức danh cùng cấp; mỗi người không "
        f"quá {rules.max_posts_per_person} chức danh cùng cấp ({rules.clause_limits})."
    )


def higher_post_error(
    *,
    rules: PlanningRules,
    current_rank: int,
    current_name: str,
    planned_rank: int,
    planned_name: str,
) -> str | None:
    """Plan only for a post higher than the one held (QĐ 377, §7.1; QĐ 50)."""
    if planned_rank > current_rank:
        return None
    return (
        f"Chức danh quy hoạch {planned_name} không cao hơn chức vụ hiện giữ "
        f"({current_name}); chỉ quy hoạch vào chức danh cao hơn ({rules.short})."
    )


def term_service_end(*, rules: PlanningRules, starts_on: date, ends_on: date) -> date:
    """The day a planned cadre must still be working: the end of the term, or of
    as many terms of the same length as the version asks (QĐ 50: 1; QĐ 377: 2)."""
    # The term's length in whole years, counting its last day in (a term of
    # 01/07/2026-30/06/2031 is 5 years).
    after = ends_on + timedelta(days=1)
    months = (after.year - starts_on.year) * 12 + after.month - starts_on.month
    years = max(round(months / 12), 1) * rules.terms_to_serve
    return appointment_term_end(effective=starts_on, years=years)


def term_age_error(
    *,
    rules: PlanningRules,
    person_name: str,
    retirement: date | None,
    starts_on: date,
    ends_on: date,
) -> str | None:
    """Enough working time before retirement to serve the term (QĐ 50: one full
    term; QĐ 377: two terms), against the registry's retirement date (§4)."""
    if retirement is None:
        return None
    needed = term_service_end(rules=rules, starts_on=starts_on, ends_on=ends_on)
    if retirement >= needed:
        return None
    terms = "một nhiệm kỳ" if rules.terms_to_serve == 1 else "hai nhiệm kỳ"
    return (
        f"{person_name} nghỉ hưu ngày {retirement:%d/%m/%Y}, không đủ tuổi công tác "
        f"{terms} (đến {needed:%d/%m/%Y}) ({rules.clause_age})."
    )


@dataclass(frozen=True)
class DisciplineFact:
    """A discipline decision as the rule reads it: form code, effective date, expiry."""

    form: str
    form_name: str
    start: date
    end: date | None = None


def discipline_error(
    *,
    rules: PlanningRules,
    person_name: str,
    disciplines: tuple[DisciplineFact, ...] | list[DisciplineFact],
    on: date,
) -> str | None:
    """Discipline blocks planning (QĐ 50: while in force, §7.2 [44, 47]; QĐ 377:
    for 24/36/60 months from the decision by form, §3.7 [28]); None when clear."""
    for fact in sorted(disciplines, key=lambda f: f.start, reverse=True):
        if fact.start > on:
            continue
        if not rules.discipline_counts_months:
            # QĐ 50: an open-ended decision counts as still in force.
            if fact.end is None or fact.end >= on:
                return (
                    f"{person_name} đang trong thời hạn kỷ luật {fact.form_name} "
                    f"(từ {fact.start:%d/%m/%Y}) ({rules.clause_discipline})."
                )
            continue
        wait = rules.discipline_wait_months.get(fact.form)
        if wait is None:
            return (
                f"{person_name} bị kỷ luật {fact.form_name} (từ {fact.start:%d/%m/%Y}); "
                f"việc quy hoạch do cấp có thẩm quyền xem xét ({rules.clause_discipline})."
            )
        again = add_months(fact.start, wait)
        if on < again:
            return (
                f"{person_name} bị kỷ luật {fact.form_name} từ {fact.start:%d/%m/%Y}; "
                f"chỉ được xem xét quy hoạch sau {wait} tháng, từ {again:%d/%m/%Y} "
                f"({rules.clause_discipline})."
            )
    return None


# --------------------------------------------------------------------------------------
# Warnings: standards of the post and composition of a list
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Standard:
    """One standard of a post against what the candidate holds (ranks; 0 = none)."""

    label: str  # "Lý luận chính trị"
    required_rank: int
    required_name: str
    held_rank: int


def standards_missing(standards: list[Standard]) -> list[str]:
    """The post's standards the candidate lacks: a warning, since a planned cadre
    need not meet them all at once (HD 16-HD/BTCTW, §7.2 [47])."""
    return [
        f"Chưa đạt chuẩn {s.label.lower()}: {s.required_name}."
        for s in standards
        if s.required_rank > 0 and s.held_rank < s.required_rank
    ]


@dataclass(frozen=True)
class Member:
    """What the composition reads of a cadre in a list."""

    gender: str  # "M" / "F"
    birth_date: date
    is_minority: bool = False


@dataclass(frozen=True)
class Composition:
    """Shares of a list (percent, one decimal) and the warnings they raise."""

    total: int
    women_percent: float
    young_percent: float | None
    minority_percent: float
    bands: tuple[int, int, int]  # young line, middle band, older
    warnings: tuple[str, ...]


def _percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def composition(
    *, rules: PlanningRules, level: str, members: list[Member], on: date
) -> Composition:
    """Women, young, ethnic-minority shares and the three age bands of a list, as
    of a date, against the version's targets; warnings only, never blocks (§7.1,
    §7.2 [44, 45])."""
    total = len(members)
    line = rules.young_under.get(level)
    ages = [
        age_on(
            birth_year=m.birth_date.year,
            birth_month=m.birth_date.month,
            birth_day=m.birth_date.day,
            on=on,
        )
        for m in members
    ]
    women = sum(1 for m in members if m.gender == "F")
    minority = sum(1 for m in members if m.is_minority)
    young = None if line is None else sum(1 for a in ages if a < line)
    band_line = line or 40
    bands = (
        sum(1 for a in ages if a < band_line),
        sum(1 for a in ages if band_line <= a < band_line + rules.age_band_years),
        sum(1 for a in ages if a >= band_line + rules.age_band_years),
    )
    women_percent = _percent(women, total)
    young_percent = None if young is None else _percent(young, total)
    warnings: list[str] = []
    if total:
        if (
            rules.women_min_percent is not None
            and women_percent < rules.women_min_percent
        ):
            warnings.append(
                f"Tỷ lệ cán bộ nữ {women_percent:g}%, dưới mục tiêu "
                f"{rules.women_min_percent}% ({rules.clause_structure})."
            )
        if (
            rules.young_min_percent is not None
            and young_percent is not None
            and young_percent < rules.young_min_percent
        ):
            warnings.append(
                f"Tỷ lệ cán bộ trẻ (dưới {line} tuổi) {young_percent:g}%, dưới mục "
                f"tiêu {rules.young_min_percent}% ({rules.clause_structure})."
            )
        if 0 in bands:
            older = band_line + rules.age_band_years
            warnings.append(
                f"Danh sách chưa đủ ba độ tuổi (dưới {band_line}: {bands[0]}, "
                f"{band_line}–{older - 1}: {bands[1]}, từ {older}: {bands[2]}) "
                f"({rules.clause_structure})."
            )
    return Composition(
        total=total,
        women_percent=women_percent,
        young_percent=young_percent,
        minority_percent=_percent(minority, total),
        bands=bands,
        warnings=tuple(warnings),
    )


# --------------------------------------------------------------------------------------
# Rotation (QĐ 65-QĐ/TW, DOMAIN.md §9)
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RotationRules:
    """The numbers of one rotation rule version."""

    version: RuleVersion
    short: str
    min_years_left: int | None  # None: not encoded for this version


ROTATION_RULE_SETS: tuple[RotationRules, ...] = (
    RotationRules(
        version=RuleVersion(
            code="qd98_2017",
            title="QĐ 98-QĐ/TW (2017) về luân chuyển cán bộ",
            # Start date believed 07/10/2017 (the signing date); not in DOMAIN.md.
            citation="QĐ 98-QĐ/TW",
            effective_from=date(2017, 10, 7),
            effective_to=date(2022, 4, 27),
        ),
        short="QĐ 98-QĐ/TW",
        min_years_left=None,  # its age condition is not in DOMAIN.md §9
    ),
    RotationRules(
        version=RuleVersion(
            code="qd65_2022",
            title="QĐ 65-QĐ/TW (2022) về luân chuyển cán bộ",
            citation="QĐ 65-QĐ/TW ngày 28/4/2022, Điều 5",
            effective_from=date(2022, 4, 28),
        ),
        short="QĐ 65-QĐ/TW",
        # §9, Art. 5: at least 10 years of working time left (special cases by
        # the competent level).
        min_years_left=10,
    ),
)
ROTATION_RULES = tuple(r.version for r in ROTATION_RULE_SETS)


def rotation_rules_for(on: date) -> RotationRules:
    """The rotation rule version in force on the rotation's start date."""
    code = version_for(ROTATION_RULES, on).code
    return next(r for r in ROTATION_RULE_SETS if r.version.code == code)


def rotation_years_left_error(
    *, rules: RotationRules, person_name: str, start: date, retirement: date | None
) -> str | None:
    """A rotated cadre has at least 10 working years left (QĐ 65 Art. 5, §9)."""
    if rules.min_years_left is None or retirement is None:
        return None
    if has_full_term_before_retirement(
        on=start, retirement=retirement, years=rules.min_years_left
    ):
        return None
    return (
        f"{person_name} nghỉ hưu ngày {retirement:%d/%m/%Y}: không còn đủ "
        f"{rules.min_years_left} năm công tác khi luân chuyển ({rules.short} Điều 5)."
    )


# --------------------------------------------------------------------------------------
# Appointment (DOMAIN.md §6)
# --------------------------------------------------------------------------------------

APPOINT, REAPPOINT, EXTEND, DISMISS, NOMINATE = (
    "bo_nhiem",
    "bo_nhiem_lai",
    "keo_dai",
    "mien_nhiem",
    "gioi_thieu",
)
# Decisions that hold no post for a term: a dismissal ends one; a nomination to
# stand for election (giới thiệu ứng cử, counted in Biểu 13, §11.2) gives none
# until the election.
NO_TERM_KINDS = (DISMISS, NOMINATE)

# Diện quản lý: which standing committee manages the cadre holding a post, the rows
# of Biểu 13-BTCTW (DOMAIN.md §11.2).
MANAGED_CENTRAL, MANAGED_PROVINCE, MANAGED_DISTRICT = "tw", "btv_tinh", "btv_huyen"


def default_managing_level(*, unit_kinds: list[str]) -> str:
    """The usual managing level of a post by where its unit sits (the kinds of the
    unit and its ancestors): posts of a district (huyện ủy) or of a commune under
    it are managed by the district's standing committee, others by the province's;
    the Centre's list is never guessed, the user chooses it."""
    if "huyen_uy" in unit_kinds or "xa_phuong" in unit_kinds:
        return MANAGED_DISTRICT
    return MANAGED_PROVINCE


def appointment_age_error(
    *,
    kind: str,
    person_name: str,
    current_rank: int,
    new_rank: int,
    process_started_on: date,
    retirement: date | None,
) -> str | None:
    """A first appointment or promotion needs 5 full working years before
    retirement, counted from the start of the process; moves to an equal or lower
    post are exempt (NĐ 138/2020 Art. 41, HD 06-HD/BTCTW; §6)."""
    if kind != APPOINT or retirement is None or new_rank <= current_rank:
        return None
    if has_full_term_before_retirement(on=process_started_on, retirement=retirement):
        return None
    return (
        f"{person_name} nghỉ hưu ngày {retirement:%d/%m/%Y}: không đủ "
        f"{APPOINTMENT_TERM_YEARS} năm công tác tính từ {process_started_on:%d/%m/%Y} "
        "để bổ nhiệm lần đầu hoặc bổ nhiệm chức vụ cao hơn (HD 06-HD/BTCTW; "
        "NĐ 138/2020/NĐ-CP Điều 41)."
    )


def post_term_end(
    *, kind: str, effective_on: date, retirement: date | None
) -> date | None:
    """When the post's term ends: 5 years from the effective date for an
    appointment or reappointment, the retirement date for an extension, none for a
    dismissal or a nomination (NĐ 138/2020 Art. 41, NĐ 115/2020 Art. 43; §6)."""
    if kind in NO_TERM_KINDS:
        return None
    if kind == EXTEND:
        return retirement
    return appointment_term_end(effective=effective_on)


def appointment_rule_code(on: date) -> str:
    """The appointment-term rule version in force on the effective date, or ""."""
    try:
        return version_for(APPOINTMENT_TERM_RULES, on).code
    except ValueError:
        return ""
