"""Table tests for cadre_registry.rules, rows taken from DOMAIN.md §4-§6."""

import ast
from datetime import date
from pathlib import Path

import pytest

from cadre_registry import rules
from cadre_registry.rules import (
    APPOINTMENT_AGE_RULES,
    APPOINTMENT_TERM_RULES,
    PUBLIC_EMPLOYEE_APPOINTMENT_TERM_RULES,
    RETIREMENT_RULES,
    SALARY_STEP_RULES,
    SENIORITY_ALLOWANCE_RULES,
    RuleVersion,
    add_months,
    age_on,
    appointment_term_end,
    consecutive_terms_exceeded,
    discipline_delay_months,
    has_full_term_before_retirement,
    next_salary_step_date,
    next_seniority_allowance_step,
    pension_start,
    reappointment_due,
    reappointment_notice_date,
    retirement_age,
    retirement_age_for_year,
    retirement_date,
    retirement_rule,
    seniority_allowance,
    seniority_allowance_start,
    step_period_months,
    version_for,
)

# --------------------------------------------------------------------------------------
# Rule versions
# --------------------------------------------------------------------------------------

OLD = RuleVersion("old", "Old", "Text 1", date(2000, 1, 1), date(2020, 12, 31))
NEW = RuleVersion("new", "New", "Text 2", date(2021, 1, 1))


@pytest.mark.parametrize(
    ("on", "code"),
    [
        (date(2000, 1, 1), "old"),
        (date(2020, 12, 31), "old"),
        (date(2021, 1, 1), "new"),
        (date(2040, 6, 15), "new"),
    ],
)
def test_version_for_picks_the_version_in_force_on_the_date(on, code):
    assert version_for((OLD, NEW), on).code == code


def test_version_for_refuses_a_date_before_every_version():
    with pytest.raises(ValueError, match="No rule version"):
        version_for((OLD, NEW), date(1999, 12, 31))


def test_version_for_refuses_overlapping_versions():
    overlapping = RuleVersion("x", "X", "Text 3", date(2020, 6, 1), None)
    with pytest.raises(ValueError, match="Overlapping"):
        version_for((OLD, overlapping), date(2020, 7, 1))


def test_rule_version_refuses_an_end_before_its_start():
    with pytest.raises(ValueError, match="before"):
        RuleVersion("bad", "Bad", "Text", date(2021, 1, 1), date(2020, 1, 1))


@pytest.mark.parametrize(
    "versions",
    [
        RETIREMENT_RULES,
        SALARY_STEP_RULES,
        SENIORITY_ALLOWANCE_RULES,
        APPOINTMENT_TERM_RULES,
        PUBLIC_EMPLOYEE_APPOINTMENT_TERM_RULES,
        APPOINTMENT_AGE_RULES,
    ],
)
def test_each_rule_history_runs_without_gaps_or_overlaps_and_stays_open(versions):
    for earlier, later in zip(versions, versions[1:], strict=False):
        assert earlier.effective_to is not None
        assert (later.effective_from - earlier.effective_to).days == 1
    assert versions[-1].effective_to is None


@pytest.mark.parametrize(
    ("versions", "on", "code"),
    [
        (RETIREMENT_RULES, date(2020, 12, 31), "retirement_60_55"),
        (RETIREMENT_RULES, date(2021, 1, 1), "retirement_nd135_2020"),
        (SALARY_STEP_RULES, date(2021, 8, 14), "salary_step_tt08_2013"),
        (SALARY_STEP_RULES, date(2021, 8, 15), "salary_step_tt03_2021"),
        (APPOINTMENT_TERM_RULES, date(2025, 6, 30), "appointment_term_nd138_2020"),
        (APPOINTMENT_TERM_RULES, date(2025, 7, 1), "appointment_term_nd170_2025"),
    ],
)
def test_rule_versions_switch_on_their_effective_dates(versions, on, code):
    assert version_for(versions, on).code == code


# --------------------------------------------------------------------------------------
# add_months and age_on
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2024, 11, 15), 2, date(2025, 1, 15)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2023, 1, 31), 1, date(2023, 2, 28)),
        (date(2024, 3, 31), -1, date(2024, 2, 29)),
        (date(2025, 1, 31), -13, date(2023, 12, 31)),
        (date(2024, 12, 31), 12, date(2025, 12, 31)),
        (date(2020, 2, 29), 36, date(2023, 2, 28)),
        (date(2024, 4, 30), 0, date(2024, 4, 30)),
    ],
)
def test_add_months_clamps_to_the_end_of_a_shorter_month(start, months, expected):
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    ("birth", "on", "expected"),
    [
        ((1963, 8, 15), date(2024, 8, 14), 60),
        ((1963, 8, 15), date(2024, 8, 15), 61),
        ((1963, 8, None), date(2024, 7, 31), 60),
        ((1963, 8, None), date(2024, 8, 1), 61),
        ((1963, None, None), date(2022, 12, 31), 59),
        ((1963, None, None), date(2023, 1, 1), 60),
        ((1964, 2, 29), date(2025, 2, 27), 60),
        ((1964, 2, 29), date(2025, 2, 28), 61),
        ((1964, 2, 29), date(2028, 2, 29), 64),
        ((2000, 5, 10), date(2000, 5, 10), 0),
    ],
)
def test_age_on_counts_whole_years(birth, on, expected):
    year, month, day = birth
    assert age_on(birth_year=year, birth_month=month, birth_day=day, on=on) == expected


def test_age_on_refuses_a_date_before_birth():
    with pytest.raises(ValueError):
        age_on(birth_year=1990, birth_month=6, birth_day=2, on=date(1990, 6, 1))


# --------------------------------------------------------------------------------------
# Retirement: every row of the DOMAIN.md §4 table
# --------------------------------------------------------------------------------------

# (year of retirement, gender, age (years, months), birth year, birth month,
#  retirement date). The birth month is the first one that reaches that year's
# age in that year (the start of the NĐ 135 Phụ lục I band), so the month before
# it belongs to the previous row.
SCHEDULE_ROWS = [
    (2021, "M", (60, 3), 1961, 1, date(2021, 4, 30)),
    (2022, "M", (60, 6), 1961, 10, date(2022, 4, 30)),
    (2023, "M", (60, 9), 1962, 7, date(2023, 4, 30)),
    (2024, "M", (61, 0), 1963, 4, date(2024, 4, 30)),
    (2025, "M", (61, 3), 1964, 1, date(2025, 4, 30)),
    (2026, "M", (61, 6), 1964, 10, date(2026, 4, 30)),
    (2027, "M", (61, 9), 1965, 7, date(2027, 4, 30)),
    (2028, "M", (62, 0), 1966, 4, date(2028, 4, 30)),
    (2029, "M", (62, 0), 1967, 1, date(2029, 1, 31)),
    (2030, "M", (62, 0), 1968, 1, date(2030, 1, 31)),
    (2031, "M", (62, 0), 1969, 1, date(2031, 1, 31)),
    (2032, "M", (62, 0), 1970, 1, date(2032, 1, 31)),
    (2033, "M", (62, 0), 1971, 1, date(2033, 1, 31)),
    (2034, "M", (62, 0), 1972, 1, date(2034, 1, 31)),
    (2035, "M", (62, 0), 1973, 1, date(2035, 1, 31)),
    (2021, "F", (55, 4), 1966, 1, date(2021, 5, 31)),
    (2022, "F", (55, 8), 1966, 9, date(2022, 5, 31)),
    (2023, "F", (56, 0), 1967, 5, date(2023, 5, 31)),
    (2024, "F", (56, 4), 1968, 1, date(2024, 5, 31)),
    (2025, "F", (56, 8), 1968, 9, date(2025, 5, 31)),
    (2026, "F", (57, 0), 1969, 5, date(2026, 5, 31)),
    (2027, "F", (57, 4), 1970, 1, date(2027, 5, 31)),
    (2028, "F", (57, 8), 1970, 9, date(2028, 5, 31)),
    (2029, "F", (58, 0), 1971, 5, date(2029, 5, 31)),
    (2030, "F", (58, 4), 1972, 1, date(2030, 5, 31)),
    (2031, "F", (58, 8), 1972, 9, date(2031, 5, 31)),
    (2032, "F", (59, 0), 1973, 5, date(2032, 5, 31)),
    (2033, "F", (59, 4), 1974, 1, date(2033, 5, 31)),
    (2034, "F", (59, 8), 1974, 9, date(2034, 5, 31)),
    (2035, "F", (60, 0), 1975, 5, date(2035, 5, 31)),
]


@pytest.mark.parametrize(
    ("year", "gender", "age", "birth_year", "birth_month", "retires"),
    SCHEDULE_ROWS,
    ids=[f"{row[0]}-{row[1]}" for row in SCHEDULE_ROWS],
)
def test_person_reaching_retirement_in_a_year_gets_that_years_age(
    year, gender, age, birth_year, birth_month, retires
):
    assert retirement_age_for_year(gender=gender, year=year) == age
    assert (
        retirement_age(gender=gender, birth_year=birth_year, birth_month=birth_month)
        == age
    )
    assert (
        retirement_date(gender=gender, birth_year=birth_year, birth_month=birth_month)
        == retires
    )


# Born one month before a band starts: the previous row's age, reached in December.
@pytest.mark.parametrize(
    ("gender", "birth_year", "birth_month", "age", "retires"),
    [
        ("M", 1960, 12, (60, 0), date(2020, 12, 31)),
        ("M", 1961, 9, (60, 3), date(2021, 12, 31)),
        ("M", 1962, 6, (60, 6), date(2022, 12, 31)),
        ("M", 1966, 3, (61, 9), date(2027, 12, 31)),
        ("M", 1966, 12, (62, 0), date(2028, 12, 31)),
        ("F", 1965, 12, (55, 0), date(2020, 12, 31)),
        ("F", 1966, 8, (55, 4), date(2021, 12, 31)),
        ("F", 1969, 12, (57, 0), date(2026, 12, 31)),
        ("F", 1975, 4, (59, 8), date(2034, 12, 31)),
    ],
)
def test_person_born_just_before_a_band_retires_in_december_at_the_lower_age(
    gender, birth_year, birth_month, age, retires
):
    assert (
        retirement_age(gender=gender, birth_year=birth_year, birth_month=birth_month)
        == age
    )
    assert (
        retirement_date(gender=gender, birth_year=birth_year, birth_month=birth_month)
        == retires
    )


@pytest.mark.parametrize(
    ("gender", "year", "age"),
    [
        ("M", 2020, (60, 0)),
        ("F", 2020, (55, 0)),
        ("M", 2036, (62, 0)),
        ("F", 2050, (60, 0)),
    ],
)
def test_retirement_age_for_years_outside_the_table(gender, year, age):
    assert retirement_age_for_year(gender=gender, year=year) == age


# --------------------------------------------------------------------------------------
# Retirement: worked examples and edge cases
# --------------------------------------------------------------------------------------


def test_retirement_date_for_man_born_1970_05():
    assert retirement_age(gender="M", birth_year=1970, birth_month=5) == (62, 0)
    assert retirement_date(
        gender="M", birth_year=1970, birth_month=5, birth_day=20
    ) == date(2032, 5, 31)
    assert pension_start(gender="M", birth_year=1970, birth_month=5) == date(2032, 6, 1)


def test_retirement_date_for_woman_born_1970_01():
    assert retirement_age(gender="F", birth_year=1970, birth_month=1) == (57, 4)
    assert retirement_date(gender="F", birth_year=1970, birth_month=1) == date(
        2027, 5, 31
    )


@pytest.mark.parametrize(
    ("gender", "birth_year"),
    [("M", 1963), ("F", 1968)],
)
def test_age_reached_on_15_08_2024_retires_31_08_and_draws_pension_from_01_09(
    gender, birth_year
):
    # Man born 15/08/1963 reaches 61y0m, woman born 15/04/1968 reaches 56y4m, both
    # on 15/08/2024.
    month = 8 if gender == "M" else 4
    kwargs = {
        "gender": gender,
        "birth_year": birth_year,
        "birth_month": month,
        "birth_day": 15,
    }
    assert retirement_date(**kwargs) == date(2024, 8, 31)
    assert pension_start(**kwargs) == date(2024, 9, 1)


@pytest.mark.parametrize(
    ("gender", "birth", "retires", "pension"),
    [
        # Missing day: day 01, which never moves an end-of-month date.
        ("M", (1970, 5, None), date(2032, 5, 31), date(2032, 6, 1)),
        # Missing month: January.
        ("M", (1970, None, None), date(2032, 1, 31), date(2032, 2, 1)),
        ("F", (1970, None, None), date(2027, 5, 31), date(2027, 6, 1)),
        ("F", (1966, None, None), date(2021, 5, 31), date(2021, 6, 1)),
        ("M", (1960, None, None), date(2020, 1, 31), date(2020, 2, 1)),
    ],
)
def test_missing_birth_day_or_month_counts_as_the_first(
    gender, birth, retires, pension
):
    year, month, day = birth
    kwargs = {
        "gender": gender,
        "birth_year": year,
        "birth_month": month,
        "birth_day": day,
    }
    assert retirement_date(**kwargs) == retires
    assert pension_start(**kwargs) == pension


def test_birth_day_without_month_is_refused():
    with pytest.raises(ValueError, match="month"):
        retirement_date(gender="M", birth_year=1970, birth_day=5)


@pytest.mark.parametrize(
    ("gender", "birth", "retires"),
    [
        # Born on the 31st: the age is reached in a 30-day month all the same.
        ("F", (1968, 10, 31), date(2025, 6, 30)),
        ("M", (1963, 8, 31), date(2024, 8, 31)),
        # February: leap and common years.
        ("M", (1970, 2, 14), date(2032, 2, 29)),
        ("M", (1968, 2, 14), date(2030, 2, 28)),
        ("F", (1976, 2, 29), date(2036, 2, 29)),
        ("F", (1977, 2, 1), date(2037, 2, 28)),
        # Born 29/02 in a leap year, 61y3m later is May.
        ("M", (1964, 2, 29), date(2025, 5, 31)),
        # December retirement: pension in January of the next year (below).
        ("M", (1966, 12, 31), date(2028, 12, 31)),
    ],
)
def test_retirement_falls_on_the_last_day_of_the_month(gender, birth, retires):
    year, month, day = birth
    assert (
        retirement_date(
            gender=gender, birth_year=year, birth_month=month, birth_day=day
        )
        == retires
    )


def test_pension_after_a_december_retirement_starts_on_1_january():
    assert pension_start(
        gender="M", birth_year=1966, birth_month=12, birth_day=31
    ) == date(2029, 1, 1)


@pytest.mark.parametrize(
    ("gender", "birth", "age", "retires"),
    [
        ("M", (1955, 6), (60, 0), date(2015, 6, 30)),
        ("M", (1956, 2), (60, 0), date(2016, 2, 29)),
        ("F", (1960, 2), (55, 0), date(2015, 2, 28)),
        ("F", (1965, 9), (55, 0), date(2020, 9, 30)),
    ],
)
def test_people_reaching_60_or_55_before_2021_keep_the_old_rule(
    gender, birth, age, retires
):
    year, month = birth
    assert retirement_age(gender=gender, birth_year=year, birth_month=month) == age
    assert retirement_date(gender=gender, birth_year=year, birth_month=month) == retires


@pytest.mark.parametrize(
    ("gender", "birth", "retires"),
    [
        ("M", (1980, 1), date(2042, 1, 31)),
        ("F", (1990, 3), date(2050, 3, 31)),
    ],
)
def test_people_retiring_after_2035_get_62_or_60(gender, birth, retires):
    year, month = birth
    assert retirement_date(gender=gender, birth_year=year, birth_month=month) == retires


@pytest.mark.parametrize(
    ("birth", "normal", "at_60"),
    [
        ((1970, 1), date(2027, 5, 31), date(2030, 1, 31)),
        ((1962, 6), date(2017, 6, 30), date(2022, 6, 30)),
        ((1980, 8), date(2040, 8, 31), date(2040, 8, 31)),
    ],
)
def test_women_at_60_retire_at_60(birth, normal, at_60):
    year, month = birth
    assert retirement_date(gender="F", birth_year=year, birth_month=month) == normal
    assert (
        retirement_date(
            gender="F", birth_year=year, birth_month=month, women_at_60=True
        )
        == at_60
    )
    assert retirement_age(
        gender="F", birth_year=year, birth_month=month, women_at_60=True
    ) == (60, 0)


def test_women_at_60_does_not_change_a_mans_retirement():
    assert retirement_date(
        gender="M", birth_year=1970, birth_month=5, women_at_60=True
    ) == date(2032, 5, 31)


@pytest.mark.parametrize("gender", ["X", "m", ""])
def test_unknown_gender_is_refused(gender):
    with pytest.raises(ValueError, match="gender"):
        retirement_age(gender=gender, birth_year=1970, birth_month=1)


def test_impossible_birth_date_is_refused():
    with pytest.raises(ValueError):
        retirement_date(gender="F", birth_year=1970, birth_month=2, birth_day=30)


@pytest.mark.parametrize(
    ("gender", "birth", "code"),
    [
        ("M", (1960, 12), "retirement_60_55"),
        ("M", (1961, 1), "retirement_nd135_2020"),
        ("F", (1965, 12), "retirement_60_55"),
        ("F", (1966, 1), "retirement_nd135_2020"),
    ],
)
def test_retirement_rule_is_picked_by_the_retirement_date(gender, birth, code):
    year, month = birth
    assert (
        retirement_rule(gender=gender, birth_year=year, birth_month=month).code == code
    )


# --------------------------------------------------------------------------------------
# Salary steps
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pay_group", "months"),
    [
        ("CGCC", 60),
        ("A0", 36),
        ("A1", 36),
        ("A2.1", 36),
        ("A2.2", 36),
        ("A3.1", 36),
        ("A3.2", 36),
        ("B", 24),
        ("C1", 24),
        ("C2", 24),
        ("C3", 24),
    ],
)
def test_step_period_by_pay_group(pay_group, months):
    assert step_period_months(pay_group=pay_group) == months


@pytest.mark.parametrize("pay_group", ["A2", "A4", "a1", "", "C"])
def test_unknown_pay_group_is_refused(pay_group):
    with pytest.raises(ValueError, match="pay group"):
        step_period_months(pay_group=pay_group)


@pytest.mark.parametrize(
    ("form", "months"),
    [
        ("khien_trach", 6),
        ("canh_cao", 6),
        ("giang_chuc", 12),
        ("cach_chuc", 12),
        ("ha_bac_luong", 0),
        ("buoc_thoi_viec", 0),
        ("khai_tru", 0),
        ("bai_nhiem", 0),
    ],
)
def test_discipline_delay_by_form(form, months):
    assert discipline_delay_months(form=form) == months


def test_unknown_discipline_form_is_refused():
    with pytest.raises(ValueError, match="discipline form"):
        discipline_delay_months(form="khien trach")


@pytest.mark.parametrize(
    ("last_raise", "pay_group", "forms", "expected"),
    [
        (date(2021, 7, 1), "A1", (), date(2024, 7, 1)),
        (date(2021, 7, 1), "B", (), date(2023, 7, 1)),
        (date(2021, 7, 1), "CGCC", (), date(2026, 7, 1)),
        (date(2021, 5, 31), "C3", (), date(2023, 5, 31)),
        (date(2020, 2, 29), "A0", (), date(2023, 2, 28)),
        (date(2021, 7, 1), "A1", ("canh_cao",), date(2025, 1, 1)),
        (date(2021, 8, 31), "A2.1", ("khien_trach",), date(2025, 2, 28)),
        (date(2022, 3, 15), "B", ("giang_chuc",), date(2025, 3, 15)),
        (date(2021, 7, 1), "A3.1", ("cach_chuc",), date(2025, 7, 1)),
        (
            date(2021, 7, 1),
            "A1",
            ("khien_trach", "giang_chuc"),
            date(2026, 1, 1),
        ),
        (date(2021, 7, 1), "A1", ("ha_bac_luong",), date(2024, 7, 1)),
    ],
)
def test_next_salary_step_date(last_raise, pay_group, forms, expected):
    assert (
        next_salary_step_date(
            last_raise=last_raise,
            pay_group=pay_group,
            at_last_step=False,
            discipline_forms_in_period=forms,
        )
        == expected
    )


def test_no_next_salary_step_at_the_last_step():
    assert (
        next_salary_step_date(
            last_raise=date(2021, 7, 1), pay_group="A1", at_last_step=True
        )
        is None
    )


# --------------------------------------------------------------------------------------
# Seniority allowance (PCTNVK)
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pay_group", "since", "forms", "on", "percent"),
    [
        ("A1", date(2021, 7, 1), (), date(2021, 6, 30), 0),
        ("A1", date(2021, 7, 1), (), date(2024, 6, 30), 0),
        ("A1", date(2021, 7, 1), (), date(2024, 7, 1), 5),
        ("A1", date(2021, 7, 1), (), date(2025, 6, 30), 5),
        ("A1", date(2021, 7, 1), (), date(2025, 7, 1), 6),
        ("A3.2", date(2021, 7, 1), (), date(2030, 7, 1), 11),
        ("B", date(2021, 7, 1), (), date(2023, 6, 30), 0),
        ("B", date(2021, 7, 1), (), date(2023, 7, 1), 5),
        ("C2", date(2021, 7, 1), (), date(2024, 7, 1), 6),
        ("A1", date(2021, 7, 1), ("canh_cao",), date(2024, 7, 1), 0),
        ("A1", date(2021, 7, 1), ("canh_cao",), date(2025, 1, 1), 5),
        ("A1", date(2021, 7, 1), ("canh_cao",), date(2026, 1, 1), 6),
        ("A0", date(2020, 2, 29), (), date(2023, 2, 28), 5),
        ("A0", date(2020, 2, 29), (), date(2024, 2, 28), 5),
        ("A0", date(2020, 2, 29), (), date(2024, 2, 29), 6),
    ],
)
def test_seniority_allowance_percent(pay_group, since, forms, on, percent):
    assert (
        seniority_allowance(
            last_step_since=since,
            pay_group=pay_group,
            on=on,
            discipline_forms_in_period=forms,
        )
        == percent
    )


@pytest.mark.parametrize(
    ("pay_group", "since", "forms", "starts"),
    [
        ("A1", date(2021, 7, 1), (), date(2024, 7, 1)),
        ("C1", date(2021, 8, 31), (), date(2023, 8, 31)),
        ("B", date(2020, 2, 29), (), date(2022, 2, 28)),
        ("A2.2", date(2021, 8, 31), ("cach_chuc",), date(2025, 8, 31)),
    ],
)
def test_seniority_allowance_start(pay_group, since, forms, starts):
    assert (
        seniority_allowance_start(
            last_step_since=since,
            pay_group=pay_group,
            discipline_forms_in_period=forms,
        )
        == starts
    )


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2023, 3, 15), (date(2024, 7, 1), 5)),
        (date(2024, 7, 1), (date(2025, 7, 1), 6)),
        (date(2025, 7, 1), (date(2026, 7, 1), 7)),
        (date(2026, 6, 30), (date(2026, 7, 1), 7)),
    ],
)
def test_next_seniority_allowance_step(on, expected):
    assert (
        next_seniority_allowance_step(
            last_step_since=date(2021, 7, 1), pay_group="A1", on=on
        )
        == expected
    )


def test_seniority_allowance_is_refused_for_chuyen_gia_cao_cap():
    with pytest.raises(ValueError, match="chuyên gia cao cấp"):
        seniority_allowance(
            last_step_since=date(2021, 7, 1), pay_group="CGCC", on=date(2026, 7, 1)
        )


# --------------------------------------------------------------------------------------
# Appointment terms
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("effective", "years", "term_end"),
    [
        (date(2021, 3, 1), 5, date(2026, 2, 28)),
        (date(2020, 10, 15), 5, date(2025, 10, 14)),
        (date(2024, 1, 1), 5, date(2028, 12, 31)),
        (date(2024, 2, 29), 5, date(2029, 2, 27)),
        (date(2022, 6, 10), 3, date(2025, 6, 9)),
        (date(2023, 3, 1), 1, date(2024, 2, 29)),
    ],
)
def test_appointment_term_ends_the_day_before_the_anniversary(
    effective, years, term_end
):
    assert appointment_term_end(effective=effective, years=years) == term_end


def test_appointment_term_is_five_years_by_default():
    assert appointment_term_end(effective=date(2025, 7, 1)) == date(2030, 6, 30)


@pytest.mark.parametrize(
    ("term_end", "notice"),
    [
        (date(2026, 2, 28), date(2025, 11, 30)),
        (date(2025, 10, 14), date(2025, 7, 16)),
        (date(2028, 12, 31), date(2028, 10, 2)),
    ],
)
def test_reappointment_notice_is_90_days_before_the_term_ends(term_end, notice):
    assert reappointment_notice_date(term_end=term_end) == notice


@pytest.mark.parametrize(
    ("on", "due"),
    [
        (date(2025, 11, 29), False),
        (date(2025, 11, 30), True),
        (date(2026, 2, 28), True),
        (date(2026, 3, 1), True),
    ],
)
def test_reappointment_becomes_due_90_days_before_the_term_ends(on, due):
    assert reappointment_due(term_end=date(2026, 2, 28), on=on) is due


@pytest.mark.parametrize(
    ("on", "retirement", "years", "fits"),
    [
        (date(2021, 6, 30), date(2026, 6, 30), 5, True),
        (date(2021, 7, 1), date(2026, 6, 30), 5, True),
        (date(2021, 7, 2), date(2026, 6, 30), 5, False),
        # Man born 05/1970 retires 31/05/2032.
        (date(2027, 6, 1), date(2032, 5, 31), 5, True),
        (date(2027, 6, 2), date(2032, 5, 31), 5, False),
        (date(2029, 6, 1), date(2032, 5, 31), 3, True),
        (date(2029, 6, 2), date(2032, 5, 31), 3, False),
    ],
)
def test_full_term_must_fit_before_retirement(on, retirement, years, fits):
    assert (
        has_full_term_before_retirement(on=on, retirement=retirement, years=years)
        is fits
    )


@pytest.mark.parametrize(
    ("terms", "limit", "exceeded"),
    [
        (0, 2, False),
        (1, 2, False),
        (2, 2, False),
        (3, 2, True),
        (3, 3, False),
    ],
)
def test_consecutive_terms_exceeded_past_the_limit(terms, limit, exceeded):
    assert consecutive_terms_exceeded(terms=terms, limit=limit) is exceeded


def test_consecutive_terms_limit_is_two_by_default():
    assert consecutive_terms_exceeded(terms=3) is True
    assert consecutive_terms_exceeded(terms=2) is False


def test_rules_module_imports_only_the_standard_library():
    tree = ast.parse(Path(rules.__file__).read_text(encoding="utf-8"))
    imported = {
        name.split(".")[0]
        for node in ast.walk(tree)
        for name in (
            [alias.name for alias in node.names]
            if isinstance(node, ast.Import)
            else [node.module or ""]
            if isinstance(node, ast.ImportFrom)
            else []
        )
    }
    assert imported <= {"calendar", "collections", "dataclasses", "datetime", "enum"}
