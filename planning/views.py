"""Planning pages: the terms, a term's board and its editing pages (posts, adding
people from the filtered personnel list, approving, removing), the gap list that
hands people to training, and a person's planning tab. Authorise, call a selector
or a service, render: every read is unit-scoped (404 outside), every write goes
through planning/services.py (read-only users get 403)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_http_methods

from cadre_registry import selectors as registry
from cadre_registry.listing import people_listing
from planning import rules, selectors, services
from planning.forms import AddPeopleForm, ApproveForm, PostForm, RemoveForm, TermForm
from planning.models import EntryStatus

CANDIDATES_PER_PAGE = 100
GAP_ROWS = 1000
UNIQUE_CODES = ("unique", "unique_together")


def _htmx(response):
    patch_vary_headers(response, ("HX-Request",))
    return response


def _require_editor(request):
    if not request.user.can_edit_people:
        raise PermissionDenied("Bạn chỉ có quyền xem.")


def _add_errors(form, error: ValidationError, unique: str = ""):
    """A service's errors on the form: a field's under the field, the rules' (which
    name their clause) at the top; a unique constraint as `unique` says it."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            if name == NON_FIELD_ERRORS and unique:
                errors = [
                    unique if getattr(e, "code", "") in UNIQUE_CODES else e
                    for e in errors
                ]
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _summary(form) -> list[str]:
    """Every error of a form as one line naming its field, for the box at the top."""
    lines = list(form.non_field_errors())
    for name, errors in form.errors.items():
        if name == NON_FIELD_ERRORS:
            continue
        label = form.fields[name].label if name in form.fields else name
        for message in errors:
            lines.append(
                message if message.startswith(label) else f"{label}: {message}"
            )
    return lines


def _board_url(post) -> str:
    return reverse("planning:term_board", args=[post.term_id]) + f"#post-{post.pk}"


# --- Terms ---------------------------------------------------------------------------


@login_required
def term_list(request):
    """Every planning term, newest first, with its rule version."""
    return render(
        request,
        "planning/term_list.html",
        {
            "terms": selectors.term_list(),
            "can_create": request.user.is_administrator,
        },
    )


def _rule_for(planned_on):
    if planned_on is None:
        return None, ""
    try:
        return rules.planning_rules_for(planned_on), ""
    except ValueError:
        return None, rules.no_rules_message(planned_on)


@login_required
@require_http_methods(["GET", "POST"])
def term_create(request):
    """Open a planning term (administrators): the rule version follows the planning
    date, and the page shows which one applies as the date is typed."""
    if not request.user.is_administrator:
        raise PermissionDenied("Chỉ quản trị viên được mở nhiệm kỳ quy hoạch.")
    if request.htmx and request.method == "GET":
        # The rule preview beside the date field: validate the date alone.
        probe = TermForm({"planned_on": request.GET.get("planned_on", "")[:32]})
        probe.is_valid()
        version, problem = _rule_for(probe.cleaned_data.get("planned_on"))
        return _htmx(
            render(
                request,
                "planning/term_form.html#rule",
                {"version": version, "problem": problem},
            )
        )
    form = TermForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            term = services.term_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(
                form,
                error,
                unique="Nhiệm kỳ: đã có nhiệm kỳ quy hoạch cùng cấp và cùng thời gian.",
            )
        else:
            messages.success(
                request,
                f"Đã mở nhiệm kỳ quy hoạch {term.name}; áp dụng "
                f"{term.get_rule_version_display()}.",
            )
            return redirect("planning:term_board", pk=term.pk)
    version, problem = _rule_for(
        form.cleaned_data.get("planned_on") if form.is_bound else None
    )
    return _htmx(
        render(
            request,
            "planning/term_form.html",
            {
                "form": form,
                "errors": _summary(form) if form.is_bound else [],
                "version": version,
                "problem": problem,
                "versions": rules.PLANNING_RULES,
            },
            status=400 if form.errors else 200,
        )
    )


@login_required
def term_board(request, pk):
    """A term's posts down the side, the user's visible candidates beside each with
    their last three evaluations, and the composition of each unit's list."""
    term = selectors.term_get(pk=pk)
    board = selectors.term_board(user=request.user, term=term)
    return render(
        request,
        "planning/term_board.html",
        {
            "term": term,
            "board": board,
            "composition": selectors.board_composition(term=term, board=board),
            "can_edit": request.user.can_edit_people,
            "proposed_posts": {
                row.post.pk
                for row in board
                if any(c.status == EntryStatus.PROPOSED for c in row.candidates)
            },
        },
    )


# --- Posts ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def post_create(request, pk):
    """Add a planned post of one of the user's units to a term."""
    term = selectors.term_get(pk=pk)
    _require_editor(request)
    units = registry.unit_list(user=request.user).order_by("path")
    form = PostForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            post = services.post_create(by=request.user, term=term, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(
                form,
                error,
                unique="Chức danh: đơn vị đã có chức danh quy hoạch này trong "
                "nhiệm kỳ.",
            )
        except IntegrityError:
            form.add_error(
                None, "Chức danh: đơn vị đã có chức danh quy hoạch này trong nhiệm kỳ."
            )
        else:
            messages.success(
                request,
                f"Đã thêm chức danh quy hoạch {post.name} (thứ bậc {post.rank}).",
            )
            return redirect(_board_url(post))
    return render(
        request,
        "planning/post_form.html",
        {
            "term": term,
            "form": form,
            "errors": _summary(form) if form.is_bound else [],
        },
        status=400 if form.errors else 200,
    )


def _candidates(request, post):
    listing = people_listing(user=request.user, query=request.GET)
    people = listing.people.select_related(
        "unit", "position", "highest_degree", "political_theory", "state_management"
    )
    page = registry.person_page(
        people=people,
        sort="name",
        after=request.GET.get("after", "")[:600],
        size=CANDIDATES_PER_PAGE,
    )
    in_post = set(
        post.entries.filter(
            person_id__in=[p.pk for p in page.rows],
            status__in=(EntryStatus.PROPOSED, EntryStatus.APPROVED),
        ).values_list("person_id", flat=True)
    )
    total, capped = registry.capped_count(people)
    query = request.GET.copy()
    query.pop("after", None)
    return {
        "filter_form": listing.form,
        "page": page,
        "in_post": in_post,
        "total": total,
        "total_capped": capped,
        "query": query.urlencode(),
    }


def _added_messages(request, post, added):
    messages.success(
        request,
        f"Đã đưa {len(added.entries)} người vào quy hoạch chức danh {post.name} "
        "(trạng thái đề xuất).",
    )
    mix = list(added.composition.warnings) if added.composition else []
    names = {e.person_id: e.person.full_name for e in added.entries}
    for person_id, warnings in added.warnings.items():
        own = [w for w in warnings if w not in mix]
        if own:
            messages.warning(request, f"Lưu ý – {names[person_id]}: {' '.join(own)}")
    for warning in mix:
        messages.warning(request, f"Cơ cấu danh sách {post.unit.name}: {warning}")


@login_required
@require_http_methods(["GET", "POST"])
def post_add_people(request, pk):
    """Thêm người vào quy hoạch: tick people in the filtered personnel list and
    propose them for the post in one step; the rules' errors block the whole save
    and name their rule, the warnings are shown after it and stored."""
    post = selectors.post_get(user=request.user, pk=pk)
    _require_editor(request)
    form = AddPeopleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ids = form.cleaned_data["people"]
        people = list(registry.person_list(user=request.user).filter(pk__in=ids))
        if len(people) != len(ids):
            form.add_error(
                "people",
                "Người được đưa vào quy hoạch: có người nằm ngoài phạm vi được giao.",
            )
        else:
            try:
                added = services.entries_add(
                    by=request.user,
                    post=post,
                    people=people,
                    source=form.cleaned_data["source"],
                    proposed_on=form.cleaned_data["proposed_on"],
                )
            except ValidationError as error:
                _add_errors(form, error)
            except IntegrityError:
                form.add_error(
                    None, "Không lưu được: có người đã có trong quy hoạch chức danh."
                )
            else:
                _added_messages(request, post, added)
                return redirect(_board_url(post))
    context = {
        "post": post,
        "term": post.term,
        "form": form,
        "errors": _summary(form) if form.is_bound else [],
        **_candidates(request, post),
    }
    if request.htmx and request.method == "GET" and not request.htmx.boosted:
        return _htmx(
            render(request, "planning/post_add_people.html#candidates", context)
        )
    return _htmx(
        render(
            request,
            "planning/post_add_people.html",
            context,
            status=400 if form.errors else 200,
        )
    )


# --- Approving and removing ------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def term_approve(request, pk):
    """Approve the ticked proposed entries of a term (of one post with ?chuc_danh=)
    by one decision: all or none."""
    term = selectors.term_get(pk=pk)
    post = None
    if request.GET.get("chuc_danh"):
        post = selectors.post_get(user=request.user, pk=request.GET["chuc_danh"])
        if post.term_id != term.pk:
            post = None
    _require_editor(request)
    proposed = selectors.entry_list(user=request.user, term=term).filter(
        status=EntryStatus.PROPOSED
    )
    if post is not None:
        proposed = proposed.filter(post=post)
    proposed = list(proposed.order_by("post__unit__path", "-post__rank", "post_id"))
    by_id = {e.pk: e for e in proposed}
    form = ApproveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ids = form.cleaned_data["entries"]
        if any(pk not in by_id for pk in ids):
            form.add_error(
                "entries",
                "Người được phê duyệt: có người không còn ở trạng thái đề xuất "
                "hoặc nằm ngoài phạm vi.",
            )
        else:
            data = form.cleaned_data
            try:
                rows = services.entries_approve(
                    by=request.user,
                    entries=[by_id[pk] for pk in ids],
                    approved_on=data["approved_on"],
                    decision_number=data["decision_number"],
                    decision_date=data["decision_date"],
                    decision_authority=data["decision_authority"],
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(
                    request,
                    f"Đã phê duyệt quy hoạch {len(rows)} người theo quyết định "
                    f"{data['decision_number']}.",
                )
                return redirect("planning:term_board", pk=term.pk)
    ticked = (
        set(form.cleaned_data.get("entries", ()))
        if form.is_bound and hasattr(form, "cleaned_data")
        else set(by_id)
    )
    return render(
        request,
        "planning/term_approve.html",
        {
            "term": term,
            "post": post,
            "proposed": proposed,
            "ticked": ticked,
            "form": form,
            "errors": _summary(form) if form.is_bound else [],
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def entry_remove(request, pk):
    """Take a person out of planning with a reason, a date, a note and, where there
    is one, the decision; the entry stays as a removed "lượt"."""
    entry = selectors.entry_get(user=request.user, pk=pk)
    _require_editor(request)
    form = RemoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.entry_remove(
                by=request.user,
                entry=entry,
                removed_on=data["removed_on"],
                reason=data["reason"],
                note=data["note"],
                decision_number=data["decision_number"],
                decision_date=data["decision_date"],
                decision_authority=data["decision_authority"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict") and "removal_reason" in error.error_dict:
                error = ValidationError({"reason": error.error_dict["removal_reason"]})
            _add_errors(form, error)
        else:
            messages.success(
                request,
                f"Đã đưa {entry.person.full_name} ra khỏi quy hoạch chức danh "
                f"{entry.post.name}.",
            )
            return redirect(_board_url(entry.post))
    return render(
        request,
        "planning/entry_remove.html",
        {
            "entry": entry,
            "term": entry.post.term,
            "form": form,
            "errors": _summary(form) if form.is_bound else [],
        },
        status=400 if form.errors else 200,
    )


# --- The gap list ----------------------------------------------------------------------


def _gap_standard(request, term):
    choices = selectors.gap_standard_choices(user=request.user, term=term)
    value = request.GET.get("chuan", "")[:40]
    return (value if value in dict(choices) else ""), choices


@login_required
def gap_list(request, pk):
    """Candidates of a term short of a standard of their planned post (say cao cấp
    LLCT), from which a training nomination can start."""
    term = selectors.term_get(pk=pk)
    standard, choices = _gap_standard(request, term)
    entries = list(
        selectors.gap_list(user=request.user, term=term, standard=standard)[
            : GAP_ROWS + 1
        ]
    )
    rows = [
        (
            entry,
            rules.standards_missing(
                selectors.post_standards(post=entry.post, person=entry.person)
            ),
        )
        for entry in entries[:GAP_ROWS]
    ]
    people = selectors.gap_people(user=request.user, term=term, standard=standard)
    cohorts = []
    if request.user.can_edit_people:
        from training import selectors as training

        cohorts = list(
            training.cohort_list(user=request.user)
            .filter(status__in=("planned", "running"))
            .order_by("start", "name")[:200]
        )
    return render(
        request,
        "planning/gap_list.html",
        {
            "term": term,
            "rows": rows,
            "more": len(entries) > GAP_ROWS,
            "people_count": people.count(),
            "standard": standard,
            "choices": choices,
            "cohorts": cohorts,
        },
    )


@login_required
@require_GET
def gap_nominate(request, pk):
    """Hand the gap list to training: the chosen class's nomination page, filtered
    to exactly the gap list's people."""
    term = selectors.term_get(pk=pk)
    _require_editor(request)
    from training import selectors as training

    cohort = training.cohort_get(user=request.user, pk=request.GET.get("lop"))
    standard, _ = _gap_standard(request, term)
    query = {"qh_nhiem_ky": term.pk}
    if standard:
        query["qh_chuan"] = standard
    url = reverse("training:cohort_nominate", args=[cohort.pk])
    return redirect(f"{url}?{urlencode(query)}")


# --- A person's planning tab ---------------------------------------------------------


@login_required
def person_planning(request, pk):
    """The person's planning entries, rotations and appointments (a profile tab)."""
    history = selectors.person_planning(user=request.user, pk=pk)
    template = (
        "planning/person_planning.html#tab"
        if request.htmx
        else "planning/person_planning.html"
    )
    return _htmx(
        render(request, template, {"person": history.person, "history": history})
    )
