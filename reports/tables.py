"""The tables a periodic report can hold, each as three functions: compute the
figures of a unit subtree for a period as of a date (through the scoped statistics
functions of the apps: the task runs as the definition's owner, so it reads what
the owner may read), turn them into JSON for the snapshot, and write the official
workbook from that JSON. Files are rendered from the stored JSON, never from the
live data, so a frozen snapshot's files say what was submitted.

Only tables that are built are listed; the later ones of issue 6 (8B, 9A, 11, 12B,
13 and the headline ratios) join here as their statistics land."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

BIEU10 = "bieu10"


@dataclass(frozen=True)
class Table:
    code: str
    title: str
    compute: Callable[..., dict[str, Any]]  # (user, unit, start, end, on) → JSON
    xlsx: Callable[..., bytes]  # (figures, unit_name, preparer) → workbook
    filename: str


# --- Biểu 10-BTCTW: training ---------------------------------------------------------


def _bieu10_compute(*, user, unit, start: dt.date, end: dt.date, on: dt.date) -> dict:
    from training.statistics import training_statistics

    stats = training_statistics(user=user, unit=unit, start=start, end=end, on=on)
    return {
        "start": stats.start.isoformat(),
        "end": stats.end.isoformat(),
        "on": stats.on.isoformat(),
        "total_trained": stats.total_trained,
        "total_completed": stats.total_completed,
        "total_classes": stats.total_classes,
        "rows": [
            {
                "course_type": row.course_type.code,
                "course_name": row.course_type.name,
                "mode": row.mode,
                "nominated": row.nominated,
                "trained": row.trained,
                "trained_by_level": row.trained_by_level,
                "trained_leaders": row.trained_leaders,
                "completed": row.completed,
                "failed": row.failed,
                "enrolled_or_completed": row.enrolled_or_completed,
                "classes": row.classes,
                "classes_by_level": row.classes_by_level,
                "class_learners": row.class_learners,
                "quota": row.quota,
            }
            for row in stats.rows.values()
        ],
    }


def bieu10_statistics(figures: dict):
    """The TrainingStatistics a Biểu 10 snapshot stored, for the workbook writer."""
    from training.models import CourseType
    from training.statistics import Row, TrainingStatistics

    course_types = list(CourseType.objects.order_by("rank", "code"))
    by_code = {c.code: c for c in course_types}
    rows = {}
    for stored in figures["rows"]:
        course_type = by_code.get(stored["course_type"])
        if course_type is None:  # a course type deleted since: keep its figures out
            continue
        values = {
            k: v for k, v in stored.items() if k not in ("course_type", "course_name")
        }
        rows[(course_type.code, stored["mode"])] = Row(
            course_type=course_type, **values
        )
    return TrainingStatistics(
        start=dt.date.fromisoformat(figures["start"]),
        end=dt.date.fromisoformat(figures["end"]),
        on=dt.date.fromisoformat(figures["on"]),
        unit=None,
        rows=rows,
        course_types=course_types,
    )


def _bieu10_xlsx(*, figures: dict, unit_name: str, preparer: str) -> bytes:
    from training.report_xlsx import build_bieu10_xlsx

    return build_bieu10_xlsx(
        stats=bieu10_statistics(figures), unit_name=unit_name, preparer=preparer
    )


TABLES: dict[str, Table] = {
    BIEU10: Table(
        code=BIEU10,
        title="Biểu 10-BTCTW: Kết quả đào tạo, bồi dưỡng cán bộ",
        compute=_bieu10_compute,
        xlsx=_bieu10_xlsx,
        filename="bieu-10-btctw",
    ),
}

TABLE_CHOICES = [(t.code, t.title) for t in TABLES.values()]
