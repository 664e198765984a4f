"""`manage.py import_enrolments FILE [--dry-run] --user USERNAME`: import learners
(keyed on Số hiệu cán bộ and the class) with the registry's engine."""

from cadre_registry.management.commands.import_people import ImportCommand


class Command(ImportCommand):
    help = (
        "Nhập học viên các lớp đào tạo, bồi dưỡng từ tệp Excel/CSV (khóa: Số hiệu cán "
        "bộ, Tên lớp và Ngày khai giảng): kiểm tra mọi dòng, in báo cáo, rồi nhập tất "
        "cả hoặc không nhập gì."
    )
    resource = "enrolments"
