"""SQL expressions that fold Vietnamese text for accent-insensitive search.

The embedded PostgreSQL has no `unaccent` extension, so folding is done with the
core function translate() over a table built here from Unicode data. Being
immutable, the expressions can define generated columns: every row, however it
was inserted (ORM, COPY, raw SQL), gets its folded name from the database.
"""

import unicodedata

from django.db.models import F, Func, Value
from django.db.models.functions import Concat, Lower

# The Vietnamese letters with diacritics, lower case then upper case (67 each).
# translate() scans this table once per character of a name, so its length is the
# cost of every write to the person table (five folds a row, paid by COPY too): an
# earlier table of all 490 accented Latin letters cost 29 µs a fold, this one 7 µs
# (docs/benchmarks.md). Other accented letters (ç, ñ, ü) stay as typed.
_VIETNAMESE = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"


def _fold_table() -> tuple[str, str]:
    source = _VIETNAMESE + _VIETNAMESE.upper()
    target = "".join(
        "d" if char in "đĐ" else unicodedata.normalize("NFD", char)[0].lower()
        for char in source
    )
    return source, target


FOLD_FROM, FOLD_TO = _fold_table()


def fold_expression(field: str):
    """lower(translate(field)) with runs of whitespace collapsed and trimmed."""
    translated = Func(F(field), Value(FOLD_FROM), Value(FOLD_TO), function="translate")
    collapsed = Func(
        Lower(translated),
        Value(r"\s+"),
        Value(" "),
        Value("g"),
        function="regexp_replace",
    )
    return Func(collapsed, function="btrim")


def sort_key_expression(field: str):
    """Vietnamese lists sort by given name (the last word), then the whole name."""
    folded = fold_expression(field)
    given = Func(folded, Value(r"^.* "), Value(""), function="regexp_replace")
    return Concat(given, Value(" "), folded)


_TRANSLATION = str.maketrans(FOLD_FROM, FOLD_TO)


def fold(text: str) -> str:
    """The Python twin of fold_expression: 'Đặng  Thị Hương' -> 'dang thi huong'."""
    return " ".join(text.translate(_TRANSLATION).lower().split())
