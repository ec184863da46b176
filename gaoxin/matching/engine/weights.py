"""Default factor weights and learning them from match outcomes."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final, Literal

from .scoring import FACTOR_NAMES
from .types import Match

DEFAULT_WEIGHTS: Final[dict[str, float]] = {
    "text": 0.40,
    "industry": 0.20,
    "region": 0.15,
    "amount": 0.08,
    "stage": 0.05,
    "freshness": 0.07,
    "capacity": 0.05,
}

OutcomeResult = Literal["accepted", "deal", "rejected"]

LABELS: Final[dict[str, tuple[float, float]]] = {
    # result → (label, sample weight)
    "accepted": (1.0, 1.0),
    "deal": (1.0, 2.0),
    "rejected": (0.0, 1.0),
}

MIN_OUTCOMES: Final[int] = 20


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened to one recommended match: its factor values and the result."""

    factors: Mapping[str, float]
    result: OutcomeResult

    @classmethod
    def from_match(cls, match: Match, result: OutcomeResult) -> Outcome:
        return cls({f.name: f.value for f in match.factors}, result)


def normalise(weights: Mapping[str, float]) -> dict[str, float]:
    """Weights for every factor, non-negative, summing to 1."""
    unknown = set(weights) - set(FACTOR_NAMES)
    if unknown:
        raise ValueError(f"unknown factors: {sorted(unknown)}")
    clipped = {name: max(0.0, float(weights.get(name, 0.0))) for name in FACTOR_NAMES}
    total = sum(clipped.values())
    if total <= 0:
        raise ValueError("weights must not all be zero")
    return {name: w / total for name, w in clipped.items()}


def learn_weights(
    outcomes: Sequence[Outcome],
    *,
    l2: float = 0.01,
    iterations: int = 500,
    learning_rate: float = 0.5,
    min_outcomes: int = MIN_OUTCOMES,
) -> dict[str, float]:
    """Fit factor weights by L2-regularised logistic regression on outcomes.

    accepted → 1, deal → 1 with sample weight 2, rejected → 0. Full-batch gradient
    descent from zero, so the result is deterministic. Negative coefficients are
    clipped to 0 and the rest normalised to sum 1. Falls back to the defaults when
    there are fewer than ``min_outcomes`` outcomes, only one class, or nothing
    positive was learnt.
    """
    if len(outcomes) < min_outcomes:
        return dict(DEFAULT_WEIGHTS)
    rows: list[tuple[list[float], float, float]] = []
    for o in outcomes:
        label, sw = LABELS[o.result]
        x = [min(1.0, max(0.0, float(o.factors.get(n, 0.5)))) for n in FACTOR_NAMES]
        rows.append((x, label, sw))
    if len({label for _, label, _ in rows}) < 2:
        return dict(DEFAULT_WEIGHTS)
    # centre features so the intercept absorbs the base rate
    total_sw = sum(sw for _, _, sw in rows)
    dims = len(FACTOR_NAMES)
    means = [sum(x[j] * sw for x, _, sw in rows) / total_sw for j in range(dims)]
    centred = [([x[j] - means[j] for j in range(dims)], y, sw) for x, y, sw in rows]
    coef = [0.0] * dims
    bias = 0.0
    for _ in range(iterations):
        grad = [0.0] * dims
        grad_b = 0.0
        for x, y, sw in centred:
            z = bias + sum(c * v for c, v in zip(coef, x, strict=True))
            p = 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))
            err = (p - y) * sw
            grad_b += err
            for j in range(dims):
                grad[j] += err * x[j]
        for j in range(dims):
            coef[j] -= learning_rate * (grad[j] / total_sw + l2 * coef[j])
        bias -= learning_rate * grad_b / total_sw
    positive = {n: max(0.0, c) for n, c in zip(FACTOR_NAMES, coef, strict=True)}
    if sum(positive.values()) <= 1e-9:
        return dict(DEFAULT_WEIGHTS)
    return normalise(positive)
