"""Shared fixtures: the persona world, clients logged in as each persona, query counting."""

from __future__ import annotations

import os
import shutil
import threading

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)


@pytest.fixture(autouse=True)
def _default_language_after_each_test():
    """A test client's request in English leaves English active in the test's thread (Django's
    LocaleMiddleware activates the request's language and nothing deactivates it), so services
    called later in the same process wrote English messages: each test ends in the default."""
    yield
    from django.utils import translation

    translation.deactivate()


@pytest.fixture(autouse=True)
def _one_request_at_a_time_on_shared_sqlite(request):
    """On SQLite, a browser test's live server answers from the test database's one in-memory
    connection, shared by all its request threads; two requests at once corrupt each other's
    statements ("bad parameter or other API misuse", a token read that finds nothing and so a
    403). The live server serves them one at a time (on PostgreSQL each thread has its own)."""
    if "live_server" not in request.fixturenames:
        yield
        return
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection

    if connection.vendor != "sqlite":
        yield
        return
    lock = threading.Lock()
    original = WSGIHandler.__call__

    def one_at_a_time(self, environ, start_response):
        with lock:
            return original(self, environ, start_response)

    WSGIHandler.__call__ = one_at_a_time  # type: ignore[method-assign]
    try:
        yield
    finally:
        WSGIHandler.__call__ = original  # type: ignore[method-assign]


@pytest.fixture
def world(db):
    from django.core.cache import cache

    from gaoxin.core.calendar import invalidate_calendar_cache
    from gaoxin.core.testing import build_world

    invalidate_calendar_cache()
    cache.clear()  # like the database, the cache starts empty (SQLite reuses ids after a rollback)
    return build_world()


@pytest.fixture
def client_as(client, world):
    """client_as("hall_manager") -> a Django test client logged in as that persona."""

    def login(name: str):
        if name == "anonymous":
            client.logout()
        else:
            client.force_login(world.users[name])
        return client

    return login


@pytest.fixture
def count_queries(db):
    """with count_queries() as q: ...; then len(q) is the number of queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    return lambda: CaptureQueriesContext(connection)


@pytest.fixture(scope="session")
def browser():
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (apt-get install chromium): browser tests skipped")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(10_000)
    yield pg
    context.close()
