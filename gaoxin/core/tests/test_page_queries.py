"""Query counts of every main page, as each persona sees it, pinned — and flat as data grows.

The pages are those `benchmarks/pages_bench.py` times: the home page, every item of the
persona's menu, and the main detail pages (a project, an enterprise and its 足迹 timeline,
a work order, a need, a base, an event, a trip) that the persona may open. The data has one
of every kind of record (ratings good and bad, work orders, cases, enterprises, needs,
trail, events, resources, projects with progress and issues, attraction events and trips
with leads); the counts are taken, three more of every kind are added, and the counts must
not move: a page whose queries grow with its rows has an N+1.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine

from gaoxin.core.nav import menu_for
from gaoxin.core.workdays import SHANGHAI

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=SHANGHAI)
# the demo's personas, as the test world names them (econ/invest officers are both `officer`)
PERSONAS = ["admin", "leader", "officer", "hall_manager", "clerk", "handler", "operator", "enterprise"]
DETAILS = [
    ("project", "/projects/{}/"),
    ("enterprise", "/enterprises/{}/"),
    ("enterprise", "/matching/enterprises/{}/timeline/"),
    ("order", "/rectifications/{}/"),
    ("need", "/matching/needs/{}/"),
    ("base", "/matching/bases/{}/"),
    ("mevent", "/matching/events/{}/"),
    ("pevent", "/projects/events/{}/"),
    ("trip", "/projects/trips/{}/"),
]


class PageData:
    """One of every record the main pages show, and `grow(n)` to add n more of each."""

    def __init__(self, world) -> None:  # type: ignore[no-untyped-def]
        from gaoxin.evaluations.services import device_register
        from gaoxin.matching.tests.conftest import build_net
        from gaoxin.projects.models import AttractionMode, IndustryGroup
        from gaoxin.projects.services import reference_data_ensure
        from gaoxin.rectifications.tests.factory import build

        self.world = world
        self.loop = build(world)
        self.net = build_net(world)
        device_register(actor=None, hall=self.loop.hall, name="2号窗口评价器", window=self.loop.windows["approval"])
        reference_data_ensure(actor=None)
        self.industry = IndustryGroup.objects.get(name="高端装备")
        self.mode = AttractionMode.objects.get(name="以商招商")
        self.n = 0
        self.ids: dict[str, int] = {}

    def grow(self, count: int) -> None:
        for _ in range(count):
            self.n += 1
            self._one(self.n)

    def _one(self, i: int) -> None:
        from gaoxin.enterprises.enums import QualificationKind
        from gaoxin.enterprises.models import Industry
        from gaoxin.enterprises.services import enterprise_create, qualification_add
        from gaoxin.enterprises.tests.conftest import make_uscc
        from gaoxin.evaluations.enums import Level
        from gaoxin.evaluations.services import case_create
        from gaoxin.matching.services import (
            event_create,
            event_register,
            incubation_sign,
            need_create,
            resource_create,
            trail_log,
        )
        from gaoxin.projects.services import (
            ProjectData,
            issue_raise,
            lead_create,
            progress_report,
            project_create,
            trip_create,
        )
        from gaoxin.projects.services import (
            event_create as attraction_event_create,
        )
        from gaoxin.rectifications.models import WorkOrder

        u, users = self.world.units, self.world.users
        day = NOW - timedelta(days=20 - i)
        # 好差评: a good rating, a bad one at the handler's department, an anonymous bad one elsewhere
        loop = self.loop
        loop.rate(level=Level.VERY_SATISFIED, when=day, text="办事效率高")
        bad = loop.rate(level=Level.DISSATISFIED, when=day + timedelta(hours=1), text="排队时间太长")
        loop.rate(level=Level.VERY_DISSATISFIED, when=day + timedelta(hours=2), window="market", real_name=False)
        with time_machine.travel(day, tick=False):
            case_create(
                actor=None,
                number=f"OPEN{i:04d}",
                item=loop.items["approval"],
                hall=loop.hall,
                window=loop.windows["approval"],
                staff=loop.staff,
                applicant_name="赵六",
                applicant_phone="13800001234",
            )
        # enterprises and 足迹
        net, base, operator = self.net, self.net.bases["liaocheng"], users["operator"]
        firm = enterprise_create(
            actor=None,
            name=f"聊城测试{i}号科技有限公司",
            uscc=make_uscc(f"MA{i:07d}"),
            unit=u["base"],
            industry=Industry.objects.get(code="65"),
            tags=["智能制造"],
        )
        qualification_add(actor=None, enterprise=firm, kind=QualificationKind.TECH_SME, valid_from=date(2026, 1, 5))
        incubation_sign(actor=None, base=base, enterprise=firm, signed_on=date(2025, 3, 1), stage="startup")
        need = need_create(
            actor=operator,
            enterprise=firm,
            base=base,
            type="market",
            title=f"寻找自动化改造客户{i}",
            description="机器人系统集成",
            regions=["山东"],
            now=day,
        )
        trail_log(actor=operator, base=base, enterprise=firm, kind="visit", occurred_at=day, summary=f"走访{i}")
        event = event_create(actor=operator, base=base, title=f"路演{i}", kind="roadshow", held_on=day.date(), now=day)
        event_register(
            actor=operator, event=event, enterprises=[firm, net.enterprises["siwei"]], attended=True, now=day
        )
        resource_create(
            actor=None,
            base=base,
            rematch=False,
            now=day,
            type="space",
            title=f"标准厂房{i}号",
            description="可分割出租",
            regions=["371500"],
            capacity=2,
            remaining=1,
        )
        # 项目立区: a started key project with a plan, progress and an issue; an event and a trip with leads
        data = ProjectData(
            name=f"测试项目{i}",
            unit=u["econ"],
            total_investment=Decimal(20000 + i),
            level="district",
            industry=self.industry,
            mode=self.mode,
            is_manufacturing=True,
        )
        with time_machine.travel(day, tick=False):
            project = project_create(
                actor=None,
                data=data,
                code=f"GX2026-{i:03d}",
                stage="started",
                signed_on=date(2025, 12, 1),
                started_on=date(2026, 2, 15),
                year_plans={2026: 12000},
            )
            progress_report(actor=None, project=project, year=2026, month=10, amount=100)
            issue_raise(actor=None, project=project, title=f"用地问题{i}", assigned_unit=u["econ"])
            pevent = attraction_event_create(
                actor=None, kind="promotion", title=f"推介会{i}", held_on=day.date(), unit=u["invest"]
            )
            trip = trip_create(
                actor=None,
                destination="深圳",
                start_on=day.date(),
                end_on=day.date(),
                delegation="招商服务中心",
                unit=u["invest"],
            )
            lead = ProjectData(
                name=f"线索{i}", unit=u["invest"], total_investment=Decimal(5000), industry=self.industry
            )
            lead_create(actor=None, data=lead, event=pevent, on=day.date())
            lead_create(
                actor=None, data=ProjectData(**{**lead.__dict__, "name": f"线索{i}b"}), trip=trip, on=day.date()
            )
        if not self.ids:
            self.ids = {
                "project": project.pk,
                "enterprise": net.enterprises["siwei"].pk,
                "order": WorkOrder.objects.get(rating=bad).pk,
                "need": need.pk,
                "base": base.pk,
                "mevent": event.pk,
                "pevent": pevent.pk,
                "trip": trip.pk,
            }


def pages_of(user, ids: dict[str, int]) -> list[str]:  # type: ignore[no-untyped-def]
    pages = ["/"] + [item["url"] for section in menu_for(user) for item in section["items"]]  # type: ignore[attr-defined]
    return pages + [pattern.format(ids[key]) for key, pattern in DETAILS]


def measure(client, count_queries, pages: list[str]) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """{page: queries} of the pages that answer 200 (each fetched once to warm caches, then counted)."""
    counts = {}
    for page in pages:
        if client.get(page).status_code != 200:
            continue
        with count_queries() as q:
            assert client.get(page).status_code == 200, page
        counts[re.sub(r"/\d+/", "/<id>/", page)] = len(q)
    return counts


@pytest.fixture
def page_data(world):
    from gaoxin.core.calendar import work_calendar

    with time_machine.travel(NOW, tick=False):
        data = PageData(world)
        data.grow(1)
        work_calendar()
    return data


PINNED: dict[str, dict[str, int]] = {
    "admin": {
        "/": 23,  # 好差评 panel: its three figures in one query; 项目 panel: the projects and the plans read once, summed in Python (was 33)
        "/evaluations/desk/": 6,
        "/evaluations/mine/": 6,
        "/evaluations/feed/": 7,
        "/evaluations/devices/": 8,
        "/evaluations/windows/": 8,
        "/evaluations/staff/": 9,
        "/evaluations/items/": 8,
        "/rectifications/": 7,
        "/rectifications/topics/": 7,
        "/evalstats/": 9,  # the region's total and 12-month trend in one query (was 10)
        "/evalstats/integrity/": 6,
        "/matching/needs/": 7,
        "/matching/resources/": 7,
        "/matching/referrals/": 7,
        "/matching/trail/": 8,
        "/matching/events/": 7,
        "/matching/bases/": 7,
        "/matching/": 15,
        "/projects/": 13,
        "/projects/pipeline/": 16,
        "/projects/funnel/": 10,
        "/projects/progress/": 18,
        "/projects/issues/": 10,
        "/projects/events/": 7,
        "/projects/trips/": 8,
        "/projects/rankings/": 16,
        "/projects/manufacturing/": 13,  # zone_figures: the projects and the plans read once (was 21)
        "/enterprises/": 10,
        "/core/audit/": 7,
        "/core/calendar/": 7,
        "/core/tokens/": 7,
        "/projects/<id>/": 20,
        "/enterprises/<id>/": 8,
        "/matching/enterprises/<id>/timeline/": 9,
        "/rectifications/<id>/": 9,
        "/matching/needs/<id>/": 10,
        "/matching/bases/<id>/": 19,
        "/matching/events/<id>/": 9,
        "/projects/events/<id>/": 10,
        "/projects/trips/<id>/": 10,
    },
    "leader": {
        "/": 23,  # 好差评 panel: its three figures in one query; 项目 panel: the projects and the plans read once, summed in Python (was 33)
        "/evaluations/mine/": 6,
        "/rectifications/": 7,
        "/rectifications/topics/": 7,
        "/evalstats/": 9,  # the region's total and 12-month trend in one query (was 10)
        "/matching/needs/": 7,
        "/matching/resources/": 7,
        "/matching/trail/": 8,
        "/matching/events/": 7,
        "/matching/bases/": 7,
        "/matching/": 15,
        "/projects/": 13,
        "/projects/pipeline/": 16,
        "/projects/funnel/": 10,
        "/projects/progress/": 18,
        "/projects/issues/": 10,
        "/projects/events/": 7,
        "/projects/trips/": 8,
        "/projects/rankings/": 16,
        "/projects/manufacturing/": 13,  # zone_figures: the projects and the plans read once (was 21)
        "/enterprises/": 10,
        "/core/audit/": 7,
        "/core/calendar/": 7,
        "/projects/<id>/": 20,
        "/enterprises/<id>/": 8,
        "/matching/enterprises/<id>/timeline/": 9,
        "/rectifications/<id>/": 8,
        "/matching/needs/<id>/": 9,
        "/matching/bases/<id>/": 19,
        "/matching/events/<id>/": 8,
        "/projects/events/<id>/": 7,
        "/projects/trips/<id>/": 7,
    },
    "officer": {
        "/": 23,  # 好差评 panel: its three figures in one query; 项目 panel: the projects and the plans read once, summed in Python (was 33)
        "/evaluations/items/": 8,
        "/rectifications/": 6,
        "/rectifications/topics/": 7,
        "/evalstats/": 9,  # the region's total and 12-month trend in one query (was 10)
        "/matching/needs/": 7,
        "/matching/resources/": 7,
        "/matching/trail/": 8,
        "/matching/events/": 7,
        "/matching/bases/": 7,
        "/matching/": 15,
        "/projects/": 13,
        "/projects/pipeline/": 16,
        "/projects/funnel/": 10,
        "/projects/progress/": 18,
        "/projects/issues/": 10,
        "/projects/events/": 7,
        "/projects/trips/": 8,
        "/projects/rankings/": 16,
        "/projects/manufacturing/": 13,  # zone_figures: the projects and the plans read once (was 21)
        "/enterprises/": 10,
        "/core/calendar/": 7,
        "/projects/<id>/": 20,
        "/enterprises/<id>/": 8,
        "/matching/enterprises/<id>/timeline/": 9,
        "/matching/needs/<id>/": 9,
        "/matching/bases/<id>/": 19,
        "/matching/events/<id>/": 8,
        "/projects/events/<id>/": 7,
        "/projects/trips/<id>/": 7,
    },
    "hall_manager": {
        "/": 7,  # the 好差评 panel reads its three figures in one query (was 9)
        "/evaluations/desk/": 6,
        "/evaluations/mine/": 6,
        "/evaluations/feed/": 7,
        "/evaluations/devices/": 8,
        "/evaluations/windows/": 8,
        "/evaluations/staff/": 9,
        "/evaluations/items/": 8,
        "/rectifications/": 7,
        "/rectifications/topics/": 7,
        "/evalstats/": 9,  # the region's total and 12-month trend in one query (was 10)
        "/evalstats/integrity/": 6,
        "/enterprises/": 10,
        "/core/calendar/": 7,
        "/enterprises/<id>/": 8,
        "/rectifications/<id>/": 9,
    },
    "clerk": {
        "/": 8,
        "/evaluations/desk/": 9,
        "/evaluations/mine/": 8,
        "/core/calendar/": 7,
    },
    "handler": {
        "/": 7,  # the 好差评 panel reads its three figures in one query (was 9)
        "/evaluations/mine/": 6,
        "/rectifications/": 7,
        "/rectifications/topics/": 7,
        "/evalstats/": 9,  # the region's total and 12-month trend in one query (was 10)
        "/enterprises/": 10,
        "/core/calendar/": 7,
        "/enterprises/<id>/": 8,
        "/rectifications/<id>/": 8,
    },
    "operator": {
        "/": 14,
        "/matching/needs/": 7,
        "/matching/resources/": 7,
        "/matching/referrals/": 7,
        "/matching/trail/": 8,
        "/matching/events/": 7,
        "/matching/bases/": 7,
        "/matching/": 15,
        "/enterprises/": 10,
        "/core/calendar/": 7,
        "/enterprises/<id>/": 8,
        "/matching/enterprises/<id>/timeline/": 9,
        "/matching/needs/<id>/": 10,
        "/matching/bases/<id>/": 19,
        "/matching/events/<id>/": 9,
    },
    "enterprise": {
        "/": 5,
        "/matching/needs/": 7,
        "/enterprises/": 11,
        "/enterprises/<id>/": 9,
    },
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_page_queries_are_pinned_and_flat(client_as, world, page_data, count_queries, persona):
    client = client_as(persona)
    pages = pages_of(world.users[persona], page_data.ids)
    with time_machine.travel(NOW, tick=False):
        first = measure(client, count_queries, pages)
        page_data.grow(3)
        again = measure(client, count_queries, pages)
    assert first == PINNED[persona]
    assert again == first
