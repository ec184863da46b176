"""The zone's "3+1" industry groups mapped from GB/T 4754 codes (longest prefix wins).

A small table, read by figures; codes are digits without the section letter
("3491" → "34" 通用设备制造业 → 高端装备; "3841" 电池制造 → 新能源新材料).
"""

from __future__ import annotations

from typing import Final

from gaoxin.matching.enums import IndustryGroup as G

GROUP_PREFIXES: Final[dict[str, str]] = {
    # 新能源新材料: chemicals, plastics, minerals, metals, batteries, PV, power generation
    "26": G.NEW_ENERGY_MATERIALS, "28": G.NEW_ENERGY_MATERIALS, "29": G.NEW_ENERGY_MATERIALS,
    "30": G.NEW_ENERGY_MATERIALS, "31": G.NEW_ENERGY_MATERIALS, "32": G.NEW_ENERGY_MATERIALS,
    "384": G.NEW_ENERGY_MATERIALS, "3825": G.NEW_ENERGY_MATERIALS, "44": G.NEW_ENERGY_MATERIALS,
    # 高端装备: metal products, machinery, vehicles, transport equipment, electrical, instruments
    "33": G.HIGH_END_EQUIPMENT, "34": G.HIGH_END_EQUIPMENT, "35": G.HIGH_END_EQUIPMENT,
    "36": G.HIGH_END_EQUIPMENT, "37": G.HIGH_END_EQUIPMENT, "38": G.HIGH_END_EQUIPMENT,
    "39": G.HIGH_END_EQUIPMENT, "40": G.HIGH_END_EQUIPMENT, "43": G.HIGH_END_EQUIPMENT,
    # 医养健康: pharmaceuticals, medical instruments, health care, elderly care
    "27": G.HEALTH, "358": G.HEALTH, "84": G.HEALTH, "85": G.HEALTH, "8514": G.HEALTH,
}  # fmt: skip


def group_of(code: str | None) -> str:
    """The group of a GB/T 4754 code ("C3491", "3491", "34"), or 其他产业."""
    if not code:
        return G.OTHER
    digits = code.lstrip("ABCDEFGHIJKLMNOPQRST")
    for n in range(len(digits), 1, -1):
        group = GROUP_PREFIXES.get(digits[:n])
        if group:
            return group
    return G.OTHER
