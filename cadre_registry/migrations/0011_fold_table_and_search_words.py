"""A shorter fold table (Vietnamese letters only) for the generated name columns, and
each search word stored with all the person's words.

PostgreSQL cannot alter a generated column's expression, so the three columns are
dropped and added again (a table rewrite), with the indexes that read them. The
word table is then rebuilt once, with its new `words` column, by the new trigger
function, and its lookup index made again with `words` included."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.functions.text
from django.db import migrations, models

INDEXES = [
    models.Index(fields=["unit", "name_sort", "id"], name="cadre_person_unit_name"),
    models.Index(
        fields=["name_sort", "id"],
        include=["unit", "left_on"],
        name="cadre_person_name_sort",
    ),
    models.Index(fields=["name_folded"], name="cadre_person_name_prefix"),
    django.contrib.postgres.indexes.GinIndex(
        fields=["search_vector"], name="cadre_person_search"
    ),
]

FUNCTION = r"""
CREATE OR REPLACE FUNCTION cadre_registry_person_words() RETURNS trigger AS $$
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
        INSERT INTO cadre_registry_personword (word, name_sort, words, person_id)
        SELECT left(w.lexeme, 64), NEW.name_sort,
               ' ' || array_to_string(tsvector_to_array(NEW.search_vector), ' ') || ' ',
               NEW.id
        FROM unnest(NEW.search_vector) AS w;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""

OLD_FUNCTION = r"""
CREATE OR REPLACE FUNCTION cadre_registry_person_words() RETURNS trigger AS $$
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
"""

REBUILD_WORDS = """
DELETE FROM cadre_registry_personword;
INSERT INTO cadre_registry_personword (word, name_sort, words, person_id)
SELECT left(w.lexeme, 64), p.name_sort,
       ' ' || array_to_string(tsvector_to_array(p.search_vector), ' ') || ' ', p.id
FROM cadre_registry_person p, unnest(p.search_vector) AS w;
"""


class Migration(migrations.Migration):
    dependencies = [("cadre_registry", "0010_importjob_rejected_rows")]

    operations = [
        # Rebuilt below: dropping the index first makes the rebuild several times faster.
        migrations.RemoveIndex(model_name="personword", name="cadre_personword_lookup"),
        *[
            migrations.RemoveIndex(model_name="person", name=index.name)
            for index in INDEXES
        ],
        migrations.RemoveField(model_name="person", name="search_vector"),
        migrations.RemoveField(model_name="person", name="name_sort"),
        migrations.RemoveField(model_name="person", name="name_folded"),
        migrations.AddField(
            model_name="person",
            name="name_folded",
            field=models.GeneratedField(
                db_persist=True,
                expression=models.Func(
                    models.Func(
                        django.db.models.functions.text.Lower(
                            models.Func(
                                models.F("full_name"),
                                models.Value(
                                    "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ"
                                ),
                                models.Value(
                                    "aaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyydaaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyyd"
                                ),
                                function="translate",
                            )
                        ),
                        models.Value("\\s+"),
                        models.Value(" "),
                        models.Value("g"),
                        function="regexp_replace",
                    ),
                    function="btrim",
                ),
                output_field=models.CharField(db_collation="C", max_length=128),
            ),
        ),
        migrations.AddField(
            model_name="person",
            name="name_sort",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.db.models.functions.text.Concat(
                    models.Func(
                        models.Func(
                            models.Func(
                                django.db.models.functions.text.Lower(
                                    models.Func(
                                        models.F("full_name"),
                                        models.Value(
                                            "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ"
                                        ),
                                        models.Value(
                                            "aaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyydaaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyyd"
                                        ),
                                        function="translate",
                                    )
                                ),
                                models.Value("\\s+"),
                                models.Value(" "),
                                models.Value("g"),
                                function="regexp_replace",
                            ),
                            function="btrim",
                        ),
                        models.Value("^.* "),
                        models.Value(""),
                        function="regexp_replace",
                    ),
                    models.Value(" "),
                    models.Func(
                        models.Func(
                            django.db.models.functions.text.Lower(
                                models.Func(
                                    models.F("full_name"),
                                    models.Value(
                                        "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ"
                                    ),
                                    models.Value(
                                        "aaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyydaaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyyd"
                                    ),
                                    function="translate",
                                )
                            ),
                            models.Value("\\s+"),
                            models.Value(" "),
                            models.Value("g"),
                            function="regexp_replace",
                        ),
                        function="btrim",
                    ),
                ),
                output_field=models.CharField(db_collation="C", max_length=260),
            ),
        ),
        migrations.AddField(
            model_name="person",
            name="search_vector",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.contrib.postgres.search.SearchVector(
                    django.db.models.functions.text.Concat(
                        models.Func(
                            models.Func(
                                django.db.models.functions.text.Lower(
                                    models.Func(
                                        models.F("full_name"),
                                        models.Value(
                                            "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ"
                                        ),
                                        models.Value(
                                            "aaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyydaaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyyd"
                                        ),
                                        function="translate",
                                    )
                                ),
                                models.Value("\\s+"),
                                models.Value(" "),
                                models.Value("g"),
                                function="regexp_replace",
                            ),
                            function="btrim",
                        ),
                        models.Value(" "),
                        models.Func(
                            models.Func(
                                django.db.models.functions.text.Lower(
                                    models.Func(
                                        models.F("other_names"),
                                        models.Value(
                                            "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ"
                                        ),
                                        models.Value(
                                            "aaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyydaaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyyd"
                                        ),
                                        function="translate",
                                    )
                                ),
                                models.Value("\\s+"),
                                models.Value(" "),
                                models.Value("g"),
                                function="regexp_replace",
                            ),
                            function="btrim",
                        ),
                    ),
                    config="simple",
                ),
                output_field=django.contrib.postgres.search.SearchVectorField(),
            ),
        ),
        *[migrations.AddIndex(model_name="person", index=index) for index in INDEXES],
        migrations.AddField(
            model_name="personword",
            name="words",
            field=models.TextField(db_collation="C", default=""),
        ),
        migrations.RunSQL(FUNCTION + REBUILD_WORDS, OLD_FUNCTION),
        migrations.AddIndex(
            model_name="personword",
            index=models.Index(
                fields=["word", "name_sort", "person"],
                include=["words"],
                name="cadre_personword_lookup",
            ),
        ),
    ]
