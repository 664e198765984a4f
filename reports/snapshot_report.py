"""What the statistical report of a snapshot prints (báo cáo thống kê, issue 6),
read from the snapshot's stored figures and never from the live data: its cover
facts, its tables (the JSON of each) and the dashboard's charts of the same JSON,
and an annex with the personnel figures of the unit's child units from their own
snapshots of the same date (`unit_annexes`). reports/report_pdf.py draws it; this
module is where the rows are read.

The annex stays what was submitted: a frozen report takes only the child snapshots
frozen by the time it was frozen (frozen ones never change, and later ones never
enter); an unfrozen one takes each child's newest snapshot of the date, saying
whether it is frozen. The children's snapshots are those of definitions the
report's owner may see, whoever prints it, so that every print says the same."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import timezone

from reports import charts, dashboard
from reports.models import Snapshot
from reports.snapshot_selectors import data_version_text
from reports.tables import BIEU10, BIEU12B, PERSONNEL, TABLES

BIEU8B = "bieu8b"


def _name(user) -> str:
    return (user.get_full_name() or user.username) if user is not None else ""


@dataclass(frozen=True)
class ReportTable:
    """One table of the snapshot: its code, title and stored JSON."""

    code: str
    title: str
    figures: dict[str, Any]


@dataclass(frozen=True)
class UnitAnnex:
    """A child unit's personnel figures, from its own snapshot of the same date."""

    unit_name: str
    snapshot_pk: int
    name: str  # the child's report definition
    made_at: dt.datetime
    frozen_at: dt.datetime | None
    figures: dict[str, Any]


@dataclass(frozen=True)
class SnapshotReport:
    """Everything the report PDF prints, as plain values."""

    pk: int
    name: str  # the report definition's name
    unit_name: str
    superior: str  # the unit above the report's unit (the letterhead), or ""
    on: dt.date
    period_start: dt.date
    period: str  # the definition's period, as the page says it
    owner: str
    made_at: dt.datetime
    made_by: str  # "" when the beat made it
    frozen_at: dt.datetime | None
    frozen_by: str
    data_version: str
    tables: list[ReportTable]
    charts: list[charts.BarChart | charts.PyramidChart | charts.LineChart] = field(
        default_factory=list
    )
    # Why a dashboard chart is not in the report (an older snapshot, no table).
    chart_notes: list[str] = field(default_factory=list)
    annexes: list[UnitAnnex] = field(default_factory=list)

    @property
    def frozen(self) -> bool:
        return self.frozen_at is not None

    @property
    def personnel(self) -> dict[str, Any] | None:
        """The stored personnel figures ("nhan_su", else Biểu 8B's: the same)."""
        by_code = {t.code: t.figures for t in self.tables}
        return by_code.get(PERSONNEL) or by_code.get(BIEU8B)


def report_charts(
    figures: dict[str, Any],
) -> tuple[list[charts.BarChart | charts.PyramidChart], list[str]]:
    """The dashboard's charts of a snapshot's stored figures (reports/dashboard.py
    builds them for the page as well), and notes on the ones it cannot draw."""
    drawn: list[charts.BarChart | charts.PyramidChart] = []
    notes: list[str] = []
    # Biểu 8B stores the same personnel figures.
    stored = figures.get(PERSONNEL) or figures.get(BIEU8B)
    if stored is not None:
        stats = dashboard.stored_statistics(stored, None)
        drawn += dashboard.figure_charts(stats)
        bands = dashboard.stored_pyramid(stored)
        if bands is not None:
            drawn.append(dashboard.pyramid_chart(bands, on=stats.on))
        else:
            notes.append(
                "Kỳ số liệu này được lập trước khi kỳ số liệu lưu tháp tuổi theo giới "
                "tính; xem số người theo độ tuổi trong bảng số lượng, chất lượng."
            )
    else:
        notes.append(
            "Báo cáo không có biểu “Số lượng, chất lượng cán bộ” nên không có các "
            "biểu đồ cơ cấu đội ngũ."
        )
    training = dashboard.stored_fulfilment(figures) if BIEU10 in figures else None
    if training is not None and training.by_type:
        drawn.append(dashboard.training_chart(training))
    planning = (
        dashboard.stored_planning_chart(figures[BIEU12B])
        if BIEU12B in figures
        else None
    )
    if planning is not None:
        drawn.append(planning)
    else:
        notes.append(
            "Báo cáo không có Biểu 12B-BTCTW nên không có biểu đồ cơ cấu cán bộ "
            "trong quy hoạch (biểu đồ chỉ vẽ từ số liệu đã lưu của kỳ số liệu)."
        )
    return drawn, notes


def report_series(*, snapshot: Snapshot) -> tuple[charts.LineChart | None, str]:
    """The dashboard's main ratios across the unit's snapshots as the report
    prints them, and its note: the snapshots of dates up to this one's, this one
    for its own date; for a frozen report only those frozen by the time it was
    frozen, so that it always prints the same (as the annex)."""
    definition = snapshot.definition
    rows = dashboard.unit_snapshots(
        unit=definition.unit,
        until=snapshot.on,
        frozen_by=snapshot.frozen_at,
        prefer=snapshot.pk,
    )
    if not rows:
        return None, (
            "Không có biểu đồ diễn biến các tỷ lệ chính: đơn vị chưa có kỳ số liệu "
            "nào có biểu “Số lượng, chất lượng cán bộ” đến ngày số liệu."
        )
    if snapshot.frozen_at is not None:
        rule = (
            f"các kỳ số liệu của đơn vị đến ngày {snapshot.on:%d/%m/%Y} đã chốt "
            "trước khi báo cáo này được chốt"
        )
    else:
        rule = (
            f"các kỳ số liệu của đơn vị đến ngày {snapshot.on:%d/%m/%Y} (mỗi ngày "
            "một kỳ: kỳ này, hoặc kỳ lập sau cùng), kể cả kỳ chưa chốt"
        )
    chart = dashboard.series_chart(
        rows, note="Tỷ lệ (%) như đã lưu ở từng kỳ số liệu (xem phần ghi chú)."
    )
    return chart, (
        f"Diễn biến các tỷ lệ chính: {rule}; tỷ lệ như đã lưu ở từng kỳ, không "
        "tính lại."
    )


def unit_annexes(*, snapshot: Snapshot) -> list[UnitAnnex]:
    """The personnel figures of the report unit's direct children, each from the
    child's snapshot of the same date (one query; see the module's note)."""
    from reports.snapshot_selectors import definition_list

    definition = snapshot.definition
    if definition.unit_id is None:
        return []
    rows = (
        Snapshot.objects.filter(
            on=snapshot.on,
            definition__unit__parent_id=definition.unit_id,
            definition__in=definition_list(user=definition.owner).values("pk"),
        )
        .filter(
            Q(definition__tables__contains=[PERSONNEL])
            | Q(definition__tables__contains=[BIEU8B])
        )
        .exclude(pk=snapshot.pk)
        .select_related("definition__unit")
        .order_by(
            "definition__unit__sort_order",
            "definition__unit__path",
            "-made_at",
            "-id",
        )
    )
    if snapshot.frozen_at is not None:
        rows = rows.filter(frozen_at__lte=snapshot.frozen_at)
    found: dict[int, UnitAnnex] = {}
    for child in rows:
        unit = child.definition.unit
        figures = child.figures.get(PERSONNEL) or child.figures.get(BIEU8B)
        if unit.pk in found or not figures:
            continue
        found[unit.pk] = UnitAnnex(
            unit_name=unit.name,
            snapshot_pk=child.pk,
            name=child.definition.name,
            made_at=timezone.localtime(child.made_at),
            frozen_at=timezone.localtime(child.frozen_at) if child.frozen_at else None,
            figures=figures,
        )
    return list(found.values())


def snapshot_report_data(*, snapshot: Snapshot) -> SnapshotReport:
    """The report of a snapshot (fetched through `snapshot_get`, so with its
    definition, owner, unit and the users who made and froze it)."""
    from reports.services import _unit_name

    definition = snapshot.definition
    unit = definition.unit
    superior = ""
    if unit is not None and unit.parent_id:
        superior = unit.parent.name
    # The definition's order (the stored JSON object keeps none).
    codes = [c for c in definition.tables if c in snapshot.figures]
    codes += [c for c in snapshot.figures if c not in codes]
    tables = [
        ReportTable(
            code=code,
            title=TABLES[code].title if code in TABLES else code,
            figures=snapshot.figures[code],
        )
        for code in codes
    ]
    drawn, notes = report_charts(snapshot.figures)
    series, series_note = report_series(snapshot=snapshot)
    if series is not None:
        drawn.append(series)
    notes.append(series_note)
    return SnapshotReport(
        pk=snapshot.pk,
        name=definition.name,
        unit_name=_unit_name(definition),
        superior=superior,
        on=snapshot.on,
        period_start=snapshot.period_start,
        period=definition.get_period_display(),
        owner=_name(definition.owner),
        made_at=timezone.localtime(snapshot.made_at),
        made_by=_name(snapshot.made_by),
        frozen_at=(
            timezone.localtime(snapshot.frozen_at) if snapshot.frozen_at else None
        ),
        frozen_by=_name(snapshot.frozen_by),
        data_version=data_version_text(snapshot.data_version),
        tables=tables,
        charts=drawn,
        chart_notes=notes,
        annexes=unit_annexes(snapshot=snapshot),
    )
