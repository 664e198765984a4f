"""Load the course types (Biểu 10 groups, DOMAIN.md §8) after the registry's code
lists, whose levels they grant. Like cadre_registry 0004, it runs the current,
idempotent loader so a later release of the list is one more run of it."""

from django.db import migrations


def load(apps, schema_editor):
    from training.reference_loader import load_course_types

    load_course_types()


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0001_initial"),
        ("cadre_registry", "0004_reference_data"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
