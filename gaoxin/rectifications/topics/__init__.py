"""What people complain about: topics of the free text of bad ratings (差评).

Framework-free (no Django). The Django side persists ``TopicModel.to_dict()`` and
feeds handlers' corrections to ``TopicModel.learn()``.
"""

from .data import Sample, load_labelled, split
from .model import (
    SEED_LEXICON,
    TOPIC_LABELS,
    TOPICS,
    Prediction,
    TopicModel,
    keyword_predict,
    tokenize,
)

__all__ = [
    "SEED_LEXICON",
    "TOPICS",
    "TOPIC_LABELS",
    "Prediction",
    "Sample",
    "TopicModel",
    "keyword_predict",
    "load_labelled",
    "split",
    "tokenize",
]
