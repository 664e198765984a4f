"""`manage.py import_history KIND FILE [--dry-run] --user USERNAME`: import one kind
of a person's dated history (assignments, salaries, party_posts, evaluations,
rewards, disciplines, family) with the same engine, checks and report as the
import pages."""

from cadre_registry.imports import RESOURCES
from cadre_registry.imports.histories import _HistoryImporter
from cadre_registry.management.commands.import_people import ImportCommand

KINDS = {
    name: spec
    for name, spec in RESOURCES.items()
    if issubclass(spec.importer, _HistoryImporter)
}


class Command(ImportCommand):
    help = (
        "Nhập một loại quá trình của cán bộ từ tệp Excel/CSV (khóa: Số CCCD hoặc Số "
        "hiệu cán bộ và khóa của loại đó): kiểm tra mọi dòng, in báo cáo, rồi nhập tất "
        "cả hoặc không nhập gì. Loại: "
        + ", ".join(f"{name} ({spec.title})" for name, spec in KINDS.items())
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(KINDS), help="loại quá trình")
        super().add_arguments(parser)

    def handle(self, *args, kind: str, **options):
        self.resource = kind
        return super().handle(*args, **options)
