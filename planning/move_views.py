"""Rotation (luân chuyển, QĐ 65-QĐ/TW) and appointment (bổ nhiệm, bổ nhiệm lại, kéo
dài, miễn nhiệm) pages: scoped lists with filters, recording one for a person, and
the actual end of a rotation. Authorise, call a selector or a service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from planning import selectors, services
from planning.move_forms import (
    AppointmentFilterForm,
    AppointmentForm,
    RotationEndForm,
    RotationFilterForm,
    RotationForm,
)
from planning.review_views import _require_editor, _units, add_errors

ROWS_SHOWN = 500
SOON_DAYS = 90  # reappointment notice ≥90 days before the term ends (§6)


def _cleaned(form) -> dict:
    # Bad filter values drop out; the rest still filter (as the personnel list).
    if not form.is_bound:
        return {}
    form.is_valid()
    return form.cleaned_data


def _warn(request, warnings):
    for warning in warnings:
        messages.warning(request, f"Lưu ý: {warning}")


# --- Rotations -----------------------------------------------------------------------


@login_required
def rotation_list(request):
    """Rotations of the user's people and units, by direction, unit, running or
    ended, or due to end within N days."""
    today = timezone.localdate()
    form = RotationFilterForm(request.GET or None, units=_units(request))
    data = _cleaned(form)
    rotations = selectors.rotation_search(
        user=request.user,
        direction=data.get("huong") or "",
        unit=data.get("don_vi"),
        state=data.get("tinh_trang") or "",
        ending_within=data.get("sap_het"),
        on=today,
    )
    return render(
        request,
        "planning/rotation_list.html",
        {
            "form": form,
            "rotations": list(rotations[:ROWS_SHOWN]),
            "limit": ROWS_SHOWN,
            "today": today,
            "can_edit": request.user.can_edit_people,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def rotation_create(request, person_pk):
    """Record a rotation for a person; from is their current main assignment."""
    person = selectors.person_get(user=request.user, pk=person_pk)
    _require_editor(request)
    current = selectors.person_main_assignment(person=person)
    form = RotationForm(
        request.POST or None,
        units=_units(request),
        initial={"start": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            recorded = services.rotation_record(
                by=request.user, person=person, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        except IntegrityError:
            form.add_error(None, "Không lưu được: dữ liệu luân chuyển không hợp lệ.")
        else:
            rotation = recorded.obj
            messages.success(
                request,
                f"Đã ghi luân chuyển {person.full_name}: {rotation.from_unit} → "
                f"{rotation.to_unit}.",
            )
            _warn(request, recorded.warnings)
            return redirect(reverse("planning:rotation_list"))
    return render(
        request,
        "planning/rotation_form.html",
        {"person": person, "current": current, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def rotation_end(request, pk):
    """Record the day a rotation actually ended."""
    rotation = selectors.rotation_get(user=request.user, pk=pk)
    _require_editor(request)
    form = RotationEndForm(
        request.POST or None, initial={"actual_end": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.rotation_end(
                by=request.user,
                rotation=rotation,
                actual_end=form.cleaned_data["actual_end"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, f"Đã ghi kết thúc luân chuyển của {rotation.person.full_name}."
            )
            return redirect(reverse("planning:rotation_list"))
    return render(
        request,
        "planning/rotation_end.html",
        {"rotation": rotation, "form": form},
        status=400 if form.errors else 200,
    )


# --- Appointments --------------------------------------------------------------------


@login_required
def appointment_list(request):
    """Appointments of the user's people and units, by kind, unit, or with the
    term ending within 90 days."""
    today = timezone.localdate()
    form = AppointmentFilterForm(request.GET or None, units=_units(request))
    data = _cleaned(form)
    appointments = selectors.appointment_search(
        user=request.user,
        kind=data.get("loai") or "",
        unit=data.get("don_vi"),
        ending_within=SOON_DAYS if data.get("sap_het") else None,
        on=today,
    )
    return render(
        request,
        "planning/appointment_list.html",
        {
            "form": form,
            "appointments": list(appointments[:ROWS_SHOWN]),
            "limit": ROWS_SHOWN,
            "today": today,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def appointment_create(request, person_pk):
    """Record an appointment decision for a person; the service computes the term
    end and writes the person's dated assignments."""
    person = selectors.person_get(user=request.user, pk=person_pk)
    _require_editor(request)
    units = _units(request)
    form = AppointmentForm(
        request.POST or None,
        units=units,
        initial={
            "unit": person.unit_id if units.filter(pk=person.unit_id).exists() else None
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            recorded = services.appointment_record(
                by=request.user, person=person, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        except IntegrityError:
            form.add_error(None, "Không lưu được: dữ liệu bổ nhiệm không hợp lệ.")
        else:
            appointment = recorded.obj
            end = (
                f", hết thời hạn {appointment.term_end:%d/%m/%Y}"
                if appointment.term_end
                else ""
            )
            messages.success(
                request,
                f"Đã ghi {appointment.get_kind_display().lower()} "
                f"{appointment.position.name} – {person.full_name}{end}.",
            )
            _warn(request, recorded.warnings)
            return redirect(person.get_absolute_url())
    return render(
        request,
        "planning/appointment_form.html",
        {
            "person": person,
            "current": selectors.person_main_assignment(person=person),
            "form": form,
        },
        status=400 if form.errors else 200,
    )
