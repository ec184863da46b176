"""Offline evaluation: file loaders, ranking metrics, engine vs BM25 baseline.

Directory layout: ``needs.jsonl``, ``resources.jsonl``, ``qrels.tsv`` (TREC:
``need_id 0 resource_id grade``, grades 0–3) and optionally ``meta.json`` with
``{"as_of": "YYYY-MM-DD"}`` fixing "today" for freshness and validity.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from .engine import MatchingEngine
from .industry import IndustryCodeError, parse_industry_code
from .types import NEED_TYPES, RESOURCE_TYPES, Match, NeedDoc, ResourceDoc

Qrels = dict[str, dict[str, int]]
K = 10


class EvalFormatError(ValueError):
    """A malformed line of an evaluation file."""

    def __init__(self, file: str, line: int, message: str) -> None:
        super().__init__(f"{file}:{line}: {message}")
        self.file = file
        self.line = line
        self.message = message


# -- loaders -----------------------------------------------------------------
def _str(obj: Mapping[str, Any], key: str, *, required: bool = True) -> str:
    value = obj.get(key)
    if value is None:
        if required:
            raise ValueError(f'missing required key "{key}"')
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise ValueError(f'"{key}" must be a non-empty string')
    return value


def _amount(obj: Mapping[str, Any], key: str) -> float | None:
    value = obj.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ValueError(f'"{key}" must be a number')
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f'"{key}" must be a number, got {value!r}') from None
    if not math.isfinite(number) or number < 0:
        raise ValueError(f'"{key}" must be a non-negative amount, got {value!r}')
    return number


def _codes(obj: Mapping[str, Any], key: str, *, industry: bool = False) -> tuple[str, ...]:
    value = obj.get(key)
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
        raise ValueError(f'"{key}" must be a string or a list of strings')
    if industry:
        for code in items:
            try:
                parse_industry_code(code)
            except IndustryCodeError as exc:
                raise ValueError(f'"{key}": {exc}') from None
    return tuple(items)


def _date(obj: Mapping[str, Any], key: str) -> date | None:
    value = obj.get(key)
    if value is None:
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f'"{key}" must be an ISO date, got {value!r}') from None


def _int(obj: Mapping[str, Any], key: str) -> int | None:
    value = obj.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f'"{key}" must be a non-negative integer')
    return value


def _jsonl(path: Path, parse: Callable[[Mapping[str, Any]], Any]) -> list[Any]:
    out = []
    seen: set[str] = set()
    with path.open(encoding="utf-8") as fh:
        for lineno, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            try:
                obj = json.loads(raw)
            except json.JSONDecodeError as exc:
                raise EvalFormatError(path.name, lineno, f"invalid JSON: {exc.msg}") from None
            if not isinstance(obj, dict):
                raise EvalFormatError(path.name, lineno, "each line must be a JSON object")
            try:
                item = parse(obj)
            except ValueError as exc:
                raise EvalFormatError(path.name, lineno, str(exc)) from None
            if item.id in seen:
                raise EvalFormatError(path.name, lineno, f'duplicate id "{item.id}"')
            seen.add(item.id)
            out.append(item)
    return out


def parse_need(obj: Mapping[str, Any]) -> NeedDoc:
    need_type = _str(obj, "type")
    if need_type not in NEED_TYPES:
        raise ValueError(f'unknown need type "{need_type}" (expected one of {", ".join(NEED_TYPES)})')
    ent = obj.get("enterprise") or {}
    if not isinstance(ent, dict):
        raise ValueError('"enterprise" must be an object')
    industries = _codes(obj, "industry", industry=True) or _codes(ent, "industry", industry=True)
    return NeedDoc(
        id=_str(obj, "id"),
        type=need_type,
        title=_str(obj, "title"),
        description=_str(obj, "description", required=False),
        industries=industries,
        regions=_codes(obj, "region"),
        amount_wan=_amount(obj, "amount_wan"),
        stage=_str(obj, "stage", required=False) or None,
        enterprise_name=_str(ent, "name", required=False),
        enterprise_description=_str(ent, "description", required=False),
    )


def parse_resource(obj: Mapping[str, Any]) -> ResourceDoc:
    res_type = _str(obj, "type")
    if res_type not in RESOURCE_TYPES:
        raise ValueError(f'unknown resource type "{res_type}" (expected one of {", ".join(RESOURCE_TYPES)})')
    lo, hi = _amount(obj, "amount_min_wan"), _amount(obj, "amount_max_wan")
    if lo is not None and hi is not None and lo > hi:
        raise ValueError(f'"amount_min_wan" {lo:g} is greater than "amount_max_wan" {hi:g}')
    return ResourceDoc(
        id=_str(obj, "id"),
        type=res_type,
        title=_str(obj, "title"),
        description=_str(obj, "description", required=False),
        industries=_codes(obj, "industries", industry=True),
        regions=_codes(obj, "regions"),
        amount_wan=_amount(obj, "amount_wan"),
        amount_min_wan=lo,
        amount_max_wan=hi,
        stages=_codes(obj, "stages"),
        created_at=_date(obj, "created_at"),
        valid_until=_date(obj, "valid_until"),
        capacity=_int(obj, "capacity"),
        remaining=_int(obj, "remaining"),
        provider=_str(obj, "provider", required=False),
    )


def load_needs(path: Path) -> list[NeedDoc]:
    return _jsonl(path, parse_need)


def load_resources(path: Path) -> list[ResourceDoc]:
    return _jsonl(path, parse_resource)


def load_qrels(path: Path) -> Qrels:
    qrels: Qrels = {}
    with path.open(encoding="utf-8") as fh:
        for lineno, raw in enumerate(fh, start=1):
            if not raw.strip() or raw.lstrip().startswith("#"):
                continue
            parts = raw.split()
            if len(parts) != 4:
                raise EvalFormatError(
                    path.name, lineno, f"expected 4 columns (need_id 0 resource_id grade), got {len(parts)}"
                )
            need_id, _, resource_id, grade_s = parts
            if not grade_s.isdigit() or not 0 <= int(grade_s) <= 3:
                raise EvalFormatError(path.name, lineno, f"grade must be an integer 0–3, got {grade_s!r}")
            qrels.setdefault(need_id, {})[resource_id] = int(grade_s)
    return qrels


# -- metrics -----------------------------------------------------------------
def dcg(grades: Sequence[int]) -> float:
    return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(grades))


def ndcg_at_k(ranked: Sequence[str], judged: Mapping[str, int], k: int = K) -> float:
    """nDCG@k with gain 2^g − 1 and log2(rank + 1) discount; unjudged = 0."""
    ideal = dcg(sorted(judged.values(), reverse=True)[:k])
    if ideal <= 0:
        return 0.0
    return dcg([judged.get(r, 0) for r in ranked[:k]]) / ideal


def precision_at_k(ranked: Sequence[str], judged: Mapping[str, int], k: int = 5) -> float:
    """Share of the first k positions holding a resource of grade ≥ 1."""
    return sum(1 for r in ranked[:k] if judged.get(r, 0) >= 1) / k


def reciprocal_rank(ranked: Sequence[str], judged: Mapping[str, int], k: int = K) -> float:
    for i, r in enumerate(ranked[:k], start=1):
        if judged.get(r, 0) >= 1:
            return 1.0 / i
    return 0.0


def evaluate_rankings(rankings: Mapping[str, Sequence[str]], qrels: Qrels) -> dict[str, float]:
    """Mean nDCG@10, P@5 and MRR@10 over needs with at least one relevant resource."""
    scored = [n for n in rankings if any(g >= 1 for g in qrels.get(n, {}).values())]
    if not scored:
        return {"ndcg@10": 0.0, "p@5": 0.0, "mrr": 0.0, "needs": 0}

    def mean(f: Callable[[Sequence[str], Mapping[str, int]], float]) -> float:
        return sum(f(rankings[n], qrels[n]) for n in scored) / len(scored)

    return {
        "ndcg@10": mean(ndcg_at_k),
        "p@5": mean(precision_at_k),
        "mrr": mean(reciprocal_rank),
        "needs": len(scored),
    }


# -- runs ----------------------------------------------------------------------
def _as_of(directory: Path) -> date | None:
    meta = directory / "meta.json"
    if not meta.exists():
        return None
    value = json.loads(meta.read_text(encoding="utf-8")).get("as_of")
    return date.fromisoformat(value) if value else None


def run_evaluation(
    directory: str | Path,
    *,
    weights: Mapping[str, float] | None = None,
    now: date | None = None,
    k: int = K,
) -> dict[str, Any]:
    """Load an evaluation set and score the engine and the BM25 baseline on it.

    Returns ``{"needs", "resources", "judgments", "as_of", "k", "engine": {...},
    "baseline": {...}, "per_need": [{"need_id", "type", "engine_ndcg",
    "baseline_ndcg"}], "seconds"}`` where engine/baseline hold ``ndcg@10``, ``p@5``,
    ``mrr`` and ``needs`` (needs with a relevant resource).
    """
    d = Path(directory)
    needs = load_needs(d / "needs.jsonl")
    resources = load_resources(d / "resources.jsonl")
    qrels = load_qrels(d / "qrels.tsv")
    today = now or _as_of(d)
    started = time.perf_counter()
    engine = MatchingEngine(resources, weights=weights, now=today)
    engine_runs: dict[str, list[str]] = {}
    baseline_runs: dict[str, list[str]] = {}
    for need in needs:
        engine_runs[need.id] = _ids(engine.top_k(need, k))
        baseline_runs[need.id] = _ids(engine.bm25_baseline_top_k(need, k))
    per_need = [
        {
            "need_id": n.id,
            "type": n.type,
            "engine_ndcg": ndcg_at_k(engine_runs[n.id], qrels.get(n.id, {}), k),
            "baseline_ndcg": ndcg_at_k(baseline_runs[n.id], qrels.get(n.id, {}), k),
        }
        for n in needs
    ]
    return {
        "needs": len(needs),
        "resources": len(resources),
        "judgments": sum(len(v) for v in qrels.values()),
        "as_of": engine.today.isoformat(),
        "k": k,
        "engine": evaluate_rankings(engine_runs, qrels),
        "baseline": evaluate_rankings(baseline_runs, qrels),
        "per_need": per_need,
        "seconds": time.perf_counter() - started,
    }


def _ids(matches: Sequence[Match]) -> list[str]:
    return [m.resource_id for m in matches]


def format_report(result: Mapping[str, Any]) -> str:
    """A plain-text table of :func:`run_evaluation`'s result."""
    e, b = result["engine"], result["baseline"]
    lines = [
        f"Matching evaluation: {result['needs']} needs, {result['resources']} resources, "
        f"{result['judgments']} judgments, as of {result['as_of']}",
        "",
        f"{'metric':<10}{'engine':>10}{'baseline':>10}{'delta':>10}",
    ]
    for key in ("ndcg@10", "p@5", "mrr"):
        lines.append(f"{key:<10}{e[key]:>10.4f}{b[key]:>10.4f}{e[key] - b[key]:>+10.4f}")
    by_type: dict[str, list[Mapping[str, Any]]] = {}
    for row in result.get("per_need", []):
        by_type.setdefault(row["type"], []).append(row)
    if by_type:
        lines += ["", f"{'need type':<12}{'n':>4}{'engine nDCG':>13}{'baseline nDCG':>15}"]
        for t in NEED_TYPES:
            rows = by_type.get(t)
            if rows:
                en = sum(r["engine_ndcg"] for r in rows) / len(rows)
                bn = sum(r["baseline_ndcg"] for r in rows) / len(rows)
                lines.append(f"{t:<12}{len(rows):>4}{en:>13.4f}{bn:>15.4f}")
    return "\n".join(lines)
