"""月度调度 (reports, cumulative figures, red/yellow/green, reminders) and 问题协调 (deadlines, escalation)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from gaoxin.core.errors import DomainError
from gaoxin.core.models import Notification
from gaoxin.projects import selectors
from gaoxin.projects.models import Issue, ProgressPhoto, ProgressReminder, ProgressReport
from gaoxin.projects.services import (
    issue_raise,
    issue_resolve,
    issues_escalate_overdue,
    progress_remind_missing,
    progress_report,
    report_due,
)

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.mark.parametrize(
    ("done", "plan", "month", "status"),
    [
        (6000, 12000, 6, "green"),  # 50% = time progress 50%
        (4900, 12000, 6, "yellow"),  # 40.8%: 9.2 points behind
        (4700, 12000, 6, "red"),  # 39.2%: 10.8 points behind
        (0, 0, 6, "none"),
    ],
)
def test_status_against_time_progress(done, plan, month, status):
    assert selectors.progress_status(Decimal(done), Decimal(plan), month) == status


@time_machine.travel("2022-07-04 10:00 +0800", tick=False)
def test_reports_accumulate_and_photos_are_kept(world, started_project):
    officer = world.users["officer"]
    for month, amount in ((3, 2000), (4, "0.3"), (5, 1000)):
        progress_report(
            actor=officer, project=started_project, year=2022, month=month, amount=amount, progress="施工中"
        )
    report = progress_report(
        actor=officer,
        project=started_project,
        year=2022,
        month=6,
        amount="1500",
        progress="封顶",
        photos=[SimpleUploadedFile("site.png", PNG, content_type="image/png")],
    )
    assert report.is_late is False
    assert ProgressPhoto.objects.filter(report=report).count() == 1
    plan, done = selectors.year_figures([started_project.pk], 2022, 6)[started_project.pk]
    assert (plan, done) == (Decimal("12000.00"), Decimal("4500.30"))
    # a correction replaces the month, it does not add to it
    progress_report(actor=officer, project=started_project, year=2022, month=6, amount="1499.70")
    assert selectors.year_figures([started_project.pk], 2022, 6)[started_project.pk][1] == Decimal("4500.00")
    assert ProgressReport.objects.filter(project=started_project).count() == 4


@time_machine.travel("2022-07-04 10:00 +0800", tick=False)
def test_bad_reports_write_nothing(world, started_project, make_project):
    officer = world.users["officer"]
    lead = make_project("econ", code="LEAD-1", stage="lead")
    cases = [
        (dict(project=started_project, year=2022, month=8, amount=1), "不能填报尚未到来的月份"),
        (dict(project=started_project, year=2022, month=6, amount=-5), "当月完成投资应大于 0"),
        (dict(project=lead, year=2022, month=6, amount=5), "项目尚未签约"),
        (
            dict(
                project=started_project,
                year=2022,
                month=6,
                amount=5,
                photos=[SimpleUploadedFile("x.jpg", b"not an image at all", content_type="image/jpeg")],
            ),
            "文件内容不是图片",
        ),
    ]
    for kwargs, message in cases:
        with pytest.raises(DomainError, match=message):
            progress_report(actor=officer, **kwargs)
    assert ProgressReport.objects.count() == 0
    assert ProgressPhoto.objects.count() == 0


def test_deadline_is_working_days_into_next_month(world):
    # September 2022: 5 working days after 30 Sep, across National Day (1–7 Oct off, 8–9 Oct make-up days)
    assert report_due(2022, 9) == datetime(2022, 10, 12, 23, 59, 59, tzinfo=TZ)


def test_reminders_go_once_after_the_deadline(world, started_project):
    before = Notification.objects.count()
    assert progress_remind_missing(year=2022, month=9, now=datetime(2022, 10, 12, 20, 0, tzinfo=TZ)) == []
    sent = progress_remind_missing(year=2022, month=9, now=datetime(2022, 10, 13, 9, 0, tzinfo=TZ))
    assert [(r.unit_id, r.missing) for r in sent] == [(world.units["econ"].pk, 1)]
    note = Notification.objects.get(recipient=world.users["officer"], kind="projects.progress.remind")
    assert note.title == "2022年9月项目调度未填报（1 个项目）"
    assert progress_remind_missing(year=2022, month=9, now=datetime(2022, 10, 14, 9, 0, tzinfo=TZ)) == []
    assert Notification.objects.count() == before + 1
    assert ProgressReminder.objects.count() == 1


def test_reported_units_get_no_reminder(world, started_project):
    with time_machine.travel("2022-10-10 10:00 +0800", tick=False):
        progress_report(actor=world.users["officer"], project=started_project, year=2022, month=9, amount=100)
    assert progress_remind_missing(year=2022, month=9, now=datetime(2022, 10, 13, 9, 0, tzinfo=TZ)) == []


def test_issue_deadline_escalation_and_resolution(world, started_project):
    leader, officer = world.users["leader"], world.users["officer"]
    with time_machine.travel("2022-09-29 09:00 +0800", tick=False):
        issue = issue_raise(
            actor=leader, project=started_project, title="高压线迁改", assigned_unit=world.units["econ"], working_days=5
        )
    # Fri 30 Sep, Sat 8 Oct, Sun 9 Oct (make-up days), Mon 10, Tue 11 Oct
    assert issue.due_at == datetime(2022, 10, 11, 23, 59, 59, tzinfo=TZ)
    assert Notification.objects.filter(recipient=officer, kind="projects.issue.assigned").count() == 1
    assert issues_escalate_overdue(now=datetime(2022, 10, 11, 23, 0, tzinfo=TZ)) == []
    escalated = issues_escalate_overdue(now=datetime(2022, 10, 12, 9, 0, tzinfo=TZ))
    assert [i.pk for i in escalated] == [issue.pk]
    assert Notification.objects.filter(recipient=leader, kind="projects.issue.escalated").count() == 1
    assert issues_escalate_overdue(now=datetime(2022, 10, 13, 9, 0, tzinfo=TZ)) == []
    with pytest.raises(DomainError, match="请填写办理结果"):
        issue_resolve(actor=officer, issue=issue, resolution="  ")
    issue = issue_resolve(
        actor=officer, issue=issue, resolution="已完成迁改", at=datetime(2022, 10, 14, 9, 0, tzinfo=TZ)
    )
    assert (issue.status, issue.resolved_by, issue.escalated_at) == (
        "resolved",
        officer,
        datetime(2022, 10, 12, 9, 0, tzinfo=TZ),
    )
    assert Notification.objects.filter(recipient=leader, kind="projects.issue.resolved").count() == 1


def test_issue_needs_a_title_and_a_unit_of_the_zone(world, started_project):
    with pytest.raises(DomainError, match="问题标题不能为空"):
        issue_raise(actor=world.users["leader"], project=started_project, title=" ", assigned_unit=world.units["econ"])
    with pytest.raises(DomainError, match="责任单位须为本区的单位"):
        issue_raise(
            actor=world.users["leader"], project=started_project, title="用地", assigned_unit=world.units["other_econ"]
        )
    assert Issue.objects.count() == 0


def test_periodic_jobs_are_registered():
    from gaoxin.core.periodic import discover

    jobs = discover()
    assert jobs["projects.progress_reminders"].every_seconds == 21600
    assert jobs["projects.issue_escalation"].every_seconds == 3600


def test_timeline_orders_stages_milestones_reports_and_issues(world, started_project):
    with time_machine.travel("2022-04-05 10:00 +0800", tick=False):
        progress_report(actor=world.users["officer"], project=started_project, year=2022, month=3, amount=100)
        issue_raise(
            actor=world.users["leader"], project=started_project, title="招工", assigned_unit=world.units["econ"]
        )
    kinds = [(e["on"], e["kind"]) for e in selectors.project_timeline(started_project)]
    assert kinds == [(date(2022, 2, 15), "stage"), (date(2022, 3, 31), "progress"), (date(2022, 4, 5), "issue")]
