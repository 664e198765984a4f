"""Sơ yếu lý lịch cán bộ, công chức (Mẫu 2C-BNV/2008) of one person as plain data
for the PDF: the heading, the numbered items 1-26 the model holds, the histories
as tables (27 training, 28 work, 29 personal history, 30 family, 31 salary, 32
yearly evaluations), in the form's order. Item numbers follow DOMAIN.md §2.2
(BNV column).

`resume_data` reads a person loaded by `cadre_registry.selectors.person_get`
(every history prefetched): it makes no queries of its own. The sensitive items
(DOMAIN.md §10; `Person.SENSITIVE_FIELDS`, discipline, family) keep their number
and print "—" without the permission, and the document says so in a note; their
values never reach the data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from cadre_registry.models import Allowance, FamilyMember, Person

DASH = "—"
FORM_CODE = "Mẫu 2C-BNV/2008"
FORM_ISSUED_BY = "Ban hành kèm theo Quyết định số 02/2008/QĐ-BNV"
TITLE = "SƠ YẾU LÝ LỊCH CÁN BỘ, CÔNG CHỨC"
SENSITIVE_NOTE = (
    "Các mục {items} là thông tin nhạy cảm (Luật Bảo vệ dữ liệu cá nhân "
    "91/2025/QH15): không in, vì người in không có quyền xem thông tin nhạy cảm."
)


@dataclass(frozen=True)
class Item:
    """One numbered entry of the form: "6) Dân tộc: Kinh"."""

    number: str
    label: str
    value: str
    hidden: bool = False  # sensitive, not printed for this user


@dataclass(frozen=True)
class Line:
    """Items printed on one line of the form (6 and 7, 16's two dates...)."""

    items: tuple[Item, ...]


@dataclass(frozen=True)
class Heading:
    """A part of the form: "27) ĐÀO TẠO, BỒI DƯỠNG ..."; `hidden` when its content
    is sensitive and left out."""

    number: str
    title: str
    hidden: bool = False


@dataclass(frozen=True)
class Table:
    """A history as a table; each row a list of strings, `groups` the indexes of
    rows that head a part ("a) Về bản thân") and span the width."""

    columns: tuple[str, ...]
    widths: tuple[float, ...]  # millimetres over the 180 mm of A4 portrait
    rows: list[list[str]]
    groups: tuple[int, ...] = ()
    caption: str = ""
    empty: str = "Không có."
    centered: tuple[int, ...] = ()


@dataclass(frozen=True)
class Text:
    """A free-text answer under a heading (29 a, b, c)."""

    label: str
    value: str


Block = Line | Heading | Table | Text


@dataclass(frozen=True)
class Resume:
    """The form as printed: heading, the items beside the photo, then the rest."""

    full_name: str
    managing_body: str
    using_unit: str
    personnel_code: str
    photo: bytes | None
    beside_photo: list[Line]
    blocks: list[Block]
    show_sensitive: bool
    hidden_items: tuple[str, ...] = ()
    row_count: int = 0  # history rows printed, for the access log
    notes: list[str] = field(default_factory=list)

    @property
    def sensitive_note(self) -> str:
        if not self.hidden_items:
            return ""
        return SENSITIVE_NOTE.format(items=", ".join(self.hidden_items))


# --- Formatting ----------------------------------------------------------------------


def day(value: dt.date | None) -> str:
    """dd/mm/yyyy, or "—"."""
    if value is None:
        return DASH
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


def month(value: dt.date | None) -> str:
    """mm/yyyy, as the form's "từ tháng, năm" columns write it."""
    if value is None:
        return ""
    return f"{value.month:02d}/{value.year}"


def period(start: dt.date | None, end: dt.date | None) -> str:
    """'03/2015 - 08/2020', or '03/2015 - nay' while it lasts."""
    return f"{month(start)} - {month(end) if end else 'nay'}"


def number(value: Decimal | int | None) -> str:
    """A coefficient the Vietnamese way (2,34), or the empty string."""
    if value is None:
        return ""
    return str(value).replace(".", ",")


def filled(*parts) -> str:
    """The non-empty parts joined with ", ", or "—"."""
    values = [str(p) for p in parts if p not in (None, "")]
    return ", ".join(values) if values else DASH


def decision(row) -> str:
    """'Số 15-QĐ/TU ngày 01/03/2026, Ban Thường vụ Tỉnh ủy' for a decided row."""
    parts = []
    if row.decision_number:
        parts.append(f"Số {row.decision_number}")
    if row.decision_date:
        parts.append(f"ngày {day(row.decision_date)}")
    head = " ".join(parts)
    if row.decision_authority:
        head = f"{head}, {row.decision_authority}" if head else row.decision_authority
    return head


# --- The form -------------------------------------------------------------------------


def resume_data(
    *,
    person: Person,
    show_sensitive: bool,
    on: dt.date,
    managing_body: str = "",
) -> Resume:
    """The person's Mẫu 2C as plain data, as of `on` (the current allowances)."""
    hidden: list[str] = []

    def secret(number: str, label: str, value: str) -> Item:
        if show_sensitive:
            return Item(number, label, value)
        if number and number not in hidden:
            hidden.append(number)
        return Item(number, label, DASH, hidden=True)

    p = person
    unit_name = p.unit.name if p.unit else ""
    position = (p.position.name if p.position else "") or p.position_title
    party_now = [
        f"{post.title}, {post.organisation}"
        for post in p.party_posts.all()
        if post.start <= on and (post.end is None or post.end >= on)
    ]
    salaries = sorted(p.salary_records.all(), key=lambda s: s.start)
    current_salary = next((s for s in reversed(salaries) if s.start <= on), None)
    allowances = sorted(p.allowances.all(), key=lambda a: a.start)
    live = [a for a in allowances if a.start <= on and (a.end is None or a.end >= on)]

    beside = [
        Line((Item("1", "Họ và tên khai sinh", p.full_name.upper()),)),
        Line((Item("2", "Tên gọi khác", p.other_names or DASH),)),
        Line(
            (
                Item("3", "Sinh ngày", p.birth_date_display),
                Item("", "Giới tính", p.get_gender_display()),
            )
        ),
        Line((Item("4", "Nơi sinh", p.birthplace or DASH),)),
        Line((Item("5", "Quê quán", p.hometown or DASH),)),
    ]

    blocks: list[Block] = [
        Line(
            (
                secret("6", "Dân tộc", str(p.ethnic_group or DASH)),
                secret("7", "Tôn giáo", str(p.religion or "Không")),
            )
        ),
        Line(
            (Item("8", "Nơi đăng ký hộ khẩu thường trú", p.permanent_address or DASH),)
        ),
        Line(
            (
                Item(
                    "9",
                    "Nơi ở hiện nay",
                    filled(
                        p.current_address, f"điện thoại {p.phone}" if p.phone else ""
                    ),
                ),
            )
        ),
        Line(
            (
                Item(
                    "10", "Nghề nghiệp khi được tuyển dụng", p.occupation_before or DASH
                ),
            )
        ),
        Line(
            (
                Item("11", "Ngày tuyển dụng", day(p.recruited_on)),
                Item("", "Cơ quan tuyển dụng", p.recruiting_agency or DASH),
            )
        ),
        Line(
            (
                Item(
                    "12",
                    "Chức vụ (chức danh) hiện tại",
                    filled(position, unit_name),
                ),
            )
            + ((Item("", "Chức vụ Đảng", "; ".join(party_now)),) if party_now else ())
        ),
        Line((Item("13", "Công việc chính được giao", p.main_duties or DASH),)),
        _salary_line(p, current_salary),
        Line(
            (
                Item("", "Phụ cấp chức vụ", _allowances(live, own=True)),
                Item("", "Phụ cấp khác", _allowances(live, own=False)),
            )
        ),
        Line(
            (Item("15.1", "Trình độ giáo dục phổ thông", p.general_education or DASH),)
        ),
        Line(
            (
                Item(
                    "15.2",
                    "Trình độ chuyên môn cao nhất",
                    filled(
                        p.highest_degree,
                        p.degree_field,
                        p.get_academic_title_display() if p.academic_title else "",
                        p.academic_title_year,
                    ),
                ),
            )
        ),
        Line(
            (
                Item("15.3", "Lý luận chính trị", str(p.political_theory or DASH)),
                Item("15.4", "Quản lý nhà nước", str(p.state_management or DASH)),
            )
        ),
        Line(
            (
                Item("15.5", "Ngoại ngữ", p.foreign_languages or DASH),
                Item("15.6", "Tin học", p.it_level or DASH),
            )
        ),
        Line(
            (
                Item("16", "Ngày vào Đảng Cộng sản Việt Nam", day(p.party_joined_on)),
                Item("", "Ngày chính thức", day(p.party_official_on)),
            )
        ),
        Line(
            (
                Item(
                    "17",
                    "Ngày tham gia tổ chức chính trị - xã hội",
                    filled(
                        day(p.mass_org_joined_on) if p.mass_org_joined_on else "",
                        p.mass_org_name,
                    ),
                ),
            )
        ),
        Line(
            (
                Item("18", "Ngày nhập ngũ", day(p.military_enlisted_on)),
                Item("", "Ngày xuất ngũ", day(p.military_discharged_on)),
                Item("", "Quân hàm cao nhất", p.military_rank or DASH),
            )
        ),
        Line(
            (Item("19", "Danh hiệu được phong tặng cao nhất", p.honour_titles or DASH),)
        ),
        Line((Item("20", "Sở trường công tác", p.strengths or DASH),)),
        Heading("21", "Khen thưởng"),
        _rewards(p),
        Heading("22", "Kỷ luật", hidden=not show_sensitive),
    ]
    if show_sensitive:
        blocks.append(_disciplines(p))
    else:
        hidden.append("22")
    blocks += [
        Line(
            (
                secret("23", "Tình trạng sức khỏe", p.health or DASH),
                secret("", "Chiều cao", f"{p.height_cm} cm" if p.height_cm else DASH),
                secret("", "Cân nặng", f"{p.weight_kg} kg" if p.weight_kg else DASH),
                secret("", "Nhóm máu", p.blood_group or DASH),
            )
        ),
        Line(
            (
                Item(
                    "24",
                    "Là thương binh hạng, gia đình chính sách",
                    p.policy_status or DASH,
                ),
            )
        ),
        Line(
            (
                secret("25", "Số CCCD", p.national_id or DASH),
                secret("", "Ngày cấp", day(p.national_id_issued_on)),
                secret("", "Nơi cấp", p.national_id_issued_by or DASH),
            )
        ),
        Line((Item("26", "Số sổ BHXH", p.social_insurance_no or DASH),)),
        Heading(
            "27",
            "ĐÀO TẠO, BỒI DƯỠNG VỀ CHUYÊN MÔN, NGHIỆP VỤ, LÝ LUẬN CHÍNH TRỊ, "
            "NGOẠI NGỮ, TIN HỌC",
        ),
        _training(p),
        Heading("28", "TÓM TẮT QUÁ TRÌNH CÔNG TÁC"),
        _work(p),
        _abroad(p),
        Heading("29", "ĐẶC ĐIỂM LỊCH SỬ BẢN THÂN", hidden=not show_sensitive),
    ]
    if show_sensitive:
        blocks += [
            Text(
                "a) Khai rõ: bị bắt, bị tù (từ ngày tháng năm nào đến ngày tháng năm "
                "nào, ở đâu), đã khai báo cho ai, những vấn đề gì",
                p.history_arrests or "Không",
            ),
            Text(
                "Bản thân có làm việc trong chế độ cũ (cơ quan, đơn vị nào, địa "
                "điểm, chức danh, chức vụ, thời gian làm việc)",
                p.history_former_regime or "Không",
            ),
            Text(
                "b) Tham gia hoặc có quan hệ với các tổ chức chính trị, kinh tế, xã "
                "hội nào ở nước ngoài (làm gì, tổ chức nào, đặt trụ sở ở đâu)",
                p.history_foreign_ties or "Không",
            ),
            Text(
                "c) Có thân nhân (cha, mẹ, vợ, chồng, con, anh chị em ruột) ở nước "
                "ngoài (làm gì, địa chỉ)",
                p.history_relatives_abroad or "Không",
            ),
            Heading("30", "QUAN HỆ GIA ĐÌNH"),
            _family(p),
        ]
    else:
        hidden.append("29")
        blocks.append(Heading("30", "QUAN HỆ GIA ĐÌNH", hidden=True))
        hidden.append("30")
    blocks += [
        Heading("31", "DIỄN BIẾN QUÁ TRÌNH LƯƠNG CỦA CÁN BỘ, CÔNG CHỨC"),
        _salaries(salaries),
        _allowance_table(allowances),
    ]
    if show_sensitive:
        blocks += [
            Heading("", "HOÀN CẢNH KINH TẾ GIA ĐÌNH (Mẫu 2C/TCTW-98, mục 31)"),
            Text("", p.family_economy or DASH),
        ]
    else:
        blocks.append(
            Heading("", "HOÀN CẢNH KINH TẾ GIA ĐÌNH (Mẫu 2C/TCTW-98, mục 31)", True)
        )
    blocks += [
        Heading(
            "32",
            "NHẬN XÉT, ĐÁNH GIÁ CỦA CƠ QUAN, ĐƠN VỊ QUẢN LÝ VÀ SỬ DỤNG CÁN BỘ, "
            "CÔNG CHỨC",
        ),
        _evaluations(p),
    ]
    rows = sum(len(b.rows) - len(b.groups) for b in blocks if isinstance(b, Table))
    return Resume(
        full_name=p.full_name,
        managing_body=managing_body,
        using_unit=unit_name,
        personnel_code=p.personnel_code or "",
        photo=None,  # the model holds no photo yet: the slot stays an empty box
        beside_photo=beside,
        blocks=blocks,
        show_sensitive=show_sensitive,
        hidden_items=tuple(hidden),
        row_count=rows,
    )


def _salary_line(p: Person, current) -> Line:
    grade = p.grade or (current.grade if current else None)
    step = p.salary_step or (current.step if current else None)
    coefficient = p.salary_coefficient or (current.coefficient if current else None)
    return Line(
        (
            Item("14", "Ngạch công chức (viên chức)", grade.name if grade else DASH),
            Item("", "Mã ngạch", grade.code if grade else DASH),
            Item("", "Bậc lương", str(step) if step else DASH),
            Item("", "Hệ số", number(coefficient) or DASH),
            Item("", "Ngày hưởng", day(current.start) if current else DASH),
        )
    )


def _allowances(live: list[Allowance], *, own: bool) -> str:
    chosen = [a for a in live if (a.kind == Allowance.Kind.POSITION) == own]
    values = []
    for a in chosen:
        amount = number(a.coefficient) if a.coefficient is not None else f"{a.percent}%"
        values.append(amount if own else f"{a.get_kind_display()} {amount}")
    return "; ".join(values) or DASH


def _rewards(p: Person) -> Table:
    rows = [
        [str(r.year), r.form, r.reason, decision(r)]
        for r in sorted(p.rewards.all(), key=lambda r: (r.year, r.pk))
    ]
    return Table(
        columns=("Năm", "Hình thức khen thưởng", "Lý do", "Quyết định"),
        widths=(14, 56, 60, 50),
        rows=rows,
        centered=(0,),
    )


def _disciplines(p: Person) -> Table:
    rows = [
        [period(d.start, d.end), str(d.form), d.violation, decision(d)]
        for d in sorted(p.disciplines.all(), key=lambda d: (d.start, d.pk))
    ]
    return Table(
        columns=(
            "Từ - đến",
            "Hình thức kỷ luật",
            "Hành vi vi phạm chính",
            "Quyết định",
        ),
        widths=(32, 34, 64, 50),
        rows=rows,
        centered=(0,),
    )


def _training(p: Person) -> Table:
    rows = [
        [
            t.institution + (" (nước ngoài)" if t.abroad else ""),
            filled(t.field, t.get_category_display()),
            period(t.start, t.end),
            t.mode,
            t.qualification,
        ]
        for t in sorted(p.training_records.all(), key=lambda t: (t.start, t.pk))
    ]
    return Table(
        columns=(
            "Tên trường",
            "Chuyên ngành đào tạo, bồi dưỡng",
            "Từ tháng, năm - đến tháng, năm",
            "Hình thức đào tạo",
            "Văn bằng, chứng chỉ, trình độ gì",
        ),
        widths=(48, 38, 32, 26, 36),
        rows=rows,
        centered=(2,),
    )


def _work(p: Person) -> Table:
    """Work before the registry's units, posts in them and Party posts, in date
    order (the form lists Party, State and mass-organisation posts together)."""
    lines: list[tuple[dt.date, int, list[str]]] = []
    for w in p.work_history.all():
        lines.append((w.start, 0, [period(w.start, w.end), w.description]))
    for a in p.assignments.all():
        post = (a.position.name if a.position else "") or a.title
        what = filled(post, a.unit.name)
        if not a.is_main:
            what += " (kiêm nhiệm)"
        if a.decision_number or a.decision_date:
            what += f"; {decision(a)}"
        lines.append((a.start, 1, [period(a.start, a.end), what]))
    for post in p.party_posts.all():
        what = f"{post.title}, {post.organisation}"
        lines.append((post.start, 2, [period(post.start, post.end), what]))
    lines.sort(key=lambda line: (line[0], line[1]))
    return Table(
        columns=(
            "Từ tháng, năm - đến tháng, năm",
            "Chức danh, chức vụ, đơn vị công tác (Đảng, chính quyền, đoàn thể, "
            "tổ chức xã hội), kể cả thời gian được đào tạo, bồi dưỡng",
        ),
        widths=(34, 146),
        rows=[line[2] for line in lines],
        centered=(0,),
    )


def _abroad(p: Person) -> Table:
    rows = [
        [period(s.start, s.end), s.country, s.purpose]
        for s in sorted(p.abroad_stays.all(), key=lambda s: (s.start, s.pk))
    ]
    return Table(
        columns=("Từ - đến", "Nước", "Mục đích"),
        widths=(34, 50, 96),
        rows=rows,
        caption="Đi nước ngoài",
        centered=(0,),
    )


def _family(p: Person) -> Table:
    members = list(p.family_members.all())
    rows: list[list[str]] = []
    groups: list[int] = []
    for side, title in (
        (
            FamilyMember.Side.OWN,
            "a) Về bản thân: cha, mẹ, vợ (hoặc chồng), các con, anh chị em ruột",
        ),
        (
            FamilyMember.Side.SPOUSE,
            "b) Về bên vợ (hoặc chồng): cha, mẹ, anh chị em ruột",
        ),
    ):
        chosen = [m for m in members if m.side == side]
        if not chosen:
            continue
        groups.append(len(rows))
        rows.append([title, "", "", ""])
        for m in chosen:
            about = "\n".join(
                part
                for part in (
                    m.details,
                    m.political_history,
                    "Ở nước ngoài" if m.lives_abroad else "",
                )
                if part
            )
            rows.append(
                [
                    m.get_relation_display(),
                    m.full_name,
                    str(m.birth_year or ""),
                    about,
                ]
            )
    return Table(
        columns=(
            "Mối quan hệ",
            "Họ và tên",
            "Năm sinh",
            "Quê quán, nghề nghiệp, chức danh, chức vụ, đơn vị công tác, học tập, "
            "nơi ở (trong, ngoài nước); thành viên các tổ chức chính trị - xã hội",
        ),
        widths=(24, 40, 16, 100),
        rows=rows,
        groups=tuple(groups),
        centered=(2,),
    )


def _salaries(salaries) -> Table:
    rows = [
        [
            month(s.start),
            f"{s.grade.name} ({s.grade.code})",
            str(s.step),
            number(s.coefficient),
            f"{s.percent}%",
            f"{s.seniority_percent}%" if s.seniority_percent else "",
            decision(s),
        ]
        for s in salaries
    ]
    return Table(
        columns=(
            "Tháng, năm",
            "Ngạch (mã ngạch)",
            "Bậc",
            "Hệ số lương",
            "Phần trăm hưởng",
            "Phụ cấp thâm niên vượt khung",
            "Quyết định",
        ),
        widths=(18, 46, 12, 16, 18, 22, 48),
        rows=rows,
        centered=(0, 2, 3, 4, 5),
    )


def _allowance_table(allowances: list[Allowance]) -> Table:
    rows = [
        [
            period(a.start, a.end),
            a.get_kind_display(),
            number(a.coefficient) if a.coefficient is not None else "",
            f"{a.percent}%" if a.percent is not None else "",
            filled(a.note, decision(a)) if (a.note or a.decision_number) else "",
        ]
        for a in allowances
    ]
    return Table(
        columns=(
            "Từ - đến",
            "Loại phụ cấp",
            "Hệ số",
            "Phần trăm",
            "Ghi chú, quyết định",
        ),
        widths=(30, 40, 18, 18, 74),
        rows=rows,
        caption="Phụ cấp",
        centered=(0, 2, 3),
    )


def _evaluations(p: Person) -> Table:
    rows = [
        [str(e.year), str(e.level), number(e.score), e.emulation, e.note]
        for e in sorted(p.evaluations.all(), key=lambda e: e.year)
    ]
    return Table(
        columns=("Năm", "Xếp loại chất lượng", "Điểm", "Xếp loại thi đua", "Ghi chú"),
        widths=(14, 56, 16, 40, 54),
        rows=rows,
        caption="Kết quả đánh giá, xếp loại chất lượng hằng năm",
        centered=(0, 2),
    )
