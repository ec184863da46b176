"""Done-when, in Chromium: an enterprise posts a need → the operator sees ranked matches
with reasons → refers one to another base → that base records the docking → the need is
resolved and rated; the base's figures change."""

from __future__ import annotations

import pytest

from gaoxin.core.testing import browser_login, seed_live_database

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def live_net(live_server):
    from gaoxin.core.testing import build_world
    from gaoxin.matching.tests.conftest import build_net

    seed_live_database()
    return build_net(build_world())


def kpi(page, name):
    return page.locator(f".base-kpis [data-kpi={name}]").first.inner_text().strip()


def test_need_to_rated_resolution_across_bases(live_server, live_net, page):
    url = live_server.url
    # the base's figures before
    browser_login(page, live_server.url, "operator")
    page.goto(f"{url}/matching/")
    assert kpi(page, "needs") == "0 / 0"
    assert kpi(page, "referrals") == "0 / 0"

    # 1. the enterprise posts a need
    browser_login(page, live_server.url, "enterprise")
    page.goto(f"{url}/matching/needs/new/")
    page.select_option("#id_type", "market")
    page.fill("#id_title", "疫情影响订单下滑，寻找新疆的自动化改造客户")
    page.fill("#id_description", "我司做工业机器人系统集成，希望找到新疆有产线自动化改造需求的工厂。")
    page.fill("#id_regions", "新疆")
    page.fill("#id_amount_wan", "200")
    with page.expect_navigation():
        page.click("form button[type=submit]")
    assert "需求已提交" in page.content()
    assert page.locator("#need-status").inner_text() == "匹配中"
    need_url = page.url

    # bad input is refused in Chinese and writes nothing
    page.goto(f"{url}/matching/needs/new/")
    page.fill("#id_title", "x")
    page.fill("#id_amount_wan", "-3")
    page.click("form button[type=submit]")
    assert "金额不能为负数。" in page.locator(".alert").first.inner_text()

    # 2. the operator sees ranked matches with reasons
    browser_login(page, live_server.url, "operator")
    page.goto(need_url)
    matches = page.locator(".match")
    assert matches.count() == 2
    first = matches.nth(0)
    assert first.get_attribute("data-resource") == "乌鲁木齐汽车零部件厂采购包装线机器人码垛改造"
    first.locator("summary").click()
    assert "地区匹配：新疆" in first.locator("table").inner_text()

    # 3. … and refers it to the 乌鲁木齐 base
    with page.expect_navigation():
        first.locator(".refer-form button").click()
    assert "已转介至启迪之星(乌鲁木齐)孵化基地" in page.content()

    # 4. the receiving base accepts the referral and records the docking with a deal
    browser_login(page, live_server.url, "urumqi_operator")
    page.goto(f"{url}/matching/referrals/")
    row = page.locator(".referral-row").first
    assert "疫情影响订单下滑" in row.inner_text()
    with page.expect_navigation():
        row.locator("button[value=accepted]").click()
    page.goto(need_url)
    form = page.locator("#docking-form")
    form.locator("select[name=match]").select_option(index=1)
    form.locator("input[name=held_on]").fill("2022-10-20")
    form.locator("input[name=place]").fill("乌鲁木齐")
    form.locator("select[name=outcome]").select_option("deal")
    form.locator("input[name=deal_amount_wan]").fill("248.5")
    with page.expect_navigation():
        form.locator("button").click()
    assert "对接已记录" in page.content()
    assert page.locator("#need-status").inner_text() == "对接中"
    assert "成交 248.50 万元" in page.locator(".docking").first.inner_text()

    # 5. the serving base resolves the need
    browser_login(page, live_server.url, "operator")
    page.goto(need_url)
    with page.expect_navigation():
        page.click("button[value=resolved]")
    assert page.locator("#need-status").inner_text() == "已解决"

    # 6. the enterprise rates the help
    browser_login(page, live_server.url, "enterprise")
    page.goto(need_url)
    page.select_option("#rate-form select[name=rating]", "5")
    page.fill("#rate-form input[name=text]", "跨城市对接很高效")
    with page.expect_navigation():
        page.click("#rate-form button")
    assert page.locator("#need-rating").inner_text() == "5 ★ 跨城市对接很高效"

    # the base's figures changed
    browser_login(page, live_server.url, "operator")
    page.goto(f"{url}/matching/")
    assert kpi(page, "needs") == "1 / 1"
    assert kpi(page, "referrals") == "1 / 0"
