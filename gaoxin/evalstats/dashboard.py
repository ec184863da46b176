"""Home panel: this year's figures of the user's region (rollups, 3 queries)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from gaoxin.core.permissions import can

REPORT_YEAR = 2022  # the year of the source report (13,752 ratings, 好评率 100%)


def panels(user) -> list[dict]:
    if not user.is_authenticated or not can(user, "evalstats.stats.view"):
        return []
    from gaoxin.evalstats.selectors import default_region, good_rate_formula, region_figures

    region = default_region(user)
    if region is None:
        return []
    today = timezone.localdate()
    formula = good_rate_formula(region)
    year = region_figures(user, region=region, period="year", ref=today, formula=formula)
    month = region_figures(user, region=region, period="month", ref=today, formula=formula)
    report = region_figures(user, region=region, period="year", ref=date(REPORT_YEAR, 1, 1), formula=formula)
    return [
        {
            "template": "evalstats/panel.html",
            "order": 25,
            "region": region,
            "year": year,
            "month": month,
            "today": today,
            "report": report,
            "report_year": REPORT_YEAR,
        }
    ]
