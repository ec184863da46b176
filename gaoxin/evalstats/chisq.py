"""Chi-square goodness-of-fit in plain Python: the survival function is the regularized upper
incomplete gamma function Q(k/2, x/2), by series (x < a+1) or continued fraction (Lentz)."""

from __future__ import annotations

import math

EPS = 1e-14
MAX_ITER = 500


def _gamma_p_series(a: float, x: float) -> float:
    term = total = 1.0 / a
    ap = a
    for _ in range(MAX_ITER):
        ap += 1
        term *= x / ap
        total += term
        if abs(term) < abs(total) * EPS:
            break
    return total * math.exp(-x + a * math.log(x) - math.lgamma(a))


def _gamma_q_fraction(a: float, x: float) -> float:
    tiny = 1e-300
    b = x + 1 - a
    c = 1 / tiny
    d = 1 / b
    h = d
    for i in range(1, MAX_ITER):
        an = -i * (i - a)
        b += 2
        d = an * d + b
        d = tiny if abs(d) < tiny else d
        c = b + an / c
        c = tiny if abs(c) < tiny else c
        d = 1 / d
        delta = d * c
        h *= delta
        if abs(delta - 1) < EPS:
            break
    return math.exp(-x + a * math.log(x) - math.lgamma(a)) * h


def gamma_q(a: float, x: float) -> float:
    """Regularized upper incomplete gamma Q(a, x)."""
    if x <= 0:
        return 1.0
    if x < a + 1:
        return 1.0 - _gamma_p_series(a, x)
    return _gamma_q_fraction(a, x)


def chi2_sf(statistic: float, df: int) -> float:
    """P(X >= statistic) for X ~ chi-square with df degrees of freedom."""
    return gamma_q(df / 2.0, statistic / 2.0)


def goodness_of_fit(observed: list[int], reference: list[int]) -> tuple[float, int, float]:
    """Test `observed` counts against the proportions of `reference`: (statistic, df, p).

    Categories the reference never uses are left out (their expected count is 0)."""
    n, total = sum(observed), sum(reference)
    pairs = [(o, n * r / total) for o, r in zip(observed, reference, strict=True) if r > 0]
    if n == 0 or len(pairs) < 2:
        return 0.0, 0, 1.0
    statistic = sum((o - e) ** 2 / e for o, e in pairs)
    df = len(pairs) - 1
    return statistic, df, chi2_sf(statistic, df)
