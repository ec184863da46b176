"""Accuracy of the complaint-topic model on the labelled set (page and management command)."""

from __future__ import annotations

from functools import cache

from gaoxin.rectifications.topics import TOPIC_LABELS
from gaoxin.rectifications.topics.evaluate import evaluate


@cache
def accuracy_report() -> dict:
    report = evaluate()
    return {
        "accuracy": round(report.accuracy * 100, 1),
        "baseline": round(report.baseline_accuracy * 100, 1),
        "n_train": report.n_train,
        "n_test": report.n_test,
        "per_topic": [
            {
                "topic": t,
                "label": TOPIC_LABELS[t],
                "precision": round(s.precision * 100, 1),
                "recall": round(s.recall * 100, 1),
                "f1": round(s.f1 * 100, 1),
                "support": s.support,
            }
            for t, s in report.per_topic.items()
        ],
    }
