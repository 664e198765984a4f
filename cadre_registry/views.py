"""HTTP: authorise, call a selector or a service, render. Nothing else."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from cadre_registry import exports, selectors, services
from cadre_registry.auth import login_blocked
from cadre_registry.forms import (
    HISTORY_KINDS,
    LoginForm,
    PersonCreateForm,
    PersonForm,
)
from cadre_registry.listing import people_listing
from cadre_registry.models import (
    AccessLog,
    AuthEvent,
    EvaluationLevel,
    ExportJob,
    ImportJob,
    Person,
    Position,
    Role,
    Unit,
)
from cadre_registry.signals import client_ip


def _htmx(request, response):
    patch_vary_headers(response, ("HX-Request",))
    return response


def _form_errors_message(error: ValidationError) -> list[str]:
    if hasattr(error, "message_dict"):
        return [f"{msg}" for msgs in error.message_dict.values() for msg in msgs]
    return list(error.messages)


# --- Login ---------------------------------------------------------------------------------


class LoginView(auth_views.LoginView):
    """Django's login, refusing attempts while a username or address is throttled."""

    template_name = "registration/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        username = request.POST.get("username", "")[:150]
        if login_blocked(username=username, ip=client_ip(request)):
            AuthEvent.objects.create(
                kind=AuthEvent.Kind.BLOCKED, username=username, ip=client_ip(request)
            )
            form = self.get_form()
            form.errors.clear()
            form.add_error(
                None, "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút."
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)


# --- Home ----------------------------------------------------------------------------------


@login_required
def home(request):
    """A home page per role: units and shortcuts, or the logs for auditors."""
    user = request.user
    today = timezone.localdate()
    context = {"today": today}
    if user.role == Role.AUDITOR and not user.is_administrator:
        context["auth_events"] = selectors.auth_event_list(user=user)[:10]
        context["access_logs"] = selectors.access_log_list(user=user)[:10]
        return render(request, "cadre_registry/home_auditor.html", context)
    people = selectors.person_list(user=user).filter(left_on__isnull=True)
    from cadre_registry.rules import add_months

    context["units"] = selectors.unit_children_with_counts(user=user, parent=None)
    context["headcount"] = people.count()
    context["retiring"] = (
        people.filter(
            retirement_date__gte=today, retirement_date__lte=add_months(today, 12)
        )
        .select_related("unit")
        .order_by("retirement_date")[:10]
    )
    context["retiring_count"] = people.filter(
        retirement_date__gte=today, retirement_date__lte=add_months(today, 12)
    ).count()
    from planning.selectors import reminder_counts

    context["reminder_counts"] = reminder_counts(user=user)
    return render(request, "cadre_registry/home.html", context)


# --- Units ---------------------------------------------------------------------------------


@login_required
def unit_tree(request):
    """The unit tree, one level at a time; htmx loads a node's children on demand."""
    parent = None
    if request.GET.get("parent"):
        parent = selectors.unit_get(user=request.user, pk=request.GET["parent"])
    units = selectors.unit_children_with_counts(user=request.user, parent=parent)
    if request.htmx and parent is not None:
        return _htmx(
            request,
            render(request, "cadre_registry/unit_tree.html#children", {"units": units}),
        )
    return _htmx(
        request, render(request, "cadre_registry/unit_tree.html", {"units": units})
    )


@login_required
def unit_detail(request, pk):
    """A unit: its place in the tree, successions, sub-units and its people."""
    unit = selectors.unit_get(user=request.user, pk=pk)
    scope = selectors.unit_scope_ids(user=request.user)
    ancestors = [
        u
        for u in Unit.objects.filter(pk__in=unit.ancestor_ids[:-1]).order_by("depth")
        if scope is None or u.pk in scope
    ]
    children = selectors.unit_children_with_counts(user=request.user, parent=unit)
    people = (
        selectors.person_list(user=request.user)
        .filter(unit=unit, left_on__isnull=True)
        .select_related("position", "grade")
    )
    paginator = Paginator(people.order_by("name_sort", "id"), 50)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "cadre_registry/unit_detail.html",
        {
            "unit": unit,
            "ancestors": ancestors,
            "children": children,
            "page": page,
            "successions": unit.successions.select_related("successor"),
            "predecessions": unit.predecessions.select_related("predecessor"),
        },
    )


# --- People --------------------------------------------------------------------------------


LIST_COLUMNS = (
    "full_name",
    "personnel_code",
    "name_sort",
    "birth_date",
    "birth_date_precision",
    "gender",
    "position_title",
    "salary_step",
    "salary_coefficient",
    "retirement_date",
    "unit__name",
    "position__name",
    "grade__code",
    "highest_degree__name",
    "political_theory__name",
)


@login_required
def person_list(request):
    """The personnel list: filters, accent-insensitive search, sorting, keyset pages."""
    user = request.user
    listing = people_listing(user=user, query=request.GET)
    form, filters, data = listing.form, listing.filters, listing.data
    unit = filters.unit
    if form.is_bound and form.errors:
        messages.warning(
            request,
            "Một số điều kiện lọc không hợp lệ nên đã được bỏ qua: "
            + "; ".join(
                f"{form.fields[name].label or name}: {errs[0]}"
                for name, errs in form.errors.items()
            ),
        )
    people = listing.people
    # Only the columns the table shows: a person row is ~80 columns (the tsvector
    # and the addresses among them), and building 50 full rows costs more than the SQL.
    related = ("unit", "position", "grade", "political_theory", "highest_degree")
    people = people.select_related(*related).only(*LIST_COLUMNS)
    unsearched = listing.unsearched.select_related(*related).only(*LIST_COLUMNS)
    from cadre_registry.search import name_words

    words = name_words(filters.q)
    page = selectors.person_page(
        people=people,
        words=words,
        unsearched=unsearched,
        sort=data.get("sort") or "name",
        descending=bool(data.get("desc")),
        after=data.get("after") or "",
        before=data.get("before") or "",
    )
    if words:
        total, total_capped = selectors.search_count(
            people=listing.unsearched, words=words, cap=selectors.SEARCH_COUNT_CAP
        )
    else:
        total, total_capped = selectors.capped_count(
            people, cap=selectors.SEARCH_COUNT_CAP if filters.q else selectors.COUNT_CAP
        )
    query = request.GET.copy()
    for key in ("after", "before"):
        query.pop(key, None)
    context = {
        "form": form,
        "page": page,
        "total": total,
        "total_capped": total_capped,
        "unit": unit,
        "as_of": filters.as_of,
        "query": query.urlencode(),
        "query_no_sort": _without(query, "sort", "desc"),
        "history_exports": exports.history_specs(user=user).values(),
    }
    template = (
        "cadre_registry/person_list.html#results"
        if request.htmx and not request.htmx.boosted
        else "cadre_registry/person_list.html"
    )
    return _htmx(request, render(request, template, context))


def _without(query, *keys):
    query = query.copy()
    for key in keys:
        query.pop(key, None)
    return query.urlencode()


def _log_view(request, person):
    services.access_log_record(
        user=request.user,
        action=AccessLog.Action.VIEW_SENSITIVE
        if request.user.can_see_sensitive
        else AccessLog.Action.VIEW,
        obj=person,
        description=f"Xem hồ sơ {person.full_name}",
        ip=client_ip(request),
    )


@login_required
def person_detail(request, pk):
    """The résumé laid out like Mẫu 2C, each history as a timeline."""
    person = selectors.person_get(user=request.user, pk=pk)
    _log_view(request, person)
    kinds = [
        k
        for k in HISTORY_KINDS.values()
        if request.user.can_see_sensitive or not k.sensitive
    ]
    sections = [(kind, getattr(person, kind.related_name).all()) for kind in kinds]
    return render(
        request,
        "cadre_registry/person_detail.html",
        {
            "person": person,
            "derived": selectors.person_derived_dates(person=person),
            "sections": sections,
            "can_edit": request.user.can_edit_people,
            "sensitive": request.user.can_see_sensitive,
        },
    )


@login_required
def person_changes(request, pk):
    """Every change to the person and their histories: who, when, what."""
    person = selectors.person_get(user=request.user, pk=pk)
    from cadre_registry.history import person_change_log

    changes = person_change_log(
        person=person, include_sensitive=request.user.can_see_sensitive
    )
    return _htmx(
        request,
        render(
            request,
            "cadre_registry/person_changes.html",
            {"person": person, "changes": changes},
        ),
    )


def _require_editor(request):
    if not request.user.can_edit_people:
        raise PermissionDenied("Bạn chỉ có quyền xem.")


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request):
    """A new person with a first main assignment in one of the user's units."""
    _require_editor(request)
    units = selectors.unit_list(user=request.user).order_by("path")
    form = PersonCreateForm(
        request.POST or None,
        can_see_sensitive=request.user.can_see_sensitive,
        units=units,
    )
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(
                by=request.user,
                unit=form.cleaned_data["unit"],
                start=form.cleaned_data["start"],
                title=form.cleaned_data.get("title", ""),
                **form.service_fields(),
            )
        except ValidationError as error:
            _add_errors(form, error)
        except IntegrityError:
            form.add_error(
                None,
                "Không lưu được: dữ liệu trùng hoặc không hợp lệ (ví dụ số CCCD đã có).",
            )
        else:
            messages.success(request, f"Đã tạo hồ sơ {person.full_name}.")
            return redirect(person)
    return render(
        request, "cadre_registry/person_form.html", {"form": form, "creating": True}
    )


def _add_errors(form, error: ValidationError):
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request, pk):
    """Edit the résumé's fixed facts."""
    person = selectors.person_get(user=request.user, pk=pk)
    _require_editor(request)
    form = PersonForm(
        request.POST or None,
        instance=person,
        can_see_sensitive=request.user.can_see_sensitive,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(
                person=person, by=request.user, **form.service_fields()
            )
        except ValidationError as error:
            _add_errors(form, error)
        except IntegrityError:
            form.add_error(None, "Không lưu được: dữ liệu trùng hoặc không hợp lệ.")
        else:
            messages.success(request, "Đã lưu thay đổi.")
            return redirect(person)
    return render(
        request, "cadre_registry/person_form.html", {"form": form, "person": person}
    )


# --- Histories (htmx inline) ---------------------------------------------------------------


def _kind(request, slug):
    kind = HISTORY_KINDS.get(slug)
    if kind is None or (kind.sensitive and not request.user.can_see_sensitive):
        raise Http404("Không có mục này")
    return kind


def _section(request, person, kind, form=None, editing=None):
    # Query afresh: the person's prefetched rows predate the change just made.
    rows = kind.model.objects.filter(person=person)
    related = [
        f.name
        for f in kind.model._meta.concrete_fields
        if f.is_relation and f.name != "person"
    ]
    if related:
        rows = rows.select_related(*related)
    return _htmx(
        request,
        render(
            request,
            "cadre_registry/person_detail.html#section",
            {
                "person": person,
                "kind": kind,
                "rows": rows,
                "form": form,
                "editing": editing,
                "can_edit": request.user.can_edit_people,
            },
        ),
    )


def _history_form(request, kind, person, instance=None):
    form = kind.form_class(
        request.POST or None, instance=instance or kind.model(person=person)
    )
    if "unit" in form.fields:
        form.fields["unit"].queryset = selectors.unit_list(user=request.user).order_by(
            "path"
        )
    if "position" in form.fields:
        form.fields["position"].queryset = Position.objects.filter(is_active=True)
    if kind.slug == "evaluation":
        # Offer the levels of the scheme in force today; the service files the row
        # under the scheme of its year.
        latest = (
            EvaluationLevel.objects.order_by("-code_list__effective_from")
            .values("code_list")
            .first()
        )
        form.fields["level"].queryset = EvaluationLevel.objects.filter(
            code_list=latest["code_list"] if latest else None
        ).order_by("-rank")
    return form


@login_required
@require_http_methods(["GET", "POST"])
def history_add(request, pk, kind):
    """Add a history row inline; GET returns the empty form in the section."""
    person = selectors.person_get(user=request.user, pk=pk)
    kind = _kind(request, kind)
    _require_editor(request)
    form = _history_form(request, kind, person)
    if request.method == "POST" and form.is_valid():
        try:
            services.history_row_save(person=person, row=form.instance, by=request.user)
        except ValidationError as error:
            _add_errors(form, error)
        except IntegrityError:
            form.add_error(
                None, "Không lưu được: dữ liệu trùng hoặc mâu thuẫn với dòng khác."
            )
        else:
            if not request.htmx:
                return redirect(person.get_absolute_url() + f"#{kind.slug}")
            return _section(request, person, kind)
    if not request.htmx:
        return render(
            request,
            "cadre_registry/history_form_page.html",
            {"person": person, "kind": kind, "form": form},
        )
    return _section(request, person, kind, form=form)


def _row(person, kind, row_pk):
    try:
        return getattr(person, kind.related_name).get(pk=selectors.parse_pk(row_pk))
    except kind.model.DoesNotExist:
        raise Http404("Không tìm thấy dòng này") from None


@login_required
@require_http_methods(["GET", "POST"])
def history_edit(request, pk, kind, row_pk):
    """Edit one history row inline."""
    person = selectors.person_get(user=request.user, pk=pk)
    kind = _kind(request, kind)
    row = _row(person, kind, row_pk)
    _require_editor(request)
    form = _history_form(request, kind, person, instance=row)
    if request.method == "POST" and form.is_valid():
        try:
            services.history_row_save(person=person, row=form.instance, by=request.user)
        except ValidationError as error:
            _add_errors(form, error)
        except IntegrityError:
            form.add_error(
                None, "Không lưu được: dữ liệu trùng hoặc mâu thuẫn với dòng khác."
            )
        else:
            if not request.htmx:
                return redirect(person.get_absolute_url() + f"#{kind.slug}")
            return _section(request, person, kind)
    if not request.htmx:
        return render(
            request,
            "cadre_registry/history_form_page.html",
            {"person": person, "kind": kind, "form": form},
        )
    return _section(request, person, kind, form=form, editing=row.pk)


@login_required
@require_POST
def history_delete(request, pk, kind, row_pk):
    """Delete one history row; the change history keeps it."""
    person = selectors.person_get(user=request.user, pk=pk)
    kind = _kind(request, kind)
    row = _row(person, kind, row_pk)
    _require_editor(request)
    try:
        services.history_row_delete(person=person, row=row, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(_form_errors_message(error)))
    if not request.htmx:
        return redirect(person.get_absolute_url() + f"#{kind.slug}")
    return _section(request, person, kind)


# --- Logs ----------------------------------------------------------------------------------


@login_required
def audit_log(request):
    """Access and login logs, for auditors and administrators."""
    if not request.user.can_read_logs:
        raise PermissionDenied("Chỉ cán bộ kiểm tra và quản trị được xem nhật ký.")
    which = request.GET.get("log", "access")
    if which == "auth":
        rows = selectors.auth_event_list(user=request.user).select_related("user")
    else:
        which = "access"
        rows = selectors.access_log_list(user=request.user)
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    return render(
        request, "cadre_registry/audit_log.html", {"page": page, "which": which}
    )


def healthz(request):
    """Liveness for the load balancer: the database answers."""
    Person.objects.exists()
    return HttpResponse("ok", content_type="text/plain")


# --- Exports -------------------------------------------------------------------------------


EXPORT_FORMATS = ("xlsx", "csv")


def _history_spec(request, kind):
    """A history kind the user may export; an unknown or forbidden one is a 404."""
    spec = exports.history_specs(user=request.user).get(kind)
    if spec is None:
        raise Http404("Không có loại quá trình này")
    return spec


@login_required
def person_export(request, file_format):
    """The filtered list as XLSX or CSV, with the import template's columns; large
    exports go to the background and the user gets a download link when ready."""
    if file_format not in EXPORT_FORMATS:
        raise Http404("Định dạng không hỗ trợ")
    people = people_listing(user=request.user, query=request.GET).people
    columns = exports.people_columns(user=request.user)
    return _export(
        request,
        resource="people",
        description="Xuất danh sách cán bộ",
        slug="can-bo",
        file_format=file_format,
        columns=columns,
        total=people.count(),
        rows=exports.people_rows(people=people, columns=columns),
        detail={},
    )


@login_required
def person_history_export(request, kind, file_format):
    """One kind of dated history (evaluations, rewards...) of the filtered people,
    in that kind's import template columns, so the file re-imports unchanged."""
    if file_format not in EXPORT_FORMATS:
        raise Http404("Định dạng không hỗ trợ")
    spec = _history_spec(request, kind)
    people = people_listing(user=request.user, query=request.GET).people
    columns = exports.history_columns(spec=spec, user=request.user)
    return _export(
        request,
        resource=spec.name,
        description=f"Xuất {spec.title}",
        slug=exports.file_slug(spec),
        file_format=file_format,
        columns=columns,
        total=exports.history_queryset(spec=spec, people=people).count(),
        rows=exports.history_rows(spec=spec, people=people, columns=columns),
        detail={"kind": spec.name},
    )


def _export(
    request, *, resource, description, slug, file_format, columns, total, rows, detail
):
    """Log the export, then stream it, or queue it when it is large (the worker
    recomputes the rows from the query string through the same selector)."""
    from django.conf import settings

    query = request.GET.urlencode()[:2000]
    services.access_log_record(
        user=request.user,
        action=AccessLog.Action.EXPORT,
        description=f"{description} ({file_format.upper()})",
        detail={
            "query": query,
            "format": file_format,
            "columns": [c.header for c in columns],
            **detail,
        },
        row_count=total,
        ip=client_ip(request),
    )
    if total > settings.EXPORT_BACKGROUND_ROWS:
        job = services.export_job_create(
            user=request.user,
            resource=resource,
            file_format=file_format,
            query=query,
            total=total,
        )
        messages.info(
            request,
            f"Danh sách có {total:,} dòng nên được xuất ở chế độ nền; tải về khi sẵn sàng.".replace(
                ",", "."
            ),
        )
        return redirect("export_job_detail", pk=job.pk)
    name = f"{slug}-{timezone.localdate():%Y%m%d}.{file_format}"
    if file_format == "csv":
        response = StreamingHttpResponse(
            exports.csv_stream(columns=columns, rows=rows),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx")  # noqa: SIM115 (closed by FileResponse)
    exports.write_xlsx(path=Path(handle.name), columns=columns, rows=rows)
    return FileResponse(open(handle.name, "rb"), as_attachment=True, filename=name)  # noqa: SIM115


@login_required
def export_job_detail(request, pk):
    """A background export: progress while it runs, the download link when done."""
    job = get_object_or_404(
        ExportJob.objects.filter(created_by=request.user), pk=selectors.parse_pk(pk)
    )
    template = (
        "cadre_registry/export_job.html#status"
        if request.htmx
        else "cadre_registry/export_job.html"
    )
    return _htmx(request, render(request, template, {"job": job}))


@login_required
def export_job_download(request, pk):
    """The finished file of one's own background export (logged when it was made)."""
    job = get_object_or_404(
        ExportJob.objects.filter(created_by=request.user, status=ExportJob.Status.DONE),
        pk=selectors.parse_pk(pk),
    )
    if not job.file:
        raise Http404("Tệp không còn")
    return FileResponse(
        job.file.open("rb"), as_attachment=True, filename=Path(job.file.name).name
    )


# --- Imports -------------------------------------------------------------------------------


def _import_jobs_for(user):
    """One's own imports; auditors and administrators read everyone's log."""
    jobs = ImportJob.objects.select_related("created_by")
    return jobs if user.can_read_logs else jobs.filter(created_by=user)


@csrf_exempt
@login_required
def import_start(request):
    """Choose what to import, download its template, upload a file."""
    from django.conf import settings

    from cadre_registry import import_jobs
    from cadre_registry.uploads import SizeLimitUploadHandler

    if not request.user.can_edit_people:
        raise PermissionDenied("Chỉ cán bộ tổ chức được nhập dữ liệu.")
    limit = SizeLimitUploadHandler(request, limit=settings.MAX_UPLOAD_BYTES)
    claimed = request.META.get("CONTENT_LENGTH") or "0"
    if (
        request.method == "POST"
        and claimed.isdigit()
        and int(claimed) > settings.MAX_UPLOAD_BYTES
    ):
        # Refused before a byte of the body is read (no state changes, so no CSRF
        # check is needed to say no).
        return render(
            request,
            "cadre_registry/import_start.html",
            {
                "resources": import_jobs.import_kinds(user=request.user),
                "resource": "people",
                "error": import_jobs._too_big_message(int(claimed)),
                "recent": [],
                "max_mb": settings.MAX_UPLOAD_BYTES // (1024 * 1024),
            },
            status=413,
        )
    if request.method == "POST":
        # Before the body is read: a 100 MB upload is refused without being stored.
        request.upload_handlers.insert(0, limit)
    return _import_start(
        request, import_jobs.import_kinds(user=request.user), import_jobs, limit
    )


@csrf_protect
def _import_start(request, resources_, import_jobs, limit):
    from django.conf import settings

    error = None
    status = 200
    resource = request.GET.get("resource", "people")
    if request.method == "POST":
        resource = request.POST.get("resource", "")
        upload = request.FILES.get("file")
        if limit.exceeded:
            error, status = (
                import_jobs._too_big_message(
                    int(request.META.get("CONTENT_LENGTH") or limit.received)
                ),
                413,
            )
        elif upload is None:
            error, status = "Chọn tệp cần nhập.", 400
        else:
            try:
                job = import_jobs.import_job_create(
                    user=request.user, resource=resource, upload=upload
                )
            except import_jobs.UploadRefused as refused:
                error, status = str(refused), 400
            else:
                return _import_next_step(request, job, import_jobs, check=True)
    recent = _import_jobs_for(request.user).filter(created_by=request.user)[:10]
    return render(
        request,
        "cadre_registry/import_start.html",
        {
            "resources": resources_,
            "resource": resource,
            "error": error,
            "recent": recent,
            "max_mb": settings.MAX_UPLOAD_BYTES // (1024 * 1024),
        },
        status=status,
    )


def _import_next_step(request, job, import_jobs, *, check):
    from cadre_registry.tasks import import_apply_task, import_check_task

    if import_jobs.runs_in_background(job):
        task = import_check_task if check else import_apply_task
        if not check:
            ImportJob.objects.filter(pk=job.pk).update(
                status=ImportJob.Status.IMPORTING, processed_rows=0
            )
        task.delay_on_commit(job.pk)
    elif check:
        import_jobs.import_job_check(job=job)
    else:
        try:
            import_jobs.import_job_apply(job=job)
        except import_jobs.UploadRefused as refused:
            messages.error(request, str(refused))
    return redirect("import_job_detail", pk=job.pk)


@login_required
def import_job_detail(request, pk):
    """Progress while checking or importing; then the preview or the outcome."""
    job = get_object_or_404(_import_jobs_for(request.user), pk=selectors.parse_pk(pk))
    errors = job.errors[:200]
    template = (
        "cadre_registry/import_job.html#status"
        if request.htmx
        else "cadre_registry/import_job.html"
    )
    return _htmx(request, render(request, template, {"job": job, "errors": errors}))


@login_required
@require_POST
def import_job_confirm(request, pk):
    """Confirm a checked import (or retry a failed one)."""
    from cadre_registry import import_jobs

    job = get_object_or_404(
        _import_jobs_for(request.user).filter(created_by=request.user),
        pk=selectors.parse_pk(pk),
    )
    if job.status not in (ImportJob.Status.CHECKED, ImportJob.Status.FAILED) or (
        job.status == ImportJob.Status.FAILED and not job.checked_at
    ):
        messages.error(
            request, "Lần nhập này không thể xác nhận ở trạng thái hiện tại."
        )
        return redirect("import_job_detail", pk=job.pk)
    return _import_next_step(request, job, import_jobs, check=False)


@login_required
def import_error_workbook(request, pk):
    """The rejected rows as uploaded, with a reason column, to fix and upload again."""
    from cadre_registry.imports.templates import error_workbook

    job = get_object_or_404(_import_jobs_for(request.user), pk=selectors.parse_pk(pk))
    content = error_workbook(job)
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="loi-nhap-{job.pk}.xlsx"'
    return response


@login_required
def import_template(request, resource):
    """The XLSX template of a resource: Vietnamese headers, an example row, the codes."""
    from cadre_registry.import_jobs import import_kinds
    from cadre_registry.imports.templates import template_workbook

    if resource not in import_kinds(user=request.user):
        raise Http404("Không có mẫu này")
    response = HttpResponse(
        template_workbook(resource, user=request.user),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="mau-nhap-{resource}.xlsx"'
    return response


@login_required
def import_job_list(request):
    """The import log: who imported what file, when, with which counts."""
    if not (request.user.can_edit_people or request.user.can_read_logs):
        raise PermissionDenied("Bạn không có quyền xem nhật ký nhập dữ liệu.")
    page = Paginator(_import_jobs_for(request.user), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "cadre_registry/import_list.html", {"page": page})
