"""`manage.py api_token_create --user U --name N [--days D]`: make an API token and
print it, once (only its SHA-256 is stored)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cadre_registry.api import tokens
from cadre_registry.models import User


class Command(BaseCommand):
    help = (
        "Tạo mã truy cập API cho một người dùng và in mã ra một lần duy nhất "
        "(hệ thống chỉ lưu mã băm)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help="Tên đăng nhập")
        parser.add_argument("--name", required=True, help="Tên công cụ dùng mã")
        parser.add_argument(
            "--days", type=int, default=None, help="Hết hạn sau số ngày này"
        )

    def handle(self, *args, user, name, days, **options):
        try:
            owner = User.objects.get(username=user)
        except User.DoesNotExist:
            raise CommandError(f"Không có người dùng “{user}”.") from None
        if days is not None and days <= 0:
            raise CommandError("--days phải là số ngày dương.")
        expires_at = timezone.now() + dt.timedelta(days=days) if days else None
        try:
            issued = tokens.api_token_create(
                user=owner, name=name, expires_at=expires_at
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        self.stderr.write(
            f"Đã tạo mã truy cập “{issued.token.name}” cho {owner.username}"
            + (f", hết hạn lúc {expires_at:%d/%m/%Y %H:%M}" if expires_at else "")
            + ". Sao chép mã ngay: mã không được hiển thị lại."
        )
        self.stdout.write(issued.plain)
