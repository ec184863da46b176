from __future__ import annotations

from django import template
from django.utils.formats import localize

register = template.Library()


@register.filter
def rate(value: float | None) -> str:
    """A rate in percent as the statistics pages show it ("97.5%"), "—" without a sample.

    A filter rather than an included template: a ranking shows six rates on each of its 100 rows,
    and an include costs a template render each."""
    return "—" if value is None else f"{localize(value)}%"
