"""New people's search words in one statement per INSERT or COPY, not one trigger
call per row.

A row-level trigger ran a PL/pgSQL call and three or four single-row inserts for
each person: 70 of the 190 µs a row that COPY into the person table cost at 1M
people (docs/benchmarks.md). A statement-level trigger reads every inserted row
from its transition table in one INSERT ... SELECT. Renames and deletes keep the
row-level trigger: it fires only when a name column is set, whereas a statement
trigger with transition tables would keep a copy of every row of every UPDATE."""

from django.db import migrations

WORDS = "' ' || array_to_string(tsvector_to_array({row}.search_vector), ' ') || ' '"

FORWARD = f"""
CREATE FUNCTION cadre_registry_person_words_inserted() RETURNS trigger AS $$
BEGIN
    INSERT INTO cadre_registry_personword (word, name_sort, words, person_id)
    SELECT left(w.lexeme, 64), n.name_sort, {WORDS.format(row="n")}, n.id
    FROM inserted_people n, unnest(n.search_vector) AS w;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER cadre_registry_person_words_inserted
    AFTER INSERT ON cadre_registry_person
    REFERENCING NEW TABLE AS inserted_people
    FOR EACH STATEMENT EXECUTE FUNCTION cadre_registry_person_words_inserted();

DROP TRIGGER cadre_registry_person_words ON cadre_registry_person;
CREATE TRIGGER cadre_registry_person_words
    AFTER UPDATE OF full_name, other_names OR DELETE ON cadre_registry_person
    FOR EACH ROW EXECUTE FUNCTION cadre_registry_person_words();
"""

BACKWARD = """
DROP TRIGGER cadre_registry_person_words_inserted ON cadre_registry_person;
DROP FUNCTION cadre_registry_person_words_inserted();
DROP TRIGGER cadre_registry_person_words ON cadre_registry_person;
CREATE TRIGGER cadre_registry_person_words
    AFTER INSERT OR UPDATE OF full_name, other_names OR DELETE ON cadre_registry_person
    FOR EACH ROW EXECUTE FUNCTION cadre_registry_person_words();
"""


class Migration(migrations.Migration):
    dependencies = [("cadre_registry", "0011_fold_table_and_search_words")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
