"""Reference data (danh mục): the code lists behind the personnel profile.

Pure data, standard library only, so a data migration can load it into the
reference tables (cadre_registry.models.reference) and tests can read it without
Django. Facts and their markers come from /work/shared/DOMAIN.md §2.2, §3 and §5:

- *confirmed*: stated in the cited legal text, official page or repository;
- *secondary source*: a news or law-firm summary, or public code reproducing a list;
- *unconfirmed*: background knowledge or inference; check the primary text first.

Conventions:
- Codes are stable strings; never reuse a code for a new meaning. A code list that
  changes meaning gets a new `CodeListInfo` (01.005 is "Kỹ thuật viên đánh máy" in
  QĐ 78/2004 and "Nhân viên" in TT 02/2021).
- `rank` orders a list. On an ordered scale a higher rank is higher (a higher level,
  a more senior post, a heavier discipline, a better rating); elsewhere it is just
  the display order.
- `aliases` are spellings people type (spreadsheet import); they are compared after
  `normalize_text`, so case, tone marks and spacing need no variants.
- `status` on an entry overrides the code list's marker for that entry ("" = as the
  list says).
- Salary coefficients are strings for `Decimal` ("6.20"), never floats.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

CONFIRMED = "confirmed"
SECONDARY = "secondary source"
UNCONFIRMED = "unconfirmed"

# ======================================================================================
# Shapes
# ======================================================================================


@dataclass(frozen=True, kw_only=True, slots=True)
class CodeListInfo:
    """A published (or local) code list and its version; loaded as a CodeList row."""

    key: str  # stable id, e.g. "QD1019-2008"
    kind: str  # what the entries are: "ethnic_group", "grade", ... (target table)
    title: str
    citation: str
    version: str
    effective_from: date | None
    effective_to: date | None = None
    status: str = CONFIRMED
    note: str = ""

    @property
    def id(self) -> str:
        return self.key


@dataclass(frozen=True, kw_only=True, slots=True)
class Entry:
    """One entry of a code list."""

    code: str
    name: str
    rank: int = 0
    aliases: tuple[str, ...] = ()
    status: str = ""  # "" = the code list's status


@dataclass(frozen=True, kw_only=True, slots=True)
class EthnicGroup(Entry):
    """Dân tộc: `code` is the QĐ 1019/2008 code, `code_121` the QĐ 121/1979 one."""

    code_121: str
    is_minority: bool
    is_listed: bool = True  # one of the 54 groups (False for the Biểu 4 extras)
    status_121: str = ""

    @property
    def code_1019(self) -> str:
        return self.code


@dataclass(frozen=True, kw_only=True, slots=True)
class PayScale:
    """A salary scale of NĐ 204/2004 (a Bảng 2 group, Bảng 1 or a Bảng 4 row)."""

    code: str
    name: str
    table: str
    step_period_months: int
    coefficients: tuple[str, ...]
    status: str = CONFIRMED

    @property
    def steps(self) -> int:
        return len(self.coefficients)


@dataclass(frozen=True, kw_only=True, slots=True)
class Grade(Entry):
    """Ngạch: a civil-service grade in one version of the grade code list."""

    code_list: str
    pay_group: str
    report_family: str  # Biểu 8B family: cvcc, cvc, cv, cansu, nhanvien
    step_period_months: int
    steps: int
    coefficients: tuple[str, ...]  # one per step (bậc 1 first); () when unknown


@dataclass(frozen=True, kw_only=True, slots=True)
class BaseSalaryRate:
    """Mức lương cơ sở (before 07/2013: lương tối thiểu chung) from a date."""

    effective_from: date
    amount: int  # VND per month
    citation: str
    term: str
    status: str = UNCONFIRMED


@dataclass(frozen=True, kw_only=True, slots=True)
class PoliticalTheoryLevel(Entry):
    report_group: str  # BTCTW report column; "" = not counted


@dataclass(frozen=True, kw_only=True, slots=True)
class Degree(Entry):
    report_band: str  # Biểu 8B band


@dataclass(frozen=True, kw_only=True, slots=True)
class EvaluationLevel(Entry):
    code_list: str
    min_points: str | None = None  # lowest score of the band (NĐ 335/2025)


@dataclass(frozen=True, kw_only=True, slots=True)
class DisciplineForm(Entry):
    applies_to: tuple[str, ...]  # party, can_bo, cong_chuc, vien_chuc
    salary_delay_months: int
    planning_wait_months: int | None  # None = no waiting period in the sources


@dataclass(frozen=True, kw_only=True, slots=True)
class StaffKind(Entry):
    report_group: str  # Biểu 8B column: cbcc, vien_chuc, hop_dong_68, hop_dong_khac


@dataclass(frozen=True, kw_only=True, slots=True)
class UnitKind(Entry):
    level: int  # 1 tỉnh, 2 trực thuộc tỉnh, 3 cơ sở, 4 chi bộ
    effective_to: date | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class FamilyRelation(Entry):
    side: str  # "own" or "spouse"


@dataclass(frozen=True, kw_only=True, slots=True)
class GeneralEducation(Entry):
    system: int  # 12 (current) or 10 (old northern system)
    grade: int


@dataclass(frozen=True, kw_only=True, slots=True)
class SkillLevel(Entry):
    framework: str  # ranks compare only within one framework


@dataclass(frozen=True, kw_only=True, slots=True)
class PolicyStatus(Entry):
    concerns: str  # "self" (the person) or "family" (con gia đình chính sách)


@dataclass(frozen=True, kw_only=True, slots=True)
class Position(Entry):
    is_leader: bool  # lãnh đạo, quản lý
    level: int | None  # UnitKind.level where the post sits; None = any level


# ======================================================================================
# Text folding
# ======================================================================================


def _fold_table() -> tuple[int, ...]:
    # Indexed by code point (a tuple beats a dict for str.translate); code points past
    # the end raise IndexError, which str.translate treats as "leave unchanged".
    table = list(range(0x2100))
    # Every precomposed Latin letter with marks, incl. the Vietnamese block U+1EA0-1EF9.
    for codepoint in range(0x00C0, 0x1F00):
        char = chr(codepoint)
        decomposed = unicodedata.normalize("NFD", char)
        base, marks = decomposed[0], decomposed[1:]
        if (
            base != char
            and base.isascii()
            and base.isalpha()
            and all(unicodedata.combining(mark) for mark in marks)
        ):
            table[codepoint] = ord(base.lower())
    # Đ has no decomposition; Ð (Icelandic eth) shows up in text converted from the
    # legacy TCVN3/VNI fonts in place of Đ.
    for char in "ĐđÐ":
        table[ord(char)] = ord("d")
    for char in "\u2018\u2019\u02bc":  # typographic apostrophes, as in H’mông
        table[ord(char)] = ord("'")
    for char in "\u2010\u2011\u2012\u2013\u2014":  # dashes, as in Ê–đê
        table[ord(char)] = ord("-")
    return tuple(table)


_FOLD = _fold_table()


def normalize_text(s: str) -> str:
    """Fold Vietnamese for matching: no marks, đ → d, lower case, single spaces."""
    if not s:
        return ""
    if s.isascii():
        return " ".join(s.lower().split())
    folded = s.translate(_FOLD).lower()
    if not folded.isascii():
        # Decomposed input (combining marks typed separately) and rarer letters.
        decomposed = unicodedata.normalize("NFD", folded)
        folded = "".join(
            char for char in decomposed if not unicodedata.combining(char)
        ).translate(_FOLD)
    return " ".join(folded.split())


def alias_index(entries: Iterable[Entry]) -> dict[str, Entry]:
    """Folded name and aliases → entry; a spelling shared by two entries is an error."""
    index: dict[str, Entry] = {}
    for entry in entries:
        for spelling in (entry.name, *entry.aliases):
            key = normalize_text(spelling)
            other = index.setdefault(key, entry)
            if other.code != entry.code:
                raise ValueError(
                    f"{spelling!r} names both {other.code!r} and {entry.code!r}"
                )
    return index


def _aliases(name: str, *extra: str) -> tuple[str, ...]:
    """Extra spellings plus the hyphen variants of `name` ("Ê-đê": "Ê đê", "Êđê")."""
    candidates = list(extra)
    for spelling in (name, *extra):
        if "-" in spelling:
            candidates.append(spelling.replace("-", " "))
            candidates.append(spelling.replace("-", " - "))
            if " " not in spelling:
                candidates.append(spelling.replace("-", ""))
    seen = {normalize_text(name)}
    result = []
    for candidate in candidates:
        key = normalize_text(candidate)
        if key not in seen:
            seen.add(key)
            result.append(candidate)
    return tuple(result)


# ======================================================================================
# 1. Ethnic groups (dân tộc)
# ======================================================================================

# QĐ 1019/QĐ-TCTK of 12/11/2008 (GSO "Danh mục dân tộc Việt Nam"): codes 01-13
# *confirmed* [17], 14-20 *confirmed* [18], 21-54 *secondary source* (a public HR
# seeder that matches 01-20 exactly). DOMAIN.md §3.3.
ETHNIC_GROUPS_CODE_LIST = CodeListInfo(
    key="QD1019-2008",
    kind="ethnic_group",
    title="Danh mục các dân tộc Việt Nam",
    citation="Quyết định 1019/QĐ-TCTK ngày 12/11/2008 của Tổng cục Thống kê",
    version="2008",
    effective_from=date(2008, 11, 12),
    status=SECONDARY,
    note="Mã 01-20 đã đối chiếu văn bản; mã 21-54 theo nguồn thứ cấp. "
    "Mã 55, 56 là dòng bổ sung của Biểu 4-BTCTW.",
)

# QĐ 121-TCTK/PPCĐ of 02/3/1979, still used on Party forms: codes 01-09 *confirmed*
# [19, 20]; the rest *secondary source* (BTCTW constants and two app seeders in public
# HR code). Open item (§12.3): the constants file has Ê-đê 11 and Ngái 12, both
# seeders (followed here) Ngái 11 and Ê-đê 12. The codes live on the ethnic-group
# entries (`code_121`); this descriptor names that code system.
ETHNIC_GROUPS_121_CODE_LIST = CodeListInfo(
    key="QD121-1979",
    kind="ethnic_group_121",
    title="Danh mục các dân tộc Việt Nam (mã dùng trong biểu mẫu Đảng)",
    citation="Quyết định 121-TCTK/PPCĐ ngày 02/3/1979 của Tổng cục Thống kê",
    version="1979",
    effective_from=date(1979, 3, 2),
    status=SECONDARY,
    note="Mã 01-09 đã đối chiếu văn bản; còn lại theo nguồn thứ cấp "
    "(chưa thống nhất mã 11/12: Ngái hay Ê-đê).",
)


def _ethnic(
    code: str, code_121: str, name: str, *aliases: str, minority: bool = True
) -> EthnicGroup:
    number = int(code)
    return EthnicGroup(
        code=code,
        code_121=code_121,
        name=name,
        rank=number,
        aliases=_aliases(name, *aliases),
        is_minority=minority,
        status=CONFIRMED if number <= 20 else SECONDARY,
        status_121=CONFIRMED if int(code_121) <= 9 else SECONDARY,
    )


# Names as DOMAIN.md §3.3 spells them; "Kinh (Việt)" and "Mông (H'mông)" keep the
# short form as the name and the long one as an alias.
ETHNIC_GROUPS: tuple[EthnicGroup, ...] = (
    _ethnic("01", "01", "Kinh", "Việt", "Kinh (Việt)", minority=False),
    _ethnic("02", "02", "Tày"),
    _ethnic("03", "03", "Thái"),
    _ethnic("04", "06", "Mường"),
    _ethnic("05", "05", "Khơ-me", "Khmer"),
    _ethnic("06", "04", "Hoa", "Hán"),
    _ethnic("07", "07", "Nùng"),
    _ethnic(
        "08",
        "08",
        "Mông",
        "H'mông",
        "Hmông",
        "H mông",
        "Hmong",
        "Mông (H'mông)",
    ),
    _ethnic("09", "09", "Dao"),
    _ethnic("10", "10", "Gia-rai", "Jrai", "Jarai"),
    _ethnic("11", "12", "Ê-đê", "Ede", "Rhade"),
    _ethnic("12", "13", "Ba-na", "Bahnar"),
    _ethnic(
        "13",
        "15",
        "Sán Chay",
        "Cao Lan",
        "Sán Chỉ",
        "Cao Lan-Sán Chỉ",
        "Sán Chay (Cao Lan-Sán Chỉ)",
    ),
    _ethnic("14", "17", "Chăm", "Chàm"),
    _ethnic("15", "16", "Cơ-ho", "K'ho", "Koho"),
    _ethnic("16", "14", "Xơ-đăng", "Xê-đăng", "Sedang"),
    _ethnic("17", "18", "Sán Dìu"),
    _ethnic("18", "19", "Hrê", "H'rê"),
    _ethnic("19", "21", "Ra-glai"),
    _ethnic("20", "20", "Mnông", "M'nông", "M nông", "Mơ-nông"),
    _ethnic("21", "24", "Thổ"),
    _ethnic("22", "22", "Xtiêng", "X'tiêng", "Stiêng"),
    _ethnic("23", "29", "Khơ-mú", "Khmu", "Kmhmu", "Xá Cẩu"),
    _ethnic("24", "23", "Bru-Vân Kiều", "Vân Kiều", "Bru"),
    _ethnic("25", "26", "Cơ-tu", "Ca-tu", "Katu"),
    _ethnic("26", "25", "Giáy"),
    _ethnic("27", "31", "Tà-ôi", "Pa-cô"),
    _ethnic("28", "28", "Mạ"),
    _ethnic("29", "27", "Giẻ-Triêng"),
    _ethnic("30", "30", "Co", "Cor"),
    _ethnic("31", "32", "Chơ-ro", "Châu-ro"),
    _ethnic("32", "34", "Xinh-mun"),
    _ethnic("33", "35", "Hà Nhì", "Hani"),
    _ethnic("34", "36", "Chu-ru"),
    _ethnic("35", "37", "Lào"),
    _ethnic("36", "38", "La Chí"),
    _ethnic("37", "33", "Kháng"),
    _ethnic("38", "40", "Phù Lá"),
    _ethnic("39", "41", "La Hủ"),
    _ethnic("40", "39", "La Ha"),
    _ethnic("41", "46", "Pà Thẻn", "Pà Hưng"),
    _ethnic("42", "42", "Lự"),
    _ethnic("43", "11", "Ngái"),
    _ethnic("44", "44", "Chứt"),
    _ethnic("45", "43", "Lô Lô"),
    _ethnic("46", "45", "Mảng"),
    _ethnic("47", "47", "Cờ Lao"),
    _ethnic("48", "49", "Bố Y"),
    _ethnic("49", "48", "Cống"),
    _ethnic("50", "50", "Si La"),
    _ethnic("51", "51", "Pu Péo"),
    _ethnic("52", "54", "Rơ-măm"),
    _ethnic("53", "52", "Brâu", "Brao"),
    _ethnic("54", "53", "Ơ-đu", "Tày Hạt"),
    # Biểu 4-BTCTW adds 55 "Dân tộc khác" and 56 "Quốc tịch gốc nước ngoài"
    # *confirmed*; they belong to neither decision, so `code_121` repeats the Biểu 4
    # row number. Apps often use "55 Người nước ngoài" instead (*secondary source*):
    # that spelling is an alias of 56 here, so 55 keeps the Biểu 4 meaning.
    # is_minority: a Vietnamese citizen of an unlisted group is not Kinh, so 55 counts
    # as a minority (NĐ 05/2011/NĐ-CP Art. 4, *unconfirmed*: every group smaller than
    # the majority); a citizen of foreign origin belongs to no ethnic group of Vietnam,
    # so 56 does not. Both are our decision, not a source's; reports show 55/56 apart.
    EthnicGroup(
        code="55",
        code_121="55",
        name="Dân tộc khác",
        rank=55,
        aliases=("Khác",),
        is_minority=True,
        is_listed=False,
        status=CONFIRMED,
        status_121=CONFIRMED,
    ),
    EthnicGroup(
        code="56",
        code_121="56",
        name="Quốc tịch gốc nước ngoài",
        rank=56,
        aliases=(
            "Người nước ngoài",
            "Nước ngoài",
            "Gốc nước ngoài",
            "Người có quốc tịch gốc nước ngoài",
        ),
        is_minority=False,
        is_listed=False,
        status=CONFIRMED,
        status_121=CONFIRMED,
    ),
)

# ======================================================================================
# 2. Religions (tôn giáo)
# ======================================================================================

# Biểu 4-BTCTW and the thanhvu16/quan_ly_can_bo constants: 1-7 *confirmed*. "Không"
# (none) is added because the 2C guide says write "Không", never leave it blank
# (*secondary source* [5]). Other recognised religions (Baha'i, Bửu Sơn Kỳ Hương, ...)
# are reported as 07 "Đạo khác" (DOMAIN.md §3.4; the full list is *unconfirmed*).
RELIGIONS_CODE_LIST = CodeListInfo(
    key="BTCTW-B4-TONGIAO",
    kind="religion",
    title="Tôn giáo (Biểu 4-BTCTW)",
    citation="Biểu 4-BTCTW, thống kê đảng viên mới theo dân tộc, tôn giáo",
    version="1",
    effective_from=None,
)

RELIGIONS: tuple[Entry, ...] = (
    Entry(
        code="00",
        name="Không",
        rank=0,
        aliases=(
            "Không có",
            "Không tôn giáo",
            "Không theo tôn giáo",
            "Không theo đạo",
            "Không đạo",
        ),
        status=SECONDARY,
    ),
    Entry(code="01", name="Phật giáo", rank=1, aliases=("Phật", "Đạo Phật")),
    Entry(
        code="02",
        name="Công giáo",
        rank=2,
        aliases=("Thiên Chúa giáo", "Thiên Chúa", "Đạo Thiên Chúa", "Công giáo La Mã"),
    ),
    Entry(
        code="03",
        name="Phật giáo Hòa Hảo",
        rank=3,
        aliases=("Hòa Hảo", "Đạo Hòa Hảo", "PGHH"),
    ),
    Entry(
        code="04",
        name="Cao Đài",
        rank=4,
        aliases=("Đạo Cao Đài", "Cao Đài giáo"),
    ),
    Entry(
        code="05", name="Tin Lành", rank=5, aliases=("Đạo Tin Lành", "Tin Lành giáo")
    ),
    Entry(code="06", name="Hồi giáo", rank=6, aliases=("Đạo Hồi", "Hồi", "Islam")),
    Entry(code="07", name="Đạo khác", rank=7, aliases=("Tôn giáo khác", "Khác")),
)

# ======================================================================================
# 3. Salary scales, grades (ngạch) and the base salary
# ======================================================================================

# NĐ 204/2004/NĐ-CP. Bảng 2 A3.1, A2.1, A1, A0 and B *confirmed* through TT 02/2021
# [15, 16]; A3.2, A2.2, C1, C2, C3 and Bảng 1 (chuyên gia cao cấp) *unconfirmed*
# (§3.2, §12.5). Bảng 4 (nhân viên thừa hành, phục vụ) *secondary source*
# (luatphap.vn reprint of Bảng 4); its first row is the "driver scale" of §3.2,
# printed in [16] with 3.86 at step 11, which breaks the +0.18 progression: 3.85 as in
# the Bảng 4 reprint. Step periods: 60 months chuyên gia cao cấp, 36 months A0-A3,
# 24 months B, C and Bảng 4 (TT 08/2013 amended by TT 03/2021, §5, *confirmed*).
PAY_SCALES_CODE_LIST = CodeListInfo(
    key="ND204-2004",
    kind="pay_scale",
    title="Bảng lương chuyên môn, nghiệp vụ đối với cán bộ, công chức, viên chức",
    citation="Nghị định 204/2004/NĐ-CP, Bảng 1, Bảng 2 và Bảng 4",
    version="2004",
    effective_from=date(2004, 10, 1),
    status=CONFIRMED,
)

_A3_1 = ("6.20", "6.56", "6.92", "7.28", "7.64", "8.00")
_A3_2 = ("5.75", "6.11", "6.47", "6.83", "7.19", "7.55")
_A2_1 = ("4.40", "4.74", "5.08", "5.42", "5.76", "6.10", "6.44", "6.78")
_A2_2 = ("4.00", "4.34", "4.68", "5.02", "5.36", "5.70", "6.04", "6.38")
_A1 = ("2.34", "2.67", "3.00", "3.33", "3.66", "3.99", "4.32", "4.65", "4.98")
_A0 = ("2.10", "2.41", "2.72", "3.03", "3.34", "3.65", "3.96", "4.27", "4.58", "4.89")
# fmt: off
_B = ("1.86", "2.06", "2.26", "2.46", "2.66", "2.86", "3.06", "3.26", "3.46", "3.66",
      "3.86", "4.06")
_C1 = ("1.65", "1.83", "2.01", "2.19", "2.37", "2.55", "2.73", "2.91", "3.09", "3.27",
       "3.45", "3.63")
_C2 = ("1.50", "1.68", "1.86", "2.04", "2.22", "2.40", "2.58", "2.76", "2.94", "3.12",
       "3.30", "3.48")
_C3 = ("1.35", "1.53", "1.71", "1.89", "2.07", "2.25", "2.43", "2.61", "2.79", "2.97",
       "3.15", "3.33")
_NV1 = ("2.05", "2.23", "2.41", "2.59", "2.77", "2.95", "3.13", "3.31", "3.49", "3.67",
        "3.85", "4.03")
_NV5 = ("1.00", "1.18", "1.36", "1.54", "1.72", "1.90", "2.08", "2.26", "2.44", "2.62",
        "2.80", "2.98")
# fmt: on
_CGCC = ("8.80", "9.40", "10.00")

PAY_SCALES: tuple[PayScale, ...] = (
    PayScale(
        code="CGCC",
        name="Chuyên gia cao cấp",
        table="Bảng 1",
        step_period_months=60,
        coefficients=_CGCC,
        status=UNCONFIRMED,
    ),
    PayScale(
        code="A3.1",
        name="Công chức loại A3, nhóm 1",
        table="Bảng 2",
        step_period_months=36,
        coefficients=_A3_1,
    ),
    PayScale(
        code="A3.2",
        name="Công chức loại A3, nhóm 2",
        table="Bảng 2",
        step_period_months=36,
        coefficients=_A3_2,
        status=UNCONFIRMED,
    ),
    PayScale(
        code="A2.1",
        name="Công chức loại A2, nhóm 1",
        table="Bảng 2",
        step_period_months=36,
        coefficients=_A2_1,
    ),
    PayScale(
        code="A2.2",
        name="Công chức loại A2, nhóm 2",
        table="Bảng 2",
        step_period_months=36,
        coefficients=_A2_2,
        status=UNCONFIRMED,
    ),
    PayScale(
        code="A1",
        name="Công chức loại A1",
        table="Bảng 2",
        step_period_months=36,
        coefficients=_A1,
    ),
    PayScale(
        code="A0",
        name="Công chức loại A0",
        table="Bảng 2",
        step_period_months=36,
        coefficients=_A0,
    ),
    PayScale(
        code="B",
        name="Công chức loại B",
        table="Bảng 2",
        step_period_months=24,
        coefficients=_B,
    ),
    PayScale(
        code="C1",
        name="Công chức loại C, nhóm 1",
        table="Bảng 2",
        step_period_months=24,
        coefficients=_C1,
        status=UNCONFIRMED,
    ),
    PayScale(
        code="C2",
        name="Công chức loại C, nhóm 2",
        table="Bảng 2",
        step_period_months=24,
        coefficients=_C2,
        status=UNCONFIRMED,
    ),
    PayScale(
        code="C3",
        name="Công chức loại C, nhóm 3",
        table="Bảng 2",
        step_period_months=24,
        coefficients=_C3,
        status=UNCONFIRMED,
    ),
    PayScale(
        code="NV1",
        name="Lái xe cơ quan; Kỹ thuật viên đánh máy",
        table="Bảng 4",
        step_period_months=24,
        coefficients=_NV1,
        status=SECONDARY,
    ),
    PayScale(
        code="NV2",
        name="Nhân viên kỹ thuật",
        table="Bảng 4",
        step_period_months=24,
        coefficients=_C1,
        status=SECONDARY,
    ),
    PayScale(
        code="NV3",
        name="Nhân viên đánh máy; Nhân viên bảo vệ",
        table="Bảng 4",
        step_period_months=24,
        coefficients=_C2,
        status=SECONDARY,
    ),
    PayScale(
        code="NV4",
        name="Nhân viên văn thư",
        table="Bảng 4",
        step_period_months=24,
        coefficients=_C3,
        status=SECONDARY,
    ),
    PayScale(
        code="NV5",
        name="Nhân viên phục vụ",
        table="Bảng 4",
        step_period_months=24,
        coefficients=_NV5,
        status=SECONDARY,
    ),
)
_SCALE = {scale.code: scale for scale in PAY_SCALES}

# TT 02/2021/TT-BNV, in force 01/8/2021: 01.001-01.005 *confirmed* [15, 16].
# Văn thư 02.006-02.008: DOMAIN.md marks the pay groups *unconfirmed*; a
# thuvienphapluat.vn summary of TT 02/2021 (*secondary source*) gives A2.1
# (4.40-6.78), A1 (2.34-4.98) and B (1.86-4.06), which is what is encoded. The same
# summary: a văn thư viên trung cấp hired with a cao đẳng degree or higher starts at
# bậc 2 (2.06).
GRADES_TT02_2021_CODE_LIST = CodeListInfo(
    key="TT02-2021-BNV",
    kind="grade",
    title="Ngạch công chức chuyên ngành hành chính và văn thư",
    citation="Thông tư 02/2021/TT-BNV ngày 11/6/2021 của Bộ Nội vụ; "
    "bảng lương theo Nghị định 204/2004/NĐ-CP",
    version="2021",
    effective_from=date(2021, 8, 1),
)

# QĐ 78/2004/QĐ-BNV grade codes, as older systems store them (*secondary source*:
# option list in public HR code). 01.001-01.004 kept their names in 2021, but Cán sự
# was on loại B (top step 4.06, *confirmed* worked example), and 01.005 meant
# "Kỹ thuật viên đánh máy". 01.005-01.011 are the Bảng 4 titles of NĐ 204/2004
# (*secondary source*, see PAY_SCALES). The decision date and the end date (TT 02/2021
# replaced the 01.xxx grades from 01/8/2021) are *unconfirmed*; other QĐ 78 codes
# (02.012-02.014 lưu trữ, 04.023-04.025 thanh tra, 06.029-06.033 kế toán, 06.036-06.040
# thuế) are not encoded yet.
GRADES_QD78_2004_CODE_LIST = CodeListInfo(
    key="QD78-2004-BNV",
    kind="grade",
    title="Danh mục các ngạch công chức và ngạch viên chức (mã cũ)",
    citation="Quyết định 78/2004/QĐ-BNV của Bộ Nội vụ",
    version="2004",
    effective_from=date(2004, 11, 3),
    effective_to=date(2021, 7, 31),
    status=SECONDARY,
)

GRADE_CODE_LISTS: tuple[CodeListInfo, ...] = (
    GRADES_QD78_2004_CODE_LIST,
    GRADES_TT02_2021_CODE_LIST,
)


def _grade(
    code_list: CodeListInfo,
    code: str,
    name: str,
    pay_group: str,
    report_family: str,
    rank: int,
    *aliases: str,
    status: str = "",
) -> Grade:
    scale = _SCALE[pay_group]
    return Grade(
        code_list=code_list.key,
        code=code,
        name=name,
        rank=rank,
        aliases=aliases,
        pay_group=pay_group,
        report_family=report_family,
        step_period_months=scale.step_period_months,
        steps=scale.steps,
        coefficients=scale.coefficients,
        status=status,
    )


_TT02 = GRADES_TT02_2021_CODE_LIST
_QD78 = GRADES_QD78_2004_CODE_LIST

GRADES: tuple[Grade, ...] = (
    # QĐ 78/2004 (before 01/8/2021)
    _grade(_QD78, "01.001", "Chuyên viên cao cấp", "A3.1", "cvcc", 5, "CVCC"),
    _grade(_QD78, "01.002", "Chuyên viên chính", "A2.1", "cvc", 4, "CVC"),
    _grade(_QD78, "01.003", "Chuyên viên", "A1", "cv", 3, "CV"),
    _grade(_QD78, "01.004", "Cán sự", "B", "cansu", 2, status=CONFIRMED),
    _grade(_QD78, "01.005", "Kỹ thuật viên đánh máy", "NV1", "nhanvien", 1),
    _grade(_QD78, "01.006", "Nhân viên đánh máy", "NV3", "nhanvien", 1),
    _grade(_QD78, "01.007", "Nhân viên kỹ thuật", "NV2", "nhanvien", 1),
    _grade(_QD78, "01.008", "Nhân viên văn thư", "NV4", "nhanvien", 1),
    _grade(_QD78, "01.009", "Nhân viên phục vụ", "NV5", "nhanvien", 1),
    _grade(_QD78, "01.010", "Lái xe cơ quan", "NV1", "nhanvien", 1, "Lái xe"),
    _grade(_QD78, "01.011", "Nhân viên bảo vệ", "NV3", "nhanvien", 1, "Bảo vệ"),
    # TT 02/2021 (from 01/8/2021)
    _grade(_TT02, "01.001", "Chuyên viên cao cấp", "A3.1", "cvcc", 5, "CVCC"),
    _grade(_TT02, "01.002", "Chuyên viên chính", "A2.1", "cvc", 4, "CVC"),
    _grade(_TT02, "01.003", "Chuyên viên", "A1", "cv", 3, "CV"),
    _grade(_TT02, "01.004", "Cán sự", "A0", "cansu", 2),
    _grade(_TT02, "01.005", "Nhân viên", "B", "nhanvien", 1),
    _grade(_TT02, "02.006", "Văn thư viên chính", "A2.1", "cvc", 4, status=SECONDARY),
    _grade(_TT02, "02.007", "Văn thư viên", "A1", "cv", 3, status=SECONDARY),
    _grade(
        _TT02,
        "02.008",
        "Văn thư viên trung cấp",
        "B",
        "cansu",  # trung cấp grades report as "Cán sự và tương đương" (*unconfirmed*)
        2,
        status=SECONDARY,
    ),
)

# Biểu 8B-BTCTW grade families *confirmed*.
GRADE_REPORT_FAMILIES: dict[str, str] = {
    "cvcc": "Chuyên viên cao cấp và tương đương",
    "cvc": "Chuyên viên chính và tương đương",
    "cv": "Chuyên viên và tương đương",
    "cansu": "Cán sự và tương đương",
    "nhanvien": "Nhân viên",
}

# Mức lương cơ sở. 1,490,000 VND *confirmed* as the amount TT 02/2021 tables used
# (2019 - 6/2023) [15]; 2,340,000 from 01/7/2024 (NĐ 73/2024) *unconfirmed* per
# DOMAIN.md §3.2. 1,800,000 (NĐ 24/2023), every decree number and date, and the
# earlier rates are *unconfirmed* (background knowledge), except 290,000 from
# 01/10/2004, which Bảng 4 reprints use (*secondary source*). Before NĐ 66/2013 the
# amount was called "mức lương tối thiểu chung".
BASE_SALARY_CODE_LIST = CodeListInfo(
    key="LUONG-CO-SO",
    kind="base_salary",
    title="Mức lương cơ sở",
    citation="Các nghị định quy định mức lương cơ sở (lương tối thiểu chung)",
    version="2024",
    effective_from=date(2004, 10, 1),
    status=UNCONFIRMED,
)

_MIN = "Mức lương tối thiểu chung"
_BASE = "Mức lương cơ sở"
BASE_SALARY: tuple[BaseSalaryRate, ...] = (
    BaseSalaryRate(
        effective_from=date(2004, 10, 1),
        amount=290_000,
        citation="Nghị định 203/2004/NĐ-CP",
        term=_MIN,
        status=SECONDARY,
    ),
    BaseSalaryRate(
        effective_from=date(2006, 1, 1),
        amount=350_000,
        citation="Nghị định 118/2005/NĐ-CP",
        term=_MIN,
    ),
    BaseSalaryRate(
        effective_from=date(2006, 10, 1),
        amount=450_000,
        citation="Nghị định 94/2006/NĐ-CP",
        term=_MIN,
    ),
    BaseSalaryRate(
        effective_from=date(2008, 1, 1),
        amount=540_000,
        citation="Nghị định 166/2007/NĐ-CP",
        term=_MIN,
    ),
    BaseSalaryRate(
        effective_from=date(2009, 5, 1),
        amount=650_000,
        citation="Nghị định 33/2009/NĐ-CP",
        term=_MIN,
    ),
    BaseSalaryRate(
        effective_from=date(2010, 5, 1),
        amount=730_000,
        citation="Nghị định 28/2010/NĐ-CP",
        term=_MIN,
    ),
    BaseSalaryRate(
        effective_from=date(2011, 5, 1),
        amount=830_000,
        citation="Nghị định 22/2011/NĐ-CP",
        term=_MIN,
    ),
    BaseSalaryRate(
        effective_from=date(2012, 5, 1),
        amount=1_050_000,
        citation="Nghị định 31/2012/NĐ-CP",
        term=_MIN,
    ),
    BaseSalaryRate(
        effective_from=date(2013, 7, 1),
        amount=1_150_000,
        citation="Nghị định 66/2013/NĐ-CP",
        term=_BASE,
    ),
    BaseSalaryRate(
        effective_from=date(2016, 5, 1),
        amount=1_210_000,
        citation="Nghị định 47/2016/NĐ-CP",
        term=_BASE,
    ),
    BaseSalaryRate(
        effective_from=date(2017, 7, 1),
        amount=1_300_000,
        citation="Nghị định 47/2017/NĐ-CP",
        term=_BASE,
    ),
    BaseSalaryRate(
        effective_from=date(2018, 7, 1),
        amount=1_390_000,
        citation="Nghị định 72/2018/NĐ-CP",
        term=_BASE,
    ),
    BaseSalaryRate(
        effective_from=date(2019, 7, 1),
        amount=1_490_000,
        citation="Nghị định 38/2019/NĐ-CP",
        term=_BASE,
        status=CONFIRMED,
    ),
    BaseSalaryRate(
        effective_from=date(2023, 7, 1),
        amount=1_800_000,
        citation="Nghị định 24/2023/NĐ-CP",
        term=_BASE,
    ),
    BaseSalaryRate(
        effective_from=date(2024, 7, 1),
        amount=2_340_000,
        citation="Nghị định 73/2024/NĐ-CP",
        term=_BASE,
    ),
)


def base_salary_on(day: date) -> BaseSalaryRate | None:
    """The base-salary rate in force on `day`; None before the first one."""
    current = None
    for rate in BASE_SALARY:
        if rate.effective_from > day:
            break
        current = rate
    return current


# ======================================================================================
# 5-6. Political theory (LLCT) and state management (QLNN)
# ======================================================================================

# LLCT levels *confirmed* (2C forms: "Cử nhân, Cao cấp, Trung cấp, Sơ cấp"; QĐ
# 57-QĐ/TW), report groups "Sơ cấp" / "Trung cấp" / "Cao cấp, cử nhân" *confirmed*
# (BTCTW reports). "Tương đương" is a flag on the person's record, not a level: the
# aliases below deliberately leave it out so an importer sees and keeps it.
POLITICAL_THEORY_LEVELS_CODE_LIST = CodeListInfo(
    key="CR-LLCT",
    kind="political_theory_level",
    title="Trình độ lý luận chính trị",
    citation="Mẫu 2C-BNV/2008, Mẫu 2C/TCTW-98; Quy định 57-QĐ/TW ngày 08/02/2022",
    version="1",
    effective_from=None,
)

POLITICAL_THEORY_LEVELS: tuple[PoliticalTheoryLevel, ...] = (
    PoliticalTheoryLevel(
        code="none",
        name="Chưa qua đào tạo",
        rank=0,
        report_group="",
        aliases=("Không", "Chưa có", "Chưa đào tạo"),
    ),
    PoliticalTheoryLevel(
        code="so_cap",
        name="Sơ cấp",
        rank=1,
        report_group="Sơ cấp",
        aliases=(
            "Sơ cấp LLCT",
            "Sơ cấp lý luận chính trị",
            "Sơ cấp chính trị",
            "SC",
        ),
    ),
    PoliticalTheoryLevel(
        code="trung_cap",
        name="Trung cấp",
        rank=2,
        report_group="Trung cấp",
        aliases=(
            "Trung cấp LLCT",
            "Trung cấp lý luận chính trị",
            "Trung cấp chính trị",
            "Trung cấp chính trị - hành chính",
            "Trung cấp LLCT - hành chính",
            "TC",
            "TCCT",
        ),
    ),
    PoliticalTheoryLevel(
        code="cao_cap",
        name="Cao cấp",
        rank=3,
        report_group="Cao cấp, cử nhân",
        aliases=(
            "Cao cấp LLCT",
            "Cao cấp lý luận chính trị",
            "Cao cấp chính trị",
            "Cao cấp chính trị - hành chính",
            "Cao cấp LLCT - hành chính",
            "CC",
            "CCCT",
            "CCLLCT",
        ),
    ),
    PoliticalTheoryLevel(
        code="cu_nhan",
        name="Cử nhân",
        rank=4,
        report_group="Cao cấp, cử nhân",
        aliases=(
            "Cử nhân chính trị",
            "Cử nhân LLCT",
            "Cử nhân lý luận chính trị",
            "CN",
            "CNCT",
        ),
    ),
)

# QLNN levels *confirmed* (2C-BNV form text: chuyên viên cao cấp, chuyên viên chính,
# chuyên viên, cán sự). Leadership courses counted as "tương đương" are *unconfirmed*
# (§3.1) and, like LLCT, handled by the flag rather than by aliases.
STATE_MANAGEMENT_LEVELS_CODE_LIST = CodeListInfo(
    key="CR-QLNN",
    kind="state_management_level",
    title="Trình độ quản lý nhà nước",
    citation="Mẫu 2C-BNV/2008 mục 15.4; Nghị định 101/2017/NĐ-CP "
    "(sửa đổi bởi Nghị định 89/2021/NĐ-CP)",
    version="1",
    effective_from=None,
)


def _qlnn_aliases(label: str, *short: str) -> tuple[str, ...]:
    return (
        *short,
        f"QLNN {label}",
        f"QLNN ngạch {label}",
        f"QLNN chương trình {label}",
        f"Quản lý nhà nước ngạch {label}",
        f"Quản lý nhà nước chương trình {label}",
        f"Bồi dưỡng QLNN ngạch {label}",
        f"Ngạch {label}",
    )


STATE_MANAGEMENT_LEVELS: tuple[Entry, ...] = (
    Entry(
        code="none",
        name="Chưa qua bồi dưỡng",
        rank=0,
        aliases=("Không", "Chưa có", "Chưa qua đào tạo"),
    ),
    Entry(code="can_su", name="Cán sự", rank=1, aliases=_qlnn_aliases("cán sự")),
    Entry(
        code="chuyen_vien",
        name="Chuyên viên",
        rank=2,
        aliases=_qlnn_aliases("chuyên viên", "CV"),
    ),
    Entry(
        code="chuyen_vien_chinh",
        name="Chuyên viên chính",
        rank=3,
        aliases=_qlnn_aliases("chuyên viên chính", "CVC"),
    ),
    Entry(
        code="chuyen_vien_cao_cap",
        name="Chuyên viên cao cấp",
        rank=4,
        aliases=_qlnn_aliases("chuyên viên cao cấp", "CVCC"),
    ),
)

# ======================================================================================
# 7-8. Degrees and academic titles
# ======================================================================================

# Highest professional qualification: values *secondary source* (public HR code; 2C
# form 15.2 lists TSKH, TS, ThS, cử nhân, kỹ sư, cao đẳng, trung cấp, sơ cấp);
# Biểu 8B bands *confirmed*. "Phó tiến sĩ" is the pre-1998 name of the doctorate
# (*unconfirmed*).
DEGREES_CODE_LIST = CodeListInfo(
    key="CR-TRINHDO-CM",
    kind="degree",
    title="Trình độ chuyên môn cao nhất",
    citation="Mẫu 2C-BNV/2008 mục 15.2; Biểu 8B-BTCTW",
    version="1",
    effective_from=None,
    status=SECONDARY,
)

DEGREES: tuple[Degree, ...] = (
    Degree(
        code="none",
        name="Chưa qua đào tạo",
        rank=0,
        report_band="duoi_cao_dang",
        aliases=("Chưa có bằng", "Không", "Chưa qua đào tạo chuyên môn"),
    ),
    Degree(
        code="so_cap",
        name="Sơ cấp",
        rank=1,
        report_band="duoi_cao_dang",
        aliases=("Sơ cấp nghề",),
    ),
    Degree(
        code="trung_cap",
        name="Trung cấp",
        rank=2,
        report_band="duoi_cao_dang",
        aliases=(
            "Trung cấp chuyên nghiệp",
            "TC chuyên nghiệp",
            "Trung cấp nghề",
            "Trung học chuyên nghiệp",
            "THCN",
            "TCCN",
            "TC",
        ),
    ),
    Degree(
        code="cao_dang",
        name="Cao đẳng",
        rank=3,
        report_band="cao_dang",
        aliases=("CĐ", "Cao đẳng nghề"),
    ),
    Degree(
        code="dai_hoc",
        name="Đại học",
        rank=4,
        report_band="dai_hoc",
        aliases=(
            "Cử nhân",
            "Kỹ sư",
            "Kĩ sư",
            "Bác sĩ",
            "Bác sỹ",
            "Dược sĩ",
            "Dược sỹ",
            "Kiến trúc sư",
            "ĐH",
            "CN",
            "KS",
            "BS",
        ),
    ),
    Degree(
        code="thac_si",
        name="Thạc sĩ",
        rank=5,
        report_band="thac_si",
        aliases=("Thạc sỹ", "ThS", "Cao học", "Master"),
    ),
    Degree(
        code="tien_si",
        name="Tiến sĩ",
        rank=6,
        report_band="tien_si",
        aliases=("Tiến sỹ", "TS", "PhD", "Phó tiến sĩ", "Phó tiến sỹ", "PTS"),
    ),
    Degree(
        code="tskh",
        name="Tiến sĩ khoa học",
        rank=7,
        report_band="tien_si",
        aliases=("Tiến sỹ khoa học", "TSKH"),
    ),
)

# Biểu 8B bands *confirmed*; Biểu 9A/12B use cao đẳng / đại học / trên đại học
# (thac_si and tien_si together).
DEGREE_REPORT_BANDS: dict[str, str] = {
    "duoi_cao_dang": "Dưới cao đẳng",
    "cao_dang": "Cao đẳng",
    "dai_hoc": "Đại học",
    "thac_si": "Thạc sĩ",
    "tien_si": "Tiến sĩ",
}

# Học hàm: Phó Giáo sư, Giáo sư *confirmed* (BTCTW report rows).
ACADEMIC_TITLES_CODE_LIST = CodeListInfo(
    key="CR-HOCHAM",
    kind="academic_title",
    title="Học hàm",
    citation="Mẫu 2C/TCTW-98 mục 17; Biểu 8B-BTCTW",
    version="1",
    effective_from=None,
)

ACADEMIC_TITLES: tuple[Entry, ...] = (
    Entry(code="none", name="Không", rank=0, aliases=("Chưa có",)),
    Entry(code="pgs", name="Phó Giáo sư", rank=1, aliases=("PGS", "Phó GS")),
    Entry(code="gs", name="Giáo sư", rank=2, aliases=("GS",)),
)

# ======================================================================================
# 9. Annual quality rating (xếp loại chất lượng)
# ======================================================================================

# Three versions, same codes, different rules:
# - NĐ 56/2015 (in force 01/8/2015, *secondary source*), amended by NĐ 88/2017: the
#   third level was "Hoàn thành nhiệm vụ nhưng còn hạn chế về năng lực"; level names
#   *unconfirmed* (not in DOMAIN.md). For ratings made before NĐ 90/2020.
# - NĐ 90/2020 (in force 20/8/2020, *secondary source*): four levels *confirmed*
#   [23-25]. Still the scheme for cán bộ and viên chức.
# - NĐ 335/2025 (in force 01/01/2026, công chức only): same four levels with points
#   bands ≥90 / 70-<90 / 50-<70 / <50 *confirmed* [21, 22]. "Không hoàn thành" also
#   follows from degradation or discipline, whatever the points.
EVALUATION_ND56_2015_CODE_LIST = CodeListInfo(
    key="ND56-2015",
    kind="evaluation_level",
    title="Phân loại đánh giá cán bộ, công chức, viên chức",
    citation="Nghị định 56/2015/NĐ-CP, sửa đổi bởi Nghị định 88/2017/NĐ-CP",
    version="2015",
    effective_from=date(2015, 8, 1),
    effective_to=date(2020, 8, 19),
    status=UNCONFIRMED,
)
EVALUATION_ND90_2020_CODE_LIST = CodeListInfo(
    key="ND90-2020",
    kind="evaluation_level",
    title="Xếp loại chất lượng cán bộ, công chức, viên chức",
    citation="Nghị định 90/2020/NĐ-CP ngày 13/8/2020 (sửa đổi bởi Nghị định 48/2023)",
    version="2020",
    effective_from=date(2020, 8, 20),
    note="Từ 01/01/2026 công chức xếp loại theo Nghị định 335/2025/NĐ-CP.",
)
EVALUATION_ND335_2025_CODE_LIST = CodeListInfo(
    key="ND335-2025",
    kind="evaluation_level",
    title="Xếp loại chất lượng công chức theo điểm",
    citation="Nghị định 335/2025/NĐ-CP",
    version="2025",
    effective_from=date(2026, 1, 1),
    note="Áp dụng cho công chức; tỷ lệ xuất sắc không quá 20% số hoàn thành tốt.",
)

EVALUATION_CODE_LISTS: tuple[CodeListInfo, ...] = (
    EVALUATION_ND56_2015_CODE_LIST,
    EVALUATION_ND90_2020_CODE_LIST,
    EVALUATION_ND335_2025_CODE_LIST,
)


def _evaluation_levels(
    code_list: CodeListInfo,
    *,
    third: str = "Hoàn thành nhiệm vụ",
    points: tuple[str, str, str, str] | None = None,
) -> tuple[EvaluationLevel, ...]:
    bands = points or (None, None, None, None)
    third_aliases = ("Hoàn thành", "HTNV")
    if third != "Hoàn thành nhiệm vụ":
        third_aliases += ("Hoàn thành nhiệm vụ", "Còn hạn chế về năng lực")
    return (
        EvaluationLevel(
            code_list=code_list.key,
            code="xuat_sac",
            name="Hoàn thành xuất sắc nhiệm vụ",
            rank=4,
            min_points=bands[0],
            aliases=("Hoàn thành xuất sắc", "Xuất sắc", "HTXSNV", "HTXS"),
        ),
        EvaluationLevel(
            code_list=code_list.key,
            code="tot",
            name="Hoàn thành tốt nhiệm vụ",
            rank=3,
            min_points=bands[1],
            aliases=("Hoàn thành tốt", "Tốt", "HTTNV", "HTT"),
        ),
        EvaluationLevel(
            code_list=code_list.key,
            code="hoan_thanh",
            name=third,
            rank=2,
            min_points=bands[2],
            aliases=third_aliases,
        ),
        EvaluationLevel(
            code_list=code_list.key,
            code="khong_hoan_thanh",
            name="Không hoàn thành nhiệm vụ",
            rank=1,
            min_points=bands[3],
            aliases=("Không hoàn thành", "KHTNV", "KHT"),
        ),
    )


EVALUATION_LEVELS: tuple[EvaluationLevel, ...] = (
    *_evaluation_levels(
        EVALUATION_ND56_2015_CODE_LIST,
        third="Hoàn thành nhiệm vụ nhưng còn hạn chế về năng lực",
    ),
    *_evaluation_levels(EVALUATION_ND90_2020_CODE_LIST),
    *_evaluation_levels(
        EVALUATION_ND335_2025_CODE_LIST, points=("90", "70", "50", "0")
    ),
)

# ======================================================================================
# 10. Discipline forms (hình thức kỷ luật)
# ======================================================================================

# DOMAIN.md §3.7 marks the forms *unconfirmed* (Điều lệ Đảng; NĐ 112/2020 amended by
# NĐ 71/2023). Effects *confirmed*: raise delay +6 months after khiển trách / cảnh
# cáo, +12 after giáng chức / cách chức [27]; under QĐ 377-QĐ/TW a cadre may again be
# planned or appointed to a higher post 24 / 36 / 60 months after khiển trách / cảnh
# cáo / cách chức [28, 28a]. No source gives a waiting period for the other forms
# (None): hạ bậc lương and giáng chức need a decision by whoever applies the rules;
# bãi nhiệm, buộc thôi việc and khai trừ end the service or membership. The raise
# delay after hạ bậc lương is not in the sources (0 here; *unconfirmed*).
DISCIPLINE_FORMS_CODE_LIST = CodeListInfo(
    key="CR-KYLUAT",
    kind="discipline_form",
    title="Hình thức kỷ luật",
    citation="Điều lệ Đảng; Nghị định 112/2020/NĐ-CP (sửa đổi bởi Nghị định "
    "71/2023/NĐ-CP); Thông tư 08/2013/TT-BNV; Quy định 377-QĐ/TW",
    version="1",
    effective_from=None,
    status=UNCONFIRMED,
)

_ALL_REGIMES = ("party", "can_bo", "cong_chuc", "vien_chuc")
DISCIPLINE_FORMS: tuple[DisciplineForm, ...] = (
    DisciplineForm(
        code="khien_trach",
        name="Khiển trách",
        rank=1,
        applies_to=_ALL_REGIMES,
        salary_delay_months=6,
        planning_wait_months=24,
    ),
    DisciplineForm(
        code="canh_cao",
        name="Cảnh cáo",
        rank=2,
        applies_to=_ALL_REGIMES,
        salary_delay_months=6,
        planning_wait_months=36,
    ),
    DisciplineForm(
        code="ha_bac_luong",
        name="Hạ bậc lương",
        rank=3,
        applies_to=("cong_chuc",),
        salary_delay_months=0,
        planning_wait_months=None,
        aliases=("Hạ một bậc lương", "Hạ bậc"),
    ),
    DisciplineForm(
        code="giang_chuc",
        name="Giáng chức",
        rank=4,
        applies_to=("cong_chuc",),
        salary_delay_months=12,
        planning_wait_months=None,
    ),
    DisciplineForm(
        code="cach_chuc",
        name="Cách chức",
        rank=5,
        applies_to=_ALL_REGIMES,
        salary_delay_months=12,
        planning_wait_months=60,
    ),
    DisciplineForm(
        code="bai_nhiem",
        name="Bãi nhiệm",
        rank=6,
        applies_to=("can_bo",),
        salary_delay_months=0,
        planning_wait_months=None,
    ),
    DisciplineForm(
        code="buoc_thoi_viec",
        name="Buộc thôi việc",
        rank=7,
        applies_to=("cong_chuc", "vien_chuc"),
        salary_delay_months=0,
        planning_wait_months=None,
    ),
    DisciplineForm(
        code="khai_tru",
        name="Khai trừ",
        rank=8,
        applies_to=("party",),
        salary_delay_months=0,
        planning_wait_months=None,
        aliases=("Khai trừ khỏi Đảng", "Khai trừ ra khỏi Đảng"),
    ),
)

# ======================================================================================
# 11-12. Staff kinds and unit kinds
# ======================================================================================

# Biểu 8B/8C-BTCTW columns *confirmed*: CBCC / viên chức / "Hợp đồng 68" / other
# contracts. NĐ 68/2000 contracts became NĐ 111/2022 contracts from 2023, hence the
# "111" aliases (*unconfirmed*).
STAFF_KINDS_CODE_LIST = CodeListInfo(
    key="CR-LOAI-CB",
    kind="staff_kind",
    title="Loại cán bộ",
    citation="Biểu 8B-BTCTW; Luật Cán bộ, công chức; Luật Viên chức",
    version="1",
    effective_from=None,
)

STAFF_KINDS: tuple[StaffKind, ...] = (
    StaffKind(code="can_bo", name="Cán bộ", rank=1, report_group="cbcc"),
    StaffKind(code="cong_chuc", name="Công chức", rank=2, report_group="cbcc"),
    StaffKind(code="vien_chuc", name="Viên chức", rank=3, report_group="vien_chuc"),
    StaffKind(
        code="hop_dong_68",
        name="Hợp đồng 68",
        rank=4,
        report_group="hop_dong_68",
        aliases=(
            "HĐ 68",
            "HĐ68",
            "Hợp đồng theo Nghị định 68",
            "Hợp đồng NĐ 68",
            "Hợp đồng 111",
            "HĐ 111",
            "Hợp đồng NĐ 111",
        ),
    ),
    StaffKind(
        code="hop_dong_khac",
        name="Hợp đồng khác",
        rank=5,
        report_group="hop_dong_khac",
        aliases=("HĐ khác",),
    ),
)

# Unit kinds for the organisation tree; the codes match the unit factory in tests.
# Levels are positions in the Party hierarchy (1 provincial committee, 2 bodies
# directly under it, 3 grassroots, 4 cells). The district tier ended with the
# two-tier local government of mid-2025 (*secondary source*); the end date 30/6/2025
# is *unconfirmed*.
UNIT_KINDS_CODE_LIST = CodeListInfo(
    key="CR-LOAI-DONVI",
    kind="unit_kind",
    title="Loại đơn vị",
    citation="Điều lệ Đảng; tổ chức bộ máy cấp tỉnh",
    version="1",
    effective_from=None,
)

UNIT_KINDS: tuple[UnitKind, ...] = (
    UnitKind(
        code="tinh_uy",
        name="Tỉnh ủy, thành ủy (cấp tỉnh)",
        rank=1,
        level=1,
        aliases=("Tỉnh ủy", "Thành ủy", "Cấp tỉnh"),
    ),
    UnitKind(
        code="dang_uy_truc_thuoc",
        name="Đảng ủy trực thuộc Tỉnh ủy",
        rank=2,
        level=2,
        aliases=("Đảng ủy trực thuộc", "Đảng bộ trực thuộc"),
    ),
    UnitKind(
        code="co_quan",
        name="Cơ quan, ban, sở, ngành cấp tỉnh",
        rank=3,
        level=2,
        aliases=("Cơ quan", "Ban, sở, ngành", "Sở, ban, ngành"),
    ),
    UnitKind(
        code="huyen_uy",
        name="Huyện ủy, thị ủy, thành ủy (cấp huyện)",
        rank=4,
        level=2,
        effective_to=date(2025, 6, 30),
        aliases=("Huyện ủy", "Thị ủy", "Cấp huyện"),
    ),
    UnitKind(
        code="xa_phuong",
        name="Xã, phường (cấp xã)",
        rank=5,
        level=3,
        aliases=(
            "Xã",
            "Phường",
            "Thị trấn",
            "Đặc khu",
            "Cấp xã",
            "Xã, phường, thị trấn",
        ),
    ),
    UnitKind(
        code="co_so",
        name="Tổ chức cơ sở đảng, phòng",
        rank=6,
        level=3,
        aliases=("Tổ chức cơ sở đảng", "Đảng bộ cơ sở", "Phòng", "Cơ sở"),
    ),
    UnitKind(
        code="chi_bo",
        name="Chi bộ",
        rank=7,
        level=4,
        aliases=("Chi bộ trực thuộc", "Chi bộ cơ sở"),
    ),
)

# ======================================================================================
# 13. Other lookups
# ======================================================================================

# Thành phần gia đình xuất thân (TCTW 10, 37-item form 11). Công nhân ... tư sản
# *secondary source* (DOMAIN.md §3.5); the land-reform class labels old records use
# (cố nông ... địa chủ, tiểu tư sản) and "Khác" are *unconfirmed* additions.
ORIGIN_CLASSES_CODE_LIST = CodeListInfo(
    key="CR-THANHPHAN",
    kind="origin_class",
    title="Thành phần gia đình xuất thân",
    citation="Mẫu 2C/TCTW-98 mục 10",
    version="1",
    effective_from=None,
    status=SECONDARY,
)

ORIGIN_CLASSES: tuple[Entry, ...] = (
    Entry(code="cong_nhan", name="Công nhân", rank=1),
    Entry(code="nong_dan", name="Nông dân", rank=2),
    Entry(
        code="can_bo_cong_chuc",
        name="Cán bộ, công chức",
        rank=3,
        aliases=("Cán bộ", "Công chức", "Viên chức", "Cán bộ, công nhân viên chức"),
    ),
    Entry(code="tri_thuc", name="Trí thức", rank=4),
    Entry(code="quan_nhan", name="Quân nhân", rank=5, aliases=("Bộ đội",)),
    Entry(code="dan_ngheo_thanh_thi", name="Dân nghèo thành thị", rank=6),
    Entry(code="tieu_thuong", name="Tiểu thương", rank=7),
    Entry(code="tieu_chu", name="Tiểu chủ", rank=8),
    Entry(code="tu_san", name="Tư sản", rank=9),
    Entry(code="co_nong", name="Cố nông", rank=10, status=UNCONFIRMED),
    Entry(code="ban_nong", name="Bần nông", rank=11, status=UNCONFIRMED),
    Entry(code="trung_nong", name="Trung nông", rank=12, status=UNCONFIRMED),
    Entry(code="phu_nong", name="Phú nông", rank=13, status=UNCONFIRMED),
    Entry(code="dia_chu", name="Địa chủ", rank=14, status=UNCONFIRMED),
    Entry(code="tieu_tu_san", name="Tiểu tư sản", rank=15, status=UNCONFIRMED),
    Entry(code="khac", name="Khác", rank=99, status=UNCONFIRMED),
)

# Quan hệ gia đình (BNV 30, 37-36): own side cha, mẹ, vợ/chồng, con, anh chị em ruột;
# spouse's side cha, mẹ, anh chị em ruột *secondary source*. Adoptive relations are
# *unconfirmed* additions (the forms do not name them).
FAMILY_RELATIONS_CODE_LIST = CodeListInfo(
    key="CR-QUANHE-GD",
    kind="family_relation",
    title="Quan hệ gia đình",
    citation="Mẫu 2C-BNV/2008 mục 30",
    version="1",
    effective_from=None,
    status=SECONDARY,
)


def _relation(code: str, name: str, side: str, rank: int, *aliases: str, status=""):
    return FamilyRelation(
        code=code, name=name, side=side, rank=rank, aliases=aliases, status=status
    )


FAMILY_RELATIONS: tuple[FamilyRelation, ...] = (
    _relation("cha", "Cha", "own", 1, "Bố", "Ba", "Cha đẻ", "Bố đẻ", "Thân phụ"),
    _relation("me", "Mẹ", "own", 2, "Má", "Mẹ đẻ", "Thân mẫu"),
    _relation("vo", "Vợ", "own", 3),
    _relation("chong", "Chồng", "own", 4),
    _relation("con", "Con", "own", 5, "Con đẻ", "Con ruột", "Con trai", "Con gái"),
    _relation("anh_ruot", "Anh ruột", "own", 6, "Anh", "Anh trai"),
    _relation("chi_ruot", "Chị ruột", "own", 7, "Chị", "Chị gái"),
    _relation("em_ruot", "Em ruột", "own", 8, "Em", "Em trai", "Em gái"),
    _relation("cha_nuoi", "Cha nuôi", "own", 9, "Bố nuôi", status=UNCONFIRMED),
    _relation("me_nuoi", "Mẹ nuôi", "own", 10, status=UNCONFIRMED),
    _relation("con_nuoi", "Con nuôi", "own", 11, status=UNCONFIRMED),
    _relation("cha_vo", "Cha vợ", "spouse", 21, "Bố vợ"),
    _relation("me_vo", "Mẹ vợ", "spouse", 22),
    _relation("cha_chong", "Cha chồng", "spouse", 23, "Bố chồng"),
    _relation("me_chong", "Mẹ chồng", "spouse", 24),
    _relation("anh_vo", "Anh vợ", "spouse", 25, "Anh ruột vợ"),
    _relation("chi_vo", "Chị vợ", "spouse", 26, "Chị ruột vợ"),
    _relation("em_vo", "Em vợ", "spouse", 27, "Em ruột vợ"),
    _relation("anh_chong", "Anh chồng", "spouse", 28, "Anh ruột chồng"),
    _relation("chi_chong", "Chị chồng", "spouse", 29, "Chị ruột chồng"),
    _relation("em_chong", "Em chồng", "spouse", 30, "Em ruột chồng"),
)

# Giáo dục phổ thông "x/12" or "x/10" *confirmed* (form wording). `rank` is the
# equivalent grade of the 12-year system so "highest" compares across systems; the
# 10-year equivalences (4/10 ≈ 5/12 end of primary, 7/10 ≈ 9/12 end of lower
# secondary, 10/10 ≈ 12/12) are *unconfirmed*.
GENERAL_EDUCATION_CODE_LIST = CodeListInfo(
    key="CR-GDPT",
    kind="general_education",
    title="Trình độ giáo dục phổ thông",
    citation="Mẫu 2C-BNV/2008 mục 15.1",
    version="1",
    effective_from=None,
)

_TEN_TO_TWELVE = {1: 1, 2: 2, 3: 3, 4: 5, 5: 6, 6: 7, 7: 9, 8: 10, 9: 11, 10: 12}
_GDPT_ALIASES = {
    "12/12": ("Tốt nghiệp THPT", "THPT", "PTTH", "Trung học phổ thông"),
    "9/12": ("Tốt nghiệp THCS", "THCS", "Trung học cơ sở"),
    "5/12": ("Tốt nghiệp tiểu học", "Tiểu học"),
}
GENERAL_EDUCATION: tuple[GeneralEducation, ...] = (
    *(
        GeneralEducation(
            code=f"{grade}/12",
            name=f"{grade}/12",
            rank=grade,
            system=12,
            grade=grade,
            aliases=_GDPT_ALIASES.get(f"{grade}/12", ()),
        )
        for grade in range(1, 13)
    ),
    *(
        GeneralEducation(
            code=f"{grade}/10",
            name=f"{grade}/10",
            rank=_TEN_TO_TWELVE[grade],
            system=10,
            grade=grade,
            status=UNCONFIRMED,
        )
        for grade in range(1, 11)
    ),
)

# Ngoại ngữ: the 2008 forms use A, B, C, D certificates *confirmed*; the 6-level
# framework A1-C2 (TT 01/2014/TT-BGDĐT) *unconfirmed*; a language degree is an
# *unconfirmed* addition. Ranks compare only within a framework; no equivalence
# between A/B/C and the 6 levels is encoded.
FOREIGN_LANGUAGE_LEVELS_CODE_LIST = CodeListInfo(
    key="CR-NGOAINGU",
    kind="foreign_language_level",
    title="Trình độ ngoại ngữ",
    citation="Mẫu 2C-BNV/2008 mục 15.5; Thông tư 01/2014/TT-BGDĐT",
    version="1",
    effective_from=None,
)


def _certificate(code: str, rank: int, framework: str, *extra: str, status=""):
    return SkillLevel(
        code=code,
        name=code,
        rank=rank,
        framework=framework,
        aliases=(f"Chứng chỉ {code}", f"Trình độ {code}", f"Bằng {code}", *extra),
        status=status,
    )


FOREIGN_LANGUAGE_LEVELS: tuple[SkillLevel, ...] = (
    _certificate("A", 1, "abc"),
    _certificate("B", 2, "abc"),
    _certificate("C", 3, "abc"),
    _certificate("D", 4, "abc"),
    *(
        _certificate(
            code,
            number,
            "khnl6",
            f"Bậc {number}",
            f"Bậc {number}/6",
            status=UNCONFIRMED,
        )
        for number, code in enumerate(("A1", "A2", "B1", "B2", "C1", "C2"), start=1)
    ),
    SkillLevel(
        code="dai_hoc",
        name="Đại học",
        rank=1,
        framework="degree",
        aliases=("Cử nhân", "Cử nhân ngoại ngữ", "Đại học ngoại ngữ"),
        status=UNCONFIRMED,
    ),
)

# Tin học: A, B, C certificates *confirmed* (2008 forms); basic/advanced IT skills
# standard of TT 03/2014/TT-BTTTT *unconfirmed*.
IT_LEVELS_CODE_LIST = CodeListInfo(
    key="CR-TINHOC",
    kind="it_level",
    title="Trình độ tin học",
    citation="Mẫu 2C-BNV/2008 mục 15.6; Thông tư 03/2014/TT-BTTTT",
    version="1",
    effective_from=None,
)


def _it_standard(code: str, label: str, rank: int) -> SkillLevel:
    return SkillLevel(
        code=code,
        name=f"Ứng dụng CNTT {label}",
        rank=rank,
        framework="tt03_2014",
        aliases=(
            label.capitalize(),
            f"CNTT {label}",
            f"Ứng dụng công nghệ thông tin {label}",
            f"Chứng chỉ ứng dụng CNTT {label}",
            f"Kỹ năng sử dụng CNTT {label}",
            f"Tin học {label}",
        ),
        status=UNCONFIRMED,
    )


IT_LEVELS: tuple[SkillLevel, ...] = (
    _certificate("A", 1, "abc", "Tin học A"),
    _certificate("B", 2, "abc", "Tin học B"),
    _certificate("C", 3, "abc", "Tin học C"),
    _it_standard("co_ban", "cơ bản", 1),
    _it_standard("nang_cao", "nâng cao", 2),
)

# Thương binh, gia đình chính sách (BNV 24, TCTW 25*, 37-18) *secondary source*:
# thương binh hạng …; con thương binh, con liệt sĩ, người nhiễm chất độc da
# cam/dioxin. The form text "con gia đình chính sách (…, người nhiễm …)" can be read
# either way, so both the person and their child are listed. Bệnh binh and the
# "con bệnh binh", "gia đình liệt sĩ" rows are *unconfirmed* additions.
POLICY_STATUSES_CODE_LIST = CodeListInfo(
    key="CR-CHINHSACH",
    kind="policy_status",
    title="Thương binh, gia đình chính sách",
    citation="Mẫu 2C-BNV/2008 mục 24; Mẫu 2C/TCTW-98 mục 25",
    version="1",
    effective_from=None,
    status=SECONDARY,
)

POLICY_STATUSES: tuple[PolicyStatus, ...] = (
    *(
        PolicyStatus(
            code=f"thuong_binh_{n}",
            name=f"Thương binh hạng {n}/4",
            rank=n,
            concerns="self",
            aliases=(
                f"Thương binh {n}/4",
                f"TB {n}/4",
                f"Thương binh hạng {n}",
                f"Thương binh loại {n}",
            ),
        )
        for n in range(1, 5)
    ),
    *(
        PolicyStatus(
            code=f"benh_binh_{n}",
            name=f"Bệnh binh hạng {n}/3",
            rank=10 + n,
            concerns="self",
            aliases=(f"Bệnh binh {n}/3", f"BB {n}/3", f"Bệnh binh hạng {n}"),
            status=UNCONFIRMED,
        )
        for n in range(1, 4)
    ),
    PolicyStatus(
        code="nhiem_chat_doc_da_cam",
        name="Người nhiễm chất độc da cam/dioxin",
        rank=20,
        concerns="self",
        aliases=("Nhiễm chất độc da cam", "Nhiễm chất độc hóa học", "Da cam/dioxin"),
    ),
    PolicyStatus(
        code="con_thuong_binh",
        name="Con thương binh",
        rank=30,
        concerns="family",
    ),
    PolicyStatus(
        code="con_benh_binh",
        name="Con bệnh binh",
        rank=31,
        concerns="family",
        status=UNCONFIRMED,
    ),
    PolicyStatus(
        code="con_liet_si",
        name="Con liệt sĩ",
        rank=32,
        concerns="family",
        aliases=("Con liệt sỹ",),
    ),
    PolicyStatus(
        code="gia_dinh_liet_si",
        name="Gia đình liệt sĩ",
        rank=33,
        concerns="family",
        aliases=("Gia đình liệt sỹ",),
        status=UNCONFIRMED,
    ),
    PolicyStatus(
        code="con_nguoi_nhiem_chat_doc_da_cam",
        name="Con của người nhiễm chất độc da cam/dioxin",
        rank=34,
        concerns="family",
        aliases=("Con người nhiễm chất độc da cam", "Con nạn nhân chất độc da cam"),
    ),
)

# Danh hiệu được phong tặng (BNV 19, highest) *secondary source*: Anh hùng Lao động,
# Anh hùng LLVT; Nhà giáo, Thầy thuốc, Nghệ sĩ nhân dân / ưu tú.
HONOUR_TITLES_CODE_LIST = CodeListInfo(
    key="CR-DANHHIEU",
    kind="honour_title",
    title="Danh hiệu được phong tặng",
    citation="Mẫu 2C-BNV/2008 mục 19",
    version="1",
    effective_from=None,
    status=SECONDARY,
)

HONOUR_TITLES: tuple[Entry, ...] = (
    Entry(
        code="anh_hung_lao_dong",
        name="Anh hùng Lao động",
        rank=3,
        aliases=("AHLĐ",),
    ),
    Entry(
        code="anh_hung_llvt",
        name="Anh hùng Lực lượng vũ trang nhân dân",
        rank=3,
        aliases=("Anh hùng LLVT", "Anh hùng LLVTND", "AHLLVT", "AHLLVTND"),
    ),
    Entry(
        code="nha_giao_nhan_dan", name="Nhà giáo Nhân dân", rank=2, aliases=("NGND",)
    ),
    Entry(code="nha_giao_uu_tu", name="Nhà giáo Ưu tú", rank=1, aliases=("NGƯT",)),
    Entry(
        code="thay_thuoc_nhan_dan",
        name="Thầy thuốc Nhân dân",
        rank=2,
        aliases=("TTND",),
    ),
    Entry(code="thay_thuoc_uu_tu", name="Thầy thuốc Ưu tú", rank=1, aliases=("TTƯT",)),
    Entry(code="nghe_si_nhan_dan", name="Nghệ sĩ Nhân dân", rank=2, aliases=("NSND",)),
    Entry(code="nghe_si_uu_tu", name="Nghệ sĩ Ưu tú", rank=1, aliases=("NSƯT",)),
)

# Nhóm máu A, B, AB, O *secondary source*; the Rh factor is a separate field.
BLOOD_GROUPS_CODE_LIST = CodeListInfo(
    key="CR-NHOMMAU",
    kind="blood_group",
    title="Nhóm máu",
    citation="Mẫu 2C-BNV/2008 mục 23",
    version="1",
    effective_from=None,
    status=SECONDARY,
)

BLOOD_GROUPS: tuple[Entry, ...] = tuple(
    Entry(
        code=code,
        name=code,
        rank=rank,
        aliases=(f"Nhóm {code}", f"Nhóm máu {code}"),
    )
    for rank, code in enumerate(("A", "B", "AB", "O"), start=1)
)

# Chức vụ: common posts of a province's cadre roll. Names follow usage in Biểu 9A and
# 12B-BTCTW (*confirmed* column heads). Ranks (higher = more senior, used to check
# that a planned post is higher than the current one) and levels are our defaults,
# *unconfirmed*, editable in the admin: compare posts of one hierarchy, not a commune
# post with a provincial one.
POSITIONS_CODE_LIST = CodeListInfo(
    key="CR-CHUCVU",
    kind="position",
    title="Chức vụ, chức danh",
    citation="Biểu 9A, 12B-BTCTW; Quy định 377-QĐ/TW",
    version="1",
    effective_from=None,
    status=UNCONFIRMED,
)


def _post(
    code: str, name: str, rank: int, level: int | None, *aliases: str, leader=True
):
    return Position(
        code=code,
        name=name,
        rank=rank,
        level=level,
        is_leader=leader,
        aliases=aliases,
    )


POSITIONS: tuple[Position, ...] = (
    # Cấp tỉnh
    _post("bi_thu_tinh_uy", "Bí thư Tỉnh ủy", 100, 1, "Bí thư Thành ủy"),
    _post(
        "pho_bi_thu_thuong_truc_tinh_uy",
        "Phó Bí thư Thường trực Tỉnh ủy",
        96,
        1,
        "Phó Bí thư Thường trực",
    ),
    _post("pho_bi_thu_tinh_uy", "Phó Bí thư Tỉnh ủy", 94, 1, "Phó Bí thư Thành ủy"),
    _post(
        "chu_tich_hdnd_tinh",
        "Chủ tịch HĐND tỉnh",
        92,
        1,
        "Chủ tịch Hội đồng nhân dân tỉnh",
        "CT HĐND tỉnh",
    ),
    _post(
        "chu_tich_ubnd_tinh",
        "Chủ tịch UBND tỉnh",
        92,
        1,
        "Chủ tịch Ủy ban nhân dân tỉnh",
        "CT UBND tỉnh",
    ),
    _post(
        "uy_vien_btv_tinh_uy",
        "Ủy viên Ban Thường vụ Tỉnh ủy",
        88,
        1,
        "Ủy viên BTV Tỉnh ủy",
        "UVBTV Tỉnh ủy",
    ),
    _post(
        "chu_tich_ubmttq_tinh",
        "Chủ tịch Ủy ban MTTQ Việt Nam tỉnh",
        86,
        1,
        "Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
        "Chủ tịch UBMTTQ tỉnh",
    ),
    _post(
        "pho_chu_tich_hdnd_tinh",
        "Phó Chủ tịch HĐND tỉnh",
        84,
        1,
        "Phó Chủ tịch Hội đồng nhân dân tỉnh",
        "PCT HĐND tỉnh",
    ),
    _post(
        "pho_chu_tich_ubnd_tinh",
        "Phó Chủ tịch UBND tỉnh",
        84,
        1,
        "Phó Chủ tịch Ủy ban nhân dân tỉnh",
        "PCT UBND tỉnh",
    ),
    _post(
        "uy_vien_bch_tinh_uy",
        "Ủy viên Ban Chấp hành Đảng bộ tỉnh",
        80,
        1,
        "Tỉnh ủy viên",
        "Ủy viên BCH Đảng bộ tỉnh",
    ),
    # Trực thuộc tỉnh: ban đảng, sở, đảng ủy trực thuộc, (until 2025) huyện
    _post("truong_ban", "Trưởng ban", 76, 2, "Trưởng ban Tỉnh ủy"),
    _post("chanh_van_phong", "Chánh Văn phòng", 76, 2, "Chánh VP"),
    _post("giam_doc_so", "Giám đốc Sở", 74, 2, "GĐ Sở"),
    _post(
        "bi_thu_dang_uy_truc_thuoc",
        "Bí thư Đảng ủy trực thuộc Tỉnh ủy",
        74,
        2,
        "Bí thư Đảng ủy khối",
    ),
    _post("bi_thu_huyen_uy", "Bí thư Huyện ủy", 76, 2, "Bí thư Thị ủy"),
    _post("pho_bi_thu_huyen_uy", "Phó Bí thư Huyện ủy", 70, 2, "Phó Bí thư Thị ủy"),
    _post(
        "chu_tich_ubnd_huyen",
        "Chủ tịch UBND huyện",
        70,
        2,
        "Chủ tịch Ủy ban nhân dân huyện",
        "CT UBND huyện",
    ),
    _post("pho_truong_ban", "Phó Trưởng ban", 66, 2, "Phó Trưởng ban Tỉnh ủy"),
    _post("pho_chanh_van_phong", "Phó Chánh Văn phòng", 66, 2, "Phó Chánh VP"),
    _post("pho_giam_doc_so", "Phó Giám đốc Sở", 64, 2, "PGĐ Sở"),
    _post(
        "pho_bi_thu_dang_uy_truc_thuoc",
        "Phó Bí thư Đảng ủy trực thuộc Tỉnh ủy",
        64,
        2,
        "Phó Bí thư Đảng ủy khối",
    ),
    _post(
        "pho_chu_tich_ubnd_huyen",
        "Phó Chủ tịch UBND huyện",
        62,
        2,
        "Phó Chủ tịch Ủy ban nhân dân huyện",
        "PCT UBND huyện",
    ),
    # Cơ sở: xã, phường; phòng
    _post(
        "bi_thu_dang_uy_xa",
        "Bí thư Đảng ủy xã, phường",
        60,
        3,
        "Bí thư Đảng ủy xã",
        "Bí thư Đảng ủy phường",
    ),
    _post(
        "pho_bi_thu_dang_uy_xa",
        "Phó Bí thư Đảng ủy xã, phường",
        54,
        3,
        "Phó Bí thư Đảng ủy xã",
        "Phó Bí thư Đảng ủy phường",
    ),
    _post(
        "chu_tich_ubnd_xa",
        "Chủ tịch UBND xã, phường",
        54,
        3,
        "Chủ tịch UBND xã",
        "Chủ tịch UBND phường",
        "Chủ tịch Ủy ban nhân dân xã",
    ),
    _post(
        "pho_chu_tich_ubnd_xa",
        "Phó Chủ tịch UBND xã, phường",
        48,
        3,
        "Phó Chủ tịch UBND xã",
        "Phó Chủ tịch UBND phường",
        "Phó Chủ tịch Ủy ban nhân dân xã",
    ),
    _post("truong_phong", "Trưởng phòng", 50, 3, "TP"),
    _post("pho_truong_phong", "Phó Trưởng phòng", 42, 3, "PTP"),
    _post("bi_thu_dang_uy_co_so", "Bí thư Đảng ủy cơ sở", 46, 3),
    _post("pho_bi_thu_dang_uy_co_so", "Phó Bí thư Đảng ủy cơ sở", 40, 3),
    # Chi bộ
    _post("bi_thu_chi_bo", "Bí thư Chi bộ", 30, 4),
    _post("pho_bi_thu_chi_bo", "Phó Bí thư Chi bộ", 25, 4),
    # Not a leadership post; any level
    _post("chuyen_vien", "Chuyên viên", 10, None, "CV", leader=False),
    _post("nhan_vien", "Nhân viên", 5, None, "NV", leader=False),
)

# ======================================================================================
# 14. All code lists
# ======================================================================================


def all_code_lists() -> tuple[tuple[CodeListInfo, tuple[Entry, ...]], ...]:
    """(descriptor, entries) for every list of coded entries, in loading order.

    Not included: QĐ 121 (its codes are `EthnicGroup.code_121`), PAY_SCALES and
    BASE_SALARY, which are rate tables rather than code lists.
    """

    def grades(code_list: CodeListInfo) -> tuple[Grade, ...]:
        return tuple(grade for grade in GRADES if grade.code_list == code_list.key)

    def evaluations(code_list: CodeListInfo) -> tuple[EvaluationLevel, ...]:
        return tuple(e for e in EVALUATION_LEVELS if e.code_list == code_list.key)

    return (
        (ETHNIC_GROUPS_CODE_LIST, ETHNIC_GROUPS),
        (RELIGIONS_CODE_LIST, RELIGIONS),
        *((code_list, grades(code_list)) for code_list in GRADE_CODE_LISTS),
        (POLITICAL_THEORY_LEVELS_CODE_LIST, POLITICAL_THEORY_LEVELS),
        (STATE_MANAGEMENT_LEVELS_CODE_LIST, STATE_MANAGEMENT_LEVELS),
        (DEGREES_CODE_LIST, DEGREES),
        (ACADEMIC_TITLES_CODE_LIST, ACADEMIC_TITLES),
        *((code_list, evaluations(code_list)) for code_list in EVALUATION_CODE_LISTS),
        (DISCIPLINE_FORMS_CODE_LIST, DISCIPLINE_FORMS),
        (STAFF_KINDS_CODE_LIST, STAFF_KINDS),
        (UNIT_KINDS_CODE_LIST, UNIT_KINDS),
        (ORIGIN_CLASSES_CODE_LIST, ORIGIN_CLASSES),
        (FAMILY_RELATIONS_CODE_LIST, FAMILY_RELATIONS),
        (GENERAL_EDUCATION_CODE_LIST, GENERAL_EDUCATION),
        (FOREIGN_LANGUAGE_LEVELS_CODE_LIST, FOREIGN_LANGUAGE_LEVELS),
        (IT_LEVELS_CODE_LIST, IT_LEVELS),
        (POLICY_STATUSES_CODE_LIST, POLICY_STATUSES),
        (HONOUR_TITLES_CODE_LIST, HONOUR_TITLES),
        (BLOOD_GROUPS_CODE_LIST, BLOOD_GROUPS),
        (POSITIONS_CODE_LIST, POSITIONS),
    )
