"""Per-region rating rules, inherited down the region tree, with the defaults of evaluation.md.

A `RatingPolicy` row sets some fields for a region; a null field inherits from the nearest
ancestor that sets it, then from DEFAULTS. Read on the hot path, so the resolved policy is
cached per process for a short time and dropped when a policy is changed here.
"""

from __future__ import annotations

import threading
import time as _time
from dataclasses import dataclass, replace
from functools import cache

from django.utils.translation import gettext_lazy as _

from gaoxin.core.models import Region
from gaoxin.evaluations.enums import GoodRateFormula, Level


@dataclass(frozen=True)
class EffectivePolicy:
    supplementary_days: int = 5  # Shandong: 5 working days after completion
    default_rating_enabled: bool = False  # off unless the region turns it on
    default_rating_after_days: int = 7  # calendar days (Guangdong 7)
    default_rating_level: int = Level.BASIC  # Guangdong: 基本满意
    good_rate_formula: str = GoodRateFormula.THREE_LEVELS
    static_qr_limit: int = 5  # static-QR ratings per address per staff member …
    static_qr_window_minutes: int = 10  # … within this many minutes
    fast_rating_seconds: int = 5  # a rating sooner than this after completion is flagged
    upstream_url: str = ""


DEFAULTS = EffectivePolicy()
FIELDS = tuple(EffectivePolicy.__dataclass_fields__)

# Content tags per level, versioned (GB/T 39734): codes are stable, labels are shown.
TAG_SET_VERSION = "2020"
TAG_SETS: dict[str, dict[str, object]] = {
    "2020": {
        "onsite": {"E": _("服务效率"), "L": _("服务水平"), "A": _("服务态度")},
        "online": {"OE": _("办事效率"), "OG": _("办事指南精确度"), "OC": _("办事便捷度"), "OP": _("平台操作性")},
    },
}


@cache  # TAG_SETS is a constant; every rating checks its tags against it
def tag_codes(version: str = TAG_SET_VERSION) -> frozenset[str]:
    sets = TAG_SETS.get(version, {})
    return frozenset(code for group in sets.values() for code in group)  # type: ignore[attr-defined]


_CACHE_SECONDS = 60
_lock = threading.Lock()
_cache: dict[str, tuple[float, EffectivePolicy]] = {}


def invalidate_policy_cache() -> None:
    with _lock:
        _cache.clear()


def _region_ids(path: str) -> list[int]:
    return [int(part) for part in path.strip("/").split("/") if part]


def effective_policy(region: Region) -> EffectivePolicy:
    """The rules in force for `region` (one query at most per region per minute)."""
    return policy_for_path(region.path, region.pk)


def policy_for_path(path: str, region_id: int) -> EffectivePolicy:
    """effective_policy() of the region of this id and path (the batch path reads both, not the region)."""
    from gaoxin.evaluations.models import RatingPolicy

    now = _time.monotonic()
    hit = _cache.get(path)
    if hit is not None and now - hit[0] < _CACHE_SECONDS:
        return hit[1]
    ids = _region_ids(path) or [region_id]
    rows = {p.region_id: p for p in RatingPolicy.objects.filter(region_id__in=ids)}
    values: dict[str, object] = {}
    for rid in reversed(ids):  # nearest first
        row = rows.get(rid)
        if row is None:
            continue
        for name in FIELDS:
            if name in values:
                continue
            value = getattr(row, name)
            if value is not None and value != "":
                values[name] = value
    policy = replace(DEFAULTS, **values)  # type: ignore[arg-type]
    with _lock:
        _cache[path] = (now, policy)
    return policy
