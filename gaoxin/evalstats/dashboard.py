"""Home panel: this year's figures of the user's region (rollups: the region, its policy, one
query for this year's and the report year's months)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from gaoxin.core.permissions import can

REPORT_YEAR = 2022  # the year of the source report (13,752 ratings, 好评率 100%)


def panels(user) -> list[dict]:
    if not user.is_authenticated or not can(user, "evalstats.stats.view"):
        return []
    from gaoxin.evalstats.selectors import default_region, good_rate_formula, months_total, region_months

    region = default_region(user)
    if region is None:
        return []
    today = timezone.localdate()
    formula = good_rate_formula(region)
    months = region_months(user, region=region, years={today.year, REPORT_YEAR})  # one query for the three
    this_year = [date(today.year, m, 1) for m in range(1, 13)]
    year = months_total(region, months, this_year, formula)
    month = months_total(region, months, [today.replace(day=1)], formula)
    report = months_total(region, months, [date(REPORT_YEAR, m, 1) for m in range(1, 13)], formula)
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
