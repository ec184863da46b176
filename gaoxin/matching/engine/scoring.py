"""Factor functions of the hybrid score. Each returns a value in [0, 1] and a
Chinese reason; hard filters return an exclusion reason instead."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from datetime import date
from typing import Final

from . import regions as rg
from .industry import industry_factor
from .types import FactorResult, ResourceDoc

FACTOR_NAMES: Final[tuple[str, ...]] = (
    "text",
    "industry",
    "region",
    "amount",
    "stage",
    "freshness",
    "capacity",
)

FACTOR_LABELS: Final[dict[str, str]] = {
    "text": "文本相关度",
    "industry": "行业",
    "region": "地区",
    "amount": "金额",
    "stage": "阶段",
    "freshness": "时效",
    "capacity": "余量",
}

NEUTRAL: Final[float] = 0.5
FRESHNESS_HALF_LIFE_DAYS: Final[float] = 180.0

__all__ = [
    "FACTOR_LABELS",
    "FACTOR_NAMES",
    "amount_factor",
    "capacity_factor",
    "exclusion_reason",
    "freshness_factor",
    "industry_factor",
    "region_factor",
    "stage_factor",
    "text_factor",
]


def text_factor(normalised: float, matched_terms: Sequence[str]) -> FactorResult:
    value = min(1.0, max(0.0, normalised))
    if value <= 0.0 or not matched_terms:
        return FactorResult(0.0, "文本无关")
    return FactorResult(value, "文本相关：" + "、".join(matched_terms[:3]))


def region_factor(need_regions: Sequence[str], resource_regions: Sequence[str]) -> FactorResult:
    """1.0 inside the preferred region, 0.8 same province, 0.7 nationwide, 0.5 unknown."""
    if not need_regions:
        return FactorResult(NEUTRAL, "无地区偏好（中性）")
    if not resource_regions:
        return FactorResult(NEUTRAL, "资源地区未知（中性）")
    want = [rg.resolve(r) for r in need_regions]
    have = [rg.resolve(r) for r in resource_regions]
    best = 0.0
    reason = "地区不符：需 " + "、".join(rg.display(w) for w in want)
    for w in want:
        for h in have:
            if h == rg.NATIONWIDE:
                value, why = 0.7, "全国范围可服务"
            elif (
                rg.contains(w, h)
                or rg.contains(h, w)
                or (not rg.is_code(w) and not rg.is_code(h) and (w in h or h in w))
            ):
                value, why = 1.0, f"地区匹配：{rg.display(w)}"
            elif rg.same_province(w, h):
                value, why = 0.8, f"同省：{rg.display(w[:2] + '0000')}"
            else:
                continue
            if value > best:
                best, reason = value, why
    return FactorResult(best, reason)


def _fmt_wan(x: float) -> str:
    if x >= 10000:
        return f"{x / 10000:g}亿元"
    return f"{x:g}万元"


def amount_factor(need_amount: float | None, resource: ResourceDoc) -> FactorResult:
    """1 inside [min, max]; outside, 2^(−|log2 ratio|) to the nearest bound."""
    lo, hi = resource.amount_min_wan, resource.amount_max_wan
    if lo is None and hi is None and resource.amount_wan is not None:
        lo = hi = resource.amount_wan
    if need_amount is None or need_amount <= 0 or (lo is None and hi is None):
        return FactorResult(NEUTRAL, "金额未知（中性）")
    if (lo is None or need_amount >= lo) and (hi is None or need_amount <= hi):
        span = f"{_fmt_wan(lo) if lo is not None else '不限'}–{_fmt_wan(hi) if hi is not None else '不限'}"
        return FactorResult(1.0, f"金额匹配：{_fmt_wan(need_amount)}在{span}内")
    bound = lo if lo is not None and need_amount < lo else hi
    if bound is None or bound <= 0:
        return FactorResult(0.0, "金额不符")
    value = 2.0 ** (-abs(math.log2(need_amount / bound)))
    side = "下限" if bound == lo and need_amount < bound else "上限"
    return FactorResult(value, f"金额偏离：需{_fmt_wan(need_amount)}，资源{side}{_fmt_wan(bound)}")


_STAGE_ORDER: Final[dict[str, int]] = {
    "种子": 0, "seed": 0, "天使": 1, "angel": 1, "pre-a": 2, "a": 3, "a+": 3,
    "pre-b": 3, "b": 4, "b+": 4, "c": 5, "d": 6, "pre-ipo": 6, "ipo": 7, "上市": 7,
}  # fmt: skip


def stage_rank(stage: str) -> int | None:
    s = re.sub(r"[轮期\s]", "", stage.strip().lower())
    return _STAGE_ORDER.get(s)


def stage_factor(need_stage: str | None, resource_stages: Sequence[str]) -> FactorResult:
    """1 same stage, 0.6 one apart, 0.3 two apart, else 0; unknown 0.5."""
    ranks = [r for r in (stage_rank(s) for s in resource_stages) if r is not None]
    need_rank = stage_rank(need_stage) if need_stage else None
    if need_stage is None or need_rank is None or not ranks:
        return FactorResult(NEUTRAL, "阶段未知（中性）")
    dist = min(abs(need_rank - r) for r in ranks)
    value = {0: 1.0, 1: 0.6, 2: 0.3}.get(dist, 0.0)
    if dist == 0:
        return FactorResult(value, f"阶段匹配：{need_stage}")
    return FactorResult(value, f"阶段相差{dist}级：企业处于{need_stage}")


def freshness_factor(created_at: date | None, today: date) -> FactorResult:
    if created_at is None:
        return FactorResult(NEUTRAL, "发布时间未知（中性）")
    age = max(0, (today - created_at).days)
    value = 0.5 ** (age / FRESHNESS_HALF_LIFE_DAYS)
    return FactorResult(value, f"发布于{age}天前")


def capacity_factor(resource: ResourceDoc) -> FactorResult:
    if resource.capacity is None or resource.remaining is None or resource.capacity <= 0:
        return FactorResult(1.0, "名额不限")
    value = max(0.0, min(1.0, resource.remaining / resource.capacity))
    return FactorResult(value, f"剩余名额{resource.remaining}/{resource.capacity}")


def exclusion_reason(resource: ResourceDoc, today: date) -> str | None:
    """Hard filters independent of the need: expired validity, no capacity left."""
    if resource.valid_until is not None and resource.valid_until < today:
        return f"已过有效期（{resource.valid_until.isoformat()}）"
    if resource.remaining is not None and resource.remaining <= 0:
        return "名额已满"
    return None
