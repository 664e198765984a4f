"""Training rules as pure functions: seats, overlapping full-time classes, result
dates, the enrolment status path, and target-group warnings.

Plain values in, plain values out: no Django, no database, no "today". Blocks come
back as messages for the service to raise; warnings never block (issue 4; DOMAIN.md
§8 and the QĐ 57-QĐ/TW target groups)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

# --------------------------------------------------------------------------------------
# Enrolment status path
# --------------------------------------------------------------------------------------

NOMINATED, ENROLLED, COMPLETED, FAILED, WITHDRAWN = (
    "nominated",
    "enrolled",
    "completed",
    "failed",
    "withdrawn",
)
# Statuses that hold a seat and the learner's time: everything but a withdrawal.
ACTIVE = frozenset({NOMINATED, ENROLLED, COMPLETED, FAILED})
ENDED = frozenset({COMPLETED, FAILED, WITHDRAWN})

_NEXT = {
    NOMINATED: {ENROLLED, WITHDRAWN},
    ENROLLED: {COMPLETED, FAILED, WITHDRAWN},
    COMPLETED: set(),
    FAILED: set(),
    WITHDRAWN: set(),
}


def status_path(old: str, new: str) -> list[str] | None:
    """The steps from `old` to `new` (nominated → enrolled → completed / failed /
    withdrawn; issue 4), [] when unchanged, None when the move is not allowed.

    A result recorded straight on a nominee passes through "enrolled": results are
    entered at the end of the class, when the admission is no longer in doubt."""
    if old == new:
        return []
    if new in _NEXT.get(old, ()):
        return [new]
    for middle in _NEXT.get(old, ()):
        if new in _NEXT[middle]:
            return [middle, new]
    return None


# --------------------------------------------------------------------------------------
# Seats and time
# --------------------------------------------------------------------------------------


def seats_left(*, capacity: int, taken: int) -> int:
    """Free seats of a class (never negative)."""
    return max(capacity - taken, 0)


def capacity_error(*, capacity: int, taken: int, adding: int) -> str | None:
    """A class holds at most `capacity` learners (issue 4: capacity cannot be
    exceeded); withdrawn learners free their seat."""
    if adding <= 0 or taken + adding <= capacity:
        return None
    left = seats_left(capacity=capacity, taken=taken)
    return (
        f"Lớp chỉ còn {left} chỗ (tối đa {capacity} học viên, đã có {taken}); "
        f"không thể cử thêm {adding} người."
    )


def periods_overlap(a_start: date, a_end: date, b_start: date, b_end: date) -> bool:
    """Two closed date ranges share at least one day."""
    return a_start <= b_end and b_start <= a_end


@dataclass(frozen=True)
class Period:
    """A class a person already attends: its dates, mode and name."""

    start: date
    end: date
    full_time: bool
    name: str = ""


def full_time_clash(*, new: Period, existing: Iterable[Period]) -> Period | None:
    """A person cannot attend two full-time (tập trung) classes whose dates overlap
    (issue 4; DOMAIN.md §8 modes): the first clashing class, or None. Part-time
    classes run beside work and beside each other."""
    if not new.full_time:
        return None
    for other in existing:
        if other.full_time and periods_overlap(
            new.start, new.end, other.start, other.end
        ):
            return other
    return None


def finished_on_error(
    *, status: str, finished_on: date | None, start: date, end: date
) -> str | None:
    """A completed (or failed) enrolment ends on a day inside the class's dates
    (issue 4); a withdrawal may come any day up to the end."""
    if status not in ENDED:
        return None
    if finished_on is None:
        return "Nhập ngày kết thúc học."
    if status == WITHDRAWN:
        if finished_on > end:
            return f"Ngày thôi học phải trước hoặc bằng ngày bế giảng {end:%d/%m/%Y}."
        return None
    if not start <= finished_on <= end:
        return (
            f"Ngày hoàn thành phải trong thời gian học của lớp "
            f"({start:%d/%m/%Y} – {end:%d/%m/%Y})."
        )
    return None


# --------------------------------------------------------------------------------------
# Warnings: target group and qualifications already held
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Nominee:
    """What the warnings read of a person: current levels as ranks on their lists
    (0 = none), the grade's report family (cv, cvc, cvcc, ...) and years in it."""

    political_theory_rank: int = 0
    state_management_rank: int = 0
    degree_rank: int = 0
    grade_family: str = ""
    years_in_grade: int | None = None
    is_leader: bool = False
    is_party_member: bool = False


@dataclass(frozen=True)
class Course:
    """What the warnings read of a course type."""

    name: str
    target: str = ""  # a TARGETS key, "" = no target check
    grants_list: str = ""  # "political_theory", "state_management", "degree"
    grants_rank: int = 0
    grants_name: str = ""


def already_holds_warning(*, course: Course, nominee: Nominee) -> str | None:
    """Warn when the nominee already holds the course's qualification or a higher
    one on the same list (issue 4: a warning, not a block: a refresher, or a record
    that is out of date)."""
    if not course.grants_list or course.grants_rank <= 0:
        return None
    held = getattr(nominee, f"{course.grants_list}_rank")
    if held >= course.grants_rank:
        return f"Đã có trình độ bằng hoặc cao hơn {course.grants_name}."
    return None


def _so_cap(nominee: Nominee) -> str | None:
    # QĐ 57-QĐ/TW (08/02/2022), sơ cấp: Party members, commune-level mass
    # organisations and staff. Only Party membership is on the profile.
    if not nominee.is_party_member:
        return "Chưa là đảng viên (đối tượng sơ cấp LLCT theo QĐ 57-QĐ/TW)."
    return None


def _trung_cap(nominee: Nominee) -> str | None:
    # QĐ 57-QĐ/TW, trung cấp: holders or planned holders of leading posts (commune
    # Party committee, HĐND/UBND/MTTQ chairs, deputy division heads...). A planned
    # holder cannot be seen until the planning module exists, hence a warning.
    if not nominee.is_leader:
        return (
            "Không giữ chức vụ lãnh đạo, quản lý (đối tượng trung cấp LLCT theo "
            "QĐ 57-QĐ/TW: người giữ hoặc được quy hoạch chức vụ lãnh đạo)."
        )
    return None


def _cao_cap(nominee: Nominee) -> str | None:
    # QĐ 57-QĐ/TW, cao cấp: includes cadres with ≥4 years in the chuyên viên chính
    # grade (or equivalent) in the source pool for the senior grade; leaders;
    # lecturers with ≥5 years of LLCT teaching (not on the profile).
    if nominee.is_leader or nominee.grade_family == "cvcc":
        return None
    if nominee.grade_family == "cvc" and (nominee.years_in_grade or 0) >= 4:
        return None
    return (
        "Chưa đủ 4 năm giữ ngạch chuyên viên chính và không giữ chức vụ lãnh đạo "
        "(đối tượng cao cấp LLCT theo QĐ 57-QĐ/TW)."
    )


def _grade_in(*families: str, label: str):
    # NĐ 101/2017 (amended by NĐ 89/2021): QLNN courses by grade standard are for
    # the grade and the one below it (*unconfirmed* beyond the form text, §3.1).
    def check(nominee: Nominee) -> str | None:
        if nominee.grade_family not in families:
            return f"Ngạch hiện tại không thuộc đối tượng chương trình {label}."
        return None

    return check


TARGETS = {
    "llct_so_cap": _so_cap,
    "llct_trung_cap": _trung_cap,
    "llct_cao_cap": _cao_cap,
    "qlnn_chuyen_vien": _grade_in("cansu", "cv", label="chuyên viên"),
    "qlnn_chuyen_vien_chinh": _grade_in("cv", "cvc", label="chuyên viên chính"),
    "qlnn_chuyen_vien_cao_cap": _grade_in("cvc", "cvcc", label="chuyên viên cao cấp"),
}


def target_group_warning(*, course: Course, nominee: Nominee) -> str | None:
    """Warn when the nominee is outside the course's target group (QĐ 57-QĐ/TW for
    LLCT, NĐ 101/2017 for QLNN); courses without a known target pass."""
    check = TARGETS.get(course.target)
    return check(nominee) if check else None


def nomination_warnings(*, course: Course, nominee: Nominee) -> list[str]:
    """Every warning about nominating this person to this course (none block)."""
    return [
        message
        for message in (
            already_holds_warning(course=course, nominee=nominee),
            target_group_warning(course=course, nominee=nominee),
        )
        if message
    ]


def fulfilment_percent(*, done: int, quota: int) -> float | None:
    """Plan fulfilment: enrolled or completed over the quota, as a percentage with
    one decimal (issue 4 statistics); None without a quota."""
    if quota <= 0:
        return None
    return round(100 * done / quota, 1)
