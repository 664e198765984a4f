"""Sensitive fields (religion, ethnicity, health, national ID, personal and family
history, discipline) need the view_sensitive permission."""

import datetime as dt

from django.urls import reverse

from cadre_registry import services
from cadre_registry.models import AccessLog, Discipline, DisciplineForm, FamilyMember


def _with_secrets(huong, personas):
    services.history_row_save(
        person=huong,
        row=FamilyMember(
            relation="cha", full_name="Nguyễn Văn Bố Bí Mật", birth_year=1950
        ),
        by=personas["clerk"],
    )
    services.history_row_save(
        person=huong,
        row=Discipline(
            form=DisciplineForm.objects.get(code="khien_trach"),
            violation="Vi phạm bí mật",
            start=dt.date(2022, 1, 1),
        ),
        by=personas["clerk"],
    )
    services.person_update(person=huong, by=personas["clerk"], health="Bệnh án bí mật")


def test_clerk_with_permission_sees_sensitive_fields(client, personas, huong):
    _with_secrets(huong, personas)
    client.force_login(personas["clerk"])
    page = client.get(reverse("person_detail", args=[huong.pk])).content.decode()
    for secret in (
        "001180000123",
        "Nguyễn Văn Bố Bí Mật",
        "Vi phạm bí mật",
        "Bệnh án bí mật",
    ):
        assert secret in page


def test_without_permission_they_are_masked(client, personas, huong):
    _with_secrets(huong, personas)
    for persona in ("plainclerk", "leader"):
        client.force_login(personas[persona])
        page = client.get(reverse("person_detail", args=[huong.pk])).content.decode()
        assert "Nguyễn Thị Hương" in page
        for secret in (
            "001180000123",
            "Nguyễn Văn Bố Bí Mật",
            "Vi phạm bí mật",
            "Bệnh án bí mật",
        ):
            assert secret not in page, (persona, secret)


def test_without_permission_the_change_history_hides_them(client, personas, huong):
    _with_secrets(huong, personas)
    client.force_login(personas["leader"])
    page = client.get(reverse("person_changes", args=[huong.pk])).content.decode()
    assert (
        "Bệnh án bí mật" not in page
        and "Bố Bí Mật" not in page
        and "001180000123" not in page
    )


def test_without_permission_sensitive_histories_are_404(client, personas, huong):
    client.force_login(personas["plainclerk"])
    assert (
        client.get(reverse("history_add", args=[huong.pk, "family"])).status_code == 404
    )
    assert (
        client.get(reverse("history_add", args=[huong.pk, "discipline"])).status_code
        == 404
    )


def test_edit_form_without_permission_has_no_sensitive_inputs(client, personas, huong):
    client.force_login(personas["plainclerk"])
    page = client.get(reverse("person_edit", args=[huong.pk])).content.decode()
    assert 'name="national_id"' not in page and 'name="religion"' not in page
    assert 'name="phone"' in page


def test_editing_without_permission_keeps_sensitive_values(client, personas, huong):
    client.force_login(personas["plainclerk"])
    response = client.post(
        reverse("person_edit", args=[huong.pk]),
        {
            "full_name": "Nguyễn Thị Hương",
            "gender": "F",
            "birth": "15/03/1980",
            "staff_kind": "cong_chuc",
            "phone": "0988000111",
        },
    )
    assert response.status_code == 302
    huong.refresh_from_db()
    assert huong.phone == "0988000111" and huong.national_id == "001180000123"


def test_every_profile_view_is_logged(client, personas, huong):
    client.force_login(personas["clerk"])
    client.get(reverse("person_detail", args=[huong.pk]))
    log = AccessLog.objects.get(object_id=str(huong.pk))
    assert (log.user, log.action) == (
        personas["clerk"],
        AccessLog.Action.VIEW_SENSITIVE,
    )


def test_htmx_add_returns_the_section_with_the_new_row(client, personas, huong):
    from cadre_registry.models import EvaluationLevel

    client.force_login(personas["clerk"])
    level = (
        EvaluationLevel.objects.filter(code="xuat_sac")
        .order_by("-code_list__effective_from")
        .first()
    )
    response = client.post(
        reverse("history_add", args=[huong.pk, "evaluation"]),
        {"year": "2023", "level": level.pk},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert "2023" in html and "Hoàn thành xuất sắc nhiệm vụ" in html
    assert response["Vary"].find("HX-Request") >= 0
