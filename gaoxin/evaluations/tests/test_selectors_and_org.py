"""Organisation services (validation, audit) and the reads the pages use, with pinned query counts."""

from __future__ import annotations

import uuid

import pytest
import time_machine

from gaoxin.core.crypto import decrypt
from gaoxin.core.errors import DomainError, InvalidTransition, PermissionDenied
from gaoxin.core.models import AuditEvent
from gaoxin.evaluations.enums import Channel, Level
from gaoxin.evaluations.models import Case, Hall, ServiceItem, Window
from gaoxin.evaluations.selectors import (
    cases_for_window,
    devices_for_hall,
    hall_ratings_feed,
    my_ratings,
    staff_for_hall,
    windows_for_hall,
)
from gaoxin.evaluations.services import (
    case_complete,
    case_create,
    device_heartbeat,
    device_register,
    evaluation_record,
    hall_create,
    item_create,
    item_update,
    window_create,
)
from gaoxin.evaluations.tests.conftest import APPLICANT_NAME, APPLICANT_PHONE, at


def test_hall_needs_a_hall_unit_and_unique_code(ev, world):
    with pytest.raises(DomainError) as info:
        hall_create(actor=world.admin, unit=world.units["econ"], code="")
    assert info.value.details == ["只能为“政务服务大厅”类型的单位建立大厅。", "请填写大厅编码。"]
    with pytest.raises(DomainError) as info:
        hall_create(actor=world.admin, unit=world.units["hall"], code="X")
    assert info.value.code == "hall_exists"
    assert Hall.objects.count() == 3


def test_window_numbers_are_unique_per_hall(ev, world):
    with pytest.raises(DomainError) as info:
        window_create(
            actor=world.hall_manager, hall=ev.halls["hall"], number="1", name="重复", department=world.units["market"]
        )
    assert (info.value.code, info.value.message) == ("window_number_taken", "本大厅已有 1 号窗口。")
    assert Window.objects.count() == 3


def test_items_promised_need_a_time_limit(ev, world):
    with pytest.raises(DomainError) as info:
        item_create(actor=world.admin, code="X-1", name="承诺件", department=world.units["market"], kind=2)
    assert info.value.message == "承诺件须填写承诺时限（工作日）。"
    with pytest.raises(DomainError):
        item_create(actor=world.admin, code=ev.items["license"].code, name="重复", department=world.units["market"])
    item_update(actor=world.admin, item=ev.items["permit"], time_limit_days=15)
    event = AuditEvent.objects.filter(action="evaluations.item.update").get()
    assert (event.before["time_limit_days"], event.after["time_limit_days"]) == (10, 15)
    assert ServiceItem.objects.count() == 2


def test_an_item_is_handed_only_to_a_department_the_actor_manages(ev, world):
    item, manager = ev.items["permit"], world.users["hall_manager"]
    own = item.department_id
    with pytest.raises(PermissionDenied):
        item_update(actor=manager, item=item, department=world.units["other_approval"])
    item.refresh_from_db()
    assert item.department_id == own
    assert AuditEvent.objects.filter(action="evaluations.item.update").count() == 0
    item_update(actor=manager, item=item, department=world.units["market"])
    assert ServiceItem.objects.get(pk=item.pk).department_id == world.units["market"].pk != own


def test_case_identity_is_encrypted_and_lifecycle_audited(ev, world):
    with time_machine.travel(at(2026, 6, 10, 9, 0), tick=False):
        case = case_create(
            actor=world.clerk,
            number="GX-C-1",
            item=ev.items["license"],
            hall=ev.halls["hall"],
            staff=ev.staff["clerk"],
            applicant_name=APPLICANT_NAME,
            applicant_phone="139 1234 5678",
        )
        assert case.window_id == ev.windows["w1"].pk  # from the staff member's window
        assert case.department_id == world.units["market"].pk
        assert (decrypt(case.applicant_name_enc), decrypt(case.applicant_phone_enc)) == (
            APPLICANT_NAME,
            APPLICANT_PHONE,
        )
        assert APPLICANT_PHONE not in case.applicant_phone_enc
        assert case.applicant_phone_last4 == "5678"
        with pytest.raises(DomainError) as info:
            case_create(actor=world.clerk, number="GX-C-1", item=ev.items["license"], hall=ev.halls["hall"])
        assert info.value.code == "case_number_taken"
        case_complete(actor=world.clerk, case=case)
        with pytest.raises(InvalidTransition):
            case_complete(actor=world.clerk, case=case)
    assert list(
        AuditEvent.objects.filter(object_type="evaluations.case").order_by("id").values_list("action", flat=True)
    ) == ["evaluations.case.create", "evaluations.case.complete"]
    window = Window.objects.get(pk=ev.windows["w1"].pk)
    assert (window.pending_case_id, window.pending_since) == (case.pk, at(2026, 6, 10, 9, 0))
    assert Case.objects.count() == 1


def test_case_input_errors_write_nothing(ev, world):
    with pytest.raises(DomainError) as info:
        case_create(
            actor=world.clerk,
            number="",
            item=ev.items["license"],
            hall=ev.halls["hall"],
            window=ev.windows["other"],
            applicant_type=9,
            applicant_phone="12",
        )
    assert info.value.details == [
        "办件编号不能为空，且不超过 50 个字符。",
        "服务对象类型无效（1–6）。",
        "申请人电话号码无效。",
        "窗口不属于该大厅。",
    ]
    assert Case.objects.count() == 0


def test_selectors_have_fixed_query_counts(ev, world, count_queries):
    hall = ev.halls["hall"]
    device_register(actor=None, hall=hall, window=ev.windows["w1"], name="评价器A")
    dev_b, _plain = device_register(actor=None, hall=hall, window=ev.windows["w2"], name="评价器B")
    with time_machine.travel(at(2026, 6, 10, 10, 30), tick=False):
        device_heartbeat(device=dev_b)
        for i in range(6):
            case = ev.case(completed_at=at(2026, 6, 10, 10, 0))
            if i < 5:
                evaluation_record(actor=None, channel=Channel.DEVICE, level=(i % 5) + 1, uuid=uuid.uuid4(), case=case)
        ev.case()
        with count_queries() as q:
            feed = hall_ratings_feed(hall, limit=3)
        assert (len(q), len(feed)) == (1, 3)
        with count_queries() as q:
            mine = my_ratings(ev.staff["clerk"])
        assert len(q) == 3
        assert (mine.today, mine.month_total, len(mine.recent)) == ({1: 1, 2: 1, 3: 1, 4: 1, 5: 1}, 5, 5)
        with count_queries() as q:
            devices = devices_for_hall(hall)
        assert len(q) == 1
        assert [(d.name, d.window.number, d.is_online) for d in devices] == [
            ("评价器A", "1", False),
            ("评价器B", "2", True),
        ]
        with count_queries() as q:
            windows = windows_for_hall(hall)
        assert len(q) == 1
        assert [(w.number, w.department.name, w.staff_count) for w in windows] == [
            ("1", "市场监管局", 1),
            ("2", "行政审批服务局", 0),
        ]
        with count_queries() as q:
            staff = staff_for_hall(hall)
        assert len(q) == 1
        assert [s.display_name for s in staff] == ["clerk"]
        with count_queries() as q:
            cases = cases_for_window(ev.windows["w1"])
            pending = cases_for_window(ev.windows["w1"], status="accepted")
        assert len(q) == 2
        assert [c.is_rated for c in cases] == [False, False, True, True, True, True, True]
        assert len(pending) == 1
        assert cases[0].item.name == "企业设立登记"
        assert Level.VERY_DISSATISFIED in mine.month
