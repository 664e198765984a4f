import datetime as dt

import pytest

from cadre_registry.models import Person
from cadre_registry.models.folding import fold
from cadre_registry.search import search_condition, search_words
from tests import factories


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Nguyễn Văn Thắng", "nguyen van thang"),
        ("ĐẶNG THỊ HƯƠNG", "dang thi huong"),
        ("  Trịnh   Đình  Ước ", "trinh dinh uoc"),
        ("Hồ Ngọc Hà", "ho ngoc ha"),
    ],
)
def test_fold(text, folded):
    assert fold(text) == folded


def test_database_folds_the_same_way_as_python(tree):
    names = ["Nguyễn Văn Thắng", "ĐẶNG THỊ HƯƠNG", "Lò Thị Ỷ", "Hà Quỳnh Nhữ"]
    for name in names:
        factories.person(full_name=name, unit=tree["office"])
    stored = dict(Person.objects.values_list("full_name", "name_folded"))
    assert stored == {name: fold(name) for name in names}


# Every Vietnamese letter, written out by base letter and tone (not taken from the
# fold table), so a table that misses one letter fails here.
VIETNAMESE_LETTERS = {
    "a": "aàáảãạăằắẳẵặâầấẩẫậ",
    "e": "eèéẻẽẹêềếểễệ",
    "i": "iìíỉĩị",
    "o": "oòóỏõọôồốổỗộơờớởỡợ",
    "u": "uùúủũụưừứửữự",
    "y": "yỳýỷỹỵ",
    "d": "dđ",
}


def test_every_vietnamese_letter_folds_in_python_and_in_the_database(tree):
    letters = "".join(VIETNAMESE_LETTERS.values())
    expected = "".join(base * len(v) for base, v in VIETNAMESE_LETTERS.items())
    for name in (letters, letters.upper()):
        assert fold(name) == expected
        factories.person(full_name=name, unit=tree["office"])
    assert list(Person.objects.values_list("name_folded", flat=True)) == [expected] * 2


def test_names_sort_by_given_name_first(tree):
    for name in ["Trần Văn Bình", "Nguyễn Thị An", "Lê Văn Cường"]:
        factories.person(full_name=name, unit=tree["office"])
    assert list(
        Person.objects.order_by("name_sort").values_list("full_name", flat=True)
    ) == ["Nguyễn Thị An", "Trần Văn Bình", "Lê Văn Cường"]


@pytest.fixture
def people(tree):
    names = [
        "Nguyễn Văn Thắng",
        "Nguyễn Thị Hương",
        "Đỗ Thị Hường",
        "Trần Văn Thắng",
        "Nguyễn Văn Thăng Long",
    ]
    return {
        n: factories.person(
            full_name=n, unit=tree["office"], birth_date=dt.date(1980, 1, 1)
        )
        for n in names
    }


def _find(text, allow_national_id=False):
    return set(
        Person.objects.filter(
            search_condition(text, allow_national_id=allow_national_id)
        ).values_list("full_name", flat=True)
    )


def test_unaccented_full_name_finds_the_accented_one(people):
    assert _find("nguyen van thang") == {"Nguyễn Văn Thắng", "Nguyễn Văn Thăng Long"}


def test_one_word_finds_it_anywhere_in_the_name(people):
    assert _find("huong") == {"Nguyễn Thị Hương", "Đỗ Thị Hường"}


def test_d_with_stroke_folds_to_d(people):
    assert _find("do thi") == {"Đỗ Thị Hường"}
    assert _find("Đỗ") == {"Đỗ Thị Hường"}


def test_word_order_does_not_matter(people):
    assert _find("thang tran") == {"Trần Văn Thắng"}


def test_punctuation_and_sql_are_harmless(people):
    assert _find("huong'; DROP TABLE x; --") == set()
    assert _find("h&u|o!n:g*") == set()
    assert _find("<script>") == set()
    assert _find("") == set()


def test_national_id_search_needs_permission(tree):
    factories.person(
        full_name="Lê Thị Căn", unit=tree["office"], national_id="001190001234"
    )
    assert _find("0011900", allow_national_id=True) == {"Lê Thị Căn"}
    assert _find("0011900", allow_national_id=False) == set()


def test_search_words_are_capped():
    assert len(search_words("a " * 100)) == 8


def test_search_pages_follow_name_order_without_gaps_or_repeats(tree, personas):
    from cadre_registry import selectors

    surnames = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ"]
    for i in range(62):
        factories.person(
            full_name=f"{surnames[i % 6]} Thị Hương",
            unit=tree["office"] if i % 7 else tree["other"],
        )
        factories.person(full_name=f"{surnames[i % 6]} Văn Hùng", unit=tree["office"])
    factories.person(
        full_name="Hương Văn Lạ", unit=tree["office"]
    )  # "huong" as a surname
    people = selectors.person_list(user=personas["clerk"])
    expected = list(
        people.filter(search_condition("huong", allow_national_id=False))
        .order_by("name_sort", "id")
        .values_list("id", flat=True)
    )
    pages, after = [], ""
    while True:
        page = selectors.person_page(
            people=people, words=["huong"], after=after, size=20
        )
        pages.append(page)
        if not page.next_cursor:
            break
        after = page.next_cursor
    seen = [p.pk for page in pages for p in page.rows]
    assert seen == expected
    assert (
        len(seen) == 62 - 9 + 1
    )  # the 9 in the other unit are out of the clerk's scope
    back = selectors.person_page(
        people=people, words=["huong"], before=pages[2].prev_cursor, size=20
    )
    assert [p.pk for p in back.rows] == [p.pk for p in pages[1].rows]


def test_multi_word_search_in_any_order(tree, personas):
    from cadre_registry import selectors

    for name in [
        "Nguyễn Văn Thắng",
        "Trần Văn Thắng",
        "Nguyễn Thị Thắm",
        "Nguyễn Văn An",
    ]:
        factories.person(full_name=name, unit=tree["office"])
    people = selectors.person_list(user=personas["admin"])
    page = selectors.person_page(people=people, words=["thang", "nguyen"])
    assert [p.full_name for p in page.rows] == ["Nguyễn Văn Thắng"]
    page = selectors.person_page(people=people, words=["nguyen", "th"])
    assert [p.full_name for p in page.rows] == ["Nguyễn Thị Thắm", "Nguyễn Văn Thắng"]


def test_word_index_follows_renames_and_deletes(tree):
    from cadre_registry.models import PersonWord

    person = factories.person(full_name="Đinh Văn Cũ", unit=tree["office"])
    assert set(
        PersonWord.objects.filter(person=person).values_list("word", flat=True)
    ) == {"dinh", "van", "cu"}
    Person.objects.filter(pk=person.pk).update(
        full_name="Đinh Thị Mới", other_names="Bé"
    )
    assert set(
        PersonWord.objects.filter(person=person).values_list("word", flat=True)
    ) == {"dinh", "thi", "moi", "be"}
    person_id = person.pk
    Person.objects.filter(pk=person_id).delete()
    assert not PersonWord.objects.filter(person_id=person_id).exists()


def _all_pages(selectors, people, words, size):
    pages, after = [], ""
    while True:
        page = selectors.person_page(people=people, words=words, after=after, size=size)
        pages.append(page)
        if not page.next_cursor:
            return pages
        after = page.next_cursor


NAMES_FOR_PREFIXES = [
    "Nguyễn Văn Thắng",
    "Trần Thanh Hà",
    "Lê Thị Thanh",
    "Phạm Thân",
    "Thân Văn Thành",  # "than" as a surname and "thanh" in the same name
    "Nguyễn Văn Thao",
    "Đỗ Văn Lâm",
]


@pytest.mark.parametrize("max_words", [16, 1], ids=["one-branch-per-word", "sorted"])
def test_prefix_search_pages_merge_every_word_it_starts(
    tree, personas, monkeypatch, max_words
):
    """'than' starts thang, thanh, than, thao is not: pages over the merged words
    (and, with max_words=1, over the sorted fallback) follow name order with no
    person twice, and the count agrees with the full-text condition."""
    from cadre_registry import selectors

    monkeypatch.setattr(selectors, "MAX_PREFIX_WORDS", max_words)
    for _ in range(4):
        for name in NAMES_FOR_PREFIXES:
            factories.person(full_name=name, unit=tree["office"])
    people = selectors.person_list(user=personas["admin"])
    for words in (["than"], ["van", "th"], ["nguyen", "van", "tha"]):
        searched = people.filter(
            search_condition(" ".join(words), allow_national_id=False)
        )
        expected = list(
            searched.order_by("name_sort", "id").values_list("id", flat=True)
        )
        pages = _all_pages(selectors, people, words, size=3)
        assert [p.pk for page in pages for p in page.rows] == expected, words
        assert selectors.search_count(people=people, words=words, cap=1000) == (
            len(expected),
            False,
        )
        assert selectors.search_count(people=people, words=words, cap=2) == (2, True)
    # Thắng, Thanh (twice), Thân (twice, one name): five names, four times each.
    assert len(people.filter(search_condition("than", allow_national_id=False))) == 20


def test_search_finds_other_names_and_apostrophe_names(tree, personas):
    from cadre_registry import selectors

    factories.person(full_name="H'Hen Niê", unit=tree["office"])
    factories.person(full_name="Lò Văn Pọm", other_names="Cả Pọm", unit=tree["office"])
    people = selectors.person_list(user=personas["admin"])

    def names(*words):
        return [
            p.full_name
            for p in selectors.person_page(people=people, words=list(words)).rows
        ]

    assert names("hen") == ["H'Hen Niê"]
    assert names("nie", "h") == ["H'Hen Niê"]
    assert names("ca", "pom") == ["Lò Văn Pọm"]
    assert names("lo", "c") == ["Lò Văn Pọm"]
    assert selectors.search_count(people=people, words=["ca", "lo"], cap=10) == (
        1,
        False,
    )


def test_search_respects_scope_and_filters(tree, personas):
    from cadre_registry import selectors

    factories.person(full_name="Nguyễn Thị Hương", unit=tree["office"])
    factories.person(full_name="Nguyễn Thị Hường", unit=tree["other"])
    gone = factories.person(full_name="Trần Thị Hương", unit=tree["office"])
    Person.objects.filter(pk=gone.pk).update(left_on=dt.date(2020, 1, 1))
    people = selectors.person_list(user=personas["clerk"]).filter(left_on__isnull=True)
    page = selectors.person_page(people=people, words=["huong"])
    assert [p.full_name for p in page.rows] == ["Nguyễn Thị Hương"]
    assert selectors.search_count(people=people, words=["huong"], cap=10) == (1, False)


def test_search_planner_settings_do_not_outlive_the_search(tree, personas):
    from django.db import connection

    from cadre_registry import selectors

    people = selectors.person_list(user=personas["admin"])
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        before = cursor.fetchone()[0]
        selectors.search_count(people=people, words=["huong"], cap=10)
        selectors.person_page(people=people, words=["huong"])
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone()[0] == before
