"""Main assignments of one person may not overlap.

An exclusion constraint would say this in one line, but `person_id WITH =` inside
a GiST index needs btree_gist, which the embedded PostgreSQL lacks. A constraint
trigger in core plpgsql enforces the same rule for every writer (ORM, COPY, SQL);
it is DEFERRABLE so that a bulk job may `SET CONSTRAINTS ... DEFERRED` and be
checked at commit.
"""

from django.db import migrations

CREATE = r"""
CREATE FUNCTION cadre_registry_assignment_main_no_overlap() RETURNS trigger AS $$
BEGIN
    IF NEW.is_main AND EXISTS (
        SELECT 1 FROM cadre_registry_assignment a
        WHERE a.person_id = NEW.person_id
          AND a.is_main
          AND a.id <> NEW.id
          AND daterange(a.start, a."end", '[]') && daterange(NEW.start, NEW."end", '[]')
    ) THEN
        RAISE EXCEPTION 'overlapping main assignments for person %', NEW.person_id
            USING ERRCODE = '23P01',
                  CONSTRAINT = 'cadre_registry_assignment_main_no_overlap';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER cadre_registry_assignment_main_no_overlap
    AFTER INSERT OR UPDATE OF person_id, start, "end", is_main
    ON cadre_registry_assignment
    DEFERRABLE INITIALLY IMMEDIATE
    FOR EACH ROW EXECUTE FUNCTION cadre_registry_assignment_main_no_overlap();
"""

DROP = """
DROP TRIGGER IF EXISTS cadre_registry_assignment_main_no_overlap ON cadre_registry_assignment;
DROP FUNCTION IF EXISTS cadre_registry_assignment_main_no_overlap();
"""


class Migration(migrations.Migration):
    dependencies = [("cadre_registry", "0001_initial")]

    operations = [migrations.RunSQL(CREATE, DROP)]
