"""Personnel figures kept per date: the population of `reports.statistics` (one row
per person in service on the date, with the as-of columns every figure reads)
stored for the dates people ask about most (today, the last year-end), so that the
province's figures are one pass over a flat table instead of reading a million
people's histories back (bench part "statistics": about 12 s live at 1M people).

Exact, not a cache that may be stale: triggers (migration 0003_person_state) log
every person whose row or histories change, and every read first recomputes the
logged people's rows with the very SQL of the live figures (`_population` cut to
those people), so a kept date says what the live query would say at that moment.
A change to a code list or a course (ranks, aliases, grants) logs "everyone" and
drops the kept dates; the nightly task builds them again.

Which changes a read has seen: a kept date stores `applied_xmin`, the oldest
transaction still running when it was last brought up to date. Every transaction
below it had ended, so its log rows were read then; everything at or above it is
read again next time (recomputing a person twice gives the same row). Log ids
would not do: a sequence is drawn at insert and seen at commit, so a slow
transaction's rows can appear below an id already passed.

Only the default options are kept (evaluation of the year before the date,
retirement within 12 months); other options read live."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

from django.db import connection, transaction

from cadre_registry.selectors import planner_settings

# The population's columns kept (reports_personstate), in table order.
COLUMNS = (
    "unit_id",
    "current_unit_id",
    "staff_kind",
    "gender",
    "minority",
    "party",
    "title",
    "age_band",
    "age_years",
    "degree_band",
    "llct_group",
    "qlnn_code",
    "grade_family",
    "evaluation",
    "retiring",
)
TABLE = "reports_personstate"
WAIT_SECONDS = 120.0


class StateBusy(Exception):
    """Transactions older than the kept date would not end (see `build`)."""


@dataclass(frozen=True)
class KeptDate:
    id: int
    on: dt.date
    evaluation_year: int
    retiring_until: dt.date
    people: int
    built_at: dt.datetime
    refreshed_at: dt.datetime


def _options(on: dt.date):
    from reports.statistics import RETIRING_MONTHS, _options

    return _options(on, None, RETIRING_MONTHS)


def _insert(cursor, statedate_id: int, options, person_ids: list[int] | None) -> int:
    from reports.statistics import _population

    population, params = _population(
        unit_ids=None, scope=None, options=options, person_ids=person_ids
    )
    columns = ", ".join(COLUMNS)
    with planner_settings(jit="off"):
        cursor.execute(
            f"INSERT INTO {TABLE} (statedate_id, person_id, {columns}) "
            f"SELECT %s, id, {columns} FROM ({population}) AS population",
            [statedate_id, *params],
        )
    return cursor.rowcount


def _xmin(cursor) -> int:
    cursor.execute("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint")
    return cursor.fetchone()[0]


def _wait_for_older_transactions(cursor, wait_seconds: float) -> None:
    """Wait until every transaction that was running when the kept date's row was
    committed has ended. One of them may have written people before it could see
    the row (its trigger then logged nothing): once it has ended, the build's
    snapshot includes its writes. Transactions that write later see the row and
    log. Our own transaction is left out (a test's wrapping one)."""
    cursor.execute(
        "SELECT array_agg(x::text) FROM pg_snapshot_xip(pg_current_snapshot()) x "
        "WHERE x IS DISTINCT FROM pg_current_xact_id_if_assigned()"
    )
    running = cursor.fetchone()[0] or []
    deadline = time.monotonic() + wait_seconds
    while running:
        cursor.execute(
            "SELECT array_agg(x) FROM unnest(%s::text[]) x "
            "WHERE pg_xact_status(x::xid8) = 'in progress'",
            [running],
        )
        running = cursor.fetchone()[0] or []
        if running and time.monotonic() > deadline:
            raise StateBusy(f"{len(running)} giao dịch cũ chưa kết thúc")
        if running:
            time.sleep(0.05)


def build(*, on: dt.date, wait_seconds: float = WAIT_SECONDS) -> KeptDate:
    """Keep the figures of `on` (default options), or bring a kept one up to date.

    Two transactions, so it must not run inside one (durable): the first commits
    the date's row, so that from then on every writer logs its people; the second,
    once the writers that started before have ended, stores everyone's row."""
    options = _options(on)
    with transaction.atomic(durable=True), connection.cursor() as cursor:
        cursor.execute(
            'INSERT INTO reports_statedate ("on", evaluation_year, retiring_until,'
            " applied_xmin) VALUES (%s, %s, %s, NULL)"
            ' ON CONFLICT ("on", evaluation_year, retiring_until) DO NOTHING'
            " RETURNING id",
            [on, options.evaluation_year, options.retiring_until],
        )
        row = cursor.fetchone()
    if row is None:
        kept = find(on=on)
        if kept is not None:
            return kept
        raise StateBusy("Ngày này đang được lập ở nơi khác")
    statedate_id = row[0]
    try:
        with connection.cursor() as cursor:
            _wait_for_older_transactions(cursor, wait_seconds)
        with transaction.atomic(durable=True), connection.cursor() as cursor:
            xmin = _xmin(cursor)
            people = _insert(cursor, statedate_id, options, None)
            cursor.execute(
                "UPDATE reports_statedate SET applied_xmin = %s, people = %s,"
                " built_at = now(), refreshed_at = now() WHERE id = %s",
                [xmin, people, statedate_id],
            )
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {TABLE}")
    except BaseException:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "DELETE FROM reports_statedate WHERE id = %s", [statedate_id]
            )
        raise
    kept = find(on=on)
    assert kept is not None
    return kept


def _kept(row) -> KeptDate:
    return KeptDate(*row)


_SELECT = (
    'SELECT id, "on", evaluation_year, retiring_until, people, built_at, refreshed_at'
    " FROM reports_statedate"
)


def find(*, on: dt.date, evaluation_year: int | None = None, retiring_until=None):
    """The kept date for these options, brought up to date, or None (not kept, or
    being built, or dropped by a change to everyone)."""
    options = _options(on)
    if evaluation_year not in (None, options.evaluation_year) or retiring_until not in (
        None,
        options.retiring_until,
    ):
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            f'{_SELECT} WHERE "on" = %s AND evaluation_year = %s'
            " AND retiring_until = %s AND applied_xmin IS NOT NULL",
            [on, options.evaluation_year, options.retiring_until],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    kept = _kept(row)
    return kept if refresh(kept) else None


def kept_dates() -> list[KeptDate]:
    with connection.cursor() as cursor:
        cursor.execute(f'{_SELECT} WHERE applied_xmin IS NOT NULL ORDER BY "on"')
        return [_kept(row) for row in cursor.fetchall()]


def refresh(kept: KeptDate) -> bool:
    """Recompute the rows of the people logged since the kept date was last brought
    up to date; False when it was dropped (or a change to everyone drops it now)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT EXISTS (SELECT 1 FROM reports_personchange c, reports_statedate s"
            " WHERE s.id = %s AND c.txid >= s.applied_xmin)",
            [kept.id],
        )
        if not cursor.fetchone()[0]:
            return True  # the usual case: nothing changed, no lock taken
    with transaction.atomic(), connection.cursor() as cursor:
        # One refresher at a time per date; the others wait and then find nothing.
        cursor.execute(
            "SELECT applied_xmin FROM reports_statedate WHERE id = %s FOR UPDATE",
            [kept.id],
        )
        row = cursor.fetchone()
        if row is None or row[0] is None:
            return False
        xmin = _xmin(cursor)
        cursor.execute(
            "SELECT DISTINCT person_id FROM reports_personchange WHERE txid >= %s",
            [row[0]],
        )
        people = [person for (person,) in cursor.fetchall()]
        if None in people:
            cursor.execute("DELETE FROM reports_statedate WHERE id = %s", [kept.id])
            return False
        if people:
            cursor.execute(
                f"DELETE FROM {TABLE} WHERE statedate_id = %s AND person_id = ANY(%s)",
                [kept.id, people],
            )
            _insert(cursor, kept.id, _options(kept.on), people)
        cursor.execute(
            "UPDATE reports_statedate SET applied_xmin = GREATEST(applied_xmin, %s),"
            " refreshed_at = now(),"
            f" people = (SELECT count(*) FROM {TABLE} WHERE statedate_id = %s)"
            " WHERE id = %s",
            [xmin, kept.id, kept.id],
        )
    return True


def refresh_all() -> int:
    """Bring every kept date up to date (the beat, every few minutes, so that reads
    rarely have people to recompute); the number still kept."""
    return sum(1 for kept in kept_dates() if refresh(kept))


def drop(*, keep: set[dt.date]) -> int:
    """Drop the kept dates not in `keep`, and the log rows no kept date needs."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            'DELETE FROM reports_statedate WHERE "on" <> ALL(%s::date[])'
            " AND applied_xmin IS NOT NULL",
            [sorted(keep)],
        )
        dropped = cursor.rowcount
    with connection.cursor() as cursor:
        # Below every kept date's xmin, and below every running transaction's (a
        # date built from now on starts above it); none while a date is being
        # built (its xmin, taken at its start, may lie below the running ones').
        cursor.execute(
            "DELETE FROM reports_personchange WHERE txid < LEAST("
            " (SELECT min(applied_xmin) FROM reports_statedate),"
            " pg_snapshot_xmin(pg_current_snapshot())::text::bigint)"
            " AND NOT EXISTS (SELECT 1 FROM reports_statedate"
            " WHERE applied_xmin IS NULL)"
        )
    return dropped


def kept_on(*, today: dt.date, year_ends: int) -> set[dt.date]:
    """The dates kept: today and the last `year_ends` year-ends (31/12, the date of
    the yearly reports and of the comparisons leaders quote)."""
    return {today} | {dt.date(today.year - n, 12, 31) for n in range(1, year_ends + 1)}
