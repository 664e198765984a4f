"""Planning, rotation and appointment rules as pure functions (issue 5).

Plain values in, plain values out: no Django, no database, no "today". Each rule
names its clause (DOMAIN.md §6 appointment, §7 planning, §9 rotation, §3.7
discipline) and reads its numbers from the rule version in force: QĐ 50-QĐ/TW for
planning drawn up until 07/10/2025, QĐ 377-QĐ/TW from 08/10/2025. Errors come back
as Vietnamese messages naming the rule for the service to raise; warnings never
block."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cadre_registry.rules import RuleVersion, version_for

# Planning levels (DOMAIN.md §7.3: province, the former district level, commune,
# agencies).
PROVINCE, DISTRICT, COMMUNE, AGENCY = "tinh", "huyen", "xa", "co_quan"


# --------------------------------------------------------------------------------------
# Planning rule versions (DOMAIN.md §7)
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanningRules:
    """The numbers one planning rule version sets, and where each comes from."""

    version: RuleVersion
    short: str  # "QĐ 50-QĐ/TW", named in every message
    max_people_per_post: int
    max_posts_per_person: int
    # Terms a planned cadre must be able to serve before retirement.
    terms_to_serve: int
    # Age under which a cadre counts as young, per level (None: no line known).
    young_under: dict[str, int]
    women_min_percent: int | None
    young_min_percent: int | None
    # Months after a discipline decision's effective date before the cadre may be
    # planned again, per form; a form missing here blocks while the discipline is
    # in force (QĐ 50) or until the competent level decides (QĐ 377).
    discipline_wait_months: dict[str, int]
    # QĐ 50 removes while the decision is in force; QĐ 377 counts waiting months.
    discipline_counts_months: bool
    # Width of the middle age band of the three-band structure (years).
    age_band_years: int
    clause_limits: str
    clause_age: str
    clause_discipline: str
    clause_structure: str

    @property
    def code(self) -> str:
        return self.version.code


QD50 = PlanningRules(
    version=RuleVersion(
        code="qd50_2021",
        title="QĐ 50-QĐ/TW (2021) về công tác quy hoạch cán bộ",
        citation="QĐ 50-QĐ/TW ngày 27/12/2021; HD 16-HD/BTCTW ngày 15/02/2022",
        effective_from=date(2021, 12, 27),
        effective_to=date(2025, 10, 7),
    ),
    short="QĐ 50-QĐ/TW",
    # DOMAIN.md §7.2: 3 and 3 as the implementing regulations of QĐ 50 state them
    # (Nghệ An QĐ 15-QĐ/TU 2022 + HD 03-HD/TU [46]).
    max_people_per_post=3,
    max_posts_per_person=3,
    # §7.2 [44]: next-term planning needs age for at least one full term.
    terms_to_serve=1,
    # §7.2 [44]: young = under 40 at provincial and district level (under 45 at
    # central level, which this registry does not plan). Agencies planned here are
    # provincial; the commune line is not stated.
    young_under={PROVINCE: 40, DISTRICT: 40, AGENCY: 40},
    women_min_percent=25,
    young_min_percent=15,
    # §7.2 [44], [47]: disciplined khiển trách or heavier is removed automatically
    # and may be planned again once the decision expires.
    discipline_wait_months={},
    discipline_counts_months=False,
    age_band_years=5,  # §7.2 [45]: three age bands with 5-year gaps
    clause_limits="Quy định 15-QĐ/TU thực hiện QĐ 50-QĐ/TW",
    clause_age="QĐ 50-QĐ/TW: đủ tuổi công tác ít nhất một nhiệm kỳ",
    clause_discipline="QĐ 50-QĐ/TW, HD 16-HD/BTCTW: bị kỷ luật từ khiển trách trở lên",
    clause_structure="QĐ 50-QĐ/TW: cơ cấu nữ, trẻ, dân tộc thiểu số, ba độ tuổi",
)

QD377 = PlanningRules(
    version=RuleVersion(
        code="qd377_2025",
        title="QĐ 377-QĐ/TW (2025) về phân cấp quản lý cán bộ, quy hoạch, bổ nhiệm",
        citation="QĐ 377-QĐ/TW ngày 08/10/2025",
        effective_from=date(2025, 10, 8),
    ),
    short="QĐ 377-QĐ/TW",
    # DOMAIN.md §7.1: ≤3 cadres per post, ≤3 posts per cadre at the same level.
    max_people_per_post=3,
    max_posts_per_person=3,
    # §7.1 [43] (secondary source): the next term's cadres can work 2 terms or more.
    terms_to_serve=2,
    # §7.1 names young cadres without a line (§12 item 9): QĐ 50's line is kept to
    # show the share, with no target.
    young_under={PROVINCE: 40, DISTRICT: 40, AGENCY: 40},
    women_min_percent=None,
    young_min_percent=None,
    # §3.7 [28, 28a]: considered again after 24 (khiển trách), 36 (cảnh cáo) and
    # 60 months (cách chức) from the decision's effective date.
    discipline_wait_months={"khien_trach": 24, "canh_cao": 36, "cach_chuc": 60},
    discipline_counts_months=True,
    age_band_years=5,
    clause_limits="QĐ 377-QĐ/TW: mỗi chức danh không quá 3 người, mỗi người không quá 3 chức danh cùng cấp",
    clause_age="QĐ 377-QĐ/TW: quy hoạch nhiệm kỳ tới phải đủ tuổi công tác từ 2 nhiệm kỳ",
    clause_discipline="QĐ 377-QĐ/TW: thời hạn được xem xét quy hoạch sau kỷ luật",
    clause_structure="QĐ 377-QĐ/TW: cơ cấu ba độ tuổi, tỷ lệ cán bộ trẻ, nữ, dân tộc thiểu số",
)

PLANNING_RULE_SETS: tuple[PlanningRules, ...] = (QD50, QD377)
PLANNING_RULES: tuple[RuleVersion, ...] = tuple(r.version for r in PLANNING_RULE_SETS)


def planning_rules_for(on: date) -> PlanningRules:
    """The planning rule version in force on a date (the day the planning is drawn up)."""
    version = version_for(PLANNING_RULES, on)
    return planning_rules(version.code)


def planning_rules(code: str) -> PlanningRules:
    """A planning rule version by its stored code."""
    for rule_set in PLANNING_RULE_SETS:
        if rule_set.code == code:
            return rule_set
    raise ValueError(f"Unknown planning rule version {code!r}")
