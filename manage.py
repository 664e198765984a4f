#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadre_registry.settings")
    from cadre_registry.localdev import ensure_database_url

    # Without DATABASE_URL the embedded PostgreSQL in ./var/ serves this process.
    ensure_database_url()
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
