"""Security checks of the sweep: login throttling per address and window, CSRF on session writes
(pages and the JSON API), and the headers and cookies of production settings.

(test_auth_security.py covers the per-username throttle, CSRF on the login form and the
development headers; these add what it does not.)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from gaoxin.core.models import AuditEvent, LoginFailure
from gaoxin.core.testing import PASSWORD

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]


# ---------------------------------------------------------------- login throttling


def _fail(client: Client, username: str, ip: str) -> int:
    return client.post(
        "/accounts/login/", {"username": username, "password": "wrong-pass-99"}, REMOTE_ADDR=ip
    ).status_code


def test_login_is_throttled_per_address_across_usernames(world):
    client = Client()
    for i in range(20):  # 4 x the per-username limit, each name below its own limit
        assert _fail(client, f"guess{i}", "10.0.0.7") == 200
    resp = client.post("/accounts/login/", {"username": "clerk", "password": PASSWORD}, REMOTE_ADDR="10.0.0.7")
    assert resp.status_code == 429
    assert "登录失败次数过多，请 15 分钟后再试。" in resp.text
    assert "_auth_user_id" not in client.session
    # another address is not held back by this one
    other = Client()
    resp = other.post("/accounts/login/", {"username": "clerk", "password": PASSWORD}, REMOTE_ADDR="10.0.0.8")
    assert resp.status_code == 302
    assert LoginFailure.objects.count() == 20


def test_username_throttle_ignores_case_and_spaces(world):
    client = Client()
    for name in ["Clerk", "CLERK", " clerk", "clerk ", "cLeRk"]:
        assert _fail(client, name, "10.0.1.1") == 200
    resp = client.post("/accounts/login/", {"username": "clerk", "password": PASSWORD}, REMOTE_ADDR="10.0.2.2")
    assert resp.status_code == 429


def test_throttle_lifts_after_the_window(world, settings):
    start = timezone.now()
    client = Client()
    with time_machine.travel(start, tick=False):
        for _ in range(5):
            _fail(client, "clerk", "10.0.3.3")
        assert client.post("/accounts/login/", {"username": "clerk", "password": PASSWORD}).status_code == 429
    later = start + timedelta(seconds=settings.LOGIN_THROTTLE_WINDOW_SECONDS + 1)
    with time_machine.travel(later, tick=False):
        resp = client.post("/accounts/login/", {"username": "clerk", "password": PASSWORD})
    assert resp.status_code == 302
    assert AuditEvent.objects.filter(action="auth.login", actor=world.clerk).count() == 1


# ---------------------------------------------------------------- CSRF on session writes


def _csrf_client(user) -> tuple[Client, str]:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get("/")  # sets the CSRF cookie
    return client, client.cookies["csrftoken"].value


@pytest.fixture
def order(world):
    from gaoxin.rectifications.models import WorkOrder
    from gaoxin.rectifications.tests.factory import at, build

    loop = build(world)
    rating = loop.rate(level=1, when=at(2026, 11, 25, 10, 0))
    return WorkOrder.objects.select_related("rating").get(rating=rating)


def test_page_post_without_csrf_token_is_refused_and_writes_nothing(world, order):
    client, token = _csrf_client(world.handler)
    before = AuditEvent.objects.count()
    resp = client.post(f"/rectifications/{order.pk}/reveal/")
    assert resp.status_code == 403
    assert AuditEvent.objects.count() == before
    resp = client.post(f"/rectifications/{order.pk}/reveal/", HTTP_X_CSRFTOKEN=token)
    assert resp.status_code == 200
    assert AuditEvent.objects.filter(action="rater.reveal").count() == 1


def test_session_api_write_without_csrf_token_is_refused_and_writes_nothing(world, order):
    client, token = _csrf_client(world.handler)
    url = f"/api/v1/evaluations/ratings/{order.rating.pk}/reveal"
    resp = client.post(url)
    assert resp.status_code == 403
    assert AuditEvent.objects.filter(action="rater.reveal").count() == 0
    resp = client.post(url, HTTP_X_CSRFTOKEN=token)
    assert resp.status_code == 200
    assert AuditEvent.objects.filter(action="rater.reveal").count() == 1


def test_bearer_token_api_write_needs_no_csrf_token(world):
    """Systems and devices send a bearer token, not a cookie: CSRF does not apply, the token does."""
    from gaoxin.core.tokens import api_token_issue

    _token, key = api_token_issue(actor=None, name="sys", scopes=["evaluations.cases"], unit=world.units["hall"])
    client = Client(enforce_csrf_checks=True)
    resp = client.post(
        "/api/v1/evaluations/cases", data={}, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}"
    )
    assert resp.status_code == 422  # authenticated; the empty body is what is wrong
    resp = client.post(
        "/api/v1/evaluations/cases", data={}, content_type="application/json", HTTP_AUTHORIZATION="Bearer gx_wrong"
    )
    assert resp.status_code == 403  # no valid token, so the session auth answers, and it wants a CSRF token


# ---------------------------------------------------------------- production headers and cookies

PROBE = """
import json
from django.conf import settings
from django.test import Client, override_settings
# the manifest of collected static files does not exist in a checkout; nothing else is changed
storages = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
override_settings(STORAGES=storages).enable()
c = Client()
r = c.get("/accounts/login/", secure=True, HTTP_HOST="gaoxin.example.gov.cn")
plain = c.get("/accounts/login/", HTTP_HOST="gaoxin.example.gov.cn")
cookie = r.cookies.get("csrftoken")
print(json.dumps({
    "status": r.status_code,
    "headers": dict(r.headers),
    "csrf_cookie_secure": bool(cookie and cookie["secure"]),
    "plain_status": plain.status_code,
    "plain_location": plain.headers.get("Location", ""),
}))
"""


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("prod")
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}},
        "GAOXIN_ENV": "production",
        "SECRET_KEY": "x" * 60 + "production-secret-key-for-the-probe",
        "ALLOWED_HOSTS": "gaoxin.example.gov.cn",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "GAOXIN_VAR_DIR": str(tmp),
        "FIELD_ENCRYPTION_KEY": "dGVzdC1rZXktZm9yLWdhb3hpbi10ZXN0cy0wMDAwMDA=",
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "shell", "-c", PROBE],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_sends_the_security_headers(production):
    h = production["headers"]
    assert production["status"] == 200
    assert h["X-Content-Type-Options"] == "nosniff"
    assert h["X-Frame-Options"] == "DENY"
    assert h["Referrer-Policy"] == "same-origin"
    assert h["Cross-Origin-Opener-Policy"] == "same-origin"
    assert h["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_production_cookies_are_secure_and_http_redirects_to_https(production):
    assert production["csrf_cookie_secure"] is True
    assert production["plain_status"] == 301
    assert production["plain_location"] == "https://gaoxin.example.gov.cn/accounts/login/"


def test_production_csp_allows_no_external_origin(production):
    csp = production["headers"]["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";") if d.strip())
    assert directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["connect-src"] == "'self'"
    # scripts come only from our static files: no inline <script>, no on…= handler, no eval
    assert directives["script-src"] == "'self'"
    sources = " ".join(directives.values()).split()
    external = [s for s in sources if s not in {"'self'", "'none'", "'unsafe-inline'", "data:", "blob:"}]
    assert external == []
