"""Settings of the projects domain, with defaults (override in config/settings.py)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings

# Monthly progress is due this many working days into the next month.
PROGRESS_DUE_WORKING_DAYS: int = getattr(settings, "PROJECTS_PROGRESS_DUE_WORKING_DAYS", 5)
# Default working days for a coordination issue.
ISSUE_DEFAULT_WORKING_DAYS: int = getattr(settings, "PROJECTS_ISSUE_WORKING_DAYS", 5)
# Red/yellow/green: plan completion ratio minus time progress (时序进度), in percentage points.
# green: at or above time progress; yellow: up to YELLOW_GAP points below; red: further below.
YELLOW_GAP = Decimal(getattr(settings, "PROJECTS_YELLOW_GAP", 10))
# Fixed report year; None = the latest year that has annual plans (so the demo reads 2022).
REPORT_YEAR: int | None = getattr(settings, "PROJECTS_REPORT_YEAR", None)
