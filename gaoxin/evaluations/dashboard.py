"""Home panel of 好差评 intake: for window staff, their own counts today (no rater identity)."""

from __future__ import annotations

from typing import Any

from gaoxin.core.models import User
from gaoxin.core.permissions import can


def panels(user: User) -> list[dict[str, Any]]:
    if not can(user, "evaluations.case.manage") or can(user, "evaluations.hall.manage"):
        return []
    from gaoxin.evaluations.ui_selectors import my_ratings, staff_of

    staff = staff_of(user)
    if staff is None:
        return []
    return [{"template": "evaluations/panels/my_ratings.html", "order": 30, "summary": my_ratings(staff)}]
