"""`manage.py export_data KIND FILE --user USERNAME [--query "unit=..&q=.."]`: the
personnel list (KIND "people") or one kind of dated history of its people, to
XLSX or CSV (by FILE's suffix), in the import template's columns: what the list
page's export buttons give, for administrators and scripts."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.http import QueryDict

from cadre_registry import exports, services
from cadre_registry.listing import people_listing
from cadre_registry.models import AccessLog, User


class Command(BaseCommand):
    help = (
        "Xuất danh sách cán bộ (people) hoặc một loại quá trình của họ ra tệp .xlsx "
        "hoặc .csv, cùng cột với tệp mẫu nhập, trong phạm vi và quyền của người dùng; "
        "mỗi lần xuất được ghi nhật ký."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", help="people hoặc tên loại quá trình (salaries...)")
        parser.add_argument("file", type=Path, help="tệp .xlsx hoặc .csv để ghi")
        parser.add_argument(
            "--user",
            required=True,
            help="tên đăng nhập của người xuất (phạm vi và quyền của người đó)",
        )
        parser.add_argument(
            "--query",
            default="",
            help='bộ lọc như trên trang danh sách, ví dụ "unit=12&q=nguyen"',
        )

    def handle(self, *args, kind: str, file: Path, user: str, query: str, **options):
        try:
            account = User.objects.get(username=user, is_active=True)
        except User.DoesNotExist:
            raise CommandError(f"Không có người dùng “{user}”.") from None
        file_format = file.suffix.lower().lstrip(".")
        if file_format not in ("xlsx", "csv"):
            raise CommandError("Tên tệp phải kết thúc bằng .xlsx hoặc .csv.")
        people = people_listing(user=account, query=QueryDict(query)).people
        if kind == "people":
            title = "danh sách cán bộ"
            columns = exports.people_columns(user=account)
            rows = exports.people_rows(people=people, columns=columns)
        else:
            specs = exports.history_specs(user=account)
            if kind not in specs:
                raise CommandError(
                    f"Không có loại “{kind}” mà người dùng này được xuất. Chọn một "
                    "trong: people, " + ", ".join(sorted(specs)) + "."
                )
            spec = specs[kind]
            title = spec.title
            columns = exports.history_columns(spec=spec, user=account)
            rows = exports.history_rows(spec=spec, people=people, columns=columns)
        if file_format == "xlsx":
            count = exports.write_xlsx(path=file, columns=columns, rows=rows)
        else:
            count = 0

            def counted():
                nonlocal count
                for count, row in enumerate(rows, start=1):  # noqa: B007
                    yield row

            with file.open("wb") as handle:
                for chunk in exports.csv_stream(columns=columns, rows=counted()):
                    handle.write(chunk)
        services.access_log_record(
            user=account,
            action=AccessLog.Action.EXPORT,
            description=f"Xuất {title} ({file_format.upper()}, lệnh quản trị)",
            detail={
                "query": query[:2000],
                "format": file_format,
                "kind": kind,
                "columns": [c.header for c in columns],
            },
            row_count=count,
        )
        self.stdout.write(self.style.SUCCESS(f"Đã xuất {count} dòng ra {file}."))
