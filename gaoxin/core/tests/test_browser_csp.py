"""In Chromium, under the real Content-Security-Policy (script-src 'self'): the pages whose scripts
moved to static files draw their charts and do what they did, the browser refuses nothing and no
script throws; the shared data-gx-* behaviours (confirm, autosubmit, select, print, back) work."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from gaoxin.core.testing import browser_login, build_world, seed_live_database

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class Watch:
    """What the browser said while a page ran: refused resources and uncaught script errors."""

    def __init__(self, page) -> None:
        self.refused: list[str] = []
        self.errors: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _console(self, message) -> None:
        if message.type == "error" and ("Content Security Policy" in message.text or "Refused to" in message.text):
            self.refused.append(message.text)

    def assert_clean(self, where: str) -> None:
        assert (self.refused, self.errors) == ([], []), where


@pytest.fixture
def live_world(live_server):
    from gaoxin.evaluations.policy import invalidate_policy_cache
    from gaoxin.evaluations.services import hall_create, staff_create, window_create
    from gaoxin.matching.tests.conftest import build_net
    from gaoxin.projects.models import AttractionMode, IndustryGroup
    from gaoxin.projects.services import ProjectData, project_create, reference_data_ensure

    seed_live_database()
    invalidate_policy_cache()
    world = build_world()
    build_net(world)
    reference_data_ensure(actor=None)
    u = world.units
    project = project_create(
        actor=None,
        data=ProjectData(
            name="聊城新材料产业园项目",
            unit=u["econ"],
            total_investment=Decimal(60000),
            level="district",
            industry=IndustryGroup.objects.get(name="高端装备"),
            mode=AttractionMode.objects.get(name="以商招商"),
            is_manufacturing=True,
            chain_tag="",
        ),
        code="GX-CSP-001",
    )
    hall = hall_create(actor=None, unit=u["hall"], code="GXDT")
    hall_create(actor=None, unit=u["town_center"], code="XYZX", kind="town")
    window = window_create(actor=None, hall=hall, number="1", name="企业开办", department=u["market"])
    staff = staff_create(actor=None, user=world.clerk, hall=hall, window=window, job_number="GX001")
    return {"world": world, "project": project, "hall": hall, "staff": staff}


def drawn(page, selector: str) -> bool:
    """ECharts drew into the container: it holds a canvas (or an svg) with a size."""
    return page.locator(f"{selector} canvas, {selector} svg").first.evaluate("e => e.clientWidth > 0")


def test_pages_with_moved_scripts_run_under_the_policy(live_server, live_world, page):
    base, project = live_server.url, live_world["project"]
    watch = Watch(page)
    response = page.goto(f"{base}/accounts/login/")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self';" in csp
    assert "unsafe-eval" not in csp
    browser_login(page, base, "admin")
    assert page.evaluate("htmx.config.allowEval") is False
    watch.assert_clean("login and home")

    # 招商看板: the kanban lists are sortable (pipeline.js ran after Sortable)
    page.goto(f"{base}/projects/pipeline/")
    assert page.locator(".gx-kanban-card").count() == 1
    assert page.evaluate("Array.from(document.querySelectorAll('.gx-kanban-list')).every(l => Sortable.get(l))")
    watch.assert_clean("pipeline")

    page.goto(f"{base}/projects/funnel/")
    assert drawn(page, "#funnel")
    tip = page.evaluate(
        """() => {
            const chart = echarts.getInstanceByDom(document.getElementById('funnel'));
            chart.dispatchAction({type: 'showTip', seriesIndex: 0, dataIndex: 0});
            return document.querySelector('#funnel').lastElementChild.textContent;
        }"""
    )
    assert re.fullmatch(r".+：\d+ 个，\d+\.\d\d 亿元", tip.strip()), tip  # units from the page's data-*
    watch.assert_clean("funnel")

    page.goto(f"{base}/projects/rankings/")
    peer_field = page.locator("form.row input:not([type=hidden])").first
    assert "form-control-sm" in peer_field.get_attribute("class")
    watch.assert_clean("rankings")

    # a link to the project's #progress opens that tab
    page.goto(f"{base}/projects/{project.pk}/#progress")
    page.locator("#progress.active.show").wait_for(state="visible")
    watch.assert_clean("project detail")

    # a record form: Bootstrap classes on its fields, and 返回 goes back
    page.goto(f"{base}/projects/")
    page.goto(f"{base}/projects/new/")
    assert "form-control" in page.locator("#id_name").get_attribute("class")
    assert "form-select" in page.locator("#id_level").get_attribute("class")
    page.get_by_role("link", name="返回", exact=True).click()
    page.wait_for_url(f"{base}/projects/")
    watch.assert_clean("record form")

    page.goto(f"{base}/evalstats/")
    assert drawn(page, "#trend")
    watch.assert_clean("evalstats overview")

    page.goto(f"{base}/matching/")
    assert drawn(page, "#chart-bases")
    assert drawn(page, "#chart-groups")
    assert page.evaluate(
        "echarts.getInstanceByDom(document.getElementById('chart-bases')).getOption().series.map(s => s.name)"
    ) == ["需求", "已解决", "成交", "转入", "转出"]
    watch.assert_clean("matching figures")

    # pages we do not template ourselves run under the same policy
    page.goto(f"{base}/admin/")
    page.locator("#content").wait_for()
    watch.assert_clean("Django admin")
    page.goto(f"{base}/api/v1/docs")
    page.locator("#swagger-ui .info").wait_for()
    watch.assert_clean("API docs")


def test_shared_behaviours_need_no_inline_script(live_server, live_world, page):
    from gaoxin.core.models import ApiToken
    from gaoxin.core.tokens import api_token_issue
    from gaoxin.evaluations.services import staff_qr_token

    base, hall = live_server.url, live_world["hall"]
    token, _key = api_token_issue(actor=None, name="园区大数据平台", scopes=["evaluations.read"])
    watch = Watch(page)
    browser_login(page, base, "admin")

    # data-gx-confirm: cancelling keeps the token, accepting revokes it; the question is translated text
    questions: list[str] = []
    answer = {"accept": False}

    def on_dialog(dialog) -> None:
        questions.append(dialog.message)
        dialog.accept() if answer["accept"] else dialog.dismiss()

    page.on("dialog", on_dialog)
    page.goto(f"{base}/core/tokens/")
    page.get_by_role("button", name="吊销").click()
    assert page.url == f"{base}/core/tokens/"
    token.refresh_from_db()
    assert token.revoked_at is None
    answer["accept"] = True
    with page.expect_navigation():
        page.get_by_role("button", name="吊销").click()
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    assert questions == ["确定吊销该令牌？使用它的系统将立即无法访问。"] * 2
    watch.assert_clean("tokens")

    # data-gx-autosubmit: the hall picker of the feed switches hall on change; htmx still polls
    page.goto(f"{base}/evaluations/feed/?hall={hall.pk}")
    assert "form-select-sm" in page.locator("#feed-filters select").first.get_attribute("class")
    with page.expect_request(lambda r: "/evaluations/feed/" in r.url and r.headers.get("hx-request") == "true"):
        pass
    town = page.locator("select[name=hall][data-gx-autosubmit] option", has_text="许营镇").get_attribute("value")
    with page.expect_navigation():
        page.locator("select[name=hall][data-gx-autosubmit]").select_option(town)
    assert page.url.endswith(f"?hall={town}")
    watch.assert_clean("feed")

    # data-gx-print on a standalone print page (window.print stubbed: headless has no printer)
    page.add_init_script("window.print = () => { window.gxPrinted = (window.gxPrinted || 0) + 1; };")
    page.goto(f"{base}{reverse('evaluations:cards')}?hall={hall.pk}")
    page.get_by_role("button", name="打印").click()
    assert page.evaluate("window.gxPrinted") == 1
    watch.assert_clean("cards")

    # the phone rating form: real-name fields only for a real-name rating; the tags' title follows the level
    page.goto(f"{base}{reverse('evaluations:rate_static', args=[staff_qr_token(live_world['staff'])])}")
    assert page.locator("#rn").is_hidden()
    page.get_by_text("实名评价", exact=True).click()
    assert page.locator("#rn").is_visible()
    page.get_by_text("不满意", exact=True).click()
    assert page.locator("#tags-title").inner_text() == "您不满意的方面（可多选）"
    watch.assert_clean("mobile rating")

    # kiosk pairing: a malformed token is refused with the translated message
    page.goto(f"{base}{reverse('evaluations:kiosk_pair')}")
    page.fill("#pair-token", "not-a-token")
    page.get_by_role("button", name="保存并进入评价器").click()
    assert page.locator("#pair-status").inner_text() == "令牌格式不正确。"
    watch.assert_clean("kiosk pair")
