"""Planning, rotation and appointment statistics (planning/statistics.py) against a
hand-built dataset whose answers were worked out on paper; the arithmetic is
written beside each assertion.

The dataset (fixture `dataset`), reference date ON = 31/12/2023, period 2023:

Units: the shared tree (Tỉnh ủy T01 → Sở Nội vụ SNV → Phòng Công chức SNV-CC; T01 →
Sở Y tế SYT) plus Huyện ủy HU (district level) → Xã XA (commune level). The clerk
sees the SNV subtree; the outsider SYT; the administrator everything.

People (age on 31/12/2023; ethnicity; religion; degree; LLCT; title), at SNV/SNV-CC
unless said:
  a  F 10/05/1985 (38)  Kinh            –          đại học   trung cấp
  b  M 01/01/1975 (48)  Tày (minority)  Phật giáo  thạc sĩ   cao cấp    PGS
  c  F 15/06/1970 (53)  Kinh            –          tiến sĩ   cao cấp    GS
  d  M 01/03/1965 (58)  Kinh            –          đại học   cao cấp
  e  M 31/12/1983 (40 on ON exactly: ≤40 band, not young under 40)
                        Kinh            –          cao đẳng  trung cấp
  f  F 20/02/1973 (50)  Mường (minority) Không (00) đại học  cử nhân
  g  M 05/05/1990, hired 05/01/2024 (after ON)
  h  F 01/01/1980 (43) at SYT, Kinh, đại học, no LLCT

Term T = 2020-2025 of the agencies (QĐ 50: young under 40; women ≥25%, young
≥15%). Posts: P1 Giám đốc Sở (SNV), P2 Phó Giám đốc Sở (SNV), P3 Trưởng phòng
(SNV-CC); P4 Giám đốc Sở (SYT, outside the clerk's scope). Term T2 = 2026-2031 with
P5 Giám đốc Sở (SNV).

Entries of T in the clerk's scope: 7 entries of 6 people (a–f), approved 01/03/2022
unless said:
  E1 a→P3 tại chỗ · E2 b→P1 tại chỗ · E3 b→P2 tại chỗ
  E4 c→P1 nơi khác, removed 15/06/2023 over age
  E5 d→P2 tại chỗ, removed 20/09/2023 discipline
  E6 e→P3 nơi khác, removed 05/02/2024 moved (after ON: still live on ON)
  E7 f→P2 nơi khác, added in the 2023 review round (proposed 01/10/2023,
     approved 15/11/2023)
Outside the clerk's scope or after ON:
  E8 g→P1 proposed 10/01/2024, approved 20/01/2024
  E9 h→P4 tại chỗ (SYT), approved 01/03/2022
  E10 a→P5 (T2), approved 01/02/2026

Rotations (4 of 3 directions in the clerk's scope in 2023):
  R1 a SNV-CC→SNV phòng sang phòng, 01/03/2023 · R2 b SNV→HU tỉnh về huyện,
  01/04/2023 · R3 e SNV→XA tỉnh về xã, 01/05/2023 · R4 f SNV-CC→HU tỉnh về huyện,
  01/06/2023, ended 30/11/2023
  R5 h SYT→HU tỉnh về huyện, 01/07/2023 (outside the clerk's scope)
  R6 g SNV→SYT ngành sang ngành, 10/01/2024 (after ON)
  R7 c SNV→HU tỉnh về huyện, 01/06/2022 (before the period; still running on ON)

Appointments (5 of which 2 reappointments in the clerk's scope in 2023):
  A1 a bổ nhiệm SNV-CC 01/02 · A2 b bổ nhiệm lại SNV 01/03 · A3 e bổ nhiệm lại
  SNV-CC 01/04 · A4 f bổ nhiệm SNV 01/05 · A5 d bổ nhiệm SNV 01/06 · A6 c kéo dài
  SNV 01/06 · A7 d miễn nhiệm SNV 01/10
  A8 h bổ nhiệm HU 01/07 · A9 h bổ nhiệm lại XA 01/08 (outside the clerk's scope)
  A10 g bổ nhiệm SNV 15/01/2024 (after ON) · A11 b bổ nhiệm SNV 01/06/2022
  (before the period). A1–A7 are managed by the province's standing committee
  (diện BTV Tỉnh ủy), A8 and A9 by the district's (diện BTV Huyện ủy).
"""

import datetime as dt

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from cadre_registry.models import (
    Assignment,
    Degree,
    EthnicGroup,
    PoliticalTheoryLevel,
    Position,
    Religion,
)
from planning import services, statistics
from planning.models import (
    Appointment,
    Entry,
    EntryStatus,
    PlannedPost,
    ReviewRound,
    Rotation,
)
from tests import factories

D = dt.date
ON = D(2023, 12, 31)
START, END = D(2023, 1, 1), D(2023, 12, 31)
APPROVED = D(2022, 3, 1)


def _code(model, code):
    return model.objects.filter(code=code).order_by("id").first()


def _post(term, unit, code, by):
    position = _code(Position, code)
    return PlannedPost.objects.create(
        term=term, unit=unit, position=position, rank=position.rank
    )


def _entry(post, person, source="tai_cho", *, by, approved=APPROVED, **fields):
    removed = fields.get("removed_on")
    if removed:
        status = EntryStatus.REMOVED
    elif approved:
        status = EntryStatus.APPROVED
    else:
        status = EntryStatus.PROPOSED
    return Entry.objects.create(
        post=post,
        person=person,
        source=source,
        status=status,
        proposed_on=fields.pop("proposed_on", D(2022, 2, 1)),
        approved_on=approved,
        rule_version=post.term.rule_version,
        created_by=by,
        **fields,
    )


def _rotation(person, from_unit, to_unit, direction, start, *, by, end=None):
    return Rotation.objects.create(
        person=person,
        from_unit=from_unit,
        to_unit=to_unit,
        direction=direction,
        start=start,
        planned_end=start.replace(year=start.year + 3),
        actual_end=end,
        rule_version="qd65_2022",
        created_by=by,
    )


def _appointment(
    person, kind, unit, effective, *, by, code="truong_phong", level="btv_tinh"
):
    return Appointment.objects.create(
        kind=kind,
        managing_level=level,
        person=person,
        unit=unit,
        position=_code(Position, code),
        decision_date=effective,
        effective_on=effective,
        term_end=None
        if kind == "mien_nhiem"
        else effective.replace(year=effective.year + 5),
        created_by=by,
    )


HIRED = D(2015, 1, 1)


def _person(unit, gender, birth, *, by, ethnic="01", religion=None, degree, llct=None,
            title="", start=HIRED):  # fmt: skip
    return factories.person(
        unit=unit,
        gender=gender,
        birth_date=birth,
        by=by,
        start=start,
        ethnic_group=_code(EthnicGroup, ethnic),
        religion=religion and _code(Religion, religion),
        highest_degree=_code(Degree, degree),
        political_theory=llct and _code(PoliticalTheoryLevel, llct),
        academic_title=title,
    )


@pytest.fixture
def dataset(tree, personas, term_2020, term_2026):
    admin = personas["admin"]
    home, office, other = tree["home"], tree["office"], tree["other"]
    district = factories.unit(
        code="HU", name="Huyện ủy Thử nghiệm", kind="huyen_uy", parent=tree["province"]
    )
    commune = factories.unit(
        code="XA", name="Xã Thử nghiệm", kind="xa_phuong", parent=district
    )
    p = {
        "a": _person(office, "F", D(1985, 5, 10), by=admin, degree="dai_hoc",
                     llct="trung_cap"),
        "b": _person(home, "M", D(1975, 1, 1), by=admin, ethnic="02", religion="01",
                     degree="thac_si", llct="cao_cap", title="pgs"),
        "c": _person(home, "F", D(1970, 6, 15), by=admin, degree="tien_si",
                     llct="cao_cap", title="gs"),
        "d": _person(home, "M", D(1965, 3, 1), by=admin, degree="dai_hoc",
                     llct="cao_cap"),
        "e": _person(office, "M", D(1983, 12, 31), by=admin, degree="cao_dang",
                     llct="trung_cap"),
        "f": _person(office, "F", D(1973, 2, 20), by=admin, ethnic="04",
                     religion="00", degree="dai_hoc", llct="cu_nhan"),
        "g": _person(home, "M", D(1990, 5, 5), by=admin, degree="dai_hoc",
                     start=D(2024, 1, 5)),
        "h": _person(other, "F", D(1980, 1, 1), by=admin, degree="dai_hoc"),
    }  # fmt: skip
    t = term_2020
    posts = {
        1: _post(t, home, "giam_doc_so", admin),
        2: _post(t, home, "pho_giam_doc_so", admin),
        3: _post(t, office, "truong_phong", admin),
        4: _post(t, other, "giam_doc_so", admin),
        5: _post(term_2026, home, "giam_doc_so", admin),
    }
    review = ReviewRound.objects.create(
        term=t,
        unit=home,
        year=2023,
        status=ReviewRound.Status.APPROVED,
        proposed_on=D(2023, 10, 1),
        approved_on=D(2023, 11, 15),
        created_by=admin,
    )
    e = {
        1: _entry(posts[3], p["a"], by=admin),
        2: _entry(posts[1], p["b"], by=admin),
        3: _entry(posts[2], p["b"], by=admin),
        4: _entry(
            posts[1],
            p["c"],
            "noi_khac",
            by=admin,
            removed_on=D(2023, 6, 15),
            removal_reason="over_age",
        ),
        5: _entry(
            posts[2],
            p["d"],
            by=admin,
            removed_on=D(2023, 9, 20),
            removal_reason="discipline",
        ),
        6: _entry(
            posts[3],
            p["e"],
            "noi_khac",
            by=admin,
            removed_on=D(2024, 2, 5),
            removal_reason="moved",
        ),
        7: _entry(
            posts[2],
            p["f"],
            "noi_khac",
            by=admin,
            proposed_on=D(2023, 10, 1),
            approved=D(2023, 11, 15),
            added_in=review,
        ),
        8: _entry(
            posts[1],
            p["g"],
            by=admin,
            proposed_on=D(2024, 1, 10),
            approved=D(2024, 1, 20),
        ),
        9: _entry(posts[4], p["h"], by=admin),
        10: _entry(
            posts[5],
            p["a"],
            by=admin,
            proposed_on=D(2026, 1, 20),
            approved=D(2026, 2, 1),
        ),
    }
    r = {
        1: _rotation(p["a"], office, home, "phong_sang_phong", D(2023, 3, 1), by=admin),
        2: _rotation(p["b"], home, district, "tinh_ve_huyen", D(2023, 4, 1), by=admin),
        3: _rotation(p["e"], home, commune, "tinh_ve_xa", D(2023, 5, 1), by=admin),
        4: _rotation(
            p["f"],
            office,
            district,
            "tinh_ve_huyen",
            D(2023, 6, 1),
            by=admin,
            end=D(2023, 11, 30),
        ),
        5: _rotation(p["h"], other, district, "tinh_ve_huyen", D(2023, 7, 1), by=admin),
        6: _rotation(p["g"], home, other, "nganh_sang_nganh", D(2024, 1, 10), by=admin),
        7: _rotation(p["c"], home, district, "tinh_ve_huyen", D(2022, 6, 1), by=admin),
    }
    a = {
        1: _appointment(p["a"], "bo_nhiem", office, D(2023, 2, 1), by=admin),
        2: _appointment(p["b"], "bo_nhiem_lai", home, D(2023, 3, 1), by=admin),
        3: _appointment(p["e"], "bo_nhiem_lai", office, D(2023, 4, 1), by=admin),
        4: _appointment(p["f"], "bo_nhiem", home, D(2023, 5, 1), by=admin),
        5: _appointment(p["d"], "bo_nhiem", home, D(2023, 6, 1), by=admin),
        6: _appointment(p["c"], "keo_dai", home, D(2023, 6, 1), by=admin),
        7: _appointment(p["d"], "mien_nhiem", home, D(2023, 10, 1), by=admin),
        8: _appointment(
            p["h"], "bo_nhiem", district, D(2023, 7, 1), by=admin, level="btv_huyen"
        ),
        9: _appointment(
            p["h"], "bo_nhiem_lai", commune, D(2023, 8, 1), by=admin, level="btv_huyen"
        ),
        10: _appointment(p["g"], "bo_nhiem", home, D(2024, 1, 15), by=admin),
        11: _appointment(p["b"], "bo_nhiem", home, D(2022, 6, 1), by=admin),
    }
    units = {**tree, "district": district, "commune": commune}
    return {
        "people": p,
        "posts": posts,
        "entries": e,
        "rotations": r,
        "appointments": a,
        "units": units,
        "review": review,
    }


def _planning(user, **kwargs):
    kwargs.setdefault("start", START)
    kwargs.setdefault("end", END)
    return statistics.planning_statistics(user=user, **kwargs)


# --- Planning ------------------------------------------------------------------------


def test_planning_entries_people_and_posts(dataset, personas, term_2020):
    stats = _planning(personas["clerk"], term=term_2020)
    assert stats.on == ON  # the end of the period
    # Live on 31/12/2023: E1 a, E2 b, E3 b, E6 e (removed only in 2024), E7 f = 5
    # entries of 4 people (b twice); c and d were removed in 2023.
    assert stats.live == 5
    assert stats.people.total == 4
    assert stats.entries_per_person == 1.25  # 5 / 4
    (figures,) = stats.terms
    assert (figures.term, figures.live, figures.people) == (term_2020, 5, 4)
    # Per post (P4 at SYT is not the clerk's): P1 E2 live, E4 removed; P2 E3, E7
    # live, E5 removed; P3 E1, E6 live. E8 on P1 is proposed after ON.
    by_post = {f.post.pk: (f.live, f.pending, f.removed) for f in stats.posts}
    posts = dataset["posts"]
    assert by_post == {
        posts[1].pk: (1, 0, 1),
        posts[2].pk: (2, 0, 1),
        posts[3].pk: (2, 0, 0),
    }
    # Biểu 12B columns: Giám đốc 1 (E2), Phó Giám đốc 2 (E3, E7), phòng 2 (E1, E6);
    # the others 0; the columns add up to the 5 entries.
    totals = {key: b.total for key, b in stats.groups.items()}
    assert (totals["giam_doc"], totals["pho_giam_doc"], totals["phong"]) == (1, 2, 2)
    assert sum(totals.values()) == stats.entries.total == 5
    # Sources of the 5: tại chỗ E1, E2, E3 = 3 (60%); nơi khác E6, E7 = 2 (40%).
    assert stats.sources == {"tai_cho": 3, "noi_khac": 2}
    assert stats.source_share("tai_cho").percent == 60.0


def test_planning_removals_and_review_additions_in_the_period(
    dataset, personas, term_2020
):
    stats = _planning(personas["clerk"], term=term_2020)
    # Removed in 2023: E4 over age (15/06), E5 discipline (20/09); E6's removal
    # (05/02/2024) is after ON.
    assert stats.removals == {
        "over_age": 1,
        "discipline": 1,
        "standards": 0,
        "moved": 0,
        "died": 0,
        "other": 0,
    }
    assert stats.removed == 2
    # Added in the 2023 round: E7, approved 15/11/2023.
    assert (stats.round_additions, stats.round_proposals) == (1, 1)
    # The first half of 2023: E4 only, and no round yet.
    half = _planning(personas["clerk"], term=term_2020, end=D(2023, 6, 30))
    assert half.removed == 1 and half.removals["over_age"] == 1
    assert half.round_additions == 0
    # As of 30/06/2023 E5 and E7 are not yet removed or added: live E1, E2, E3, E5,
    # E6 = 5 (d still in, f not yet), people a, b, d, e = 4.
    assert (half.live, half.people.total) == (5, 4)


def test_planning_composition_of_people_counted_once(dataset, personas, term_2020):
    stats = _planning(personas["clerk"], term=term_2020)
    people = stats.people
    # a, b, e, f (4 people):
    # women a, f = 2 (50%); minority b (Tày), f (Mường) = 2; religion b only (f's
    # is "Không") = 1; young under 40 (QĐ 50): a (38) = 1 of 4 = 25% (e is 40 on
    # ON); ≤40 a, e = 2; 41–50 b (48), f (50) = 2; >50 none; cao đẳng e; đại học
    # a, f; trên đại học b; PGS b; GS none (c removed); LLCT trung cấp a, e; cao
    # cấp-cử nhân b, f.
    assert {key: people.counts[key] for key in statistics.BREAKDOWN_KEYS} == {
        "women": 2,
        "minority": 2,
        "religion": 1,
        "young": 1,
        "age_40": 2,
        "age_41_50": 2,
        "age_over_50": 0,
        "college": 1,
        "university": 2,
        "postgraduate": 1,
        "pgs": 1,
        "gs": 0,
        "llct_trung_cap": 2,
        "llct_cao_cap": 2,
    }
    assert people.share("women") == statistics.Share(2, 4)
    assert people.share("women").percent == 50.0
    assert people.share("young") == statistics.Share(1, 4)
    # The age bands add up to the people.
    assert sum(people.counts[k] for k in ("age_40", "age_41_50", "age_over_50")) == 4
    # In entries (5: a, b, b, e, f) b counts twice: minority 3, PGS 2, 41–50 3.
    entries = stats.entries
    assert (entries.total, entries.counts["minority"], entries.counts["pgs"]) == (
        5,
        3,
        2,
    )
    assert entries.counts["age_41_50"] == 3
    # The Phó Giám đốc column (E3 b, E7 f): 2 entries, women 1, minority 2, cao
    # cấp-cử nhân 2, đại học 1, trên đại học 1.
    deputy = stats.groups["pho_giam_doc"]
    assert (deputy.total, deputy.counts["women"], deputy.counts["minority"]) == (
        2,
        1,
        2,
    )
    assert deputy.counts["llct_cao_cap"] == 2
    # QĐ 50 targets: women 50% ≥ 25%, young 25% ≥ 15%.
    assert [(t.key, t.share, t.met) for t in stats.targets] == [
        ("women", statistics.Share(2, 4), True),
        ("young", statistics.Share(1, 4), True),
    ]
    assert stats.young_line == 40


def test_planning_scope_a_subtree_sees_only_its_figures(dataset, personas, term_2020):
    units = dataset["units"]
    # The administrator sees E9 (h at SYT) too: 6 entries of 5 people.
    province = _planning(personas["admin"], term=term_2020)
    assert (province.live, province.people.total) == (6, 5)
    assert province.groups["giam_doc"].total == 2  # E2, E9
    # Phòng Công chức alone: E1 a, E6 e (P3) = 2 entries of 2 people; no removal.
    office = _planning(personas["clerk"], term=term_2020, unit=units["office"])
    assert (office.live, office.people.total, office.removed) == (2, 2, 0)
    assert [f.post.pk for f in office.posts] == [dataset["posts"][3].pk]
    # Sở Y tế (the outsider's) sees only h: women 1/1, young 0/1, below QĐ 50's 15%.
    health = _planning(personas["outsider"], term=term_2020)
    assert (health.live, health.people.total) == (1, 1)
    young = next(t for t in health.targets if t.key == "young")
    assert (young.share, young.met) == (statistics.Share(0, 1), False)
    # A unit outside the user's scope is a 404.
    with pytest.raises(Http404):
        _planning(personas["clerk"], term=term_2020, unit=units["other"])


def test_planning_every_term(dataset, personas, term_2020, term_2026):
    stats = _planning(personas["clerk"])
    # Both terms' posts; T2's only entry (E10) is approved in 2026: nothing live.
    by_term = {f.term: (f.live, f.people) for f in stats.terms}
    assert by_term == {term_2020: (5, 4), term_2026: (0, 0)}
    assert stats.live == 5 and stats.young_line is None and stats.targets == []
    # As of 01/03/2026 with the 2026 period: T2 has E10 (a); T's approved entries
    # stay live until removed: E1, E2, E3, E7, E8 (E6 removed 05/02/2024) = 5
    # entries of a, b, f, g.
    later = _planning(personas["clerk"], start=D(2026, 1, 1), end=D(2026, 3, 1))
    by_term = {f.term: (f.live, f.people) for f in later.terms}
    assert by_term == {term_2020: (5, 4), term_2026: (1, 1)}
    # People once across terms: a, b, f, g = 4 (a is in both).
    assert (later.live, later.people.total) == (6, 4)


def test_planning_as_of_a_date(dataset, personas, term_2020):
    clerk = personas["clerk"]
    # On 15/01/2024: E8 (g, proposed 10/01, approved 20/01) is pending, not live;
    # E6 still live. Live E1, E2, E3, E6, E7 = 5; no removal in 2024 yet.
    early = _planning(
        clerk,
        term=term_2020,
        start=D(2024, 1, 1),
        end=D(2024, 3, 31),
        on=D(2024, 1, 15),
    )
    assert (early.live, early.pending, early.removed) == (5, 1, 0)
    # On 31/03/2024: E8 live, E6 removed (moved, 05/02/2024): E1, E2, E3, E7, E8 =
    # 5 entries of a, b, f, g = 4 people; the hired-in-2024 g now counts.
    late = _planning(clerk, term=term_2020, start=D(2024, 1, 1), end=D(2024, 3, 31))
    assert (late.live, late.pending, late.people.total) == (5, 0, 4)
    assert late.removals["moved"] == 1 and late.removed == 1
    # Ages are read on the date: on 31/03/2024 e (born 31/12/1983) is 40, g is 33:
    # young under 40 = a (38), g = 2 of 4.
    assert late.people.share("young") == statistics.Share(2, 4)
    # On 01/02/2022, before any approval: E1–E6 were proposed that day (E7 only
    # in 2023): 6 pending, none live.
    before = _planning(clerk, term=term_2020, start=D(2022, 1, 1), end=D(2022, 2, 1))
    assert (before.live, before.pending) == (0, 6)


# --- Rotation ------------------------------------------------------------------------


def test_rotation_by_direction_with_breakdowns(dataset, personas):
    stats = statistics.rotation_statistics(user=personas["clerk"], start=START, end=END)
    # Started in 2023, from or to the SNV subtree: R1 phòng sang phòng, R2 and R4
    # tỉnh về huyện, R3 tỉnh về xã = 4 in 3 directions (R5 is SYT→HU, R6 is 2024,
    # R7 2022).
    totals = {d: b.total for d, b in stats.directions.items() if b.total}
    assert totals == {"phong_sang_phong": 1, "tinh_ve_huyen": 2, "tinh_ve_xa": 1}
    assert list(stats.directions) == [
        "tw_ve_tinh",
        "tinh_ve_huyen",
        "huyen_ve_tinh",
        "huyen_sang_huyen",
        "nganh_sang_nganh",
        "tinh_ve_xa",
        "huyen_ve_xa",
        "xa_ve_huyen",
        "xa_sang_xa",
        "phong_sang_phong",
    ]
    total = stats.total
    # a, b, e, f: women a, f; minority b, f; religion b; ≤40 a (38), e (40);
    # 41–50 b, f; cao đẳng e; đại học a, f; trên đại học b; LLCT trung cấp a, e;
    # cao cấp-cử nhân b, f.
    assert total.total == 4
    assert {k: total.counts[k] for k in statistics.ROTATION_KEYS} == {
        "women": 2,
        "minority": 2,
        "religion": 1,
        "age_40": 2,
        "age_41_50": 2,
        "age_over_50": 0,
        "college": 1,
        "university": 2,
        "postgraduate": 1,
        "llct_trung_cap": 2,
        "llct_cao_cap": 2,
    }
    # Tỉnh về huyện (b, f): women 1 (f), minority 2.
    down = stats.directions["tinh_ve_huyen"]
    assert (down.counts["women"], down.counts["minority"]) == (1, 2)
    # Running on 31/12/2023: R1, R2, R3 and R7 (2022); R4 ended 30/11/2023.
    assert stats.total_ongoing == 4
    assert stats.ongoing["tinh_ve_huyen"] == 2  # R2, R7


def test_rotation_scope_and_as_of(dataset, personas):
    admin = personas["admin"]
    # The province adds R5 (h, SYT → HU): tỉnh về huyện 3, total 5.
    province = statistics.rotation_statistics(user=admin, start=START, end=END)
    assert province.total.total == 5
    assert province.directions["tinh_ve_huyen"].total == 3
    # Sở Y tế's organizer: R5 only (it leaves SYT).
    health = statistics.rotation_statistics(
        user=personas["outsider"], start=START, end=END
    )
    assert health.total.total == 1
    # A 2023-2024 period as of 31/12/2023 leaves out R6 (10/01/2024).
    cut = statistics.rotation_statistics(
        user=admin, start=START, end=D(2024, 12, 31), on=ON
    )
    assert cut.total.total == 5 and cut.directions["nganh_sang_nganh"].total == 0
    full = statistics.rotation_statistics(user=admin, start=START, end=D(2024, 12, 31))
    assert full.directions["nganh_sang_nganh"].total == 1


# --- Appointments --------------------------------------------------------------------


def test_appointments_by_level(dataset, personas):
    stats = statistics.appointment_statistics(
        user=personas["clerk"], start=START, end=END
    )
    # SNV subtree, 2023: A1–A5 = 5 appointments, of which 2 reappointments (A2,
    # A3); women a (A1), f (A4) = 2; minority b (A2), f (A4) = 2; 1 extension (A6),
    # 1 dismissal (A7), no nomination. All managed by the provincial standing
    # committee.
    provincial = stats.levels["btv_tinh"]
    assert provincial.values() == [5, 2, 2, 2, 1, 1, 0]
    assert stats.levels["btv_huyen"].values() == [0] * 7
    assert stats.levels["tw"].values() == [0] * 7
    assert stats.total.values() == [5, 2, 2, 2, 1, 1, 0]
    assert stats.total.share("reappointed") == statistics.Share(2, 5)
    # The province adds A8 (h, HU) and A9 (h reappointed, XA), both managed by the
    # district's standing committee: 2 appointments, 1 reappointment, 2 women.
    province = statistics.appointment_statistics(
        user=personas["admin"], start=START, end=END
    )
    assert province.levels["btv_huyen"].values() == [2, 1, 2, 0, 0, 0, 0]
    # Total 7 appointments, 3 reappointments, women 4 (a, f, h, h), minority 2.
    assert province.total.values() == [7, 3, 4, 2, 1, 1, 0]
    # As of 30/06/2023 (period 2023): A1–A5 and A6 (01/06) but not A7 (01/10).
    early = statistics.appointment_statistics(
        user=personas["clerk"], start=START, end=END, on=D(2023, 6, 30)
    )
    assert early.total.values() == [5, 2, 2, 2, 1, 0, 0]
    # 2024: only A10 (g, 15/01/2024).
    later = statistics.appointment_statistics(
        user=personas["clerk"], start=D(2024, 1, 1), end=D(2024, 12, 31)
    )
    assert later.total.values() == [1, 0, 0, 0, 0, 0, 0]


def test_managing_level_and_nominations_recorded_through_the_service(
    dataset, personas, tree
):
    admin, p = personas["admin"], dataset["people"]
    position = _code(Position, "truong_phong")
    before = Assignment.objects.filter(person=p["b"]).count()
    # A nomination to stand for election: its own column, no post, no term end.
    nomination = services.appointment_record(
        by=admin,
        person=p["b"],
        kind="gioi_thieu",
        unit=tree["home"],
        position=position,
        decision_date=D(2023, 9, 1),
        effective_on=D(2023, 9, 1),
    ).obj
    assert nomination.term_end is None and nomination.assignment_id is None
    assert Assignment.objects.filter(person=p["b"]).count() == before
    # Left empty, the level follows the unit (Sở Nội vụ: the province's); chosen,
    # it is the Centre's.
    assert nomination.managing_level == "btv_tinh"
    services.appointment_record(
        by=admin,
        person=p["e"],
        kind="bo_nhiem_lai",
        unit=tree["office"],
        position=position,
        decision_date=D(2023, 11, 1),
        effective_on=D(2023, 11, 1),
        managing_level="tw",
    )
    stats = statistics.appointment_statistics(user=admin, start=START, end=END)
    assert stats.levels["tw"].values() == [1, 1, 0, 0, 0, 0, 0]
    # The province's row gains the nomination (A1–A7 as before).
    assert stats.levels["btv_tinh"].values() == [5, 2, 2, 2, 1, 1, 1]
    assert stats.total.values() == [8, 4, 4, 2, 1, 1, 1]


def test_a_unit_outside_the_scope_is_404(dataset, personas):
    other = dataset["units"]["other"]
    with pytest.raises(Http404):
        statistics.rotation_statistics(
            user=personas["clerk"], start=START, end=END, unit=other
        )
    with pytest.raises(Http404):
        statistics.appointment_statistics(
            user=personas["clerk"], start=START, end=END, unit=other
        )


def test_born_by_follows_the_age_rule():
    # 40 on 31/12/2023 means born on or before 31/12/1983.
    assert statistics.born_by(D(2023, 12, 31), 40) == D(1983, 12, 31)
    # A 29/02 birthday reaches its age on 28/02 of a common year.
    assert statistics.born_by(D(2025, 2, 28), 1) == D(2024, 2, 29)
    assert statistics.born_by(D(2024, 2, 29), 1) == D(2023, 2, 28)


# --- Query budgets (STYLE R7) --------------------------------------------------------


def _grow(dataset, personas, term, n):
    """n more posts at SNV, each with two approved entries, a removal and a rotation
    and an appointment of a new person: the rows grow, the queries must not."""
    admin = personas["admin"]
    home = dataset["units"]["home"]
    district = dataset["units"]["district"]
    codes = ["truong_ban", "pho_truong_ban", "chanh_van_phong", "pho_chanh_van_phong"]
    for i in range(n):
        position = _code(Position, codes[i % len(codes)])
        unit = factories.unit(code=f"G{i}", name=f"Phòng {i}", parent=home)
        post = PlannedPost.objects.create(
            term=term, unit=unit, position=position, rank=position.rank
        )
        people = [
            _person(unit, "F" if k else "M", D(1980 + k, 1, 1), by=admin,
                    degree="dai_hoc", llct="trung_cap")
            for k in range(3)
        ]  # fmt: skip
        _entry(post, people[0], by=admin)
        _entry(post, people[1], "noi_khac", by=admin)
        _entry(
            post,
            people[2],
            by=admin,
            removed_on=D(2023, 5, 1),
            removal_reason="standards",
        )
        _rotation(people[0], unit, district, "tinh_ve_huyen", D(2023, 2, 1), by=admin)
        _appointment(people[1], "bo_nhiem", unit, D(2023, 3, 1), by=admin)


def _count_queries(function) -> int:
    with CaptureQueriesContext(connection) as queries:
        function()
    return len(queries)


def test_query_counts_do_not_grow_with_the_rows(dataset, personas, term_2020):
    def run(user):
        # A fresh user each time: the scope's two queries (the user's units, then
        # their subtrees) are counted in every call, as in a request.
        fresh = type(user).objects.get
        calls = [
            lambda u: _planning(u, term=term_2020),
            lambda u: _planning(u),
            lambda u: statistics.rotation_statistics(user=u, start=START, end=END),
            lambda u: statistics.appointment_statistics(user=u, start=START, end=END),
        ]
        counts = []
        for call in calls:
            user = fresh(pk=user.pk)
            counts.append(_count_queries(lambda call=call, user=user: call(user)))
        return counts

    small = run(personas["clerk"])
    # Scope 2 + planning of one term: posts, post groups, totals, terms = 6; every
    # term: + the terms' list = 7; rotations: scope + 1 = 3; appointments: scope
    # + 1 = 3.
    assert small == [6, 7, 3, 3]
    _grow(dataset, personas, term_2020, 12)
    stats = _planning(personas["clerk"], term=term_2020)
    # 5 + 12 × 2 live entries; 2 + 12 removals for failed standards.
    assert (stats.live, stats.removed, stats.removals["standards"]) == (29, 14, 12)
    assert run(personas["clerk"]) == small


def test_query_budget_for_the_administrator(
    dataset, personas, term_2020, django_assert_max_num_queries
):
    # No scope query for an administrator (every unit).
    with django_assert_max_num_queries(4):
        _planning(personas["admin"], term=term_2020)
    _grow(dataset, personas, term_2020, 8)
    with django_assert_max_num_queries(4):
        stats = _planning(personas["admin"], term=term_2020)
    assert stats.live == 6 + 16


def test_services_and_statistics_agree(tree, personas, post_director, term_2026):
    """Entries written by the services count as the statistics say: proposed is
    pending, approved is live."""
    people = [
        factories.person(unit=tree["office"], birth_date=D(1985, 5, 1)),
        factories.person(unit=tree["office"], gender="F", birth_date=D(1986, 5, 1)),
    ]
    added = services.entries_add(
        by=personas["clerk"],
        post=post_director,
        people=people,
        proposed_on=D(2026, 2, 1),
    )
    stats = statistics.planning_statistics(
        user=personas["clerk"], term=term_2026, on=D(2026, 2, 10)
    )
    assert (stats.live, stats.pending) == (0, 2)
    services.entries_approve(
        by=personas["clerk"], entries=added.entries, approved_on=D(2026, 3, 1)
    )
    stats = statistics.planning_statistics(
        user=personas["clerk"], term=term_2026, on=D(2026, 3, 1)
    )
    assert (stats.live, stats.pending, stats.people.share("women")) == (
        2,
        0,
        statistics.Share(1, 2),
    )
