"""Reads of the periodic reports for a user: the definitions they own or receive
(all of them for an administrator), their snapshots, their notices, and what
changed between two snapshots of the same definition (from the stored figures,
never the live data)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from cadre_registry.models import User
from cadre_registry.selectors import parse_pk
from reports.models import Notification, ReportDefinition, Snapshot
from reports.tables import BIEU10, PERSONNEL

DATA_VERSION_LABELS = {
    "person": "Hồ sơ",
    "assignment": "Quá trình công tác",
    "salary": "Diễn biến lương",
    "training_record": "Quá trình đào tạo",
    "evaluation": "Đánh giá",
    "enrolment": "Đào tạo",
    "planning_entry": "Quy hoạch",
    "rotation": "Luân chuyển",
    "appointment": "Bổ nhiệm",
}


def definition_list(*, user: User) -> QuerySet[ReportDefinition]:
    """Definitions the user owns or is a recipient of; all for an administrator."""
    definitions = ReportDefinition.objects.select_related(
        "owner", "unit", "schedule__crontab"
    )
    if user.is_administrator:
        return definitions
    received = ReportDefinition.recipients.through.objects.filter(
        user_id=user.pk
    ).values("reportdefinition_id")
    return definitions.filter(Q(owner_id=user.pk) | Q(pk__in=received))


def definition_list_with_latest(*, user: User) -> list[ReportDefinition]:
    """The user's definitions, each with `latest` (its newest snapshot or None):
    two queries however many definitions and snapshots there are."""
    newest = (
        Snapshot.objects.filter(definition=OuterRef("pk"))
        .order_by("-on", "-id")
        .values("pk")[:1]
    )
    definitions = list(definition_list(user=user).annotate(latest_pk=Subquery(newest)))
    pks = [d.latest_pk for d in definitions if d.latest_pk]
    latest = Snapshot.objects.select_related("frozen_by").in_bulk(pks) if pks else {}
    for definition in definitions:
        definition.latest = latest.get(definition.latest_pk)
    return definitions


def definition_get(*, user: User, pk) -> ReportDefinition:
    """One of the user's definitions, or 404."""
    try:
        return definition_list(user=user).get(pk=parse_pk(pk))
    except ReportDefinition.DoesNotExist:
        raise Http404("Không tìm thấy báo cáo") from None


def snapshot_list(*, user: User) -> QuerySet[Snapshot]:
    """Snapshots of the definitions the user may see."""
    return Snapshot.objects.filter(
        definition__in=definition_list(user=user).values("pk")
    ).select_related("definition__owner", "definition__unit", "made_by", "frozen_by")


def snapshot_get(*, user: User, pk) -> Snapshot:
    """One snapshot the user may see (owner, recipients, administrators), or 404."""
    try:
        return snapshot_list(user=user).get(pk=parse_pk(pk))
    except Snapshot.DoesNotExist:
        raise Http404("Không tìm thấy kỳ số liệu") from None


def snapshot_previous(*, snapshot: Snapshot) -> Snapshot | None:
    """The snapshot of the same definition with the latest earlier reporting date."""
    return (
        Snapshot.objects.filter(
            definition_id=snapshot.definition_id, on__lt=snapshot.on
        )
        .order_by("-on", "-id")
        .first()
    )


def notification_list(*, user: User) -> QuerySet[Notification]:
    """The user's notices, newest first."""
    return Notification.objects.filter(user=user)


def notification_unread_count(*, user: User) -> int:
    """How many of the user's notices are unread (the bell's number)."""
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def data_version_text(version: dict) -> str:
    """{"person": 12, ...} → "Hồ sơ #12 · ...": the newest history row of each table."""
    keys = [k for k in DATA_VERSION_LABELS if k in version]
    keys += [k for k in version if k not in DATA_VERSION_LABELS]
    return " · ".join(f"{DATA_VERSION_LABELS.get(k, k)} #{version[k]}" for k in keys)


# --- What changed since the previous snapshot ----------------------------------------


@dataclass
class Change:
    """One figure before → after: counts, shares (percent), and their differences."""

    label: str
    before: int | None
    after: int | None
    before_share: Decimal | None = None
    after_share: Decimal | None = None
    heading: bool = False

    @property
    def difference(self) -> int | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before

    @property
    def share_difference(self) -> Decimal | None:
        """In percentage points, from the two rounded shares the pages show."""
        if self.before_share is None or self.after_share is None:
            return None
        return self.after_share - self.before_share


def _share(value) -> Decimal | None:
    return None if value is None else Decimal(value)


def _personnel_figures(figures: dict | None) -> dict[str, tuple[str, dict]]:
    if not figures:
        return {}
    return {
        f["key"]: (section["title"], f)
        for section in figures.get("sections", [])
        for f in section["figures"]
    }


def _personnel_changes(before: dict | None, after: dict | None) -> list[Change]:
    rows = [
        Change(
            label="Tổng số cán bộ",
            before=(before or {}).get("headcount"),
            after=(after or {}).get("headcount"),
        )
    ]
    old = _personnel_figures(before)
    new = _personnel_figures(after)
    # The newer snapshot's order; figures only the older one had come last.
    keys = list(new) + [k for k in old if k not in new]
    section = None
    for key in keys:
        title, figure = new.get(key) or old[key]
        if title != section:
            rows.append(Change(label=title, before=None, after=None, heading=True))
            section = title
        was = old.get(key, (None, {}))[1]
        now = new.get(key, (None, {}))[1]
        rows.append(
            Change(
                label=figure["label"],
                before=was.get("count"),
                after=now.get("count"),
                before_share=_share(was.get("share")),
                after_share=_share(now.get("share")),
            )
        )
    return rows


def _bieu10_rows(figures: dict | None) -> dict[tuple[str, str], dict]:
    if not figures:
        return {}
    return {(r["course_type"], r["mode"]): r for r in figures.get("rows", [])}


def _bieu10_changes(before: dict | None, after: dict | None) -> list[Change]:
    from training.models import Mode

    modes = dict(Mode.choices)
    rows = [
        Change(
            label=label,
            before=(before or {}).get(key),
            after=(after or {}).get(key),
        )
        for key, label in (
            ("total_trained", "Tổng số lượt người được cử đi học"),
            ("total_completed", "Tổng số lượt người hoàn thành"),
            ("total_classes", "Tổng số lớp"),
        )
    ]
    old = _bieu10_rows(before)
    new = _bieu10_rows(after)
    for key in list(new) + [k for k in old if k not in new]:
        row = new.get(key) or old[key]
        label = f"{row['course_name']} ({modes.get(row['mode'], row['mode'])})"
        rows.append(
            Change(
                label=label,
                before=old.get(key, {}).get("trained"),
                after=new.get(key, {}).get("trained"),
            )
        )
    return rows


def snapshot_changes(
    *, snapshot: Snapshot, previous: Snapshot
) -> list[tuple[str, list[Change]]]:
    """Per table of the snapshot: its figures in `previous` → in `snapshot`."""
    from reports.tables import TABLES

    builders = {PERSONNEL: _personnel_changes, BIEU10: _bieu10_changes}
    changes = []
    for code, figures in snapshot.figures.items():
        builder = builders.get(code)
        if builder is None:
            continue
        title = TABLES[code].title if code in TABLES else code
        changes.append((title, builder(previous.figures.get(code), figures)))
    return changes
