"""The scoping matrix: each view × each persona → login, 200, 403 or 404."""

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD

LOGIN = "login"


def _views(huong, tree):
    row = huong.assignments.get()
    return {
        "home": ("get", reverse("home")),
        "unit_tree": ("get", reverse("unit_tree")),
        "unit_detail": ("get", reverse("unit_detail", args=[tree["office"].pk])),
        "person_list": ("get", reverse("person_list")),
        "person_detail": ("get", reverse("person_detail", args=[huong.pk])),
        "person_changes": ("get", reverse("person_changes", args=[huong.pk])),
        "person_edit": ("get", reverse("person_edit", args=[huong.pk])),
        "person_create": ("get", reverse("person_create")),
        "history_add": ("get", reverse("history_add", args=[huong.pk, "evaluation"])),
        "history_edit": (
            "get",
            reverse("history_edit", args=[huong.pk, "assignment", row.pk]),
        ),
        "history_delete": (
            "post",
            reverse("history_delete", args=[huong.pk, "assignment", row.pk]),
        ),
        "audit_log": ("get", reverse("audit_log")),
    }


# persona -> view -> expected status
MATRIX = {
    "admin": dict.fromkeys(
        [
            "home",
            "unit_tree",
            "unit_detail",
            "person_list",
            "person_detail",
            "person_changes",
            "person_edit",
            "person_create",
            "history_add",
            "history_edit",
            "audit_log",
        ],
        200,
    )
    | {"history_delete": 302},
    "clerk": {
        "home": 200,
        "unit_tree": 200,
        "unit_detail": 200,
        "person_list": 200,
        "person_detail": 200,
        "person_changes": 200,
        "person_edit": 200,
        "person_create": 200,
        "history_add": 200,
        "history_edit": 200,
        "history_delete": 302,
        "audit_log": 403,
    },
    "leader": {
        "home": 200,
        "unit_tree": 200,
        "unit_detail": 200,
        "person_list": 200,
        "person_detail": 200,
        "person_changes": 200,
        "person_edit": 403,
        "person_create": 403,
        "history_add": 403,
        "history_edit": 403,
        "history_delete": 403,
        "audit_log": 403,
    },
    "auditor": {
        "home": 200,
        "unit_tree": 200,
        "unit_detail": 404,
        "person_list": 200,
        "person_detail": 404,
        "person_changes": 404,
        "person_edit": 404,
        "person_create": 403,
        "history_add": 404,
        "history_edit": 404,
        "history_delete": 404,
        "audit_log": 200,
    },
    "outsider": {
        "home": 200,
        "unit_tree": 200,
        "unit_detail": 404,
        "person_list": 200,
        "person_detail": 404,
        "person_changes": 404,
        "person_edit": 404,
        "person_create": 200,
        "history_add": 404,
        "history_edit": 404,
        "history_delete": 404,
        "audit_log": 403,
    },
}


@pytest.mark.parametrize("persona", list(MATRIX))
def test_scoping_matrix(client, personas, huong, tree, persona):
    client.force_login(personas[persona])
    results = {}
    for name, (method, url) in _views(huong, tree).items():
        response = getattr(client, method)(url)
        results[name] = response.status_code
    assert results == MATRIX[persona]


@pytest.mark.parametrize(
    "name",
    [
        "home",
        "unit_tree",
        "unit_detail",
        "person_list",
        "person_detail",
        "person_changes",
        "person_edit",
        "person_create",
        "history_add",
        "history_edit",
        "history_delete",
        "audit_log",
    ],
)
def test_anonymous_is_sent_to_login(client, huong, tree, name):
    method, url = _views(huong, tree)[name]
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse(LOGIN))


def test_outsider_does_not_find_huong_in_the_list(client, personas, huong):
    client.force_login(personas["outsider"])
    response = client.get(reverse("person_list"), {"q": "huong"})
    assert "Nguyễn Thị Hương" not in response.content.decode()


def test_clerk_finds_huong_in_the_list(client, personas, huong):
    client.force_login(personas["clerk"])
    response = client.get(reverse("person_list"), {"q": "huong"})
    assert "Nguyễn Thị Hương" in response.content.decode()


def test_list_filtered_by_a_unit_outside_scope_is_404(client, personas, huong, tree):
    client.force_login(personas["clerk"])
    response = client.get(reverse("person_list"), {"unit": tree["other"].pk})
    assert response.status_code == 404


def test_login_with_password_works(client, personas):
    response = client.post(reverse(LOGIN), {"username": "clerk", "password": PASSWORD})
    assert response.status_code == 302
