"""Production settings come from the environment only: `check --deploy` is clean with
the production variables set, and a bad value stops the app with its name."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION = {
    "SECRET_KEY": "k" * 20 + "-Zq8vTgP3mWn7rXy2LbC5dHs9fJ4kUa6eR1oIt0",
    "ALLOWED_HOSTS": "canbo.example.vn",
    "CSRF_TRUSTED_ORIGINS": "https://canbo.example.vn",
    "HTTPS": "1",
    "BEHIND_PROXY": "1",
    "DEBUG": "0",
}


def _manage(*args, **env):
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in PRODUCTION
        and k not in ("SECURE_HSTS_SECONDS", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    environment.setdefault("DATABASE_URL", os.environ["DATABASE_URL"])
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_variables():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_without_https():
    result = _manage(
        "check", "--deploy", "--fail-level", "WARNING", **{**PRODUCTION, "HTTPS": "0"}
    )
    assert result.returncode != 0
    assert "SECURE_SSL_REDIRECT" in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("name", "value"), [("DEBUG", "maybe"), ("SESSION_COOKIE_AGE", "eight hours")]
)
def test_a_bad_value_stops_the_app_naming_the_variable(name, value):
    result = _manage("check", **{name: value})
    assert result.returncode != 0
    assert name in result.stderr
