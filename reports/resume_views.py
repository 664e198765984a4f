"""Printing a person's résumé (sơ yếu lý lịch, Mẫu 2C) as a PDF: scoped through
`person_get` (a person outside the user's units is a 404), the sensitive items only
with the permission, and each print in the access log."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.utils import timezone
from django.views.decorators.http import require_GET

from cadre_registry import services as registry_services
from cadre_registry.models import AccessLog, Unit
from cadre_registry.selectors import person_get
from cadre_registry.signals import client_ip
from reports import pdf, responses
from reports.resume import resume_data
from reports.resume_pdf import build_resume_pdf


def _managing_body(unit: Unit | None) -> str:
    """The body with authority over the using unit: its parent, else itself."""
    if unit is None:
        return ""
    return unit.parent.name if unit.parent_id else unit.name


@login_required
@require_GET
@responses.pdf_font_guard
def person_resume_pdf(request, pk):
    """The person's Mẫu 2C résumé, shown in the browser to print."""
    person = person_get(user=request.user, pk=pk)
    show_sensitive = request.user.can_see_sensitive
    now = timezone.localtime()
    data = resume_data(
        person=person,
        show_sensitive=show_sensitive,
        on=now.date(),
        managing_body=_managing_body(person.unit),
    )
    printed = pdf.PrintInfo(
        printed_by=request.user.get_full_name() or request.user.username,
        printed_at=now,
    )
    content = build_resume_pdf(data, printed=printed)
    registry_services.access_log_record(
        user=request.user,
        action=AccessLog.Action.PRINT,
        obj=person,
        description=f"In sơ yếu lý lịch (Mẫu 2C) {person.full_name}",
        detail={
            "report": "resume_2c",
            "sensitive": show_sensitive,
            "hidden_items": list(data.hidden_items),
            "format": "pdf",
        },
        row_count=data.row_count,
        ip=client_ip(request),
    )
    return responses.file_response(
        content,
        filename=responses.ascii_filename(
            "so yeu ly lich", person.full_name, str(person.pk), extension="pdf"
        ),
        content_type=responses.PDF,
        inline=True,
    )
