"""Load the code lists of reference_data.py into the reference tables.

Idempotent: entries are matched on (code list, code) and updated in place, so a
new release of a list changes names and ranks without touching the rows that
point at them. Run by migration 0004 and by `demo_data`; tests call it after a
transactional flush."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from cadre_registry import models, reference_data

TABLES = {
    "ethnic_group": models.EthnicGroup,
    "religion": models.Religion,
    "grade": models.Grade,
    "political_theory_level": models.PoliticalTheoryLevel,
    "state_management_level": models.StateManagementLevel,
    "degree": models.Degree,
    "evaluation_level": models.EvaluationLevel,
    "discipline_form": models.DisciplineForm,
    "position": models.Position,
}

# Extra columns per table, read from the dataclass of the same name.
EXTRA = {
    models.EthnicGroup: ("code_121", "is_minority"),
    models.Grade: ("pay_group", "report_family", "step_period_months"),
    models.PoliticalTheoryLevel: ("report_group",),
    models.Degree: ("report_band",),
    models.EvaluationLevel: ("min_points",),
    models.DisciplineForm: ("salary_delay_months", "planning_wait_months"),
    models.Position: ("is_leader",),
}


@transaction.atomic
def load_reference_data() -> dict[str, int]:
    """Create or update every code list and its entries; return counts per list."""
    counts: dict[str, int] = {}
    for info, entries in reference_data.all_code_lists():
        code_list, _ = models.CodeList.objects.update_or_create(
            key=info.key,
            defaults={
                "title": info.title,
                "citation": info.citation[:500],
                "version": info.version,
                "effective_from": info.effective_from,
                "effective_to": info.effective_to,
            },
        )
        table = TABLES.get(info.kind)
        if table is None:
            counts[info.key] = (
                0  # kept as model choices; the list is recorded for reference
            )
            continue
        existing = {e.code: e for e in table.objects.filter(code_list=code_list)}
        for entry in entries:
            values = {
                "name": entry.name,
                "rank": entry.rank,
                "aliases": list(entry.aliases),
                "is_active": True,
            }
            for column in EXTRA.get(table, ()):
                value = getattr(entry, column, None)
                if column == "planning_wait_months" and value is None:
                    value = 0
                if column == "min_points" and value is not None:
                    value = Decimal(value)
                values[column] = value
            row = existing.get(entry.code)
            if row is None:
                row = table.objects.create(
                    code_list=code_list, code=entry.code, **values
                )
            elif any(getattr(row, k) != v for k, v in values.items()):
                for key, value in values.items():
                    setattr(row, key, value)
                row.save()
            if table is models.Grade:
                _load_steps(row, entry)
        counts[info.key] = len(entries)
    return counts


def _load_steps(grade: models.Grade, entry) -> None:
    wanted = {i + 1: Decimal(c) for i, c in enumerate(entry.coefficients)}
    current = {s.step: s for s in grade.steps.all()}
    for step, coefficient in wanted.items():
        row = current.get(step)
        if row is None:
            models.GradeStep.objects.create(
                grade=grade, step=step, coefficient=coefficient
            )
        elif row.coefficient != coefficient:
            row.coefficient = coefficient
            row.save(update_fields=["coefficient"])
    models.GradeStep.objects.filter(grade=grade).exclude(step__in=wanted).delete()


def evaluation_level_for(*, year: int, code: str) -> models.EvaluationLevel | None:
    """The level of the evaluation scheme in force for a year (NĐ 56/2015, NĐ 90/2020,
    NĐ 335/2025): the scheme whose start is the latest on or before 31/12 of the year."""
    import datetime as dt

    end_of_year = dt.date(year, 12, 31)
    return (
        models.EvaluationLevel.objects.filter(
            code=code, code_list__effective_from__lte=end_of_year
        )
        .select_related("code_list")
        .order_by("-code_list__effective_from")
        .first()
    )
