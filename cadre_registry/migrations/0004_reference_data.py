"""Load the code lists (DOMAIN.md §3) into the reference tables.

It imports the current loader rather than freezing a copy: reference_data.py is
the single source, and the loader is idempotent, so re-running `demo_data` or a
later migration brings the tables up to date with it."""

from django.db import migrations


def load(apps, schema_editor):
    from cadre_registry.reference_loader import load_reference_data

    load_reference_data()


class Migration(migrations.Migration):
    dependencies = [("cadre_registry", "0003_default_schedules")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
