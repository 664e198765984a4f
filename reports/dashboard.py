"""The leaders' dashboard (bảng điều khiển, issue 6): the reads behind
/thong-ke/bang-dieu-khien/. Charts are drawn from these by reports/charts.py.

What a dashboard shows, for a unit's subtree (default: the user's own unit, the
province for administrators) as of a date (default today):

- Headline figures (`HEADLINE_KEYS` of reports/statistics.py, plus training-plan
  fulfilment), each a count over a denominator with its share, and its change since
  the unit's previous snapshot: the newest snapshot before the figures' date among
  the snapshots of definitions for this very unit whose tables include "nhan_su".
- Where the headline figures come from: the snapshot of the unit for the date when
  there is one (nothing is recomputed: the page costs a few small queries at any
  size, the issue's "dashboard from a snapshot under 100 ms"), else computed now
  by `personnel_statistics` (seconds for a province at 1M people). The page says
  which. Training fulfilment comes from the same snapshot's Biểu 10 when it has
  one, else from `training_statistics` for the year to date.
- Live parts, each one aggregate through the scoped selectors and loaded by the
  page on its own (htmx), so that a snapshot's page does not wait for them: the age
  pyramid by gender (`age_pyramid`), the children's figures (`children_figures`)
  and the planning composition (`planning_composition`).
- The time series of the main ratios across the unit's snapshots (`unit_snapshots`).

What each chart shows is built here (`figure_charts`, `pyramid_chart`,
`training_chart`, `planning_chart`: a `charts.BarChart` or `charts.PyramidChart`),
so the page's SVG (reports/charts.py) and the statistical report PDF
(reports/pdf_charts.py) draw the same data. A snapshot stores the age pyramid of
its date with its personnel figures ("age_pyramid"); the dashboard draws that one
for a date it has a snapshot of, and the PDF of the snapshot draws it too.

A snapshot's figures were computed as its definition's owner; the dashboard only
reads the snapshots of units the user may see (the unit is in their scope).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Case, Q, Value, When

from cadre_registry.models import Unit, User
from cadre_registry.selectors import unit_roots
from reports import charts
from reports.models import Snapshot
from reports.statistics import (
    AGE_BANDS,
    FIGURES_BY_KEY,
    Figure,
    PersonnelStatistics,
    figures_by_unit,
    personnel_statistics,
    population_counts,
)
from reports.tables import BIEU10, PERSONNEL, bieu10_statistics

# The headline ratios of issue 6, in the page's order.
HEADLINE_KEYS = (
    "degree:university_plus",
    "llct:cao_cap",
    "gender:female",
    "ethnic:minority",
    "party:member",
    "grade:cvcc",
    "grade:cvc",
    "grade:cv",
    "evaluation:xuat_sac",
)
HEADLINE_LABELS = {
    "degree:university_plus": "Trình độ đại học trở lên",
    "llct:cao_cap": "Lý luận chính trị cao cấp, cử nhân",
    "gender:female": "Cán bộ nữ",
    "ethnic:minority": "Dân tộc thiểu số",
    "party:member": "Đảng viên",
    "grade:cvcc": "Ngạch chuyên viên cao cấp và tương đương",
    "grade:cvc": "Ngạch chuyên viên chính và tương đương",
    "grade:cv": "Ngạch chuyên viên và tương đương",
    "evaluation:xuat_sac": "Hoàn thành xuất sắc nhiệm vụ",
}
TRAINING_KEY = "training:fulfilment"
# The ratios drawn over time, and shown for each child unit.
SERIES_KEYS = (
    "degree:university_plus",
    "llct:cao_cap",
    "gender:female",
    "ethnic:minority",
    "party:member",
    "evaluation:xuat_sac",
)
CHILD_KEYS = (
    "degree:university_plus",
    "llct:cao_cap",
    "gender:female",
    "ethnic:minority",
    "party:member",
)
# Enough for years of monthly snapshots; older ones are left out of the series.
SERIES_LIMIT = 60


# --- Snapshots -----------------------------------------------------------------------


@dataclass(frozen=True)
class StoredSnapshot:
    """What the dashboard reads of one snapshot (one row of `unit_snapshots`)."""

    pk: int
    on: dt.date
    period_start: dt.date
    name: str
    frozen: bool
    made_at: dt.datetime
    figures: dict[str, Any] = field(repr=False)

    @property
    def personnel(self) -> dict[str, Any]:
        return self.figures[PERSONNEL]


def unit_snapshots(
    *,
    unit: Unit | None,
    until: dt.date | None = None,
    frozen_by: dt.datetime | None = None,
    prefer: int | None = None,
) -> list[StoredSnapshot]:
    """The unit's snapshots holding the personnel table, newest first, one per date
    (the newest made when two definitions report the same date, unless one is
    `prefer`): one query. `until`: dates up to it; `frozen_by`: only snapshots
    frozen by then (what a frozen report saw). None (a user with several units and
    no single one chosen): no snapshots."""
    if unit is None:
        return []
    rows = Snapshot.objects.filter(
        definition__unit=unit, definition__tables__contains=[PERSONNEL]
    )
    if until is not None:
        rows = rows.filter(on__lte=until)
    if frozen_by is not None:
        rows = rows.filter(frozen_at__lte=frozen_by)
    order = ["-on", "-made_at", "-id"]
    if prefer is not None:
        order.insert(1, Case(When(pk=prefer, then=Value(0)), default=Value(1)))
    rows = rows.order_by(*order).values(
        "pk",
        "on",
        "period_start",
        "definition__name",
        "frozen_at",
        "made_at",
        "figures",
    )[: SERIES_LIMIT * 2]
    found: dict[dt.date, StoredSnapshot] = {}
    for row in rows:
        if row["on"] in found or PERSONNEL not in (row["figures"] or {}):
            continue
        found[row["on"]] = StoredSnapshot(
            pk=row["pk"],
            on=row["on"],
            period_start=row["period_start"],
            name=row["definition__name"],
            frozen=row["frozen_at"] is not None,
            made_at=row["made_at"],
            figures=row["figures"],
        )
    return list(found.values())[:SERIES_LIMIT]


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def stored_statistics(stored: dict[str, Any], unit: Unit | None) -> PersonnelStatistics:
    """The PersonnelStatistics a "nhan_su" table stored (reports/tables.py), so that
    a snapshot's figures and figures computed now are read the same way."""
    figures = {
        "headcount": Figure(
            "headcount", "Tổng số", stored["headcount"], stored["headcount"]
        )
    }
    for section in stored["sections"]:
        for item in section["figures"]:
            figures[item["key"]] = Figure(
                item["key"], item["label"], item["count"], item["denominator"]
            )
    return PersonnelStatistics(
        on=dt.date.fromisoformat(stored["on"]),
        unit=unit,
        evaluation_year=stored["evaluation_year"],
        retiring_until=dt.date.fromisoformat(stored["retiring_until"]),
        headcount=stored["headcount"],
        mean_age=_decimal(stored.get("mean_age")),
        figures=figures,
    )


def _stored_figure(stored: dict[str, Any], key: str) -> Figure | None:
    for section in stored["sections"]:
        for item in section["figures"]:
            if item["key"] == key:
                return Figure(key, item["label"], item["count"], item["denominator"])
    return None


# --- Training fulfilment -------------------------------------------------------------


@dataclass(frozen=True)
class TrainingFulfilment:
    """Plan fulfilment (enrolled or completed / quota) overall and by course type,
    for a period, from training_statistics or a snapshot's Biểu 10."""

    start: dt.date
    end: dt.date
    total: Figure
    by_type: list[Figure]


def _fulfilment(stats) -> TrainingFulfilment:
    rows = list(stats.rows.values())
    done = sum(r.enrolled_or_completed for r in rows)
    quota = sum(r.quota for r in rows)
    by_type = []
    names = {c.code: c.name for c in stats.course_types}
    for code, part in stats.fulfilment_by_type().items():
        by_type.append(Figure(f"training:{code}", names[code], part.count, part.total))
    return TrainingFulfilment(
        start=stats.start,
        end=stats.end,
        total=Figure(TRAINING_KEY, "Hoàn thành kế hoạch đào tạo", done, quota),
        by_type=by_type,
    )


def training_fulfilment(
    *, user: User, unit: Unit | None, on: dt.date
) -> TrainingFulfilment:
    """Fulfilment of the plans of `on`'s year, classes opened from 1 January to `on`
    (training_statistics: three aggregate queries)."""
    from training.statistics import training_statistics

    stats = training_statistics(
        user=user, unit=unit, start=dt.date(on.year, 1, 1), end=on, on=on
    )
    return _fulfilment(stats)


def stored_fulfilment(figures: dict[str, Any]) -> TrainingFulfilment | None:
    """The fulfilment a snapshot's Biểu 10 stored, or None when it has none."""
    if BIEU10 not in figures:
        return None
    return _fulfilment(bieu10_statistics(figures[BIEU10]))


# --- The dashboard -------------------------------------------------------------------


@dataclass(frozen=True)
class Headline:
    """A headline figure and the same figure in the previous snapshot."""

    key: str
    label: str
    figure: Figure
    previous: Figure | None

    @property
    def points(self) -> Decimal | None:
        """Change of the share in percentage points since the previous snapshot."""
        if self.previous is None or self.figure.share is None:
            return None
        if self.previous.share is None:
            return None
        return self.figure.share - self.previous.share

    @property
    def count_change(self) -> int | None:
        return (
            None if self.previous is None else self.figure.count - self.previous.count
        )


@dataclass
class Dashboard:
    unit: Unit | None
    on: dt.date
    stats: PersonnelStatistics
    source: StoredSnapshot | None  # the snapshot the figures come from (None: now)
    previous: StoredSnapshot | None  # the snapshot the changes are measured from
    snapshots: list[StoredSnapshot]  # newest first
    headlines: list[Headline]
    training: TrainingFulfilment | None  # None: not read yet (loaded on its own)

    @property
    def from_snapshot(self) -> bool:
        return self.source is not None

    @property
    def latest(self) -> StoredSnapshot | None:
        return self.snapshots[0] if self.snapshots else None

    def series(self) -> tuple[list[dt.date], dict[str, list[Decimal | None]]]:
        """The main ratios at each snapshot's date, oldest first."""
        return snapshot_series(self.snapshots)


def snapshot_series(
    snapshots: list[StoredSnapshot],
) -> tuple[list[dt.date], dict[str, list[Decimal | None]]]:
    """The main ratios (`SERIES_KEYS`) at each snapshot's date, oldest first, of
    snapshots given newest first (`unit_snapshots`)."""
    ordered = list(reversed(snapshots))
    values: dict[str, list[Decimal | None]] = {k: [] for k in SERIES_KEYS}
    for snapshot in ordered:
        for key in SERIES_KEYS:
            figure = _stored_figure(snapshot.personnel, key)
            values[key].append(None if figure is None else figure.share)
    return [s.on for s in ordered], values


def default_unit(*, user: User) -> Unit | None:
    """The unit a dashboard opens on: the user's own unit (the top one of their
    subtrees, the province root for administrators); None when there are several
    (then the dashboard covers their whole scope)."""
    roots = list(unit_roots(user=user).order_by("path")[:2])
    return roots[0] if len(roots) == 1 else None


def dashboard_get(
    *,
    user: User,
    unit: Unit | None,
    on: dt.date,
    recompute: bool = False,
) -> Dashboard:
    """The headline figures of `unit`'s subtree as of `on`: from the unit's snapshot
    of that date (unless `recompute`), else computed now; with the change since the
    unit's newest snapshot before `on`. `unit` must already be in the user's scope
    (the view fetched it through `unit_get`)."""
    snapshots = unit_snapshots(unit=unit)
    source = None
    if not recompute:
        source = next((s for s in snapshots if s.on == on), None)
    previous = next((s for s in snapshots if s.on < on), None)
    if source is not None:
        stats = stored_statistics(source.personnel, unit)
        training = stored_fulfilment(source.figures)
    else:
        stats = personnel_statistics(user=user, unit=unit, on=on)
        training = None
    headlines = []
    for key in HEADLINE_KEYS:
        prior = None if previous is None else _stored_figure(previous.personnel, key)
        headlines.append(Headline(key, HEADLINE_LABELS[key], stats[key], prior))
    return Dashboard(
        unit=unit,
        on=on,
        stats=stats,
        source=source,
        previous=previous,
        snapshots=snapshots,
        headlines=headlines,
        training=training,
    )


def training_headline(
    *, training: TrainingFulfilment, previous: StoredSnapshot | None
) -> Headline:
    """Training fulfilment as a headline, compared with the previous snapshot's
    Biểu 10 when it had one."""
    prior = None if previous is None else stored_fulfilment(previous.figures)
    return Headline(
        TRAINING_KEY,
        "Hoàn thành kế hoạch đào tạo, bồi dưỡng",
        training.total,
        None if prior is None else prior.total,
    )


# --- What the charts show ------------------------------------------------------------


def _section(stats: PersonnelStatistics, key: str):
    return next(s for s in stats.sections if s.key == key)


def _bars(figures, *, with_denominator: bool = False) -> list[charts.Bar]:
    return [
        charts.Bar(
            f.label, f.count, f.share, f.denominator if with_denominator else None
        )
        for f in figures
    ]


def figure_charts(stats: PersonnelStatistics) -> list[charts.BarChart]:
    """The breakdowns of the personnel figures (stored or computed): grade mix,
    degrees (the levels that add up to the headcount), political theory and the
    evaluation of the year."""
    note = f"Trên tổng số {charts.number(stats.headcount)} người."
    degree = [
        f for f in _section(stats, "degree").figures if FIGURES_BY_KEY[f.key].in_sum
    ]
    drawn = (
        ("chart-grade", "Cơ cấu ngạch công chức", _section(stats, "grade").figures),
        ("chart-degree", "Trình độ chuyên môn", degree),
        ("chart-llct", "Lý luận chính trị", _section(stats, "llct").figures),
        (
            "chart-evaluation",
            f"Xếp loại chất lượng năm {stats.evaluation_year}",
            _section(stats, "evaluation").figures,
        ),
    )
    return [
        charts.BarChart(chart_id, title, _bars(figures), note)
        for chart_id, title, figures in drawn
    ]


def pyramid_chart(bands: list[AgeBand], *, on: dt.date) -> charts.PyramidChart:
    """The age pyramid by gender of `age_pyramid` (or a snapshot's stored one)."""
    return charts.PyramidChart(
        chart_id="chart-pyramid",
        title=f"Tháp tuổi theo giới tính (đến ngày {on:%d/%m/%Y})",
        bands=[charts.Band(b.label, b.men, b.women) for b in bands],
        note=(
            "Số người đang công tác đến ngày số liệu theo độ tuổi và giới tính "
            "(theo đơn vị công tác tại ngày số liệu, như các chỉ tiêu)."
        ),
    )


def training_chart(training: TrainingFulfilment) -> charts.BarChart:
    """Plan fulfilment by course type."""
    return charts.BarChart(
        chart_id="chart-training",
        title="Hoàn thành kế hoạch đào tạo theo loại khóa học",
        bars=_bars(training.by_type, with_denominator=True),
        note=(
            f"Đã học hoặc hoàn thành / chỉ tiêu; lớp khai giảng "
            f"{training.start:%d/%m/%Y} – {training.end:%d/%m/%Y}."
        ),
    )


def series_chart(
    snapshots: list[StoredSnapshot], *, note: str = ""
) -> charts.LineChart:
    """The main ratios across snapshots (given newest first), one line each."""
    dates, values = snapshot_series(snapshots)
    return charts.LineChart(
        chart_id="chart-series",
        title="Các tỷ lệ chính qua các kỳ số liệu (%)",
        dates=dates,
        series=[charts.Series(HEADLINE_LABELS[k], values[k]) for k in SERIES_KEYS],
        note=note,
    )


def _planning_chart(bars: list[charts.Bar], *, people: int, entries: int):
    return charts.BarChart(
        chart_id="chart-planning",
        title="Cơ cấu cán bộ trong quy hoạch",
        bars=bars,
        note=(
            f"{charts.number(people)} người trong quy hoạch "
            f"({charts.number(entries)} lượt), mỗi người tính một lần."
        ),
    )


def planning_chart(composition: PlanningComposition) -> charts.BarChart:
    """The composition of the people in planning."""
    return _planning_chart(
        _bars(composition.rows, with_denominator=True),
        people=composition.people,
        entries=composition.entries,
    )


def stored_planning_chart(stored: dict[str, Any]) -> charts.BarChart | None:
    """The composition of the people in planning from a snapshot's Biểu 12B
    (planning/report_xlsx.py `bieu12b_data`: rows of [entries, post groups…,
    people once, percent]); None when the rows are not in that shape. Shares are
    over the people counted once, as `planning_composition`'s; the young row's
    denominator (people whose term has an age line) is not stored, so it keeps
    the table's percentage and no denominator."""
    from planning.statistics import BREAKDOWN_KEYS

    rows = stored.get("rows") or []
    lines = [r for r in rows if r.get("depth") == 2]
    if not rows or rows[0].get("depth") != 0 or len(lines) != len(BREAKDOWN_KEYS):
        return None
    total = rows[0]["values"]
    entries, people = total[0] or 0, total[-2] or 0
    bars = []
    for key, line in zip(BREAKDOWN_KEYS, lines, strict=True):
        count, percent = line["values"][-2] or 0, line["values"][-1]
        if key == "young":
            stored_share = None if percent is None else Decimal(str(percent))
            bars.append(charts.Bar(line["label"], count, stored_share))
        else:
            figure = Figure(f"planning:{key}", line["label"], count, people)
            bars.append(charts.Bar(figure.label, count, figure.share, people))
    return _planning_chart(bars, people=people, entries=entries)


# --- Live parts: one aggregate each --------------------------------------------------


@dataclass(frozen=True)
class AgeBand:
    key: str
    label: str
    men: int
    women: int


def _in_service(on: dt.date) -> Q:
    # The registry's rule (reports/statistics.py): recruited by `on`, not yet left.
    return (Q(recruited_on__isnull=True) | Q(recruited_on__lte=on)) & (
        Q(left_on__isnull=True) | Q(left_on__gt=on)
    )


def age_pyramid(*, user: User, unit: Unit | None, on: dt.date) -> list[AgeBand]:
    """People in service on `on` by age band (Biểu 8B's, full years on `on`) and
    gender, youngest band first: the population of the figures
    (`statistics.population_counts`, by the unit on `on`, kept or live), so the
    bands add up to the headcount."""
    counts: dict[tuple[str, bool], int] = {}
    rows = population_counts(user=user, unit=unit, on=on, by=("age_band", "gender"))
    for (band, gender), n in rows.items():
        women = gender == "F"  # as the statistics: anything else is "Nam"
        counts[(band, women)] = counts.get((band, women), 0) + n
    return [
        AgeBand(key, label, counts.get((key, False), 0), counts.get((key, True), 0))
        for key, label, _, _ in AGE_BANDS
    ]


def pyramid_json(bands: list[AgeBand]) -> list[dict[str, Any]]:
    """The pyramid as a snapshot stores it (reports/tables.py)."""
    return [
        {"key": b.key, "label": b.label, "men": b.men, "women": b.women} for b in bands
    ]


def stored_pyramid(stored: dict[str, Any]) -> list[AgeBand] | None:
    """The pyramid a "nhan_su" table stored; None for a snapshot made before
    snapshots held one."""
    rows = stored.get("age_pyramid")
    if rows is None:
        return None
    return [AgeBand(r["key"], r["label"], r["men"], r["women"]) for r in rows]


def pyramid_get(
    *, user: User, unit: Unit | None, on: dt.date, recompute: bool = False
) -> list[AgeBand]:
    """The pyramid the dashboard draws: the one stored with the unit's snapshot of
    `on` (the newest made, as `unit_snapshots` picks), else `age_pyramid` now."""
    if unit is not None and not recompute:
        stored = (
            Snapshot.objects.filter(
                definition__unit=unit, definition__tables__contains=[PERSONNEL], on=on
            )
            .order_by("-made_at", "-id")
            .values_list("figures", flat=True)
            .first()
        )
        if stored and PERSONNEL in stored:
            bands = stored_pyramid(stored[PERSONNEL])
            if bands is not None:
                return bands
    return age_pyramid(user=user, unit=unit, on=on)


@dataclass(frozen=True)
class ChildFigures:
    """A child unit's headcount and main ratios as of a date."""

    unit: Unit
    headcount: int
    figures: dict[str, Figure]


def children_figures(
    *, user: User, unit: Unit | None, on: dt.date
) -> list[ChildFigures]:
    """The unit's children (the user's own units when `unit` is None) with the
    headcount and main ratios of each child's subtree as of `on`, counted as the
    figures count them (by the unit on the date, kept rows when the date is kept):
    one statement grouped by unit (`statistics.figures_by_unit`), then each unit
    added to the child whose subtree holds it, by path (a loop over units, not
    people)."""
    if unit is None:
        children = list(unit_roots(user=user).order_by("sort_order", "path"))
    else:
        children = list(unit.children.order_by("sort_order", "path"))
    if not children:
        return []
    per_unit = figures_by_unit(user=user, unit=unit, on=on, keys=CHILD_KEYS)
    paths = dict(Unit.objects.filter(pk__in=per_unit).values_list("pk", "path"))
    totals = {c.pk: dict.fromkeys(("headcount", *CHILD_KEYS), 0) for c in children}
    by_path = {c.path: c.pk for c in children}
    lengths = sorted({len(path) for path in by_path})
    for unit_id, counts in per_unit.items():
        path = paths.get(unit_id, "")
        child = next((by_path[path[:n]] for n in lengths if path[:n] in by_path), None)
        if child is not None:  # None: the unit's own people, in no child
            for key, n in counts.items():
                totals[child][key] += n
    found = []
    for c in children:
        row = totals[c.pk]
        figures = {
            key: Figure(key, FIGURES_BY_KEY[key].label, row[key], row["headcount"])
            for key in CHILD_KEYS
        }
        found.append(ChildFigures(unit=c, headcount=row["headcount"], figures=figures))
    return found


@dataclass(frozen=True)
class PlanningComposition:
    """The people in planning on a date (counted once) and their composition."""

    on: dt.date
    people: int
    entries: int
    rows: list[Figure]


def planning_composition(
    *, user: User, unit: Unit | None, on: dt.date
) -> PlanningComposition:
    """Biểu 12B's composition of the people in planning on `on`, every term
    (planning_statistics), each share over the people counted once."""
    from planning.statistics import planning_statistics

    stats = planning_statistics(user=user, unit=unit, on=on)
    rows = [
        Figure(f"planning:{key}", label, part.count, part.total)
        for key, label, part in stats.people.rows()
    ]
    return PlanningComposition(
        on=on, people=stats.people.total, entries=stats.live, rows=rows
    )
