"""Keep cadre_registry_personword in step with people's names, for every writer.

The words are the lexemes of the generated, folded `search_vector` (computed before
AFTER triggers run), so the search table and the full-text column never disagree."""

from django.db import migrations

CREATE = r"""
CREATE FUNCTION cadre_registry_person_words() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND NEW.name_sort IS NOT DISTINCT FROM OLD.name_sort
       AND NEW.search_vector IS NOT DISTINCT FROM OLD.search_vector THEN
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        DELETE FROM cadre_registry_personword WHERE person_id = OLD.id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO cadre_registry_personword (word, name_sort, person_id)
        SELECT left(w.lexeme, 64), NEW.name_sort, NEW.id FROM unnest(NEW.search_vector) AS w;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER cadre_registry_person_words
    AFTER INSERT OR UPDATE OF full_name, other_names OR DELETE ON cadre_registry_person
    FOR EACH ROW EXECUTE FUNCTION cadre_registry_person_words();

INSERT INTO cadre_registry_personword (word, name_sort, person_id)
SELECT left(w.lexeme, 64), p.name_sort, p.id
FROM cadre_registry_person p, unnest(p.search_vector) AS w;
"""

DROP = """
DROP TRIGGER IF EXISTS cadre_registry_person_words ON cadre_registry_person;
DROP FUNCTION IF EXISTS cadre_registry_person_words();
DELETE FROM cadre_registry_personword;
"""


class Migration(migrations.Migration):
    dependencies = [("cadre_registry", "0007_search_indexes")]

    operations = [migrations.RunSQL(CREATE, DROP)]
