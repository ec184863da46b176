"""The complaint-topic model, persisted in TopicModelState and taught by handlers' corrections."""

from __future__ import annotations

import threading

from django.db import transaction
from django.utils.translation import gettext as _

from gaoxin.core.errors import DomainError
from gaoxin.core.models import User
from gaoxin.rectifications.enums import EventKind
from gaoxin.rectifications.models import TopicModelState, WorkOrder
from gaoxin.rectifications.services._common import load_order, record_event, require_handle
from gaoxin.rectifications.topics import TOPIC_LABELS, TOPICS, Prediction, TopicModel, load_labelled, split

_lock = threading.Lock()
_cache: dict[str, tuple[object, TopicModel]] = {}


def _trained() -> TopicModel:
    train, _test = split(load_labelled())
    return TopicModel().train(train)


def topic_model_state() -> TopicModelState:
    """The stored state, created from the labelled training split the first time."""
    state = TopicModelState.objects.filter(key="default").first()
    if state is None:
        state, _created = TopicModelState.objects.get_or_create(key="default", defaults={"state": _trained().to_dict()})
    return state


def topic_model() -> TopicModel:
    stamp = TopicModelState.objects.filter(key="default").values_list("updated_at", flat=True).first()
    hit = _cache.get("default")
    if stamp is not None and hit is not None and hit[0] == stamp:
        return hit[1]
    state = topic_model_state()
    model = TopicModel.from_dict(state.state)
    with _lock:
        _cache["default"] = (state.updated_at, model)
    return model


def topic_predict(text: str) -> Prediction:
    return topic_model().predict(text or "")


def work_order_topic_correct(*, actor: User, order: WorkOrder, topic: str) -> WorkOrder:
    """A handler corrects the topic: the order is updated and the model learns (state persisted)."""
    if topic not in TOPICS:
        raise DomainError(_("问题分类无效。"), code="invalid_topic")
    with transaction.atomic():
        order = load_order(order)
        require_handle(actor, order, "rectifications.topic.correct")
        before = order.topic
        order.topic = topic
        order.topic_corrected = True
        order.save(update_fields=["topic", "topic_corrected"])
        state = TopicModelState.objects.select_for_update().get(pk=topic_model_state().pk)
        model = TopicModel.from_dict(state.state)
        if order.text.strip():
            model.learn(order.text, topic)
        state.state = model.to_dict()
        state.n_corrections += 1
        state.save(update_fields=["state", "n_corrections", "updated_at"])
        record_event(
            order,
            EventKind.TOPIC,
            actor=actor,
            note=f"{TOPIC_LABELS.get(before, before or '—')} → {TOPIC_LABELS[topic]}",
            data={"from": before, "to": topic},
        )
    return order
