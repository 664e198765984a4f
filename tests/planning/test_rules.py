"""Table tests of planning/rules.py (issue 5; DOMAIN.md §6, §7, §9, §3.7), for both
planning rule versions: a term drawn up in 2022 is judged by QĐ 50, one in 2026 by
QĐ 377."""

from datetime import date

import pytest

from cadre_registry import rules as registry_rules
from planning import rules
from planning.rules import QD50, QD377, DisciplineFact, Member, Standard

D = date


@pytest.mark.parametrize(
    ("on", "code"),
    [
        (D(2021, 12, 27), "qd50_2021"),
        (D(2022, 3, 1), "qd50_2021"),
        (D(2025, 10, 7), "qd50_2021"),
        (D(2025, 10, 8), "qd377_2025"),
        (D(2026, 1, 15), "qd377_2025"),
        (D(2031, 1, 1), "qd377_2025"),
    ],
)
def test_rule_version_is_chosen_by_date(on, code):
    assert rules.planning_rules_for(on).code == code


def test_no_rule_version_before_qd50():
    with pytest.raises(ValueError):
        rules.planning_rules_for(D(2021, 12, 26))
    assert "27/12/2021" in rules.no_rules_message(D(2020, 1, 1))


@pytest.mark.parametrize("version", [QD50, QD377])
@pytest.mark.parametrize(
    ("taken", "adding", "blocked"),
    [(0, 1, False), (2, 1, False), (3, 1, True), (2, 2, True), (0, 3, False)],
)
def test_at_most_three_people_per_post(version, taken, adding, blocked):
    error = rules.post_capacity_error(
        rules=version, post_name="Giám đốc Sở", taken=taken, adding=adding
    )
    assert (error is not None) == blocked
    if blocked:
        assert "không quá 3 người" in error and "Giám đốc Sở" in error


@pytest.mark.parametrize("version", [QD50, QD377])
@pytest.mark.parametrize(
    ("held", "blocked"), [(0, False), (1, False), (2, False), (3, True), (4, True)]
)
def test_at_most_three_posts_per_person_at_a_level(version, held, blocked):
    error = rules.posts_per_person_error(rules=version, person_name="Lan", held=held)
    assert (error is not None) == blocked
    if blocked:
        assert "không quá 3 chức danh cùng cấp" in error


def test_limits_cite_their_version():
    assert "QĐ 377-QĐ/TW" in rules.post_capacity_error(
        rules=QD377, post_name="X", taken=3
    )
    assert "QĐ 50-QĐ/TW" in rules.post_capacity_error(
        rules=QD50, post_name="X", taken=3
    )


@pytest.mark.parametrize(
    ("current", "planned", "blocked"),
    [(42, 50, False), (50, 50, True), (64, 50, True), (0, 10, False), (10, 10, True)],
)
def test_planned_post_must_rank_higher(current, planned, blocked):
    error = rules.higher_post_error(
        rules=QD377,
        current_rank=current,
        current_name="Phó Trưởng phòng",
        planned_rank=planned,
        planned_name="Trưởng phòng",
    )
    assert (error is not None) == blocked
    if blocked:
        assert "không cao hơn" in error and "QĐ 377-QĐ/TW" in error


TERM_2026 = (D(2026, 7, 1), D(2031, 6, 30))
TERM_2020 = (D(2020, 10, 1), D(2025, 9, 30))


@pytest.mark.parametrize(
    ("version", "term", "needed"),
    [
        (QD377, TERM_2026, D(2036, 6, 30)),  # two terms
        (QD50, TERM_2020, D(2025, 9, 30)),  # one term
        (QD50, TERM_2026, D(2031, 6, 30)),
    ],
)
def test_term_service_end(version, term, needed):
    assert (
        rules.term_service_end(rules=version, starts_on=term[0], ends_on=term[1])
        == needed
    )


def _retirement(gender, birth):
    return registry_rules.retirement_date(
        gender=gender,
        birth_year=birth.year,
        birth_month=birth.month,
        birth_day=birth.day,
    )


@pytest.mark.parametrize(
    ("version", "term", "gender", "birth", "blocked"),
    [
        # QĐ 377, 2026-2031, work to 30/06/2036. Man born 06/1974 retires at 62 in
        # 06/2036 (30/06/2036): just enough; born 05/1974 retires 31/05/2036: not.
        (QD377, TERM_2026, "M", D(1974, 6, 10), False),
        (QD377, TERM_2026, "M", D(1974, 5, 31), True),
        # Woman born 1978: 59y4m in 2037 → 05/2037, enough; born 1975-01 reaches
        # 58y4m in 2033 (05/2033): not enough.
        (QD377, TERM_2026, "F", D(1978, 1, 1), False),
        (QD377, TERM_2026, "F", D(1975, 1, 1), True),
        # QĐ 50, 2020-2025, work to 30/09/2025. Man born 06/1964 reaches 61y3m in
        # 09/2025: enough; born 05/1964 reaches 61y3m in 08/2025: not.
        (QD50, TERM_2020, "M", D(1964, 6, 1), False),
        (QD50, TERM_2020, "M", D(1964, 5, 1), True),
    ],
)
def test_enough_time_to_serve_the_term(version, term, gender, birth, blocked):
    retirement = _retirement(gender, birth)
    error = rules.term_age_error(
        rules=version,
        person_name="Bình",
        retirement=retirement,
        starts_on=term[0],
        ends_on=term[1],
    )
    assert (error is not None) == blocked, retirement
    if blocked:
        assert f"{retirement:%d/%m/%Y}" in error and version.short in error


def test_retirement_dates_used_above_come_from_the_registry_rule():
    assert _retirement("M", D(1974, 6, 10)) == D(2036, 6, 30)
    assert _retirement("M", D(1964, 6, 1)) == D(2025, 9, 30)
    assert _retirement("M", D(1964, 5, 1)) == D(2025, 8, 31)


KT = ("khien_trach", "khiển trách")
CC = ("canh_cao", "cảnh cáo")
CACH = ("cach_chuc", "cách chức")
GIANG = ("giang_chuc", "giáng chức")


def _fact(form, start, end=None):
    return DisciplineFact(form=form[0], form_name=form[1], start=start, end=end)


@pytest.mark.parametrize(
    ("form", "start", "on", "blocked"),
    [
        # QĐ 377: 24 / 36 / 60 months from the effective date (§3.7).
        (KT, D(2024, 3, 1), D(2026, 2, 28), True),
        (KT, D(2024, 3, 1), D(2026, 3, 1), False),
        (CC, D(2023, 3, 1), D(2026, 2, 28), True),
        (CC, D(2023, 3, 1), D(2026, 3, 1), False),
        (CACH, D(2021, 3, 1), D(2026, 2, 28), True),
        (CACH, D(2021, 3, 1), D(2026, 3, 1), False),
        # A form without a waiting period stays with the competent level.
        (GIANG, D(2015, 1, 1), D(2026, 3, 1), True),
        # A decision after the date does not count yet.
        (KT, D(2026, 4, 1), D(2026, 3, 1), False),
    ],
)
def test_discipline_waiting_periods_qd377(form, start, on, blocked):
    error = rules.discipline_error(
        rules=QD377, person_name="An", disciplines=[_fact(form, start)], on=on
    )
    assert (error is not None) == blocked
    if blocked:
        assert form[1] in error and "QĐ 377-QĐ/TW" in error


@pytest.mark.parametrize(
    ("end", "on", "blocked"),
    [
        (D(2023, 3, 1), D(2023, 3, 1), True),  # in force through its last day
        (D(2023, 3, 1), D(2023, 3, 2), False),  # expired: may be planned again
        (None, D(2024, 1, 1), True),  # no expiry recorded: still in force
    ],
)
def test_discipline_removes_while_in_force_qd50(end, on, blocked):
    error = rules.discipline_error(
        rules=QD50,
        person_name="An",
        disciplines=[_fact(KT, D(2022, 3, 1), end)],
        on=on,
    )
    assert (error is not None) == blocked
    if blocked:
        assert "QĐ 50-QĐ/TW" in error


def test_the_latest_blocking_discipline_is_reported():
    error = rules.discipline_error(
        rules=QD377,
        person_name="An",
        disciplines=[_fact(KT, D(2010, 1, 1)), _fact(CC, D(2025, 1, 1))],
        on=D(2026, 1, 1),
    )
    assert "cảnh cáo" in error and "01/01/2028" in error


def test_standards_missing_are_listed():
    found = rules.standards_missing(
        [
            Standard("Lý luận chính trị", 3, "Cao cấp", 2),
            Standard("Trình độ chuyên môn", 4, "Đại học", 5),
            Standard("Quản lý nhà nước", 0, "", 0),
        ]
    )
    assert found == ["Chưa đạt chuẩn lý luận chính trị: Cao cấp."]


def _members(spec, on_year=2026):
    """spec: (gender, age, minority) triples, ages on 01/01 of on_year."""
    return [
        Member(gender=g, birth_date=D(on_year - age - 1, 6, 1), is_minority=m)
        for g, age, m in spec
    ]


def test_composition_qd50_shares_and_warnings():
    # 8 people: 2 women (25%), 1 under 40 (12.5%), 1 minority; bands 1 / 2 / 5.
    members = _members(
        [
            ("F", 38, False),
            ("F", 41, True),
            ("M", 44, False),
            ("M", 46, False),
            ("M", 48, False),
            ("M", 50, False),
            ("M", 52, False),
            ("M", 55, False),
        ]
    )
    result = rules.composition(
        rules=QD50, level="co_quan", members=members, on=D(2026, 1, 1)
    )
    assert (result.total, result.women_percent, result.young_percent) == (8, 25, 12.5)
    assert result.minority_percent == 12.5
    assert result.bands == (1, 2, 5)
    assert len(result.warnings) == 1  # women meet 25%, young miss 15%
    assert "dưới 40 tuổi" in result.warnings[0] and "15%" in result.warnings[0]


def test_composition_qd50_women_below_target_and_missing_band():
    members = _members([("F", 35, False), ("M", 36, False), ("M", 50, False)] * 2)
    members += _members([("M", 51, False), ("M", 52, False)])
    result = rules.composition(
        rules=QD50, level="tinh", members=members, on=D(2026, 1, 1)
    )
    assert result.women_percent == 25.0  # 2 of 8
    assert result.young_percent == 50.0  # 35 and 36, twice
    messages = " ".join(result.warnings)
    assert "Tỷ lệ cán bộ nữ" not in messages  # 25% meets "at least 25%"
    assert "ba độ tuổi" in messages  # nobody 40-44


def test_composition_qd377_has_no_share_targets():
    members = _members([("M", 50, False), ("M", 52, False), ("M", 55, False)])
    result = rules.composition(
        rules=QD377, level="co_quan", members=members, on=D(2026, 1, 1)
    )
    assert result.women_percent == 0.0
    assert [w for w in result.warnings if w.startswith("Tỷ lệ")] == []
    assert any("ba độ tuổi" in w for w in result.warnings)


def test_composition_of_an_empty_list_warns_nothing():
    result = rules.composition(rules=QD50, level="tinh", members=[], on=D(2026, 1, 1))
    assert (result.total, result.warnings) == (0, ())


@pytest.mark.parametrize(
    ("start", "retirement", "blocked"),
    [
        (D(2026, 3, 1), D(2036, 2, 29), False),  # exactly 10 years
        (D(2026, 3, 1), D(2036, 2, 28), True),
        (D(2026, 3, 1), D(2040, 1, 31), False),
    ],
)
def test_rotation_needs_ten_years_left(start, retirement, blocked):
    version = rules.rotation_rules_for(start)
    assert version.version.code == "qd65_2022"
    error = rules.rotation_years_left_error(
        rules=version, person_name="Hải", start=start, retirement=retirement
    )
    assert (error is not None) == blocked
    if blocked:
        assert "10 năm" in error and "QĐ 65-QĐ/TW" in error


def test_rotation_before_qd65_is_not_age_checked():
    version = rules.rotation_rules_for(D(2020, 1, 1))
    assert version.version.code == "qd98_2017"
    assert (
        rules.rotation_years_left_error(
            rules=version,
            person_name="Hải",
            start=D(2020, 1, 1),
            retirement=D(2021, 1, 31),
        )
        is None
    )


@pytest.mark.parametrize(
    ("kind", "current", "new", "retirement", "blocked"),
    [
        ("bo_nhiem", 42, 50, D(2031, 2, 28), False),  # 5 full years from 01/03/2026
        ("bo_nhiem", 42, 50, D(2031, 2, 27), True),
        ("bo_nhiem", 0, 42, D(2030, 12, 31), True),  # first appointment
        ("bo_nhiem", 50, 50, D(2027, 1, 31), False),  # equal post: exempt
        ("bo_nhiem", 64, 50, D(2027, 1, 31), False),  # lower post: exempt
        ("bo_nhiem_lai", 50, 50, D(2027, 1, 31), False),
        ("keo_dai", 50, 50, D(2027, 1, 31), False),
    ],
)
def test_first_appointment_or_promotion_needs_five_years(
    kind, current, new, retirement, blocked
):
    error = rules.appointment_age_error(
        kind=kind,
        person_name="Minh",
        current_rank=current,
        new_rank=new,
        process_started_on=D(2026, 3, 1),
        retirement=retirement,
    )
    assert (error is not None) == blocked
    if blocked:
        assert "5 năm" in error and "HD 06-HD/BTCTW" in error


@pytest.mark.parametrize(
    ("kind", "term_end"),
    [
        ("bo_nhiem", D(2031, 3, 14)),
        ("bo_nhiem_lai", D(2031, 3, 14)),
        ("keo_dai", D(2028, 8, 31)),
        ("mien_nhiem", None),
    ],
)
def test_post_term_end(kind, term_end):
    assert (
        rules.post_term_end(
            kind=kind, effective_on=D(2026, 3, 15), retirement=D(2028, 8, 31)
        )
        == term_end
    )


@pytest.mark.parametrize(
    "kinds, expected",
    [
        (["tinh_uy", "co_quan"], "btv_tinh"),
        (["tinh_uy", "huyen_uy"], "btv_huyen"),
        (["tinh_uy", "huyen_uy", "xa_phuong", "chi_bo"], "btv_huyen"),
        (["tinh_uy", "xa_phuong"], "btv_huyen"),
        ([], "btv_tinh"),
    ],
)
def test_default_managing_level_follows_the_units_place(kinds, expected):
    assert rules.default_managing_level(unit_kinds=kinds) == expected


def test_a_nomination_holds_no_term():
    assert (
        rules.post_term_end(
            kind=rules.NOMINATE, effective_on=date(2026, 3, 1), retirement=None
        )
        is None
    )
