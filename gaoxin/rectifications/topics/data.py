"""The shipped labelled set of bad-rating texts and its deterministic split."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from .model import TOPICS

LABELLED_PATH = Path(__file__).with_name("data") / "labelled.tsv"
TEST_EVERY = 4  # data row i (0-based) is a test row when i % TEST_EVERY == TEST_EVERY - 1


class Sample(NamedTuple):
    text: str
    topic: str


def load_labelled(path: Path | str = LABELLED_PATH) -> list[Sample]:
    """Rows of ``topic<TAB>text`` after a header line; blank and ``#`` lines skipped."""
    samples: list[Sample] = []
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip() or line.startswith("#"):
            continue
        topic, sep, text = line.partition("\t")
        if not sep or topic not in TOPICS or not text.strip():
            raise ValueError(f"{path}:{number}: expected '<topic>\\t<text>', got {line!r}")
        samples.append(Sample(text.strip(), topic))
    return samples


def split(samples: list[Sample]) -> tuple[list[Sample], list[Sample]]:
    """(train, test): every ``TEST_EVERY``-th row is held out for testing."""
    train = [s for i, s in enumerate(samples) if i % TEST_EVERY != TEST_EVERY - 1]
    test = [s for i, s in enumerate(samples) if i % TEST_EVERY == TEST_EVERY - 1]
    return train, test
