"""QR tokens: a static code per staff member (signed id + version: rotate, revoke) and a
dynamic code per case (signed case number, printed on the receipt)."""

from __future__ import annotations

from django.core import signing
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.core.audit import audit_log
from gaoxin.core.models import User
from gaoxin.core.permissions import require
from gaoxin.evaluations.models import Case, Staff
from gaoxin.evaluations.services._common import RatingRefused, hall_target

STAFF_SALT = "gaoxin.evaluations.qr.staff"
CASE_SALT = "gaoxin.evaluations.qr.case"


def bad_qr() -> RatingRefused:
    return RatingRefused(_("二维码无效或已失效。"), code="bad_qr")


def staff_qr_token(staff: Staff) -> str:
    """The static token printed on the staff member's card (changes when rotated)."""
    return signing.Signer(salt=STAFF_SALT).sign(f"{staff.pk}.{staff.qr_version}")


def case_qr_token(case: Case) -> str:
    return signing.Signer(salt=CASE_SALT).sign(case.number)


def staff_from_qr(token: str) -> Staff:
    """The staff member a static token names, or bad_qr (forged, rotated, revoked, inactive)."""
    try:
        value = signing.Signer(salt=STAFF_SALT).unsign(token or "")
        pk_s, _sep, version_s = value.partition(".")
        pk, version = int(pk_s), int(version_s)
    except (signing.BadSignature, ValueError):
        raise bad_qr() from None
    staff = Staff.objects.select_related("user", "hall__region", "window").filter(pk=pk).first()
    if staff is None or staff.qr_version != version or staff.qr_revoked_at is not None or not staff.is_active:
        raise bad_qr()
    return staff


def case_number_from_qr(token: str) -> str:
    try:
        return signing.Signer(salt=CASE_SALT).unsign(token or "")
    except signing.BadSignature:
        raise bad_qr() from None


def staff_qr_rotate(*, actor: User | None, staff: Staff) -> Staff:
    """Issue a new static code: the old printed code stops working at once. Also re-enables a revoked code."""
    if actor is not None:
        require(actor, "evaluations.qr.manage", hall_target(staff.hall))
    with transaction.atomic():
        before = {"qr_version": staff.qr_version, "qr_revoked_at": staff.qr_revoked_at}
        Staff.objects.filter(pk=staff.pk).update(qr_version=F("qr_version") + 1, qr_revoked_at=None)
        staff.refresh_from_db(fields=["qr_version", "qr_revoked_at"])
        audit_log(
            actor=actor,
            action="evaluations.qr.rotate",
            obj=staff,
            unit_id=staff.hall.unit_id,
            before=before,
            after={"qr_version": staff.qr_version, "qr_revoked_at": None},
        )
    return staff


def staff_qr_revoke(*, actor: User | None, staff: Staff) -> Staff:
    if actor is not None:
        require(actor, "evaluations.qr.manage", hall_target(staff.hall))
    if staff.qr_revoked_at is not None:
        return staff
    with transaction.atomic():
        staff.qr_revoked_at = timezone.now()
        staff.save(update_fields=["qr_revoked_at"])
        audit_log(
            actor=actor,
            action="evaluations.qr.revoke",
            obj=staff,
            unit_id=staff.hall.unit_id,
            after={"qr_version": staff.qr_version, "qr_revoked_at": staff.qr_revoked_at},
        )
    return staff
