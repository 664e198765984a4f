"""Exports of classes and rosters: the import columns, the user's people only, logged;
the Resources read the same columns."""

import datetime as dt

import pytest
from django.urls import reverse

from cadre_registry.models import AccessLog
from tests import factories
from training import services
from training.resources import CohortResource, EnrolmentResource


@pytest.fixture
def roster(tree, personas, cohort, huong):
    binh = factories.person(full_name="Lê Văn Bình", unit=tree["other"])
    for person, unit, by in ((huong, "home", "clerk"), (binh, "other", "outsider")):
        services.enrolments_nominate(
            cohort=cohort,
            people=[person],
            nominating_unit=tree[unit],
            nominated_on=dt.date(2026, 1, 15),
            by=personas[by],
        )


def _csv(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_roster_csv_has_only_my_people_and_is_logged(client, personas, cohort, roster):
    client.force_login(personas["clerk"])
    url = reverse("training:cohort_roster_export", args=[cohort.pk, "csv"])
    text = _csv(client.get(url))
    lines = text.strip().splitlines()
    assert lines[0].startswith("Tên lớp,Ngày khai giảng,Số hiệu cán bộ,Họ và tên")
    assert len(lines) == 2 and "Nguyễn Thị Hương" in text and "Bình" not in text
    assert (
        "01/03/2026" in lines[1] and "Được cử" in lines[1] and "15/01/2026" in lines[1]
    )
    log = AccessLog.objects.get(action="export")
    assert log.row_count == 1 and log.user == personas["clerk"]


def test_class_list_xlsx_downloads(client, personas, cohort):
    client.force_login(personas["clerk"])
    response = client.get(reverse("training:cohort_export", args=["xlsx"]))
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    assert data[:2] == b"PK"  # a zip: an XLSX workbook
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Tên lớp" and rows[1][0] == "Cao cấp LLCT K80.26"
    assert rows[1][1] == "llct_cao_cap" and rows[1][2] == "Tập trung"


def test_exports_refuse_other_formats_and_invisible_classes(
    client, personas, tree, course_types
):
    hidden = services.cohort_create(
        by=personas["outsider"],
        name="Lớp Sở Y tế",
        course_type=course_types["tin_hoc"],
        mode="tap_trung",
        institution="T",
        organising_unit=tree["other"],
        start=dt.date(2026, 5, 1),
        end=dt.date(2026, 5, 5),
        capacity=5,
    )
    client.force_login(personas["clerk"])
    assert (
        client.get(reverse("training:cohort_export", args=["pdf"])).status_code == 404
    )
    url = reverse("training:cohort_roster_export", args=[hidden.pk, "csv"])
    assert client.get(url).status_code == 404
    text = _csv(client.get(reverse("training:cohort_export", args=["csv"])))
    assert "Lớp Sở Y tế" not in text


def test_resources_export_with_the_same_headers(cohort, roster):
    cohorts = CohortResource().export()
    assert cohorts.headers[0] == "Tên lớp" and "Số học viên tối đa" in cohorts.headers
    assert cohorts.dict[0]["Mã loại khóa"] == "llct_cao_cap"
    learners = EnrolmentResource().export()
    assert "Số hiệu cán bộ" in learners.headers and len(learners.dict) == 2
