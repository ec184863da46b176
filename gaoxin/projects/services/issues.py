"""问题协调/督办 writes: raise, resolve, escalate (manually or when overdue)."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.core.audit import audit_log, snapshot
from gaoxin.core.calendar import deadline_after
from gaoxin.core.errors import DomainError, InvalidTransition
from gaoxin.core.models import Unit, User
from gaoxin.core.notify.services import notify
from gaoxin.projects import conf
from gaoxin.projects.enums import IssueStatus
from gaoxin.projects.models import Issue, Project
from gaoxin.projects.services._common import check, leaders_of, unit_contacts


def issue_raise(
    *,
    actor: User | None,
    project: Project,
    title: str,
    assigned_unit: Unit,
    description: str = "",
    working_days: int | None = None,
    at: datetime | None = None,
) -> Issue:
    """Raise a problem on a project and assign it to a unit with a working-day deadline."""
    check(actor, "projects.issue.manage", project.unit)
    title = (title or "").strip()
    days = conf.ISSUE_DEFAULT_WORKING_DAYS if working_days is None else int(working_days)
    errors = []
    if not title:
        errors.append(_("问题标题不能为空。"))
    if not 1 <= days <= 60:
        errors.append(_("办理时限应为 1–60 个工作日。"))
    if assigned_unit is None:
        errors.append(_("请选择责任单位。"))
    elif assigned_unit.path.split("/")[1] != project.unit.path.split("/")[1]:
        errors.append(_("责任单位须为本区的单位。"))
    if errors:
        raise DomainError("；".join(errors), code="issue_invalid", details=errors)
    at = at or timezone.now()
    deadline = deadline_after(at, days)
    with transaction.atomic():
        issue = Issue.objects.create(
            project=project,
            title=title[:200],
            description=description or "",
            assigned_unit=assigned_unit,
            raised_by=actor,
            raised_at=at,
            working_days=days,
            due_at=deadline.due_at,
            due_is_provisional=deadline.is_provisional,
        )
        notify(
            recipients=unit_contacts(assigned_unit),
            kind="projects.issue.assigned",
            title=_("项目协调问题：%(t)s") % {"t": issue.title},
            body=_("%(p)s：%(t)s。请于 %(d)s 前办结。")
            % {"p": project.name, "t": issue.title, "d": timezone.localtime(deadline.due_at).strftime("%Y-%m-%d")},
            url=reverse("projects:detail", args=[project.pk]) + "#issues",
            object_type="projects.issue",
            object_id=issue.pk,
        )
        audit_log(
            actor=actor, action="projects.issue.raise", obj=issue, unit_id=assigned_unit.pk, after=snapshot(issue)
        )
    return issue


def issue_resolve(*, actor: User | None, issue: Issue, resolution: str, at: datetime | None = None) -> Issue:
    check(actor, "projects.issue.resolve", issue.assigned_unit)
    resolution = (resolution or "").strip()
    if not resolution:
        raise DomainError(_("请填写办理结果。"), code="issue_resolution")
    with transaction.atomic():
        locked = Issue.objects.select_for_update().get(pk=issue.pk)
        if locked.status != IssueStatus.OPEN:
            raise InvalidTransition(_("该问题已办结。"), code="issue_closed")
        before = snapshot(locked)
        locked.status, locked.resolution = IssueStatus.RESOLVED, resolution
        locked.resolved_by, locked.resolved_at = actor, at or timezone.now()
        locked.save(update_fields=["status", "resolution", "resolved_by", "resolved_at"])
        if locked.raised_by_id and (actor is None or locked.raised_by_id != actor.pk):
            notify(
                recipients=[u for u in (locked.raised_by,) if u is not None],
                kind="projects.issue.resolved",
                title=_("协调问题已办结：%(t)s") % {"t": locked.title},
                body=resolution[:500],
                url=reverse("projects:detail", args=[locked.project_id]) + "#issues",
                object_type="projects.issue",
                object_id=locked.pk,
            )
        audit_log(
            actor=actor,
            action="projects.issue.resolve",
            obj=locked,
            unit_id=locked.assigned_unit_id,
            before=before,
            after=snapshot(locked),
        )
    return locked


def issue_escalate(*, actor: User | None, issue: Issue, at: datetime | None = None) -> Issue:
    """升级督办: tell the zone leaders and the unit again; once per issue."""
    if actor is not None:
        check(actor, "projects.issue.manage", issue.project.unit)
    with transaction.atomic():
        locked = Issue.objects.select_for_update().select_related("assigned_unit__region", "project").get(pk=issue.pk)
        if locked.status != IssueStatus.OPEN:
            raise InvalidTransition(_("该问题已办结，无需督办。"), code="issue_closed")
        if locked.escalated_at is not None:
            raise InvalidTransition(_("该问题已升级督办。"), code="issue_escalated")
        locked.escalated_at = at or timezone.now()
        locked.save(update_fields=["escalated_at"])
        unit = locked.assigned_unit
        notify(
            recipients=[*leaders_of(unit), *unit_contacts(unit)],
            kind="projects.issue.escalated",
            title=_("督办：%(t)s（%(u)s）") % {"t": locked.title, "u": unit.name},
            body=_("项目“%(p)s”的协调问题已超期或被升级督办，期限 %(d)s。")
            % {"p": locked.project.name, "d": timezone.localtime(locked.due_at).strftime("%Y-%m-%d")},
            url=reverse("projects:detail", args=[locked.project_id]) + "#issues",
            object_type="projects.issue",
            object_id=locked.pk,
        )
        audit_log(
            actor=actor,
            actor_label="" if actor else "system",
            action="projects.issue.escalate",
            obj=locked,
            unit_id=unit.pk,
            after={"escalated_at": locked.escalated_at},
        )
    return locked


def issues_escalate_overdue(*, now: datetime | None = None) -> list[Issue]:
    """The periodic job: escalate every open issue past its deadline that is not yet escalated."""
    now = now or timezone.now()
    due = Issue.objects.filter(status=IssueStatus.OPEN, escalated_at__isnull=True, due_at__lt=now)
    return [issue_escalate(actor=None, issue=i, at=now) for i in due.order_by("due_at", "id")]
