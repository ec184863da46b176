"""The closed loop as people live it, in Chromium: a real-name bad rating → the handler finds it
in the ledger → calls back and verifies → fixes → answers → the rater rates the fix → closed;
the statistics change accordingly."""

from datetime import timedelta

import pytest
from django.utils import timezone

from gaoxin.core.testing import browser_login, build_world, seed_live_database
from gaoxin.evaluations.enums import Level
from gaoxin.rectifications.enums import Status
from gaoxin.rectifications.models import WorkOrder
from gaoxin.rectifications.tests.factory import build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _zone_total(page, base):
    resp = page.request.get(f"{base}/api/v1/evalstats/figures?dimension=department&period=year")
    assert resp.status == 200, resp.text()
    return resp.json()["total"]


def test_bad_rating_to_closed_in_chromium(live_server, page):
    seed_live_database()
    loop = build(build_world())
    rating = loop.rate(
        level=Level.DISSATISFIED, when=timezone.now() - timedelta(hours=1), text="窗口排队等了两个小时，没人管"
    )
    order = WorkOrder.objects.get(rating=rating)
    base = live_server.url

    browser_login(page, base, "hall_manager")
    before = _zone_total(page, base)
    assert (before["bad"], before["fix_rate"], before["callback_rate"]) == (1, 0.0, 0.0)

    browser_login(page, base, "handler")
    page.goto(f"{base}/rectifications/")
    page.click(f"text={order.number}")
    page.wait_for_url(f"{base}/rectifications/{order.pk}/")

    verify = page.locator("form[action$='/verify/']")
    verify.locator("[name=called_back]").check()
    verify.locator("[name=callback_notes]").fill("已电话联系评价人，了解排队情况")
    verify.locator("[name=finding]").select_option("true")
    verify.locator("[name=notes]").fill("高峰时段只开一个窗口，情况属实")
    verify.locator("button").click()

    plan = page.locator("form[action$='/plan/']")
    plan.locator("[name=mode]").select_option("immediate")
    plan.locator("[name=plan]").fill("高峰时段增开两个综合窗口，设置引导员")
    plan.locator("button").click()

    answer = page.locator("form[action$='/answer/']")
    answer.locator("[name=answer]").fill("您好，已增开窗口并设引导员，感谢监督。")
    answer.locator("button").click()
    page.wait_for_load_state()

    order.refresh_from_db()
    assert order.status == Status.ANSWERED
    assert order.called_back is True

    # The rater rates the fix (the SMS link leads to the rating page; here through the service).
    loop.rate(level=Level.SATISFIED, when=timezone.now(), case=order.case, rating_no=2)
    order.refresh_from_db()
    assert order.status == Status.CLOSED
    page.reload()
    assert "已办结" in page.locator("body").inner_text()

    browser_login(page, base, "hall_manager")
    after = _zone_total(page, base)
    assert (after["bad"], after["fix_rate"], after["callback_rate"], after["on_time_rate"]) == (
        1,
        100.0,
        100.0,
        100.0,
    )  # percentages
