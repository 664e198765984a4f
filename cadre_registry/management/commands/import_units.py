"""`manage.py import_units FILE [--dry-run] --user USERNAME`: import units from a
spreadsheet (keyed on Mã đơn vị; the parent by its code)."""

from cadre_registry.management.commands.import_people import ImportCommand


class Command(ImportCommand):
    help = (
        "Nhập danh mục đơn vị từ tệp Excel/CSV (khóa: Mã đơn vị): kiểm tra mọi dòng, "
        "in báo cáo, rồi nhập tất cả hoặc không nhập gì."
    )
    resource = "units"
