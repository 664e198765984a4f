"""The personnel statistics kept per reporting date (reports/state.py): one row per
person in service on the date with the as-of columns the figures read, the dates
kept, and the log of people changed since, filled by triggers so that no write path
(services, admin, imports by COPY, raw SQL) can change a person without the kept
figures hearing of it.

The log records the writing transaction's id (`pg_current_xact_id`), not a
sequence: ids are handed out at insert but seen at commit, so a refresher that
stopped at "the last id I saw" would skip a slower transaction's rows; it stops at
its snapshot's xmin instead (every transaction below it has ended) and reads again
from there next time (reports/state.py).

Nothing is logged while no date is kept (the bulk seeds and first imports pay
nothing); a code list or course change logs a NULL person, "everyone", which drops
the kept dates (a rank or an alias changes whole columns)."""

from django.db import migrations

# (table, person column) of the histories the population reads.
HISTORIES = (
    ("cadre_registry_assignment", "person_id"),
    ("cadre_registry_salaryrecord", "person_id"),
    ("cadre_registry_trainingrecord", "person_id"),
    ("cadre_registry_evaluation", "person_id"),
    ("training_enrolment", "person_id"),
)
# Tables whose change can move anyone's figures: the code lists the population
# reads and the training courses whose grants give levels.
EVERYONE = (
    "cadre_registry_degree",
    "cadre_registry_politicaltheorylevel",
    "cadre_registry_statemanagementlevel",
    "cadre_registry_grade",
    "cadre_registry_ethnicgroup",
    "cadre_registry_evaluationlevel",
    "training_coursetype",
    "training_cohort",
)
# The person columns the population reads (reports/statistics.py `_population`).
PERSON_COLUMNS = (
    "unit_id",
    "staff_kind",
    "gender",
    "ethnic_group_id",
    "party_joined_on",
    "academic_title",
    "academic_title_year",
    "grade_id",
    "highest_degree_id",
    "political_theory_id",
    "state_management_id",
    "recruited_on",
    "left_on",
    "birth_date",
    "retirement_date",
)

TABLES = """
CREATE TABLE reports_statedate (
    id bigserial PRIMARY KEY,
    "on" date NOT NULL,
    evaluation_year integer NOT NULL,
    retiring_until date NOT NULL,
    -- Every transaction with a lower id had ended when the rows were last brought
    -- up to date; the log is read again from here. NULL while being built.
    applied_xmin bigint,
    built_at timestamptz NOT NULL DEFAULT now(),
    refreshed_at timestamptz NOT NULL DEFAULT now(),
    people integer NOT NULL DEFAULT 0,
    CONSTRAINT reports_statedate_once UNIQUE ("on", evaluation_year, retiring_until)
);

CREATE TABLE reports_personstate (
    statedate_id bigint NOT NULL REFERENCES reports_statedate (id) ON DELETE CASCADE,
    person_id bigint NOT NULL,
    unit_id bigint NOT NULL,
    current_unit_id bigint,
    -- The population's columns, as reports/statistics.py computes them.
    staff_kind text,
    gender text,
    minority boolean,
    party boolean,
    title text,
    age_band text,
    age_years integer,
    degree_band text,
    llct_group text,
    qlnn_code text,
    grade_family text,
    evaluation text,
    retiring boolean,
    PRIMARY KEY (statedate_id, person_id)
);
CREATE INDEX reports_personstate_unit ON reports_personstate (statedate_id, unit_id);

CREATE TABLE reports_personchange (
    txid bigint NOT NULL DEFAULT pg_current_xact_id()::text::bigint,
    person_id bigint
);
CREATE INDEX reports_personchange_txid ON reports_personchange (txid);
"""


def _log_function(name: str, select: str) -> str:
    return f"""
CREATE FUNCTION {name}() RETURNS trigger AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM reports_statedate) THEN
        INSERT INTO reports_personchange (person_id) {select};
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""


def _forward() -> str:
    parts = [TABLES]
    for table, column in HISTORIES:
        for event, select, refs in (
            (
                "INSERT",
                f"SELECT DISTINCT {column} FROM new_rows",
                "NEW TABLE AS new_rows",
            ),
            (
                "UPDATE",
                f"SELECT {column} FROM new_rows UNION SELECT {column} FROM old_rows",
                "NEW TABLE AS new_rows OLD TABLE AS old_rows",
            ),
            (
                "DELETE",
                f"SELECT DISTINCT {column} FROM old_rows",
                "OLD TABLE AS old_rows",
            ),
        ):
            function = f"reports_log_{table}_{event.lower()}"
            parts.append(_log_function(function, select))
            parts.append(
                f"CREATE TRIGGER {function} AFTER {event} ON {table} "
                f"REFERENCING {refs} FOR EACH STATEMENT EXECUTE FUNCTION {function}();"
            )
    # People: new and deleted rows by statement; updates row by row, and only when
    # a column the figures read changed (the WHEN costs no call), since a statement
    # trigger would keep a copy of every row of every update (searches, refreshes).
    parts.append(_log_function("reports_log_person_insert", "SELECT id FROM new_rows"))
    parts.append(
        "CREATE TRIGGER reports_log_person_insert AFTER INSERT ON cadre_registry_person "
        "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT "
        "EXECUTE FUNCTION reports_log_person_insert();"
    )
    parts.append(_log_function("reports_log_person_delete", "SELECT id FROM old_rows"))
    parts.append(
        "CREATE TRIGGER reports_log_person_delete AFTER DELETE ON cadre_registry_person "
        "REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT "
        "EXECUTE FUNCTION reports_log_person_delete();"
    )
    parts.append(_log_function("reports_log_person_update", "VALUES (NEW.id)"))
    changed = " OR ".join(
        f"OLD.{column} IS DISTINCT FROM NEW.{column}" for column in PERSON_COLUMNS
    )
    parts.append(
        "CREATE TRIGGER reports_log_person_update AFTER UPDATE ON cadre_registry_person "
        f"FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION reports_log_person_update();"
    )
    parts.append(_log_function("reports_log_everyone", "VALUES (NULL::bigint)"))
    for table in EVERYONE:
        parts.append(
            f"CREATE TRIGGER reports_log_everyone AFTER INSERT OR UPDATE OR DELETE "
            f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION reports_log_everyone();"
        )
    # TRUNCATE fires no DELETE trigger (the seed empties tables so): everyone.
    for table in ("cadre_registry_person", *(t for t, _ in HISTORIES)):
        parts.append(TRUNCATE.format(table=table))
    return "\n".join(parts)


TRUNCATE = (
    "CREATE TRIGGER reports_log_truncate AFTER TRUNCATE ON {table} "
    "FOR EACH STATEMENT EXECUTE FUNCTION reports_log_everyone();"
)


def _backward() -> str:
    parts = [
        f"DROP TRIGGER reports_log_truncate ON {table};"
        for table in ("cadre_registry_person", *(t for t, _ in HISTORIES))
    ]
    for table in EVERYONE:
        parts.append(f"DROP TRIGGER reports_log_everyone ON {table};")
    parts.append("DROP FUNCTION reports_log_everyone();")
    for event in ("insert", "update", "delete"):
        parts.append(
            f"DROP TRIGGER reports_log_person_{event} ON cadre_registry_person;"
            f"DROP FUNCTION reports_log_person_{event}();"
        )
    for table, _ in HISTORIES:
        for event in ("insert", "update", "delete"):
            function = f"reports_log_{table}_{event}"
            parts.append(
                f"DROP TRIGGER {function} ON {table}; DROP FUNCTION {function}();"
            )
    parts.append(
        "DROP TABLE reports_personchange; DROP TABLE reports_personstate; "
        "DROP TABLE reports_statedate;"
    )
    return "\n".join(parts)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_personnel_table"),
        ("cadre_registry", "0013_api_token"),
        ("training", "0002_course_types"),
    ]

    operations = [migrations.RunSQL(_forward(), _backward())]
