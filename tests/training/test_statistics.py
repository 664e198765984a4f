"""Training statistics (training/statistics.py) against a hand-built dataset whose
answers were worked out on paper; the arithmetic is written beside each assertion.

The dataset (fixture `dataset`), period 01/01/2026 – 31/12/2026:

Units: Tỉnh ủy (T01) → Sở Nội vụ (SNV) → Phòng Công chức (SNV-CC); T01 → Sở Y tế
(SYT); T01 → Huyện ủy (HU, huyen_uy) → Phòng thuộc huyện (HU-P, co_so, district
level) and → Xã (XA, xa_phuong, commune level) → Chi bộ (CB, chi_bo, commune level
through its ancestor XA).

People: p1, p2, p3 at SNV-CC; p4 at SNV; p5, p6 at SYT; p7 at HU-P; p8 at XA; p9 at
CB; p10 at HU. Leaders: p10 (Bí thư Huyện ủy since 2015); p1 (Trưởng phòng, a
concurrent post from 01/07/2026). p2 held a leader post 2010–2014 only: not a leader.

Classes (type, mode, organiser, start → end):
  C1 cao cấp LLCT, tập trung, T01 (provincial), 01/03/2026 → 30/10/2026
  C2 cao cấp LLCT, không tập trung, T01, 01/04/2026 → 30/06/2027
  C3 trung cấp LLCT, không tập trung, HU (district), 01/02/2026 → 30/11/2026
  C4 QP-AN đối tượng 3, tập trung, HU, 10/05/2026 → 20/05/2026
  C5 tin học, tập trung, SNV (provincial level), 01/09/2026 → 30/09/2026
  C6 cao cấp LLCT, tập trung, T01, 2025 (outside the period)
  C7 tin học, tập trung, SNV, 2026 but cancelled
  C8 trung cấp LLCT, tập trung, HU, 01/11/2026 → 30/04/2027

Enrolments (person, nominating unit, status; n = nominated, e = enrolled, f = end):
  C1: e1 p1 completed · e2 p2 completed · e3 p5 failed · e4 p7 completed (n 15/01,
      e 01/03, f 30/10) · e5 p10 withdrawn (n 15/01, e 01/03, f 15/05)
  C2: e6 p3, e7 p4, e8 p6, e9 p8 enrolled (n 01/03, e 01/04) · e10 p9 nominated
      only (n 20/03)
  C3: e11 p8, e12 p9, e13 p7 completed (n 15/01, e 01/02, f 30/11)
  C4: e14 p10, e15 p8 completed (n 01/04, e 10/05, f 20/05)
  C5: e16 p4 completed (n 01/08, e 01/09, f 30/09) · e17 p3 withdrawn before
      starting (n 01/08, f 20/08)
  C6: e18 p1 completed in 2025 (excluded: class outside the period)
  C7: e19 p2 nominated (excluded: class cancelled)
  C8: e20 p10 enrolled (n 01/10, e 01/11)

Plans: A (T01, 2026): cao cấp tập trung 5, cao cấp không tập trung 4, tin học tập
trung 2. B (HU, 2026–2027): trung cấp không tập trung 4, trung cấp tập trung 2.
C (SNV, 2025): tin học tập trung 3 (excluded: years do not meet 2026).
"""

import datetime as dt

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from cadre_registry.models import Assignment, Position, Role
from tests import factories
from tests.conftest import _user
from training import statistics
from training.models import (
    Cohort,
    Enrolment,
    EnrolmentStatus,
    Mode,
    PlanQuota,
    TrainingPlan,
)

TT, KTT = Mode.FULL_TIME, Mode.PART_TIME
START, END, DEC31 = dt.date(2026, 1, 1), dt.date(2026, 12, 31), dt.date(2026, 12, 31)


def d(day_month: str, year: int = 2026) -> dt.date:
    day, month = (int(x) for x in day_month.split("/"))
    return dt.date(year, month, day)


def _position(code: str) -> Position:
    return Position.objects.filter(code=code).order_by("-id").first()


def _cohort(name, course_type, mode, unit, start, end, *, by, status="running"):
    return Cohort.objects.create(
        name=name,
        course_type=course_type,
        mode=mode,
        institution="Trường Chính trị tỉnh",
        organising_unit=unit,
        start=start,
        end=end,
        capacity=50,
        status=status,
        created_by=by,
    )


def _enrol(cohort, person, status, nominated, enrolled=None, finished=None, *, by):
    return Enrolment.objects.create(
        cohort=cohort,
        person=person,
        nominating_unit=person.unit,
        status=status,
        nominated_on=nominated,
        enrolled_on=enrolled,
        finished_on=finished,
        created_by=by,
    )


@pytest.fixture
def dataset(tree, personas, course_types):
    admin = personas["admin"]
    ct = course_types
    district = factories.unit(
        code="HU", name="Huyện ủy Thử nghiệm", kind="huyen_uy", parent=tree["province"]
    )
    district_office = factories.unit(
        code="HU-P", name="Phòng Nội vụ huyện", kind="co_so", parent=district
    )
    commune = factories.unit(
        code="XA", name="Xã Thử nghiệm", kind="xa_phuong", parent=district
    )
    cell = factories.unit(code="CB", name="Chi bộ thôn", kind="chi_bo", parent=commune)
    units = {**tree, "district": district, "district_office": district_office}
    units |= {"commune": commune, "cell": cell}
    staff = _position("chuyen_vien")
    where = ["office"] * 3 + ["home"] + ["other"] * 2
    where += ["district_office", "commune", "cell"]
    p = {
        n: factories.person(unit=units[where[n - 1]], position=staff, by=admin)
        for n in range(1, 10)
    }
    p[10] = factories.person(
        unit=district, position=_position("bi_thu_huyen_uy"), by=admin
    )
    Assignment.objects.create(
        person=p[1],
        unit=tree["office"],
        position=_position("truong_phong"),
        is_main=False,
        start=d("01/07"),
    )
    Assignment.objects.create(
        person=p[2],
        unit=tree["office"],
        position=_position("truong_phong"),
        is_main=False,
        start=dt.date(2010, 1, 1),
        end=dt.date(2014, 12, 31),
    )
    cao, trung = ct["llct_cao_cap"], ct["llct_trung_cap"]
    qpan, tin = ct["qpan_doi_tuong_3"], ct["tin_hoc"]
    province = tree["province"]
    c = {
        1: _cohort("C1", cao, TT, province, d("01/03"), d("30/10"), by=admin),
        2: _cohort("C2", cao, KTT, province, d("01/04"), d("30/06", 2027), by=admin),
        3: _cohort("C3", trung, KTT, district, d("01/02"), d("30/11"), by=admin),
        4: _cohort("C4", qpan, TT, district, d("10/05"), d("20/05"), by=admin),
        5: _cohort("C5", tin, TT, tree["home"], d("01/09"), d("30/09"), by=admin),
        6: _cohort(
            "C6", cao, TT, province, d("01/03", 2025), d("30/10", 2025), by=admin
        ),
        7: _cohort(
            "C7",
            tin,
            TT,
            tree["home"],
            d("01/06"),
            d("30/06"),
            by=admin,
            status="cancelled",
        ),
        8: _cohort("C8", trung, TT, district, d("01/11"), d("30/04", 2027), by=admin),
    }
    S = EnrolmentStatus
    rows = [
        (1, 1, S.COMPLETED, "15/01", "01/03", "30/10"),
        (1, 2, S.COMPLETED, "15/01", "01/03", "30/10"),
        (1, 5, S.FAILED, "15/01", "01/03", "30/10"),
        (1, 7, S.COMPLETED, "15/01", "01/03", "30/10"),
        (1, 10, S.WITHDRAWN, "15/01", "01/03", "15/05"),
        (2, 3, S.ENROLLED, "01/03", "01/04", None),
        (2, 4, S.ENROLLED, "01/03", "01/04", None),
        (2, 6, S.ENROLLED, "01/03", "01/04", None),
        (2, 8, S.ENROLLED, "01/03", "01/04", None),
        (2, 9, S.NOMINATED, "20/03", None, None),
        (3, 8, S.COMPLETED, "15/01", "01/02", "30/11"),
        (3, 9, S.COMPLETED, "15/01", "01/02", "30/11"),
        (3, 7, S.COMPLETED, "15/01", "01/02", "30/11"),
        (4, 10, S.COMPLETED, "01/04", "10/05", "20/05"),
        (4, 8, S.COMPLETED, "01/04", "10/05", "20/05"),
        (5, 4, S.COMPLETED, "01/08", "01/09", "30/09"),
        (5, 3, S.WITHDRAWN, "01/08", None, "20/08"),
        (7, 2, S.NOMINATED, "15/05", None, None),
        (8, 10, S.ENROLLED, "01/10", "01/11", None),
    ]
    for cohort, person, status, nominated, enrolled, finished in rows:
        _enrol(
            c[cohort],
            p[person],
            status,
            d(nominated),
            enrolled and d(enrolled),
            finished and d(finished),
            by=admin,
        )
    _enrol(
        c[6],
        p[1],
        S.COMPLETED,
        d("15/01", 2025),
        d("01/03", 2025),
        d("30/10", 2025),
        by=admin,
    )
    plans = [
        (province, 2026, 2026, [(cao, TT, 5), (cao, KTT, 4), (tin, TT, 2)]),
        (district, 2026, 2027, [(trung, KTT, 4), (trung, TT, 2)]),
        (tree["home"], 2025, 2025, [(tin, TT, 3)]),
    ]
    for unit, year_from, year_to, quotas in plans:
        plan = TrainingPlan.objects.create(
            unit=unit,
            title=f"Kế hoạch {unit.code}",
            year_from=year_from,
            year_to=year_to,
            created_by=admin,
        )
        for course_type, mode, quota in quotas:
            PlanQuota.objects.create(
                plan=plan, course_type=course_type, mode=mode, quota=quota
            )
    district_clerk = _user("huyen", Role.ORGANIZER, [district])
    return {"units": units, "people": p, "classes": c, "district_clerk": district_clerk}


def _stats(user, **kwargs):
    return statistics.training_statistics(
        user=user, start=START, end=END, on=kwargs.pop("on", DEC31), **kwargs
    )


def test_people_trained_by_course_type_and_mode(dataset, personas):
    s = _stats(personas["admin"])
    # Trained = admitted and not withdrawn by 31/12.
    # C1: e1, e2, e3, e4 (e5 withdrawn 15/05) = 4.
    assert s.row("llct_cao_cap", TT).trained == 4
    # C2: e6, e7, e8, e9 (e10 only nominated) = 4; nominated = 4 + e10 = 5.
    assert s.row("llct_cao_cap", KTT).trained == 4
    assert s.row("llct_cao_cap", KTT).nominated == 5
    # C3: e11, e12, e13 = 3; C8: e20 = 1; C4: e14, e15 = 2.
    assert s.row("llct_trung_cap", KTT).trained == 3
    assert s.row("llct_trung_cap", TT).trained == 1
    assert s.row("qpan_doi_tuong_3", TT).trained == 2
    # C5: e16 (e17 withdrawn before starting); C7 cancelled is left out.
    assert s.row("tin_hoc", TT).trained == 1
    assert s.row("tin_hoc", TT).nominated == 1
    # C6 opened in 2025: not in the period.
    # Total 4 + 4 + 3 + 1 + 2 + 1 = 15.
    assert s.total_trained == 15
    assert s.trained(mode=TT) == 4 + 1 + 2 + 1
    assert s.trained(code="llct_cao_cap") == 8


def test_completions(dataset, personas):
    s = _stats(personas["admin"])
    # C1: e1, e2, e4 completed, e3 failed.
    assert (s.row("llct_cao_cap", TT).completed, s.row("llct_cao_cap", TT).failed) == (
        3,
        1,
    )
    # 3 (C1) + 0 (C2) + 3 (C3) + 0 (C8) + 2 (C4) + 1 (C5) = 9 of 15 trained = 60.0%.
    completion = s.completion
    assert (completion.count, completion.total, completion.percent) == (9, 15, 60.0)


def test_classes_opened_by_type_and_mode(dataset, personas):
    s = _stats(personas["admin"])
    # C1..C5 and C8: one each; C6 (2025) and C7 (cancelled) not counted.
    assert s.classes_of(code="llct_cao_cap", mode=TT) == 1
    assert s.classes_of(code="llct_trung_cap") == 2  # C3 and C8
    assert s.total_classes == 6
    # Organised at provincial level: C1, C2 (T01), C5 (SNV) = 3; district: C3, C4, C8.
    by_level = {
        level: sum(r.classes_by_level[level] for r in s.rows.values())
        for level in statistics.LEVEL_LABELS
    }
    assert by_level == {"tinh": 3, "huyen": 3, "xa": 0}


def test_average_learners_per_class_by_mode(dataset, personas):
    s = _stats(personas["admin"])
    # Tập trung: C1 4 + C8 1 + C4 2 + C5 1 = 8 learners in 4 classes = 2.0.
    full = s.average_learners(TT)
    assert (full.learners, full.classes, full.value) == (8, 4, 2.0)
    # Không tập trung: C2 4 + C3 3 = 7 learners in 2 classes = 3.5.
    part = s.average_learners(KTT)
    assert (part.learners, part.classes, part.value) == (7, 2, 3.5)


def test_plan_fulfilment_per_course_type(dataset, personas):
    s = _stats(personas["admin"])
    # Enrolled or completed (trained, not failed): cao cấp TT 4 − 1 failed = 3 of
    # quota 5 = 60.0%; KTT 4 of 4 = 100.0%; both: 7 / 9 = 77.77… → 77.8%.
    assert s.row("llct_cao_cap", TT).fulfilment.percent == 60.0
    assert s.row("llct_cao_cap", KTT).fulfilment.percent == 100.0
    cao = s.fulfilment("llct_cao_cap")
    assert (cao.count, cao.total, cao.percent) == (7, 9, 77.8)
    # Trung cấp: KTT 3 of 4, TT 1 of 2: 4 / 6 = 66.66… → 66.7%.
    trung = s.fulfilment("llct_trung_cap")
    assert (trung.count, trung.total, trung.percent) == (4, 6, 66.7)
    # Tin học: 1 of plan A's 2 = 50.0% (plan C is for 2025).
    tin = s.fulfilment("tin_hoc")
    assert (tin.count, tin.total, tin.percent) == (1, 2, 50.0)
    # QP-AN has learners but no quota: no percentage.
    assert s.fulfilment("qpan_doi_tuong_3").percent is None
    assert list(s.fulfilment_by_type()) == ["llct_trung_cap", "llct_cao_cap", "tin_hoc"]


def test_full_time_to_part_time_ratio_per_level(dataset, personas):
    s = _stats(personas["admin"])
    # Cao cấp: 4 full-time, 4 part-time → 1:1.0. Trung cấp: 1 and 3 → 1:3.0.
    assert s.mode_ratio("llct_cao_cap").text == "1:1.0"
    assert s.mode_ratio("llct_trung_cap").text == "1:3.0"
    # Cử nhân: nobody full-time → no ratio.
    assert s.mode_ratios()["llct_cu_nhan"].text == "—"


def test_breakdown_by_level_of_unit_and_leaders(dataset, personas):
    s = _stats(personas["admin"])
    # Provincial: C1 e1, e2, e3 (3) + C2 e6, e7, e8 (3) + C5 e16 (1) = 7.
    # District: C1 e4 (HU-P) + C3 e13 (HU-P) + C4 e14 (HU) + C8 e20 (HU) = 4.
    # Commune: C2 e9 (XA) + C3 e11 (XA), e12 (CB under XA) + C4 e15 (XA) = 4.
    levels = s.trained_by_level()
    assert {k: v.count for k, v in levels.items()} == {"tinh": 7, "huyen": 4, "xa": 4}
    assert levels["tinh"].total == 15 and levels["tinh"].percent == 46.7  # 7/15
    # Leaders on 31/12: p1 (Trưởng phòng from 01/07) in C1; p10 in C4 and C8 (C1
    # withdrawn). p2's post ended in 2014. 3 of 15 = 20.0%.
    assert s.row("llct_cao_cap", TT).trained_leaders == 1
    assert s.row("llct_trung_cap", TT).trained_leaders == 1
    leaders = s.leaders
    assert (leaders.count, leaders.total, leaders.percent) == (3, 15, 20.0)


def test_as_of_an_earlier_date(dataset, personas):
    s = _stats(personas["admin"], on=d("30/06"))
    # Opened by 30/06: C1, C2, C3, C4 (C5 opens 01/09, C8 01/11).
    assert s.total_classes == 4
    # C1: e5 withdrew 15/05 ≤ 30/06; e1..e4 still learning: 4 trained, 0 completed,
    # 0 failed. C2: 4. C3: 3, none finished yet. C4: 2, both completed 20/05.
    assert s.row("llct_cao_cap", TT).trained == 4
    assert s.row("llct_cao_cap", TT).completed == 0
    assert s.row("llct_cao_cap", TT).failed == 0
    assert s.total_trained == 4 + 4 + 3 + 2
    assert s.total_completed == 2
    # Fulfilment of cao cấp: (4 + 4) / 9 = 88.88… → 88.9% (e3 had not failed yet).
    assert s.fulfilment("llct_cao_cap").percent == 88.9
    # Leaders on 30/06: p1 not yet (post from 01/07); p10 in C4 only: 1.
    assert s.leaders.count == 1


def test_a_unit_subtree(dataset, personas):
    units = dataset["units"]
    s = _stats(personas["admin"], unit=units["district"])
    # The district's people p7..p10: C1 e4 (1), C2 e9 (1), C3 (3), C4 (2), C8 (1) = 8.
    assert s.total_trained == 8
    # Its classes: C3, C4, C8; its plan B: trung cấp 4 / 6 = 66.7%.
    assert s.total_classes == 3
    assert s.fulfilment("llct_trung_cap").percent == 66.7
    assert s.fulfilment("llct_cao_cap").total == 0


def test_provincial_class_counts_each_organizer_only_their_people(dataset, personas):
    clerk, outsider = personas["clerk"], personas["outsider"]
    district_clerk = dataset["district_clerk"]
    per_user = {
        user.username: _stats(user).row("llct_cao_cap", TT)
        for user in (clerk, outsider, district_clerk, personas["admin"])
    }
    # C1 (run by the province) holds learners of three subtrees. Sở Nội vụ: e1, e2;
    # Sở Y tế: e3 (failed); the district: e4 (e5 withdrawn) → 2 + 1 + 1 = 4 = admin.
    assert per_user["clerk"].trained == 2
    assert per_user["outsider"].trained == 1
    assert per_user["outsider"].failed == 1
    assert per_user["huyen"].trained == 1
    assert per_user["admin"].trained == 4
    # Sở Nội vụ's leaders: p1 → 1; the district's p10 withdrew: 0.
    assert per_user["clerk"].trained_leaders == 1
    assert per_user["huyen"].trained_leaders == 0
    # Whole scope: clerk 5 (C1 2, C2 2, C5 1), outsider 2, district 8: 15 in all.
    totals = {
        user.username: _stats(user).total_trained
        for user in (clerk, outsider, district_clerk)
    }
    assert totals == {"clerk": 5, "outsider": 2, "huyen": 8}
    # Classes count for the units that opened them: Sở Nội vụ opened C5 only; Sở Y
    # tế none; the province's classes are the administrator's.
    assert _stats(clerk).total_classes == 1
    assert _stats(outsider).total_classes == 0
    # Plans: Sở Nội vụ's plan is for 2025, so no quota in 2026.
    assert _stats(clerk).fulfilment("tin_hoc").total == 0


def test_unit_outside_scope_is_404(dataset, personas):
    with pytest.raises(Http404):
        _stats(personas["clerk"], unit=dataset["units"]["district"])


def test_period_must_be_in_order(personas):
    with pytest.raises(ValueError):
        statistics.training_statistics(
            user=personas["admin"], start=END, end=START, on=DEC31
        )


def _count_queries(user) -> int:
    user = type(user).objects.get(pk=user.pk)  # no cached scope
    with CaptureQueriesContext(connection) as queries:
        s = _stats(user)
        s.mode_ratios(), s.fulfilment_by_type(), s.trained_by_level()
    return len(queries)


def test_query_count_does_not_grow_with_rows(dataset, personas, course_types):
    before = {name: _count_queries(personas[name]) for name in ("admin", "clerk")}
    admin, tree = personas["admin"], dataset["units"]
    # Ten times the learners: 40 more people in new classes of two more types.
    for k in range(4):
        cohort = _cohort(
            f"Thêm {k}",
            course_types["qlnn_chuyen_vien" if k % 2 else "xay_dung_dang"],
            TT,
            tree["home"],
            d("01/06"),
            d("30/06"),
            by=admin,
        )
        for _ in range(10):
            person = factories.person(unit=tree["office"], by=admin)
            _enrol(
                cohort,
                person,
                EnrolmentStatus.COMPLETED,
                d("01/05"),
                d("01/06"),
                d("30/06"),
                by=admin,
            )
    after = {name: _count_queries(personas[name]) for name in ("admin", "clerk")}
    assert _stats(admin).total_trained == 15 + 40
    assert after == before
    # Course types, unit levels, leaders, enrolments, classes, quotas; for the
    # organizer their scope (units, subtree ids) besides.
    assert before["admin"] == 6
    assert before["clerk"] <= 8
