"""Printing a term's planning list (danh sách quy hoạch): the PDF (in.pdf) and the
same list as XLSX (danh-sach.xlsx). Scoped like the board: `?don-vi=<id>` narrows
it to one unit of the user's scope (another unit is a 404), `?de-xuat=1` adds the
entries still proposed. Each print and export goes into the access log."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from cadre_registry import services as registry_services
from cadre_registry.models import AccessLog, Unit
from cadre_registry.selectors import unit_get, unit_roots
from cadre_registry.signals import client_ip
from planning import selectors
from planning.export_xlsx import build_planning_list_xlsx
from planning.models import Term
from planning.pdf import build_planning_list_pdf
from planning.printing import PlanningList, planning_list_data
from reports import pdf, responses

TRUE_VALUES = ("1", "on", "true", "co")


class _BadRequest(Exception):
    pass


@dataclass(frozen=True)
class _Request:
    term: Term
    unit: Unit | None
    include_proposed: bool
    data: PlanningList


def _planning_list(request, pk) -> _Request:
    term = selectors.term_get(pk=pk)
    raw = request.GET.get("don-vi", "").strip()
    unit = None
    if raw:
        if not raw.isdigit():
            raise _BadRequest(f"Mã đơn vị “{raw[:20]}” không hợp lệ: cần một số.")
        unit = unit_get(user=request.user, pk=raw)  # 404 outside the user's scope
    include_proposed = request.GET.get("de-xuat", "").lower() in TRUE_VALUES
    posts = selectors.planning_list_posts(
        user=request.user, term=term, unit=unit, include_proposed=include_proposed
    )
    issuer, superior = _issuer(request.user, unit)
    data = planning_list_data(
        term=term,
        posts=posts,
        issuer=issuer,
        superior=superior,
        include_proposed=include_proposed,
        show_sensitive=request.user.can_see_sensitive,
    )
    return _Request(term=term, unit=unit, include_proposed=include_proposed, data=data)


def _issuer(user, unit: Unit | None) -> tuple[str, str]:
    """The body the list is issued in, and its superior, for the heading."""
    units = [unit] if unit else list(unit_roots(user=user).select_related("parent"))
    if not units:
        return "Ban Tổ chức", ""
    parents = {u.parent.name if u.parent else "" for u in units}
    superior = parents.pop() if len(parents) == 1 else ""
    return ", ".join(u.name for u in units), superior


def _log(request, got: _Request, *, action: str, file_format: str) -> None:
    what = "In" if action == AccessLog.Action.PRINT else "Xuất"
    registry_services.access_log_record(
        user=request.user,
        action=action,
        obj=got.term,
        description=(
            f"{what} danh sách quy hoạch nhiệm kỳ {got.term.name} "
            f"({file_format.upper()}): {got.data.issuer}"
        ),
        detail={
            "report": "planning_list",
            "term": got.term.pk,
            "unit": got.unit.pk if got.unit else None,
            "include_proposed": got.include_proposed,
            "sensitive": got.data.show_sensitive,
            "format": file_format,
        },
        row_count=got.data.line_count,
        ip=client_ip(request),
    )


def _filename(got: _Request, extension: str) -> str:
    return responses.ascii_filename(
        "danh sach quy hoach",
        got.term.name,
        got.unit.code if got.unit else "",
        extension=extension,
    )


def _bad_request(request, error: _BadRequest):
    return render(request, "errors/400.html", {"message": str(error)}, status=400)


@login_required
@require_GET
@responses.pdf_font_guard
def term_list_pdf(request, pk):
    """The term's planning list as a PDF, shown in the browser to print."""
    try:
        got = _planning_list(request, pk)
    except _BadRequest as error:
        return _bad_request(request, error)
    printed = pdf.PrintInfo(
        printed_by=request.user.get_full_name() or request.user.username,
        printed_at=timezone.localtime(),
    )
    content = build_planning_list_pdf(got.data, printed=printed)
    _log(request, got, action=AccessLog.Action.PRINT, file_format="pdf")
    return responses.file_response(
        content,
        filename=_filename(got, "pdf"),
        content_type=responses.PDF,
        inline=True,
    )


@login_required
@require_GET
def term_list_xlsx(request, pk):
    """The same list as an XLSX workbook."""
    try:
        got = _planning_list(request, pk)
    except _BadRequest as error:
        return _bad_request(request, error)
    content = build_planning_list_xlsx(got.data, date=timezone.localdate())
    _log(request, got, action=AccessLog.Action.EXPORT, file_format="xlsx")
    return responses.file_response(
        content, filename=_filename(got, "xlsx"), content_type=responses.XLSX
    )
