"""Biểu 9A (reports/leaders.py): leaders by post as of a date, against a hand-built
dataset whose figures are worked out below on paper.

Units (tests/conftest.py `tree`): Tỉnh ủy T01 → Sở Nội vụ SNV → Phòng Công chức
SNV-CC; T01 → Sở Y tế SYT. The clerk's scope is SNV's subtree.

People (age on ON = 31/12/2023; ethnicity; degree; LLCT; title), their posts
(assignments, main unless "concurrent"):

  L1 Nguyễn Thị Lan, F, 10/05/1985 (38), Kinh, đại học, trung cấp.
     Giám đốc Sở, SNV, from 01/01/2020; concurrent Ủy viên BCH tỉnh, SNV, from
     01/01/2021.
  L2 Hoàng Văn Minh, M, 01/01/1970 (53), Tày (minority), thạc sĩ, cao cấp, PGS
     (2015). Phó Giám đốc Sở, SNV, from 01/01/2018; concurrent Bí thư Đảng ủy cơ
     sở, SNV, from 01/01/2021.
  L3 Trần Thị Hoa, F, 15/06/1978 (45), Kinh, tiến sĩ, cử nhân, GS from 2024 (after
     ON: not yet GS on ON). Trưởng phòng, SNV-CC, from 01/03/2019.
  L4 Phạm Văn Nam, M, 31/12/1983 (40 on ON), Kinh, cao đẳng, no LLCT. Phó Trưởng
     phòng, SNV-CC, 01/01/2015–30/06/2023 (ended before ON), then Chuyên viên (not
     a leadership post).
  L5 Lê Văn Đức, M, 01/02/1965, Kinh, đại học, cao cấp. Trưởng phòng, SNV-CC, from
     01/01/2024 (after ON).
  L6 Vũ Thị Mai, F, 20/02/1975 (48), Mường (minority), đại học, trung cấp. Bí thư
     Chi bộ, SNV-CC, from 01/01/2020 (a leadership post of no 9A group: "khác").
  L7 Đỗ Văn Tùng, M, 05/05/1980 (43), Kinh, đại học, no LLCT. Giám đốc Sở, SYT,
     from 01/01/2019 (outside the clerk's scope).
  L8 Ngô Văn Hải, M, 01/03/1972, Kinh, đại học, cao cấp. Phó Giám đốc Sở, SNV,
     from 01/01/2016, left (retired) 01/12/2023: out of service on ON.
  L9 Bùi Văn Khoa, M, 01/09/1988 (35), Kinh, thạc sĩ, trung cấp. Main post at SYT
     (Chuyên viên, his current unit), concurrent Phó Trưởng phòng, SNV-CC, from
     01/01/2022: the clerk does not see him (current unit outside the scope).

Clerk, ON, whole scope: L1, L2, L3, L6 → total 4.
  women L1 L3 L6 = 3 · minority L2 L6 = 2
  age ≤40 L1 = 1 · 41–50 L3 L6 = 2 · >50 L2 = 1
  university L1 L6 = 2 · postgraduate L2 L3 = 2 · PGS L2 = 1 · GS 0 (L3's is 2024)
  LLCT trung cấp L1 L6 = 2 · cao cấp, cử nhân L2 L3 = 2
  columns: BCH L1 · Bí thư cấp ủy L2 · Giám đốc L1 · Phó Giám đốc L2 · phòng L3 ·
  khác L6 → 1 each (6 in all: L1 and L2 are in two columns, once in the total).

Administrator, ON, whole province: + L7, L9 → 6.
  women 3 · minority 2 · ≤40 L1 L9 = 2 · 41–50 L3 L6 L7 = 3 · >50 L2 = 1
  university L1 L6 L7 = 3 · postgraduate L2 L3 L9 = 3
  Giám đốc L1 L7 = 2 · phòng L3 L9 = 2 · LLCT trung cấp L1 L6 L9 = 3

Administrator, ON, unit SNV-CC: L3, L6, L9 → 3; phòng L3 L9 = 2, khác L6 = 1.

Clerk, 01/01/2019: L2 (Phó GĐ since 2018; his Bí thư post from 2021 not yet), L4
(Phó TP until 2023), L8 (still in service) → 3; L1, L3, L6 not yet.
  Phó Giám đốc L2 L8 = 2 · phòng L4 = 1
  ages on 01/01/2019: L2 49, L8 46 → 41–50 = 2; L4 35 → ≤40 = 1; >50 = 0
"""

import datetime as dt

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from cadre_registry import services
from cadre_registry.models import (
    Assignment,
    Degree,
    EthnicGroup,
    PoliticalTheoryLevel,
    Position,
)
from reports.leaders import bieu9a_lines, leader_figures, leader_statistics
from tests import factories

D = dt.date
ON = D(2023, 12, 31)
EARLY = D(2019, 1, 1)

pytestmark = pytest.mark.django_db


def _code(model, code):
    return model.objects.filter(code=code).order_by("id").first()


def _leader(
    unit,
    name,
    gender,
    birth,
    *,
    by,
    post,
    start,
    ethnic="01",
    degree,
    llct=None,
    **fields,
):
    return factories.person(
        full_name=name,
        gender=gender,
        birth_date=birth,
        unit=unit,
        start=start,
        position=_code(Position, post),
        by=by,
        ethnic_group=_code(EthnicGroup, ethnic),
        highest_degree=_code(Degree, degree),
        political_theory=_code(PoliticalTheoryLevel, llct) if llct else None,
        **fields,
    )


def _post(person, unit, post, start, *, by, end=None, main=False):
    return services.history_row_save(
        person=person,
        row=Assignment(
            unit=unit,
            position=_code(Position, post) if post else None,
            is_main=main,
            start=start,
            end=end,
        ),
        by=by,
    )


def _end_first(person, end, *, by):
    first = person.assignments.get()
    first.end = end
    services.history_row_save(person=person, row=first, by=by)


def build(tree, admin) -> dict:
    """The nine people above, through the registry's services."""
    home, office, other = tree["home"], tree["office"], tree["other"]
    l1 = _leader(
        home,
        "Nguyễn Thị Lan",
        "F",
        D(1985, 5, 10),
        by=admin,
        post="giam_doc_so",
        start=D(2020, 1, 1),
        degree="dai_hoc",
        llct="trung_cap",
    )
    _post(l1, home, "uy_vien_bch_tinh_uy", D(2021, 1, 1), by=admin)
    l2 = _leader(
        home,
        "Hoàng Văn Minh",
        "M",
        D(1970, 1, 1),
        by=admin,
        post="pho_giam_doc_so",
        start=D(2018, 1, 1),
        ethnic="02",
        degree="thac_si",
        llct="cao_cap",
        academic_title="pgs",
        academic_title_year=2015,
    )
    _post(l2, home, "bi_thu_dang_uy_co_so", D(2021, 1, 1), by=admin)
    l3 = _leader(
        office,
        "Trần Thị Hoa",
        "F",
        D(1978, 6, 15),
        by=admin,
        post="truong_phong",
        start=D(2019, 3, 1),
        degree="tien_si",
        llct="cu_nhan",
        academic_title="gs",
        academic_title_year=2024,
    )
    l4 = _leader(
        office,
        "Phạm Văn Nam",
        "M",
        D(1983, 12, 31),
        by=admin,
        post="pho_truong_phong",
        start=D(2015, 1, 1),
        degree="cao_dang",
    )
    _end_first(l4, D(2023, 6, 30), by=admin)
    _post(l4, office, "chuyen_vien", D(2023, 7, 1), by=admin, main=True)
    l5 = _leader(
        office,
        "Lê Văn Đức",
        "M",
        D(1965, 2, 1),
        by=admin,
        post="truong_phong",
        start=D(2024, 1, 1),
        degree="dai_hoc",
        llct="cao_cap",
    )
    l6 = _leader(
        office,
        "Vũ Thị Mai",
        "F",
        D(1975, 2, 20),
        by=admin,
        post="bi_thu_chi_bo",
        start=D(2020, 1, 1),
        ethnic="04",
        degree="dai_hoc",
        llct="trung_cap",
    )
    l7 = _leader(
        other,
        "Đỗ Văn Tùng",
        "M",
        D(1980, 5, 5),
        by=admin,
        post="giam_doc_so",
        start=D(2019, 1, 1),
        degree="dai_hoc",
    )
    l8 = _leader(
        home,
        "Ngô Văn Hải",
        "M",
        D(1972, 3, 1),
        by=admin,
        post="pho_giam_doc_so",
        start=D(2016, 1, 1),
        degree="dai_hoc",
        llct="cao_cap",
    )
    l8 = services.person_update(person=l8, by=admin, left_on=D(2023, 12, 1))
    l9 = _leader(
        other,
        "Bùi Văn Khoa",
        "M",
        D(1988, 9, 1),
        by=admin,
        post="chuyen_vien",
        start=D(2015, 1, 1),
        degree="thac_si",
        llct="trung_cap",
    )
    _post(l9, office, "pho_truong_phong", D(2022, 1, 1), by=admin)
    return {f"l{i}": p for i, p in enumerate([l1, l2, l3, l4, l5, l6, l7, l8, l9], 1)}


@pytest.fixture
def leaders(tree, personas):
    return build(tree, personas["admin"])


def _group_totals(stats) -> dict[str, int]:
    return {key: b.total for key, b in stats.groups.items() if b.total}


def test_clerk_scope_on_the_date(leaders, personas):
    stats = leader_statistics(user=personas["clerk"], on=ON)
    total = stats.total
    assert total.total == 4  # L1, L2, L3, L6
    assert total.counts == {
        "women": 3,  # L1 L3 L6
        "minority": 2,  # L2 L6
        "age_40": 1,  # L1 (38)
        "age_41_50": 2,  # L3 (45), L6 (48)
        "age_over_50": 1,  # L2 (53)
        "university": 2,  # L1 L6
        "postgraduate": 2,  # L2 thạc sĩ, L3 tiến sĩ
        "pgs": 1,  # L2 (2015)
        "gs": 0,  # L3's title dates from 2024
        "llct_trung_cap": 2,  # L1 L6
        "llct_cao_cap": 2,  # L2 cao cấp, L3 cử nhân
    }
    # L1 and L2 hold two posts each: in two columns, once in the total.
    assert _group_totals(stats) == {
        "bch": 1,
        "bi_thu": 1,
        "giam_doc": 1,
        "pho_giam_doc": 1,
        "phong": 1,
        "khac": 1,
    }
    assert stats.groups["bch"].counts["women"] == 1  # L1
    assert stats.groups["bi_thu"].counts["pgs"] == 1  # L2
    assert stats.groups["khac"].counts["minority"] == 1  # L6
    assert stats.groups["dbqh"].total == 0  # no such post in the code list


def test_administrator_sees_the_province(leaders, personas):
    stats = leader_statistics(user=personas["admin"], on=ON)
    assert stats.total.total == 6  # + L7 (SYT), L9 (concurrent post, main at SYT)
    counts = stats.total.counts
    assert (counts["women"], counts["minority"]) == (3, 2)
    assert (counts["age_40"], counts["age_41_50"], counts["age_over_50"]) == (2, 3, 1)
    assert (counts["university"], counts["postgraduate"]) == (3, 3)
    assert counts["llct_trung_cap"] == 3  # L1 L6 L9
    assert stats.groups["giam_doc"].total == 2  # L1 L7
    assert stats.groups["phong"].total == 2  # L3 L9


def test_a_unit_subtree(leaders, personas, tree):
    stats = leader_statistics(user=personas["admin"], unit=tree["office"], on=ON)
    assert stats.total.total == 3  # L3, L6, L9 (L4 ended, L5 not yet)
    assert _group_totals(stats) == {"phong": 2, "khac": 1}


def test_as_of_an_earlier_date(leaders, personas):
    stats = leader_statistics(user=personas["clerk"], on=EARLY)
    assert stats.total.total == 3  # L2, L4, L8
    assert _group_totals(stats) == {"pho_giam_doc": 2, "phong": 1}
    counts = stats.total.counts
    assert (counts["age_40"], counts["age_41_50"], counts["age_over_50"]) == (1, 2, 0)
    assert counts["pgs"] == 1


def test_a_unit_outside_the_scope_is_404(leaders, personas, tree):
    with pytest.raises(Http404):
        leader_statistics(user=personas["clerk"], unit=tree["other"], on=ON)


def test_one_aggregate_query_whatever_the_number_of_leaders(leaders, personas, tree):
    def count() -> int:
        user = type(personas["clerk"]).objects.get(pk=personas["clerk"].pk)
        with CaptureQueriesContext(connection) as queries:
            leader_statistics(user=user, on=ON)
        return len(queries)

    before = count()
    admin = personas["admin"]
    for n in range(5):
        _leader(
            tree["office"],
            f"Người thứ {n}",
            "M",
            D(1980, 1, 1),
            by=admin,
            post="pho_truong_phong",
            start=D(2020, 1, 1),
            degree="dai_hoc",
        )
    assert count() == before <= 3  # the scope (two), then the aggregate
    assert leader_statistics(user=personas["clerk"], on=ON).total.total == 9


def test_the_rows_of_the_table(leaders, personas):
    figures = leader_figures(leader_statistics(user=personas["clerk"], on=ON))
    lines = {line.label: line for line in bieu9a_lines(figures)}
    # Columns: everyone, the 15 post groups, the share of everyone.
    total = lines["TỔNG SỐ"].values
    assert total[0] == 4 and total[-1] == 100.0 and len(total) == 17
    assert lines["Nữ"].values[0] == 3 and lines["Nữ"].values[-1] == 75.0
    assert lines["Dân tộc thiểu số"].values[-1] == 50.0
    assert lines["Trình độ chuyên môn"].values == [None] * 17  # a heading
