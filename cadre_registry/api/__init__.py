"""The read-only JSON API (/api/v1/, django-ninja) for the leaders' other tools and
the national database exchange: statistics, snapshots and people, each read through
the same scoped selectors as the pages, authenticated by a bearer token (ApiToken)."""
