"""The Django admin for reference data, units and users opens for administrators."""

import pytest
from django.contrib import admin
from django.urls import reverse


@pytest.mark.parametrize(
    "model",
    [m for m in admin.site._registry if m._meta.app_label == "cadre_registry"],
    ids=lambda m: m.__name__,
)
def test_admin_changelist_opens(client, personas, huong, model):
    client.force_login(personas["admin"])
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    assert client.get(url).status_code == 200


def test_non_staff_cannot_open_the_admin(client, personas):
    client.force_login(personas["clerk"])
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302


def test_admin_creates_a_unit_with_its_path(client, personas, tree):
    from cadre_registry.models import Unit

    client.force_login(personas["admin"])
    response = client.post(
        reverse("admin:cadre_registry_unit_add"),
        {
            "code": "MOI",
            "name": "Ban mới",
            "kind": "co_quan",
            "parent": tree["province"].pk,
            "sort_order": 0,
            "successions-TOTAL_FORMS": 0,
            "successions-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    unit = Unit.objects.get(code="MOI")
    assert unit.path == tree["province"].path + f"{unit.pk:06d}/"


def test_admin_merges_units_with_their_people(client, personas, tree, huong):
    import datetime as dt

    from cadre_registry.models import Unit

    client.force_login(personas["admin"])
    new = Unit.objects.create(
        code="NEW", name="Sở mới", kind="co_quan", path="999999/", depth=1
    )
    url = reverse("admin:cadre_registry_unit_changelist")
    page = client.post(
        url, {"action": "merge_units", "_selected_action": [tree["office"].pk]}
    )
    assert "Hợp nhất đơn vị" in page.content.decode()
    response = client.post(
        url,
        {
            "action": "merge_units",
            "_selected_action": [tree["office"].pk],
            "apply": "1",
            "successor": new.pk,
            "effective": "01/07/2025",
            "decision_number": "123/QĐ",
        },
    )
    assert response.status_code == 302
    huong.refresh_from_db()
    tree["office"].refresh_from_db()
    assert huong.unit == new and tree["office"].valid_to == dt.date(2025, 6, 30)
