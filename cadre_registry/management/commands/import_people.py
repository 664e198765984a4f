"""`manage.py import_people FILE [--dry-run] --user USERNAME`: import people from a
spreadsheet with the same engine, checks and report as the import pages."""

import hashlib
from pathlib import Path

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from cadre_registry.imports import ImportFileError, apply_file, check_file
from cadre_registry.models import ImportJob, User


class ImportCommand(BaseCommand):
    """Check a file, print the report, and unless --dry-run import it (all or
    nothing). The job is logged like an upload through the pages."""

    resource = "people"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="tệp .xlsx, .xls, .ods hoặc .csv")
        parser.add_argument(
            "--dry-run", action="store_true", help="chỉ kiểm tra, không ghi dữ liệu"
        )
        parser.add_argument(
            "--user",
            required=True,
            help="tên đăng nhập của người nhập (phạm vi và quyền của người đó)",
        )

    def handle(self, *args, file: Path, dry_run: bool, user: str, **options):
        try:
            account = User.objects.get(username=user, is_active=True)
        except User.DoesNotExist:
            raise CommandError(f"Không có người dùng “{user}”.") from None
        if not file.is_file():
            raise CommandError(f"Không tìm thấy tệp {file}.")
        job = self._job(account, file)
        try:
            report = check_file(job=job, user=account)
        except ImportFileError as error:
            self._fail(job, str(error))
            raise CommandError(str(error)) from error
        self.stdout.write(f"Kiểm tra {file.name} (lần nhập #{job.pk}):")
        for line in report.lines():
            self.stdout.write(line)
        if dry_run:
            self.stdout.write("Chạy thử (--dry-run): không ghi dữ liệu nào.")
            return
        if report.rejected:
            self._fail(job, f"{report.rejected} dòng bị từ chối; không nhập.")
            raise CommandError(
                f"Không nhập: có {report.rejected} dòng bị từ chối. Sửa các dòng trên "
                "rồi chạy lại; không có dữ liệu nào được ghi."
            )
        try:
            report = apply_file(job=job, user=account)
        except ImportFileError as error:
            rejected = getattr(error, "report", None)
            if rejected is not None:
                for line in rejected.lines():
                    self.stdout.write(line)
            self._fail(job, str(error))
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã nhập: thêm mới {report.new}, cập nhật {report.updated}, không đổi "
                f"{report.unchanged}."
            )
        )

    def _job(self, user: User, path: Path) -> ImportJob:
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
        job = ImportJob(
            resource=self.resource,
            created_by=user,
            file_name=path.name[:200],
            file_size=path.stat().st_size,
            checksum=digest.hexdigest(),
        )
        with path.open("rb") as handle:
            job.file.save(path.name[:200], File(handle), save=False)
        job.save()
        return job

    @staticmethod
    def _fail(job: ImportJob, message: str) -> None:
        job.status = ImportJob.Status.FAILED
        job.message = message[:4000]
        job.save(update_fields=["status", "message"])


class Command(ImportCommand):
    help = (
        "Nhập hồ sơ cán bộ từ tệp Excel/CSV (khóa: Số CCCD hoặc Số hiệu cán bộ): kiểm "
        "tra mọi dòng, in báo cáo, rồi nhập tất cả hoặc không nhập gì."
    )
    resource = "people"
