"""Spreadsheet imports: the engine behind the upload → dry run → confirm pages, the
Celery tasks and the `import_people` / `import_units` commands.

    check_file(job=..., user=..., progress=None) -> ImportReport   # the dry run
    apply_file(job=..., user=..., progress=None) -> ImportReport   # all or nothing

RESOURCES names what can be imported; each spec has a Vietnamese title, its columns
(from cadre_registry.resources) and its natural keys. Other apps add their kinds with
`register(spec)` from their AppConfig.ready() (training: classes and learners), and
the pages, templates, error workbooks, tasks and commands take them as they are.
"""

from cadre_registry.models import Person, Unit
from cadre_registry.resources import PEOPLE_COLUMNS, PEOPLE_KEYS, UNIT_COLUMNS

from .engine import (
    ImportRejected,
    ImportReport,
    ImportSpec,
    PeopleImporter,
    RowError,
    UnitImporter,
    apply_file,
    change_reason,
    check_file,
)
from .histories import (
    ASSIGNMENTS,
    DISCIPLINES,
    EVALUATIONS,
    FAMILY,
    PARTY_POSTS,
    REWARDS,
    SALARIES,
)
from .reading import ImportFileError

RESOURCES: dict[str, ImportSpec] = {
    "people": ImportSpec(
        name="people",
        title="Hồ sơ cán bộ",
        columns=PEOPLE_COLUMNS,
        keys=PEOPLE_KEYS,
        model=Person,
        importer=PeopleImporter,
    ),
    "units": ImportSpec(
        name="units",
        title="Đơn vị",
        columns=UNIT_COLUMNS,
        keys=("code",),
        model=Unit,
        importer=UnitImporter,
    ),
    ASSIGNMENTS.name: ASSIGNMENTS,
    SALARIES.name: SALARIES,
    PARTY_POSTS.name: PARTY_POSTS,
    EVALUATIONS.name: EVALUATIONS,
    REWARDS.name: REWARDS,
    DISCIPLINES.name: DISCIPLINES,
    FAMILY.name: FAMILY,
}


def register(spec: ImportSpec) -> ImportSpec:
    """Offer another kind of data on the import pages (an app's own importer)."""
    if RESOURCES.get(spec.name, spec) is not spec:
        raise ValueError(f"import kind {spec.name!r} is already registered")
    RESOURCES[spec.name] = spec
    return spec


__all__ = [
    "RESOURCES",
    "ImportFileError",
    "ImportRejected",
    "ImportReport",
    "ImportSpec",
    "RowError",
    "apply_file",
    "change_reason",
    "check_file",
    "register",
]
