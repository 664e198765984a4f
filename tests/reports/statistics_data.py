"""The hand-built dataset of the personnel statistics tests (reports/statistics.py),
measured at two dates, D1 = 01/01/2018 and D2 = 01/01/2024; the figures are worked
out on paper in tests/reports/test_statistics.py.

Units (tests/conftest.py `tree`): Tỉnh ủy (T01) → Sở Nội vụ (SNV) → Phòng Công chức
(SNV-CC); T01 → Sở Y tế (SYT).

People (recruited; main assignments; salary grades; training records; other facts):

  P1 Lê Thị An, F, born 10/05/1990, công chức, Kinh. Recruited 01/03/2012, SNV-CC
     from then. Grade 01.003 (chuyên viên) from 01/03/2012, 01.002 (chuyên viên
     chính) from 01/06/2020: promoted between D1 and D2. Degree now thạc sĩ:
     records "Cử nhân" ended 30/06/2011 and "Thạc sĩ" ended 30/09/2021 (gained
     between the dates). LLCT trung cấp, record ended 30/06/2016. QLNN chuyên
     viên. Party member from 01/05/2015. Rated "tốt" 2017, "xuất sắc" 2023.
  P2 Hoàng Văn Bình, M, born 15/02/1960, công chức, Tày (minority). Recruited
     01/01/1985, SNV from then to 29/02/2020; left (retired) 01/03/2020, between
     the dates. Retirement date 29/02/2020 (60 years before 2021, end of month).
     Grade 01.002 from 01/01/2000. Degree đại học, LLCT cao cấp, QLNN chuyên viên
     chính (no training records: current values). Party member from 1985. Rated
     "hoàn thành" 2017.
  P3 Phạm Văn Cường, M, born 20/07/1985, viên chức, Kinh. Recruited 01/01/2010,
     SNV-CC 01/01/2010–31/12/2019, then SYT from 01/01/2020: moved out of the SNV
     subtree between the dates. No salary record, no grade. Degree đại học, no LLCT,
     QLNN chuyên viên. Not a Party member. Rated "tốt" 2023.
  P4 Đỗ Thị Dung, F, born 01/11/1998, hợp đồng 68, Thái (minority). Recruited
     01/03/2021 (hired between the dates), SNV from then. Degree cao đẳng, nothing
     else.
  P5 Trịnh Văn Em, M, born 10/01/1970, cán bộ, Kinh. Recruited 01/01/1995, SYT
     from then. Grade 01.001 (chuyên viên cao cấp) from 01/01/2015. Degree tiến sĩ;
     Phó Giáo sư in 2019 (between the dates). LLCT cử nhân, QLNN chuyên viên cao
     cấp. Party member from 01/01/1994.
  P6 Vũ Văn Phúc, M, born 01/06/1965, công chức, Kinh. Recruited 01/01/1990,
     SNV-CC from then. Grade 01.004 (cán sự) from 01/01/1990. Degree trung cấp. LLCT
     now trung cấp, from a record "Trung cấp lý luận chính trị" ended 31/12/2020
     (gained between the dates). QLNN cán sự. Party member from 01/06/2019 (joined
     between the dates). Rated "không hoàn thành" 2017, "hoàn thành" 2023.
"""

import datetime as dt
from decimal import Decimal

import pytest

from cadre_registry import services
from cadre_registry.models import (
    Assignment,
    Degree,
    EthnicGroup,
    Evaluation,
    EvaluationLevel,
    Grade,
    GradeStep,
    PoliticalTheoryLevel,
    SalaryRecord,
    StateManagementLevel,
    TrainingRecord,
)
from tests import factories

D1 = dt.date(2018, 1, 1)
D2 = dt.date(2024, 1, 1)


def _grade(code: str) -> Grade:
    return Grade.objects.filter(
        code=code, code_list__key__icontains="TT02"
    ).first() or (Grade.objects.filter(code=code).first())


def salary(person, *, code: str, start: dt.date, by, step: int = 1) -> SalaryRecord:
    grade = _grade(code)
    coefficient = (
        GradeStep.objects.filter(grade=grade, step=step)
        .values_list("coefficient", flat=True)
        .first()
    ) or Decimal("2.34")
    return services.history_row_save(
        person=person,
        row=SalaryRecord(grade=grade, step=step, coefficient=coefficient, start=start),
        by=by,
    )


def training(person, *, category: str, qualification: str, end: dt.date, by):
    return services.history_row_save(
        person=person,
        row=TrainingRecord(
            category=category,
            institution="Trường thử nghiệm",
            qualification=qualification,
            start=end - dt.timedelta(days=365),
            end=end,
        ),
        by=by,
    )


def evaluation(person, *, year: int, code: str, by):
    return services.history_row_save(
        person=person,
        row=Evaluation(
            year=year, level=EvaluationLevel.objects.filter(code=code).first()
        ),
        by=by,
    )


def build(tree, admin) -> dict:
    """The six people above, through the registry's services."""
    kinh = EthnicGroup.objects.get(code="01")
    tay = EthnicGroup.objects.get(code="02")
    thai = EthnicGroup.objects.get(code="03")
    degree = {d.code: d for d in Degree.objects.all()}
    llct = {d.code: d for d in PoliticalTheoryLevel.objects.all()}
    qlnn = {d.code: d for d in StateManagementLevel.objects.all()}

    p1 = factories.person(
        full_name="Lê Thị An",
        gender="F",
        birth_date=dt.date(1990, 5, 10),
        unit=tree["office"],
        start=dt.date(2012, 3, 1),
        by=admin,
        staff_kind="cong_chuc",
        recruited_on=dt.date(2012, 3, 1),
        ethnic_group=kinh,
        highest_degree=degree["thac_si"],
        political_theory=llct["trung_cap"],
        state_management=qlnn["chuyen_vien"],
        party_joined_on=dt.date(2015, 5, 1),
    )
    salary(p1, code="01.003", start=dt.date(2012, 3, 1), by=admin)
    salary(p1, code="01.002", start=dt.date(2020, 6, 1), by=admin)
    training(
        p1,
        category="chuyen_mon",
        qualification="Cử nhân",
        end=dt.date(2011, 6, 30),
        by=admin,
    )
    training(
        p1,
        category="chuyen_mon",
        qualification="Thạc sĩ",
        end=dt.date(2021, 9, 30),
        by=admin,
    )
    training(
        p1,
        category="llct",
        qualification="Trung cấp lý luận chính trị",
        end=dt.date(2016, 6, 30),
        by=admin,
    )
    evaluation(p1, year=2017, code="tot", by=admin)
    evaluation(p1, year=2023, code="xuat_sac", by=admin)

    p2 = factories.person(
        full_name="Hoàng Văn Bình",
        gender="M",
        birth_date=dt.date(1960, 2, 15),
        unit=tree["home"],
        start=dt.date(1985, 1, 1),
        by=admin,
        staff_kind="cong_chuc",
        recruited_on=dt.date(1985, 1, 1),
        ethnic_group=tay,
        highest_degree=degree["dai_hoc"],
        political_theory=llct["cao_cap"],
        state_management=qlnn["chuyen_vien_chinh"],
        party_joined_on=dt.date(1985, 6, 1),
    )
    salary(p2, code="01.002", start=dt.date(2000, 1, 1), by=admin)
    evaluation(p2, year=2017, code="hoan_thanh", by=admin)
    first = p2.assignments.get()
    first.end = dt.date(2020, 2, 29)
    services.history_row_save(person=p2, row=first, by=admin)
    p2 = services.person_update(person=p2, by=admin, left_on=dt.date(2020, 3, 1))

    p3 = factories.person(
        full_name="Phạm Văn Cường",
        gender="M",
        birth_date=dt.date(1985, 7, 20),
        unit=tree["office"],
        start=dt.date(2010, 1, 1),
        by=admin,
        staff_kind="vien_chuc",
        recruited_on=dt.date(2010, 1, 1),
        ethnic_group=kinh,
        highest_degree=degree["dai_hoc"],
        political_theory=llct["none"],
        state_management=qlnn["chuyen_vien"],
    )
    first = p3.assignments.get()
    first.end = dt.date(2019, 12, 31)
    services.history_row_save(person=p3, row=first, by=admin)
    services.history_row_save(
        person=p3,
        row=Assignment(unit=tree["other"], is_main=True, start=dt.date(2020, 1, 1)),
        by=admin,
    )
    evaluation(p3, year=2023, code="tot", by=admin)

    p4 = factories.person(
        full_name="Đỗ Thị Dung",
        gender="F",
        birth_date=dt.date(1998, 11, 1),
        unit=tree["home"],
        start=dt.date(2021, 3, 1),
        by=admin,
        staff_kind="hop_dong_68",
        recruited_on=dt.date(2021, 3, 1),
        ethnic_group=thai,
        highest_degree=degree["cao_dang"],
    )

    p5 = factories.person(
        full_name="Trịnh Văn Em",
        gender="M",
        birth_date=dt.date(1970, 1, 10),
        unit=tree["other"],
        start=dt.date(1995, 1, 1),
        by=admin,
        staff_kind="can_bo",
        recruited_on=dt.date(1995, 1, 1),
        ethnic_group=kinh,
        highest_degree=degree["tien_si"],
        academic_title="pgs",
        academic_title_year=2019,
        political_theory=llct["cu_nhan"],
        state_management=qlnn["chuyen_vien_cao_cap"],
        party_joined_on=dt.date(1994, 1, 1),
    )
    salary(p5, code="01.001", start=dt.date(2015, 1, 1), by=admin)

    p6 = factories.person(
        full_name="Vũ Văn Phúc",
        gender="M",
        birth_date=dt.date(1965, 6, 1),
        unit=tree["office"],
        start=dt.date(1990, 1, 1),
        by=admin,
        staff_kind="cong_chuc",
        recruited_on=dt.date(1990, 1, 1),
        ethnic_group=kinh,
        highest_degree=degree["trung_cap"],
        political_theory=llct["trung_cap"],
        state_management=qlnn["can_su"],
        party_joined_on=dt.date(2019, 6, 1),
    )
    salary(p6, code="01.004", start=dt.date(1990, 1, 1), by=admin)
    training(
        p6,
        category="llct",
        qualification="Trung cấp lý luận chính trị",
        end=dt.date(2020, 12, 31),
        by=admin,
    )
    evaluation(p6, year=2017, code="khong_hoan_thanh", by=admin)
    evaluation(p6, year=2023, code="hoan_thanh", by=admin)
    return {"p1": p1, "p2": p2, "p3": p3, "p4": p4, "p5": p5, "p6": p6}


@pytest.fixture
def dataset(tree, personas):
    return build(tree, personas["admin"])
