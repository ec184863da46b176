"""Every persona logs in through the real login form in Chromium and lands on a page of its own."""

import pytest

from gaoxin.core.testing import PASSWORD, browser_login, build_world, seed_live_database

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PERSONAS = ["admin", "leader", "officer", "hall_manager", "clerk", "handler", "operator", "enterprise"]


@pytest.fixture
def live_world(live_server):
    seed_live_database()
    return build_world()


def test_each_persona_logs_in_and_sees_its_shell(live_server, live_world, page):
    for name in PERSONAS:
        browser_login(page, live_server.url, name)
        assert page.locator("[data-testid=user-menu]").inner_text().strip() == name
        assert page.locator(".gx-page-title").first.inner_text().startswith("首页")


def test_wrong_password_is_refused_in_chinese(live_server, live_world, page):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "clerk")
    page.fill("#id_password", "not-the-password-1")
    page.click("button[type=submit]")
    assert "正确的用户名和密码" in page.locator("[data-testid=login-error]").inner_text()


def test_language_switch_to_english(live_server, live_world, page):
    page.goto(f"{live_server.url}/accounts/login/")
    with page.expect_navigation():
        page.select_option("select[name=language]", "en")
    assert page.locator("html").get_attribute("lang") == "en"


def test_pages_run_under_the_content_security_policy(live_server, live_world, page):
    """The CSP allows no external origin; the shell, htmx and echarts pages run with no violation."""
    violations: list[str] = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.on("pageerror", lambda exc: violations.append(str(exc)))
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "leader")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    for path in ["/", "/evalstats/", "/projects/", "/projects/funnel/", "/matching/", "/rectifications/"]:
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
    assert page.evaluate("typeof window.htmx") == "object"
    assert violations == []
