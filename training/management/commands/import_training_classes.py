"""`manage.py import_training_classes FILE [--dry-run] --user USERNAME`: import
training classes (keyed on Tên lớp + Ngày khai giảng) with the registry's engine."""

from cadre_registry.management.commands.import_people import ImportCommand


class Command(ImportCommand):
    help = (
        "Nhập lớp đào tạo, bồi dưỡng từ tệp Excel/CSV (khóa: Tên lớp và Ngày khai "
        "giảng): kiểm tra mọi dòng, in báo cáo, rồi nhập tất cả hoặc không nhập gì."
    )
    resource = "cohorts"
