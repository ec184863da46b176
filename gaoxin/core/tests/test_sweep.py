"""Permission and privacy sweep: every page and API route, as every persona and anonymously.

- No route answers 5xx to anyone.
- Anonymous visitors reach only the public routes; everything else sends them to the
  login page (pages) or answers 401/403 (API).
- A POST with no data, from anyone, writes nothing (row counts of every table unchanged).
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

from gaoxin.core.testing import PERSONA_ROLES

pytestmark = pytest.mark.django_db

# Routes anyone may open without logging in (citizens rate services, the public reads results).
PUBLIC_PREFIXES = (
    "/accounts/login/",
    "/i18n/",
    "/api/v1/openapi.json",
    "/api/v1/docs",
    "/evaluations/r/",
    "/evaluations/rate/",
    "/evaluations/kiosk/",
    "/evalstats/public/",
)
SKIP_PREFIXES = ("/admin/", "/media/", "/static/", "/accounts/logout/")


def _walk(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            route = prefix + str(p.pattern)
            if "<" in route or "(?P" in route or "^" in route:
                continue  # parametrised routes: test_sweep_objects.py
            yield "/" + route.replace("\\", "")


def plain_routes() -> list[str]:
    routes = sorted(set(_walk(get_resolver().url_patterns)))
    return [r for r in routes if not r.startswith(SKIP_PREFIXES)]


def _counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


def _is_public(route: str) -> bool:
    return route == "/api/v1/openapi.json" or route.startswith(PUBLIC_PREFIXES)


@pytest.mark.parametrize("route", plain_routes())
def test_anonymous_reaches_only_public_routes(client, world, route):
    resp = client.get(route)
    assert resp.status_code < 500, (route, resp.status_code)
    if _is_public(route):
        return
    if route.startswith("/api/"):
        assert resp.status_code in (401, 403, 404, 405), (route, resp.status_code)
    else:
        assert resp.status_code in (302, 403, 404, 405), (route, resp.status_code)
        if resp.status_code == 302:
            assert resp.headers["Location"].startswith("/accounts/login/"), route


@pytest.mark.parametrize("persona", [*PERSONA_ROLES, "nobody", "anonymous"])
def test_no_route_fails_and_empty_posts_write_nothing(client_as, world, persona):
    client = client_as(persona)
    routes = [r for r in plain_routes() if not r.startswith("/accounts/login/")]
    for route in routes:
        resp = client.get(route)
        assert resp.status_code < 500, (persona, "GET", route, resp.status_code)
    before = _counts()
    for route in routes:
        if route.startswith(("/i18n/", "/inbox/read/")):
            continue  # the language switch and mark-as-read change no data rows of note
        resp = client.post(route, {})
        assert resp.status_code < 500, (persona, "POST", route, resp.status_code)
    after = _counts()
    changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
    assert changed == {}, (persona, changed)
