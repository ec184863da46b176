"""Code-scheme adapters for the satisfaction level: convert only at the boundary.

The internal `Level` is never exchanged as a bare number. A number from outside is
read with the scheme it was written in, and written out with the scheme asked for:

- ``gbt39046`` — GB/T 39046-2020 A.8: 1 = 非常满意 … 5 = 非常不满意 (high → low)
- ``provincial`` — many provincial interfaces: 1 = 非常不满意 … 5 = 非常满意 (low → high)
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from gaoxin.core.errors import DomainError
from gaoxin.evaluations.enums import Level

GBT39046 = "gbt39046"
PROVINCIAL = "provincial"

_TO = {
    GBT39046: {
        Level.VERY_SATISFIED: 1,
        Level.SATISFIED: 2,
        Level.BASIC: 3,
        Level.DISSATISFIED: 4,
        Level.VERY_DISSATISFIED: 5,
    },
    PROVINCIAL: {
        Level.VERY_DISSATISFIED: 1,
        Level.DISSATISFIED: 2,
        Level.BASIC: 3,
        Level.SATISFIED: 4,
        Level.VERY_SATISFIED: 5,
    },
}
_FROM = {scheme: {code: level for level, code in table.items()} for scheme, table in _TO.items()}
SCHEMES = tuple(_TO)


def _check_scheme(scheme: str | None) -> str:
    if not scheme:
        raise DomainError(_("满意度代码必须注明编码方案（gbt39046 或 provincial）。"), code="scheme_required")
    if scheme not in _TO:
        raise DomainError(_("未知的满意度编码方案：%(s)s") % {"s": scheme}, code="unknown_scheme")
    return scheme


def to_scheme(level: Level | int, *, scheme: str) -> int:
    """The code of an internal level in `scheme`."""
    table = _TO[_check_scheme(scheme)]
    try:
        return table[Level(level)]
    except ValueError:
        raise DomainError(_("满意度无效。"), code="invalid_level") from None


def from_scheme(code: int | str, *, scheme: str) -> Level:
    """The internal level of a code written in `scheme`. A bare number without a scheme is refused."""
    table = _FROM[_check_scheme(scheme)]
    try:
        return table[int(code)]
    except (KeyError, TypeError, ValueError):
        raise DomainError(
            _("满意度代码无效：%(c)s（%(s)s 方案取值 1–5）") % {"c": code, "s": scheme}, code="invalid_level"
        ) from None
