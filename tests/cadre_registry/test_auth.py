from django.urls import reverse

from cadre_registry.models import AuthEvent
from tests.conftest import PASSWORD


def test_login_and_failure_are_logged(client, personas):
    client.post(reverse("login"), {"username": "clerk", "password": "sai"})
    client.post(reverse("login"), {"username": "clerk", "password": PASSWORD})
    kinds = list(AuthEvent.objects.order_by("at").values_list("kind", "username"))
    assert kinds == [("failed", "clerk"), ("login", "clerk")]


def test_wrong_password_says_so_in_vietnamese(client, personas):
    response = client.post(reverse("login"), {"username": "clerk", "password": "sai"})
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()


def test_repeated_failures_block_even_the_right_password(client, personas, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(3):
        client.post(reverse("login"), {"username": "clerk", "password": "sai"})
    response = client.post(
        reverse("login"), {"username": "clerk", "password": PASSWORD}
    )
    assert response.status_code == 429
    assert "quá nhiều lần" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuthEvent.objects.filter(kind="blocked", username="clerk").count() == 1


def test_logout_is_post_and_logged(client, personas):
    client.force_login(personas["clerk"])
    client.post(reverse("logout"))
    assert AuthEvent.objects.filter(kind="logout", username="clerk").exists()
