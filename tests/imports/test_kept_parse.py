"""The dry run keeps its parse for the confirmed import (imports/cache.py): the
confirm reuses it only for the same bytes, code lists, columns and user, never a
file it did not sign, and the import stays all-or-nothing."""

import pytest
from django.core.files.base import ContentFile

from cadre_registry.imports import ImportRejected, apply_file, cache, check_file
from cadre_registry.models import EthnicGroup, Person
from tests import factories

from .conftest import BASIC, person_row, xlsx_bytes

WITH_ETHNIC = [*BASIC, "Dân tộc"]


def _kept_name(job) -> str:
    return f"{job.file.name}{cache.SUFFIX}"


def _has_kept(job) -> bool:
    return job.file.storage.exists(_kept_name(job))


@pytest.fixture
def admin(personas):
    # The ethnic column is sensitive: the administrator may import it.
    return personas["admin"]


def test_confirm_reuses_the_dry_runs_parse_and_then_removes_it(
    personas, tree, make_job, django_capture_on_commit_callbacks
):
    clerk = personas["clerk"]
    job = make_job(clerk, xlsx_bytes(BASIC, [person_row(1), person_row(2)]))
    checked = check_file(job=job, user=clerk)
    assert (checked.new, checked.rejected) == (2, 0)
    assert _has_kept(job)

    with django_capture_on_commit_callbacks(execute=True):
        applied = apply_file(job=job, user=clerk)
    assert applied.reused_parse is True
    assert applied.new == 2
    assert set(Person.objects.values_list("full_name", flat=True)) >= {
        "Trần Văn An 1",
        "Trần Văn An 2",
    }
    assert not _has_kept(job)  # imported: nothing will confirm it again


def test_a_changed_file_is_parsed_again(personas, tree, make_job):
    clerk = personas["clerk"]
    job = make_job(clerk, xlsx_bytes(BASIC, [person_row(1)]))
    check_file(job=job, user=clerk)
    # The stored upload replaced under the same name (a restore, a hand edit).
    storage, name = job.file.storage, job.file.name
    storage.delete(name)
    storage.save(name, ContentFile(xlsx_bytes(BASIC, [person_row(1), person_row(7)])))

    applied = apply_file(job=job, user=clerk)
    assert applied.reused_parse is False
    assert applied.new == 2  # what the file now says, not what was kept


def test_a_code_list_changed_since_the_dry_run_is_parsed_again(admin, tree, make_job):
    first, second = EthnicGroup.objects.order_by("pk")[:2]
    first.aliases = [*first.aliases, "Dân tộc Thử"]
    first.save()
    rows = [person_row(1, **{"Dân tộc": "Dân tộc Thử"})]
    job = make_job(admin, xlsx_bytes(WITH_ETHNIC, rows))
    assert check_file(job=job, user=admin).new == 1

    # Between the preview and the confirm, the spelling moves to another group.
    first.aliases.remove("Dân tộc Thử")
    first.save()
    second.aliases = [*second.aliases, "Dân tộc Thử"]
    second.save()

    applied = apply_file(job=job, user=admin)
    assert applied.reused_parse is False
    assert applied.new == 1
    person = Person.objects.get(full_name="Trần Văn An 1")
    assert person.ethnic_group_id == second.pk


def test_another_users_dry_run_is_not_reused(personas, tree, make_job):
    clerk, admin = personas["clerk"], personas["admin"]
    job = make_job(clerk, xlsx_bytes(BASIC, [person_row(1)]))
    check_file(job=job, user=clerk)
    applied = apply_file(job=job, user=admin)
    assert applied.reused_parse is False
    assert applied.new == 1


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(
            lambda content: content[:-1] + bytes([content[-1] ^ 1]), id="flip"
        ),
        pytest.param(lambda content: b"not a kept parse", id="garbage"),
        pytest.param(lambda content: b"", id="empty"),
    ],
)
def test_a_kept_parse_that_was_not_signed_by_us_is_ignored(
    personas, tree, make_job, tamper
):
    clerk = personas["clerk"]
    job = make_job(clerk, xlsx_bytes(BASIC, [person_row(1), person_row(2)]))
    check_file(job=job, user=clerk)
    storage, name = job.file.storage, _kept_name(job)
    with storage.open(name, "rb") as handle:
        content = handle.read()
    storage.delete(name)
    storage.save(name, ContentFile(tamper(content)))

    applied = apply_file(job=job, user=clerk)
    assert applied.reused_parse is False
    assert applied.new == 2


def test_a_signed_payload_is_checked_before_it_is_unpickled(
    personas, tree, make_job, monkeypatch
):
    """A file with a good key but a forged signature never reaches pickle."""
    clerk = personas["clerk"]
    job = make_job(clerk, xlsx_bytes(BASIC, [person_row(1)]))
    check_file(job=job, user=clerk)
    storage, name = job.file.storage, _kept_name(job)
    with storage.open(name, "rb") as handle:
        content = handle.read()
    head = len(cache.MAGIC) + 32
    forged = content[:head] + b"\0" * 32 + content[head + 32 :]
    storage.delete(name)
    storage.save(name, ContentFile(forged))
    loaded = []
    real_loads = cache.pickle.loads
    monkeypatch.setattr(
        cache.pickle, "loads", lambda data: loaded.append(data) or real_loads(data)
    )

    applied = apply_file(job=job, user=clerk)
    assert loaded == []
    assert applied.reused_parse is False


def test_reused_parse_stays_all_or_nothing_and_reports_the_cells(
    personas, tree, make_job
):
    """The last row turns out, at the confirm, to be someone outside the clerk's
    units: nothing is written, and the report shows that row's cells, read again
    from the file since the kept parse has none."""
    clerk = personas["clerk"]
    rows = [person_row(n) for n in range(1, 11)]
    job = make_job(clerk, xlsx_bytes(BASIC, rows))
    assert check_file(job=job, user=clerk).new == 10
    factories.person(unit=tree["other"], national_id=rows[-1]["Số CCCD"])
    before = Person.objects.count()

    with pytest.raises(ImportRejected) as caught:
        apply_file(job=job, user=clerk)
    report = caught.value.report
    assert report.reused_parse is True
    assert [e.row for e in report.errors] == [11]
    assert report.errors[0].values["Họ và tên"] == "Trần Văn An 10"
    assert Person.objects.count() == before
