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


def _unit_csv(*rows) -> bytes:
    lines = ["Mã đơn vị,Tên đơn vị,Loại đơn vị,Mã đơn vị cấp trên", *rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def test_admin_imports_units_through_the_validated_engine(client, personas, tree):
    """django-import-export's admin import (dry run, confirm) runs UnitResource's
    import_data, the import pages' engine: counts, then the write with its log."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cadre_registry.models import AccessLog, ImportJob, Unit

    client.force_login(personas["admin"])
    url = reverse("admin:cadre_registry_unit_import")
    page = client.get(url)
    template = reverse("import_template", kwargs={"resource": "units"})
    assert page.status_code == 200 and template in page.content.decode()
    assert client.get(template).status_code == 200
    upload = SimpleUploadedFile(
        "don-vi.csv", _unit_csv("SNV-TC,Phòng Tổ chức,Cơ sở,SNV")
    )
    response = client.post(url, {"import_file": upload, "format": 1})  # CSV
    body = response.content.decode()
    assert "Thêm mới: 1" in body and "Bị từ chối: 0" in body
    assert not Unit.objects.filter(code="SNV-TC").exists()  # a dry run
    confirm = response.context["confirm_form"].initial
    response = client.post(
        reverse("admin:cadre_registry_unit_process_import"), {**confirm}
    )
    assert response.status_code == 302
    assert Unit.objects.get(code="SNV-TC").parent == tree["home"]
    job = ImportJob.objects.filter(resource="units").latest("pk")
    assert job.status == ImportJob.Status.DONE and job.created_by == personas["admin"]
    assert AccessLog.objects.filter(action=AccessLog.Action.IMPORT).count() == 1


def test_admin_import_lists_rejected_rows_in_vietnamese_and_offers_no_confirm(
    client, personas, tree
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cadre_registry.models import Unit

    client.force_login(personas["admin"])
    upload = SimpleUploadedFile(
        "don-vi.csv",
        _unit_csv("SNV-A,Phòng A,Cơ sở,SNV", "SNV-B,Phòng B,Cơ sở,KHONG-CO"),
    )
    response = client.post(
        reverse("admin:cadre_registry_unit_import"),
        {"import_file": upload, "format": 1},
    )
    assert response.context.get("confirm_form") is None
    [invalid] = response.context["result"].invalid_rows
    assert invalid.number == 3
    [message] = invalid.field_specific_errors["Mã đơn vị cấp trên"]
    assert "KHONG-CO" in message and message in response.content.decode()
    assert not Unit.objects.filter(code__in=["SNV-A", "SNV-B"]).exists()


def test_admin_import_refuses_an_upload_over_the_limit_in_vietnamese(
    client, personas, tree, settings
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cadre_registry.models import ImportJob

    settings.MAX_UPLOAD_BYTES = 2048
    client.force_login(personas["admin"])
    url = reverse("admin:cadre_registry_unit_import")
    rows = [f"SNV-{n:04d},Phòng {n},Cơ sở,SNV" for n in range(200)]
    upload = SimpleUploadedFile("lon.csv", _unit_csv(*rows))
    response = client.post(url, {"import_file": upload, "format": 1}, follow=True)
    assert response.redirect_chain == [(url, 302)]
    [message] = [str(m) for m in response.context["messages"]]
    assert message.startswith("Tệp quá lớn ("), message
    assert not ImportJob.objects.exists()
