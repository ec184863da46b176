"""Validation shared by the 足迹 services: every refusal is a DomainError in Chinese."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from gaoxin.core.errors import DomainError
from gaoxin.core.permissions import Target, require

TITLE_MAX = 100
DESCRIPTION_MAX = 5000
AMOUNT_MAX = Decimal("100000000")  # 1 万亿元, in 万元


def check(actor: Any, action: str, target: Target | None = None) -> None:
    """Permission check for a human actor; actor None is the system (demo, tasks)."""
    if actor is not None:
        require(actor, action, target)


def clean_text(value: Any, *, label: str, max_length: int, required: bool = True) -> str:
    text = ("" if value is None else str(value)).strip()
    if required and not text:
        raise DomainError(_("%(label)s不能为空。") % {"label": label}, code="required", details={"field": label})
    if len(text) > max_length:
        raise DomainError(
            _("%(label)s不能超过 %(n)d 个字（当前 %(len)d 个字）。")
            % {"label": label, "n": max_length, "len": len(text)},
            code="too_long",
            details={"field": label},
        )
    return text


def clean_choice(value: Any, choices: Any, *, label: str) -> str:
    if value not in choices.values:
        raise DomainError(
            _("未知的%(label)s：%(value)s") % {"label": label, "value": str(value)[:50]}, code="unknown_choice"
        )
    return str(value)


def clean_amount(value: Any, *, label: str = "金额") -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise DomainError(_("%(label)s应为数字（万元）。") % {"label": label}, code="amount_invalid") from None
    if not amount.is_finite():
        raise DomainError(_("%(label)s应为数字（万元）。") % {"label": label}, code="amount_invalid")
    if amount < 0:
        raise DomainError(_("%(label)s不能为负数。") % {"label": label}, code="amount_negative")
    if amount > AMOUNT_MAX:
        raise DomainError(_("%(label)s过大，请以万元为单位填写。") % {"label": label}, code="amount_too_large")
    return amount.quantize(Decimal("0.01"))


def clean_codes(values: Any, *, label: str, max_items: int = 20) -> list[str]:
    """A list of short codes or names (industries, regions, stages)."""
    if values is None or values == "":
        return []
    if isinstance(values, str):
        values = [v for v in values.replace("，", ",").replace("、", ",").split(",")]
    out: list[str] = []
    for v in values:
        s = str(v).strip()
        if not s:
            continue
        if len(s) > 30:
            raise DomainError(_("%(label)s中的“%(v)s”过长。") % {"label": label, "v": s[:30]}, code="code_too_long")
        if s not in out:
            out.append(s)
    if len(out) > max_items:
        raise DomainError(_("%(label)s最多 %(n)d 项。") % {"label": label, "n": max_items}, code="too_many")
    return out
