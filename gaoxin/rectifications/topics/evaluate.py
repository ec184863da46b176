"""Evaluate the topic model on the shipped labelled set.

    python -m gaoxin.rectifications.topics.evaluate

prints accuracy, per-topic precision/recall/F1 and the confusion matrix of the
Naive Bayes model next to the keyword-only baseline, then shows what learning
from handlers' corrections buys. Everything is deterministic.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .data import TEST_EVERY, Sample, load_labelled, split
from .model import TOPIC_LABELS, TOPICS, TopicModel, keyword_predict


@dataclass(frozen=True)
class TopicScore:
    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True)
class Scores:
    accuracy: float
    per_topic: dict[str, TopicScore]
    confusion: dict[str, dict[str, int]]  # confusion[true][predicted]


@dataclass(frozen=True)
class Report:
    accuracy: float
    per_topic: dict[str, TopicScore]
    confusion: dict[str, dict[str, int]]
    n_train: int
    n_test: int
    baseline: Scores  # keyword-only, same test split

    @property
    def baseline_accuracy(self) -> float:
        return self.baseline.accuracy


@dataclass(frozen=True)
class CorrectionReport:
    n_base: int  # samples the model was first trained on
    n_pool: int  # held-out "correction" split the handlers looked at
    n_corrections: int  # pool items the model still got wrong, fed back through learn()
    n_test: int
    accuracy_before: float
    accuracy_after: float
    cv_accuracy_before: float  # the same, pooled over all TEST_EVERY folds
    cv_accuracy_after: float


def _r(x: float) -> float:
    return round(x, 4)


def score(pairs: Iterable[tuple[str, str]]) -> Scores:
    """Scores for ``(true, predicted)`` pairs."""
    confusion = {t: dict.fromkeys(TOPICS, 0) for t in TOPICS}
    n = correct = 0
    for true, predicted in pairs:
        confusion[true][predicted] += 1
        n += 1
        correct += true == predicted
    per_topic = {}
    for t in TOPICS:
        tp = confusion[t][t]
        n_predicted = sum(confusion[x][t] for x in TOPICS)
        support = sum(confusion[t].values())
        p = tp / n_predicted if n_predicted else 0.0
        r = tp / support if support else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        per_topic[t] = TopicScore(_r(p), _r(r), _r(f1), support)
    return Scores(_r(correct / n) if n else 0.0, per_topic, confusion)


def evaluate(samples: list[Sample] | None = None) -> Report:
    """Train on the train split, score model and keyword baseline on the test split."""
    train, test = split(load_labelled() if samples is None else samples)
    model = TopicModel().train(train)
    nb = score((s.topic, model.predict(s.text).topic) for s in test)
    baseline = score((s.topic, keyword_predict(s.text)) for s in test)
    return Report(nb.accuracy, nb.per_topic, nb.confusion, len(train), len(test), baseline)


def _folds(samples: list[Sample]) -> list[tuple[list[Sample], list[Sample]]]:
    """The shipped split first, then the other rotations of the same rule."""
    shipped = TEST_EVERY - 1
    return [
        (
            [s for i, s in enumerate(samples) if i % TEST_EVERY != k],
            [s for i, s in enumerate(samples) if i % TEST_EVERY == k],
        )
        for k in [shipped, *range(shipped)]
    ]


def _correction_run(train: list[Sample], test: list[Sample]) -> tuple[int, int, int, int]:
    """Train on half of ``train``; walk the other half in order as a handler would,
    calling ``learn()`` whenever the current model is wrong. Returns
    (correct before, correct after, corrections, pool size)."""
    base, pool = train[0::2], train[1::2]
    model = TopicModel().train(base)
    before = sum(model.predict(s.text).topic == s.topic for s in test)
    corrections = 0
    for s in pool:
        if model.predict(s.text).topic != s.topic:
            model.learn(s.text, s.topic)
            corrections += 1
    after = sum(model.predict(s.text).topic == s.topic for s in test)
    return before, after, corrections, len(pool)


def evaluate_corrections(samples: list[Sample] | None = None) -> CorrectionReport:
    """Does learning from handlers' corrections help? Test accuracy before and
    after on the shipped split, and pooled over every fold of the split rule."""
    samples = load_labelled() if samples is None else samples
    folds = _folds(samples)
    runs = [_correction_run(train, test) for train, test in folds]
    (train, test), (before, after, corrections, pool) = folds[0], runs[0]
    n_all = sum(len(test_) for _, test_ in folds)
    return CorrectionReport(
        n_base=len(train[0::2]),
        n_pool=pool,
        n_corrections=corrections,
        n_test=len(test),
        accuracy_before=_r(before / len(test)),
        accuracy_after=_r(after / len(test)),
        cv_accuracy_before=_r(sum(r[0] for r in runs) / n_all),
        cv_accuracy_after=_r(sum(r[1] for r in runs) / n_all),
    )


def format_report(report: Report, corrections: CorrectionReport | None = None) -> str:
    codes = list(TOPICS)
    lines = [
        f"差评主题分类 topic classifier — 训练 train {report.n_train}, 测试 test {report.n_test}",
        f"准确率 accuracy: 模型 model {report.accuracy:.4f} | "
        f"关键词基线 keyword baseline {report.baseline.accuracy:.4f}",
        "",
        "主题 topic" + " " * 11 + f"{'P':>8}{'R':>8}{'F1':>8}" + "  基线F1 baseline F1" + f"{'n':>5}",
    ]
    for t in codes:
        s, b = report.per_topic[t], report.baseline.per_topic[t]
        name = f"{TOPIC_LABELS[t]} {t}"
        pad = 22 - sum(2 if ord(c) > 0x2E80 else 1 for c in name)  # CJK is double width
        lines.append(
            f"{name}{' ' * max(pad, 1)}{s.precision:>8.4f}{s.recall:>8.4f}{s.f1:>8.4f}{b.f1:>20.4f}{s.support:>5}"
        )
    lines += ["", "混淆矩阵 confusion (行 true / 列 predicted)", " " * 10 + "".join(f"{c[:8]:>9}" for c in codes)]
    for t in codes:
        lines.append(f"{t[:9]:<10}" + "".join(f"{report.confusion[t][p]:>9}" for p in codes))
    if corrections:
        c = corrections
        lines += [
            "",
            f"纠正学习 learning from corrections: 先训练 base {c.n_base}, "
            f"纠正 {c.n_corrections}/{c.n_pool} 条 corrected, 测试 test {c.n_test}",
            f"准确率 accuracy: 纠正前 before {c.accuracy_before:.4f} → 纠正后 after {c.accuracy_after:.4f}",
            f"{TEST_EVERY} 折合计 pooled over {TEST_EVERY} folds: "
            f"{c.cv_accuracy_before:.4f} → {c.cv_accuracy_after:.4f}",
        ]
    return "\n".join(lines)


def main() -> None:
    print(format_report(evaluate(), evaluate_corrections()))


if __name__ == "__main__":
    main()
