"""Every write of the bad-rating closed loop (keyword-only, atomic, audited)."""

from gaoxin.rectifications.services.deadlines import work_orders_deadline_scan
from gaoxin.rectifications.services.handling import (
    work_order_answer,
    work_order_appeal,
    work_order_appeal_decide,
    work_order_close,
    work_order_plan,
    work_order_rater_reveal,
    work_order_reroute,
    work_order_verify,
)
from gaoxin.rectifications.services.opening import (
    rectification_on_rating,
    work_order_followup,
    work_order_open,
    work_orders_open,
)
from gaoxin.rectifications.services.topics import topic_model, topic_predict, work_order_topic_correct

__all__ = [
    "rectification_on_rating",
    "topic_model",
    "topic_predict",
    "work_order_answer",
    "work_order_appeal",
    "work_order_appeal_decide",
    "work_order_close",
    "work_order_followup",
    "work_order_open",
    "work_order_plan",
    "work_order_rater_reveal",
    "work_order_reroute",
    "work_order_topic_correct",
    "work_order_verify",
    "work_orders_deadline_scan",
    "work_orders_open",
]
