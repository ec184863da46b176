from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def yi(amount: object, digits: int = 2) -> str:
    """万元 → 亿元 without trailing zeros: 697000 → "69.7"."""
    if amount in (None, ""):
        return "—"
    value = (Decimal(str(amount)) / 10000).quantize(Decimal(1).scaleb(-int(digits)))
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@register.filter
def wan(amount: object) -> str:
    if amount in (None, ""):
        return "—"
    value = Decimal(str(amount)).quantize(Decimal("0.01"))
    text = f"{value:,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


STATUS_CLASS = {"green": "success", "yellow": "warning", "red": "danger", "none": "secondary"}


@register.filter
def status_class(status: object) -> str:
    return STATUS_CLASS.get(str(status), "secondary")
