"""Hard compatibility between need types and resource types.

A resource whose type is not allowed for the need's type is excluded, not scored.
"""

from __future__ import annotations

from typing import Final

from .types import NEED_TYPES, RESOURCE_TYPES

COMPATIBLE: Final[dict[str, frozenset[str]]] = {
    # a market need wants buyers and channels, not other sellers
    "market": frozenset({"customer"}),
    "funding": frozenset({"investor", "policy"}),
    "technology": frozenset({"expert", "lab", "enterprise_offering", "service_provider"}),
    "talent": frozenset({"expert", "lab", "service_provider"}),
    "space": frozenset({"space"}),
    "policy": frozenset({"policy", "service_provider"}),
    "supply": frozenset({"supplier", "enterprise_offering"}),
    "other": frozenset(RESOURCE_TYPES),
}

if set(COMPATIBLE) != set(NEED_TYPES):  # pragma: no cover - a table edit gone wrong
    raise RuntimeError("COMPATIBLE must list every need type")


def is_compatible(need_type: str, resource_type: str) -> bool:
    """True when a resource of ``resource_type`` may answer a ``need_type`` need."""
    allowed = COMPATIBLE.get(need_type)
    if allowed is None:
        return False
    return resource_type in allowed


def allowed_resource_types(need_type: str) -> frozenset[str]:
    return COMPATIBLE.get(need_type, frozenset())
