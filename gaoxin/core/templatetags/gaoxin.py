from __future__ import annotations

from django import template
from django.template.context import Context

register = template.Library()


@register.simple_tag(takes_context=True)
def query_replace(context: Context, **kwargs: object) -> str:
    """The current query string with some parameters replaced (for pagination and sorting)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        query[key] = value
    return query.urlencode()


@register.filter
def mask_phone(value: str) -> str:
    """138****1234 — the only way a phone number appears in lists."""
    value = (value or "").strip()
    if len(value) >= 7:
        return f"{value[:3]}****{value[-4:]}"
    return "****" if value else ""


@register.filter
def percent(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "—"
    return f"{value * 100:.{digits}f}%"
