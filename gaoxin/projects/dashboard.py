"""Home panel: the 项目立区/双招双引 figures of the report year, computed from records."""

from __future__ import annotations

from typing import Any

from gaoxin.core.models import User
from gaoxin.core.permissions import can


def panels(user: User) -> list[dict[str, Any]]:
    if not can(user, "projects.project.view"):
        return []
    from gaoxin.projects import selectors

    figures = selectors.zone_figures(user, region=selectors.home_region(user))
    return [{"template": "projects/_panel.html", "order": 30, "f": figures}]
