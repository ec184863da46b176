"""Evaluate the topic model on the shipped labelled set.

    python -m gaoxin.rectifications.topics.evaluate

prints accuracy, per-topic precision/recall/F1 and the confusion matrix of the
Naive Bayes model next to the keyword-only baseline, then shows what learning
from handlers' corrections buys. Everything is deterministic.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .data import Sample, load_labelled, split
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
    n_corrections: int  # misclassified pool items fed back through learn()
    n_test: int
    accuracy_before: float
    accuracy_after: float


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
        predicted = sum(confusion[x][t] for x in TOPICS)
        support = sum(confusion[t].values())
        p = tp / predicted if predicted else 0.0
        r = tp / support if support else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        per_topic[t] = TopicScore(_r(p), _r(r), _r(f1), support)
    return Scores(_r(correct / n) if n else 0.0, per_topic, confusion)


def _accuracy(predict: Callable[[str], str], samples: list[Sample]) -> float:
    return score((s.topic, predict(s.text)) for s in samples).accuracy


def evaluate(samples: list[Sample] | None = None) -> Report:
    """Train on the train split, score model and keyword baseline on the test split."""
    train, test = split(load_labelled() if samples is None else samples)
    model = TopicModel().train(train)
    nb = score((s.topic, model.predict(s.text).topic) for s in test)
    baseline = score((s.topic, keyword_predict(s.text)) for s in test)
    return Report(nb.accuracy, nb.per_topic, nb.confusion, len(train), len(test), baseline)


def evaluate_corrections(samples: list[Sample] | None = None) -> CorrectionReport:
    """Train on half the train split, then let a "handler" correct the model's
    mistakes on the other half with ``learn()``; test accuracy before and after."""
    train, test = split(load_labelled() if samples is None else samples)
    base, pool = train[0::2], train[1::2]
    model = TopicModel().train(base)
    before = _accuracy(lambda text: model.predict(text).topic, test)
    mistakes = [s for s in pool if model.predict(s.text).topic != s.topic]
    for s in mistakes:
        model.learn(s.text, s.topic)
    after = _accuracy(lambda text: model.predict(text).topic, test)
    return CorrectionReport(len(base), len(pool), len(mistakes), len(test), before, after)


def format_report(report: Report, corrections: CorrectionReport | None = None) -> str:
    codes = list(TOPICS)
    lines = [
        f"差评主题分类 topic classifier — 训练 train {report.n_train}, 测试 test {report.n_test}",
        f"准确率 accuracy: 模型 model {report.accuracy:.4f} | "
        f"关键词基线 keyword baseline {report.baseline.accuracy:.4f}",
        "",
        f"{'主题 topic':<22}{'P':>8}{'R':>8}{'F1':>8}{'基线F1':>8}{'n':>5}",
    ]
    for t in codes:
        s, b = report.per_topic[t], report.baseline.per_topic[t]
        name = f"{TOPIC_LABELS[t]} {t}"
        pad = 22 - sum(2 if ord(c) > 0x2E80 else 1 for c in name)  # CJK is double width
        lines.append(
            f"{name}{' ' * max(pad, 1)}{s.precision:>8.4f}{s.recall:>8.4f}"
            f"{s.f1:>8.4f}{b.f1:>10.4f}{s.support:>5}"
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
            f"准确率 accuracy: 纠正前 before {c.accuracy_before:.4f} → "
            f"纠正后 after {c.accuracy_after:.4f}",
        ]
    return "\n".join(lines)


def main() -> None:
    print(format_report(evaluate(), evaluate_corrections()))  # noqa: T201


if __name__ == "__main__":
    main()
