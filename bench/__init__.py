"""Benchmarks run by `manage.py bench` (`make bench`).

Each module measures one area of the application against the raw SQL of the same
queries in the same run, and renders a Markdown section of `docs/benchmarks.md`.
`timing` has the measuring helpers, `report` writes the sections.
"""
