"""Complaint topics of bad-rating texts: plain pytest, no Django, no database."""

import json
import math
from collections import Counter

import pytest

from gaoxin.rectifications.topics import (
    TOPIC_LABELS,
    TOPICS,
    TopicModel,
    keyword_predict,
    load_labelled,
    split,
    tokenize,
)
from gaoxin.rectifications.topics.evaluate import evaluate, evaluate_corrections, format_report

# A tiny corpus whose posteriors can be worked out by hand (no seed lexicon).
# Vocabulary {排队, 叫号, 态度}, |V| = 3, alpha = 1; priors (docs + 1) / (3 + 6):
#   waiting  2 docs: P = 3/9; 排队 2, 叫号 1 of 3 -> P(叫号|waiting) = (1+1)/(3+3) = 2/6
#   attitude 1 doc:  P = 2/9; 态度 1, 叫号 1 of 2 -> P(叫号|attitude) = (1+1)/(2+3) = 2/5
#   the four others: P = 1/9; P(w|c) = 1/3
TINY = [("排队，叫号", "waiting"), ("排队", "waiting"), ("态度，叫号", "attitude")]


@pytest.fixture(scope="module")
def samples():
    return load_labelled()


@pytest.fixture(scope="module")
def model(samples):
    train, _ = split(samples)
    return TopicModel().train(train)


def tiny_model():
    return TopicModel(lexicon={}).train(TINY)


def test_topics_have_chinese_labels():
    assert TOPICS == ("attitude", "waiting", "process", "system", "policy", "other")
    assert [TOPIC_LABELS[t] for t in TOPICS] == [
        "态度", "等待与效率", "材料与流程", "系统与设备", "政策与规定", "其他",
    ]  # fmt: skip


def test_tokenize_uses_the_government_user_dictionary_and_drops_stop_words():
    assert tokenize("窗口排队两个小时，叫号系统还坏了，一次办好呢？") == [
        "窗口", "排队", "两个", "小时", "叫号", "系统", "坏", "一次办好",
    ]  # fmt: skip
    assert tokenize("APP老是闪退，人脸识别过不了") == ["app", "老", "闪退", "人脸识别", "不了"]
    assert tokenize("  ，。！ 123 ") == []


def test_naive_bayes_matches_the_hand_computation():
    model = tiny_model()
    scores = model.scores("叫号")
    assert math.isclose(scores["waiting"], math.log(3 / 9 * 2 / 6))
    assert math.isclose(scores["attitude"], math.log(2 / 9 * 2 / 5))
    assert math.isclose(scores["policy"], math.log(1 / 9 * 1 / 3))

    # 1/9 : 4/45 : 4 x 1/27  ->  waiting = 15/47
    prediction = model.predict("叫号")
    assert prediction.topic == "waiting"
    assert prediction.label == "等待与效率"
    assert prediction.confidence == round(15 / 47, 4) == 0.3191
    assert prediction.top_terms == ()  # 叫号 is likelier under attitude than waiting

    # 8/225 : 1/54 : 4 x 1/81  ->  attitude = 144/419; both words lift attitude by log 1.2
    prediction = model.predict("态度，叫号")
    assert (prediction.topic, prediction.confidence) == ("attitude", 0.3437)
    assert prediction.top_terms == ("叫号", "态度")


def test_learning_a_correction_flips_the_prediction():
    model = tiny_model()
    assert model.predict("叫号").topic == "waiting"
    model.learn("叫号", "attitude")
    # attitude 3/10 x 3/6 = 0.15 beats waiting 3/10 x 2/6 = 0.1; others 1/30 each
    prediction = model.predict("叫号")
    assert (prediction.topic, prediction.confidence) == ("attitude", round(9 / 23, 4))
    assert model.n_corrections == 1


def test_correction_weight_multiplies_the_counts():
    model = TopicModel(lexicon={}, correction_weight=3)
    model.learn("态度，叫号", "attitude")
    assert model.doc_counts["attitude"] == 3
    assert model.word_counts["attitude"] == Counter({"态度": 3, "叫号": 3})


def test_unknown_topic_is_rejected():
    with pytest.raises(ValueError, match="unknown topic"):
        tiny_model().learn("叫号", "weather")


@pytest.mark.parametrize("text", ["", "   ", "\n\t", "，。！", "不满意，差评"])
def test_empty_or_contentless_text_is_other_with_zero_confidence(model, text):
    prediction = model.predict(text)
    assert (prediction.topic, prediction.confidence, prediction.top_terms) == ("other", 0.0, ())
    assert keyword_predict(text) == "other"


def test_round_trip_through_json_keeps_every_prediction(model, samples):
    state = model.to_dict()
    restored = TopicModel.from_dict(json.loads(json.dumps(state, ensure_ascii=False)))
    assert restored.to_dict() == state
    assert [restored.predict(s.text) for s in samples] == [model.predict(s.text) for s in samples]


def test_from_dict_refuses_an_unknown_format(model):
    with pytest.raises(ValueError, match="format"):
        TopicModel.from_dict({**model.to_dict(), "format": 99})


def test_shipped_model_reads_typical_complaints(model):
    assert model.predict("排了一上午队还没叫到号").topic == "waiting"
    assert model.predict("工作人员爱答不理，态度很差").topic == "attitude"
    assert model.predict("掌上办一直登录不上，验证码收不到").topic == "system"
    assert model.predict("让我回老家开证明，来回跑了三趟").topic == "process"
    assert model.predict("外地户口不符合条件，政策一刀切").topic == "policy"
    assert model.predict("停车位太少，厕所也脏").topic == "other"


def test_keyword_baseline_uses_the_seed_lexicon():
    assert keyword_predict("人脸识别一直过不了，系统太烂") == "system"
    assert keyword_predict("排队排了半天") == "waiting"
    assert keyword_predict("说话难听") == "other"  # no seed term


def test_labelled_set_is_large_and_balanced(samples):
    counts = Counter(s.topic for s in samples)
    assert len(samples) == 390
    assert counts == dict.fromkeys(TOPICS, 65)
    assert len({s.text for s in samples}) == 390
    train, test = split(samples)
    assert (len(train), len(test)) == (293, 97)
    assert test[0] == samples[3]


def test_evaluate_on_the_shipped_split():
    report = evaluate()
    assert (report.n_train, report.n_test) == (293, 97)
    assert report.accuracy >= 0.70  # floor; the exact figure is pinned below
    assert report.accuracy == 0.7526
    assert report.baseline_accuracy == 0.6082
    assert report.accuracy > report.baseline_accuracy
    assert sum(map(sum, (row.values() for row in report.confusion.values()))) == 97
    assert sum(report.confusion[t][t] for t in TOPICS) == 73
    policy = report.per_topic["policy"]
    assert (policy.precision, policy.recall, policy.f1, policy.support) == (0.8421, 1.0, 0.9143, 16)


def test_learning_from_corrections_helps():
    report = evaluate_corrections()
    assert (report.n_base, report.n_pool, report.n_corrections, report.n_test) == (147, 146, 30, 97)
    assert (report.accuracy_before, report.accuracy_after) == (0.7526, 0.7629)
    assert (report.cv_accuracy_before, report.cv_accuracy_after) == (0.7513, 0.7795)


def test_format_report_prints_both_languages():
    text = format_report(evaluate(), evaluate_corrections())
    assert "准确率 accuracy: 模型 model 0.7526 | 关键词基线 keyword baseline 0.6082" in text
    assert "政策与规定 policy" in text
    assert "0.7513 → 0.7795" in text
