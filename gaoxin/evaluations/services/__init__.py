"""Every write of 好差评 intake, split by sub-domain; import from here."""

from gaoxin.evaluations.services._common import RateLimited, RatingRefused
from gaoxin.evaluations.services.cases import case_complete, case_create
from gaoxin.evaluations.services.devices import device_heartbeat, device_register, device_revoke
from gaoxin.evaluations.services.exchange import exchange_backfill, exchange_enqueue
from gaoxin.evaluations.services.org import (
    hall_create,
    hall_update,
    item_create,
    item_update,
    policy_set,
    staff_create,
    staff_update,
    window_create,
    window_update,
)
from gaoxin.evaluations.services.privacy import Identity, may_reveal, rater_identity_reveal
from gaoxin.evaluations.services.qr import (
    case_number_from_qr,
    case_qr_token,
    staff_from_qr,
    staff_qr_revoke,
    staff_qr_rotate,
    staff_qr_token,
)
from gaoxin.evaluations.services.ratings import (
    Rater,
    Recorded,
    RecordResult,
    default_ratings_create,
    evaluation_record,
    evaluation_record_batch,
)

__all__ = [
    "Identity",
    "RateLimited",
    "Rater",
    "RatingRefused",
    "RecordResult",
    "Recorded",
    "case_complete",
    "case_create",
    "case_number_from_qr",
    "case_qr_token",
    "default_ratings_create",
    "device_heartbeat",
    "device_register",
    "device_revoke",
    "evaluation_record",
    "evaluation_record_batch",
    "exchange_backfill",
    "exchange_enqueue",
    "hall_create",
    "hall_update",
    "item_create",
    "item_update",
    "may_reveal",
    "policy_set",
    "rater_identity_reveal",
    "staff_create",
    "staff_from_qr",
    "staff_qr_revoke",
    "staff_qr_rotate",
    "staff_qr_token",
    "staff_update",
    "window_create",
    "window_update",
]
