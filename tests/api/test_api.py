"""The read-only JSON API (/api/v1/): bearer tokens, scope exactly as on the pages
(another unit's person is a 404), sensitive fields only with the permission, the
statistics equal to personnel_statistics, snapshots of the user's definitions,
pages, Vietnamese 400s naming the parameter, the access log, query budgets, and
the docs page and schema served by the app with no external asset."""

import datetime as dt
import hashlib
import io
import re

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cadre_registry.api import tokens
from cadre_registry.models import AccessLog, ApiToken, EthnicGroup, Religion
from reports import services as report_services
from reports.models import Period
from reports.statistics import FIGURES_BY_KEY, personnel_statistics
from reports.tables import PERSONNEL
from tests import factories
from tests.conftest import PASSWORD

API = "/api/v1"


def _auth(user, name="Công cụ thử"):
    issued = tokens.api_token_create(user=user, name=name)
    return {"Authorization": f"Bearer {issued.plain}"}


@pytest.fixture
def people(tree, personas, huong):
    """Hương (Phòng Công chức, with ethnicity, religion and national ID), Bình at
    Sở Nội vụ, and Cường at Sở Y tế (outside the clerk's and the leader's scope)."""
    huong.ethnic_group = EthnicGroup.objects.filter(is_minority=True).first()
    huong.religion = Religion.objects.first()
    huong.personnel_code = "CC0001"
    huong.save(update_fields=["ethnic_group", "religion", "personnel_code"])
    binh = factories.person(
        full_name="Lê Văn Bình", unit=tree["home"], birth_date=dt.date(1970, 1, 10)
    )
    cuong = factories.person(full_name="Phạm Quốc Cường", unit=tree["other"])
    return {"huong": huong, "binh": binh, "cuong": cuong}


# --- Authentication -------------------------------------------------------------------


ENDPOINTS = ["/statistics", "/snapshots", "/snapshots/1", "/people", "/people/1"]


@pytest.mark.parametrize("path", ENDPOINTS)
def test_no_token_gets_401_in_vietnamese(client, personas, path):
    response = client.get(API + path)
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response["WWW-Authenticate"] == "Bearer"
    assert "mã truy cập" in response.json()["detail"]


def test_a_logged_in_browser_session_is_not_a_token(client, personas, people):
    client.login(username="clerk", password=PASSWORD)
    assert client.get(API + "/people").status_code == 401


@pytest.mark.parametrize(
    "header",
    [
        "Bearer cr_khong-co-ma-nay",
        "Bearer ",
        "Basic YWRtaW46YWRtaW4=",
        "cr_abc",
        "x" * 500,
    ],
)
def test_an_unknown_or_malformed_token_gets_401(client, personas, header):
    response = client.get(API + "/people", headers={"Authorization": header})
    assert response.status_code == 401
    assert response.json()["detail"]


def test_a_revoked_token_gets_401(client, personas, people):
    issued = tokens.api_token_create(user=personas["clerk"], name="Cũ")
    headers = {"Authorization": f"Bearer {issued.plain}"}
    assert client.get(API + "/people", headers=headers).status_code == 200
    tokens.api_token_revoke(token=issued.token)
    response = client.get(API + "/people", headers=headers)
    assert response.status_code == 401
    assert response.json()["detail"] == "Mã truy cập đã bị thu hồi."


def test_an_expired_token_gets_401(client, personas, people):
    issued = tokens.api_token_create(
        user=personas["clerk"],
        name="Ngắn hạn",
        expires_at=timezone.now() + dt.timedelta(days=1),
    )
    past = timezone.now() - dt.timedelta(days=2)
    ApiToken.objects.filter(pk=issued.token.pk).update(
        created_at=past, expires_at=past + dt.timedelta(hours=1)
    )
    response = client.get(
        API + "/people", headers={"Authorization": f"Bearer {issued.plain}"}
    )
    assert response.status_code == 401
    assert response.json()["detail"] == "Mã truy cập đã hết hạn."


def test_a_locked_users_token_gets_401(client, personas):
    headers = _auth(personas["clerk"])
    personas["clerk"].is_active = False
    personas["clerk"].save(update_fields=["is_active"])
    assert client.get(API + "/people", headers=headers).status_code == 401


def test_only_the_sha256_of_a_token_is_stored_and_its_use_is_recorded(client, personas):
    issued = tokens.api_token_create(user=personas["leader"], name="Bảng tin")
    token = ApiToken.objects.get(pk=issued.token.pk)
    assert token.key_hash == hashlib.sha256(issued.plain.encode()).hexdigest()
    assert issued.plain not in str(
        ApiToken.objects.filter(pk=token.pk).values().first()
    )
    assert token.last_used_at is None
    client.get(API + "/snapshots", headers={"Authorization": f"Bearer {issued.plain}"})
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_management_command_prints_a_working_token(client, personas):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "api_token_create",
        "--user",
        "leader",
        "--name",
        "CSDL quốc gia",
        "--days",
        "30",
        stdout=out,
        stderr=err,
    )
    plain = out.getvalue().strip()
    assert plain.startswith("cr_")
    assert "không được hiển thị lại" in err.getvalue()
    token = ApiToken.objects.get(name="CSDL quốc gia")
    assert token.user == personas["leader"] and token.expires_at is not None
    response = client.get(
        API + "/snapshots", headers={"Authorization": f"Bearer {plain}"}
    )
    assert response.status_code == 200


def test_admin_makes_a_token_shown_once_and_revokes_it(client, personas):
    client.login(username="admin", password=PASSWORD)
    response = client.post(
        "/admin/cadre_registry/apitoken/add/",
        {"user": personas["leader"].pk, "name": "Bảng điều hành"},
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    plain = re.search(r'id="api-token">([^<]+)<', response.content.decode()).group(1)
    token = ApiToken.objects.get(name="Bảng điều hành")
    assert token.key_hash == tokens.token_hash(plain)
    page = client.get(f"/admin/cadre_registry/apitoken/{token.pk}/change/")
    assert page.status_code == 200 and plain not in page.content.decode()
    client.post(
        "/admin/cadre_registry/apitoken/",
        {"action": "revoke_api_tokens", "_selected_action": [token.pk]},
    )
    token.refresh_from_db()
    assert token.is_revoked
    response = client.get(
        API + "/snapshots", headers={"Authorization": f"Bearer {plain}"}
    )
    assert response.status_code == 401


def test_admin_refuses_an_expiry_in_the_past(client, personas):
    client.login(username="admin", password=PASSWORD)
    response = client.post(
        "/admin/cadre_registry/apitoken/add/",
        {
            "user": personas["leader"].pk,
            "name": "Sai",
            "expires_at_0": "01/01/2020",
            "expires_at_1": "00:00",
        },
    )
    assert response.status_code == 200
    assert not ApiToken.objects.filter(name="Sai").exists()


# --- People: scope and sensitive fields ---------------------------------------------


def test_people_lists_only_the_users_scope(client, personas, people):
    response = client.get(API + "/people", headers=_auth(personas["leader"]))
    assert response.status_code == 200
    names = [row["full_name"] for row in response.json()["results"]]
    assert names == ["Lê Văn Bình", "Nguyễn Thị Hương"]  # by name, Cường outside
    assert response.json()["count"] == 2


def test_people_of_a_unit_subtree(client, personas, people, tree):
    response = client.get(
        API + "/people",
        {"unit": tree["office"].pk},
        headers=_auth(personas["leader"]),
    )
    assert [r["id"] for r in response.json()["results"]] == [people["huong"].pk]


def test_another_units_person_is_404(client, personas, people):
    response = client.get(
        API + f"/people/{people['cuong'].pk}", headers=_auth(personas["leader"])
    )
    assert response.status_code == 404
    assert response.json()["detail"] == "Không tìm thấy hồ sơ"


def test_a_unit_outside_the_scope_is_404(client, personas, people, tree):
    headers = _auth(personas["leader"])
    for path in ("/people", "/statistics"):
        response = client.get(API + path, {"unit": tree["other"].pk}, headers=headers)
        assert response.status_code == 404, path
        assert response.json()["detail"] == "Không tìm thấy đơn vị"


def test_the_outsider_sees_their_own_unit_only(client, personas, people):
    headers = _auth(personas["outsider"])
    rows = client.get(API + "/people", headers=headers).json()["results"]
    assert [r["full_name"] for r in rows] == ["Phạm Quốc Cường"]
    assert (
        client.get(API + f"/people/{people['huong'].pk}", headers=headers).status_code
        == 404
    )


def test_an_administrator_sees_everyone(client, personas, people):
    rows = client.get(API + "/people", headers=_auth(personas["admin"])).json()
    assert rows["count"] == 3


def test_sensitive_fields_with_the_permission(client, personas, people):
    huong = people["huong"]
    row = client.get(
        API + f"/people/{huong.pk}", headers=_auth(personas["clerk"])
    ).json()
    assert row["national_id"] == "001180000123"
    assert row["ethnicity"] == {
        "code": huong.ethnic_group.code,
        "name": huong.ethnic_group.name,
    }
    assert row["religion"]["name"] == huong.religion.name
    assert row["personnel_code"] == "CC0001"
    assert row["gender"] == {"code": "F", "name": "Nữ"}
    assert row["birth_date"] == "1980-03-15"
    assert row["unit"]["name"] == "Phòng Công chức"
    listed = client.get(API + "/people", headers=_auth(personas["clerk"])).json()
    assert {"ethnicity", "religion", "national_id"} <= set(listed["results"][1])


def test_no_sensitive_field_without_the_permission(client, personas, people):
    huong = people["huong"]
    headers = _auth(personas["plainclerk"])
    row = client.get(API + f"/people/{huong.pk}", headers=headers).json()
    listed = client.get(API + "/people", headers=headers).json()["results"]
    for shown in (row, *listed):
        assert not {"ethnicity", "religion", "national_id"} & set(shown), shown
        assert {"id", "full_name", "birth_date", "retirement_date", "degree"} <= set(
            shown
        )
    assert (
        "001180000123"
        not in client.get(API + "/people", headers=headers).content.decode()
    )


def test_search_by_name_and_national_id_only_with_the_permission(
    client, personas, people
):
    def ids(user, q):
        rows = client.get(API + "/people", {"q": q}, headers=_auth(user)).json()
        return [r["id"] for r in rows["results"]]

    assert ids(personas["leader"], "huong") == [people["huong"].pk]
    assert ids(personas["leader"], "Bình") == [people["binh"].pk]
    assert ids(personas["leader"], "cuong") == []  # outside the scope
    assert ids(personas["clerk"], "001180000123") == [people["huong"].pk]
    assert ids(personas["plainclerk"], "001180000123") == []


# --- Pagination and query budgets ----------------------------------------------------


def test_people_pages(client, personas, tree, huong):
    for n in range(60):
        factories.person(full_name=f"Đỗ Văn Thử {n:03d}", unit=tree["home"])
    headers = _auth(personas["leader"])
    first = client.get(API + "/people", headers=headers).json()
    second = client.get(API + "/people", {"page": "2"}, headers=headers).json()
    third = client.get(API + "/people", {"page": "3"}, headers=headers).json()
    assert (first["count"], first["page_size"], first["has_next"]) == (61, 50, True)
    assert len(first["results"]) == 50
    assert len(second["results"]) == 11 and not second["has_next"]
    assert third["results"] == [] and not third["has_next"]
    ids = [r["id"] for r in first["results"] + second["results"]]
    assert len(set(ids)) == 61


def _queries(client, url, headers):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, headers=headers).status_code == 200
    return len(queries)


@pytest.mark.parametrize("user", ["clerk", "plainclerk"])
def test_people_queries_do_not_grow_with_rows(
    client, personas, tree, huong, user, django_assert_max_num_queries
):
    headers = _auth(personas[user])
    client.get(API + "/people", headers=headers)  # the token's first use is a write
    few = _queries(client, API + "/people", headers)
    for n in range(40):
        factories.person(
            full_name=f"Vũ Thị Thử {n:03d}",
            unit=tree["office"],
            gender="F",
            ethnic_group=EthnicGroup.objects.first(),
        )
    many = _queries(client, API + "/people", headers)
    assert many == few
    with django_assert_max_num_queries(12):
        client.get(API + "/people", headers=headers)


def test_snapshot_and_person_detail_queries_are_bounded(
    client, personas, people, django_assert_max_num_queries
):
    snapshot = _snapshot(personas, owner="clerk")
    headers = _auth(personas["clerk"])
    with django_assert_max_num_queries(10):
        client.get(API + f"/people/{people['huong'].pk}", headers=headers)
    with django_assert_max_num_queries(8):
        client.get(API + f"/snapshots/{snapshot.pk}", headers=headers)
    with django_assert_max_num_queries(8):
        client.get(API + "/snapshots", headers=headers)


# --- Statistics ------------------------------------------------------------------------


@pytest.mark.parametrize("on", ["01/06/2020", "2020-06-01"])
def test_statistics_equal_personnel_statistics(client, personas, people, tree, on):
    leader = personas["leader"]
    response = client.get(
        API + "/statistics", {"unit": tree["home"].pk, "on": on}, headers=_auth(leader)
    )
    assert response.status_code == 200
    body = response.json()
    expected = personnel_statistics(
        user=leader, unit=tree["home"], on=dt.date(2020, 6, 1)
    )
    assert body["on"] == "2020-06-01"
    assert body["unit"]["id"] == tree["home"].pk
    assert body["headcount"] == expected.headcount == 2
    assert [f["key"] for f in body["figures"]] == list(expected.figures)
    for figure in body["figures"]:
        want = expected[figure["key"]]
        assert figure["label"] == want.label
        assert figure["section"] == FIGURES_BY_KEY[want.key].section
        assert (figure["count"], figure["denominator"]) == (
            want.count,
            want.denominator,
        )
        assert figure["share"] == (None if want.share is None else str(want.share))
    assert (
        next(f for f in body["figures"] if f["key"] == "gender:female")["share"]
        == "50.00"
    )


def test_statistics_default_to_the_whole_scope_today(client, personas, people):
    body = client.get(API + "/statistics", headers=_auth(personas["leader"])).json()
    assert body["unit"] is None
    assert body["on"] == timezone.localdate().isoformat()
    assert body["headcount"] == 2


def test_statistics_are_not_for_auditors(client, personas):
    response = client.get(API + "/statistics", headers=_auth(personas["auditor"]))
    assert response.status_code == 403
    assert "thống kê" in response.json()["detail"]


def test_statistics_log_no_people(client, personas, people):
    client.get(API + "/statistics", headers=_auth(personas["leader"]))
    assert not AccessLog.objects.exists()


# --- Snapshots -------------------------------------------------------------------------


def _snapshot(personas, *, owner, recipients=(), on=dt.date(2026, 6, 30)):
    definition = report_services.definition_create(
        by=personas["admin"],
        name=f"Chất lượng đội ngũ của {owner}",
        tables=[PERSONNEL],
        period=Period.YEARLY,
        owner=personas[owner],
        recipients=[personas[r] for r in recipients],
    )
    return report_services.snapshot_make(definition=definition, on=on).snapshot


def test_snapshots_of_the_definitions_owned_or_received(client, personas, people):
    own = _snapshot(personas, owner="clerk", recipients=["leader"])
    other = _snapshot(personas, owner="outsider")

    def listed(user):
        body = client.get(API + "/snapshots", headers=_auth(personas[user])).json()
        return [s["id"] for s in body["results"]]

    assert listed("clerk") == [own.pk]
    assert listed("leader") == [own.pk]  # a recipient
    assert listed("plainclerk") == []
    assert sorted(listed("admin")) == sorted([own.pk, other.pk])
    response = client.get(
        API + f"/snapshots/{other.pk}", headers=_auth(personas["leader"])
    )
    assert response.status_code == 404
    assert response.json()["detail"] == "Không tìm thấy kỳ số liệu"


def test_a_snapshot_with_its_figures_version_and_frozen_state(client, personas, people):
    snapshot = _snapshot(personas, owner="clerk", recipients=["leader"])
    headers = _auth(personas["leader"])
    body = client.get(API + f"/snapshots/{snapshot.pk}", headers=headers).json()
    assert body["on"] == "2026-06-30"
    assert body["frozen"] is False and body["frozen_at"] is None
    assert body["data_version"] == snapshot.data_version
    assert body["definition"]["tables"] == [PERSONNEL]
    assert body["figures"][PERSONNEL]["headcount"] == 2
    assert body["figures"] == _json(snapshot.figures)
    report_services.snapshot_freeze(snapshot=snapshot, by=personas["leader"])
    body = client.get(API + f"/snapshots/{snapshot.pk}", headers=headers).json()
    assert body["frozen"] is True and body["frozen_at"]
    listed = client.get(API + "/snapshots", headers=headers).json()["results"]
    assert "figures" not in listed[0] and listed[0]["frozen"] is True


def _json(value):
    import json

    from django.core.serializers.json import DjangoJSONEncoder

    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def test_snapshot_pages(client, personas, people):
    for month in range(1, 13):
        _snapshot_for(personas, dt.date(2025, month, 28))
    body = client.get(
        API + "/snapshots", {"page": "1"}, headers=_auth(personas["admin"])
    ).json()
    assert body["count"] == 12 and not body["has_next"]
    assert [s["on"] for s in body["results"]][:2] == ["2025-12-28", "2025-11-28"]


def _snapshot_for(personas, on):
    from reports.models import ReportDefinition

    definition = ReportDefinition.objects.filter(name="Tháng").first()
    if definition is None:
        definition = report_services.definition_create(
            by=personas["admin"],
            name="Tháng",
            tables=[PERSONNEL],
            period=Period.MONTHLY,
            owner=personas["clerk"],
        )
    return report_services.snapshot_make(definition=definition, on=on).snapshot


# --- Bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path, query, param",
    [
        ("/statistics", {"on": "31/02/2020"}, "on"),
        ("/statistics", {"on": "hôm qua"}, "on"),
        ("/statistics", {"on": "2020-13-01"}, "on"),
        ("/statistics", {"on": "01/01/0001"}, "on"),
        ("/statistics", {"on": "01/01/99999"}, "on"),
        ("/statistics", {"unit": "abc"}, "unit"),
        ("/statistics", {"unit": "-1"}, "unit"),
        ("/statistics", {"unit": "99999999999999999999999"}, "unit"),
        ("/statistics", {"unit": "١٢"}, "unit"),
        ("/people", {"page": "0"}, "page"),
        ("/people", {"page": "x"}, "page"),
        ("/people", {"page": "10000000"}, "page"),
        ("/people", {"unit": "1.5"}, "unit"),
        ("/people", {"q": "a" * 101}, "q"),
        ("/people", {"q": "a\x00b"}, "q"),
        ("/snapshots", {"page": "-2"}, "page"),
        ("/people/abc", {}, "id"),
        ("/people/0", {}, "id"),
        ("/people/9223372036854775808", {}, "id"),
        ("/snapshots/1e3", {}, "id"),
    ],
)
def test_bad_input_is_400_naming_the_parameter(client, personas, path, query, param):
    response = client.get(API + path, query, headers=_auth(personas["clerk"]))
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["param"] == param
    assert f"“{param}”" in body["detail"]


def test_a_missing_id_is_404(client, personas):
    headers = _auth(personas["admin"])
    for path in ("/people/999999", "/snapshots/999999"):
        response = client.get(API + path, headers=headers)
        assert response.status_code == 404 and response.json()["detail"]


def test_the_api_is_read_only(client, personas):
    response = client.post(API + "/people", headers=_auth(personas["admin"]))
    assert response.status_code == 405


# --- Access log --------------------------------------------------------------------------


def test_a_people_list_is_logged_as_an_export(client, personas, people, tree):
    issued = tokens.api_token_create(user=personas["clerk"], name="Tổng hợp")
    body = client.get(
        API + "/people",
        {"unit": tree["home"].pk, "q": "van"},
        headers={"Authorization": f"Bearer {issued.plain}"},
        REMOTE_ADDR="10.1.2.3",
    ).json()
    log = AccessLog.objects.get()
    assert log.user == personas["clerk"]
    assert log.action == AccessLog.Action.EXPORT
    assert log.row_count == len(body["results"]) == 1
    assert log.detail["token"] == issued.token.pk
    assert log.detail["sensitive"] is True
    assert "q=van" in log.detail["query"]
    assert log.ip == "10.1.2.3"
    assert "Sở Nội vụ" in log.description


def test_a_person_is_logged_with_the_person(client, personas, people):
    huong = people["huong"]
    client.get(API + f"/people/{huong.pk}", headers=_auth(personas["plainclerk"]))
    log = AccessLog.objects.get()
    assert (log.action, log.row_count) == (AccessLog.Action.EXPORT, 1)
    assert (log.object_type, log.object_id) == ("cadre_registry.person", str(huong.pk))
    assert log.detail["sensitive"] is False


def test_a_refused_call_logs_nothing(client, personas, people):
    client.get(API + f"/people/{people['cuong'].pk}", headers=_auth(personas["leader"]))
    client.get(API + "/people", {"page": "0"}, headers=_auth(personas["leader"]))
    assert not AccessLog.objects.exists()


# --- Documentation ------------------------------------------------------------------------


def test_the_docs_page_loads_nothing_from_outside(client, db):
    response = client.get(API + "/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets, html
    for url in assets:
        assert not re.match(r"(?i)(https?:)?//", url), url
        assert url.startswith("/static/"), url
        assert finders.find(url.removeprefix("/static/")), url
    assert not re.search(r"(?i)https?://|cdn\.", html), html
    # Swagger UI's validator badge is an image from the internet unless disabled.
    assert '"validatorUrl": null' in html


def test_the_openapi_schema_lists_the_endpoints(client, db):
    response = client.get(API + "/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert set(schema["paths"]) == {
        "/api/v1/statistics",
        "/api/v1/snapshots",
        "/api/v1/snapshots/{id}",
        "/api/v1/people",
        "/api/v1/people/{id}",
    }
    for operations in schema["paths"].values():
        assert set(operations) == {"get"}
        assert {"200", "400", "401", "404"} <= set(operations["get"]["responses"])
    schemes = schema["components"]["securitySchemes"]
    assert any(s.get("scheme") == "bearer" for s in schemes.values())
    person = schema["components"]["schemas"]["PersonOut"]["properties"]
    assert {"personnel_code", "ethnicity", "national_id"} <= set(person)
