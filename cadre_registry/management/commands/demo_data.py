"""Demo dataset and accounts for `make run`; does nothing when people already exist."""

from django.contrib.auth.models import Permission
from django.core.management.base import BaseCommand
from django.db import transaction

from cadre_registry.models import Person, Role, Unit, User
from cadre_registry.reference_loader import load_reference_data

DEMO_PASSWORD = "demo12345"


class Command(BaseCommand):
    help = "Load reference data; create a demo province with a few hundred people and demo accounts."

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=400)

    def handle(self, *args, people, **options):
        load_reference_data()
        if not Person.objects.exists():
            from cadre_registry.seeding import seed_people

            self.stdout.write(f"Tạo dữ liệu mẫu: {people} cán bộ…")
            seed_people(people=people, seed=2026, stdout=self.stdout)
        with transaction.atomic():
            organizer_unit = self._accounts()
        from planning.demo import create_planning_demo
        from training.demo import create_training_demo

        admin = User.objects.get(username="admin")
        if create_training_demo(by=admin):
            self.stdout.write("Tạo dữ liệu mẫu: kế hoạch và ba lớp đào tạo năm 2026")
        if create_planning_demo(by=admin, organizer_unit=organizer_unit):
            self.stdout.write(
                "Tạo dữ liệu mẫu: quy hoạch nhiệm kỳ 2026-2031, luân chuyển, bổ nhiệm"
            )
        # The beat computes reminders each night; the demo shows them at once.
        from planning.reminders import reminders_compute

        counts = reminders_compute()
        self.stdout.write(f"Nhắc việc: {sum(counts.values())} mục")

    def _accounts(self):
        root = Unit.objects.filter(parent__isnull=True).order_by("id").first()
        # The organizer gets the biggest first-level subtree so the demo has content.
        first_level = (
            list(Unit.objects.filter(parent=root).order_by("id")) if root else []
        )
        organizer_unit = max(
            first_level,
            key=lambda u: Person.objects.filter(unit__path__startswith=u.path).count(),
            default=root,
        )
        sensitive = Permission.objects.get(
            codename="view_sensitive", content_type__app_label="cadre_registry"
        )
        accounts = [
            ("admin", "Quản trị", "Hệ thống", Role.ADMIN, [], True),
            (
                "tochuc",
                "Trần Thị",
                "Tổ Chức",
                Role.ORGANIZER,
                [organizer_unit] if organizer_unit else [],
                True,
            ),
            (
                "lanhdao",
                "Lê Văn",
                "Lãnh Đạo",
                Role.LEADER,
                [root] if root else [],
                False,
            ),
            ("kiemtra", "Phạm Minh", "Kiểm Tra", Role.AUDITOR, [], False),
        ]
        for username, last, first, role, units, can_see_sensitive in accounts:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "role": role,
                    "is_superuser": role == Role.ADMIN,
                    "is_staff": role == Role.ADMIN,
                },
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
                user.units.set(units)
                if can_see_sensitive:
                    user.user_permissions.add(sensitive)
                self.stdout.write(
                    f"  tài khoản {username} / {DEMO_PASSWORD} ({user.get_role_display()})"
                )
        return organizer_unit
