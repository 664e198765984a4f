"""Training fixtures: the course types, a plan and classes on the shared unit tree."""

import datetime as dt

import pytest

from training.models import CourseType
from training.reference_loader import load_course_types


@pytest.fixture
def course_types(reference):
    """Course types (loaded by migration; reloaded after a transactional flush)."""
    if not CourseType.objects.exists():
        load_course_types()
    return {row.code: row for row in CourseType.objects.all()}


@pytest.fixture
def cohort(course_types, tree, personas):
    """A full-time cao cấp class of the province, 2026, ten seats."""
    from training import services

    return services.cohort_create(
        by=personas["admin"],
        name="Cao cấp LLCT K80.26",
        course_type=course_types["llct_cao_cap"],
        mode="tap_trung",
        institution="Học viện Chính trị khu vực I",
        organising_unit=tree["province"],
        start=dt.date(2026, 3, 1),
        end=dt.date(2026, 10, 30),
        capacity=10,
    )
