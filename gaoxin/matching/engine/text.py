"""Chinese text analysis (jieba), domain synonyms and an Okapi BM25 index.

The index is an inverted index (term → {doc: tf}); a query scores only the
documents that contain one of its terms. Documents are tokenised once, when
added; add and remove are incremental.
"""

from __future__ import annotations

import heapq
import logging
import math
import threading
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

DATA_DIR: Final[Path] = Path(__file__).resolve().parent / "data"
SYNONYM_WEIGHT: Final[float] = 0.6

_PUNCT: Final[frozenset[str]] = frozenset(
    "，。、；：？！“”‘’（）《》【】…—·,.;:?!\"'()[]{}<>/\\|-_+=*&^%$#@~` \t\r\n　"
)


def _read_lines(path: Path) -> list[str]:
    lines = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            lines.append(line)
    return lines


class Analyzer:
    """Tokeniser + stop words + synonym expansion. jieba is loaded on first use."""

    def __init__(
        self,
        *,
        userdict: Path | None = None,
        synonyms: Path | None = None,
        stopwords: Path | None = None,
    ) -> None:
        self._userdict = userdict or DATA_DIR / "userdict.txt"
        self._lock = threading.Lock()
        self._tokenizer: Any = None
        stop_path = stopwords or DATA_DIR / "stopwords.txt"
        self.stopwords: frozenset[str] = frozenset(w for line in _read_lines(stop_path) for w in line.split())
        self.groups: list[tuple[str, ...]] = [
            tuple(t.lower() for t in line.split()) for line in _read_lines(synonyms or DATA_DIR / "synonyms.txt")
        ]
        index: dict[str, set[str]] = {}
        for group in self.groups:
            for term in group:
                index.setdefault(term, set()).update(t for t in group if t != term)
        self.synonyms: dict[str, tuple[str, ...]] = {t: tuple(sorted(s)) for t, s in index.items()}

    def _jieba(self) -> Any:
        if self._tokenizer is None:
            with self._lock:
                if self._tokenizer is None:
                    import jieba

                    jieba.setLogLevel(logging.WARNING)
                    logging.getLogger("jieba").setLevel(logging.WARNING)
                    tk = jieba.Tokenizer()
                    tk.initialize()
                    tk.load_userdict(str(self._userdict))
                    for group in self.groups:
                        for term in group:
                            if len(term) > 1 and not term.isascii():
                                tk.add_word(term, freq=None)
                    self._tokenizer = tk
        return self._tokenizer

    def tokens(self, text: str) -> list[str]:
        """Search-mode tokens (long words also yield their dictionary sub-words)."""
        if not text:
            return []
        out = []
        stop = self.stopwords
        for raw in self._jieba().cut_for_search(text, HMM=False):
            tok = raw.strip().lower()
            if len(tok) < 2 or tok in stop or tok[0] in _PUNCT:
                continue
            out.append(tok)
        return out

    def expand(self, terms: Mapping[str, float], factor: float = SYNONYM_WEIGHT) -> dict[str, float]:
        """Add synonyms of each term at ``factor`` × its weight (never lowering one)."""
        out = dict(terms)
        for term, weight in terms.items():
            for syn in self.synonyms.get(term, ()):
                w = weight * factor
                if out.get(syn, 0.0) < w:
                    out[syn] = w
        return out


_default: Analyzer | None = None
_default_lock = threading.Lock()


def default_analyzer() -> Analyzer:
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = Analyzer()
    return _default


def weighted_terms(parts: Iterable[tuple[Sequence[str], float]]) -> dict[str, float]:
    """Unique query terms, each with the highest weight of the parts it occurs in."""
    out: dict[str, float] = {}
    for toks, weight in parts:
        for t in toks:
            if out.get(t, 0.0) < weight:
                out[t] = weight
    return out


class BM25Index:
    """Okapi BM25 over pre-tokenised documents.

    score(q, d) = Σ_t w_t · idf(t) · tf·(k1+1) / (tf + k1·(1 − b + b·|d|/avgdl))
    with idf(t) = ln(1 + (N − df + 0.5)/(df + 0.5)) (non-negative variant) and
    w_t the query-term weight (1 for plain terms, lower for synonyms).
    """

    def __init__(
        self, k1: float = 1.5, b: float = 0.75, *, common_df_ratio: float = 0.05, common_min_docs: int = 5000
    ) -> None:
        self.k1 = k1
        self.b = b
        # stop-term pruning for large indexes: a query term found in more than
        # common_df_ratio of the documents (and in more than common_min_docs) is
        # skipped; its idf is small and its postings are the slowest to traverse
        self.common_df_ratio = common_df_ratio
        self.common_min_docs = common_min_docs
        self._ids: dict[str, int] = {}
        self._keys: list[str | None] = []
        self._tfs: list[dict[str, int] | None] = []
        self._lens: list[int] = []
        self._postings: dict[str, dict[int, int]] = {}
        self._total_len = 0
        self._n = 0
        self._impacts: dict[str, tuple[list[int], list[float]]] = {}

    def __len__(self) -> int:
        return self._n

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._ids

    @property
    def avgdl(self) -> float:
        return self._total_len / self._n if self._n else 0.0

    def internal_id(self, doc_id: str) -> int:
        return self._ids[doc_id]

    def doc_id(self, internal: int) -> str:
        key = self._keys[internal]
        if key is None:
            raise KeyError(internal)
        return key

    def term_freqs(self, internal: int) -> dict[str, int]:
        return self._tfs[internal] or {}

    def add(self, doc_id: str, tokens: Sequence[str]) -> int:
        """Add (or replace) a document; returns its internal number."""
        if doc_id in self._ids:
            self.remove(doc_id)
        internal = len(self._keys)
        tfs: dict[str, int] = {}
        for t in tokens:
            tfs[t] = tfs.get(t, 0) + 1
        self._ids[doc_id] = internal
        self._keys.append(doc_id)
        self._tfs.append(tfs)
        self._lens.append(len(tokens))
        for t, tf in tfs.items():
            self._postings.setdefault(t, {})[internal] = tf
        self._total_len += len(tokens)
        self._n += 1
        self._impacts.clear()
        return internal

    def remove(self, doc_id: str) -> None:
        internal = self._ids.pop(doc_id)
        tfs = self._tfs[internal] or {}
        for t in tfs:
            post = self._postings[t]
            del post[internal]
            if not post:
                del self._postings[t]
        self._total_len -= self._lens[internal]
        self._n -= 1
        self._keys[internal] = None
        self._tfs[internal] = None
        self._lens[internal] = 0
        self._impacts.clear()

    def df(self, term: str) -> int:
        return len(self._postings.get(term, ()))

    def idf(self, term: str) -> float:
        df = self.df(term)
        return math.log(1.0 + (self._n - df + 0.5) / (df + 0.5))

    def _impact(self, term: str) -> tuple[list[int], list[float]]:
        """Postings of ``term`` with the tf part of BM25 precomputed (cached)."""
        cached = self._impacts.get(term)
        if cached is not None:
            return cached
        post = self._postings.get(term, {})
        k1, b = self.k1, self.b
        avgdl = self.avgdl or 1.0
        lens = self._lens
        docs = list(post)
        vals = [tf * (k1 + 1.0) / (tf + k1 * (1.0 - b + b * lens[d] / avgdl)) for d, tf in post.items()]
        self._impacts[term] = (docs, vals)
        return docs, vals

    def score(self, query: Mapping[str, float]) -> dict[int, float]:
        """BM25 scores of every document containing at least one query term."""
        acc: dict[int, float] = {}
        get = acc.get
        common = max(self.common_min_docs, self.common_df_ratio * self._n)
        for term, weight in query.items():
            post = self._postings.get(term)
            if post is None or len(post) > common:
                continue
            wi = weight * self.idf(term)
            docs, vals = self._impact(term)
            for d, v in zip(docs, vals, strict=True):
                acc[d] = get(d, 0.0) + wi * v
        return acc

    def top_k(self, query: Mapping[str, float], k: int) -> list[tuple[str, float]]:
        """Best ``k`` documents, ties broken by document id."""
        scores = self.score(query)
        keys = self._keys
        ranked = heapq.nsmallest(k, ((-s, keys[d] or "") for d, s in scores.items()))
        return [(doc, -neg) for neg, doc in ranked]
