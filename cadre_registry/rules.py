"""Regulations as pure functions: retirement, salary steps, appointment terms.

Plain values in, plain values out: no Django, no database, no "today". Each rule
names the text it comes from; `DOMAIN.md` (§4 retirement, §5 salary steps and
PCTNVK, §6 appointment terms, §3.7 discipline) says how sure each clause is.
Callers store the `RuleVersion.code` in force on the event date beside every
value they derive here.
"""

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

# --------------------------------------------------------------------------------------
# Rule versions
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleVersion:
    """One version of a rule, in force from `effective_from` to `effective_to`."""

    code: str
    title: str
    citation: str
    effective_from: date
    effective_to: date | None = None  # None: still in force

    def __post_init__(self) -> None:
        if self.effective_to is not None and self.effective_to < self.effective_from:
            raise ValueError(f"{self.code}: effective_to is before effective_from")

    def in_force_on(self, on: date) -> bool:
        """Whether this version applies on a date (both ends inclusive)."""
        return self.effective_from <= on and (
            self.effective_to is None or on <= self.effective_to
        )


def version_for(versions: Iterable[RuleVersion], on: date) -> RuleVersion:
    """The version in force on a date; pick by the event date, never by today."""
    matches = [version for version in versions if version.in_force_on(on)]
    if not matches:
        raise ValueError(f"No rule version in force on {on.isoformat()}")
    if len(matches) > 1:
        codes = ", ".join(version.code for version in matches)
        raise ValueError(f"Overlapping rule versions on {on.isoformat()}: {codes}")
    return matches[0]


# --------------------------------------------------------------------------------------
# Date helpers
# --------------------------------------------------------------------------------------


def add_months(d: date, n: int) -> date:
    """The date n months after (or before) d, clamped to the month's last day."""
    index = d.year * 12 + d.month - 1 + n
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def _end_of_month(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _full_months_between(start: date, end: date) -> int:
    """Largest m with add_months(start, m) <= end (negative when end < start)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if add_months(start, months) > end:
        months -= 1
    return months


def _birth_date(
    *, birth_year: int, birth_month: int | None, birth_day: int | None
) -> date:
    # DOMAIN.md §4 (unconfirmed, §12 item 6): year only -> 01/01, month and year ->
    # day 01, as NĐ 135/2020 Art. 3 is read for records with a partial birth date.
    if birth_month is None and birth_day is not None:
        raise ValueError("A birth day needs a birth month")
    return date(birth_year, birth_month or 1, birth_day or 1)


def age_on(
    *,
    birth_year: int,
    birth_month: int | None = None,
    birth_day: int | None = None,
    on: date,
) -> int:
    """Age in whole years on a date; a missing month or day counts as 1."""
    birth = _birth_date(
        birth_year=birth_year, birth_month=birth_month, birth_day=birth_day
    )
    if on < birth:
        raise ValueError(f"{on.isoformat()} is before the birth date")
    # A 29/02 birthday falls on 28/02 in common years, the same end-of-month
    # clamping the retirement and salary rules use.
    return _full_months_between(birth, on) // 12


# --------------------------------------------------------------------------------------
# Retirement (BLLĐ 2019 Art. 169; NĐ 135/2020/NĐ-CP Art. 3-4 and Phụ lục I)
# --------------------------------------------------------------------------------------


class Gender(StrEnum):
    """Gender codes used by the retirement rule."""

    MALE = "M"
    FEMALE = "F"


RETIREMENT_RULES: tuple[RuleVersion, ...] = (
    RuleVersion(
        code="retirement_60_55",
        title="Tuổi nghỉ hưu nam 60, nữ 55",
        # The earlier rule is unconfirmed in DOMAIN.md §4; it predates any record
        # we hold, hence no start date.
        citation="BLLĐ 2012 Art. 187 (BLLĐ 1994 Art. 145 before it)",
        effective_from=date.min,
        effective_to=date(2020, 12, 31),
    ),
    RuleVersion(
        code="retirement_nd135_2020",
        title="Lộ trình tuổi nghỉ hưu trong điều kiện lao động bình thường",
        citation="BLLĐ 2019 Art. 169; NĐ 135/2020/NĐ-CP Art. 3-4, Phụ lục I",
        effective_from=date(2021, 1, 1),
    ),
)

# Ages before the schedule (BLLĐ 2012 Art. 187), in months.
OLD_RETIREMENT_AGE_MONTHS: dict[Gender, int] = {
    Gender.MALE: 60 * 12,
    Gender.FEMALE: 55 * 12,
}

# Year in which the age is reached -> (men, women), in months. BLLĐ 2019 Art.
# 169.2 and NĐ 135/2020 Art. 4: from 60y3m / 55y4m in 2021, +3 months a year for
# men to 62 in 2028, +4 months a year for women to 60 in 2035 (DOMAIN.md §4).
RETIREMENT_AGE_SCHEDULE: dict[int, tuple[int, int]] = {
    2021: (60 * 12 + 3, 55 * 12 + 4),
    2022: (60 * 12 + 6, 55 * 12 + 8),
    2023: (60 * 12 + 9, 56 * 12 + 0),
    2024: (61 * 12 + 0, 56 * 12 + 4),
    2025: (61 * 12 + 3, 56 * 12 + 8),
    2026: (61 * 12 + 6, 57 * 12 + 0),
    2027: (61 * 12 + 9, 57 * 12 + 4),
    2028: (62 * 12 + 0, 57 * 12 + 8),
    2029: (62 * 12 + 0, 58 * 12 + 0),
    2030: (62 * 12 + 0, 58 * 12 + 4),
    2031: (62 * 12 + 0, 58 * 12 + 8),
    2032: (62 * 12 + 0, 59 * 12 + 0),
    2033: (62 * 12 + 0, 59 * 12 + 4),
    2034: (62 * 12 + 0, 59 * 12 + 8),
    2035: (62 * 12 + 0, 60 * 12 + 0),
}
FIRST_SCHEDULE_YEAR = min(RETIREMENT_AGE_SCHEDULE)
LAST_SCHEDULE_YEAR = max(RETIREMENT_AGE_SCHEDULE)

# Women in certain leadership posts may work to 60 (Directive 45-CT/TW age
# tables; the decree, believed NĐ 83/2022, is unconfirmed: DOMAIN.md §4, §12).
WOMEN_AT_60_AGE_MONTHS = 60 * 12


def _gender(gender: str) -> Gender:
    try:
        return Gender(gender)
    except ValueError:
        raise ValueError(f"Unknown gender {gender!r}; expected 'M' or 'F'") from None


def _retirement_age_months_for_year(*, gender: Gender, year: int) -> int:
    if year < FIRST_SCHEDULE_YEAR:
        return OLD_RETIREMENT_AGE_MONTHS[gender]
    men, women = RETIREMENT_AGE_SCHEDULE[min(year, LAST_SCHEDULE_YEAR)]
    return men if gender is Gender.MALE else women


def retirement_age_for_year(*, gender: str, year: int) -> tuple[int, int]:
    """Statutory retirement age (years, months) for people reaching it in a year."""
    months = _retirement_age_months_for_year(gender=_gender(gender), year=year)
    return divmod(months, 12)


def _retirement_age_months(
    *, gender: Gender, birth_year: int, birth_month: int, women_at_60: bool
) -> int:
    # The override only concerns women; a man's age is already 60 or more.
    if gender is Gender.FEMALE and women_at_60:
        return WOMEN_AT_60_AGE_MONTHS
    birth_index = birth_year * 12 + birth_month - 1
    # Whoever reached 60/55 before 2021 retired under the old rule; NĐ 135
    # Phụ lục I starts with men born 01/1961 and women born 01/1966.
    if (birth_index + OLD_RETIREMENT_AGE_MONTHS[gender]) // 12 < FIRST_SCHEDULE_YEAR:
        return OLD_RETIREMENT_AGE_MONTHS[gender]
    # DOMAIN.md §4 (derived from Phụ lục I): the first year Y whose age, added to
    # the birth month, lands in Y itself. The age rises by under 12 months a year,
    # so the landing year never falls behind Y and the loop stops on it.
    year = FIRST_SCHEDULE_YEAR
    while (
        birth_index + _retirement_age_months_for_year(gender=gender, year=year)
    ) // 12 > year:
        year += 1
    return _retirement_age_months_for_year(gender=gender, year=year)


def retirement_age(
    *,
    gender: str,
    birth_year: int,
    birth_month: int | None = None,
    women_at_60: bool = False,
) -> tuple[int, int]:
    """Retirement age (years, months) a person reaches under NĐ 135/2020 Phụ lục I."""
    birth = _birth_date(birth_year=birth_year, birth_month=birth_month, birth_day=None)
    months = _retirement_age_months(
        gender=_gender(gender),
        birth_year=birth.year,
        birth_month=birth.month,
        women_at_60=women_at_60,
    )
    return divmod(months, 12)


def retirement_date(
    *,
    gender: str,
    birth_year: int,
    birth_month: int | None = None,
    birth_day: int | None = None,
    women_at_60: bool = False,
) -> date:
    """Last day of the month the retirement age is reached (NĐ 135/2020 Art. 3)."""
    birth = _birth_date(
        birth_year=birth_year, birth_month=birth_month, birth_day=birth_day
    )
    months = _retirement_age_months(
        gender=_gender(gender),
        birth_year=birth.year,
        birth_month=birth.month,
        women_at_60=women_at_60,
    )
    # NĐ 135 Art. 3: retirement takes effect at the end of the month in which the
    # age is reached, so the birth day never moves the date.
    reached = add_months(birth.replace(day=1), months)
    return _end_of_month(reached.year, reached.month)


def pension_start(
    *,
    gender: str,
    birth_year: int,
    birth_month: int | None = None,
    birth_day: int | None = None,
    women_at_60: bool = False,
) -> date:
    """First day of the month after retirement (NĐ 135/2020 Art. 3)."""
    retired = retirement_date(
        gender=gender,
        birth_year=birth_year,
        birth_month=birth_month,
        birth_day=birth_day,
        women_at_60=women_at_60,
    )
    return retired + timedelta(days=1)


def retirement_rule(
    *,
    gender: str,
    birth_year: int,
    birth_month: int | None = None,
    women_at_60: bool = False,
) -> RuleVersion:
    """The retirement rule version a person retires under, by the retirement date."""
    return version_for(
        RETIREMENT_RULES,
        retirement_date(
            gender=gender,
            birth_year=birth_year,
            birth_month=birth_month,
            women_at_60=women_at_60,
        ),
    )


# --------------------------------------------------------------------------------------
# Salary steps and seniority allowance (TT 08/2013/TT-BNV amended by TT 03/2021/TT-BNV;
# NĐ 204/2004/NĐ-CP Art. 6 amended by NĐ 76/2009/NĐ-CP)
# --------------------------------------------------------------------------------------

SALARY_STEP_RULES: tuple[RuleVersion, ...] = (
    RuleVersion(
        code="salary_step_tt08_2013",
        title="Nâng bậc lương thường xuyên",
        citation="NĐ 204/2004/NĐ-CP Art. 7; TT 08/2013/TT-BNV Art. 2",
        # Start date of TT 08/2013 is not in DOMAIN.md; check the text.
        effective_from=date(2013, 9, 15),
        effective_to=date(2021, 8, 14),
    ),
    RuleVersion(
        code="salary_step_tt03_2021",
        title="Nâng bậc lương thường xuyên",
        citation="TT 08/2013/TT-BNV Art. 2 as amended by TT 03/2021/TT-BNV",
        effective_from=date(2021, 8, 15),
    ),
)

SENIORITY_ALLOWANCE_RULES: tuple[RuleVersion, ...] = (
    RuleVersion(
        code="pctnvk_nd204_2004",
        title="Phụ cấp thâm niên vượt khung (PCTNVK)",
        citation="NĐ 204/2004/NĐ-CP Art. 6 as amended by NĐ 76/2009/NĐ-CP",
        # NĐ 204 pay applies from 01/10/2004; DOMAIN.md has no date: check it.
        effective_from=date(2004, 10, 1),
    ),
)

# Pay groups: chuyên gia cao cấp, then the grade groups of NĐ 204 Bảng 2-4.
CHUYEN_GIA_CAO_CAP = "CGCC"
A_PAY_GROUPS = frozenset({"A0", "A1", "A2.1", "A2.2", "A3.1", "A3.2"})
BC_PAY_GROUPS = frozenset({"B", "C1", "C2", "C3"})

# TT 08/2013 Art. 2 (TT 03/2021): 60 months for chuyên gia cao cấp, 36 for grades
# needing cao đẳng or higher (A0-A3), 24 for trung cấp or lower and staff (B, C).
STEP_PERIOD_MONTHS: dict[str, int] = {
    CHUYEN_GIA_CAO_CAP: 60,
    **dict.fromkeys(A_PAY_GROUPS, 36),
    **dict.fromkeys(BC_PAY_GROUPS, 24),
}

# NĐ 204 Art. 6 (NĐ 76/2009): 5% after 36 months at the last step for A0-A3 and
# after 24 months for B and C. Chuyên gia cao cấp (Bảng 1) is not covered.
SENIORITY_ALLOWANCE_AFTER_MONTHS: dict[str, int] = {
    **dict.fromkeys(A_PAY_GROUPS, 36),
    **dict.fromkeys(BC_PAY_GROUPS, 24),
}
SENIORITY_ALLOWANCE_FIRST_PERCENT = 5
SENIORITY_ALLOWANCE_YEARLY_PERCENT = 1


class DisciplineForm(StrEnum):
    """Discipline forms (hình thức kỷ luật) across Party and state rules."""

    KHIEN_TRACH = "khien_trach"  # khiển trách: reprimand
    CANH_CAO = "canh_cao"  # cảnh cáo: warning
    HA_BAC_LUONG = "ha_bac_luong"  # hạ bậc lương: salary step lowered (công chức)
    GIANG_CHUC = "giang_chuc"  # giáng chức: demotion
    CACH_CHUC = "cach_chuc"  # cách chức: removal from post
    BUOC_THOI_VIEC = "buoc_thoi_viec"  # buộc thôi việc: dismissal
    KHAI_TRU = "khai_tru"  # khai trừ: expulsion from the Party
    BAI_NHIEM = "bai_nhiem"  # bãi nhiệm: recall of an elected cadre


# TT 08/2013 Art. 2 (TT 03/2021), DOMAIN.md §5: the step period is extended from
# the decision's effective date. Hạ bậc lương moves the person to a lower step
# instead, and the other forms end the post or the service (§3.7, unconfirmed).
DISCIPLINE_DELAY_MONTHS: dict[DisciplineForm, int] = {
    DisciplineForm.KHIEN_TRACH: 6,
    DisciplineForm.CANH_CAO: 6,
    DisciplineForm.HA_BAC_LUONG: 0,
    DisciplineForm.GIANG_CHUC: 12,
    DisciplineForm.CACH_CHUC: 12,
    DisciplineForm.BUOC_THOI_VIEC: 0,
    DisciplineForm.KHAI_TRU: 0,
    DisciplineForm.BAI_NHIEM: 0,
}


def step_period_months(*, pay_group: str) -> int:
    """Months per salary step for a pay group (TT 08/2013 Art. 2, TT 03/2021)."""
    try:
        return STEP_PERIOD_MONTHS[pay_group]
    except KeyError:
        raise ValueError(f"Unknown pay group {pay_group!r}") from None


def discipline_delay_months(*, form: str) -> int:
    """Months a discipline form adds to the step period (TT 08/2013 Art. 2)."""
    try:
        return DISCIPLINE_DELAY_MONTHS[DisciplineForm(form)]
    except ValueError:
        raise ValueError(f"Unknown discipline form {form!r}") from None


def _total_delay_months(forms: Sequence[str]) -> int:
    # Several decisions in one period add up (TT 08/2013 Art. 2, as DOMAIN.md §5
    # lists the delays per decision).
    return sum(discipline_delay_months(form=form) for form in forms)


def next_salary_step_date(
    *,
    last_raise: date,
    pay_group: str,
    at_last_step: bool,
    discipline_forms_in_period: Sequence[str] = (),
) -> date | None:
    """Date of the next regular step raise, or None at the last step (TT 08/2013)."""
    period = step_period_months(pay_group=pay_group)
    delay = _total_delay_months(discipline_forms_in_period)
    if at_last_step:
        # At the last step the raise becomes PCTNVK (NĐ 204 Art. 6).
        return None
    return add_months(last_raise, period + delay)


def _seniority_allowance_after_months(pay_group: str) -> int:
    if pay_group == CHUYEN_GIA_CAO_CAP:
        raise ValueError("PCTNVK does not apply to chuyên gia cao cấp (NĐ 204 Art. 6)")
    try:
        return SENIORITY_ALLOWANCE_AFTER_MONTHS[pay_group]
    except KeyError:
        raise ValueError(f"Unknown pay group {pay_group!r}") from None


def seniority_allowance_start(
    *,
    last_step_since: date,
    pay_group: str,
    discipline_forms_in_period: Sequence[str] = (),
) -> date:
    """Date PCTNVK starts at 5% (NĐ 204/2004 Art. 6 amended by NĐ 76/2009)."""
    # Discipline delays PCTNVK as it delays a step raise (DOMAIN.md §5,
    # unconfirmed, §12 item 7).
    return add_months(
        last_step_since,
        _seniority_allowance_after_months(pay_group)
        + _total_delay_months(discipline_forms_in_period),
    )


def seniority_allowance(
    *,
    last_step_since: date,
    pay_group: str,
    on: date,
    discipline_forms_in_period: Sequence[str] = (),
) -> int:
    """PCTNVK percent on a date (NĐ 204/2004 Art. 6 amended by NĐ 76/2009)."""
    threshold = _seniority_allowance_after_months(pay_group) + _total_delay_months(
        discipline_forms_in_period
    )
    # Counted from the last-step date itself, so a 29/02 or 31st start keeps its
    # anniversaries instead of drifting after the first clamped month.
    months = _full_months_between(last_step_since, on)
    if months < threshold:
        return 0
    # 5% once the threshold is met, then +1% for each further full year.
    return (
        SENIORITY_ALLOWANCE_FIRST_PERCENT
        + (months - threshold) // 12 * SENIORITY_ALLOWANCE_YEARLY_PERCENT
    )


def next_seniority_allowance_step(
    *,
    last_step_since: date,
    pay_group: str,
    on: date,
    discipline_forms_in_period: Sequence[str] = (),
) -> tuple[date, int]:
    """Next PCTNVK change after a date and the percent it brings (NĐ 204 Art. 6)."""
    threshold = _seniority_allowance_after_months(pay_group) + _total_delay_months(
        discipline_forms_in_period
    )
    months = _full_months_between(last_step_since, on)
    if months < threshold:
        return (
            add_months(last_step_since, threshold),
            SENIORITY_ALLOWANCE_FIRST_PERCENT,
        )
    years_done = (months - threshold) // 12 + 1
    return (
        add_months(last_step_since, threshold + 12 * years_done),
        SENIORITY_ALLOWANCE_FIRST_PERCENT
        + years_done * SENIORITY_ALLOWANCE_YEARLY_PERCENT,
    )


# --------------------------------------------------------------------------------------
# Appointment terms (NĐ 138/2020 Art. 41, NĐ 115/2020 Art. 43, NĐ 170/2025;
# HD 06-HD/BTCTW 2021)
# --------------------------------------------------------------------------------------

# Công chức. Start dates of NĐ 138/2020 (believed the signing date) and NĐ
# 170/2025 ("around 01/7/2025") are unconfirmed in DOMAIN.md §6, §12 item 8.
APPOINTMENT_TERM_RULES: tuple[RuleVersion, ...] = (
    RuleVersion(
        code="appointment_term_nd138_2020",
        title="Thời hạn bổ nhiệm công chức lãnh đạo, quản lý",
        citation="NĐ 138/2020/NĐ-CP Art. 41",
        effective_from=date(2020, 11, 27),
        effective_to=date(2025, 6, 30),
    ),
    RuleVersion(
        code="appointment_term_nd170_2025",
        title="Thời hạn bổ nhiệm công chức lãnh đạo, quản lý",
        citation="NĐ 170/2025/NĐ-CP",
        effective_from=date(2025, 7, 1),
    ),
)

# Viên chức; start date believed the signing date, unconfirmed.
PUBLIC_EMPLOYEE_APPOINTMENT_TERM_RULES: tuple[RuleVersion, ...] = (
    RuleVersion(
        code="appointment_term_nd115_2020",
        title="Thời hạn bổ nhiệm viên chức quản lý",
        citation="NĐ 115/2020/NĐ-CP Art. 43",
        effective_from=date(2020, 9, 25),
    ),
)

APPOINTMENT_AGE_RULES: tuple[RuleVersion, ...] = (
    RuleVersion(
        code="appointment_age_hd06_2021",
        title="Tuổi bổ nhiệm, giới thiệu ứng cử: đủ 5 năm công tác trước nghỉ hưu",
        citation="HD 06-HD/BTCTW (26/7/2021)",
        effective_from=date(2021, 7, 26),
    ),
)

APPOINTMENT_TERM_YEARS = 5
REAPPOINTMENT_NOTICE_DAYS = 90
CONSECUTIVE_TERMS_LIMIT = 2


def appointment_term_end(
    *, effective: date, years: int = APPOINTMENT_TERM_YEARS
) -> date:
    """Last day of an appointment term (NĐ 138/2020 Art. 41, NĐ 115/2020 Art. 43)."""
    # The decision's effective date is the first day in post, so `years` full years
    # end the day before the anniversary and a reappointment taking effect on the
    # anniversary leaves no gap and no overlap. (Counting the first day out, as
    # for civil-law periods, would end the term on the anniversary itself.) A
    # 29/02 start has its anniversary on 28/02, as in add_months.
    return add_months(effective, 12 * years) - timedelta(days=1)


def reappointment_notice_date(*, term_end: date) -> date:
    """Latest day to notify reappointment or extension: 90 days before term end."""
    # NĐ 138/2020 (NĐ 170/2025) and NĐ 115/2020: notice at least 90 days before
    # the term ends (DOMAIN.md §6).
    return term_end - timedelta(days=REAPPOINTMENT_NOTICE_DAYS)


def reappointment_due(*, term_end: date, on: date) -> bool:
    """Whether reappointment is due: the 90-day notice window has opened."""
    # Stays due after the term ends, until a new term is recorded and replaces it.
    return on >= reappointment_notice_date(term_end=term_end)


def has_full_term_before_retirement(
    *, on: date, retirement: date, years: int = APPOINTMENT_TERM_YEARS
) -> bool:
    """Whether a full term fits before retirement (HD 06-HD/BTCTW 2021)."""
    # HD 06-HD/BTCTW: at least `years` full working years from the date the file
    # is received (`on`) to the retirement date (last day of the month the age is
    # reached, NĐ 135 Art. 3), i.e. a term starting on `on` ends by then.
    return appointment_term_end(effective=on, years=years) <= retirement


def consecutive_terms_exceeded(
    *, terms: int, limit: int = CONSECUTIVE_TERMS_LIMIT
) -> bool:
    """Whether consecutive terms, the proposed one included, pass the limit."""
    # NĐ 138/2020 Art. 41, NĐ 115/2020 Art. 43: at most 2 consecutive terms in a
    # leadership post where Party rules or a specialised law say so.
    if terms < 0:
        raise ValueError("terms must not be negative")
    return terms > limit
