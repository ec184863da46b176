"""The pipeline's transition table and the stage-move service."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import time_machine

from gaoxin.core.errors import DomainError, InvalidTransition
from gaoxin.core.models import AuditEvent
from gaoxin.projects import workflow
from gaoxin.projects.enums import Stage
from gaoxin.projects.models import Milestone, Project, StageChange
from gaoxin.projects.services import project_stage_move

pytestmark = pytest.mark.django_db

ALLOWED_PAIRS = {
    ("lead", "reserve"),
    ("lead", "dropped"),
    ("reserve", "negotiating"),
    ("reserve", "dropped"),
    ("negotiating", "signed"),
    ("negotiating", "reserve"),
    ("negotiating", "dropped"),
    ("signed", "started"),
    ("started", "completed"),
    ("dropped", "reserve"),
}


@pytest.mark.parametrize("target", Stage.values)
@pytest.mark.parametrize("current", Stage.values)
def test_transition_table(current, target):
    if (current, target) in ALLOWED_PAIRS:
        workflow.check_transition(current, target)
    else:
        with pytest.raises(InvalidTransition):
            workflow.check_transition(current, target)


def test_jump_is_refused_with_a_clear_message_and_writes_nothing(world, make_project):
    project = make_project("econ", code="L-1", stage="lead")
    audits = AuditEvent.objects.count()
    with pytest.raises(InvalidTransition) as exc:
        project_stage_move(actor=world.users["officer"], project=project, to_stage="signed")
    assert exc.value.message == "不能从“线索”直接变更为“签约”。当前阶段可变更为：储备、终止。"
    project.refresh_from_db()
    assert project.stage == "lead"
    assert StageChange.objects.filter(project=project).count() == 1
    assert AuditEvent.objects.count() == audits


@time_machine.travel("2022-06-20 10:00 +0800", tick=False)
def test_moves_record_who_and_when_and_signing_plans_milestones(world, make_project):
    officer = world.users["officer"]
    project = make_project("econ", code="L-2", stage="lead", stage_since=date(2022, 3, 1))
    for stage, on in (("reserve", date(2022, 3, 10)), ("negotiating", date(2022, 4, 1)), ("signed", date(2022, 5, 6))):
        project = project_stage_move(actor=officer, project=project, to_stage=stage, on=on)
    assert (project.stage, project.signed_on, project.stage_since) == ("signed", date(2022, 5, 6), date(2022, 5, 6))
    changes = list(
        StageChange.objects.filter(project=project).values_list("from_stage", "to_stage", "on", "by__username")
    )
    assert changes == [
        ("", "lead", date(2022, 3, 1), None),
        ("lead", "reserve", date(2022, 3, 10), "officer"),
        ("reserve", "negotiating", date(2022, 4, 1), "officer"),
        ("negotiating", "signed", date(2022, 5, 6), "officer"),
    ]
    assert list(Milestone.objects.filter(project=project).values_list("name", "planned_on")) == [
        ("立项", date(2022, 6, 5)),
        ("土地", date(2022, 7, 5)),
        ("规划", date(2022, 8, 4)),
        ("环评", date(2022, 8, 4)),
        ("施工许可", date(2022, 9, 3)),
    ]
    assert AuditEvent.objects.filter(action="projects.stage.move", object_id=str(project.pk)).count() == 3
    from gaoxin.projects.selectors import overdue_milestones

    assert [m.name for m in overdue_milestones(officer)] == ["立项"]
    assert overdue_milestones(world.users["other_officer"]) == []


@time_machine.travel("2022-06-20 10:00 +0800", tick=False)
def test_dates_must_be_in_order_and_not_in_the_future(world, make_project):
    officer = world.users["officer"]
    project = make_project("econ", code="L-3", stage="lead", stage_since=date(2022, 3, 1))
    with pytest.raises(DomainError, match="不能晚于今天"):
        project_stage_move(actor=officer, project=project, to_stage="reserve", on=date(2022, 6, 21))
    with pytest.raises(DomainError, match="不能早于进入当前阶段的日期"):
        project_stage_move(actor=officer, project=project, to_stage="reserve", on=date(2022, 2, 28))
    assert Project.objects.get(pk=project.pk).stage == "lead"


def test_amount_classes_are_derived(world, make_project):
    cases = {9999: "below", 10000: "above_1", 49999: "above_1", 50000: "above_5", 100000: "above_10"}
    for i, (amount, cls) in enumerate(cases.items()):
        project = make_project("econ", code=f"A-{i}", amount=amount)
        assert project.total_investment == Decimal(amount)
        assert project.amount_class == cls


def test_historical_entry_needs_its_dates(world, make_project):
    with pytest.raises(DomainError, match="须填写开工日期"):
        make_project("econ", code="H-1", stage="started", signed_on=date(2021, 1, 1))
    with pytest.raises(DomainError, match="日期顺序有误"):
        make_project("econ", code="H-2", stage="started", signed_on=date(2021, 5, 1), started_on=date(2021, 1, 1))
    assert not Project.objects.filter(code__startswith="H-").exists()


def test_investor_is_linked_to_the_enterprise_master_data(world, ref):
    from gaoxin.enterprises.models import Enterprise
    from gaoxin.projects.services import ProjectData, project_create

    data = ProjectData(
        name="激光清洗设备项目",
        unit=world.units["econ"],
        total_investment=Decimal(30000),
        investor_uscc="91350100M000100Y43",
        investor_name="山东产研强远激光科技有限公司",
    )
    first = project_create(actor=world.users["officer"], data=data, code="E-1")
    second = project_create(actor=world.users["officer"], data=data, code="E-2")
    enterprise = Enterprise.objects.get(uscc="91350100M000100Y43")
    assert (first.investor, second.investor, enterprise.name) == (
        enterprise,
        enterprise,
        "山东产研强远激光科技有限公司",
    )
    with pytest.raises(DomainError, match="校验位错误"):
        project_create(
            actor=world.users["officer"],
            data=ProjectData(
                name="x", unit=world.units["econ"], total_investment=Decimal(1), investor_uscc="91350100M000100Y44"
            ),
        )
    assert Project.objects.count() == 2
