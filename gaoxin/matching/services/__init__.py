"""Every write of 足迹 (matching), split by sub-domain."""

from gaoxin.matching.services.matches import match_decide, matches_refresh, weights_learn
from gaoxin.matching.services.needs import TRANSITIONS, need_create, need_rate, need_transition
from gaoxin.matching.services.network import (
    base_register,
    event_create,
    event_mark_attendance,
    event_register,
    incubation_graduate,
    incubation_sign,
    incubations_bulk_sign,
    trail_follow_up_done,
    trail_log,
)
from gaoxin.matching.services.referrals import docking_record, referral_create, referral_respond
from gaoxin.matching.services.resources import resource_create, resource_deactivate, resource_update

__all__ = [
    "TRANSITIONS",
    "base_register",
    "docking_record",
    "event_create",
    "event_mark_attendance",
    "event_register",
    "incubation_graduate",
    "incubation_sign",
    "incubations_bulk_sign",
    "match_decide",
    "matches_refresh",
    "need_create",
    "need_rate",
    "need_transition",
    "referral_create",
    "referral_respond",
    "resource_create",
    "resource_deactivate",
    "resource_update",
    "trail_follow_up_done",
    "trail_log",
    "weights_learn",
]
