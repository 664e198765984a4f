"""Danh sách quy hoạch cán bộ of a term, as plain data for the PDF and the XLSX:
grouped by unit, then planned post, one line per live entry (a "lượt"), with the
columns of the usual form. `planning_list_data` reads the posts the selector
`planning_list_posts` returns (entries prefetched): no queries of its own.

The ethnicity column is sensitive (DOMAIN.md §10): it is left out, not blanked,
for a user without the permission."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from cadre_registry.models import DatePrecision, Person
from planning import rules
from planning.models import EntryStatus, PlannedPost, Source, Term

SOURCE_SHORT = {Source.LOCAL: "Tại chỗ", Source.ELSEWHERE: "Nơi khác"}


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    sensitive: bool = False


COLUMNS = (
    Column("number", "STT"),
    Column("full_name", "Họ và tên"),
    Column("birth", "Ngày sinh"),
    Column("gender", "Giới tính"),
    Column("ethnicity", "Dân tộc", sensitive=True),
    Column("current_post", "Chức vụ, đơn vị công tác hiện tại"),
    Column("degree", "Trình độ chuyên môn"),
    Column("political_theory", "Lý luận chính trị"),
    Column("source", "Nguồn"),
    Column("note", "Trạng thái, ghi chú"),
)


def columns(*, show_sensitive: bool) -> list[Column]:
    """The list's columns for a user with or without the sensitive permission."""
    return [c for c in COLUMNS if show_sensitive or not c.sensitive]


@dataclass(frozen=True)
class Line:
    """One planned cadre on one post."""

    number: int
    full_name: str
    birth: str
    gender: str
    ethnicity: str
    current_post: str
    degree: str
    political_theory: str
    source: str
    note: str

    def values(self, cols: Iterable[Column]) -> list[str]:
        return [str(getattr(self, c.key)) for c in cols]


@dataclass(frozen=True)
class PostGroup:
    title: str
    lines: list[Line]


@dataclass(frozen=True)
class UnitGroup:
    name: str
    posts: list[PostGroup]


@dataclass(frozen=True)
class PlanningList:
    """What the printed list shows, with nothing left to query."""

    term_name: str
    level: str
    rule_title: str
    issuer: str
    superior: str
    decisions: list[str]
    include_proposed: bool
    show_sensitive: bool
    groups: list[UnitGroup] = field(default_factory=list)

    @property
    def line_count(self) -> int:
        return sum(len(p.lines) for g in self.groups for p in g.posts)

    @property
    def columns(self) -> list[Column]:
        return columns(show_sensitive=self.show_sensitive)

    @property
    def title(self) -> str:
        return "DANH SÁCH QUY HOẠCH CÁN BỘ"

    @property
    def subtitle(self) -> str:
        return f"Nhiệm kỳ {self.term_name}"

    @property
    def status_note(self) -> str:
        if self.include_proposed:
            return "Gồm người đã được phê duyệt và người đang được đề xuất"
        return "Người đã được phê duyệt quy hoạch"


def birth_text(person: Person) -> str:
    """dd/mm/yyyy, or mm/yyyy or yyyy when only those are known (Mẫu 2C allows it)."""
    value = person.birth_date
    if person.birth_date_precision == DatePrecision.YEAR:
        return str(value.year)
    if person.birth_date_precision == DatePrecision.MONTH:
        return f"{value.month:02d}/{value.year}"
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


def decision_text(number: str, date: dt.date | None, authority: str) -> str:
    """'Quyết định số 12-QĐ/TU ngày 01/03/2026 của Ban Thường vụ Tỉnh ủy'."""
    parts = ["Quyết định"]
    if number:
        parts.append(f"số {number}")
    if date:
        parts.append(f"ngày {date:%d/%m/%Y}")
    if authority:
        parts.append(f"của {authority}")
    return " ".join(parts)


def _current_post(person: Person) -> str:
    post = person.position_title or (person.position.name if person.position else "")
    unit = person.unit.name if person.unit else ""
    return ", ".join(p for p in (post, unit) if p)


def _degree(person: Person) -> str:
    if person.highest_degree is None:
        return person.degree_field
    if person.degree_field:
        return f"{person.highest_degree.name} {person.degree_field}"
    return person.highest_degree.name


def planning_list_data(
    *,
    term: Term,
    posts: list[PlannedPost],
    issuer: str,
    superior: str = "",
    include_proposed: bool,
    show_sensitive: bool,
) -> PlanningList:
    """The printed list of these posts (each with `live_entries` prefetched)."""
    decisions: dict[tuple, str] = {}
    for post in posts:
        for entry in post.live_entries:
            if entry.status == EntryStatus.APPROVED and (
                entry.decision_number or entry.decision_date
            ):
                key = (entry.decision_number, entry.decision_date)
                decisions.setdefault(
                    key,
                    decision_text(
                        entry.decision_number,
                        entry.decision_date,
                        entry.decision_authority,
                    ),
                )
    # One decision for the whole list goes in the heading; with several, each
    # line names its own.
    per_line_decision = len(decisions) > 1
    groups: list[UnitGroup] = []
    number = 0
    for post in posts:
        if not groups or groups[-1].name != post.unit.name:
            groups.append(UnitGroup(name=post.unit.name, posts=[]))
        lines = []
        for entry in post.live_entries:
            number += 1
            person = entry.person
            notes = []
            if entry.status == EntryStatus.PROPOSED:
                notes.append("Đang đề xuất")
            elif include_proposed:
                notes.append("Đã phê duyệt")
            if entry.added_in_id is not None:
                notes.append(f"Bổ sung năm {entry.added_in.year}")
            if per_line_decision and entry.decision_number:
                notes.append(f"QĐ số {entry.decision_number}")
            lines.append(
                Line(
                    number=number,
                    full_name=person.full_name,
                    birth=birth_text(person),
                    gender=person.get_gender_display(),
                    ethnicity=(
                        person.ethnic_group.name
                        if show_sensitive and person.ethnic_group
                        else ""
                    ),
                    current_post=_current_post(person),
                    degree=_degree(person),
                    political_theory=(
                        person.political_theory.name if person.political_theory else ""
                    ),
                    source=SOURCE_SHORT.get(entry.source, entry.get_source_display()),
                    note="; ".join(notes),
                )
            )
        groups[-1].posts.append(PostGroup(title=post.name, lines=lines))
    return PlanningList(
        term_name=term.name,
        level=term.get_level_display(),
        rule_title=rules.planning_rules(term.rule_version).version.title,
        issuer=issuer,
        superior=superior,
        decisions=list(decisions.values()),
        include_proposed=include_proposed,
        show_sensitive=show_sensitive,
        groups=groups,
    )


_ROMAN = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip


def roman(number: int) -> str:
    """I, II, III, ... for the unit headings."""
    out = []
    for value, letters in _ROMAN:
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)
