"""Write benchmark results into docs/benchmarks.md, one marked section per area,
so that each area's run replaces its own section and leaves the others alone."""

from __future__ import annotations

import os
import platform
import re
from pathlib import Path

from django.db import connection

HEADER = """# Benchmarks

Timings of the application's pages measured by `manage.py bench` against the raw
SQL of the same queries, run side by side in the same process so that the host's
noise affects both alike. Run them with `make bench` (1,000,000 people by default;
`make bench BENCH_PEOPLE=100000` for a quicker run), or directly with
`python manage.py bench --people N [--repeat R]`: the command seeds the database
when it holds fewer than N people (`cadre_registry.seeding`, so a second run reuses
the data), runs `VACUUM ANALYZE`, then times each page through Django's test client
(the real URL, middleware, view and template, logged in) after a few warm-up
requests. "Raw SQL" is the same data fetched with a cursor: the floor the page
cannot beat. Absolute numbers drift between runs and machines (PERFORMANCE.md);
compare the ratios. The spreadsheet import and export sections compare our code
with COPY, django-import-export, XlsxWriter and `csv.writer` in the same way
(`--only personnel,imports,exports` runs some parts, `--import-rows N` sets the
import's size). Each section below is rewritten by the run that produced it.
"""


def machine_description() -> str:
    """Cores, memory, OS and PostgreSQL version of this run, in one line."""
    memory = ""
    try:
        with open("/proc/meminfo") as meminfo:
            kib = int(meminfo.readline().split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0].split()[0]
        cursor.execute("SHOW shared_buffers")
        buffers = cursor.fetchone()[0]
    return (
        f"{os.cpu_count()} cores{memory}, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, PostgreSQL {server} "
        f"(shared_buffers {buffers})"
    )


def markdown_table(headers: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def write_section(path: Path, key: str, body: str) -> None:
    """Replace (or append) the section marked `key` in the Markdown file."""
    start, end = f"<!-- bench:{key} -->", f"<!-- /bench:{key} -->"
    block = f"{start}\n{body.strip()}\n{end}"
    text = path.read_text() if path.exists() else HEADER
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _: block, text)
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
