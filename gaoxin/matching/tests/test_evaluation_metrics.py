"""Offline evaluation: metrics on a hand-made qrels, loaders and their error lines."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from gaoxin.matching.engine.evaluation import (
    EvalFormatError,
    evaluate_rankings,
    format_report,
    load_needs,
    load_qrels,
    load_resources,
    ndcg_at_k,
    precision_at_k,
    reciprocal_rank,
    run_evaluation,
)

JUDGED = {"a": 3, "b": 2, "c": 0, "d": 1}
EVALSET = Path(__file__).resolve().parents[1] / "evalset"


def test_ndcg_exact_value():
    # ranking c, a, d: DCG = 0/log2(2) + 7/log2(3) + 1/log2(4)
    # ideal a, b, d:  IDCG = 7/log2(2) + 3/log2(3) + 1/log2(4)
    dcg = 7 / math.log2(3) + 1 / 2
    idcg = 7 + 3 / math.log2(3) + 1 / 2
    assert ndcg_at_k(["c", "a", "d"], JUDGED) == pytest.approx(dcg / idcg, rel=1e-12)
    assert ndcg_at_k(["c", "a", "d"], JUDGED) == pytest.approx(0.5234343, abs=1e-7)
    assert ndcg_at_k(["a", "b", "d"], JUDGED) == pytest.approx(1.0)
    assert ndcg_at_k(["x", "y"], JUDGED) == 0.0  # unjudged counts as 0
    assert ndcg_at_k(["a"], {"a": 0}) == 0.0


def test_precision_and_reciprocal_rank():
    assert precision_at_k(["c", "a", "x", "d", "b"], JUDGED) == pytest.approx(3 / 5)
    assert precision_at_k(["a"], JUDGED) == pytest.approx(1 / 5)  # short lists are not padded away
    assert reciprocal_rank(["c", "x", "d", "a"], JUDGED) == pytest.approx(1 / 3)
    assert reciprocal_rank(["c", "x"], JUDGED) == 0.0


def test_means_skip_needs_without_relevant_resources():
    qrels = {"n1": JUDGED, "n2": {"z": 0}}
    result = evaluate_rankings({"n1": ["a", "b", "d"], "n2": ["z"]}, qrels)
    assert result == {"ndcg@10": pytest.approx(1.0), "p@5": pytest.approx(0.6), "mrr": 1.0, "needs": 1}


def _write(tmp_path: Path, name: str, lines: list[str]) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


GOOD_NEED = json.dumps({"id": "n1", "type": "market", "title": "寻找客户", "description": "自动化"}, ensure_ascii=False)
GOOD_RES = json.dumps({"id": "r1", "type": "customer", "title": "采购自动化产线"}, ensure_ascii=False)


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("{not json", "invalid JSON"),
        ('{"id": "n9", "type": "market"}', 'missing required key "title"'),
        ('{"id": "n9", "type": "marketing", "title": "x"}', 'unknown need type "marketing"'),
        (
            '{"id": "n9", "type": "funding", "title": "x", "amount_wan": -5}',
            '"amount_wan" must be a non-negative amount',
        ),
        ('{"id": "n9", "type": "funding", "title": "x", "industry": "A3494"}', "行业门类与大类不符"),
        (GOOD_NEED, 'duplicate id "n1"'),
    ],
)
def test_malformed_need_lines_report_file_and_line(tmp_path, bad, message):
    path = _write(tmp_path, "needs.jsonl", [GOOD_NEED, "", bad])
    with pytest.raises(EvalFormatError) as exc:
        load_needs(path)
    assert (exc.value.file, exc.value.line) == ("needs.jsonl", 3)
    assert message in exc.value.message
    assert str(exc.value).startswith("needs.jsonl:3: ")


def test_malformed_resource_and_qrels_lines(tmp_path):
    res = _write(tmp_path, "resources.jsonl", [GOOD_RES, '{"id": "r2", "type": "bank", "title": "x"}'])
    with pytest.raises(EvalFormatError, match=r"resources\.jsonl:2: unknown resource type \"bank\""):
        load_resources(res)
    res = _write(
        tmp_path,
        "resources.jsonl",
        [GOOD_RES, '{"id": "r2", "type": "investor", "title": "x", "amount_min_wan": 900, "amount_max_wan": 100}'],
    )
    with pytest.raises(EvalFormatError, match=r"resources\.jsonl:2: "):
        load_resources(res)
    qrels = _write(tmp_path, "qrels.tsv", ["n1 0 r1 3", "n1 0 r2 4"])
    with pytest.raises(EvalFormatError, match=r"qrels\.tsv:2: grade must be an integer 0–3"):
        load_qrels(qrels)
    qrels = _write(tmp_path, "qrels.tsv", ["n1 0 r1 3", "", "n1 r2 1"])
    with pytest.raises(EvalFormatError, match=r"qrels\.tsv:3: expected 4 columns"):
        load_qrels(qrels)


def test_optional_fields_may_be_missing(tmp_path):
    need = load_needs(_write(tmp_path, "needs.jsonl", [GOOD_NEED]))[0]
    assert (need.industries, need.regions, need.amount_wan) == ((), (), None)
    res = load_resources(_write(tmp_path, "resources.jsonl", [GOOD_RES]))[0]
    assert (res.description, res.industries, res.amount_min_wan) == ("", (), None)


def test_run_evaluation_on_a_tiny_set(tmp_path):
    _write(tmp_path, "needs.jsonl", [GOOD_NEED])
    _write(tmp_path, "resources.jsonl", [
        GOOD_RES,
        json.dumps({"id": "r2", "type": "supplier", "title": "自动化产线自动化设备供应"}, ensure_ascii=False),
    ])  # fmt: skip
    _write(tmp_path, "qrels.tsv", ["n1 0 r1 3", "n1 0 r2 0"])
    (tmp_path / "meta.json").write_text('{"as_of": "2022-10-15"}', encoding="utf-8")
    result = run_evaluation(tmp_path)
    assert result["as_of"] == "2022-10-15"
    assert result["engine"]["ndcg@10"] == pytest.approx(1.0)  # the supplier is filtered out
    assert result["baseline"]["ndcg@10"] == pytest.approx(1 / math.log2(3) * 7 / 7)  # r2 first, r1 second
    report = format_report(result)
    assert "ndcg@10" in report
    assert "baseline" in report
    assert "market" in report


def test_shipped_evaluation_set_engine_beats_baseline():
    result = run_evaluation(EVALSET)
    assert result["needs"] >= 60
    assert result["resources"] >= 600
    assert result["engine"]["needs"] == result["needs"]  # every need has a relevant resource
    assert result["engine"]["ndcg@10"] > result["baseline"]["ndcg@10"] + 0.1
