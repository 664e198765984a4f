"""Compile locale/*.po into .mo (pure Python; no GNU gettext needed)."""

from django.core.management.base import BaseCommand

from cadre_registry.i18n import compile_catalogues


class Command(BaseCommand):
    help = "Compile the translation catalogues in locale/ (run on deploy)."

    def handle(self, *args, **options):
        for path in compile_catalogues():
            self.stdout.write(f"compiled {path}")
