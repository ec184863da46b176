"""Test data for the closed loop and statistics: a hall with two windows and ratings."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import time_machine

from gaoxin.core.workdays import SHANGHAI
from gaoxin.evaluations.enums import Channel, ItemKind
from gaoxin.evaluations.models import Case, Hall, ServiceItem, Staff, Window
from gaoxin.evaluations.services import (
    case_complete,
    case_create,
    evaluation_record,
    hall_create,
    item_create,
    staff_create,
    window_create,
)
from gaoxin.evaluations.services.ratings import Rater

RATER_NAME = "王小明"
RATER_PHONE = "13712349876"
APPLICANT_NAME = "赵大海"
APPLICANT_PHONE = "13611112222"


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)  # type: ignore[misc]


@dataclass
class Loop:
    world: object
    hall: Hall | None = None
    windows: dict[str, Window] = field(default_factory=dict)
    items: dict[str, ServiceItem] = field(default_factory=dict)
    staff: Staff | None = None
    n: int = 0

    def case(self, *, completed_at: datetime, window: str = "approval") -> Case:
        from gaoxin.evalstats.services import rollup_case_completed

        self.n += 1
        w = self.windows[window]
        item = self.items[window]
        case = case_create(
            actor=None,
            number=f"T2026{self.n:06d}",
            item=item,
            hall=self.hall,
            window=w,
            staff=self.staff if window == "approval" else None,
            applicant_name=APPLICANT_NAME,
            applicant_phone=APPLICANT_PHONE,
            applicant_id_number="371502199001011234",
            accepted_at=completed_at - timedelta(hours=1),
        )
        case_complete(actor=None, case=case, completed_at=completed_at)
        from gaoxin.evaluations import hooks

        if not hasattr(hooks, "after_case_completed"):  # until the intake calls it from case_complete
            rollup_case_completed(case=case)
        return case

    def rate(
        self,
        *,
        level: int,
        when: datetime,
        window: str = "approval",
        real_name: bool = True,
        text: str = "",
        channel: int = Channel.DEVICE,
        case: Case | None = None,
        rating_no: int = 1,
    ):
        with time_machine.travel(when, tick=False):
            if case is None:
                case = self.case(completed_at=when - timedelta(minutes=5), window=window)
            rater = Rater(name=RATER_NAME, phone=RATER_PHONE, consent=True) if real_name else None
            return evaluation_record(
                actor=None,
                channel=channel,
                level=level,
                uuid=uuid.uuid4(),
                case=case,
                text=text,
                rating_no=rating_no,
                rater=rater,
            ).rating


def build(world) -> Loop:
    u = world.units
    loop = Loop(world=world)
    loop.hall = hall_create(actor=None, unit=u["hall"], code="GXDT", address="聊城高新区黄河路1号")
    loop.windows["approval"] = window_create(
        actor=None, hall=loop.hall, number="2", name="投资项目", department=u["approval"]
    )
    loop.windows["market"] = window_create(
        actor=None, hall=loop.hall, number="1", name="企业开办", department=u["market"]
    )
    loop.staff = staff_create(
        actor=None, user=world.clerk, hall=loop.hall, window=loop.windows["approval"], job_number="GX001"
    )
    loop.items["approval"] = item_create(
        actor=None,
        code="X-002",
        name="建设工程规划许可",
        department=u["approval"],
        kind=ItemKind.PROMISED,
        time_limit_days=10,
    )
    loop.items["market"] = item_create(
        actor=None, code="X-001", name="企业设立登记", department=u["market"], kind=ItemKind.PROMISED, time_limit_days=3
    )
    return loop
