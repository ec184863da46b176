"""Pages, downloads and the API: exact content and pinned query counts."""

from __future__ import annotations

import io
import json

import pytest
import time_machine

from gaoxin.projects.models import StageChange

pytestmark = pytest.mark.django_db


@pytest.fixture
def pipeline_world(world, make_project, started_project):
    """One project per early stage in the econ bureau, plus the started one."""
    from datetime import date

    from gaoxin.projects.services import project_stage_move

    officer = world.users["officer"]
    with time_machine.travel("2022-06-01 10:00 +0800", tick=False):
        lead = make_project("econ", code="P-LEAD", name="线索项目", stage="lead", stage_since=date(2022, 3, 1))
        nego = make_project("econ", code="P-NEGO", name="在谈项目", stage="lead", stage_since=date(2022, 3, 1))
        project_stage_move(actor=officer, project=nego, to_stage="reserve", on=date(2022, 3, 11))
        project_stage_move(actor=officer, project=nego, to_stage="negotiating", on=date(2022, 4, 10))
    return {"lead": lead, "nego": nego, "started": started_project}


PAGES = [
    "/projects/",
    "/projects/?stage=lead&industry=1&level=key",
    "/projects/pipeline/",
    "/projects/funnel/",
    "/projects/progress/?year=2022&month=6",
    "/projects/issues/",
    "/projects/events/",
    "/projects/trips/",
    "/projects/rankings/?year=2022&month=6",
    "/projects/manufacturing/?year=2022",
    "/projects/new/",
]


@pytest.mark.parametrize("url", PAGES)
def test_pages_render_for_the_officer(client_as, pipeline_world, url):
    resp = client_as("officer").get(url)
    assert resp.status_code == 200
    assert "<html" in resp.content.decode()


@pytest.mark.parametrize(("language", "units"), [("zh-hans", ("个", "亿元")), ("en", ("projects", "100M yuan"))])
def test_the_funnel_tooltip_s_units_are_translated(client_as, pipeline_world, language, units):
    from django.conf import settings

    client = client_as("officer")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get("/projects/funnel/").content.decode()
    assert f'data-lang="{language}" data-count-unit="{units[0]}" data-amount-unit="{units[1]}"' in html


def _measure(client, count_queries, urls):
    counts = {}
    for url in urls:
        with count_queries() as q:
            assert client.get(url).status_code == 200
        counts[url] = len(q)
    return counts


def test_query_counts_are_pinned_and_do_not_grow_with_rows(client_as, pipeline_world, make_project, count_queries):
    from datetime import date

    from gaoxin.core.calendar import work_calendar
    from gaoxin.projects.services import issue_raise, progress_report

    with time_machine.travel("2022-06-03 10:00 +0800", tick=False):
        progress_report(actor=None, project=pipeline_world["started"], year=2022, month=5, amount=70)
        issue_raise(
            actor=None, project=pipeline_world["started"], title="问题", assigned_unit=pipeline_world["started"].unit
        )
    work_calendar()  # loaded once per process (cached), not per page
    client = client_as("officer")
    pk = pipeline_world["started"].pk
    urls = [
        "/projects/",
        "/projects/pipeline/",
        "/projects/funnel/",
        "/projects/progress/?year=2022&month=6",
        f"/projects/{pk}/",
        "/projects/issues/",
        "/projects/rankings/?year=2022&month=6",
    ]
    first = _measure(client, count_queries, urls)
    assert first == {
        "/projects/": 13,
        "/projects/pipeline/": 16,
        "/projects/funnel/": 10,
        "/projects/progress/?year=2022&month=6": 17,
        f"/projects/{pk}/": 21,
        "/projects/issues/": 10,
        "/projects/rankings/?year=2022&month=6": 15,
    }
    with time_machine.travel("2022-07-03 10:00 +0800", tick=False):
        for i in range(4):
            p = make_project(
                "econ",
                code=f"MORE-{i}",
                stage="started",
                signed_on=date(2021, 5, 1),
                started_on=date(2021, 6, 1),
                year_plans={2022: 1000},
            )
            progress_report(actor=None, project=p, year=2022, month=6, amount=100)
            issue_raise(actor=None, project=p, title="问题", assigned_unit=p.unit)
        progress_report(actor=None, project=pipeline_world["started"], year=2022, month=6, amount=50)
    assert _measure(client, count_queries, urls) == first


def test_home_panel_queries_are_fixed(world, pipeline_world, count_queries):
    from gaoxin.projects.dashboard import panels

    leader = world.users["leader"]
    with count_queries() as q:
        [panel] = panels(leader)
    assert len(q) == 7  # the projects and their plans of the year read once, summed in Python (was 15)
    assert (panel["f"]["key_count"], panel["f"]["started_count"]) == (1, 1)


def test_empty_states(client_as, world, ref):
    client = client_as("leader")
    assert "没有符合条件的项目" in client.get("/projects/").content.decode()
    assert "暂无招商活动" in client.get("/projects/events/").content.decode()
    assert "该年度没有纳入调度的重点项目" in client.get("/projects/progress/?year=2022").content.decode()


def test_kanban_drop_uses_the_same_validation(client_as, pipeline_world):
    client = client_as("officer")
    lead = pipeline_world["lead"]
    url = f"/projects/{lead.pk}/stage/"
    resp = client.post(url, {"to_stage": "signed"}, HTTP_ACCEPT="application/json")
    assert resp.status_code == 409
    assert resp.json() == {
        "ok": False,
        "message": "不能从“线索”直接变更为“签约”。当前阶段可变更为：储备、终止。",
        "stage": "lead",
    }
    assert StageChange.objects.filter(project=lead).count() == 1
    with time_machine.travel("2022-06-02 10:00 +0800", tick=False):
        resp = client.post(url, {"to_stage": "reserve"}, HTTP_ACCEPT="application/json")
    assert resp.json() == {"ok": True, "message": "“线索项目”已变更为“储备”。", "stage": "reserve"}


def test_bulletin_is_a_word_document_with_the_projects(client_as, pipeline_world):
    from docx import Document

    resp = client_as("leader").get("/projects/bulletin/?year=2022&month=6")
    assert resp.status_code == 200
    assert resp["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    doc = Document(io.BytesIO(resp.content))
    assert doc.paragraphs[0].text == "重点项目建设调度通报（2022年1–6月）"
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    assert "测试项目GX2022-001" in cells
    assert "经济发展局" in cells


def test_export_is_the_filtered_list(client_as, pipeline_world):
    from openpyxl import load_workbook

    resp = client_as("officer").get("/projects/export/?stage=negotiating")
    wb = load_workbook(io.BytesIO(b"".join(resp.streaming_content)))
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    assert rows[0][:3] == ("项目编码", "项目名称", "项目级别")
    assert [r[:2] for r in rows[1:]] == [("P-NEGO", "在谈项目")]
    assert wb.worksheets[1].title == "筛选条件"


def test_api_list_detail_pipeline(client_as, pipeline_world):
    client = client_as("officer")
    data = client.get("/api/v1/projects/?stage=negotiating").json()
    assert data["count"] == 1
    assert data["items"][0]["code"] == "P-NEGO"
    pk = pipeline_world["started"].pk
    detail = client.get(f"/api/v1/projects/{pk}").json()
    assert (detail["stage"], detail["year_plans"], detail["amount_class"]) == (
        "started",
        [{"year": 2022, "amount": "12000.00"}],
        "above_5",
    )
    summary = client.get("/api/v1/projects/pipeline").json()
    assert summary["total"] == 3
    assert [(g["key"], g["count"]) for g in summary["groups"]] == [
        ("reserve", 1),
        ("negotiating", 1),
        ("signed", 0),
        ("implementing", 1),
    ]
    resp = client.post(
        f"/api/v1/projects/{pipeline_world['lead'].pk}/stage",
        json.dumps({"to_stage": "started"}),
        content_type="application/json",
    )
    assert resp.status_code == 409
    assert resp.json()["code"] == "stage_jump"


def test_api_refuses_other_roles(client_as, pipeline_world):
    assert client_as("clerk").get("/api/v1/projects/").status_code == 403
    assert client_as("other_officer").get(f"/api/v1/projects/{pipeline_world['lead'].pk}").status_code == 404


def _project_routes():
    from gaoxin.core.tests.test_sweep import plain_routes

    return [r for r in plain_routes() if r.startswith(("/projects/", "/api/v1/projects"))]


@pytest.mark.parametrize(
    "persona", ["admin", "leader", "officer", "clerk", "operator", "enterprise", "nobody", "anonymous"]
)
def test_every_route_answers_and_empty_posts_write_nothing(client_as, pipeline_world, persona):
    from django.apps import apps

    client = client_as(persona)
    routes = _project_routes()
    assert len(routes) >= 15
    for route in routes:
        assert client.get(route).status_code < 500, route
    before = {m._meta.label: m._default_manager.count() for m in apps.get_models()}
    for route in routes:
        assert client.post(route, {}).status_code < 500, route
    after = {m._meta.label: m._default_manager.count() for m in apps.get_models()}
    assert {k: (before[k], after[k]) for k in before if before[k] != after[k]} == {}


def test_every_list_exports_and_the_export_is_audited(client_as, world, pipeline_world):
    from datetime import date

    from openpyxl import load_workbook

    from gaoxin.core.models import AuditEvent
    from gaoxin.projects.services import event_create, issue_raise, trip_create

    econ = world.units["econ"]
    event_create(actor=None, kind="online", title="线上推介会", held_on=date(2022, 5, 1), unit=econ)
    trip_create(
        actor=None,
        destination="洛阳",
        start_on=date(2022, 5, 2),
        end_on=date(2022, 5, 4),
        delegation="经发局",
        unit=econ,
        companies_visited="洛阳甲公司\n洛阳乙公司",
    )
    issue_raise(actor=None, project=pipeline_world["started"], title="用电", assigned_unit=econ)
    client = client_as("leader")
    expected = {
        "/projects/events/?export=1": ("线上推介会", 1),
        "/projects/trips/?export=1&city=洛阳": ("洛阳", 1),
        "/projects/issues/export/": ("测试项目GX2022-001", 1),
        "/projects/progress/export/?year=2022&month=6": ("GX2022-001", 1),
        "/projects/export/": ("GX2022-001", 3),
    }
    for url, (first_cell, rows) in expected.items():
        resp = client.get(url)
        assert resp.status_code == 200, url
        sheet = load_workbook(io.BytesIO(b"".join(resp.streaming_content))).worksheets[0]
        data = list(sheet.iter_rows(min_row=2, values_only=True))
        assert len(data) == rows, url
        assert first_cell in data[0], url
    assert AuditEvent.objects.filter(action="export", actor=world.users["leader"]).count() == 5


def test_api_offsets_beyond_the_integers_are_not_a_server_error(client_as, pipeline_world):
    """Found by fuzzing with this session's seed (`GET /api/v1/projects/?offset=321748581972587184128`:
    500, SQLite's "datatype mismatch" on the OFFSET the ORM writes into the SQL). Every list's
    offset is bounded: refused (422) where the schema or the paging check bounds it, clamped to
    the last row (an empty page) where the list clamps its paging."""
    client = client_as("admin")
    huge = "321748581972587184128"
    answers = [
        (resp.status_code, resp.json().get("code") if resp.status_code != 200 else resp.json())
        for url in (
            f"/api/v1/projects/?offset={huge}",
            f"/api/v1/matching/needs?offset={huge}",
            f"/api/v1/matching/resources?offset={huge}",
            f"/api/v1/rectifications/orders?offset={huge}",
        )
        for resp in [client.get(url)]
    ]
    assert answers[:3] == [(422, "invalid"), (400, "paging"), (400, "paging")]
    assert answers[3] == (200, [])
    items = client.get(f"/api/v1/evaluations/ratings?offset={huge}").json()
    assert (items["items"], items["offset"]) == ([], 2**31 - 1)


def test_api_ids_beyond_the_database_are_invalid_input_not_a_server_error(client_as, pipeline_world, monkeypatch):
    """Found by fuzzing the production stack: `?unit=-36893488147419103233` overflowed SQLite's
    integers (500). Ids in the query string and path are checked first; an OverflowError from
    anywhere else in an API request is answered as invalid input too."""
    client = client_as("officer")
    huge = "36893488147419103233"
    answers = {
        url: (resp.status_code, resp.json()["code"])
        for url in (
            f"/api/v1/projects/pipeline?unit=-{huge}",
            f"/api/v1/projects/pipeline?industry={huge}",
            f"/api/v1/projects/?unit={huge}",
            f"/api/v1/projects/{huge}",
            f"/api/v1/enterprises/{huge}",
            f"/api/v1/rectifications/orders/{huge}",
            f"/api/v1/matching/needs/{huge}",
        )
        for resp in [client.get(url)]
    }
    # check_ids answers 400 (as the ratings API always did), the schema's bounds 422
    assert list(answers.values()) == [(400, "invalid")] * 2 + [(422, "invalid")] + [(400, "invalid")] * 4
    from gaoxin.projects import selectors

    def overflow(*args, **kwargs):
        raise OverflowError("Python int too large to convert to SQLite INTEGER")

    monkeypatch.setattr(selectors, "pipeline_summary", overflow)
    resp = client.get("/api/v1/projects/pipeline")
    assert (resp.status_code, resp.json()) == (
        422,
        {"code": "invalid", "message": "请求中的数值超出范围。", "details": None},
    )
