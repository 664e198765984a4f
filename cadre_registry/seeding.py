"""Realistic, deterministic Vietnamese test data, written fast with COPY.

`seed_units` builds a province unit tree (Tỉnh ủy → agencies, Party committees and
former districts → communes, offices → cells) sized to the number of people;
`seed_people` fills it with people and their dated histories: main assignments,
salary records consistent with the grade steps, evaluations, family members,
training and a few Party posts. The distributions follow DOMAIN.md §11.1 (ages,
degrees, political theory of commune staff) and §3 (code lists).

Speed: rows are built in Python as COPY text and written in chunks, never one ORM
save per row (PERFORMANCE.md: COPY is 6× faster than bulk_create). For a big load
into small tables the secondary indexes and foreign keys of the loaded tables are
dropped first and rebuilt after, which is several times faster than maintaining
them row by row; all of it happens in one transaction, so a failure leaves the
database as it was. With `workers=1` (the default for big loads) a forked process
generates the rows while this one copies them, so Python and PostgreSQL use the
two cores side by side.

Determinism: the same `seed`, `people`, `as_of` date and reference data give the
same rows (ids aside, which come from the sequences).

Seeding again: if the province code is taken, the next free one is used ("T01" →
"T02"), so a second run appends a second province with fresh unit codes,
personnel codes and national ids; nothing existing is touched.
"""

from __future__ import annotations

import bisect
import datetime as dt
import io
import itertools
import multiprocessing
import random
import re
import time
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TextIO

from django.core.exceptions import ImproperlyConfigured
from django.db import connection, models, transaction
from django.utils import timezone

from cadre_registry import rules
from cadre_registry.models import (
    Assignment,
    Degree,
    EthnicGroup,
    Evaluation,
    EvaluationLevel,
    FamilyMember,
    Grade,
    GradeStep,
    PartyPost,
    Person,
    PoliticalTheoryLevel,
    Position,
    Religion,
    SalaryRecord,
    StateManagementLevel,
    TrainingRecord,
    Unit,
    UnitKind,
)
from cadre_registry.services import UNIT_PATH_WIDTH

CHUNK_PEOPLE = 10_000
# Above this many people, rows are generated in a forked process (see module doc).
PARALLEL_FROM = 30_000
# Drop and rebuild indexes and foreign keys when the load is at least this big and
# at least as big as what the tables already hold.
BULK_MODE_FROM = 50_000
OVERLAP_TRIGGER = "cadre_registry_assignment_main_no_overlap"


def _weighted(text: str) -> tuple[tuple[str, float], ...]:
    """'Nguyễn 38, Trần 11' -> (("Nguyễn", 38.0), ("Trần", 11.0))."""
    pairs = (item.rsplit(" ", 1) for item in text.split(","))
    return tuple((name.strip(), float(weight)) for name, weight in pairs)


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# --- Names ------------------------------------------------------------------------------

# Surname shares roughly as Vietnamese surveys report them (Nguyễn ~38%).
SURNAMES = _weighted(
    "Nguyễn 38, Trần 11, Lê 9.5, Phạm 7, Hoàng 4, Huỳnh 2.5, Phan 4.5, Vũ 3, Võ 2.5, "
    "Đặng 2.1, Bùi 2, Đỗ 1.4, Hồ 1.3, Ngô 1.3, Dương 1, Lý 0.5, Đinh 1, Đào 0.8, "
    "Trịnh 0.8, Mai 0.6, Lương 0.5, Cao 0.5, Hà 0.6, Lâm 0.4, Tạ 0.3, Chu 0.3, Thái "
    "0.3, Tô 0.3, Triệu 0.3, Kiều 0.2, Quách 0.2, Vương 0.2, La 0.2, Nông 0.3, Lò 0.2"
)
MIDDLE_NAMES = {
    "M": _weighted(
        "Văn 35, Minh 10, Đức 8, Quang 6, Hữu 6, Công 5, Thanh 5, Xuân 4, Quốc 4, Đình 4, "
        "Ngọc 3, Anh 3, Hoàng 3, Trọng 3, Duy 3, Tiến 2, Mạnh 2, Việt 2, Hải 2, Thế 2, Bá "
        "2, Trung 2, Tuấn 2"
    ),
    "F": _weighted(
        "Thị 45, Ngọc 8, Thu 6, Thanh 6, Hồng 5, Minh 4, Thùy 4, Phương 4, Kim 4, Mai 3, "
        "Bích 3, Hải 2, Lan 2, Diệu 2, Khánh 2, Quỳnh 2, Hoài 2, Xuân 2, Huyền 2, Mỹ 2, "
        "Tuyết 1"
    ),
}
GIVEN_NAMES = {
    "M": _words(
        "Thắng Hùng Dũng Tuấn Minh Hải Nam Long Cường Hưng Quân Sơn Trung Thành Hiếu "
        "Phong Bình Hoàng Huy Khánh Lâm Tùng Việt Đức Kiên Thịnh Toàn Vinh Hòa Tài Tâm "
        "Hiệp Quang Tiến Phúc Đạt Duy An Bảo Chiến Giang Hậu Lộc Lợi Nghĩa Nhân Quý Tân "
        "Thái Thiện Trí Trọng Tú Vũ Khải Định"
    ),
    "F": _words(
        "Hương Lan Mai Trang Hà Thảo Linh Ngọc Hằng Hạnh Huyền Nga Nhung Phương Quỳnh "
        "Thủy Thu Vân Yến Anh Chi Dung Giang Hiền Hoa Hồng Liên Loan Ly My Nhàn Oanh Tâm "
        "Thanh Thúy Trinh Tuyết Uyên Vy Xuân Duyên Nguyệt Bích Diệp Châu Lệ Thơ Hoài"
    ),
}
# Every dataset of two or more people has these two (tests and the browser test
# search for them).
FIXED_PEOPLE = (("Nguyễn Thị Hương", "F"), ("Nguyễn Văn Thắng", "M"))

# --- Places and units -------------------------------------------------------------------

_PLACE_FIRST = _words(
    "An Bình Cẩm Đông Hòa Hưng Kim Long Minh Nam Phú Phúc Quang Tân Thanh Thái Thuận "
    "Trung Vĩnh Xuân Yên Hồng Đại Hà Hải Lạc Mỹ Nghĩa Quảng Sơn Tiên Gia"
)
_PLACE_SECOND = _words(
    "An Bình Hòa Hưng Lộc Lợi Phú Phong Sơn Thành Thịnh Tiến Trung Xuân Yên Hà Hải "
    "Lạc Long Mỹ Nghĩa Phước Quang Thái Thuận Tân Đông Tây Nam Bắc Điền Khánh"
)
PROVINCES = (
    "Hà Nội",
    "Hải Phòng",
    "Quảng Ninh",
    "Bắc Ninh",
    "Hưng Yên",
    "Ninh Bình",
    "Thanh Hóa",
    "Nghệ An",
    "Hà Tĩnh",
    "Quảng Trị",
    "Huế",
    "Đà Nẵng",
    "Quảng Ngãi",
    "Gia Lai",
    "Đắk Lắk",
    "Khánh Hòa",
    "Lâm Đồng",
    "Đồng Nai",
    "Tây Ninh",
    "Thành phố Hồ Chí Minh",
    "Đồng Tháp",
    "Vĩnh Long",
    "An Giang",
    "Cần Thơ",
    "Cà Mau",
    "Lào Cai",
    "Tuyên Quang",
    "Thái Nguyên",
    "Phú Thọ",
    "Lạng Sơn",
    "Cao Bằng",
    "Điện Biên",
    "Lai Châu",
    "Sơn La",
)
# (kind, name, short name) of the units directly under the Tỉnh ủy.
AGENCIES = (
    (UnitKind.AGENCY, "Ban Tổ chức Tỉnh ủy", "BTC"),
    (UnitKind.AGENCY, "Văn phòng Tỉnh ủy", "VPTU"),
    (UnitKind.AGENCY, "Ủy ban Kiểm tra Tỉnh ủy", "UBKT"),
    (UnitKind.AGENCY, "Ban Tuyên giáo và Dân vận Tỉnh ủy", "BTGDV"),
    (UnitKind.AGENCY, "Ban Nội chính Tỉnh ủy", "BNC"),
    (UnitKind.AGENCY, "Sở Nội vụ", "SNV"),
    (UnitKind.AGENCY, "Sở Tài chính", "STC"),
    (UnitKind.AGENCY, "Sở Giáo dục và Đào tạo", "SGDĐT"),
    (UnitKind.AGENCY, "Sở Y tế", "SYT"),
    (UnitKind.AFFILIATED, "Đảng ủy các cơ quan Đảng tỉnh", "ĐUCQĐ"),
    (UnitKind.AFFILIATED, "Đảng ủy Ủy ban nhân dân tỉnh", "ĐUUBND"),
    (UnitKind.AGENCY, "Văn phòng Ủy ban nhân dân tỉnh", "VPUBND"),
    (UnitKind.AGENCY, "Sở Tư pháp", "STP"),
    (UnitKind.AGENCY, "Sở Xây dựng", "SXD"),
    (UnitKind.AGENCY, "Sở Công Thương", "SCT"),
    (UnitKind.AGENCY, "Sở Nông nghiệp và Môi trường", "SNNMT"),
    (UnitKind.AGENCY, "Sở Khoa học và Công nghệ", "SKHCN"),
    (UnitKind.AGENCY, "Sở Văn hóa, Thể thao và Du lịch", "SVHTTDL"),
    (UnitKind.AGENCY, "Sở Dân tộc và Tôn giáo", "SDTTG"),
    (UnitKind.AGENCY, "Thanh tra tỉnh", "TTT"),
    (UnitKind.AGENCY, "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "MTTQ"),
    (UnitKind.AGENCY, "Trường Chính trị tỉnh", "TCT"),
    (UnitKind.AGENCY, "Văn phòng Đoàn ĐBQH và HĐND tỉnh", "VPĐĐBQH"),
    (UnitKind.AFFILIATED, "Đảng ủy Công an tỉnh", "ĐUCA"),
    (UnitKind.AFFILIATED, "Đảng ủy Quân sự tỉnh", "ĐUQS"),
    (UnitKind.AGENCY, "Báo và Phát thanh, Truyền hình tỉnh", "BPTTH"),
    (UnitKind.AGENCY, "Ban Quản lý các khu công nghiệp tỉnh", "BQLKCN"),
)
AGENCY_OFFICES = (
    "Văn phòng",
    "Phòng Tổ chức cán bộ",
    "Phòng Kế hoạch - Tài chính",
    "Thanh tra",
    "Phòng Pháp chế",
    "Phòng Tổng hợp",
    "Phòng Nghiệp vụ 1",
    "Phòng Nghiệp vụ 2",
    "Phòng Nghiệp vụ 3",
    "Trung tâm Công nghệ thông tin",
    "Chi cục Quản lý chuyên ngành",
    "Trung tâm Dịch vụ công",
)
COMMUNE_OFFICES = (
    "Văn phòng HĐND và UBND",
    "Phòng Kinh tế",
    "Phòng Văn hóa - Xã hội",
    "Trung tâm Phục vụ hành chính công",
    "Ủy ban MTTQ",
    "Trạm Y tế",
    "Trường Mầm non",
    "Trường Tiểu học",
    "Trường THCS",
    "Ban Chỉ huy Quân sự",
)
SCHOOLS = (
    "Học viện Hành chính Quốc gia",
    "Trường Đại học Kinh tế Quốc dân",
    "Trường Đại học Luật Hà Nội",
    "Trường Đại học Sư phạm Hà Nội",
    "Trường Đại học Khoa học Xã hội và Nhân văn",
    "Trường Đại học Nông nghiệp",
    "Trường Đại học Bách khoa",
    "Trường Đại học Y Hà Nội",
    "Trường Đại học Huế",
    "Trường Đại học Cần Thơ",
    "Trường Đại học Vinh",
    "Trường Đại học Đà Nẵng",
    "Trường Đại học Tài chính - Kế toán",
    "Trường Đại học Luật TP. Hồ Chí Minh",
)
FIELDS = (
    "Luật",
    "Kinh tế",
    "Quản lý nhà nước",
    "Hành chính học",
    "Kế toán",
    "Tài chính - Ngân hàng",
    "Sư phạm Ngữ văn",
    "Sư phạm Toán",
    "Công nghệ thông tin",
    "Y đa khoa",
    "Nông học",
    "Xây dựng dân dụng",
    "Quản lý đất đai",
    "Xây dựng Đảng và Chính quyền nhà nước",
    "Quản trị kinh doanh",
    "Môi trường",
    "Văn hóa học",
)
OCCUPATIONS = (
    "Sinh viên",
    "Giáo viên",
    "Nhân viên hợp đồng",
    "Bộ đội xuất ngũ",
    "Cán bộ đoàn",
    "Kế toán",
    "Nông dân",
    "Nhân viên văn phòng",
)
PARENT_JOBS = (
    "Nông dân",
    "Hưu trí",
    "Cán bộ hưu trí",
    "Công nhân nghỉ hưu",
    "Nội trợ",
    "Kinh doanh",
    "Giáo viên nghỉ hưu",
    "Bộ đội nghỉ hưu",
)
SPOUSE_JOBS = (
    "Giáo viên",
    "Viên chức",
    "Công chức",
    "Bác sĩ",
    "Kỹ sư",
    "Kinh doanh",
    "Công nhân",
    "Nhân viên văn phòng",
    "Nội trợ",
    "Lao động tự do",
)
DEGREE_TITLES = {
    "dai_hoc": "Cử nhân",
    "thac_si": "Thạc sĩ",
    "tien_si": "Tiến sĩ",
    "cao_dang": "Cao đẳng",
    "trung_cap": "Trung cấp",
}
MASS_ORGS = ("Đoàn TNCS Hồ Chí Minh", "Công đoàn Việt Nam", "Hội Cựu chiến binh")
LANGUAGES = (
    "Tiếng Anh B1",
    "Tiếng Anh B2",
    "Tiếng Anh B",
    "Tiếng Anh C",
    "Tiếng Pháp B",
)
IT_LEVELS = ("Ứng dụng CNTT cơ bản", "Ứng dụng CNTT nâng cao", "Tin học B")
CCCD_AUTHORITY = "Cục Cảnh sát quản lý hành chính về trật tự xã hội"

# --- Distributions ------------------------------------------------------------------------

# DOMAIN.md §11.1 (commune cadres and civil servants, 31/12/2024): under 45 59.09%,
# 45–55 30.58%, over 55 10.33%; ages 23–62.
AGE_BANDS = (((23, 44), 59.09), ((45, 55), 30.58), ((56, 62), 10.33))
# §11.1: LLCT of commune staff: sơ cấp or none 12.31%, trung cấp 80.62%, cao cấp or
# cử nhân 7.07%. Elsewhere more trung cấp-free staff and more cao cấp (our choice).
LLCT_COMMUNE = (
    ("none", 6.0),
    ("so_cap", 6.31),
    ("trung_cap", 80.62),
    ("cao_cap", 6.5),
    ("cu_nhan", 0.57),
)
LLCT_OTHER = (
    ("none", 30.0),
    ("so_cap", 14.0),
    ("trung_cap", 45.0),
    ("cao_cap", 10.0),
    ("cu_nhan", 1.0),
)
LLCT_LEADER = (("trung_cap", 35.0), ("cao_cap", 60.0), ("cu_nhan", 5.0))
# §11.1: university or higher 92.42% of commune staff.
DEGREES = (
    ("dai_hoc", 73.0),
    ("thac_si", 16.0),
    ("tien_si", 1.5),
    ("cao_dang", 3.5),
    ("trung_cap", 5.0),
    ("none", 1.0),
)
DEGREES_LEADER = (("dai_hoc", 55.0), ("thac_si", 38.0), ("tien_si", 7.0))
QLNN = (
    ("none", 30.0),
    ("can_su", 3.0),
    ("chuyen_vien", 48.0),
    ("chuyen_vien_chinh", 16.0),
    ("chuyen_vien_cao_cap", 3.0),
)
STAFF_KINDS_COMMUNE = (
    ("can_bo", 51.0),
    ("cong_chuc", 45.0),
    ("hop_dong_68", 2.0),
    ("hop_dong_khac", 2.0),
)
STAFF_KINDS_OTHER = (
    ("can_bo", 12.0),
    ("cong_chuc", 58.0),
    ("vien_chuc", 25.0),
    ("hop_dong_68", 3.0),
    ("hop_dong_khac", 2.0),
)
EVALUATIONS = (
    ("xuat_sac", 12.0),
    ("tot", 70.0),
    ("hoan_thanh", 16.0),
    ("khong_hoan_thanh", 2.0),
)
RELIGIONS = (
    ("Không", 86.0),
    ("Phật giáo", 7.0),
    ("Công giáo", 5.0),
    ("Tin Lành", 0.8),
    ("Cao Đài", 0.6),
    ("Phật giáo Hòa Hảo", 0.4),
    ("Hồi giáo", 0.1),
    ("Đạo khác", 0.1),
)
# Kinh 87.5%, the rest spread over minorities, more for the larger groups.
KINH_SHARE = 87.5
ORIGIN_CLASSES = (
    ("nong_dan", 45.0),
    ("cong_nhan", 12.0),
    ("can_bo", 25.0),
    ("tri_thuc", 10.0),
    ("quan_nhan", 4.0),
    ("tieu_thuong", 4.0),
)
BLOOD_GROUPS = (("O", 42.0), ("A", 21.0), ("B", 30.0), ("AB", 7.0))
MALE_SHARE = 0.55
PARTY_SHARE = 0.70
LEFT_SHARE = 0.015  # retired in the last two years, kept with left_on set

# Posts by unit kind: who is placed first in a unit gets the first post, and so on.
LEADER_POSTS = {
    UnitKind.PROVINCE: (
        "bi_thu_tinh_uy",
        "pho_bi_thu_thuong_truc_tinh_uy",
        "pho_bi_thu_tinh_uy",
        "chu_tich_ubnd_tinh",
        "chu_tich_hdnd_tinh",
        "pho_chu_tich_ubnd_tinh",
        "pho_chu_tich_ubnd_tinh",
        "uy_vien_btv_tinh_uy",
        "uy_vien_btv_tinh_uy",
    ),
    UnitKind.AFFILIATED: (
        "bi_thu_dang_uy_truc_thuoc",
        "pho_bi_thu_dang_uy_truc_thuoc",
        "pho_bi_thu_dang_uy_truc_thuoc",
    ),
    UnitKind.DISTRICT: (
        "bi_thu_huyen_uy",
        "pho_bi_thu_huyen_uy",
        "chu_tich_ubnd_huyen",
        "pho_chu_tich_ubnd_huyen",
        "pho_chu_tich_ubnd_huyen",
    ),
    UnitKind.COMMUNE: (
        "bi_thu_dang_uy_xa",
        "pho_bi_thu_dang_uy_xa",
        "chu_tich_ubnd_xa",
        "pho_chu_tich_ubnd_xa",
        "pho_chu_tich_ubnd_xa",
    ),
    UnitKind.GRASSROOTS: ("truong_phong", "pho_truong_phong", "pho_truong_phong"),
}
# A cell (chi bộ) is a Party body: its secretary holds a Party post, not a job post.
CELL_SECRETARY = "Bí thư Chi bộ"
AGENCY_POSTS = {
    "Sở": ("giam_doc_so", "pho_giam_doc_so", "pho_giam_doc_so"),
    "Văn phòng": ("chanh_van_phong", "pho_chanh_van_phong", "pho_chanh_van_phong"),
    "": ("truong_ban", "pho_truong_ban", "pho_truong_ban"),
}


def _say(stdout: TextIO | None, message: str) -> None:
    if stdout is not None:
        stdout.write(message if message.endswith("\n") else message + "\n")


def _cumulative(pairs: Sequence[tuple[Any, float]]) -> tuple[list[Any], list[float]]:
    items = [item for item, _ in pairs]
    return items, list(itertools.accumulate(weight for _, weight in pairs))


class _Picker:
    """Weighted choice by bisection over cumulative weights: fast in a hot loop."""

    __slots__ = ("items", "cum", "total")

    def __init__(self, pairs: Sequence[tuple[Any, float]]):
        self.items, self.cum = _cumulative(pairs)
        self.total = self.cum[-1]

    def __call__(self, rnd: Callable[[], float]) -> Any:
        return self.items[bisect.bisect(self.cum, rnd() * self.total)]


# --- COPY text --------------------------------------------------------------------------

_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_value(value: Any) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return str(value).translate(_COPY_ESCAPES)


def _copy_columns(model: type[models.Model], columns: Sequence[str]) -> tuple[str, str]:
    """The column list for COPY and the text to append to each row: every NOT NULL
    column not given, with its model default (COPY sees no Django defaults)."""
    extra_columns, extra_values = [], []
    for f in model._meta.concrete_fields:
        if f.generated or f.column in columns or f.primary_key or f.null:
            continue
        if f.has_default():
            value = f.get_default()
        elif isinstance(f, models.CharField | models.TextField):
            value = ""
        elif getattr(f, "db_default", models.NOT_PROVIDED) is not models.NOT_PROVIDED:
            continue
        else:
            raise ImproperlyConfigured(
                f"seeding: no value for {model.__name__}.{f.name}; add it to the generator"
            )
        extra_columns.append(f.column)
        extra_values.append(_copy_value(value))
    names = ", ".join(f'"{c}"' for c in (*columns, *extra_columns))
    suffix = "".join("\t" + v for v in extra_values)
    return names, suffix


# --- Reference data -------------------------------------------------------------------------


@dataclass
class _Reference:
    """Ids of the code-list entries the generator uses, read once."""

    ethnic_kinh: int | None
    ethnic_minorities: list[tuple[int, float]]
    religions: dict[str, int]
    degrees: dict[str, int]
    political_theory: dict[str, int]
    state_management: dict[str, int]
    grades: dict[str, tuple[int, int, list[str]]]  # code -> (id, period, coefficients)
    evaluations: dict[str, dict[str, int]]  # code list key -> level code -> id
    positions: dict[str, tuple[int, str]]  # code -> (id, name)


def _reference_tables_empty() -> bool:
    tables = (
        EthnicGroup,
        Religion,
        Grade,
        GradeStep,
        PoliticalTheoryLevel,
        StateManagementLevel,
        Degree,
        EvaluationLevel,
        Position,
    )
    return any(not model.objects.exists() for model in tables)


def ensure_reference_data() -> None:
    """Load the code lists if any table the generator reads is empty."""
    if _reference_tables_empty():
        from cadre_registry.reference_loader import load_reference_data

        load_reference_data()


def _by_code(model: type[models.Model]) -> dict[str, int]:
    return dict(model.objects.values_list("code", "id"))


def _load_reference() -> _Reference:
    kinh = EthnicGroup.objects.filter(is_minority=False).order_by("code").first()
    minorities = list(
        # The 54 listed groups only, not the Biểu 4 extras (55, 56).
        EthnicGroup.objects.filter(is_minority=True, code__lte="54")
        .order_by("code")
        .values_list("id", flat=True)
    )
    # Larger groups come first in QĐ 1019 (Tày, Thái, Mường, Khơ-me, Hoa, Nùng...).
    minority_weights = [(pk, 1.0 / (rank + 2)) for rank, pk in enumerate(minorities)]
    religions = {name: pk for name, pk in Religion.objects.values_list("name", "id")}
    grades: dict[str, tuple[int, int, list[str]]] = {}
    grade_rows = Grade.objects.values_list(
        "id", "code", "code_list__key", "step_period_months"
    )
    # TT 02/2021 codes are the ones in force; older lists reuse 01.005 (DOMAIN.md §3.2).
    for pk, code, _key, period in sorted(
        grade_rows, key=lambda r: r[2] == "TT02-2021-BNV"
    ):
        steps = [
            f"{c:.2f}"
            for c in GradeStep.objects.filter(grade_id=pk)
            .order_by("step")
            .values_list("coefficient", flat=True)
        ]
        if steps:
            grades[code] = (pk, period or 36, steps)
    evaluations: dict[str, dict[str, int]] = {}
    for pk, code, key in EvaluationLevel.objects.values_list(
        "id", "code", "code_list__key"
    ):
        evaluations.setdefault(key, {})[code] = pk
    positions = {
        code: (pk, name)
        for code, pk, name in Position.objects.values_list("code", "id", "name")
    }
    return _Reference(
        ethnic_kinh=kinh.pk if kinh else None,
        ethnic_minorities=minority_weights,
        religions=religions,
        degrees=_by_code(Degree),
        political_theory=_by_code(PoliticalTheoryLevel),
        state_management=_by_code(StateManagementLevel),
        grades=grades,
        evaluations=evaluations,
        positions=positions,
    )


# --- Units ---------------------------------------------------------------------------------


@dataclass
class UnitTree:
    """The units of one seeded province, in insertion order (parents first)."""

    province_code: str
    ids: list[int] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    depths: list[int] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    parents: list[int | None] = field(default_factory=list)  # index, not id
    tops: list[int] = field(default_factory=list)  # index of the level-2 ancestor
    commune_level: list[bool] = field(default_factory=list)

    @property
    def root_id(self) -> int:
        return self.ids[0]

    def __len__(self) -> int:
        return len(self.ids)


def _tree_shape(people: int) -> tuple[int, int]:
    """(units under the Tỉnh ủy, total units): 20–60 top units and about one unit
    per 100 people, so 1,000,000 people get ~10,000 units and ~16,000 per top unit."""
    tops = max(min(20, max(3, people // 50)), min(60, people // 16_000))
    return tops, max(tops * 4, people // 100)


def _place_names(rng: random.Random) -> Iterator[str]:
    names = [f"{a} {b}" for a in _PLACE_FIRST for b in _PLACE_SECOND if a != b]
    while True:
        rng.shuffle(names)
        yield from names


def _free_province_code(code: str) -> str:
    """`code` if no unit uses it (or its prefix), else the next free one: T01 → T02."""
    match = re.fullmatch(r"(.*?)(\d*)", code)
    stem, digits = match.group(1), match.group(2)
    width, number = len(digits) or 2, int(digits or 1)
    candidate = code
    while (
        Unit.objects.filter(code=candidate).exists()
        or Unit.objects.filter(code__startswith=f"{candidate}-").exists()
    ):
        number += 1
        candidate = f"{stem}{number:0{width}d}"
    return candidate


def _build_tree(*, people: int, seed: int, province_code: str) -> list[dict[str, Any]]:
    rng = random.Random(f"units:{seed}:{people}")
    places = _place_names(rng)
    tops, total = _tree_shape(people)
    per_top = total / tops
    province_place = next(places)
    nodes: list[dict[str, Any]] = [
        {
            "code": province_code,
            "name": f"Tỉnh ủy {province_place}",
            "short": "TU",
            "kind": UnitKind.PROVINCE,
            "parent": None,
            "top": None,
            "commune": False,
        }
    ]

    def add(
        parent: int,
        top: int | None,
        kind: str,
        name: str,
        code: str,
        short: str = "",
        commune: bool = False,
    ) -> int:
        nodes.append(
            {
                "code": code,
                "name": name[:255],
                "short": short,
                "kind": kind,
                "parent": parent,
                "top": top,
                "commune": commune,
            }
        )
        return len(nodes) - 1

    agencies = min(len(AGENCIES), max(1, round(tops * 0.4)))
    for t in range(tops):
        budget = max(1, round(per_top * rng.uniform(0.8, 1.2)))
        code = f"{province_code}-{t + 1:02d}"
        if t < agencies:
            kind, name, short = AGENCIES[t]
            top = add(0, None, kind, name, code, short)
            nodes[top]["top"] = top
            # Agency → offices (cơ sở, phòng) → cells.
            offices = max(0, round((budget - 1) / 5))
            cells_each = 4 if offices else 0
            if offices == 0:
                offices = budget - 1
            for o in range(offices):
                label = (
                    AGENCY_OFFICES[o]
                    if o < len(AGENCY_OFFICES)
                    else f"Phòng Nghiệp vụ {o - 4}"
                )
                office = add(
                    top,
                    top,
                    UnitKind.GRASSROOTS,
                    f"{label}, {name}",
                    f"{code}-{o + 1:02d}",
                )
                for c in range(
                    rng.randint(cells_each - 1, cells_each + 1) if cells_each else 0
                ):
                    add(
                        office,
                        top,
                        UnitKind.CELL,
                        f"Chi bộ {c + 1}, {label}, {name}",
                        f"{code}-{o + 1:02d}-{c + 1:02d}",
                    )
        else:
            place = next(places)
            name = f"Huyện ủy {place}"
            top = add(0, None, UnitKind.DISTRICT, name, code, place)
            nodes[top]["top"] = top
            # Former district → communes → offices → cells.
            communes = max(0, round((budget - 1) / 10))
            deep = communes > 0
            if not deep:
                communes = budget - 1
            for c in range(communes):
                cplace = next(places)
                cname = f"{'Phường' if rng.random() < 0.2 else 'Xã'} {cplace}"
                ccode = f"{code}-{c + 1:02d}"
                commune = add(top, top, UnitKind.COMMUNE, cname, ccode, commune=True)
                if not deep:
                    continue
                offices = rng.randint(2, 4)
                for o in range(offices):
                    label = COMMUNE_OFFICES[o]
                    office = add(
                        commune,
                        top,
                        UnitKind.GRASSROOTS,
                        f"{label} {cname}",
                        f"{ccode}-{o + 1:02d}",
                        commune=True,
                    )
                    for k in range(rng.randint(1, 3)):
                        add(
                            office,
                            top,
                            UnitKind.CELL,
                            f"Chi bộ {k + 1}, {label} {cname}",
                            f"{ccode}-{o + 1:02d}-{k + 1:02d}",
                            commune=True,
                        )
    return nodes


def seed_units(
    *,
    people: int,
    seed: int = 1,
    province_code: str = "T01",
    stdout: TextIO | None = None,
) -> UnitTree:
    """Create a province unit tree sized for `people` and return it (set-wise: ids
    from the sequence, then one COPY with the paths computed here)."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            # Two seeds at once must not pick the same province code.
            cursor.execute("LOCK TABLE cadre_registry_unit IN SHARE ROW EXCLUSIVE MODE")
        code = _free_province_code(province_code)
        if code != province_code:
            _say(stdout, f"Mã tỉnh {province_code} đã có; dùng mã {code}.")
        nodes = _build_tree(people=people, seed=seed, province_code=code)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence('cadre_registry_unit', 'id'))"
                " FROM generate_series(1, %s)",
                [len(nodes)],
            )
            ids = [row[0] for row in cursor.fetchall()]
        tree = UnitTree(province_code=code)
        buffer = io.StringIO()
        sort_orders: dict[int | None, int] = {}
        for index, (pk, node) in enumerate(zip(ids, nodes, strict=True)):
            parent = node["parent"]
            path = (
                tree.paths[parent] if parent is not None else ""
            ) + f"{pk:0{UNIT_PATH_WIDTH}d}/"
            depth = path.count("/")
            sort_orders[parent] = sort_orders.get(parent, 0) + 1
            tree.ids.append(pk)
            tree.codes.append(node["code"])
            tree.names.append(node["name"])
            tree.kinds.append(node["kind"])
            tree.depths.append(depth)
            tree.paths.append(path)
            tree.parents.append(parent)
            tree.tops.append(node["top"] if node["top"] is not None else index)
            tree.commune_level.append(node["commune"])
            buffer.write(
                "\t".join(
                    (
                        str(pk),
                        _copy_value(node["code"]),
                        _copy_value(node["name"]),
                        _copy_value(node["short"]),
                        node["kind"],
                        str(ids[parent]) if parent is not None else "\\N",
                        path,
                        str(depth),
                        str(sort_orders[parent]),
                    )
                )
                + "\n"
            )
        columns, suffix = _copy_columns(
            Unit,
            (
                "id",
                "code",
                "name",
                "short_name",
                "kind",
                "parent_id",
                "path",
                "depth",
                "sort_order",
            ),
        )
        if suffix:
            buffer = io.StringIO(buffer.getvalue().replace("\n", suffix + "\n"))
        buffer.seek(0)
        with connection.cursor() as cursor:
            cursor.copy_expert(
                f"COPY cadre_registry_unit ({columns}) FROM STDIN", buffer
            )
    return tree


# --- People --------------------------------------------------------------------------------


def _province_number(code: str) -> int:
    """1–96 for the national-id prefix: the code's number, else a hash of it."""
    match = re.search(r"(\d+)$", code)
    if match and 1 <= int(match.group(1)) <= 96:
        return int(match.group(1))
    return zlib.crc32(code.encode()) % 96 + 1


@dataclass
class _Plan:
    """Everything the row generator needs, plain data (it may run in a fork)."""

    seed: int
    people: int
    as_of: dt.date
    now: str
    first_person_id: int
    province_code: str
    province_number: int
    province_name: str
    unit_ids: list[int]
    unit_names: list[str]
    unit_kinds: list[str]
    unit_commune: list[bool]
    unit_depths: list[int]
    placement: list[int]  # unit index per person
    rank_in_unit: list[
        int
    ]  # 0 for the first person placed in a unit, 1 for the next...
    unit_sizes: list[int]  # people placed in each unit
    ref: _Reference
    taken_national_ids: set[str]
    taken_personnel_codes: set[str]
    columns: dict[str, tuple[str, str]]  # table -> (column list, suffix)


TABLES = (
    (
        Person,
        (
            "id",
            "full_name",
            "other_names",
            "personnel_code",
            "gender",
            "birth_date",
            "birth_date_precision",
            "birthplace",
            "hometown",
            "permanent_address",
            "current_address",
            "phone",
            "ethnic_group_id",
            "religion_id",
            "national_id",
            "national_id_issued_on",
            "national_id_issued_by",
            "social_insurance_no",
            "origin_class",
            "occupation_before",
            "recruited_on",
            "recruiting_agency",
            "joined_agency_on",
            "staff_kind",
            "main_duties",
            "general_education",
            "highest_degree_id",
            "degree_field",
            "political_theory_id",
            "state_management_id",
            "foreign_languages",
            "it_level",
            "party_joined_on",
            "party_official_on",
            "mass_org_joined_on",
            "mass_org_name",
            "health",
            "height_cm",
            "weight_kg",
            "blood_group",
            "left_on",
            "unit_id",
            "position_id",
            "position_title",
            "grade_id",
            "salary_step",
            "salary_coefficient",
            "retirement_date",
            "created_at",
            "updated_at",
        ),
    ),
    (
        Assignment,
        (
            "person_id",
            "unit_id",
            "position_id",
            "title",
            "is_main",
            "start",
            "end",
            "decision_number",
            "decision_date",
            "decision_authority",
        ),
    ),
    (
        SalaryRecord,
        (
            "person_id",
            "grade_id",
            "step",
            "coefficient",
            "percent",
            "seniority_percent",
            "start",
            "end",
            "decision_number",
            "decision_date",
        ),
    ),
    (Evaluation, ("person_id", "year", "level_id", "score", "emulation")),
    (
        FamilyMember,
        ("person_id", "side", "relation", "full_name", "birth_year", "details"),
    ),
    (
        TrainingRecord,
        (
            "person_id",
            "category",
            "institution",
            "field",
            "mode",
            "qualification",
            "start",
            "end",
        ),
    ),
    (PartyPost, ("person_id", "organisation", "title", "start", "end")),
)


class _Generator:
    """Builds the COPY text of people and their histories, chunk by chunk, in order.
    Stateful (national-id serials), so chunks must be asked for in sequence."""

    def __init__(self, plan: _Plan):
        self.plan = plan
        self.serials: dict[str, int] = {}
        self.personnel_serial = 0
        self.retirement_cache: dict[tuple[str, int, int | None, bool], dt.date] = {}
        ref = plan.ref
        self.surname = _Picker(SURNAMES)
        self.middle = {g: _Picker(p) for g, p in MIDDLE_NAMES.items()}
        self.given = {
            g: _Picker([(n, 1.0 / (1 + i * 0.06)) for i, n in enumerate(names)])
            for g, names in GIVEN_NAMES.items()
        }
        self.ages = _Picker(AGE_BANDS)
        self.degree = _Picker(DEGREES)
        self.degree_leader = _Picker(DEGREES_LEADER)
        self.llct_commune = _Picker(LLCT_COMMUNE)
        self.llct_other = _Picker(LLCT_OTHER)
        self.llct_leader = _Picker(LLCT_LEADER)
        self.qlnn = _Picker(QLNN)
        self.staff_commune = _Picker(STAFF_KINDS_COMMUNE)
        self.staff_other = _Picker(STAFF_KINDS_OTHER)
        self.evaluation = _Picker(EVALUATIONS)
        self.origin = _Picker(ORIGIN_CLASSES)
        self.blood = _Picker(BLOOD_GROUPS)
        religions = [(ref.religions[n], w) for n, w in RELIGIONS if n in ref.religions]
        self.religion = _Picker(religions) if religions else None
        self.minority = (
            _Picker(ref.ethnic_minorities) if ref.ethnic_minorities else None
        )
        self.places = [
            f"{a} {b}" for a in _PLACE_FIRST for b in _PLACE_SECOND if a != b
        ]
        self.iso: dict[int, str] = {}
        self.leader_posts = {
            kind: [ref.positions[c] for c in codes if c in ref.positions]
            for kind, codes in LEADER_POSTS.items()
        }
        self.agency_posts = {
            prefix: [ref.positions[c] for c in codes if c in ref.positions]
            for prefix, codes in AGENCY_POSTS.items()
        }
        self.staff_post = ref.positions.get("chuyen_vien", (None, "Chuyên viên"))
        self.worker_post = ref.positions.get("nhan_vien", (None, "Nhân viên"))
        self.eval_lists = ref.evaluations
        self.today = plan.as_of.toordinal()

    # Helpers ------------------------------------------------------------------------

    def _d(self, ordinal: int) -> str:
        text = self.iso.get(ordinal)
        if text is None:
            text = self.iso[ordinal] = dt.date.fromordinal(ordinal).isoformat()
        return text

    def _retirement(self, gender: str, birth: dt.date, precision: str) -> dt.date:
        month = None if precision == "year" else birth.month
        key = (gender, birth.year, month, False)
        value = self.retirement_cache.get(key)
        if value is None:
            # Same inputs as services._retirement_date: the day never matters.
            value = rules.retirement_date(
                gender=gender,
                birth_year=birth.year,
                birth_month=month,
                women_at_60=False,
            )
            self.retirement_cache[key] = value
        return value

    def _national_id(self, gender: str, birth_year: int) -> str:
        # CCCD: province (3) + gender/century (1) + year (2) + serial (6).
        century = 0 if birth_year < 2000 else 2
        digit = century + (1 if gender == "F" else 0)
        prefix = f"{self.plan.province_number:03d}{digit}{birth_year % 100:02d}"
        serial = self.serials.get(prefix, 0)
        while True:
            serial += 1
            value = f"{prefix}{serial:06d}"
            if value not in self.plan.taken_national_ids:
                break
        self.serials[prefix] = serial
        return value

    def _personnel_code(self) -> str:
        # Digits only, so the list's search finds it by prefix on an index.
        while True:
            self.personnel_serial += 1
            value = f"{self.plan.province_number:02d}{self.personnel_serial:07d}"
            if value not in self.plan.taken_personnel_codes:
                return value

    def _post(
        self, unit: int, rank: int, staff_kind: str, grade: str
    ) -> tuple[Any, str, bool]:
        plan = self.plan
        kind = plan.unit_kinds[unit]
        if kind == UnitKind.AGENCY:
            name = plan.unit_names[unit]
            posts = self.agency_posts[
                "Sở"
                if name.startswith("Sở")
                else "Văn phòng"
                if name.startswith("Văn phòng")
                else ""
            ]
        else:
            posts = self.leader_posts.get(kind, [])
        if rank < len(posts):
            pk, title = posts[rank]
            return pk, title, True
        if staff_kind in ("hop_dong_68", "hop_dong_khac") or grade == "01.005":
            pk, title = self.worker_post
        else:
            pk, title = self.staff_post
        return pk, title, False

    # Chunk ---------------------------------------------------------------------------

    def chunk(self, start: int, stop: int) -> dict[str, str]:
        plan, ref = self.plan, self.plan.ref
        rng = random.Random(f"people:{plan.seed}:{start}")
        rnd, randint, choice = rng.random, rng.randint, rng.choice
        d = self._d
        today = self.today
        as_of = plan.as_of
        out: dict[str, list[str]] = {model._meta.db_table: [] for model, _ in TABLES}
        persons = out[Person._meta.db_table]
        assignments = out[Assignment._meta.db_table]
        salaries = out[SalaryRecord._meta.db_table]
        evaluations = out[Evaluation._meta.db_table]
        families = out[FamilyMember._meta.db_table]
        trainings = out[TrainingRecord._meta.db_table]
        party_posts = out[PartyPost._meta.db_table]
        now = plan.now
        eval_years = [as_of.year - 3, as_of.year - 2, as_of.year - 1]
        nd90 = self.eval_lists.get("ND90-2020") or next(
            iter(self.eval_lists.values()), {}
        )
        nd335 = self.eval_lists.get("ND335-2025", nd90)
        places = self.places
        province = plan.province_name

        for i in range(start, stop):
            pid = plan.first_person_id + i
            unit = plan.placement[i]
            rank = plan.rank_in_unit[i]
            commune = plan.unit_commune[unit]
            # Leaders: the first people placed in a unit, if the unit has such posts.
            kind = plan.unit_kinds[unit]
            # About one leader per ten people, the head first.
            posts = 3 if kind == UnitKind.AGENCY else len(LEADER_POSTS.get(kind, ()))
            leader = rank < min(posts, max(1, plan.unit_sizes[unit] // 10))

            # Name and gender.
            if i < len(FIXED_PEOPLE) and plan.people >= 2:
                full_name, gender = FIXED_PEOPLE[i]
            else:
                gender = "M" if rnd() < (0.75 if leader else MALE_SHARE) else "F"
                full_name = f"{self.surname(rnd)} {self.middle[gender](rnd)} {self.given[gender](rnd)}"

            # Birth date: an age band (§11.1), then a day; nobody past retirement,
            # except the few who left (kept with left_on).
            low, high = self.ages(rnd)
            if leader:
                low = max(low, 35)
                high = max(high, low)
            age = randint(low, high)
            birth_ord = today - age * 365 - randint(0, 364) - age // 4
            birth = dt.date.fromordinal(birth_ord)
            precision = "day"
            if rnd() < 0.01:
                precision = "year"
                birth = dt.date(birth.year, 1, 1)
                birth_ord = birth.toordinal()
            retire = self._retirement(gender, birth, precision)
            left = rnd() < LEFT_SHARE
            if left:
                # Retired within the last two years: aim the birth date at it.
                target = today - randint(30, 700)
                birth_ord = target - (22_460 if gender == "M" else 20_700)
                for _ in range(4):
                    birth = dt.date.fromordinal(birth_ord)
                    if precision == "year":
                        birth = dt.date(birth.year, 1, 1)
                    retire = self._retirement(gender, birth, precision)
                    gap = target - retire.toordinal()
                    if abs(gap) < 31:
                        break
                    birth_ord += gap
                left = retire.toordinal() < today
            while retire.toordinal() < today and not left:
                birth = dt.date(birth.year + 1, birth.month, min(birth.day, 28))
                retire = self._retirement(gender, birth, precision)
            birth_ord = birth.toordinal()
            left_ord = retire.toordinal() if left else None
            end_ord = left_ord if left else today  # last day in service so far

            # Career dates.
            recruited = birth_ord + randint(22 * 365, 30 * 365)
            if recruited > end_ord - 60:
                recruited = max(birth_ord + 21 * 365, end_ord - 60)
            joined = recruited
            moved = rnd() < 0.35 and end_ord - recruited > 5 * 365
            if moved:
                joined = randint(recruited + 2 * 365, end_ord - 180)

            # Education and qualifications.
            degree = self.degree_leader(rnd) if leader else self.degree(rnd)
            staff_kind = (self.staff_commune if commune else self.staff_other)(rnd)
            if leader and staff_kind.startswith("hop_dong"):
                staff_kind = "can_bo"
            llct = (
                self.llct_leader
                if leader
                else self.llct_commune
                if commune
                else self.llct_other
            )(rnd)
            qlnn = self.qlnn(rnd)
            party = leader or rnd() < PARTY_SHARE * (0.6 if age < 28 else 1.0)

            # Grade and salary steps, consistent with GradeStep.
            if leader and plan.unit_depths[unit] <= 2:
                grade = "01.001" if rnd() < 0.4 else "01.002"
            elif leader:
                grade = "01.002" if rnd() < 0.6 else "01.003"
            elif degree in ("dai_hoc", "thac_si", "tien_si"):
                r = rnd()
                grade = (
                    "01.002"
                    if r < 0.2 and age >= 35
                    else "01.001"
                    if r > 0.99 and age >= 45
                    else "01.003"
                )
            elif degree == "cao_dang":
                grade = "01.004"
            else:
                grade = "01.005"
            grade_info = ref.grades.get(grade) or next(iter(ref.grades.values()), None)
            post_id, title, is_leader = self._post(unit, rank, staff_kind, grade)

            # Salary: the step reached after whole periods since the grade began.
            salary_last = None
            if grade_info is not None:
                grade_id, period, coefficients = grade_info
                grade_start = (
                    recruited
                    if not leader
                    else max(recruited, end_ord - randint(3, 12) * 365)
                )
                grade_start_date = dt.date.fromordinal(grade_start)
                elapsed = rules._full_months_between(
                    grade_start_date, dt.date.fromordinal(end_ord)
                )
                step = min(len(coefficients), 1 + max(0, elapsed) // period)
                first = max(1, step - randint(0, 2))
                starts = [
                    rules.add_months(grade_start_date, (s - 1) * period).toordinal()
                    for s in range(first, step + 1)
                ]
                for k, s in enumerate(range(first, step + 1)):
                    s_start = starts[k]
                    s_end = d(starts[k + 1] - 1) if k + 1 < len(starts) else "\\N"
                    salaries.append(
                        f"{pid}\t{grade_id}\t{s}\t{coefficients[s - 1]}\t100\t0\t{d(s_start)}"
                        f"\t{s_end}\t{randint(10, 999)}/QĐ-UBND\t{d(s_start - randint(5, 30))}"
                    )
                salary_last = (grade_id, step, coefficients[step - 1])

            # Main assignments: an earlier one elsewhere for some, then the current.
            decision = f"{randint(10, 999)}/QĐ-{'TU' if plan.unit_depths[unit] <= 2 else 'UBND'}"
            if moved:
                other = plan.placement[randint(0, plan.people - 1)]
                assignments.append(
                    f"{pid}\t{plan.unit_ids[other]}\t{_nullable(self.staff_post[0])}"
                    f"\t{self.staff_post[1]}\tt\t{d(recruited)}\t{d(joined - 1)}"
                    f"\t{randint(10, 999)}/QĐ-UBND\t{d(recruited - randint(3, 20))}"
                    f"\tUBND tỉnh {province}"
                )
            assignments.append(
                f"{pid}\t{plan.unit_ids[unit]}\t{_nullable(post_id)}\t{title}\tt\t{d(joined)}"
                f"\t{d(left_ord) if left else chr(92) + 'N'}\t{decision}"
                f"\t{d(joined - randint(3, 20))}\t{'Tỉnh ủy' if is_leader else 'UBND tỉnh'} {province}"
            )

            # Party.
            party_joined = party_official = "\\N"
            if party:
                lo = max(birth_ord + 20 * 365, recruited - 2 * 365)
                joined_party = randint(lo, max(lo, end_ord - 30))
                party_joined = d(joined_party)
                if joined_party + 365 <= today:
                    party_official = d(joined_party + 365)
                if is_leader and rnd() < 0.6:
                    party_posts.append(
                        f"{pid}\tĐảng bộ {plan.unit_names[unit]}\tỦy viên Ban Chấp hành"
                        f"\t{d(max(joined, joined_party))}\t\\N"
                    )
                elif kind == UnitKind.CELL and rank == 0:
                    party_posts.append(
                        f"{pid}\t{plan.unit_names[unit]}\t{CELL_SECRETARY}"
                        f"\t{d(max(joined, joined_party))}\t\\N"
                    )

            # Training: the degree, then political theory.
            if degree not in ("none",):
                school = choice(SCHOOLS)
                field_name = choice(FIELDS)
                if degree in ("thac_si", "tien_si"):
                    t_start = max(
                        birth_ord + 24 * 365, min(recruited, end_ord - 5 * 365)
                    ) + randint(0, 4 * 365)
                    years = 2 if degree == "thac_si" else 4
                else:
                    t_start = birth_ord + 18 * 365 + randint(0, 3 * 365)
                    years = 4 if degree == "dai_hoc" else 3
                trainings.append(
                    f"chuyen_mon\t{school}\t{field_name}\t{'Chính quy' if rnd() < 0.8 else 'Tại chức'}"
                    f"\t{DEGREE_TITLES.get(degree, '')}"
                    f"\t{d(t_start)}\t{d(t_start + years * 365 - 60)}"
                )
                trainings[-1] = f"{pid}\t{trainings[-1]}"
            else:
                field_name = ""
            if (
                llct in ("trung_cap", "cao_cap", "cu_nhan")
                and end_ord - recruited > 400
            ):
                l_start = randint(recruited + 30, end_ord - 300)
                trainings.append(
                    f"{pid}\tllct\t{'Học viện Chính trị quốc gia Hồ Chí Minh' if llct != 'trung_cap' else 'Trường Chính trị tỉnh ' + province}"
                    f"\tLý luận chính trị\t{'Tập trung' if rnd() < 0.5 else 'Không tập trung'}"
                    f"\t{'Cao cấp lý luận chính trị' if llct != 'trung_cap' else 'Trung cấp lý luận chính trị'}"
                    f"\t{d(l_start)}\t{d(l_start + randint(120, 540))}"
                )

            # Evaluations: two or three of the last three years in service.
            if not left:
                years_in = [
                    y for y in eval_years if y >= dt.date.fromordinal(joined).year
                ]
                if len(years_in) >= 2 and rnd() < 0.4:
                    years_in = years_in[1:]
                for year in years_in:
                    level = self.evaluation(rnd)
                    levels = (
                        nd335 if year >= 2026 and staff_kind == "cong_chuc" else nd90
                    )
                    level_id = levels.get(level)
                    if level_id is None:
                        continue
                    emulation = (
                        "Chiến sĩ thi đua cơ sở"
                        if level == "xuat_sac" and rnd() < 0.5
                        else ""
                    )
                    evaluations.append(f"{pid}\t{year}\t{level_id}\t\\N\t{emulation}")

            # Family: parents and, for some, a spouse and a child.
            surname = full_name.split(" ", 1)[0]
            n_family = randint(0, 3)
            by = birth.year
            for k in range(n_family):
                if k == 0:
                    relation, side, fname, fyear = (
                        "cha",
                        "own",
                        f"{surname} {self.middle['M'](rnd)} {self.given['M'](rnd)}",
                        by - randint(22, 35),
                    )
                elif k == 1:
                    relation, side, fname, fyear = (
                        "me",
                        "own",
                        f"{self.surname(rnd)} {self.middle['F'](rnd)} {self.given['F'](rnd)}",
                        by - randint(20, 32),
                    )
                else:
                    sg = "F" if gender == "M" else "M"
                    relation = "vo" if gender == "M" else "chong"
                    side, fname, fyear = (
                        "own",
                        f"{self.surname(rnd)} {self.middle[sg](rnd)} {self.given[sg](rnd)}",
                        by + randint(-5, 5),
                    )
                job = choice(PARENT_JOBS if k < 2 else SPOUSE_JOBS)
                if k < 2 and fyear < 1945 and rnd() < 0.7:
                    job = "Đã mất"
                families.append(
                    f"{pid}\t{side}\t{relation}\t{fname}\t{fyear}\t{job}, {choice(places)}, {province}"
                )

            # Person row; the cached current columns match the histories above.
            ethnic = ref.ethnic_kinh
            if self.minority is not None and (
                ethnic is None or rnd() * 100 >= KINH_SHARE
            ):
                ethnic = self.minority(rnd)
            religion = self.religion(rnd) if self.religion else None
            degree_id = ref.degrees.get(degree)
            llct_id = ref.political_theory.get(llct)
            qlnn_id = ref.state_management.get(qlnn)
            national_id = self._national_id(gender, birth.year)
            issued = max(
                birth_ord + 14 * 365, dt.date(2021, 1, 1).toordinal()
            ) + randint(0, 1200)
            if issued > today:
                issued = today - randint(1, 300)
            home = f"Xã {choice(places)}, tỉnh {choice(PROVINCES)}"
            address = f"Thôn {randint(1, 12)}, {choice(places)}, {province}"
            military = rnd() < 0.05
            occupation = "Bộ đội xuất ngũ" if military else choice(OCCUPATIONS)
            if salary_last is not None:
                g_id, g_step, g_coef = salary_last
                salary_cols = f"{g_id}\t{g_step}\t{g_coef}"
            else:
                salary_cols = "\\N\t\\N\t\\N"
            persons.append(
                "\t".join(
                    (
                        str(pid),
                        full_name,
                        "",
                        self._personnel_code(),
                        gender,
                        d(birth_ord),
                        precision,
                        home,
                        home,
                        address,
                        address,
                        f"09{randint(10_000_000, 99_999_999)}",
                        _nullable(ethnic),
                        _nullable(religion),
                        national_id,
                        d(issued),
                        CCCD_AUTHORITY,
                        f"{plan.province_number:02d}{randint(0, 99_999_999):08d}",
                        self.origin(rnd),
                        occupation,
                        d(recruited),
                        f"UBND tỉnh {province}"
                        if not commune
                        else f"UBND huyện {choice(places)}",
                        d(joined),
                        staff_kind,
                        title,
                        "12/12" if by >= 1975 or rnd() < 0.7 else "10/10",
                        _nullable(degree_id),
                        field_name,
                        _nullable(llct_id),
                        _nullable(qlnn_id),
                        choice(LANGUAGES),
                        choice(IT_LEVELS),
                        party_joined,
                        party_official,
                        d(birth_ord + 16 * 365 + randint(0, 500)),
                        MASS_ORGS[0],
                        "Tốt",
                        str(randint(150, 175) if gender == "F" else randint(160, 182)),
                        str(randint(42, 65) if gender == "F" else randint(52, 80)),
                        self.blood(rnd),
                        d(left_ord) if left else "\\N",
                        str(plan.unit_ids[unit]),
                        # A person who left has no post in force (services.refresh_current_all).
                        "\\N" if left else _nullable(post_id),
                        "" if left else title,
                        salary_cols,
                        retire.isoformat(),
                        now,
                        now,
                    )
                )
            )

        result = {}
        for model, _ in TABLES:
            table = model._meta.db_table
            columns, suffix = plan.columns[table]
            rows = out[table]
            result[table] = (suffix + "\n").join(rows) + suffix + "\n" if rows else ""
        return result


def _nullable(value: Any) -> str:
    return "\\N" if value is None else str(value)


# --- Bulk mode: drop and rebuild indexes and foreign keys -----------------------------------


def _drop_secondary(cursor, table: str) -> list[str]:
    """Drop `table`'s foreign keys and the indexes that back no constraint; return
    the statements that recreate them exactly."""
    cursor.execute(
        """
        SELECT format('ALTER TABLE %%I ADD CONSTRAINT %%I %%s', %s, conname,
                      pg_get_constraintdef(oid)),
               format('ALTER TABLE %%I DROP CONSTRAINT %%I', %s, conname)
        FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'f'
        """,
        [table, table, table],
    )
    foreign_keys = cursor.fetchall()
    cursor.execute(
        """
        SELECT pg_get_indexdef(i.indexrelid), format('DROP INDEX %%s', i.indexrelid::regclass)
        FROM pg_index i
        WHERE i.indrelid = %s::regclass AND NOT i.indisprimary
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid
                          AND c.conrelid = i.indrelid)
        """,
        [table],
    )
    indexes = cursor.fetchall()
    for _, drop in foreign_keys + indexes:
        cursor.execute(drop)
    return [create for create, _ in indexes + foreign_keys]


def _existing(cursor, sql: str, params: list[Any]) -> set[str]:
    cursor.execute(sql, params)
    return {row[0] for row in cursor.fetchall()}


def _placement(
    tree: UnitTree, people: int, seed: int
) -> tuple[list[int], list[int], list[int]]:
    """Unit index of each person, their order of arrival in it, and unit sizes."""
    rng = random.Random(f"placement:{seed}:{people}")
    tops = sorted(set(tree.tops) - {0})
    top_weight = {t: rng.uniform(0.6, 1.4) for t in tops}
    kind_weight = {
        UnitKind.PROVINCE: 3.0,
        UnitKind.AGENCY: 6.0,
        UnitKind.AFFILIATED: 6.0,
        UnitKind.DISTRICT: 6.0,
        UnitKind.COMMUNE: 8.0,
        UnitKind.GRASSROOTS: 10.0,
        UnitKind.CELL: 3.0,
    }
    weights = [
        kind_weight.get(kind, 5.0) * (top_weight.get(top, 1.0) if index else 1.0)
        for index, (kind, top) in enumerate(zip(tree.kinds, tree.tops, strict=True))
    ]
    cum = list(itertools.accumulate(weights))
    placement = rng.choices(range(len(tree)), cum_weights=cum, k=people)
    seen: dict[int, int] = {}
    ranks = []
    for unit in placement:
        n = seen.get(unit, 0)
        ranks.append(n)
        seen[unit] = n + 1
    return placement, ranks, [seen.get(unit, 0) for unit in range(len(tree))]


def _producer(generator: _Generator, bounds: list[tuple[int, int]], queue) -> None:
    for start, stop in bounds:
        queue.put(generator.chunk(start, stop))
    queue.put(None)


def seed_people(
    *,
    people: int,
    seed: int = 1,
    province_code: str = "T01",
    stdout: TextIO | None = None,
    as_of: dt.date | None = None,
    workers: int | None = None,
) -> dict[str, Any]:
    """Create a province tree and `people` people with their histories.

    Returns the row counts per table, the province code used and the timings.
    `workers=1` generates rows in a forked process (default above 30,000 people),
    `workers=0` in this one."""
    if people < 1:
        raise ValueError(
            "seed_people needs at least one person; use seed_units for a tree"
        )
    started = time.perf_counter()
    as_of = as_of or timezone.localdate()
    ensure_reference_data()
    ref = _load_reference()
    if workers is None:
        workers = 1 if people >= PARALLEL_FROM else 0
    timings: dict[str, float] = {}
    counts: dict[str, int] = {}
    with transaction.atomic():
        tree = seed_units(
            people=people, seed=seed, province_code=province_code, stdout=stdout
        )
        counts["units"] = len(tree)
        timings["units"] = time.perf_counter() - started
        _say(stdout, f"Đơn vị: {len(tree):,} (mã tỉnh {tree.province_code})")
        placement, ranks, sizes = _placement(tree, people, seed)
        number = _province_number(tree.province_code)
        with connection.cursor() as cursor:
            # Reserve a block of person ids: no other insert may take one meanwhile.
            cursor.execute(
                "LOCK TABLE cadre_registry_person IN SHARE ROW EXCLUSIVE MODE"
            )
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence('cadre_registry_person', 'id'))"
            )
            first_id = cursor.fetchone()[0]
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('cadre_registry_person', 'id'), %s)",
                [first_id + people - 1],
            )
            taken_ids = _existing(
                cursor,
                "SELECT national_id FROM cadre_registry_person WHERE national_id LIKE %s",
                [f"{number:03d}%"],
            )
            taken_codes = _existing(
                cursor,
                "SELECT personnel_code FROM cadre_registry_person WHERE personnel_code LIKE %s",
                [f"{number:02d}%"],
            )
            cursor.execute("SELECT count(*) FROM cadre_registry_person")
            existing_people = cursor.fetchone()[0]
        plan = _Plan(
            seed=seed,
            people=people,
            as_of=as_of,
            now=timezone.now().isoformat(),
            first_person_id=first_id,
            province_code=tree.province_code,
            province_number=number,
            province_name=tree.names[0].removeprefix("Tỉnh ủy "),
            unit_ids=tree.ids,
            unit_names=tree.names,
            unit_kinds=tree.kinds,
            unit_commune=tree.commune_level,
            unit_depths=tree.depths,
            placement=placement,
            rank_in_unit=ranks,
            unit_sizes=sizes,
            ref=ref,
            taken_national_ids=taken_ids,
            taken_personnel_codes=taken_codes,
            columns={
                model._meta.db_table: _copy_columns(model, cols)
                for model, cols in TABLES
            },
        )
        generator = _Generator(plan)
        bulk = people >= BULK_MODE_FROM and people >= existing_people
        restore: list[str] = []
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            cursor.execute("SET LOCAL synchronous_commit = off")
            _run_deferred_checks(cursor)
            trigger = _has_trigger(cursor)
            if trigger:
                # Seeded main assignments never overlap by construction (an earlier
                # post ends the day before the current one starts), and the per-row
                # check would cost a query for every COPY row.
                cursor.execute(
                    f"ALTER TABLE cadre_registry_assignment DISABLE TRIGGER {OVERLAP_TRIGGER}"
                )
            if bulk:
                t0 = time.perf_counter()
                for model, _ in TABLES:
                    restore += _drop_secondary(cursor, model._meta.db_table)
                timings["drop_indexes"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        bounds = [
            (s, min(s + CHUNK_PEOPLE, people)) for s in range(0, people, CHUNK_PEOPLE)
        ]
        copy_seconds = 0.0
        per_table: dict[str, float] = {}
        for table_chunks in _chunks(generator, bounds, workers):
            t1 = time.perf_counter()
            with connection.cursor() as cursor:
                for model, _ in TABLES:
                    table = model._meta.db_table
                    text = table_chunks[table]
                    if not text:
                        continue
                    counts[table] = counts.get(table, 0) + text.count("\n")
                    t2 = time.perf_counter()
                    cursor.copy_expert(
                        f"COPY {table} ({plan.columns[table][0]}) FROM STDIN",
                        io.StringIO(text),
                    )
                    per_table[table] = (
                        per_table.get(table, 0.0) + time.perf_counter() - t2
                    )
            copy_seconds += time.perf_counter() - t1
            done = counts.get(Person._meta.db_table, 0)
            if done % 100_000 < CHUNK_PEOPLE or done == people:
                _say(
                    stdout,
                    f"  {done:,} / {people:,} người ({time.perf_counter() - started:.1f} s)",
                )
        timings["rows"] = time.perf_counter() - t0
        timings["copy_wait"] = copy_seconds
        timings.update(
            {
                f"copy:{t.removeprefix('cadre_registry_')}": v
                for t, v in per_table.items()
            }
        )
        with connection.cursor() as cursor:
            _run_deferred_checks(cursor)
            if restore:
                t0 = time.perf_counter()
                for statement in restore:
                    cursor.execute(statement)
                timings["rebuild_indexes"] = time.perf_counter() - t0
            if trigger:
                cursor.execute(
                    f"ALTER TABLE cadre_registry_assignment ENABLE TRIGGER {OVERLAP_TRIGGER}"
                )
    if people * 10 >= existing_people:
        # Fresh statistics for a load that changes the tables' shape; autovacuum
        # takes care of small appends.
        t0 = time.perf_counter()
        with connection.cursor() as cursor:
            for model, _ in TABLES:
                cursor.execute(f"ANALYZE {model._meta.db_table}")
            cursor.execute("ANALYZE cadre_registry_unit")
        timings["analyze"] = time.perf_counter() - t0
    seconds = time.perf_counter() - started
    rows = sum(counts.values())
    return {
        "province_code": tree.province_code,
        "root_unit_id": tree.root_id,
        "people": people,
        "counts": counts,
        "rows": rows,
        "seconds": seconds,
        "rows_per_second": rows / seconds if seconds else 0.0,
        "people_per_second": people / seconds if seconds else 0.0,
        "timings": timings,
        "bulk_mode": bulk,
        "workers": workers,
    }


def _run_deferred_checks(cursor) -> None:
    """Run the queued checks of deferred constraints now (ALTER TABLE refuses a table
    with queued checks), then defer those constraints again, so that the caller's
    transaction keeps its semantics."""
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cursor.execute(
        "SELECT string_agg(format('%I.%I', n.nspname, c.conname), ', ')"
        " FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace"
        " WHERE c.condeferrable AND c.condeferred AND n.nspname = current_schema()"
    )
    names = cursor.fetchone()[0]
    if names:
        cursor.execute(f"SET CONSTRAINTS {names} DEFERRED")


def _has_trigger(cursor) -> bool:
    cursor.execute(
        "SELECT 1 FROM pg_trigger WHERE tgrelid = 'cadre_registry_assignment'::regclass"
        " AND tgname = %s",
        [OVERLAP_TRIGGER],
    )
    return cursor.fetchone() is not None


def _chunks(
    generator: _Generator, bounds: list[tuple[int, int]], workers: int
) -> Iterator[dict[str, str]]:
    if (
        workers <= 0
        or len(bounds) < 2
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        for start, stop in bounds:
            yield generator.chunk(start, stop)
        return
    # Fork: the child inherits the plan without pickling it and never touches the
    # database connection; it ends with os._exit, so the socket is left alone.
    context = multiprocessing.get_context("fork")
    queue = context.Queue(maxsize=3)
    process = context.Process(
        target=_producer, args=(generator, bounds, queue), daemon=True
    )
    process.start()
    try:
        while True:
            item = queue.get()
            if item is None:
                break
            yield item
    finally:
        if process.is_alive():
            process.terminate()
        process.join()


__all__ = ["UnitTree", "ensure_reference_data", "seed_people", "seed_units"]
