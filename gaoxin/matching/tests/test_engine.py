"""The framework-free matching engine: exact values, no database, no Django."""

from __future__ import annotations

import math
import re
from datetime import date

import pytest

from gaoxin.matching.engine import (
    DEFAULT_WEIGHTS,
    BM25Index,
    MatchingEngine,
    NeedDoc,
    Outcome,
    ResourceDoc,
    closeness,
    default_analyzer,
    learn_weights,
    parse_industry_code,
)
from gaoxin.matching.engine.industry import DIVISION_TO_SECTION, IndustryCodeError, industry_factor
from gaoxin.matching.engine.scoring import amount_factor, freshness_factor, region_factor, stage_factor

TODAY = date(2022, 10, 15)
CJK = re.compile(r"[\u4e00-\u9fff]")


# -- BM25 ---------------------------------------------------------------------------
def test_bm25_matches_hand_computed_value():
    idx = BM25Index(k1=1.5, b=0.75)
    idx.add("d1", ["a", "b", "c"])
    idx.add("d2", ["a", "a", "d"])
    idx.add("d3", ["e", "f"])
    # N=3, df(a)=2, avgdl=8/3; idf = ln(1 + (3-2+0.5)/(2+0.5)) = ln 1.6
    # d2: tf=2, |d|=3 → K = 1.5·(0.25 + 0.75·3/(8/3)) = 1.640625; tf part = 2·2.5/(2+1.640625)
    expected_d2 = math.log(1.6) * (5.0 / 3.640625)
    # d1: tf=1 → 1·2.5/(1+1.640625)
    expected_d1 = math.log(1.6) * (2.5 / 2.640625)
    assert expected_d2 == pytest.approx(0.6454985, abs=1e-7)
    top = idx.top_k({"a": 1.0}, 10)
    assert [d for d, _ in top] == ["d2", "d1"]
    assert top[0][1] == pytest.approx(expected_d2, rel=1e-12)
    assert top[1][1] == pytest.approx(expected_d1, rel=1e-12)
    # a query-term weight scales the contribution linearly
    assert idx.top_k({"a": 0.6}, 1)[0][1] == pytest.approx(0.6 * expected_d2, rel=1e-12)


def test_bm25_incremental_add_and_remove():
    idx = BM25Index()
    idx.add("d1", ["a", "b"])
    idx.add("d2", ["b", "c"])
    assert idx.df("b") == 2
    idx.remove("d1")
    assert len(idx) == 1
    assert "d1" not in idx
    assert idx.df("a") == 0
    assert idx.top_k({"a": 1.0}, 5) == []
    idx.add("d2", ["a"])  # replace
    assert idx.df("b") == 0
    assert [d for d, _ in idx.top_k({"a": 1.0}, 5)] == ["d2"]


# -- text analysis ------------------------------------------------------------------
def test_tokeniser_uses_the_domain_dictionary_and_drops_stop_words():
    toks = default_analyzer().tokens("山东易斯特的盾构机刀圈")
    assert "刀圈" in toks
    assert "盾构机" in toks
    assert "的" not in toks


def test_synonyms_expand_down_weighted():
    expanded = default_analyzer().expand({"客户": 1.0})
    assert expanded["客户"] == 1.0
    assert expanded["买家"] == pytest.approx(0.6)
    assert expanded["采购方"] == pytest.approx(0.6)


def test_engine_finds_a_resource_only_through_a_synonym():
    res = ResourceDoc("r1", "customer", "重庆买家采购包装设备", "需方计划采购一批包装设备")
    engine = MatchingEngine([res], now=TODAY)
    need = NeedDoc("n1", "market", "寻找客户", "")
    assert [m.resource_id for m in engine.top_k(need)] == ["r1"]
    assert engine.bm25_baseline_top_k(need) == []


# -- industry -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("C3494", "C3494", 1.0),  # same 小类
        ("C3494", "C3491", 0.8),  # same 中类 349
        ("C3494", "C3411", 0.6),  # same 大类 34
        ("C3494", "C2611", 0.3),  # same 门类 C
        ("C3494", "I6513", 0.0),
        ("3494", "C3494", 1.0),  # letter derived from the 大类
        ("C34", "C3494", 0.6),
        ("C", "3494", 0.3),
    ],
)
def test_industry_closeness_levels(a, b, expected):
    assert closeness(a, b) == expected


def test_division_table_covers_all_97_divisions():
    assert len(DIVISION_TO_SECTION) == 97
    assert [DIVISION_TO_SECTION[d] for d in ("01", "05", "06", "13", "43", "44", "70", "83", "96", "97")] == [
        "A", "A", "B", "C", "C", "D", "K", "P", "S", "T",
    ]  # fmt: skip
    assert str(parse_industry_code("6513")) == "I6513"
    with pytest.raises(IndustryCodeError):
        parse_industry_code("A3494")  # 34 belongs to C


def test_industry_factor_reasons_and_neutral():
    assert industry_factor(("C3494",), ()).value == 0.5
    same = industry_factor(("C3491",), ("C3491",))
    assert (same.value, same.reason_zh) == (1.0, "行业相同（C3491 通用设备制造业）")
    assert industry_factor(("C3491",), ("C3411",)).reason_zh == "行业相近：同大类（C34 通用设备制造业）"


# -- other factors ------------------------------------------------------------------
def test_region_factor_levels():
    assert region_factor(("新疆",), ("650100",)).value == 1.0
    assert region_factor(("650000",), ("新疆维吾尔自治区",)).reason_zh == "地区匹配：新疆"
    assert region_factor(("371500",), ("370100",)).value == 0.8  # 济南 vs 聊城, same province
    assert region_factor(("371500",), ("全国",)).value == 0.7
    assert region_factor((), ("440300",)).value == 0.5
    assert region_factor(("371500",), ("440300",)).value == 0.0


def test_amount_stage_and_freshness_factors():
    r = ResourceDoc("r", "investor", "t", amount_min_wan=500, amount_max_wan=2000)
    assert amount_factor(1000, r).value == 1.0
    assert amount_factor(4000, r).value == pytest.approx(0.5)  # twice the maximum
    assert amount_factor(None, r).value == 0.5
    assert stage_factor("A轮", ("A轮", "B轮")).value == 1.0
    assert stage_factor("天使轮", ("A轮",)).value == 0.3  # 天使 → Pre-A → A
    assert freshness_factor(date(2022, 4, 18), TODAY).value == pytest.approx(0.5)  # 180 days


# -- the engine -----------------------------------------------------------------------
def _resources():
    return [
        ResourceDoc("c1", "customer", "新疆化工厂包装产线自动化改造", "需要工业机器人码垛系统集成",
                    industries=("C3491",), regions=("650000",), created_at=date(2022, 9, 1)),
        ResourceDoc("c2", "customer", "河南食品厂自动化产线改造", "采购机器人码垛线",
                    regions=("410000",), created_at=date(2022, 3, 1)),
        ResourceDoc("i1", "investor", "自动化产线改造产业基金", "投资工业机器人系统集成企业"),
        ResourceDoc("c3", "customer", "重庆自动化产线改造（已过期）", "工业机器人系统集成",
                    regions=("500000",), valid_until=date(2022, 1, 1)),
        ResourceDoc("c4", "customer", "自动化产线改造名额已满", "工业机器人系统集成",
                    capacity=5, remaining=0),
    ]  # fmt: skip


NEED = NeedDoc(
    "n1", "market", "寻找自动化产线改造客户", "工业机器人系统集成，希望开拓新疆、重庆、河南市场",
    industries=("C3491",), regions=("650000", "500000", "410000"),
)  # fmt: skip


def test_hard_type_filter_and_exclusions():
    engine = MatchingEngine(_resources(), now=TODAY)
    ids = [m.resource_id for m in engine.top_k(NEED)]
    assert ids == ["c1", "c2"]  # investor: wrong type; c3 expired; c4 full
    assert engine.explain(NEED, "i1").excluded_reason == "资源类型（投资机构）与需求类型不匹配"
    assert engine.explain(NEED, "c3").excluded_reason == "已过有效期（2022-01-01）"
    assert engine.explain(NEED, "c4").excluded_reason == "名额已满"
    # the baseline ignores types and validity
    assert {m.resource_id for m in engine.bm25_baseline_top_k(NEED)} >= {"i1", "c3", "c4"}


def test_explanations_are_complete_and_chinese():
    engine = MatchingEngine(_resources(), now=TODAY)
    best = engine.top_k(NEED)[0]
    assert [f.name for f in best.factors] == list(DEFAULT_WEIGHTS)
    assert all(CJK.search(f.reason_zh) for f in best.factors)
    assert sum(f.contribution for f in best.factors) == pytest.approx(best.score)
    reasons = {f.name: f.reason_zh for f in best.factors}
    assert reasons["region"] == "地区匹配：新疆"
    assert reasons["industry"] == "行业相同（C3491 通用设备制造业）"
    assert reasons["text"].startswith("文本相关：")
    assert engine.explain(NEED, "c1").score == pytest.approx(best.score)


def test_ties_are_broken_by_resource_id_and_index_is_incremental():
    same = [ResourceDoc(rid, "space", "标准厂房出租", "单层厂房") for rid in ("s3", "s1", "s2")]
    engine = MatchingEngine(same, now=TODAY)
    need = NeedDoc("n", "space", "标准厂房", "")
    assert [m.resource_id for m in engine.top_k(need, 2)] == ["s1", "s2"]
    engine.remove_resource("s1")
    engine.update_resource(ResourceDoc("s2", "space", "写字楼", "办公室"))
    engine.add_resource(ResourceDoc("s0", "space", "标准厂房", "厂房"))
    assert [m.resource_id for m in engine.top_k(need)] == ["s0", "s3"]


# -- weight learning ------------------------------------------------------------------
def _outcomes():
    out = []
    for i in range(40):
        good = i % 2 == 0
        factors = dict.fromkeys(DEFAULT_WEIGHTS, 0.5)
        factors["text"] = 0.4 + 0.2 * ((i * 7) % 5) / 4  # noise, unrelated to the result
        factors["region"] = 0.9 if good else 0.1
        out.append(Outcome(factors, ("deal" if i % 4 == 0 else "accepted") if good else "rejected"))
    return out


def test_learn_weights_moves_toward_the_discriminating_factor():
    learnt = learn_weights(_outcomes())
    assert learnt["region"] > DEFAULT_WEIGHTS["region"]
    assert max(learnt, key=learnt.__getitem__) == "region"
    assert all(w >= 0 for w in learnt.values())
    assert sum(learnt.values()) == pytest.approx(1.0)
    assert learn_weights(_outcomes()) == learnt  # deterministic


def test_learn_weights_falls_back_to_defaults():
    assert learn_weights(_outcomes()[:10]) == DEFAULT_WEIGHTS
    rejected = [Outcome(o.factors, "rejected") for o in _outcomes()]
    assert learn_weights(rejected) == DEFAULT_WEIGHTS
