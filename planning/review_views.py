"""Review round pages (rà soát, bổ sung quy hoạch hằng năm, "động và mở", QĐ 377):
a term's rounds, opening one, proposing additions and removals, the round's diff and
its approval as a whole. Authorise, call a selector or a service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_http_methods, require_POST

from cadre_registry import selectors as registry
from cadre_registry.listing import people_listing
from planning import selectors, services
from planning.models import ACTIVE_STATUSES, ReviewRound
from planning.review_forms import AdditionForm, ApproveForm, RemovalForm, RoundForm

CANDIDATES_PER_PAGE = 100
ROUNDS_SHOWN = 500


def _htmx(response):
    patch_vary_headers(response, ("HX-Request",))
    return response


def _require_editor(request):
    if not request.user.can_edit_people:
        raise PermissionDenied("Bạn chỉ có quyền xem.")


def add_errors(form, error: ValidationError):
    """A service's error on the form: on its field when it names one, else on top."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _units(request):
    return registry.unit_list(user=request.user).order_by("path")


def _round_url(review):
    return reverse("planning:review_round_detail", args=[review.pk])


# --- A term's rounds -----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def review_round_list(request, pk):
    """A term's review rounds in the user's units; editors open one for a unit."""
    term = selectors.term_get(pk=pk)
    form = None
    if request.user.can_edit_people:
        form = RoundForm(request.POST or None, units=_units(request))
        if request.method == "POST" and form.is_valid():
            try:
                review = services.review_round_create(
                    by=request.user, term=term, **form.cleaned_data
                )
            except ValidationError as error:
                add_errors(form, error)
            except IntegrityError:
                form.add_error("year", "Năm rà soát: đơn vị đã có đợt rà soát năm này.")
            else:
                messages.success(
                    request, f"Đã mở đợt rà soát năm {review.year} – {review.unit}."
                )
                return redirect(_round_url(review))
    elif request.method == "POST":
        raise PermissionDenied("Bạn chỉ có quyền xem.")
    rounds = list(
        selectors.review_round_list_with_counts(user=request.user, term=term)[
            :ROUNDS_SHOWN
        ]
    )
    return render(
        request,
        "planning/review_list.html",
        {"term": term, "rounds": rounds, "form": form},
        status=400 if form is not None and form.errors else 200,
    )


# --- One round -----------------------------------------------------------------------


def _detail(request, review, approve_form=None, status=200):
    diff = selectors.review_round_diff(user=request.user, review=review)
    can_edit = (
        request.user.can_edit_people and review.status == ReviewRound.Status.DRAFT
    )
    if can_edit and approve_form is None:
        approve_form = ApproveForm()
    return render(
        request,
        "planning/review_detail.html",
        {
            "review": review,
            "term": review.term,
            "diff": diff,
            "can_edit": can_edit,
            "approve_form": approve_form if can_edit else None,
            "additions": sum(len(p.added) for p in diff.posts),
            "removals": sum(len(p.removed) for p in diff.posts),
        },
        status=status,
    )


@login_required
def review_round_detail(request, pk):
    """A round's diff: post by post the list before, additions, removals and the
    list after, with the stored warnings and the composition after the round."""
    review = selectors.review_round_get(user=request.user, pk=pk)
    return _detail(request, review)


@login_required
@require_POST
def review_round_approve(request, pk):
    """Approve the round as a whole under one decision; then it is read-only."""
    review = selectors.review_round_get(user=request.user, pk=pk)
    _require_editor(request)
    form = ApproveForm(request.POST)
    if review.status != ReviewRound.Status.DRAFT:
        messages.error(request, "Đợt rà soát đã được phê duyệt, không thể thay đổi.")
        return _detail(request, review, status=400)
    if form.is_valid():
        try:
            services.review_round_approve(
                by=request.user, review=review, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                f"Đã phê duyệt đợt rà soát năm {review.year} theo quyết định "
                f"{form.cleaned_data['decision_number']}.",
            )
            return redirect(_round_url(review))
    return _detail(request, review, approve_form=form, status=400)


def _draft_or_redirect(request, review):
    if review.status == ReviewRound.Status.DRAFT:
        return None
    messages.error(request, "Đợt rà soát đã được phê duyệt, không thể thay đổi.")
    if request.method == "POST":
        return _detail(request, review, status=400)
    return redirect(_round_url(review))


# --- Additions -----------------------------------------------------------------------


def _candidates(request, review):
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
    planned: dict[int, list[str]] = {}
    for entry in selectors.entry_list(user=request.user, term=review.term).filter(
        person_id__in=[p.pk for p in page.rows], status__in=ACTIVE_STATUSES
    ):
        planned.setdefault(entry.person_id, []).append(entry.post.name)
    total, capped = registry.capped_count(people)
    query = request.GET.copy()
    query.pop("after", None)
    return {
        "filter_form": listing.form,
        "page": page,
        "rows": [(p, planned.get(p.pk, [])) for p in page.rows],
        "total": total,
        "total_capped": capped,
        "query": query.urlencode(),
    }


@login_required
@require_http_methods(["GET", "POST"])
def review_round_add(request, pk):
    """Propose people for a planned post of the round's unit, picked from the
    filtered personnel list; the planning rules block with the rule named."""
    review = selectors.review_round_get(user=request.user, pk=pk)
    _require_editor(request)
    refused = _draft_or_redirect(request, review)
    if refused is not None:
        return refused
    posts = selectors.post_list(user=request.user, term=review.term, unit=review.unit)
    form = AdditionForm(
        request.POST or None,
        posts=posts,
        initial={"post": request.GET.get("chuc_danh") or None},
    )
    if request.method == "POST" and form.is_valid():
        ids = form.cleaned_data["people"]
        people = list(registry.person_list(user=request.user).filter(pk__in=ids))
        if len(people) != len(set(ids)):
            form.add_error(
                "people", "Người được đề xuất: có người nằm ngoài phạm vi được giao."
            )
        else:
            try:
                added = services.review_round_propose_additions(
                    by=request.user,
                    review=review,
                    post=form.cleaned_data["post"],
                    people=people,
                    source=form.cleaned_data["source"],
                )
            except ValidationError as error:
                add_errors(form, error)
            except IntegrityError:
                form.add_error(
                    None, "Không lưu được: có người đã có trong quy hoạch chức danh."
                )
            else:
                post = form.cleaned_data["post"]
                messages.success(
                    request,
                    f"Đã đề xuất bổ sung {len(added.entries)} người vào quy hoạch "
                    f"chức danh {post.name}.",
                )
                names = {p.pk: p.full_name for p in people}
                for person_id, warnings in added.warnings.items():
                    messages.warning(
                        request, f"Lưu ý – {names[person_id]}: {' '.join(warnings)}"
                    )
                if not added.warnings and added.composition:
                    for warning in added.composition.warnings:
                        messages.warning(request, f"Lưu ý: {warning}")
                return redirect(_round_url(review))
    context = {
        "review": review,
        "term": review.term,
        "form": form,
        **_candidates(request, review),
    }
    if request.htmx and request.method == "GET" and not request.htmx.boosted:
        return _htmx(render(request, "planning/review_add.html#candidates", context))
    return _htmx(
        render(
            request,
            "planning/review_add.html",
            context,
            status=400 if form.errors else 200,
        )
    )


# --- Removals ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def review_round_remove(request, pk):
    """Propose taking approved entries of the round's unit out, each with a reason."""
    review = selectors.review_round_get(user=request.user, pk=pk)
    _require_editor(request)
    refused = _draft_or_redirect(request, review)
    if refused is not None:
        return refused
    form = RemovalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        removable = selectors.review_round_removable(user=request.user, review=review)
        chosen = removable.filter(pk=form.cleaned_data["entry"]).first()
        if chosen is None:
            form.add_error(
                "entry",
                "Người đưa ra: không có trong danh sách quy hoạch đã phê duyệt "
                "của đơn vị.",
            )
        else:
            try:
                services.review_round_propose_removal(
                    by=request.user,
                    review=review,
                    entry=chosen,
                    reason=form.cleaned_data["removal_reason"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                add_errors(form, error)
            except IntegrityError:
                form.add_error(
                    None, "Không lưu được: người này đã có trong đợt rà soát."
                )
            else:
                messages.success(
                    request,
                    f"Đã đề xuất đưa {chosen.person.full_name} ra khỏi quy hoạch "
                    f"chức danh {chosen.post.name}.",
                )
                return redirect(_round_url(review))
    entries = list(
        selectors.review_round_removable(user=request.user, review=review)[:1000]
    )
    proposed = set(
        review.items.filter(kind="remove").values_list("entry_id", flat=True)
    )
    return render(
        request,
        "planning/review_remove.html",
        {
            "review": review,
            "term": review.term,
            "form": form,
            "entries": entries,
            "proposed": proposed,
        },
        status=400 if form.errors else 200,
    )
