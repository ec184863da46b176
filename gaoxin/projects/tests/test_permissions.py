"""Role × action matrix of the projects domain, and refused writes that write nothing."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from gaoxin.core.permissions import can, rules, target_for_unit
from gaoxin.projects.models import Event, Issue, PeerFigure, ProgressReport, Project, StageChange

pytestmark = pytest.mark.django_db

PERSONAS = ["admin", "leader", "officer", "hall_manager", "clerk", "handler", "operator", "enterprise", "anonymous"]
ACTIONS = sorted(a for a in rules() if a.startswith("projects."))
# who may do each action on an object owned by the econ bureau (the officer's own unit)
ALLOWED = {
    "projects.project.view": {"admin", "leader", "officer"},
    "projects.project.manage": {"admin", "officer"},
    "projects.stage.move": {"admin", "officer"},
    "projects.progress.report": {"admin", "officer"},
    "projects.issue.manage": {"admin", "leader", "officer"},
    "projects.issue.resolve": {"admin", "leader", "officer"},
    "projects.activity.view": {"admin", "leader", "officer"},
    "projects.activity.manage": {"admin", "officer"},
    "projects.peer.manage": {"admin", "officer"},
    "projects.export": {"admin", "leader", "officer"},
    "projects.bulletin.download": {"admin", "leader", "officer"},
}


def _user(world, persona):
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser() if persona == "anonymous" else world.users[persona]


def test_every_action_is_in_the_matrix():
    assert set(ACTIONS) == set(ALLOWED)


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("persona", PERSONAS)
def test_matrix_on_own_unit(world, persona, action):
    target = target_for_unit(world.units["econ"])
    assert can(_user(world, persona), action, target) is (persona in ALLOWED[action])


@pytest.mark.parametrize("action", ACTIONS)
def test_other_district_officer_is_refused_everything(world, action):
    assert can(world.users["other_officer"], action, target_for_unit(world.units["econ"])) is False


def test_officer_views_but_does_not_manage_another_units_project(world):
    target = target_for_unit(world.units["invest"])
    officer = world.users["officer"]
    assert can(officer, "projects.project.view", target) is True
    assert can(officer, "projects.project.manage", target) is False
    assert can(officer, "projects.stage.move", target) is False
    assert can(officer, "projects.progress.report", target) is False


# --- refused writes over HTTP write nothing --------------------------------------------------


def _counts():
    return (
        Project.objects.count(),
        StageChange.objects.count(),
        ProgressReport.objects.count(),
        Issue.objects.count(),
        Event.objects.count(),
        PeerFigure.objects.count(),
    )


WRITES = {
    "stage": lambda p, w: (f"/projects/{p.pk}/stage/", {"to_stage": "completed", "on": "2022-10-10"}),
    "progress": lambda p, w: (f"/projects/{p.pk}/progress/", {"year": "2022", "month": "9", "amount": "1000"}),
    "issue": lambda p, w: (
        f"/projects/{p.pk}/issues/",
        {"title": "用地", "assigned_unit": str(w.units["econ"].pk), "working_days": "5"},
    ),
    "event": lambda p, w: (
        "/projects/events/new/",
        {"kind": "online", "title": "线上推介", "held_on": "2022-09-01", "unit": str(w.units["econ"].pk)},
    ),
    "project": lambda p, w: (
        "/projects/new/",
        {"name": "新项目", "total_investment": "1.5亿", "unit": str(w.units["econ"].pk)},
    ),
    "peer": lambda p, w: (
        "/projects/rankings/",
        {"district": "临清市", "year": "2022", "month": "6", "metric": "completed_investment", "value": "100"},
    ),
}
WRITE_ACTION = {
    "stage": "projects.stage.move",
    "progress": "projects.progress.report",
    "issue": "projects.issue.manage",
    "event": "projects.activity.manage",
    "project": "projects.project.manage",
    "peer": "projects.peer.manage",
}


@pytest.mark.parametrize("write", sorted(WRITES))
@pytest.mark.parametrize("persona", PERSONAS)
@time_machine.travel("2022-10-12 10:00 +0800", tick=False)
def test_http_writes_per_role(client_as, world, started_project, persona, write):
    client = client_as(persona)
    url, data = WRITES[write](started_project, world)
    before = _counts()
    resp = client.post(url, data)
    allowed = persona in ALLOWED[WRITE_ACTION[write]]
    if allowed:
        assert resp.status_code == 302, (resp.status_code, resp.content[:300])
        assert _counts() != before
    else:
        assert resp.status_code in (302, 403)
        if resp.status_code == 302:
            assert resp.headers["Location"].startswith("/accounts/login/")
            assert persona == "anonymous"
        assert _counts() == before


def test_unit_cannot_edit_another_units_project(client_as, world, make_project):
    project = make_project("invest", code="INV-1", name="招商中心项目")
    client = client_as("officer")
    resp = client.post(
        f"/projects/{project.pk}/edit/",
        {"name": "改名", "total_investment": "100", "unit": str(world.units["econ"].pk)},
    )
    assert resp.status_code == 403
    resp = client.post(f"/projects/{project.pk}/stage/", {"to_stage": "reserve"})
    assert resp.status_code == 403
    project.refresh_from_db()
    assert (project.name, project.unit_id, project.stage) == ("招商中心项目", world.units["invest"].pk, "lead")
    assert StageChange.objects.filter(project=project).count() == 1


@pytest.mark.parametrize("persona", PERSONAS)
def test_pages_and_downloads_per_role(client_as, world, started_project, persona):
    client = client_as(persona)
    for url, action in (
        ("/projects/", "projects.project.view"),
        ("/projects/export/", "projects.export"),
        ("/projects/bulletin/?year=2022&month=9", "projects.bulletin.download"),
        ("/projects/events/", "projects.activity.view"),
    ):
        resp = client.get(url)
        if persona in ALLOWED[action]:
            assert resp.status_code == 200, url
        else:
            assert resp.status_code in (302, 403), url


def test_leader_raises_and_officer_of_assigned_unit_resolves(world, started_project):
    from gaoxin.core.errors import PermissionDenied
    from gaoxin.projects.services import issue_raise, issue_resolve

    with time_machine.travel(date(2022, 9, 1), tick=False):
        issue = issue_raise(
            actor=world.users["leader"], project=started_project, title="用地指标", assigned_unit=world.units["invest"]
        )
    with pytest.raises(PermissionDenied):
        issue_resolve(actor=world.users["officer"], issue=issue, resolution="已解决")
    issue.refresh_from_db()
    assert (issue.status, issue.resolution) == ("open", "")
