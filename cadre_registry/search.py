"""Accent-insensitive search over names and identifiers.

Names are matched by full-text search on the generated, folded `search_vector`
(GIN index): each typed word must prefix a word of the name, in any order, so
"huong" finds "Nguyễn Thị Hương" and "nguyen van thang" finds "Nguyễn Văn Thắng".
No extension is needed (pg_trgm and unaccent are missing from the embedded server).
"""

import re

from django.contrib.postgres.search import SearchQuery
from django.db.models import Q

from cadre_registry.models.folding import fold

MAX_QUERY_LENGTH = 100
_WORD = re.compile(r"[a-z0-9]+")


def search_words(text: str) -> list[str]:
    """The folded words of a query, at most eight, punctuation dropped."""
    return _WORD.findall(fold(text[:MAX_QUERY_LENGTH]))[:8]


def search_condition(text: str, *, allow_national_id: bool) -> Q:
    """A filter for the list: names by words, codes and national IDs by prefix."""
    words = search_words(text)
    if not words:
        return Q(pk__in=[])
    compact = "".join(text.split())
    condition = Q()
    if re.fullmatch(r"[0-9]{3,12}", compact):
        condition |= Q(personnel_code__startswith=compact)
        if allow_national_id:
            condition |= Q(national_id__startswith=compact)
        return condition
    # Whole words but the last, which may still be being typed: prefix matches of
    # common words ("van:*") make the GIN scan far more expensive.
    tsquery = " & ".join([*words[:-1], f"{words[-1]}:*"])
    condition |= Q(
        search_vector=SearchQuery(tsquery, config="simple", search_type="raw")
    )
    if len(words) == 1 and any(ch.isdigit() for ch in words[0]):
        condition |= Q(personnel_code__istartswith=compact)
    return condition


def name_words(text: str) -> list[str]:
    """The words of a name search (not an ID or code search), for the word index."""
    words = search_words(text)
    compact = "".join(text.split())
    if not words or re.fullmatch(r"[0-9]{3,12}", compact):
        return []
    if len(words) == 1 and any(ch.isdigit() for ch in words[0]):
        return []
    return words
