"""Login, throttling, CSRF, security headers, password rules, production settings."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from gaoxin.core.models import AuditEvent, LoginFailure
from gaoxin.core.testing import PASSWORD

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]


def test_login_succeeds_and_is_audited(world, client):
    resp = client.post("/accounts/login/", {"username": "clerk", "password": PASSWORD})
    assert resp.status_code == 302
    assert resp.headers["Location"] == "/"
    event = AuditEvent.objects.get(action="auth.login")
    assert event.actor_id == world.clerk.pk
    assert event.ip == "127.0.0.1"


def test_wrong_password_shows_error_and_records_failure(world, client):
    resp = client.post("/accounts/login/", {"username": "clerk", "password": "wrong-password-1"})
    assert resp.status_code == 200
    assert "请输入一个正确的" in resp.text or "正确的用户名和密码" in resp.text
    assert LoginFailure.objects.filter(username="clerk").count() == 1
    assert AuditEvent.objects.filter(action="auth.login_failed", object_repr="clerk").count() == 1


def test_login_is_throttled_after_five_failures(world, client):
    for _ in range(5):
        client.post("/accounts/login/", {"username": "clerk", "password": "wrong-password-1"})
    resp = client.post("/accounts/login/", {"username": "clerk", "password": PASSWORD})
    assert resp.status_code == 429
    assert "登录失败次数过多" in resp.text
    assert "_auth_user_id" not in client.session
    assert LoginFailure.objects.count() == 5  # the throttled attempt is not even checked


def test_login_requires_csrf(world):
    client = Client(enforce_csrf_checks=True)
    resp = client.post("/accounts/login/", {"username": "clerk", "password": PASSWORD})
    assert resp.status_code == 403
    assert not AuditEvent.objects.filter(action="auth.login").exists()


def test_pages_require_login(client):
    resp = client.get("/")
    assert resp.status_code == 302
    assert resp.headers["Location"].startswith("/accounts/login/")


def test_security_headers(world, client_as):
    resp = client_as("clerk").get("/")
    assert resp.status_code == 200
    assert resp.headers["X-Frame-Options"] == "DENY"
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["Referrer-Policy"] == "same-origin"
    assert "frame-ancestors 'none'" in resp.headers["Content-Security-Policy"]
    assert "default-src 'self'" in resp.headers["Content-Security-Policy"]


def test_session_expires(settings):
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_HTTPONLY is True


def test_password_rules(world):
    from gaoxin.core.errors import DomainError
    from gaoxin.core.services import user_set_password

    for weak, fragment in [
        ("short1", "太短"),
        ("onlyletterspassword", "字母和数字"),
        ("12345678901", "密码只包含数字"),
    ]:
        with pytest.raises(DomainError) as exc:
            user_set_password(actor=world.admin, user=world.clerk, password=weak)
        assert fragment in exc.value.message
    user_set_password(actor=world.admin, user=world.clerk, password="a-much-better-pass-42")
    assert AuditEvent.objects.filter(action="user.set_password", object_id=str(world.clerk.pk)).count() == 1


def test_argon2_is_the_production_hasher():
    from config import settings as prod

    assert prod.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def _manage(*args, env):
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}, **env},
        check=False,
        timeout=120,
    )


def test_check_deploy_is_clean_in_production(tmp_path):
    env = {
        "GAOXIN_ENV": "production",
        "SECRET_KEY": "x" * 60 + "production-secret-key-for-the-check",
        "ALLOWED_HOSTS": "gaoxin.example.gov.cn",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "GAOXIN_VAR_DIR": str(tmp_path),
    }
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key(tmp_path):
    env = {
        "GAOXIN_ENV": "production",
        "SECRET_KEY": "",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "GAOXIN_VAR_DIR": str(tmp_path),
    }
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
