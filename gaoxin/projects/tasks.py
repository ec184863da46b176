"""Periodic jobs of the projects domain (registered with gaoxin.core.periodic)."""

from __future__ import annotations

from django.utils import timezone

from gaoxin.core.periodic import periodic


@periodic("projects.progress_reminders", every_seconds=6 * 3600)
def progress_reminders() -> int:
    """After the reporting deadline, remind units that have not reported last month."""
    from gaoxin.projects.services import progress_remind_missing

    today = timezone.localdate()
    year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    return len(progress_remind_missing(year=year, month=month))


@periodic("projects.issue_escalation", every_seconds=3600)
def issue_escalation() -> int:
    """Escalate (督办) every open coordination issue past its deadline."""
    from gaoxin.projects.services import issues_escalate_overdue

    return len(issues_escalate_overdue())
