"""Home panel of 足迹: the network's figures (computed from records, fixed queries)."""

from __future__ import annotations

from typing import Any

from gaoxin.core.models import User
from gaoxin.core.permissions import can
from gaoxin.matching import figures


def panels(user: User) -> list[dict[str, Any]]:
    if not can(user, "matching.figures.view"):
        return []
    fig = figures.figures_for(user)
    if not fig["bases"]:
        return []
    return [{"template": "matching/panel.html", "order": 40, "r": fig["total"], "n_bases": len(fig["bases"])}]
