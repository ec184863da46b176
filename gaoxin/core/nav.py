"""The navigation menu, assembled from each app's `nav.py` (NAV: list of NavItem).

An item shows when the user may do its action; order within a section is declaration order.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from gaoxin.core.permissions import can


@dataclass(frozen=True)
class NavItem:
    section: str | Promise  # e.g. "好差评"; may be a gettext_lazy string
    label: str | Promise
    url_name: str
    action: str  # permission action needed to see it
    icon: str = "circle"
    order: int = 100  # section order


@cache
def _all_items() -> tuple[NavItem, ...]:
    items: list[NavItem] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("gaoxin."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.nav")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.nav":
                raise
            continue
        items.extend(getattr(module, "NAV", ()))
    return tuple(items)


def menu_for(user: object) -> list[dict[str, object]]:
    sections: dict[str | Promise, dict[str, object]] = {}
    for item in _all_items():
        if not can(user, item.action):  # type: ignore[arg-type]
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        section = sections.setdefault(item.section, {"label": item.section, "order": item.order, "items": []})
        section["items"].append({"label": item.label, "url": url, "icon": item.icon})  # type: ignore[union-attr,attr-defined]
    return sorted(sections.values(), key=lambda s: (s["order"], s["label"]))  # type: ignore[return-value]


NAV = [
    NavItem(
        section=_("系统管理"),
        label=_("审计日志"),
        url_name="core:audit_list",
        action="core.audit.view",
        icon="journal-text",
        order=900,
    ),
    NavItem(
        section=_("系统管理"),
        label=_("工作日历"),
        url_name="core:calendar_list",
        action="core.calendar.view",
        icon="calendar3",
        order=900,
    ),
    NavItem(
        section=_("系统管理"),
        label=_("API 令牌"),
        url_name="core:token_list",
        action="core.token.manage",
        icon="key",
        order=900,
    ),
]
