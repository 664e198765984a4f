"""HTTP helpers for printed documents and downloads: the file response with an ASCII
file name, and the page shown when the PDF font is not installed."""

from __future__ import annotations

import functools
import logging
import re

from django.http import HttpResponse
from django.shortcuts import render

from cadre_registry.models.folding import fold
from reports.pdf import PdfFontMissing

logger = logging.getLogger(__name__)

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def ascii_filename(*parts: str, extension: str) -> str:
    """'Danh sách quy hoạch', '2026-2031' → 'danh-sach-quy-hoach-2026-2031.pdf': an
    ASCII name every browser keeps (a Vietnamese one needs RFC 5987 and still
    turns into underscores in some)."""
    words = re.sub(r"[^a-z0-9]+", "-", fold(" ".join(p for p in parts if p)))
    return f"{words.strip('-')[:120] or 'tai-lieu'}.{extension}"


def file_response(
    content: bytes, *, filename: str, content_type: str, inline: bool = False
) -> HttpResponse:
    """The bytes as a download (or shown in the browser with `inline`); never kept
    in a shared cache: these lists hold personal data."""
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def pdf_font_guard(view):
    """Answer 503 with what to install when the PDF font is missing, rather than a
    bare server error."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PdfFontMissing as error:
            logger.error("PDF font missing: %s", error)
            return render(
                request,
                "errors/pdf_font_missing.html",
                {"message": str(error)},
                status=503,
            )

    return wrapper
