"""Reading printed PDFs back in tests: the text (pdftotext) and a page as PNG
(pdftoppm, kept in var/test-artifacts/ to look at), from Debian's poppler-utils;
skipped locally without them, a failure in CI."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[1] / "var" / "test-artifacts"


def tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is missing in CI (.ci/run installs poppler-utils)")
        pytest.skip(f"{name} is not installed (apt-get install poppler-utils)")
    return path


def pdf_text(content: bytes, *, layout: bool = False) -> str:
    """The PDF's text, UTF-8; `layout` keeps the columns side by side."""
    options = ["-layout"] if layout else []
    done = subprocess.run(
        [tool("pdftotext"), *options, "-enc", "UTF-8", "-", "-"],
        input=content,
        capture_output=True,
        check=True,
    )
    return done.stdout.decode()


def pdf_pages(content: bytes) -> int:
    return pdf_text(content).count("\f")


def render_png(content: bytes, name: str, *, page: int = 1, dpi: int = 80) -> Path:
    """Page `page` as var/test-artifacts/<name>.png."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS / f"{name}.png"
    target.unlink(missing_ok=True)
    subprocess.run(
        [
            tool("pdftoppm"),
            "-png",
            "-r",
            str(dpi),
            "-f",
            str(page),
            "-l",
            str(page),
            "-singlefile",
            "-",
            str(ARTIFACTS / name),
        ],
        input=content,
        check=True,
    )
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    return target
