"""Tests for cadre_registry.reference_data: plain pytest, no Django, no database.

Expected values come from DOMAIN.md §3 (code lists) and §5 (raise periods)."""

import ast
import unicodedata
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from cadre_registry import reference_data as rd
from cadre_registry.reference_data import (
    ACADEMIC_TITLES,
    BASE_SALARY,
    DEGREES,
    DISCIPLINE_FORMS,
    ETHNIC_GROUPS,
    EVALUATION_LEVELS,
    FAMILY_RELATIONS,
    GENERAL_EDUCATION,
    GRADE_CODE_LISTS,
    GRADE_REPORT_FAMILIES,
    GRADES,
    PAY_SCALES,
    POLITICAL_THEORY_LEVELS,
    POSITIONS,
    RELIGIONS,
    STAFF_KINDS,
    STATE_MANAGEMENT_LEVELS,
    UNIT_KINDS,
    alias_index,
    all_code_lists,
    base_salary_on,
    normalize_text,
)

CODE_LISTS = all_code_lists()
LISTED = [group for group in ETHNIC_GROUPS if group.is_listed]
TWO_DIGITS = [f"{n:02d}" for n in range(1, 55)]


def _by_code(entries):
    return {entry.code: entry for entry in entries}


def _grade(code_list_key, code):
    (grade,) = [g for g in GRADES if g.code_list == code_list_key and g.code == code]
    return grade


# --------------------------------------------------------------------------------------
# The module stays importable without Django
# --------------------------------------------------------------------------------------


def test_reference_data_imports_only_the_standard_library():
    tree = ast.parse(Path(rd.__file__).read_text(encoding="utf-8"))
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
    assert imported <= {
        "__future__",
        "collections",
        "dataclasses",
        "datetime",
        "unicodedata",
    }


# --------------------------------------------------------------------------------------
# Code lists as a whole
# --------------------------------------------------------------------------------------


def test_code_list_keys_are_unique():
    keys = [code_list.key for code_list, _ in CODE_LISTS]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize(
    ("code_list", "entries"), CODE_LISTS, ids=[c.key for c, _ in CODE_LISTS]
)
def test_each_code_list_is_described_and_not_empty(code_list, entries):
    assert code_list.id == code_list.key
    assert code_list.title and code_list.citation and code_list.version
    assert code_list.status in {rd.CONFIRMED, rd.SECONDARY, rd.UNCONFIRMED}
    if code_list.effective_from and code_list.effective_to:
        assert code_list.effective_from <= code_list.effective_to
    assert entries


@pytest.mark.parametrize(
    ("code_list", "entries"), CODE_LISTS, ids=[c.key for c, _ in CODE_LISTS]
)
def test_codes_are_unique_strings_within_a_code_list(code_list, entries):
    codes = [entry.code for entry in entries]
    assert all(isinstance(code, str) and code for code in codes)
    assert len(codes) == len(set(codes))


@pytest.mark.parametrize(
    ("code_list", "entries"), CODE_LISTS, ids=[c.key for c, _ in CODE_LISTS]
)
def test_each_name_and_alias_resolves_to_exactly_one_entry(code_list, entries):
    index = alias_index(entries)  # raises on a spelling shared by two entries
    for entry in entries:
        for spelling in (entry.name, *entry.aliases):
            assert index[normalize_text(spelling)] is entry
        assert entry.status in {"", rd.CONFIRMED, rd.SECONDARY, rd.UNCONFIRMED}


def test_alias_index_refuses_a_spelling_shared_by_two_entries():
    entries = (
        rd.Entry(code="a", name="Cao cấp"),
        rd.Entry(code="b", name="Cử nhân", aliases=("CAO CẤP",)),
    )
    with pytest.raises(ValueError, match="names both"):
        alias_index(entries)


# --------------------------------------------------------------------------------------
# Ethnic groups
# --------------------------------------------------------------------------------------


def test_there_are_54_ethnic_groups_with_unique_codes_in_both_lists():
    assert len(LISTED) == 54
    assert len({group.code for group in LISTED}) == 54
    assert len({group.code_121 for group in LISTED}) == 54


def test_both_ethnic_code_lists_are_permutations_of_01_to_54():
    assert sorted(group.code_1019 for group in LISTED) == TWO_DIGITS
    assert sorted(group.code_121 for group in LISTED) == TWO_DIGITS


def test_kinh_is_the_only_non_minority_among_the_54():
    assert [group.name for group in LISTED if not group.is_minority] == ["Kinh"]
    assert _by_code(ETHNIC_GROUPS)["01"].code_121 == "01"


@pytest.mark.parametrize(
    ("code_1019", "code_121", "name"),
    [
        ("04", "06", "Mường"),
        ("06", "04", "Hoa"),
        ("11", "12", "Ê-đê"),
        ("24", "23", "Bru-Vân Kiều"),
        ("29", "27", "Giẻ-Triêng"),
        ("41", "46", "Pà Thẻn"),
        ("43", "11", "Ngái"),
        ("52", "54", "Rơ-măm"),
        ("54", "53", "Ơ-đu"),
    ],
)
def test_ethnic_codes_follow_the_domain_table(code_1019, code_121, name):
    group = _by_code(ETHNIC_GROUPS)[code_1019]
    assert (group.code_121, group.name) == (code_121, name)


def test_the_ethnic_statuses_follow_what_was_checked():
    groups = _by_code(ETHNIC_GROUPS)
    assert groups["20"].status == rd.CONFIRMED
    assert groups["21"].status == rd.SECONDARY
    assert groups["09"].status_121 == rd.CONFIRMED
    assert groups["43"].status_121 == rd.SECONDARY  # Ngái 11 vs Ê-đê 11 is open


def test_bieu_4_adds_other_and_foreign_origin_rows():
    extras = [group for group in ETHNIC_GROUPS if not group.is_listed]
    assert [(g.code, g.name) for g in extras] == [
        ("55", "Dân tộc khác"),
        ("56", "Quốc tịch gốc nước ngoài"),
    ]
    assert extras[0].is_minority and not extras[1].is_minority


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Kinh", "01"),
        ("Việt", "01"),
        ("KINH (VIỆT)", "01"),
        ("Hmông", "08"),
        ("H'mông", "08"),
        ("H’Mông", "08"),
        ("Mông", "08"),
        ("Mông (H'mông)", "08"),
        ("Khmer", "05"),
        ("Khơ me", "05"),
        ("Khơ-Me", "05"),
        ("Ê đê", "11"),
        ("Êđê", "11"),
        ("Ede", "11"),
        ("Bana", "12"),
        ("Ba Na", "12"),
        ("ba-na", "12"),
        ("Gia Rai", "10"),
        ("Xơ Đăng", "16"),
        ("Raglai", "19"),
        ("M'nông", "20"),
        ("Vân Kiều", "24"),
        ("Tà Ôi", "27"),
        ("Gié Triêng", "29"),
        ("Chăm", "14"),
        ("Chàm", "14"),
        ("Người nước ngoài", "56"),
    ],
)
def test_ethnic_groups_are_found_as_typed(typed, code):
    assert alias_index(ETHNIC_GROUPS)[normalize_text(typed)].code == code


# --------------------------------------------------------------------------------------
# Religions
# --------------------------------------------------------------------------------------


def test_religions_are_none_then_the_seven_bieu_4_groups():
    assert [(r.code, r.name) for r in RELIGIONS] == [
        ("00", "Không"),
        ("01", "Phật giáo"),
        ("02", "Công giáo"),
        ("03", "Phật giáo Hòa Hảo"),
        ("04", "Cao Đài"),
        ("05", "Tin Lành"),
        ("06", "Hồi giáo"),
        ("07", "Đạo khác"),
    ]


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Thiên Chúa giáo", "02"),
        ("Hoà Hảo", "03"),
        ("Phật giáo Hoà Hảo", "03"),
        ("Phật", "01"),
        ("Không theo tôn giáo", "00"),
        ("cao đài", "04"),
    ],
)
def test_religions_are_found_as_typed(typed, code):
    assert alias_index(RELIGIONS)[normalize_text(typed)].code == code


# --------------------------------------------------------------------------------------
# Grades, pay scales, base salary
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("grade", GRADES, ids=lambda g: f"{g.code_list}:{g.code}")
def test_grade_coefficient_count_equals_its_steps(grade):
    assert len(grade.coefficients) == grade.steps > 0


@pytest.mark.parametrize("scale", PAY_SCALES, ids=lambda s: s.code)
def test_pay_scale_coefficients_are_two_place_decimals_rising_evenly(scale):
    values = [Decimal(c) for c in scale.coefficients]
    assert all(value.as_tuple().exponent == -2 for value in values)
    gaps = {b - a for a, b in zip(values, values[1:], strict=False)}
    assert len(gaps) == 1 and gaps.pop() > 0


@pytest.mark.parametrize(
    ("code", "steps", "first", "last"),
    [
        ("01.001", 6, "6.20", "8.00"),
        ("01.002", 8, "4.40", "6.78"),
        ("01.003", 9, "2.34", "4.98"),
        ("01.004", 10, "2.10", "4.89"),
        ("01.005", 12, "1.86", "4.06"),
    ],
)
def test_tt02_2021_grades_match_the_salary_table(code, steps, first, last):
    grade = _grade("TT02-2021-BNV", code)
    assert (grade.steps, grade.coefficients[0], grade.coefficients[-1]) == (
        steps,
        first,
        last,
    )


def test_tt02_2021_chuyen_vien_chinh_has_every_step_of_a2_1():
    grade = _grade("TT02-2021-BNV", "01.002")
    assert " ".join(grade.coefficients) == "4.40 4.74 5.08 5.42 5.76 6.10 6.44 6.78"


def test_code_01_005_means_different_things_in_the_two_grade_lists():
    old = _grade("QD78-2004-BNV", "01.005")
    new = _grade("TT02-2021-BNV", "01.005")
    assert old.name == "Kỹ thuật viên đánh máy"
    assert new.name == "Nhân viên"
    assert old.pay_group != new.pay_group


def test_can_su_moved_from_b_to_a0_in_2021():
    old = _grade("QD78-2004-BNV", "01.004")
    new = _grade("TT02-2021-BNV", "01.004")
    assert (old.pay_group, old.coefficients[-1], old.step_period_months) == (
        "B",
        "4.06",
        24,
    )
    assert (new.pay_group, new.coefficients[-1], new.step_period_months) == (
        "A0",
        "4.89",
        36,
    )


def test_the_two_grade_code_lists_follow_each_other_in_time():
    old, new = GRADE_CODE_LISTS
    assert old.effective_to == date(2021, 7, 31)
    assert new.effective_from == date(2021, 8, 1)
    assert new.effective_to is None


@pytest.mark.parametrize("grade", GRADES, ids=lambda g: f"{g.code_list}:{g.code}")
def test_step_period_is_36_months_for_a_groups_and_24_otherwise(grade):
    expected = 36 if grade.pay_group.startswith("A") else 24
    assert grade.step_period_months == expected
    assert grade.report_family in GRADE_REPORT_FAMILIES


def test_grades_carry_their_pay_scale():
    scales = {scale.code: scale for scale in PAY_SCALES}
    for grade in GRADES:
        assert grade.coefficients == scales[grade.pay_group].coefficients


@pytest.mark.parametrize(
    ("day", "amount"),
    [
        (date(2019, 6, 30), 1_390_000),
        (date(2019, 7, 1), 1_490_000),
        (date(2023, 6, 30), 1_490_000),
        (date(2023, 7, 1), 1_800_000),
        (date(2024, 6, 30), 1_800_000),
        (date(2024, 7, 1), 2_340_000),
        (date(2030, 1, 1), 2_340_000),
    ],
)
def test_base_salary_on_a_date(day, amount):
    assert base_salary_on(day).amount == amount


def test_base_salary_before_the_table_is_none_and_the_table_is_sorted():
    assert base_salary_on(date(2004, 9, 30)) is None
    starts = [rate.effective_from for rate in BASE_SALARY]
    assert starts == sorted(starts) and len(starts) == len(set(starts))
    assert BASE_SALARY[-1].status == rd.UNCONFIRMED  # NĐ 73/2024, per DOMAIN.md


# --------------------------------------------------------------------------------------
# Ordered scales
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entries", "codes"),
    [
        (
            POLITICAL_THEORY_LEVELS,
            ["none", "so_cap", "trung_cap", "cao_cap", "cu_nhan"],
        ),
        (
            STATE_MANAGEMENT_LEVELS,
            [
                "none",
                "can_su",
                "chuyen_vien",
                "chuyen_vien_chinh",
                "chuyen_vien_cao_cap",
            ],
        ),
        (
            DEGREES,
            [
                "none",
                "so_cap",
                "trung_cap",
                "cao_dang",
                "dai_hoc",
                "thac_si",
                "tien_si",
                "tskh",
            ],
        ),
        (ACADEMIC_TITLES, ["none", "pgs", "gs"]),
    ],
)
def test_ordered_scales_rise_in_rank(entries, codes):
    assert [e.code for e in sorted(entries, key=lambda e: e.rank)] == codes
    assert len({e.rank for e in entries}) == len(entries)


def test_political_theory_report_groups():
    groups = {level.code: level.report_group for level in POLITICAL_THEORY_LEVELS}
    assert groups == {
        "none": "",
        "so_cap": "Sơ cấp",
        "trung_cap": "Trung cấp",
        "cao_cap": "Cao cấp, cử nhân",
        "cu_nhan": "Cao cấp, cử nhân",
    }


@pytest.mark.parametrize(
    ("entries", "typed", "code"),
    [
        (POLITICAL_THEORY_LEVELS, "Cao cấp LLCT", "cao_cap"),
        (POLITICAL_THEORY_LEVELS, "CC", "cao_cap"),
        (POLITICAL_THEORY_LEVELS, "Cử nhân chính trị", "cu_nhan"),
        (POLITICAL_THEORY_LEVELS, "Trung cấp chính trị - hành chính", "trung_cap"),
        (STATE_MANAGEMENT_LEVELS, "CVC", "chuyen_vien_chinh"),
        (STATE_MANAGEMENT_LEVELS, "CVCC", "chuyen_vien_cao_cap"),
        (STATE_MANAGEMENT_LEVELS, "QLNN ngạch chuyên viên chính", "chuyen_vien_chinh"),
        (DEGREES, "Cử nhân", "dai_hoc"),
        (DEGREES, "Kỹ sư", "dai_hoc"),
        (DEGREES, "Bác sĩ", "dai_hoc"),
        (DEGREES, "ThS", "thac_si"),
        (DEGREES, "Thạc sỹ", "thac_si"),
        (DEGREES, "TS", "tien_si"),
        (DEGREES, "TSKH", "tskh"),
        (ACADEMIC_TITLES, "PGS", "pgs"),
    ],
)
def test_levels_are_found_as_typed(entries, typed, code):
    assert alias_index(entries)[normalize_text(typed)].code == code


def test_degree_report_bands_follow_bieu_8b():
    bands = {degree.code: degree.report_band for degree in DEGREES}
    assert bands["trung_cap"] == bands["none"] == "duoi_cao_dang"
    assert bands["tskh"] == bands["tien_si"] == "tien_si"
    assert set(bands.values()) == set(rd.DEGREE_REPORT_BANDS)


# --------------------------------------------------------------------------------------
# Evaluation and discipline
# --------------------------------------------------------------------------------------


def test_nd335_points_bands():
    levels = {
        e.code: e.min_points for e in EVALUATION_LEVELS if e.code_list == "ND335-2025"
    }
    assert levels == {
        "xuat_sac": "90",
        "tot": "70",
        "hoan_thanh": "50",
        "khong_hoan_thanh": "0",
    }
    assert rd.EVALUATION_ND335_2025_CODE_LIST.effective_from == date(2026, 1, 1)


def test_nd90_levels_have_full_names_and_no_points():
    levels = [e for e in EVALUATION_LEVELS if e.code_list == "ND90-2020"]
    assert [e.name for e in sorted(levels, key=lambda e: -e.rank)] == [
        "Hoàn thành xuất sắc nhiệm vụ",
        "Hoàn thành tốt nhiệm vụ",
        "Hoàn thành nhiệm vụ",
        "Không hoàn thành nhiệm vụ",
    ]
    assert all(e.min_points is None for e in levels)


def test_discipline_effects():
    forms = _by_code(DISCIPLINE_FORMS)
    delays = {code: form.salary_delay_months for code, form in forms.items()}
    waits = {code: form.planning_wait_months for code, form in forms.items()}
    assert delays == {
        "khien_trach": 6,
        "canh_cao": 6,
        "ha_bac_luong": 0,
        "giang_chuc": 12,
        "cach_chuc": 12,
        "bai_nhiem": 0,
        "buoc_thoi_viec": 0,
        "khai_tru": 0,
    }
    assert (waits["khien_trach"], waits["canh_cao"], waits["cach_chuc"]) == (24, 36, 60)
    assert forms["khai_tru"].applies_to == ("party",)
    assert "party" not in forms["giang_chuc"].applies_to
    assert [f.code for f in sorted(DISCIPLINE_FORMS, key=lambda f: f.rank)][:2] == [
        "khien_trach",
        "canh_cao",
    ]


# --------------------------------------------------------------------------------------
# Other lookups
# --------------------------------------------------------------------------------------


def test_staff_kinds_and_unit_kinds():
    assert [k.code for k in STAFF_KINDS] == [
        "can_bo",
        "cong_chuc",
        "vien_chuc",
        "hop_dong_68",
        "hop_dong_khac",
    ]
    levels = {kind.code: kind.level for kind in UNIT_KINDS}
    assert levels["tinh_uy"] == 1 and levels["chi_bo"] == 4
    assert set(levels.values()) == {1, 2, 3, 4}
    assert _by_code(UNIT_KINDS)["huyen_uy"].effective_to.year == 2025


def test_family_relations_have_both_sides():
    sides = {relation.code: relation.side for relation in FAMILY_RELATIONS}
    for code in ("cha", "me", "vo", "chong", "con", "anh_ruot", "chi_ruot", "em_ruot"):
        assert sides[code] == "own"
    for code in ("cha_vo", "me_vo", "cha_chong", "me_chong", "em_vo", "anh_chong"):
        assert sides[code] == "spouse"


def test_general_education_covers_both_systems():
    codes = {entry.code for entry in GENERAL_EDUCATION}
    assert {f"{n}/12" for n in range(1, 13)} <= codes
    assert {f"{n}/10" for n in range(1, 11)} <= codes
    ranks = _by_code(GENERAL_EDUCATION)
    assert ranks["10/10"].rank == ranks["12/12"].rank


def test_positions_rank_heads_above_their_deputies():
    posts = _by_code(POSITIONS)
    assert 30 <= len(POSITIONS) <= 40
    for head, deputy in [
        ("bi_thu_tinh_uy", "pho_bi_thu_tinh_uy"),
        ("chu_tich_ubnd_tinh", "pho_chu_tich_ubnd_tinh"),
        ("giam_doc_so", "pho_giam_doc_so"),
        ("truong_ban", "pho_truong_ban"),
        ("truong_phong", "pho_truong_phong"),
        ("bi_thu_chi_bo", "pho_bi_thu_chi_bo"),
    ]:
        assert posts[head].rank > posts[deputy].rank
    leaders = [p.rank for p in POSITIONS if p.is_leader]
    others = [p.rank for p in POSITIONS if not p.is_leader]
    assert min(leaders) > max(others)
    assert {p.level for p in POSITIONS} <= {None, 1, 2, 3, 4}


# --------------------------------------------------------------------------------------
# normalize_text
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Nguyễn Văn Thắng", "nguyen van thang"),
        ("Đặng", "dang"),
        ("ĐOÀN THỊ HƯƠNG", "doan thi huong"),
        ("  Trần\tThị\n Ngọc   Ánh ", "tran thi ngoc anh"),
        ("Lê Thị Thuỷ", "le thi thuy"),
        ("Lê Thị Thủy", "le thi thuy"),
        ("Phạm Ưng Ơn", "pham ung on"),
        ("Nguyen Van A", "nguyen van a"),
        ("H’Mông", "h'mong"),
        ("ÐINH", "dinh"),  # Ð (U+00D0) from legacy-font conversions
        ("Nguyễn\u00a0Văn", "nguyen van"),
        ("Lý 李 Nguyễn", "ly 李 nguyen"),  # past the table: left as it is
        ("", ""),
    ],
)
def test_normalize_text(text, folded):
    assert normalize_text(text) == folded


def test_normalize_text_folds_decomposed_input_the_same_way():
    name = "Nguyễn Thị Ánh Tuyết, Đỗ Ứng Thịnh"
    assert normalize_text(unicodedata.normalize("NFD", name)) == normalize_text(name)


def test_normalize_text_matches_plain_unicodedata_for_every_vietnamese_letter():
    letters = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
    tones = ["", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]
    for letter in letters + letters.upper():
        for tone in tones:
            char = unicodedata.normalize("NFC", letter + tone)
            expected = "".join(
                c
                for c in unicodedata.normalize("NFD", char)
                if not unicodedata.combining(c)
            )
            expected = expected.replace("đ", "d").replace("Đ", "d").lower()
            assert normalize_text(char) == expected, char
