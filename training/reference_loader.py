"""Load the course types of training/reference_data.py into CourseType.

Idempotent like cadre_registry.reference_loader: rows are matched on their code and
updated in place. Run by migration 0002; tests call it after a transactional flush.
The granted levels are looked up by code in the registry's code lists, which must
be loaded first."""

from __future__ import annotations

from django.db import transaction

from cadre_registry.models import Degree, PoliticalTheoryLevel, StateManagementLevel
from training import reference_data
from training.models import CourseType


def _by_code(model, key: str) -> dict:
    return {row.code: row for row in model.objects.filter(code_list__key=key)}


@transaction.atomic
def load_course_types() -> int:
    """Create or update every course type; return how many there are."""
    levels = {
        "political_theory": _by_code(PoliticalTheoryLevel, "CR-LLCT"),
        "state_management": _by_code(StateManagementLevel, "CR-QLNN"),
        "degree": _by_code(Degree, "CR-TRINHDO-CM"),
    }
    existing = {row.code: row for row in CourseType.objects.all()}
    for entry in reference_data.COURSE_TYPES:
        values = {
            "name": entry.name,
            "group": entry.group,
            "rank": entry.rank,
            "is_long": entry.is_long,
            "place": entry.place,
            "by_mode": entry.by_mode,
            "target": entry.target,
            "target_group": entry.target_group,
            "in_report": entry.in_report,
            "status": entry.status,
            "is_active": True,
        }
        for kind, table in levels.items():
            code = getattr(entry, f"grants_{kind}")
            if code and code not in table:
                raise LookupError(f"{entry.code}: no {kind} level {code!r}")
            values[f"grants_{kind}"] = table[code] if code else None
        row = existing.get(entry.code)
        if row is None:
            CourseType.objects.create(code=entry.code, **values)
        elif any(getattr(row, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(row, key, value)
            row.save()
    return len(reference_data.COURSE_TYPES)
