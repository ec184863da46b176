"""The matching engine: hard filters, BM25 retrieval with synonyms, hybrid re-ranking."""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from operator import itemgetter
from zoneinfo import ZoneInfo

from .compat import allowed_resource_types
from .industry import IndustryCodeError, parse_industry_code
from .scoring import (
    FACTOR_NAMES,
    amount_factor,
    capacity_factor,
    exclusion_reason,
    freshness_factor,
    industry_factor,
    region_factor,
    stage_factor,
    text_factor,
)
from .text import Analyzer, BM25Index, default_analyzer, weighted_terms
from .types import RESOURCE_TYPE_LABELS, Factor, FactorResult, Match, NeedDoc, ResourceDoc
from .weights import DEFAULT_WEIGHTS, normalise

SHANGHAI = ZoneInfo("Asia/Shanghai")
ENTERPRISE_TEXT_WEIGHT = 0.4
FIRST_PASS = 50  # candidates fully scored before the bound check


@dataclass(slots=True)
class _Entry:
    doc: ResourceDoc
    internal: int
    excluded: str | None
    freshness: FactorResult
    capacity: FactorResult
    divisions: frozenset[str]


@dataclass(slots=True)
class _Query:
    need: NeedDoc
    terms: dict[str, float]
    text: dict[int, float]
    max_text: float


def _today(now: date | datetime | None) -> date:
    if now is None:
        return datetime.now(tz=SHANGHAI).date()
    if isinstance(now, datetime):
        return now.astimezone(SHANGHAI).date() if now.tzinfo else now.date()
    return now


class MatchingEngine:
    """Ranks resources for a need.

    ``weights`` maps factor names (see ``FACTOR_NAMES``) to non-negative weights,
    normalised to sum 1; ``now`` fixes "today" for freshness and validity.
    """

    def __init__(
        self,
        resources: Iterable[ResourceDoc] = (),
        weights: Mapping[str, float] | None = None,
        now: date | datetime | None = None,
        analyzer: Analyzer | None = None,
    ) -> None:
        self.weights = normalise(weights if weights is not None else DEFAULT_WEIGHTS)
        self.today = _today(now)
        self.analyzer = analyzer or default_analyzer()
        self.index = BM25Index()
        self._entries: dict[str, _Entry] = {}
        self._by_internal: dict[int, _Entry] = {}
        self._types: dict[int, str] = {}
        self._by_division: dict[str, set[int]] = {}
        for r in resources:
            self.add_resource(r)

    # -- maintenance -------------------------------------------------------
    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, resource_id: object) -> bool:
        return resource_id in self._entries

    def resource(self, resource_id: str) -> ResourceDoc:
        return self._entries[resource_id].doc

    def add_resource(self, resource: ResourceDoc) -> None:
        """Add a resource, replacing one with the same id."""
        if resource.id in self._entries:
            self.remove_resource(resource.id)
        tokens = self.analyzer.tokens(f"{resource.title}\n{resource.description}")
        internal = self.index.add(resource.id, tokens)
        divisions = set()
        for code in resource.industries:
            try:
                parsed = parse_industry_code(code)
            except IndustryCodeError:
                continue
            divisions.add(parsed.digits[:2] if parsed.digits else parsed.section)
        entry = _Entry(
            doc=resource,
            internal=internal,
            excluded=exclusion_reason(resource, self.today),
            freshness=freshness_factor(resource.created_at, self.today),
            capacity=capacity_factor(resource),
            divisions=frozenset(divisions),
        )
        self._entries[resource.id] = entry
        self._by_internal[internal] = entry
        self._types[internal] = resource.type
        for d in entry.divisions:
            self._by_division.setdefault(d, set()).add(internal)

    def update_resource(self, resource: ResourceDoc) -> None:
        self.add_resource(resource)

    def remove_resource(self, resource_id: str) -> None:
        entry = self._entries.pop(resource_id)
        self.index.remove(resource_id)
        del self._by_internal[entry.internal]
        del self._types[entry.internal]
        for d in entry.divisions:
            self._by_division[d].discard(entry.internal)

    # -- queries -----------------------------------------------------------
    def query_terms(self, need: NeedDoc, *, expand: bool = True) -> dict[str, float]:
        a = self.analyzer
        terms = weighted_terms(
            [
                (a.tokens(f"{need.title}\n{need.description}"), 1.0),
                (a.tokens(need.enterprise_description), ENTERPRISE_TEXT_WEIGHT),
            ]
        )
        return a.expand(terms) if expand else terms

    def _query(self, need: NeedDoc) -> _Query:
        terms = self.query_terms(need)
        allowed = allowed_resource_types(need.type)
        types = self._by_internal
        raw = self.index.score(terms)
        text = {d: s for d, s in raw.items() if types[d].doc.type in allowed and types[d].excluded is None}
        return _Query(need, terms, text, max(text.values(), default=0.0))

    def _division_candidates(self, need: NeedDoc) -> set[int]:
        out: set[int] = set()
        for code in need.industries:
            try:
                parsed = parse_industry_code(code)
            except IndustryCodeError:
                continue
            out |= self._by_division.get(parsed.digits[:2] if parsed.digits else parsed.section, set())
        return out

    def _factors(self, q: _Query, entry: _Entry) -> list[tuple[str, FactorResult]]:
        need, doc = q.need, entry.doc
        s = q.text.get(entry.internal, 0.0)
        if s > 0 and q.max_text > 0:
            tfs = self.index.term_freqs(entry.internal)
            hits = sorted(
                (t for t in q.terms if t in tfs),
                key=lambda t: (-q.terms[t] * self.index.idf(t), t),
            )
            # drop sub-words when their longer word also matched ("系统" in "系统集成")
            hits = [t for t in hits if not any(t != o and t in o for o in hits)]
            text = text_factor(s / q.max_text, hits)
        else:
            text = text_factor(0.0, ())
        return [
            ("text", text),
            ("industry", industry_factor(need.industries, doc.industries)),
            ("region", region_factor(need.regions, doc.regions)),
            ("amount", amount_factor(need.amount_wan, doc)),
            ("stage", stage_factor(need.stage, doc.stages)),
            ("freshness", entry.freshness),
            ("capacity", entry.capacity),
        ]

    def _match(self, q: _Query, entry: _Entry) -> Match:
        factors = []
        total = 0.0
        for name, res in self._factors(q, entry):
            w = self.weights[name]
            contribution = w * res.value
            total += contribution
            factors.append(Factor(name, res.value, w, contribution, res.reason_zh))
        return Match(entry.doc.id, total, factors)

    def top_k(self, need: NeedDoc, k: int = 10) -> list[Match]:
        """The ``k`` best compatible, valid resources; ties broken by resource id.

        Candidates are resources sharing a (synonym-expanded) term with the need;
        when fewer than ``k`` exist, resources of the need's industry 大类 fill up.
        The best candidates by text are scored first; then only those whose bound
        (text part plus every other weight at its maximum) can beat the k-th score.
        """
        if k <= 0:
            return []
        q = self._query(need)
        allowed = allowed_resource_types(need.type)
        by_internal = self._by_internal
        candidates: dict[int, float] = {d: s / q.max_text for d, s in q.text.items()} if q.max_text > 0 else {}
        w = self.weights
        w_text = w["text"]
        rest = sum(v for n, v in w.items() if n != "text")
        value = self._fast_scorer(need)
        scores: dict[int, float] = {}

        def score(items: Iterable[tuple[int, float]]) -> None:
            for d, t in items:
                if d not in scores:
                    scores[d] = w_text * t + value(by_internal[d])

        def threshold() -> float:
            best = heapq.nlargest(k, scores.values())
            kth = best[-1] if len(best) == k else -1.0
            if w_text <= 0:
                return -1.0 if kth < rest else 2.0
            return (kth - rest) / w_text

        score(heapq.nlargest(max(FIRST_PASS, 5 * k), candidates.items(), key=itemgetter(1)))
        if len(scores) < len(candidates):
            t_min = threshold()
            score((d, t) for d, t in candidates.items() if t >= t_min)
        if len(scores) < k:
            # too few resources share a term: fill up with same-大类 resources
            score(
                (d, 0.0)
                for d in self._division_candidates(need)
                if d not in candidates and by_internal[d].excluded is None and by_internal[d].doc.type in allowed
            )
        if not scores:
            return []
        kth = heapq.nlargest(k, scores.values())[-1]
        keys = self.index.doc_id
        top = sorted((-v, keys(d), d) for d, v in scores.items() if v >= kth)[:k]
        return [self._match(q, by_internal[d]) for _, _, d in top]

    def _fast_scorer(self, need: NeedDoc) -> Callable[[_Entry], float]:
        """Weighted sum of the non-text factors, memoised per distinct attribute value
        (resources share industries, regions, ranges and stages)."""
        w = self.weights
        ind_c: dict[tuple[str, ...], float] = {}
        reg_c: dict[tuple[str, ...], float] = {}
        amt_c: dict[tuple[float | None, float | None, float | None], float] = {}
        stg_c: dict[tuple[str, ...], float] = {}
        w_i, w_r, w_a, w_s = w["industry"], w["region"], w["amount"], w["stage"]
        w_f, w_c = w["freshness"], w["capacity"]

        def value(e: _Entry) -> float:
            doc = e.doc
            iv = ind_c.get(doc.industries)
            if iv is None:
                iv = ind_c[doc.industries] = industry_factor(need.industries, doc.industries).value
            rv = reg_c.get(doc.regions)
            if rv is None:
                rv = reg_c[doc.regions] = region_factor(need.regions, doc.regions).value
            akey = (doc.amount_wan, doc.amount_min_wan, doc.amount_max_wan)
            av = amt_c.get(akey)
            if av is None:
                av = amt_c[akey] = amount_factor(need.amount_wan, doc).value
            sv = stg_c.get(doc.stages)
            if sv is None:
                sv = stg_c[doc.stages] = stage_factor(need.stage, doc.stages).value
            return w_i * iv + w_r * rv + w_a * av + w_s * sv + w_f * e.freshness.value + w_c * e.capacity.value

        return value

    def explain(self, need: NeedDoc, resource_id: str) -> Match:
        """Factor breakdown for one resource, or why the hard filters exclude it."""
        entry = self._entries[resource_id]
        if entry.doc.type not in allowed_resource_types(need.type):
            label = RESOURCE_TYPE_LABELS.get(entry.doc.type, entry.doc.type)
            return Match(resource_id, 0.0, [], f"资源类型（{label}）与需求类型不匹配")
        if entry.excluded:
            return Match(resource_id, 0.0, [], entry.excluded)
        return self._match(self._query(need), entry)

    def bm25_baseline_top_k(self, need: NeedDoc, k: int = 10) -> list[Match]:
        """Baseline: plain BM25 of the need's title+description over resource
        title+description; no synonyms, no type filter, no other factors."""
        terms = weighted_terms([(self.analyzer.tokens(f"{need.title}\n{need.description}"), 1.0)])
        return [Match(doc, s, [Factor("text", s, 1.0, s, "基线：仅BM25文本")]) for doc, s in self.index.top_k(terms, k)]


__all__ = ["FACTOR_NAMES", "MatchingEngine"]
