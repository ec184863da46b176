"""Done-when, in Chromium: a trip produces a lead → it moves through the pipeline to 开工 →
monthly progress is reported → a coordination issue is raised and closed → the bulletin
downloads with the project in it. Also: an illegal kanban drop snaps back with the reason."""

from __future__ import annotations

import io

import pytest

from gaoxin.core.testing import browser_login, build_world, seed_live_database

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LEAD = "深圳华创新能源电池项目"


@pytest.fixture
def live_world(live_server):
    from gaoxin.projects.services import reference_data_ensure

    seed_live_database()
    world = build_world()
    reference_data_ensure(actor=None)
    return world


def alert_text(page):
    return page.locator(".alert").first.inner_text()


def test_trip_to_bulletin(live_server, live_world, page):
    from django.utils import timezone

    today = timezone.localdate()
    econ = live_world.units["econ"]
    browser_login(page, live_server.url, "officer")

    # 1. a trip to 深圳
    page.goto(f"{live_server.url}/projects/trips/")
    page.click("[data-testid=trip-new]")
    page.fill("#id_destination", "深圳")
    page.fill("#id_start_on", today.isoformat())
    page.fill("#id_end_on", today.isoformat())
    page.fill("#id_delegation", "管委会分管领导、经济发展局")
    page.fill("#id_companies_visited", "深圳华创科技有限公司\n深圳远航实业有限公司")
    page.select_option("#id_unit", str(econ.pk))
    page.click("button[type=submit]")
    page.wait_for_url("**/projects/trips/*/")
    assert "赴深圳招商" in page.locator(".gx-page-title").inner_text()

    # 2. it produces a lead (amount as written: 2亿)
    form = page.locator("[data-testid=lead-form]")
    form.locator("[name=name]").fill(LEAD)
    form.locator("[name=total_investment]").fill("2亿")
    form.locator("[name=unit]").select_option(str(econ.pk))
    form.locator("button").click()
    assert page.locator("[data-testid=lead-count]").inner_text() == "1"
    page.click(f"[data-testid=lead-link]:has-text('{LEAD}')")
    page.wait_for_url("**/projects/*/")
    assert page.locator("[data-testid=stage]").inner_text() == "线索"
    detail_url = page.url

    # an illegal drop on the kanban snaps back, with the reason
    page.goto(f"{live_server.url}/projects/pipeline/")
    card = page.locator("[data-testid=col-lead] .gx-kanban-card").first
    card.drag_to(page.locator("[data-testid=col-signed]"))
    message = page.locator("[data-testid=kanban-message]")
    message.wait_for(state="visible")
    assert message.inner_text() == "不能从“线索”直接变更为“签约”。当前阶段可变更为：储备、终止。"
    assert page.locator("[data-testid=col-lead] .gx-kanban-card").count() == 1
    assert page.locator("[data-testid=col-signed] .gx-kanban-card").count() == 0

    # 3. through the pipeline to 开工, one legal step at a time
    page.goto(detail_url)
    for stage in ("储备", "在谈", "签约", "开工"):
        page.locator("[data-testid=stage-form] select[name=to_stage]").select_option(label=stage)
        page.locator("[data-testid=stage-form] button").click()
        page.wait_for_load_state()
        assert page.locator("[data-testid=stage]").inner_text() == stage
    assert "节点" in page.locator("[data-testid=timeline]").inner_text()

    # it becomes a district key project with this year's plan
    page.click("[data-testid=edit]")
    page.select_option("#id_level", "district")
    page.fill("#id_year_plan", "6000")
    page.click("button[type=submit]")
    page.wait_for_url(detail_url)

    # 4. monthly progress
    page.click("[data-testid=tab-progress]")
    form = page.locator("[data-testid=progress-form]")
    form.locator("[name=amount]").fill("1500")
    form.locator("[name=progress]").fill("厂房基础施工")
    form.locator("button").click()
    page.wait_for_load_state()
    assert "调度已填报" in alert_text(page)

    # 5. a coordination issue, raised and closed
    page.click("[data-testid=tab-issues]")
    form = page.locator("[data-testid=issue-form]")
    form.locator("[name=title]").fill("施工用电接入")
    form.locator("[name=assigned_unit]").select_option(str(econ.pk))
    form.locator("button").click()
    page.wait_for_load_state()
    assert "协调问题已交办" in alert_text(page)
    page.click("[data-testid=tab-issues]")
    issue = page.locator("[data-testid=issue]").first
    issue.locator("[name=resolution]").fill("已接入临时用电")
    issue.locator("button:has-text('办结')").click()
    page.wait_for_load_state()
    assert "问题已办结" in alert_text(page)
    page.click("[data-testid=tab-issues]")
    assert "已解决" in page.locator("[data-testid=issue]").first.inner_text()

    # 6. the bulletin downloads with the project in it
    page.goto(f"{live_server.url}/projects/progress/?year={today.year}&month={today.month}")
    with page.expect_download() as info:
        page.click("[data-testid=bulletin]")
    download = info.value
    assert download.suggested_filename == f"重点项目调度通报-{today.year}年{today.month}月.docx"
    from docx import Document

    with open(download.path(), "rb") as fh:
        doc = Document(io.BytesIO(fh.read()))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    assert LEAD in cells
    assert "1500" in cells
