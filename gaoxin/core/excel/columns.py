"""Columns of an Excel list: header, type and the parsing of one cell (pure functions)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

COLUMN_TYPES = ("str", "int", "decimal", "date", "bool", "choice", "amount_wan")

TYPE_LABELS = {
    "str": "文本",
    "int": "整数",
    "decimal": "数字",
    "date": "日期（如 2024-01-31）",
    "bool": "是/否",
    "choice": "选项",
    "amount_wan": "金额（万元；可写“1.5亿”“3,000万元”）",
}

_TRUE = {"是", "y", "yes", "true", "1", "√", "✓", "对"}
_FALSE = {"否", "n", "no", "false", "0", "×", "✗", "不是"}
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


class RowError(Exception):
    """A bad cell (column key) or a bad row (column ""), with a Chinese message."""

    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column
        self.message = message


def normalize_text(value: str) -> str:
    """Full-width to half-width (NFKC) and trimmed."""
    return unicodedata.normalize("NFKC", value).strip()


def normalize_header(value: Any) -> str:
    """Header comparison key: NFKC, no whitespace, no required-marker '*', lower case."""
    text = normalize_text(str(value or ""))
    return re.sub(r"[\s*＊]+", "", text).lower()


def parse_amount_wan(raw: Any) -> Decimal:
    """'1.5亿', '15000万', '15000', '1.5 亿元', '3,000万元' → Decimal in 万元."""
    if isinstance(raw, bool):
        raise ValueError
    if isinstance(raw, int | float | Decimal):
        value = Decimal(str(raw))
    else:
        text = re.sub(r"[\s,，]", "", normalize_text(str(raw)))
        if text.endswith("元"):
            text = text[:-1]
        factor = Decimal(1)
        if text.endswith("亿"):
            factor, text = Decimal(10000), text[:-1]
        elif text.endswith("万"):
            text = text[:-1]
        if not _NUMBER.match(text):
            raise ValueError
        value = Decimal(text) * factor
    if not value.is_finite():
        raise ValueError
    if value < 0:
        raise ValueError
    return Decimal(int(value)) if value == value.to_integral_value() else value.normalize()


def _parse_date(raw: Any) -> date:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    text = normalize_text(str(raw))
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            y, m, d = (int(g) for g in match.groups())
            return date(y, m, d)
    raise ValueError


def _number_text(raw: Any) -> str:
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return re.sub(r"[\s,，]", "", normalize_text(str(raw)))


@dataclass
class Column:
    key: str
    header: str
    type: str = "str"
    required: bool = False
    choices: dict[str, Any] | list[Any] | None = None
    help: str = ""
    example: str = ""
    _lookup: dict[str, Any] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        if self.type not in COLUMN_TYPES:
            raise ValueError(f"unknown column type {self.type!r}")
        if self.type == "choice":
            if not self.choices:
                raise ValueError(f"column {self.key!r}: choice needs choices")
            pairs = self.choices.items() if isinstance(self.choices, dict) else ((c, c) for c in self.choices)
            for label, value in pairs:
                self._lookup[normalize_header(label)] = value
                self._lookup.setdefault(normalize_header(value), value)

    @property
    def choice_labels(self) -> list[str]:
        if not self.choices:
            return []
        return [str(c) for c in (self.choices.keys() if isinstance(self.choices, dict) else self.choices)]

    @property
    def type_label(self) -> str:
        return _(TYPE_LABELS[self.type])

    def parse(self, raw: Any) -> Any:
        """The cell's Python value (None when empty); raises RowError with a Chinese message."""
        if raw is None or (isinstance(raw, str) and not normalize_text(raw)):
            if self.required:
                raise RowError(self.key, _("必填项不能为空"))
            return None
        try:
            return self._parse(raw)
        except (ValueError, InvalidOperation, ArithmeticError):
            raise RowError(self.key, self._message(raw)) from None

    def _parse(self, raw: Any) -> Any:
        kind = self.type
        if kind == "str":
            if isinstance(raw, float) and raw.is_integer():
                return str(int(raw))
            if isinstance(raw, datetime | date):
                return raw.isoformat()[:10]
            return normalize_text(str(raw))
        if kind == "int":
            if isinstance(raw, bool):
                raise ValueError
            text = _number_text(raw)
            if not re.fullmatch(r"[+-]?\d+(\.0+)?", text):
                raise ValueError
            return int(Decimal(text))
        if kind == "decimal":
            if isinstance(raw, bool):
                raise ValueError
            text = _number_text(raw) if not isinstance(raw, float) else str(raw)
            if not _NUMBER.match(text):
                raise ValueError
            return Decimal(text)
        if kind == "date":
            return _parse_date(raw)
        if kind == "bool":
            if isinstance(raw, bool):
                return raw
            text = normalize_header(_number_text(raw) if isinstance(raw, int | float) else raw)
            if text in _TRUE:
                return True
            if text in _FALSE:
                return False
            raise ValueError
        if kind == "choice":
            key = normalize_header(_number_text(raw) if isinstance(raw, int | float) else raw)
            if key not in self._lookup:
                raise ValueError
            return self._lookup[key]
        return parse_amount_wan(raw)

    def _message(self, raw: Any) -> str:
        shown = str(raw)[:30]
        if self.type == "amount_wan":
            return _("金额格式无法识别：%(v)s（示例：1.5亿、3,000万元、15000）") % {"v": shown}
        if self.type == "int":
            return _("应为整数，而不是“%(v)s”") % {"v": shown}
        if self.type == "decimal":
            return _("应为数字，而不是“%(v)s”") % {"v": shown}
        if self.type == "date":
            return _("日期格式无法识别：%(v)s（应为 2024-01-31）") % {"v": shown}
        if self.type == "bool":
            return _("应填“是”或“否”，而不是“%(v)s”") % {"v": shown}
        if self.type == "choice":
            return _("“%(v)s”不是允许的值，应为：%(c)s") % {"v": shown, "c": "、".join(self.choice_labels)}
        return _("无法识别：%(v)s") % {"v": shown}
