"""The import benchmark on a few rows: that it runs, what it returns, and that the
table layers it takes off for its COPY variants come back after it (they are
dropped inside transactions rolled back). `make bench` is where it is timed."""

from django.db import connection

from cadre_registry.imports import bench
from cadre_registry.models import ImportJob, Person

ROWS = 30


def _person_table_shape() -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = 'cadre_registry_person' AND is_generated = 'ALWAYS' "
            "ORDER BY 1"
        )
        generated = [r[0] for r in cursor.fetchall()]
        cursor.execute(
            "SELECT count(*) FROM pg_index WHERE indrelid = "
            "'cadre_registry_person'::regclass"
        )
        indexes = cursor.fetchone()[0]
        cursor.execute(
            "SELECT tgname, tgenabled FROM pg_trigger WHERE tgrelid = "
            "'cadre_registry_person'::regclass AND NOT tgisinternal ORDER BY 1"
        )
        triggers = cursor.fetchall()
    return generated, indexes, triggers


def test_the_import_bench_runs_every_method_and_leaves_the_database_as_it_was(
    reference,
):
    before = _person_table_shape()
    assert before[0] and before[2], "the person table has generated columns, triggers"

    results = bench.bench_import(ROWS, log=lambda line: None)

    for name in ("xlsx", "csv"):
        assert results[name]["end_to_end_rows_per_s"] > 0
        assert results[name]["vs_copy"] > 0
    assert results["import_export"]["rows"] == ROWS
    assert results["import_export"]["failed_rows"] == 0
    for key, _label, _prepare in bench.COPY_LAYERS:
        assert results[key]["seconds"] > 0 and results[key]["rows_per_s"] > 0
    assert _person_table_shape() == before
    assert not Person.objects.exists() and not ImportJob.objects.exists()


def test_the_history_import_bench_runs_and_rolls_back(tree):
    from cadre_registry.models import SalaryRecord
    from tests import factories

    for n in range(6):
        factories.person(unit=tree["office"], personnel_code=f"BH{n:03d}")
    rows = 6 * bench.HISTORY_STEPS - 2
    stored = SalaryRecord.objects.count(), SalaryRecord.history.count()

    results = bench.bench_history_import(rows, log=lambda line: None)

    assert results["people"] == 6
    assert results["ours"]["end_to_end_rows_per_s"] > 0
    assert results["service"]["rows"] == rows  # fewer than SERVICE_MAX_ROWS
    assert results["copy"]["rows_per_s"] > 0
    assert (SalaryRecord.objects.count(), SalaryRecord.history.count()) == stored
    assert not ImportJob.objects.exists()
