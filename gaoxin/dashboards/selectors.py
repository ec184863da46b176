"""Home dashboard: panels from each domain's `dashboard.py` (read-only, selectors only).

A domain module exposes `panels(user) -> list[Panel]`; a Panel is a dict with at least
`template` (the include to render) and `order`; the rest is the template's data.
"""

from __future__ import annotations

import importlib
from functools import cache
from types import ModuleType
from typing import Any

from django.conf import settings

from gaoxin.core.models import User


@cache
def _providers() -> tuple[ModuleType, ...]:
    found = []
    for app in settings.INSTALLED_APPS:
        if not app.startswith("gaoxin."):
            continue
        try:
            found.append(importlib.import_module(f"{app}.dashboard"))
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.dashboard":
                raise
    return tuple(found)


def home_panels(user: User) -> list[dict[str, Any]]:
    panels: list[dict[str, Any]] = []
    for module in _providers():
        panels.extend(module.panels(user))
    return sorted(panels, key=lambda p: p.get("order", 100))
