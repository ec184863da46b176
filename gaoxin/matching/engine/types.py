"""Plain data types of the matching engine (no Django)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Final

NEED_TYPES: Final[tuple[str, ...]] = (
    "market",
    "funding",
    "technology",
    "talent",
    "space",
    "policy",
    "supply",
    "other",
)

RESOURCE_TYPES: Final[tuple[str, ...]] = (
    "customer",
    "investor",
    "expert",
    "lab",
    "service_provider",
    "space",
    "policy",
    "supplier",
    "enterprise_offering",
    "other",
)

NEED_TYPE_LABELS: Final[dict[str, str]] = {
    "market": "客户/市场渠道",
    "funding": "融资",
    "technology": "技术/研发合作",
    "talent": "人才",
    "space": "场地/厂房",
    "policy": "政策/资质申报",
    "supply": "供应链/采购",
    "other": "其他",
}

RESOURCE_TYPE_LABELS: Final[dict[str, str]] = {
    "customer": "客户",
    "investor": "投资机构",
    "expert": "专家",
    "lab": "高校/科研实验室",
    "service_provider": "服务机构",
    "space": "场地",
    "policy": "政策",
    "supplier": "供应商",
    "enterprise_offering": "企业产品/服务",
    "other": "其他",
}


@dataclass(frozen=True, slots=True)
class NeedDoc:
    """An enterprise's need, as the engine sees it.

    ``industries`` are GB/T 4754 codes ("C3494", "C34", "3494", "C"); ``regions``
    are GB/T 2260 codes ("650000") or names ("新疆") the enterprise prefers.
    """

    id: str
    type: str
    title: str
    description: str = ""
    industries: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    amount_wan: float | None = None
    stage: str | None = None
    enterprise_name: str = ""
    enterprise_description: str = ""
    created_at: date | None = None


@dataclass(frozen=True, slots=True)
class ResourceDoc:
    """A resource offered by a base, a partner or another enterprise.

    ``industries`` are the industries the resource concerns: what a customer buys,
    what an investor invests in, an expert's or a lab's field, what a supplier sells.

    Empty ``regions`` means unknown; "全国" or "000000" means nationwide.
    ``stages`` are the financing stages an investor takes (种子, 天使, A, B …).
    ``capacity``/``remaining`` count slots (e.g. desks, referrals); None = unlimited.
    """

    id: str
    type: str
    title: str
    description: str = ""
    industries: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    amount_wan: float | None = None
    amount_min_wan: float | None = None
    amount_max_wan: float | None = None
    stages: tuple[str, ...] = ()
    created_at: date | None = None
    valid_until: date | None = None
    capacity: int | None = None
    remaining: int | None = None
    provider: str = ""


@dataclass(frozen=True, slots=True)
class FactorResult:
    """What one factor function returns: a value in [0, 1] and a reason."""

    value: float
    reason_zh: str


@dataclass(frozen=True, slots=True)
class Factor:
    """One line of a match explanation."""

    name: str
    value: float
    weight: float
    contribution: float
    reason_zh: str


@dataclass(slots=True)
class Match:
    """A ranked resource for a need with its explanation.

    ``excluded_reason`` is set only by :meth:`MatchingEngine.explain` for a
    resource that the hard filters remove (score 0, no factors).
    """

    resource_id: str
    score: float
    factors: list[Factor] = field(default_factory=list)
    excluded_reason: str | None = None

    @property
    def summary_zh(self) -> str:
        if self.excluded_reason:
            return f"不匹配：{self.excluded_reason}"
        top = sorted(self.factors, key=lambda f: (-f.contribution, f.name))[:3]
        return "；".join(f.reason_zh for f in top)
