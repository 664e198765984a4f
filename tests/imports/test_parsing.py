"""Cell normalisers: the spellings people type, and the messages for the others."""

import datetime as dt

import pytest

from cadre_registry.imports import parsing
from cadre_registry.imports.parsing import CellError


@pytest.mark.parametrize(
    "value",
    [
        "15/03/1980",
        "15-03-1980",
        "15.03.1980",
        "1980-03-15",
        "1980-03-15 00:00:00",
        dt.date(1980, 3, 15),
        dt.datetime(1980, 3, 15),
        29295.0,  # the Excel serial number of 15/03/1980
    ],
)
def test_dates_as_people_write_them(value):
    assert parsing.date_value(value) == dt.date(1980, 3, 15)


def test_day_and_month_without_leading_zeros():
    assert parsing.date_value("1/3/1980") == dt.date(1980, 3, 1)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("31/02/1980", "tháng 2/1980 chỉ có 29 ngày"),
        ("1980-13-01", "không có tháng 13"),
        ("29/02/1981", "chỉ có 28 ngày"),
    ],
)
def test_impossible_dates_are_refused_naming_the_value(value, reason):
    with pytest.raises(CellError) as caught:
        parsing.date_value(value, label="Ngày sinh")
    assert f"“{value}”" in caught.value.message
    assert reason in caught.value.message


def test_unreadable_and_two_digit_year_dates_say_the_format():
    with pytest.raises(CellError, match="dd/mm/yyyy"):
        parsing.date_value("mười lăm tháng ba")
    with pytest.raises(CellError, match="4 chữ số"):
        parsing.date_value("15/03/80")


def test_a_bare_year_is_a_date_only_where_the_column_is_partial():
    assert parsing.partial_date("1980") == (dt.date(1980, 1, 1), "year")
    assert parsing.partial_date(1980.0) == (dt.date(1980, 1, 1), "year")
    assert parsing.partial_date("03/1980") == (dt.date(1980, 3, 1), "month")
    assert parsing.partial_date("15/03/1980") == (dt.date(1980, 3, 15), "day")
    with pytest.raises(CellError, match="thiếu ngày"):
        parsing.date_value("1980")


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("Nam", "M"),
        ("Nữ", "F"),
        ("nữ", "F"),
        ("NU", "F"),
        ("nu", "F"),
        ("F", "F"),
        ("M", "M"),
    ],
)
def test_gender_spellings(value, code):
    assert parsing.gender(value) == code


def test_unknown_gender_is_refused():
    with pytest.raises(CellError, match="“Nam” hoặc “Nữ”"):
        parsing.gender("khác")


def test_choices_by_label_or_code_without_accents():
    index = parsing.ChoiceIndex(
        [("cong_chuc", "Công chức"), ("vien_chuc", "Viên chức")]
    )
    assert index("cong chuc") == "cong_chuc"
    assert index("VIÊN CHỨC") == "vien_chuc"
    assert index("vien_chuc") == "vien_chuc"
    with pytest.raises(CellError, match="“Công chức”, “Viên chức”"):
        index("Hợp đồng")


def test_code_lists_by_code_name_or_alias_and_ambiguity():
    index = parsing.CodeIndex(
        [
            (1, "01", "Kinh", ["Việt"], True),
            (2, "02", "Tày", [], True),
            (3, "X1", "Trùng", [], True),
            (4, "X2", "Trùng", [], True),
        ]
    )
    assert index("01") == 1
    assert index("kinh") == 1
    assert index("VIET") == 1
    assert index("Tay") == 2
    with pytest.raises(CellError, match="nhiều mục"):
        index("trung")
    with pytest.raises(CellError, match="không có trong danh mục"):
        index("Sao Hỏa")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("001180000123", "001180000123"),
        (" 001 180 000 123 ", "001180000123"),
        (1180000123.0, "001180000123"),  # Excel dropped two leading zeros
        (79123456789.0, "079123456789"),
        ("79123456789", "079123456789"),  # a CSV saved from a number column
        ("1180000123.0", "001180000123"),
    ],
)
def test_national_id_restored_when_unambiguous(value, expected):
    assert parsing.national_id(value) == expected


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("1.18E+11", "số mũ"),
        (118000000000.0, "làm tròn"),
        (12345.0, "5 chữ số"),
        ("01180000123", "11 chữ số"),  # a digit lost in the middle: not guessable
        ("0011800001234", "13 chữ số"),
        ("00118000012A", "chữ số"),
        (99123456789.0, "11 chữ số"),  # 099... is no province code
    ],
)
def test_national_id_refused_when_ambiguous(value, reason):
    with pytest.raises(CellError) as caught:
        parsing.national_id(value)
    assert reason in caught.value.message


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("<b>Nguyễn Văn A</b>", "HTML"),
        ("Nguyễn <script>alert(1)</script>", "HTML"),
        ('=HYPERLINK("http://x")', "“=”"),
        ("+Nguyễn", "“+”"),
        ("-Nguyễn", "“-”"),
        ("@SUM(A1)", "“@”"),
    ],
)
def test_names_with_html_or_formula_prefix_are_refused(value, reason):
    with pytest.raises(CellError) as caught:
        parsing.person_name(value)
    assert reason in caught.value.message


def test_names_keep_their_letters_and_lose_outer_spaces():
    assert parsing.person_name("  Đặng Thị Hương ") == "Đặng Thị Hương"
    # Decomposed input (macOS) is composed.
    assert parsing.person_name("Hu\u031bo\u031b\u0300ng") == "Hường"


def test_export_apostrophe_is_taken_off_again():
    assert parsing.text("'-") == "-"
    assert parsing.text("'=1+2") == "=1+2"
    assert parsing.text("'bình thường") == "'bình thường"


def test_text_too_long_is_refused_with_its_length():
    with pytest.raises(CellError, match="tối đa 5"):
        parsing.text("abcdefg", max_length=5, label="Mã")


def test_memoised_converter_repeats_answers_and_refusals():
    calls = []

    def convert(value):
        calls.append(value)
        if value == "bad":
            raise CellError("no")
        return value.upper()

    cached = parsing.memoised(convert)
    assert [cached("a"), cached("a")] == ["A", "A"]
    for _ in range(2):
        with pytest.raises(CellError, match="no"):
            cached("bad")
    assert calls == ["a", "bad"]
    # 1, 1.0 and True are told apart.
    typed = parsing.memoised(lambda v: type(v).__name__)
    assert [typed(1), typed(1.0), typed(True)] == ["int", "float", "bool"]
