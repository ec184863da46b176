"""Enterprise name comparison key (pure): near-identical names share a key."""

from __future__ import annotations

import re
import unicodedata

_SUFFIXES = ("有限责任公司", "股份有限公司", "有限公司", "股份", "集团", "公司")
_REGION_IN_PARENS = re.compile(r"\([\u4e00-\u9fff]{2,4}\)")
_SPACES = re.compile(r"[\s·・.,，、\"'“”‘’]+")


def name_key(name: str) -> str:
    """'山东鲁芯之光 半导体制造(山东)有限公司' → '山东鲁芯之光半导体制造' (NFKC, no suffix, no region)."""
    text = unicodedata.normalize("NFKC", name or "")
    text = _SPACES.sub("", text)
    text = _REGION_IN_PARENS.sub("", text)
    changed = True
    while changed:
        changed = False
        for suffix in _SUFFIXES:
            if text.endswith(suffix) and len(text) > len(suffix):
                text = text[: -len(suffix)]
                changed = True
    text = text.replace("股份", "")
    return text.lower()[:200]
