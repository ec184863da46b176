"""Framework-free matching engine of the 足迹 system (no Django imports).

Ranks resources (customers, investors, experts, labs, spaces, policies, suppliers,
other enterprises' offerings …) for an enterprise's need with hard type filters,
BM25 text relevance with domain synonyms, and industry, region, amount, stage,
freshness and capacity factors, each explained in Chinese.
"""

from .compat import COMPATIBLE, is_compatible
from .engine import MatchingEngine
from .industry import closeness, parse_industry_code
from .scoring import FACTOR_LABELS, FACTOR_NAMES
from .text import Analyzer, BM25Index, default_analyzer
from .types import (
    NEED_TYPES,
    RESOURCE_TYPES,
    Factor,
    FactorResult,
    Match,
    NeedDoc,
    ResourceDoc,
)
from .weights import DEFAULT_WEIGHTS, Outcome, learn_weights

__all__ = [
    "COMPATIBLE",
    "DEFAULT_WEIGHTS",
    "FACTOR_LABELS",
    "FACTOR_NAMES",
    "NEED_TYPES",
    "RESOURCE_TYPES",
    "Analyzer",
    "BM25Index",
    "Factor",
    "FactorResult",
    "Match",
    "MatchingEngine",
    "NeedDoc",
    "Outcome",
    "ResourceDoc",
    "closeness",
    "default_analyzer",
    "is_compatible",
    "learn_weights",
    "parse_industry_code",
]
