"""Training pages: authorise, call a selector or a service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_http_methods

from cadre_registry import selectors as registry
from cadre_registry.listing import people_listing
from cadre_registry.models import Person
from training import rules, selectors, services
from training.forms import CohortForm, NominateForm, PlanForm, QuotaForm, ResultFormSet
from training.models import EnrolmentStatus

CANDIDATES_PER_PAGE = 100


def _htmx(response):
    patch_vary_headers(response, ("HX-Request",))
    return response


def _require_editor(request):
    if not request.user.can_edit_people:
        raise PermissionDenied("Bạn chỉ có quyền xem.")


def _add_errors(form, error: ValidationError):
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _units(request):
    return registry.unit_list(user=request.user).order_by("path")


# --- Plans ---------------------------------------------------------------------------


@login_required
def plan_list(request):
    """Plans of the user's units, each quota against nominated, enrolled, completed."""
    plans = list(selectors.plan_list(user=request.user)[:200])
    rows = selectors.plan_quota_rows(plans=plans)
    return render(
        request,
        "training/plan_list.html",
        {"plans": [(plan, rows.get(plan.pk, [])) for plan in plans]},
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request):
    """A new plan for one of the user's units."""
    _require_editor(request)
    form = PlanForm(request.POST or None, units=_units(request))
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"Đã lập kế hoạch {plan.title}.")
            return redirect(plan)
    return render(request, "training/plan_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def plan_detail(request, pk):
    """A plan's quotas and their fulfilment; editors add or change a quota."""
    plan = selectors.plan_get(user=request.user, pk=pk)
    form = None
    if request.user.can_edit_people:
        form = QuotaForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.plan_quota_set(plan=plan, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, "Đã lưu chỉ tiêu.")
                return redirect(plan)
    elif request.method == "POST":
        raise PermissionDenied("Bạn chỉ có quyền xem.")
    rows = selectors.plan_quota_rows(plans=[plan]).get(plan.pk, [])
    return render(
        request,
        "training/plan_detail.html",
        {"plan": plan, "rows": rows, "form": form},
        status=400 if form is not None and form.errors else 200,
    )


# --- Classes -------------------------------------------------------------------------


@login_required
def cohort_list(request):
    """Classes the user may see, with seats taken and the user's own learners."""
    cohorts = selectors.cohort_list_with_counts(user=request.user)
    year = request.GET.get("nam", "")
    if year.isdigit() and 2000 <= int(year) <= 2100:
        cohorts = cohorts.filter(start__year__lte=int(year), end__year__gte=int(year))
    else:
        year = ""
    return render(
        request,
        "training/cohort_list.html",
        {"cohorts": cohorts.order_by("-start", "id")[:500], "year": year},
    )


@login_required
@require_http_methods(["GET", "POST"])
def cohort_create(request):
    """Open a class run by one of the user's units."""
    _require_editor(request)
    form = CohortForm(request.POST or None, units=_units(request))
    if request.method == "POST" and form.is_valid():
        try:
            cohort = services.cohort_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"Đã mở lớp {cohort.name}.")
            return redirect(cohort)
    return render(request, "training/cohort_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def cohort_edit(request, pk):
    """Change a class the user's units run."""
    cohort = selectors.cohort_get(user=request.user, pk=pk)
    _require_editor(request)
    units = _units(request)
    if not units.filter(pk=cohort.organising_unit_id).exists():
        raise PermissionDenied("Lớp do đơn vị khác tổ chức.")
    form = CohortForm(request.POST or None, instance=cohort, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            services.cohort_update(cohort=cohort, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Đã lưu thay đổi.")
            return redirect(cohort)
    return render(
        request, "training/cohort_form.html", {"form": form, "cohort": cohort}
    )


@login_required
def cohort_detail(request, pk):
    """A class and its roster: the user's own learners only."""
    cohort = selectors.cohort_get(user=request.user, pk=pk)
    roster = list(selectors.cohort_roster(user=request.user, cohort=cohort))
    taken = selectors.cohort_seats_taken(cohort=cohort)
    return render(
        request,
        "training/cohort_detail.html",
        {
            "cohort": cohort,
            "roster": roster,
            "taken": taken,
            "left": rules.seats_left(capacity=cohort.capacity, taken=taken),
            "others": taken - sum(1 for e in roster if e.status != "withdrawn"),
            "can_edit": request.user.can_edit_people,
        },
    )


def _candidates(request, cohort):
    listing = people_listing(user=request.user, query=request.GET)
    people = listing.people
    grant = cohort.course_type.grant
    lacking = request.GET.get("thieu") == "1" and grant is not None
    if lacking:
        # "Without the qualification this class grants": below its rank or none.
        attr = {
            "grants_political_theory": "political_theory",
            "grants_state_management": "state_management",
            "grants_degree": "highest_degree",
        }
        name = next(
            v for k, v in attr.items() if getattr(cohort.course_type, k) is not None
        )
        people = people.filter(
            Q(**{f"{name}__isnull": True}) | Q(**{f"{name}__rank__lt": grant.rank})
        )
    gap = _planning_gap(request)
    if gap is not None:
        people = people.filter(pk__in=gap["people"].values("pk"))
    people = people.select_related(
        "unit", "position", "grade", "political_theory", "state_management"
    )
    page = registry.person_page(
        people=people,
        sort="name",
        after=request.GET.get("after", "")[:600],
        size=CANDIDATES_PER_PAGE,
    )
    taken_ids = set(
        cohort.enrolments.filter(person_id__in=[p.pk for p in page.rows]).values_list(
            "person_id", flat=True
        )
    )
    total, capped = registry.capped_count(people)
    query = request.GET.copy()
    query.pop("after", None)
    return {
        "filter_form": listing.form,
        "page": page,
        "in_class": taken_ids,
        "total": total,
        "total_capped": capped,
        "lacking": lacking,
        "grant": grant,
        "gap": gap,
        "query": query.urlencode(),
    }


def _planning_gap(request):
    """?qh_nhiem_ky=<term>&qh_chuan=<standard>: the planning gap list's people (a
    term's candidates short of a standard of their planned post), handed over
    from planning's gap list page; an unknown term is a 404."""
    if not request.GET.get("qh_nhiem_ky"):
        return None
    from planning import selectors as planning

    term = planning.term_get(pk=request.GET["qh_nhiem_ky"])
    standard = request.GET.get("qh_chuan", "")[:40]
    if planning.gap_standard_parse(standard) is None:
        standard = ""
    return {
        "term": term,
        "standard": standard,
        "people": planning.gap_people(user=request.user, term=term, standard=standard),
    }


@login_required
@require_http_methods(["GET", "POST"])
def cohort_nominate(request, pk):
    """Nominate people to a class from the filtered personnel list, in one step."""
    cohort = selectors.cohort_get(user=request.user, pk=pk)
    _require_editor(request)
    units = _units(request)
    form = NominateForm(
        request.POST or None,
        units=units,
        initial={"nominating_unit": units.filter(pk__in=_root_ids(request)).first()},
    )
    if request.method == "POST" and form.is_valid():
        ids = form.cleaned_data["people"]
        people = list(
            registry.person_list(user=request.user).filter(pk__in=ids).only("id")
        )
        if len(people) != len(set(ids)):
            form.add_error(
                "people", "Người được cử: có người nằm ngoài phạm vi được giao."
            )
        else:
            try:
                outcome = services.enrolments_nominate(
                    cohort=cohort,
                    people=people,
                    by=request.user,
                    nominating_unit=form.cleaned_data["nominating_unit"],
                    nominated_on=form.cleaned_data["nominated_on"],
                    sponsorship=form.cleaned_data["sponsorship"],
                )
            except ValidationError as error:
                _add_errors(form, error)
            except IntegrityError:
                form.add_error(None, "Không lưu được: có người đã có trong lớp.")
            else:
                messages.success(
                    request,
                    f"Đã cử {len(outcome.enrolments)} người đi học lớp {cohort.name}.",
                )
                names = {e.person_id: e for e in outcome.enrolments}
                for person_id, warnings in outcome.warnings.items():
                    person = names[person_id].person
                    messages.warning(
                        request, f"Lưu ý – {person.full_name}: {' '.join(warnings)}"
                    )
                return redirect(cohort)
    context = {"cohort": cohort, "form": form, **_candidates(request, cohort)}
    if request.htmx and request.method == "GET" and not request.htmx.boosted:
        return _htmx(
            render(request, "training/cohort_nominate.html#candidates", context)
        )
    return _htmx(
        render(
            request,
            "training/cohort_nominate.html",
            context,
            status=400 if form.errors else 200,
        )
    )


def _root_ids(request):
    return list(registry.unit_roots(user=request.user).values_list("pk", flat=True))


@login_required
@require_http_methods(["GET", "POST"])
def cohort_results(request, pk):
    """Record the results of the whole class (the user's learners) in one form."""
    cohort = selectors.cohort_get(user=request.user, pk=pk)
    _require_editor(request)
    roster = list(selectors.cohort_roster(user=request.user, cohort=cohort))
    by_id = {e.pk: e for e in roster}
    initial = [
        {
            "enrolment": e.pk,
            "status": e.status,
            "finished_on": e.finished_on,
            "result": e.result,
            "certificate_number": e.certificate_number,
            "certificate_date": e.certificate_date,
        }
        for e in roster
    ]
    formset = ResultFormSet(request.POST or None, initial=initial, prefix="kq")
    errors: list[str] = []
    if request.method == "POST":
        if formset.is_valid():
            rows = [f.cleaned_data for f in formset.forms if f.cleaned_data]
            if any(row["enrolment"] not in by_id for row in rows):
                errors.append("Có học viên không thuộc lớp này hoặc ngoài phạm vi.")
            else:
                try:
                    changed = services.cohort_results_record(
                        cohort=cohort,
                        results=[
                            services.Result(
                                enrolment_id=row["enrolment"],
                                status=row["status"],
                                finished_on=row["finished_on"],
                                result=row["result"],
                                certificate_number=row["certificate_number"],
                                certificate_date=row["certificate_date"],
                            )
                            for row in rows
                        ],
                        by=request.user,
                    )
                except ValidationError as error:
                    errors.extend(error.messages)
                else:
                    messages.success(
                        request, f"Đã ghi kết quả cho {len(changed)} học viên."
                    )
                    return redirect(cohort)
        else:
            errors.extend(formset.non_form_errors())
            for form in formset.forms:
                enrolment = by_id.get(_int(form["enrolment"].value()))
                who = enrolment.person.full_name if enrolment else "Dòng không hợp lệ"
                for field_errors in form.errors.values():
                    errors.extend(f"{who}: {message}" for message in field_errors)
    lines = [
        (form, by_id.get(_int(form["enrolment"].value()))) for form in formset.forms
    ]
    return render(
        request,
        "training/cohort_results.html",
        {
            "cohort": cohort,
            "formset": formset,
            "lines": lines,
            "errors": errors,
            "statuses": EnrolmentStatus.choices,
        },
        status=400 if errors else 200,
    )


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# --- A person's training -------------------------------------------------------------


@login_required
def person_training(request, pk):
    """The person's classes (the training tab of the profile)."""
    try:
        person = registry.person_list(user=request.user).get(pk=registry.parse_pk(pk))
    except Person.DoesNotExist:
        raise Http404("Không tìm thấy hồ sơ") from None
    enrolments = selectors.person_enrolments(user=request.user, person=person)
    template = (
        "training/person_training.html#tab"
        if request.htmx
        else "training/person_training.html"
    )
    return _htmx(
        render(request, template, {"person": person, "enrolments": enrolments})
    )


# --- Exports -------------------------------------------------------------------------


def _export(request, *, name, columns, rows, file_format, description, count):
    import tempfile
    from pathlib import Path

    from django.http import FileResponse, StreamingHttpResponse

    from cadre_registry import exports
    from cadre_registry import services as registry_services
    from cadre_registry.models import AccessLog
    from cadre_registry.signals import client_ip

    if file_format not in ("xlsx", "csv"):
        raise Http404("Định dạng không hỗ trợ")
    registry_services.access_log_record(
        user=request.user,
        action=AccessLog.Action.EXPORT,
        description=f"{description} ({file_format.upper()})",
        detail={"format": file_format, "columns": [c.header for c in columns]},
        row_count=count,
        ip=client_ip(request),
    )
    filename = f"{name}.{file_format}"
    if file_format == "csv":
        response = StreamingHttpResponse(
            exports.csv_stream(columns=list(columns), rows=rows),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    folder = tempfile.mkdtemp()
    path = Path(folder) / filename
    exports.write_xlsx(path=path, columns=list(columns), rows=rows)
    handle = path.open("rb")
    # The open handle keeps the data; the file and folder go now, not at exit.
    path.unlink()
    Path(folder).rmdir()
    return FileResponse(handle, as_attachment=True, filename=filename)


@login_required
def cohort_export(request, file_format):
    """The classes list the user sees, as XLSX or CSV."""
    from training.resources import COHORT_COLUMNS, cohort_rows

    cohorts = selectors.cohort_list(user=request.user)
    return _export(
        request,
        name="lop-dao-tao",
        columns=COHORT_COLUMNS,
        rows=cohort_rows(cohorts=cohorts),
        file_format=file_format,
        description="Xuất danh sách lớp đào tạo",
        count=cohorts.count(),
    )


@login_required
def cohort_roster_export(request, pk, file_format):
    """A class's roster as the user sees it (their own learners), as XLSX or CSV."""
    from training.resources import ENROLMENT_COLUMNS, enrolment_rows

    cohort = selectors.cohort_get(user=request.user, pk=pk)
    roster = selectors.enrolment_list(user=request.user, cohort=cohort)
    return _export(
        request,
        name=f"hoc-vien-lop-{cohort.pk}",
        columns=ENROLMENT_COLUMNS,
        rows=enrolment_rows(enrolments=roster),
        file_format=file_format,
        description=f"Xuất danh sách học viên lớp {cohort.name}",
        count=roster.count(),
    )
