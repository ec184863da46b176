"""Writes of cases (办件): accept, complete (which prompts the window's evaluator)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.core.audit import audit_log
from gaoxin.core.crypto import blind_index, encrypt
from gaoxin.core.errors import DomainError, InvalidTransition, PermissionDenied
from gaoxin.core.models import User
from gaoxin.core.permissions import can, require
from gaoxin.evaluations import hooks
from gaoxin.evaluations.enums import ApplicantType, CaseStatus
from gaoxin.evaluations.models import Case, Hall, ServiceItem, Staff, Window
from gaoxin.evaluations.services._common import hall_target

CASE_AUDIT_FIELDS = ("number", "item_id", "hall_id", "window_id", "staff_id", "status", "applicant_type")


def _digits(phone: str) -> str:
    return "".join(ch for ch in phone if ch.isdigit())


def case_create(
    *,
    actor: User | None,
    number: str,
    item: ServiceItem,
    hall: Hall,
    window: Window | None = None,
    staff: Staff | None = None,
    applicant_type: int = ApplicantType.PERSON,
    applicant_name: str = "",
    applicant_phone: str = "",
    applicant_id_number: str = "",
    accepted_at: datetime | None = None,
) -> Case:
    """Accept a case (受理). Applicant identity is encrypted; the phone gets a blind index and last 4."""
    if actor is not None:
        require(actor, "evaluations.case.manage", hall_target(hall))
    number = number.strip()
    phone = _digits(applicant_phone)
    errors = []
    if not number or len(number) > 50:
        errors.append(_("办件编号不能为空，且不超过 50 个字符。"))
    if applicant_type not in ApplicantType.values:
        errors.append(_("服务对象类型无效（1–6）。"))
    if applicant_phone and len(phone) < 7:
        errors.append(_("申请人电话号码无效。"))
    if window is not None and window.hall_id != hall.pk:
        errors.append(_("窗口不属于该大厅。"))
    if staff is not None and staff.hall_id != hall.pk:
        errors.append(_("经办人不属于该大厅。"))
    if errors:
        raise DomainError("；".join(errors), code="case_invalid", details=errors)
    if window is None and staff is not None:
        window = staff.window
    department_id = window.department_id if window is not None else item.department_id
    try:
        with transaction.atomic():
            case = Case.objects.create(
                number=number,
                item=item,
                hall=hall,
                window=window,
                staff=staff,
                department_id=department_id,
                region_id=hall.region_id,
                applicant_type=applicant_type,
                applicant_name_enc=encrypt(applicant_name.strip()),
                applicant_phone_enc=encrypt(phone),
                applicant_id_enc=encrypt(applicant_id_number.strip().upper()),
                applicant_phone_index=blind_index(phone),
                applicant_phone_last4=phone[-4:],
                accepted_at=accepted_at or timezone.now(),
                created_by=actor if actor is not None and actor.is_authenticated else None,
            )
            audit_log(
                actor=actor,
                action="evaluations.case.create",
                obj=case,
                unit_id=hall.unit_id,
                after={f: getattr(case, f) for f in CASE_AUDIT_FIELDS},
            )
    except IntegrityError:
        raise DomainError(_("办件编号已存在：%(n)s") % {"n": number}, code="case_number_taken") from None
    return case


def case_complete(*, actor: User | None, case: Case, completed_at: datetime | None = None) -> Case:
    """Complete (办结) a case; the evaluator at its window shows the rating screen at its next poll."""
    if actor is not None:
        owner = frozenset({case.staff.user_id}) if case.staff is not None else frozenset()
        target = hall_target(case.hall)
        if not can(actor, "evaluations.case.complete", replace(target, owner_ids=owner)):
            raise PermissionDenied(_("只能办结本人经办的办件。"))
    if case.status == CaseStatus.COMPLETED:
        raise InvalidTransition(_("办件已办结。"), code="case_already_completed")
    now = completed_at or timezone.now()
    if now < case.accepted_at:
        raise DomainError(_("办结时间不能早于受理时间。"), code="case_invalid")
    with transaction.atomic():
        case.status = CaseStatus.COMPLETED
        case.completed_at = now
        case.save(update_fields=["status", "completed_at"])
        if case.window_id is not None:
            Window.objects.filter(pk=case.window_id).update(pending_case=case, pending_since=now)
        audit_log(
            actor=actor,
            action="evaluations.case.complete",
            obj=case,
            unit_id=case.hall.unit_id,
            before={"status": CaseStatus.ACCEPTED},
            after={"status": case.status, "completed_at": now},
        )
        hooks.after_case_completed(case)
    return case
