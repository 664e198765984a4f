"""Course types (loại khóa đào tạo, bồi dưỡng) grouped as Biểu 10-BTCTW groups them.

Pure data, standard library only, loaded by training/reference_loader.py (migration
0002). Facts from /work/shared/DOMAIN.md §8 and §3.1; the markers are theirs:

- Biểu 10 rows (I. Đào tạo: chuyên môn by level × trong nước / ngoài nước / liên kết,
  chính trị by level × tập trung / không tập trung; II. Bồi dưỡng: xây dựng Đảng,
  đoàn thể, QLNN and QLKT (trong / ngoài nước), ngoại ngữ (trong / ngoài nước), tin
  học, cập nhật kiến thức, QP-AN đối tượng 1-4) *confirmed* (thanhvu16 template).
- The QĐ 57-QĐ/TW (08/02/2022) target groups of sơ cấp, trung cấp and cao cấp LLCT
  *confirmed*; QLNN courses by grade standard (NĐ 101/2017, NĐ 89/2021) *confirmed*
  as form text; leadership courses and QP-AN group definitions *unconfirmed*.

Codes are stable; never give an old code a new meaning.
"""

from __future__ import annotations

from dataclasses import dataclass

CONFIRMED = "confirmed"
UNCONFIRMED = "unconfirmed"

# Biểu 10 sections (I. Đào tạo, II. Bồi dưỡng) and their groups, in report order.
GROUPS: tuple[tuple[str, str, str], ...] = (
    # (code, label, section)
    ("chuyen_mon", "I.1. Đào tạo chuyên môn", "dao_tao"),
    ("chinh_tri", "I.2. Đào tạo lý luận chính trị", "dao_tao"),
    ("xay_dung_dang", "II.1. Nghiệp vụ công tác xây dựng Đảng", "boi_duong"),
    ("doan_the", "II.2. Nghiệp vụ công tác đoàn thể chính trị", "boi_duong"),
    ("qlnn", "II.3. Quản lý nhà nước", "boi_duong"),
    ("qlkt", "II.4. Quản lý kinh tế", "boi_duong"),
    ("ngoai_ngu", "II.5. Ngoại ngữ", "boi_duong"),
    ("tin_hoc", "II.6. Tin học", "boi_duong"),
    ("cap_nhat", "II.7. Cập nhật kiến thức mới", "boi_duong"),
    ("qpan", "II.8. Quốc phòng - an ninh", "boi_duong"),
)

# Where the course is taught (Biểu 10 columns of I.1, II.3, II.4, II.5).
HOME, ABROAD, JOINT = "trong_nuoc", "ngoai_nuoc", "lien_ket"
PLACES = {HOME: "Trong nước", ABROAD: "Ngoài nước", JOINT: "Liên kết"}


@dataclass(frozen=True, kw_only=True, slots=True)
class CourseType:
    """One kind of course and what it grants on completion."""

    code: str
    name: str
    group: str  # a GROUPS code
    rank: int
    is_long: bool  # đào tạo dài hạn (a degree) vs bồi dưỡng ngắn hạn (a certificate)
    place: str = ""  # HOME, ABROAD, JOINT or "" when Biểu 10 does not split it
    by_mode: bool = False  # Biểu 10 splits it tập trung / không tập trung
    grants_political_theory: str = ""  # PoliticalTheoryLevel code (CR-LLCT)
    grants_state_management: str = ""  # StateManagementLevel code (CR-QLNN)
    grants_degree: str = ""  # Degree code (CR-TRINHDO-CM)
    target: str = ""  # rules.TARGETS key: whose profile the course is meant for
    target_group: str = ""  # the target group as the text says it
    in_report: bool = True  # counted in Biểu 10
    status: str = CONFIRMED


_DEGREES = (("dai_hoc", "Đại học"), ("thac_si", "Thạc sĩ"), ("tien_si", "Tiến sĩ"))

_QD57 = "Quy định 57-QĐ/TW ngày 08/02/2022"

COURSE_TYPES: tuple[CourseType, ...] = (
    # I.1 Professional degrees × home / abroad / joint programme.
    *(
        CourseType(
            code=f"{degree}_{place}",
            name=f"{label} ({PLACES[place].lower()})",
            group="chuyen_mon",
            rank=10 + 3 * i + j,
            is_long=True,
            place=place,
            grants_degree=degree,
        )
        for i, (degree, label) in enumerate(_DEGREES)
        for j, place in enumerate((HOME, ABROAD, JOINT))
    ),
    # I.2 Political theory. Sơ cấp is not a Biểu 10 row (bồi dưỡng at the commune and
    # Party-cell level), but it grants a level the 2C form records.
    CourseType(
        code="llct_so_cap",
        name="Sơ cấp lý luận chính trị",
        group="chinh_tri",
        rank=30,
        is_long=False,
        grants_political_theory="so_cap",
        target="llct_so_cap",
        target_group=f"{_QD57}: đảng viên; hội viên đoàn thể cấp xã; công chức cấp xã; "
        "người hoạt động không chuyên trách ở cấp xã, thôn, tổ dân phố. "
        "Tốt nghiệp trung học cơ sở.",
        in_report=False,
    ),
    CourseType(
        code="llct_trung_cap",
        name="Trung cấp lý luận chính trị",
        group="chinh_tri",
        rank=31,
        is_long=True,
        by_mode=True,
        grants_political_theory="trung_cap",
        target="llct_trung_cap",
        target_group=f"{_QD57}: người đang giữ hoặc được quy hoạch các chức vụ như cấp ủy "
        "viên cấp xã; chủ tịch, phó chủ tịch HĐND, UBND, MTTQ, đoàn thể cấp xã; "
        "phó trưởng phòng cấp huyện, cấp tỉnh; giảng viên.",
    ),
    CourseType(
        code="llct_cao_cap",
        name="Cao cấp lý luận chính trị",
        group="chinh_tri",
        rank=32,
        is_long=True,
        by_mode=True,
        grants_political_theory="cao_cap",
        target="llct_cao_cap",
        target_group=f"{_QD57}: gồm cán bộ có từ 4 năm giữ ngạch chuyên viên chính (hoặc "
        "tương đương) trong nguồn ngạch chuyên viên cao cấp; lãnh đạo, quản lý; "
        "giảng viên lý luận chính trị từ 5 năm.",
    ),
    CourseType(
        code="llct_cu_nhan",
        name="Cử nhân lý luận chính trị",
        group="chinh_tri",
        rank=33,
        is_long=True,
        by_mode=True,
        grants_political_theory="cu_nhan",
        target="llct_cao_cap",
        target_group=f"{_QD57}: như cao cấp lý luận chính trị.",
        status=UNCONFIRMED,
    ),
    # II. Short courses.
    CourseType(
        code="xay_dung_dang",
        name="Bồi dưỡng nghiệp vụ công tác xây dựng Đảng",
        group="xay_dung_dang",
        rank=40,
        is_long=False,
    ),
    CourseType(
        code="doan_the",
        name="Bồi dưỡng nghiệp vụ công tác đoàn thể chính trị - xã hội",
        group="doan_the",
        rank=41,
        is_long=False,
    ),
    CourseType(
        code="qlnn_chuyen_vien",
        name="Bồi dưỡng QLNN chương trình chuyên viên",
        group="qlnn",
        rank=50,
        is_long=False,
        place=HOME,
        grants_state_management="chuyen_vien",
        target="qlnn_chuyen_vien",
        target_group="NĐ 101/2017/NĐ-CP: công chức ngạch cán sự, chuyên viên.",
    ),
    CourseType(
        code="qlnn_chuyen_vien_chinh",
        name="Bồi dưỡng QLNN chương trình chuyên viên chính",
        group="qlnn",
        rank=51,
        is_long=False,
        place=HOME,
        grants_state_management="chuyen_vien_chinh",
        target="qlnn_chuyen_vien_chinh",
        target_group="NĐ 101/2017/NĐ-CP: công chức ngạch chuyên viên, chuyên viên chính.",
    ),
    CourseType(
        code="qlnn_chuyen_vien_cao_cap",
        name="Bồi dưỡng QLNN chương trình chuyên viên cao cấp",
        group="qlnn",
        rank=52,
        is_long=False,
        place=HOME,
        grants_state_management="chuyen_vien_cao_cap",
        target="qlnn_chuyen_vien_cao_cap",
        target_group="NĐ 101/2017/NĐ-CP: công chức ngạch chuyên viên chính, "
        "chuyên viên cao cấp.",
    ),
    CourseType(
        code="lanh_dao_cap_phong",
        name="Bồi dưỡng lãnh đạo, quản lý cấp phòng",
        group="qlnn",
        rank=53,
        is_long=False,
        place=HOME,
        status=UNCONFIRMED,
    ),
    CourseType(
        code="lanh_dao_cap_so",
        name="Bồi dưỡng lãnh đạo, quản lý cấp sở và tương đương",
        group="qlnn",
        rank=54,
        is_long=False,
        place=HOME,
        status=UNCONFIRMED,
    ),
    CourseType(
        code="qlnn_ngoai_nuoc",
        name="Bồi dưỡng quản lý nhà nước ở nước ngoài",
        group="qlnn",
        rank=55,
        is_long=False,
        place=ABROAD,
    ),
    CourseType(
        code="qlkt_trong_nuoc",
        name="Bồi dưỡng quản lý kinh tế (trong nước)",
        group="qlkt",
        rank=60,
        is_long=False,
        place=HOME,
    ),
    CourseType(
        code="qlkt_ngoai_nuoc",
        name="Bồi dưỡng quản lý kinh tế (ngoài nước)",
        group="qlkt",
        rank=61,
        is_long=False,
        place=ABROAD,
    ),
    CourseType(
        code="ngoai_ngu_trong_nuoc",
        name="Bồi dưỡng ngoại ngữ (trong nước)",
        group="ngoai_ngu",
        rank=70,
        is_long=False,
        place=HOME,
    ),
    CourseType(
        code="ngoai_ngu_ngoai_nuoc",
        name="Bồi dưỡng ngoại ngữ (ngoài nước)",
        group="ngoai_ngu",
        rank=71,
        is_long=False,
        place=ABROAD,
    ),
    CourseType(
        code="tin_hoc",
        name="Bồi dưỡng tin học",
        group="tin_hoc",
        rank=80,
        is_long=False,
    ),
    CourseType(
        code="cap_nhat_kien_thuc",
        name="Bồi dưỡng cập nhật kiến thức mới",
        group="cap_nhat",
        rank=90,
        is_long=False,
    ),
    # QP-AN groups 1-4 *confirmed* as report rows; who belongs to which group
    # (NĐ 13/2014, possibly NĐ 139/2020) *unconfirmed*, so no target check.
    *(
        CourseType(
            code=f"qpan_doi_tuong_{n}",
            name=f"Bồi dưỡng kiến thức quốc phòng - an ninh đối tượng {n}",
            group="qpan",
            rank=100 + n,
            is_long=False,
        )
        for n in (1, 2, 3, 4)
    ),
)
