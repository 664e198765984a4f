"""The import pages: who may use them, and uploads refused before they are stored."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cadre_registry.models import ImportJob


def _post(client, name="a.csv", content=b"x", resource="people"):
    return client.post(
        reverse("import_start"),
        {"resource": resource, "file": SimpleUploadedFile(name, content)},
    )


def test_leader_and_auditor_cannot_import(client, personas):
    for persona in ("leader", "auditor"):
        client.force_login(personas[persona])
        assert client.get(reverse("import_start")).status_code == 403
        assert _post(client).status_code == 403
    assert not ImportJob.objects.exists()


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("import_start"))
    assert response.status_code == 302 and "dang-nhap" in response.url


def test_too_big_upload_is_refused_before_it_is_stored(client, personas, settings):
    settings.MAX_UPLOAD_BYTES = 1024
    client.force_login(personas["clerk"])
    response = _post(client, content=b"0" * 5000)
    assert response.status_code == 413
    assert "Tệp quá lớn" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_empty_file_is_refused(client, personas):
    client.force_login(personas["clerk"])
    response = _post(client, content=b"")
    assert response.status_code == 400 and "Tệp rỗng" in response.content.decode()


def test_wrong_extension_is_refused(client, personas):
    client.force_login(personas["clerk"])
    response = _post(client, name="virus.exe", content=b"MZ")
    assert (
        response.status_code == 400
        and "Chỉ nhận tệp Excel" in response.content.decode()
    )


def test_missing_file_is_refused(client, personas):
    client.force_login(personas["clerk"])
    response = client.post(reverse("import_start"), {"resource": "people"})
    assert response.status_code == 400 and "Chọn tệp" in response.content.decode()


def test_someone_elses_import_is_404_but_the_auditor_reads_it(client, personas):
    job = ImportJob.objects.create(
        resource="people",
        created_by=personas["clerk"],
        file_name="a.csv",
        file_size=1,
        checksum="0" * 64,
    )
    client.force_login(personas["outsider"])
    assert client.get(reverse("import_job_detail", args=[job.pk])).status_code == 404
    assert client.post(reverse("import_job_confirm", args=[job.pk])).status_code == 404
    client.force_login(personas["auditor"])
    assert client.get(reverse("import_job_detail", args=[job.pk])).status_code == 200
    assert client.get(reverse("import_job_list")).status_code == 200
    assert (
        client.post(reverse("import_job_confirm", args=[job.pk])).status_code == 404
    )  # reading is not confirming
