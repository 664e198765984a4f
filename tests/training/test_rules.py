"""Table tests of training/rules.py (issue 4 rules; DOMAIN.md §8)."""

from datetime import date

import pytest

from training import rules
from training.rules import Course, Nominee, Period

D = date


@pytest.mark.parametrize(
    ("old", "new", "path"),
    [
        ("nominated", "nominated", []),
        ("nominated", "enrolled", ["enrolled"]),
        ("nominated", "withdrawn", ["withdrawn"]),
        ("nominated", "completed", ["enrolled", "completed"]),
        ("nominated", "failed", ["enrolled", "failed"]),
        ("enrolled", "completed", ["completed"]),
        ("enrolled", "failed", ["failed"]),
        ("enrolled", "withdrawn", ["withdrawn"]),
        ("enrolled", "nominated", None),
        ("completed", "failed", None),
        ("completed", "enrolled", None),
        ("failed", "completed", None),
        ("withdrawn", "enrolled", None),
        ("withdrawn", "completed", None),
        ("nominated", "bogus", None),
    ],
)
def test_status_path(old, new, path):
    assert rules.status_path(old, new) == path


@pytest.mark.parametrize(
    ("capacity", "taken", "adding", "blocked"),
    [
        (10, 0, 10, False),
        (10, 7, 3, False),
        (10, 7, 4, True),
        (10, 10, 1, True),
        (10, 10, 0, False),
        (1, 0, 1, False),
        (1, 0, 2, True),
        (30, 31, 1, True),  # already over (capacity lowered): nobody more
    ],
)
def test_capacity_cannot_be_exceeded(capacity, taken, adding, blocked):
    error = rules.capacity_error(capacity=capacity, taken=taken, adding=adding)
    assert (error is not None) == blocked
    if blocked:
        assert f"tối đa {capacity}" in error


def test_seats_left_is_never_negative():
    assert rules.seats_left(capacity=5, taken=7) == 0
    assert rules.seats_left(capacity=5, taken=2) == 3


FT = Period(D(2026, 3, 1), D(2026, 6, 30), full_time=True, name="A")
PT = Period(D(2026, 3, 1), D(2026, 6, 30), full_time=False, name="B")


@pytest.mark.parametrize(
    ("new", "existing", "clash"),
    [
        # full-time beside full-time, overlapping by one day at either end
        (Period(D(2026, 6, 30), D(2026, 9, 1), True), [FT], "A"),
        (Period(D(2026, 1, 1), D(2026, 3, 1), True), [FT], "A"),
        (Period(D(2026, 4, 1), D(2026, 4, 10), True), [FT], "A"),  # inside
        (Period(D(2026, 1, 1), D(2026, 12, 31), True), [FT], "A"),  # around
        # touching is not overlapping
        (Period(D(2026, 7, 1), D(2026, 9, 1), True), [FT], None),
        (Period(D(2026, 1, 1), D(2026, 2, 28), True), [FT], None),
        # part-time on either side never clashes
        (Period(D(2026, 4, 1), D(2026, 5, 1), False), [FT], None),
        (Period(D(2026, 4, 1), D(2026, 5, 1), True), [PT], None),
        (Period(D(2026, 4, 1), D(2026, 5, 1), True), [PT, FT], "A"),
        (Period(D(2026, 4, 1), D(2026, 5, 1), True), [], None),
    ],
)
def test_no_two_overlapping_full_time_classes(new, existing, clash):
    found = rules.full_time_clash(new=new, existing=existing)
    assert (found.name if found else None) == clash


START, END = D(2026, 3, 1), D(2026, 6, 30)


@pytest.mark.parametrize(
    ("status", "finished_on", "ok"),
    [
        ("completed", D(2026, 6, 30), True),
        ("completed", D(2026, 3, 1), True),
        ("completed", D(2026, 7, 1), False),
        ("completed", D(2026, 2, 28), False),
        ("completed", None, False),
        ("failed", D(2026, 6, 1), True),
        ("failed", D(2026, 7, 15), False),
        ("withdrawn", D(2026, 1, 15), True),  # before the class began
        ("withdrawn", D(2026, 7, 1), False),
        ("enrolled", None, True),
        ("nominated", None, True),
    ],
)
def test_completion_date_inside_class_dates(status, finished_on, ok):
    error = rules.finished_on_error(
        status=status, finished_on=finished_on, start=START, end=END
    )
    assert (error is None) == ok


CAO_CAP = Course(
    name="Cao cấp LLCT",
    target="llct_cao_cap",
    grants_list="political_theory",
    grants_rank=3,
    grants_name="Cao cấp",
)
TRUNG_CAP = Course(
    name="Trung cấp LLCT",
    target="llct_trung_cap",
    grants_list="political_theory",
    grants_rank=2,
    grants_name="Trung cấp",
)
SO_CAP = Course(
    name="Sơ cấp", target="llct_so_cap", grants_list="political_theory", grants_rank=1
)
QLNN_CVC = Course(
    name="QLNN CVC",
    target="qlnn_chuyen_vien_chinh",
    grants_list="state_management",
    grants_rank=3,
    grants_name="Chuyên viên chính",
)
THAC_SI = Course(
    name="Thạc sĩ", grants_list="degree", grants_rank=5, grants_name="Thạc sĩ"
)
TIN_HOC = Course(name="Tin học")


@pytest.mark.parametrize(
    ("course", "nominee", "holds", "outside"),
    [
        # cao cấp: ≥4 years chuyên viên chính, or cvcc, or a leader (QĐ 57)
        (CAO_CAP, Nominee(grade_family="cvc", years_in_grade=4), False, False),
        (CAO_CAP, Nominee(grade_family="cvc", years_in_grade=3), False, True),
        (CAO_CAP, Nominee(grade_family="cvc", years_in_grade=None), False, True),
        (CAO_CAP, Nominee(grade_family="cv", years_in_grade=10), False, True),
        (CAO_CAP, Nominee(grade_family="cvcc"), False, False),
        (CAO_CAP, Nominee(grade_family="cv", is_leader=True), False, False),
        (CAO_CAP, Nominee(political_theory_rank=2, is_leader=True), False, False),
        (CAO_CAP, Nominee(political_theory_rank=3, is_leader=True), True, False),
        (CAO_CAP, Nominee(political_theory_rank=4, is_leader=True), True, False),
        # trung cấp: holders of leading posts
        (TRUNG_CAP, Nominee(is_leader=True), False, False),
        (TRUNG_CAP, Nominee(is_leader=False), False, True),
        (TRUNG_CAP, Nominee(is_leader=False, political_theory_rank=3), True, True),
        # sơ cấp: Party members
        (SO_CAP, Nominee(is_party_member=True), False, False),
        (SO_CAP, Nominee(is_party_member=False), False, True),
        # QLNN by grade
        (QLNN_CVC, Nominee(grade_family="cv"), False, False),
        (QLNN_CVC, Nominee(grade_family="cvc", state_management_rank=3), True, False),
        (QLNN_CVC, Nominee(grade_family="cansu"), False, True),
        (QLNN_CVC, Nominee(grade_family=""), False, True),
        # degrees: only "already holds"
        (THAC_SI, Nominee(degree_rank=4), False, False),
        (THAC_SI, Nominee(degree_rank=5), True, False),
        (THAC_SI, Nominee(degree_rank=6), True, False),
        # no grant, no target: never a warning
        (TIN_HOC, Nominee(), False, False),
    ],
)
def test_nomination_warnings(course, nominee, holds, outside):
    assert (
        rules.already_holds_warning(course=course, nominee=nominee) is not None
    ) == holds
    assert (
        rules.target_group_warning(course=course, nominee=nominee) is not None
    ) == outside
    assert (
        len(rules.nomination_warnings(course=course, nominee=nominee))
        == holds + outside
    )


@pytest.mark.parametrize(
    ("done", "quota", "percent"),
    [(0, 10, 0.0), (2, 3, 66.7), (3, 3, 100.0), (4, 3, 133.3), (1, 0, None)],
)
def test_fulfilment_percent(done, quota, percent):
    assert rules.fulfilment_percent(done=done, quota=quota) == percent
