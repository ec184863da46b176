"""Matching engine benchmark: 100,000 resources, 10,000 needs, engine vs BM25 baseline.

    python benchmarks/matching_bench.py [--resources 100000] [--needs 10000]

Prints index build time, top-10 latency (p50/p95 over 200 needs) and the time of a
full re-match of every need, for the engine and the baseline side by side.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import jieba

from gaoxin.matching.engine import NEED_TYPES, RESOURCE_TYPES, MatchingEngine, NeedDoc, ResourceDoc
from gaoxin.matching.engine.text import DATA_DIR, default_analyzer

TODAY = date(2022, 10, 15)
INDUSTRIES = ["C3491", "C3517", "C3972", "C3599", "C3841", "C3091", "C3586", "Q8514", "C3451", "I6513",
              "C2611", "C1391", "C3670", "E4811", "M7320", "C3130", "C3825", "F5179"]  # fmt: skip
REGIONS = ["650000", "500000", "410000", "371500", "370000", "370100", "440300", "320000", "310000",
           "110000", "510000", "000000"]  # fmt: skip
FILLER = ["项目", "服务", "产品", "方案", "设备", "园区", "工厂", "团队", "平台", "经验", "客户", "生产",
          "质量", "交付", "长期", "批量", "本地", "升级", "改造", "推广", "验证", "申报", "运营"]  # fmt: skip


def vocabulary() -> list[str]:
    """Domain terms first, then the 30,000 most frequent words of jieba's dictionary;
    texts draw from it with Zipf-like weights, so postings lengths look like real text."""
    words = list(FILLER)
    for line in (DATA_DIR / "synonyms.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            words.extend(line.split())
    dict_path = Path(jieba.get_dict_file().name)
    freq = []
    for line in dict_path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 2 and len(parts[0]) >= 2:
            freq.append((int(parts[1]), parts[0]))
    freq.sort(key=lambda p: (-p[0], p[1]))
    seen = set(words)
    common = [w for _, w in freq[:30000] if w not in seen]
    # domain terms take mid-frequency ranks (every 20th word), not the top ranks
    out: list[str] = []
    for i, w in enumerate(common):
        out.append(w)
        if i % 20 == 19 and words:
            out.append(words.pop())
    return list(dict.fromkeys(out + words))


_CUM: list[float] = []


def text(rng: random.Random, vocab: list[str], n: int) -> str:
    if not _CUM:
        acc = 0.0
        for rank in range(1, len(vocab) + 1):
            acc += 1.0 / rank
            _CUM.append(acc)
    return "，".join(rng.choices(vocab, cum_weights=_CUM, k=n))


def make_resources(n: int, vocab: list[str]) -> list[ResourceDoc]:
    rng = random.Random(1)
    out = []
    for i in range(n):
        lo = rng.choice([50, 100, 500, 1000, 5000])
        out.append(ResourceDoc(
            id=f"R{i:06d}", type=rng.choice(RESOURCE_TYPES), title=text(rng, vocab, 4),
            description=text(rng, vocab, 12), industries=(rng.choice(INDUSTRIES),),
            regions=(rng.choice(REGIONS),), amount_min_wan=lo, amount_max_wan=lo * 5,
            created_at=TODAY - timedelta(days=rng.randrange(0, 720)),
            valid_until=TODAY + timedelta(days=rng.randrange(-60, 400)) if rng.random() < 0.3 else None,
        ))  # fmt: skip
    return out


def make_needs(n: int, vocab: list[str]) -> list[NeedDoc]:
    rng = random.Random(2)
    return [
        NeedDoc(
            id=f"N{i:05d}",
            type=rng.choice(NEED_TYPES),
            title=text(rng, vocab, 4),
            description=text(rng, vocab, 8),
            industries=(rng.choice(INDUSTRIES),),
            regions=(rng.choice(REGIONS),) if rng.random() < 0.5 else (),
            amount_wan=rng.choice([None, 300.0, 2000.0]),
        )
        for i in range(n)
    ]


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(p / 100 * (len(xs) - 1)))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--resources", type=int, default=100_000)
    ap.add_argument("--needs", type=int, default=10_000)
    args = ap.parse_args()
    vocab = vocabulary()
    default_analyzer().tokens("预热")  # load jieba outside the timings
    t = time.perf_counter()
    resources = make_resources(args.resources, vocab)
    needs = make_needs(args.needs, vocab)
    print(f"generated {len(resources):,} resources and {len(needs):,} needs in {time.perf_counter() - t:.1f} s")

    t = time.perf_counter()
    engine = MatchingEngine(resources, now=TODAY)
    build = time.perf_counter() - t
    print(f"index build (tokenise + inverted index, shared by engine and baseline): {build:.1f} s")

    sample = needs[:200]
    engine.top_k(sample[0])  # warm the postings cache
    engine.bm25_baseline_top_k(sample[0])
    lat_e, lat_b = [], []
    for need in sample:
        t = time.perf_counter()
        engine.top_k(need, 10)
        lat_e.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        engine.bm25_baseline_top_k(need, 10)
        lat_b.append((time.perf_counter() - t) * 1000)
    print(f"\ntop-10 latency over {len(resources):,} resources, {len(sample)} needs (ms)")
    print(f"{'':<10}{'engine':>10}{'baseline':>10}{'ratio':>8}")
    for label, p in (("p50", 50), ("p95", 95)):
        e, b = pct(lat_e, p), pct(lat_b, p)
        print(f"{label:<10}{e:>10.2f}{b:>10.2f}{e / b:>8.2f}")
    print(f"{'mean':<10}{statistics.mean(lat_e):>10.2f}{statistics.mean(lat_b):>10.2f}"
          f"{statistics.mean(lat_e) / statistics.mean(lat_b):>8.2f}")  # fmt: skip

    t = time.perf_counter()
    for need in needs:
        engine.top_k(need, 10)
    full_e = time.perf_counter() - t
    t = time.perf_counter()
    for need in needs:
        engine.bm25_baseline_top_k(need, 10)
    full_b = time.perf_counter() - t
    print(f"\nfull re-match of {len(needs):,} needs: engine {full_e:.1f} s, baseline {full_b:.1f} s, "
          f"ratio {full_e / full_b:.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
