"""The API's endpoints: authorise (the token's user) → read through a scoped
selector → shape the JSON. Whatever is outside the user's units is a 404, as on
the pages; every answer that carries people is written to the access log."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer

from cadre_registry.api import inputs, selectors, tokens
from cadre_registry.api.schemas import (
    ErrorOut,
    PeoplePageOut,
    PersonOut,
    SnapshotDetailOut,
    SnapshotPageOut,
    StatisticsOut,
)
from cadre_registry.models import AccessLog, Person, Unit, User
from cadre_registry.selectors import unit_get
from cadre_registry.services import access_log_record
from cadre_registry.signals import client_ip
from reports import statistics
from reports.models import Snapshot


class BearerToken(HttpBearer):
    """`Authorization: Bearer <token>`; the user rides on `request.auth`."""

    def authenticate(self, request, token: str) -> User:
        try:
            user, api_token = tokens.api_token_authenticate(plain=token)
        except tokens.TokenRefused as refused:
            raise AuthenticationError(message=refused.message) from None
        request.api_token = api_token
        return user


api = NinjaAPI(
    title="Cadre Registry API",
    version="1",
    description=(
        "API chỉ đọc của hệ thống hồ sơ cán bộ: số liệu thống kê, kỳ số liệu báo "
        "cáo và danh sách cán bộ, trong phạm vi đơn vị của người dùng. Xác thực: "
        "tiêu đề `Authorization: Bearer <mã truy cập>`."
    ),
    urls_namespace="api",
    auth=BearerToken(),
    openapi_url="/openapi.json",
    docs_url="/docs",
    # Swagger UI from ninja's own static files (ninja is an installed app); its
    # validator badge would fetch an image from the internet: deployments are
    # offline, so it is switched off.
    docs=Swagger(settings={"validatorUrl": None, "persistAuthorization": True}),
)

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


# --- Errors as JSON, in Vietnamese --------------------------------------------------


@api.exception_handler(inputs.BadInput)
def _bad_input(request, exc: inputs.BadInput):
    return api.create_response(
        request, {"detail": exc.message, "param": exc.param}, status=400
    )


@api.exception_handler(NinjaValidationError)
def _invalid(request, exc: NinjaValidationError):
    # Parameters are read by inputs.py; this catches anything ninja checks itself.
    names = [".".join(str(p) for p in e.get("loc", [])[1:]) for e in exc.errors]
    param = names[0] if names else None
    return api.create_response(
        request,
        {"detail": f"Tham số “{param}” không hợp lệ.", "param": param},
        status=400,
    )


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc: AuthenticationError):
    message = exc.message if exc.message != "Unauthorized" else None
    response = api.create_response(
        request,
        {
            "detail": message
            or "Cần mã truy cập: tiêu đề “Authorization: Bearer <mã truy cập>”."
        },
        status=401,
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(Http404)
def _not_found(request, exc: Http404):
    return api.create_response(
        request, {"detail": str(exc) or "Không tìm thấy."}, status=404
    )


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc: PermissionDenied):
    return api.create_response(
        request, {"detail": str(exc) or "Không có quyền."}, status=403
    )


# --- Helpers --------------------------------------------------------------------------


def _unit(request, value: str | None) -> Unit | None:
    pk = inputs.parse_id(value, param="unit")
    return None if pk is None else unit_get(user=request.auth, pk=pk)


def _code(entry) -> dict | None:
    return None if entry is None else {"code": entry.code, "name": entry.name}


def _unit_out(unit: Unit | None) -> dict | None:
    return (
        None if unit is None else {"id": unit.pk, "code": unit.code, "name": unit.name}
    )


def _person_out(person: Person, *, sensitive: bool) -> dict:
    row = {
        "id": person.pk,
        "personnel_code": person.personnel_code,
        "full_name": person.full_name,
        "birth_date": person.birth_date,
        "gender": {"code": person.gender, "name": person.get_gender_display()},
        "unit": _unit_out(person.unit),
        "position": _code(person.position),
        "position_title": person.position_title,
        "degree": _code(person.highest_degree),
        "political_theory": _code(person.political_theory),
        "retirement_date": person.retirement_date,
        "left_on": person.left_on,
    }
    if sensitive:
        row |= {
            "ethnicity": _code(person.ethnic_group),
            "religion": _code(person.religion),
            "national_id": person.national_id,
        }
    return row


def _snapshot_out(snapshot: Snapshot, *, figures: bool = False) -> dict:
    definition = snapshot.definition
    row = {
        "id": snapshot.pk,
        "definition": {
            "id": definition.pk,
            "name": definition.name,
            "tables": definition.tables,
            "unit": _unit_out(definition.unit),
        },
        "on": snapshot.on,
        "period_start": snapshot.period_start,
        "made_at": snapshot.made_at,
        "data_version": snapshot.data_version,
        "frozen": snapshot.is_frozen,
        "frozen_at": snapshot.frozen_at,
    }
    if figures:
        row["figures"] = snapshot.figures
    return row


def _log_people(request, *, description: str, rows: int, obj=None, **detail) -> None:
    user = request.auth
    access_log_record(
        user=user,
        action=AccessLog.Action.EXPORT,
        obj=obj,
        description=description,
        detail={
            "api": request.path[:200],
            "query": request.GET.urlencode()[:1000],
            "token": request.api_token.pk,
            "sensitive": user.can_see_sensitive,
            **detail,
        },
        row_count=rows,
        ip=client_ip(request),
    )


# --- Endpoints ------------------------------------------------------------------------


@api.get(
    "/statistics",
    response={200: StatisticsOut, **ERRORS},
    summary="Số liệu thống kê đội ngũ của một đơn vị tại một ngày",
    tags=["Thống kê"],
)
def statistics_get(request, unit: str | None = None, on: str | None = None):
    """Các chỉ tiêu của Biểu 8B (số lượng, mẫu số, tỷ lệ) của đơn vị `unit` và các
    đơn vị trực thuộc (trống: toàn bộ phạm vi) tính đến ngày `on` (dd/mm/yyyy hoặc
    yyyy-mm-dd; trống: hôm nay)."""
    user = request.auth
    statistics.check_can_read_statistics(user)
    day = inputs.parse_date(on, param="on", default=timezone.localdate())
    chosen = _unit(request, unit)
    stats = statistics.personnel_statistics(user=user, unit=chosen, on=day)
    return {
        "on": stats.on,
        "unit": _unit_out(chosen),
        "headcount": stats.headcount,
        "mean_age": stats.mean_age,
        "evaluation_year": stats.evaluation_year,
        "retiring_until": stats.retiring_until,
        "figures": [
            {
                "key": figure.key,
                "label": figure.label,
                "section": statistics.FIGURES_BY_KEY[figure.key].section,
                "count": figure.count,
                "denominator": figure.denominator,
                "share": figure.share,
            }
            for figure in stats.figures.values()
        ],
    }


@api.get(
    "/snapshots",
    response={200: SnapshotPageOut, **ERRORS},
    summary="Các kỳ số liệu báo cáo",
    tags=["Báo cáo định kỳ"],
)
def snapshot_list(request, page: str | None = None):
    """Kỳ số liệu của các báo cáo người dùng phụ trách hoặc nhận (quản trị: tất cả),
    mới nhất trước; 50 kỳ một trang."""
    number = inputs.parse_page(page)
    found = selectors.api_page(
        selectors.api_snapshot_list(user=request.auth), page=number
    )
    return {
        **_page_fields(found),
        "results": [_snapshot_out(s) for s in found.rows],
    }


@api.get(
    "/snapshots/{id}",
    response={200: SnapshotDetailOut, **ERRORS},
    summary="Một kỳ số liệu với số liệu đã lưu",
    tags=["Báo cáo định kỳ"],
)
def snapshot_get(request, id: str):  # noqa: A002 (the URL's name)
    """Số liệu đã lưu (theo mã biểu), phiên bản dữ liệu và trạng thái chốt số liệu."""
    pk = inputs.parse_id(id, param="id")
    snapshot = selectors.api_snapshot_get(user=request.auth, pk=pk)
    return _snapshot_out(snapshot, figures=True)


@api.get(
    "/people",
    response={200: PeoplePageOut, **ERRORS},
    exclude_unset=True,
    summary="Danh sách cán bộ đang công tác",
    tags=["Cán bộ"],
)
def people_list(
    request, unit: str | None = None, q: str | None = None, page: str | None = None
):
    """Cán bộ đang công tác trong phạm vi của người dùng (trong đơn vị `unit` và các
    đơn vị trực thuộc), tìm theo họ tên, số hiệu (`q`), theo thứ tự họ tên; 50 người
    một trang. Dân tộc, tôn giáo, số CCCD chỉ có với quyền xem thông tin nhạy cảm.
    Mỗi lần gọi được ghi vào nhật ký truy cập."""
    user = request.auth
    text = inputs.parse_text(q, param="q")
    number = inputs.parse_page(page)
    chosen = _unit(request, unit)
    found = selectors.api_page(
        selectors.api_person_list(user=user, unit=chosen, q=text), page=number
    )
    sensitive = user.can_see_sensitive
    _log_people(
        request,
        description="API: danh sách cán bộ"
        + (f" – {chosen.name}" if chosen is not None else ""),
        rows=len(found.rows),
        page=number,
    )
    return {
        **_page_fields(found),
        "results": [_person_out(p, sensitive=sensitive) for p in found.rows],
    }


@api.get(
    "/people/{id}",
    response={200: PersonOut, **ERRORS},
    exclude_unset=True,
    summary="Một cán bộ",
    tags=["Cán bộ"],
)
def person_get(request, id: str):  # noqa: A002 (the URL's name)
    """Một hồ sơ trong phạm vi của người dùng (kể cả người đã nghỉ); ngoài phạm vi:
    404. Mỗi lần gọi được ghi vào nhật ký truy cập."""
    user = request.auth
    pk = inputs.parse_id(id, param="id")
    person = selectors.api_person_get(user=user, pk=pk)
    _log_people(
        request, description=f"API: hồ sơ {person.full_name}", rows=1, obj=person
    )
    return _person_out(person, sensitive=user.can_see_sensitive)


def _page_fields(found: selectors.ApiPage) -> dict:
    return {
        "count": found.count,
        "count_capped": found.count_capped,
        "page": found.page,
        "page_size": found.page_size,
        "has_next": found.has_next,
    }
