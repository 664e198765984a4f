"""Personnel statistics (reports/statistics.py) against the hand-built dataset of
tests/reports/statistics_data.py, whose figures are worked out here on paper.

Who is in the Sở Nội vụ subtree (SNV, SNV-CC), read from the dated histories:
  D1 = 01/01/2018: P1 (SNV-CC), P2 (SNV), P3 (SNV-CC), P6 (SNV-CC)        → 4
     (P4 not yet recruited; P5 at SYT)
  D2 = 01/01/2024: P1, P4 (SNV), P6                                        → 3
     (P2 left 01/03/2020; P3 at SYT since 01/01/2020)
The whole province (T01): D1 P1 P2 P3 P5 P6 → 5; D2 P1 P3 P4 P5 P6 → 5.

SNV at D1 (denominator 4; shares count/4, two decimals):
  kind: công chức P1 P2 P6 = 3 (75.00) · viên chức P3 = 1 (25.00)
  women: P1 = 1 (25.00) · minority: P2 = 1 (25.00)
  Party by D1: P1 (2015), P2 (1985) = 2 (50.00); P6 joined 2019: not yet
  age on 01/01/2018: P1 27 (≤30) · P2 57 (56-60) · P3 32 (31-35) · P6 52 (51-55);
      mean (27 + 57 + 32 + 52) / 4 = 42.0
  degree: P1's thạc sĩ ended 30/09/2021, after D1, so P1 counts with the record
      ended by D1 (Cử nhân → đại học); P2, P3 đại học; P6 trung cấp:
      below college 1 (25.00) · university 3 (75.00) · university or higher 3
  LLCT: P1 trung cấp (record 2016) · P2 cao cấp · P3 none · P6 none (his trung cấp
      record ended 31/12/2020): none 2 (50.00) · trung cấp 1 · cao cấp 1
  QLNN: chuyên viên P1 P3 = 2 · chuyên viên chính P2 = 1 · cán sự P6 = 1
  grade: P1 01.003 → cv 1 · P2 01.002 → cvc 1 · P6 01.004 → cán sự 1 · P3 none 1
  evaluation 2017 (the year before D1): tốt P1 · hoàn thành P2 · không hoàn thành
      P6 · not rated P3 → 1 each
  retiring within 12 months of D1 (to 01/01/2019): nobody; within 27 months (to
      01/04/2020): P2 (retirement date 29/02/2020) → 1

SNV at D2 (denominator 3):
  kind: công chức P1 P6 = 2 (66.67) · hợp đồng 68 P4 = 1 (33.33)
  women P1 P4 = 2 (66.67) · minority P4 = 1 (33.33) · Party P1 P6 = 2 (66.67)
  age on 01/01/2024: P1 33 (31-35) · P4 25 (≤30) · P6 58 (56-60);
      mean (33 + 25 + 58) / 3 = 38.67 → 38.7
  degree: P1 thạc sĩ (ended 2021) · P4 cao đẳng · P6 trung cấp:
      master 1 · college 1 · below college 1 · university or higher 1 (33.33)
  LLCT: trung cấp P1 P6 = 2 (66.67) · none P4 = 1 (33.33)
  grade: P1 01.002 from 01/06/2020 → cvc 1 · P6 cán sự 1 · P4 none 1
  evaluation 2023: xuất sắc P1 · hoàn thành P6 · not rated P4

Comparison SNV D1 → D2: women 25.00 → 66.67 (+41.67 points); university or higher
75.00 → 33.33 (−41.67); headcount 4 → 3.

The province (admin) at D1 / D2 (denominator 5): Phó Giáo sư 0 / 1 (P5, 2019:
20.00); chuyên viên cao cấp 1 (P5) / 1; women 1 (20.00) / 2 (40.00); SYT alone:
D1 P5 = 1, D2 P3 P5 = 2.

Scope: the clerk's scope is SNV. For the clerk a person is visible while their
current unit is in scope (selectors.person_list), so P3 (now at SYT) is not
counted in the clerk's D1 figures: 3 (P1, P2, P6) where the administrator sees 4.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from reports import statistics
from reports.statistics import FIGURES, FIGURES_BY_KEY, compare, figure_people
from tests import factories
from tests.reports import statistics_data
from tests.reports.statistics_data import D1, D2, evaluation, salary, training

dataset = statistics_data.dataset  # the fixture

pytestmark = pytest.mark.django_db


def stats(user, unit, on, **options):
    return statistics.personnel_statistics(user=user, unit=unit, on=on, **options)


def counts(result, *keys):
    return [result[key].count for key in keys]


def names(user, unit, on, key, **options):
    return sorted(
        p.full_name
        for p in figure_people(user=user, unit=unit, on=on, key=key, **options)
    )


def test_share_is_rounded_half_up_to_two_decimals():
    assert statistics.share(2, 3) == Decimal("66.67")
    assert statistics.share(1, 3) == Decimal("33.33")
    assert statistics.share(1, 8) == Decimal("12.50")
    assert statistics.share(1, 800) == Decimal("0.13")  # 0.125 → 0.13 (half up)
    assert statistics.share(0, 0) is None


def test_keys_are_unique_and_stable():
    keys = [d.key for d in FIGURES]
    assert len(keys) == len(set(keys))
    assert "degree:university_plus" in FIGURES_BY_KEY
    assert "grade:cvc" in FIGURES_BY_KEY


def test_snv_at_the_first_date(dataset, tree, personas):
    result = stats(personas["admin"], tree["home"], D1)
    assert result.headcount == 4
    assert counts(result, "kind:cong_chuc", "kind:vien_chuc", "kind:hop_dong_68") == [
        3,
        1,
        0,
    ]
    assert result["kind:cong_chuc"].share == Decimal("75.00")
    assert result["gender:female"].count == 1
    assert result["gender:female"].denominator == 4
    assert result["gender:female"].share == Decimal("25.00")
    assert result["ethnic:minority"].count == 1
    assert result["party:member"].count == 2
    assert result["party:member"].share == Decimal("50.00")
    assert counts(
        result,
        "age:le30",
        "age:31_35",
        "age:36_40",
        "age:41_45",
        "age:46_50",
        "age:51_55",
        "age:56_60",
        "age:gt60",
    ) == [1, 1, 0, 0, 0, 1, 1, 0]
    assert result.mean_age == Decimal("42.0")
    assert counts(
        result,
        "degree:below_college",
        "degree:college",
        "degree:university",
        "degree:master",
        "degree:doctorate",
        "degree:university_plus",
    ) == [1, 0, 3, 0, 0, 3]
    assert result["degree:university_plus"].share == Decimal("75.00")
    assert counts(result, "llct:none", "llct:trung_cap", "llct:cao_cap") == [2, 1, 1]
    assert counts(
        result,
        "qlnn:chuyen_vien_cao_cap",
        "qlnn:chuyen_vien_chinh",
        "qlnn:chuyen_vien",
        "qlnn:can_su",
        "qlnn:none",
    ) == [0, 1, 2, 1, 0]
    assert counts(
        result, "grade:cvcc", "grade:cvc", "grade:cv", "grade:cansu", "grade:none"
    ) == [0, 1, 1, 1, 1]
    assert result.evaluation_year == 2017
    assert counts(
        result,
        "evaluation:xuat_sac",
        "evaluation:tot",
        "evaluation:hoan_thanh",
        "evaluation:khong_hoan_thanh",
        "evaluation:none",
    ) == [0, 1, 1, 1, 1]
    assert result["retiring:within"].count == 0
    assert counts(result, "title:gs", "title:pgs", "title:none") == [0, 0, 4]


def test_retiring_within_a_longer_period(dataset, tree, personas):
    assert dataset["p2"].retirement_date == dt.date(2020, 2, 29)
    result = stats(personas["admin"], tree["home"], D1, retiring_months=27)
    assert result.retiring_until == dt.date(2020, 4, 1)
    assert result["retiring:within"].count == 1
    assert names(
        personas["admin"], tree["home"], D1, "retiring:within", retiring_months=27
    ) == ["Hoàng Văn Bình"]


def test_snv_at_the_second_date(dataset, tree, personas):
    result = stats(personas["admin"], tree["home"], D2)
    assert result.headcount == 3
    assert counts(result, "kind:cong_chuc", "kind:hop_dong_68") == [2, 1]
    assert result["kind:cong_chuc"].share == Decimal("66.67")
    assert result["kind:hop_dong_68"].share == Decimal("33.33")
    assert result["gender:female"].count == 2
    assert result["ethnic:minority"].count == 1
    assert result["party:member"].count == 2
    assert counts(result, "age:le30", "age:31_35", "age:56_60") == [1, 1, 1]
    assert result.mean_age == Decimal("38.7")
    assert counts(
        result,
        "degree:below_college",
        "degree:college",
        "degree:university",
        "degree:master",
        "degree:university_plus",
    ) == [1, 1, 0, 1, 1]
    assert result["degree:university_plus"].share == Decimal("33.33")
    assert counts(result, "llct:none", "llct:trung_cap", "llct:cao_cap") == [1, 2, 0]
    assert counts(result, "grade:cvc", "grade:cv", "grade:cansu", "grade:none") == [
        1,
        0,
        1,
        1,
    ]
    assert result.evaluation_year == 2023
    assert counts(
        result, "evaluation:xuat_sac", "evaluation:hoan_thanh", "evaluation:none"
    ) == [1, 1, 1]


@pytest.mark.parametrize("on", [D1, D2, dt.date(2026, 6, 30)])
def test_each_breakdown_adds_up_to_the_headcount(dataset, tree, personas, on):
    for unit in (None, tree["home"], tree["other"]):
        result = stats(personas["admin"], unit, on)
        for section in result.sections:
            if section.key == "retiring":
                continue
            assert section.total == result.headcount, (unit, section.key)


def test_province_at_both_dates(dataset, tree, personas):
    first = stats(personas["admin"], None, D1)
    second = stats(personas["admin"], tree["province"], D2)
    assert first.headcount == 5 and second.headcount == 5
    assert counts(first, "title:pgs", "grade:cvcc", "gender:female") == [0, 1, 1]
    assert counts(second, "title:pgs", "grade:cvcc", "gender:female") == [1, 1, 2]
    assert second["title:pgs"].share == Decimal("20.00")
    assert second["gender:female"].share == Decimal("40.00")
    assert stats(personas["admin"], tree["other"], D1).headcount == 1
    assert stats(personas["admin"], tree["other"], D2).headcount == 2


def test_comparison_gives_both_dates_and_the_change_in_shares(dataset, tree, personas):
    comparison = compare(user=personas["admin"], unit=tree["home"], first=D1, second=D2)
    assert comparison.first.headcount == 4
    assert comparison.second.headcount == 3
    women = comparison.change("gender:female")
    assert (women.first.share, women.second.share) == (
        Decimal("25.00"),
        Decimal("66.67"),
    )
    assert women.points == Decimal("41.67")
    assert comparison.change("degree:university_plus").points == Decimal("-41.67")
    assert comparison.change("headcount").count_change == -1
    keys = [change.key for _, _, changes in comparison.sections for change in changes]
    assert "grade:cvc" in keys


@pytest.mark.parametrize(
    ("on", "key", "expected"),
    [
        (
            D1,
            "headcount",
            ["Hoàng Văn Bình", "Lê Thị An", "Phạm Văn Cường", "Vũ Văn Phúc"],
        ),
        (D2, "headcount", ["Lê Thị An", "Vũ Văn Phúc", "Đỗ Thị Dung"]),
        (D1, "degree:university", ["Hoàng Văn Bình", "Lê Thị An", "Phạm Văn Cường"]),
        (D2, "degree:master", ["Lê Thị An"]),
        (D1, "grade:cv", ["Lê Thị An"]),
        (D2, "grade:cvc", ["Lê Thị An"]),
        (D1, "llct:none", ["Phạm Văn Cường", "Vũ Văn Phúc"]),
        (D2, "llct:trung_cap", ["Lê Thị An", "Vũ Văn Phúc"]),
        (D1, "party:member", ["Hoàng Văn Bình", "Lê Thị An"]),
        (D2, "party:member", ["Lê Thị An", "Vũ Văn Phúc"]),
        (D1, "evaluation:none", ["Phạm Văn Cường"]),
        (D2, "age:le30", ["Đỗ Thị Dung"]),
        (D1, "ethnic:minority", ["Hoàng Văn Bình"]),
    ],
)
def test_drill_down_lists_exactly_the_people_counted(
    dataset, tree, personas, on, key, expected
):
    result = stats(personas["admin"], tree["home"], on)
    listed = names(personas["admin"], tree["home"], on, key)
    assert sorted(listed) == sorted(expected)
    assert result[key].count == len(listed)


@pytest.mark.parametrize("on", [D1, D2])
def test_every_drill_down_has_its_count(dataset, tree, personas, on):
    user = personas["admin"]
    result = stats(user, tree["home"], on)
    for definition in FIGURES:
        people = figure_people(user=user, unit=tree["home"], on=on, key=definition.key)
        assert people.count() == result[definition.key].count, definition.key


def test_unknown_key_is_a_key_error(dataset, tree, personas):
    with pytest.raises(KeyError):
        figure_people(user=personas["admin"], unit=None, on=D1, key="degree:nope")


def test_a_subtree_sees_only_its_people(dataset, tree, personas):
    clerk = personas["clerk"]
    # The clerk's scope is SNV: P3, now at SYT, is no longer theirs to see.
    assert stats(clerk, None, D1).headcount == 3
    assert names(clerk, None, D1, "headcount") == [
        "Hoàng Văn Bình",
        "Lê Thị An",
        "Vũ Văn Phúc",
    ]
    assert stats(clerk, tree["office"], D2).headcount == 2  # P1, P6
    outsider = personas["outsider"]
    # SYT's own: P5 at D1; P3 joined SYT in 2020.
    assert names(outsider, None, D1, "headcount") == ["Trịnh Văn Em"]
    assert names(outsider, None, D2, "headcount") == ["Phạm Văn Cường", "Trịnh Văn Em"]


def test_a_unit_outside_the_scope_is_404(dataset, tree, personas):
    with pytest.raises(Http404):
        stats(personas["clerk"], tree["other"], D1)
    with pytest.raises(Http404):
        figure_people(
            user=personas["clerk"], unit=tree["province"], on=D1, key="headcount"
        )
    # An auditor reads the logs, not the people: refused by the engine itself.
    with pytest.raises(PermissionDenied):
        stats(personas["auditor"], None, D1)


def test_a_level_from_a_course_of_the_training_app_counts_from_its_end(tree, personas):
    """A training record linked to an enrolment takes the level its course grants,
    whatever its qualification text says."""
    from training.models import Cohort, CourseType, Enrolment, EnrolmentStatus
    from training.reference_loader import load_course_types

    if not CourseType.objects.exists():
        load_course_types()
    admin = personas["admin"]
    person = factories.person(
        full_name="Ngô Văn Học",
        unit=tree["office"],
        start=dt.date(2010, 1, 1),
        by=admin,
        recruited_on=dt.date(2010, 1, 1),
        political_theory=statistics.PoliticalTheoryLevel.objects.get(code="cao_cap"),
    )
    record = training(
        person,
        category="llct",
        qualification="Chứng chỉ học tập (số 12)",
        end=dt.date(2022, 6, 30),
        by=admin,
    )
    course = CourseType.objects.get(grants_political_theory__code="cao_cap")
    cohort = Cohort.objects.create(
        name="Cao cấp K1",
        course_type=course,
        mode="tap_trung",
        institution="Học viện",
        organising_unit=tree["province"],
        start=dt.date(2021, 7, 1),
        end=dt.date(2022, 6, 30),
        capacity=10,
        created_by=admin,
    )
    Enrolment.objects.create(
        cohort=cohort,
        person=person,
        nominating_unit=tree["office"],
        nominated_on=dt.date(2021, 6, 1),
        enrolled_on=dt.date(2021, 7, 1),
        finished_on=dt.date(2022, 6, 30),
        status=EnrolmentStatus.COMPLETED,
        training_record=record,
        created_by=admin,
    )
    before = stats(admin, tree["office"], dt.date(2022, 1, 1))
    after = stats(admin, tree["office"], dt.date(2022, 7, 1))
    assert counts(before, "llct:none", "llct:cao_cap") == [1, 0]
    assert counts(after, "llct:none", "llct:cao_cap") == [0, 1]


def _people(tree, admin, n):
    master = statistics.Degree.objects.get(code="thac_si")
    for i in range(n):
        person = factories.person(
            unit=tree["office"],
            start=dt.date(2012, 1, 1),
            by=admin,
            recruited_on=dt.date(2012, 1, 1),
            gender="F" if i % 2 else "M",
            highest_degree=master,
        )
        salary(person, code="01.003", start=dt.date(2012, 1, 1), by=admin)
        training(
            person,
            category="chuyen_mon",
            qualification="Thạc sĩ",
            end=dt.date(2019, 1, 1),
            by=admin,
        )
        evaluation(person, year=2017, code="tot", by=admin)


@pytest.mark.parametrize("n", [5, 50])
def test_query_count_does_not_grow_with_the_people(
    tree, personas, n, django_assert_max_num_queries
):
    _people(tree, personas["admin"], n)
    clerk = personas["clerk"]
    # Scope, code lists, whether the date is kept (reports/state.py), the aggregate.
    with django_assert_max_num_queries(12):
        result = stats(clerk, tree["home"], D1)
    assert result.headcount == n
    assert result["degree:below_college"].count == n  # the master's came in 2019
    with django_assert_max_num_queries(12):
        result = stats(clerk, tree["home"], D2)
    assert result["degree:master"].count == n
    with django_assert_max_num_queries(12):
        assert (
            len(list(figure_people(user=clerk, unit=None, on=D2, key="grade:cv"))) == n
        )
