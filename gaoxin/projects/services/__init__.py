"""Every write of the projects domain (split by sub-domain)."""

from gaoxin.projects.services.activities import event_create, lead_create, peer_figure_set, trip_create
from gaoxin.projects.services.issues import issue_escalate, issue_raise, issue_resolve, issues_escalate_overdue
from gaoxin.projects.services.progress import progress_remind_missing, progress_report, report_due
from gaoxin.projects.services.projects import (
    ProjectData,
    milestone_apply_templates,
    milestone_complete,
    milestone_plan,
    project_create,
    project_stage_move,
    project_update,
    reference_data_ensure,
)

__all__ = [
    "ProjectData",
    "event_create",
    "issue_escalate",
    "issue_raise",
    "issue_resolve",
    "issues_escalate_overdue",
    "lead_create",
    "milestone_apply_templates",
    "milestone_complete",
    "milestone_plan",
    "peer_figure_set",
    "progress_remind_missing",
    "progress_report",
    "project_create",
    "project_stage_move",
    "project_update",
    "reference_data_ensure",
    "report_due",
    "trip_create",
]
