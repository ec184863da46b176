"""Writes of the intake organisation: halls, windows, staff, service items, rating policies."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from gaoxin.core.audit import audit_log, snapshot
from gaoxin.core.enums import UnitKind
from gaoxin.core.errors import DomainError
from gaoxin.core.models import Region, Unit, User
from gaoxin.core.permissions import require, target_for_unit
from gaoxin.evaluations.enums import HallKind, ItemKind, Level
from gaoxin.evaluations.models import Hall, RatingPolicy, ServiceItem, Staff, Window
from gaoxin.evaluations.policy import DEFAULTS, invalidate_policy_cache
from gaoxin.evaluations.services._common import hall_target

HALL_FIELDS = ("name", "code", "kind", "address", "is_active")
WINDOW_FIELDS = ("number", "name", "department", "is_active")
STAFF_FIELDS = ("window", "job_number", "is_active")
STAFF_SNAPSHOT = ["user_id", "hall_id", "window_id", "job_number", "is_active", "qr_version"]
ITEM_FIELDS = ("name", "department", "kind", "time_limit_days", "is_zero_trip", "is_one_go", "is_online", "is_active")


def _apply(obj, changes: dict, allowed: tuple[str, ...]) -> dict:
    unknown = set(changes) - set(allowed)
    if unknown:
        raise DomainError(_("不能修改这些字段：%(f)s") % {"f": "、".join(sorted(unknown))}, code="bad_fields")
    for name, value in changes.items():
        setattr(obj, name, value)
    return changes


def hall_create(
    *, actor: User | None, unit: Unit, code: str, name: str = "", kind: str = HallKind.CENTER, address: str = ""
) -> Hall:
    if actor is not None:
        require(actor, "evaluations.hall.manage", target_for_unit(unit))
    code = code.strip()
    errors = []
    if unit.kind != UnitKind.HALL:
        errors.append(_("只能为“政务服务大厅”类型的单位建立大厅。"))
    if not code:
        errors.append(_("请填写大厅编码。"))
    if kind not in HallKind.values:
        errors.append(_("大厅类型无效。"))
    if errors:
        raise DomainError("；".join(errors), code="hall_invalid", details=errors)
    if Hall.objects.filter(unit=unit).exists():
        raise DomainError(_("该单位已建立大厅。"), code="hall_exists")
    if Hall.objects.filter(code=code).exists():
        raise DomainError(_("大厅编码已被使用：%(c)s") % {"c": code}, code="hall_code_taken")
    with transaction.atomic():
        hall = Hall.objects.create(
            unit=unit,
            code=code,
            name=name.strip() or unit.name,
            kind=kind,
            address=address.strip(),
            region_id=unit.region_id,
        )
        audit_log(actor=actor, action="evaluations.hall.create", obj=hall, unit_id=unit.pk, after=snapshot(hall))
    return hall


def hall_update(*, actor: User | None, hall: Hall, **changes: object) -> Hall:
    if actor is not None:
        require(actor, "evaluations.hall.manage", hall_target(hall))
    if "code" in changes and Hall.objects.filter(code=changes["code"]).exclude(pk=hall.pk).exists():
        raise DomainError(_("大厅编码已被使用：%(c)s") % {"c": changes["code"]}, code="hall_code_taken")
    with transaction.atomic():
        before = snapshot(hall)
        _apply(hall, changes, HALL_FIELDS)
        hall.save()
        audit_log(
            actor=actor,
            action="evaluations.hall.update",
            obj=hall,
            unit_id=hall.unit_id,
            before=before,
            after=snapshot(hall),
        )
    return hall


def window_create(*, actor: User | None, hall: Hall, number: str, name: str, department: Unit) -> Window:
    if actor is not None:
        require(actor, "evaluations.window.manage", hall_target(hall))
    number = number.strip()
    if not number or not name.strip():
        raise DomainError(_("请填写窗口号和窗口名称。"), code="window_invalid")
    if Window.objects.filter(hall=hall, number=number).exists():
        raise DomainError(_("本大厅已有 %(n)s 号窗口。") % {"n": number}, code="window_number_taken")
    with transaction.atomic():
        window = Window.objects.create(hall=hall, number=number, name=name.strip(), department=department)
        audit_log(
            actor=actor, action="evaluations.window.create", obj=window, unit_id=hall.unit_id, after=snapshot(window)
        )
    return window


def window_update(*, actor: User | None, window: Window, **changes: object) -> Window:
    if actor is not None:
        require(actor, "evaluations.window.manage", hall_target(window.hall))
    if (
        "number" in changes
        and Window.objects.filter(hall=window.hall_id, number=changes["number"]).exclude(pk=window.pk).exists()
    ):
        raise DomainError(_("本大厅已有 %(n)s 号窗口。") % {"n": changes["number"]}, code="window_number_taken")
    with transaction.atomic():
        before = snapshot(window)
        _apply(window, changes, WINDOW_FIELDS)
        window.save()
        audit_log(
            actor=actor,
            action="evaluations.window.update",
            obj=window,
            unit_id=window.hall.unit_id,
            before=before,
            after=snapshot(window),
        )
    return window


def staff_create(
    *, actor: User | None, user: User, hall: Hall, window: Window | None = None, job_number: str = ""
) -> Staff:
    if actor is not None:
        require(actor, "evaluations.staff.manage", hall_target(hall))
    if window is not None and window.hall_id != hall.pk:
        raise DomainError(_("窗口不属于该大厅。"), code="window_other_hall")
    if Staff.objects.filter(user=user).exists():
        raise DomainError(_("该用户已登记为窗口人员。"), code="staff_exists")
    with transaction.atomic():
        staff = Staff.objects.create(user=user, hall=hall, window=window, job_number=job_number.strip())
        audit_log(
            actor=actor,
            action="evaluations.staff.create",
            obj=staff,
            unit_id=hall.unit_id,
            after=snapshot(staff, STAFF_SNAPSHOT),
        )
    return staff


def staff_update(*, actor: User | None, staff: Staff, **changes: object) -> Staff:
    if actor is not None:
        require(actor, "evaluations.staff.manage", hall_target(staff.hall))
    window = changes.get("window")
    if window is not None and window.hall_id != staff.hall_id:  # type: ignore[attr-defined]
        raise DomainError(_("窗口不属于该大厅。"), code="window_other_hall")
    with transaction.atomic():
        before = snapshot(staff, STAFF_SNAPSHOT)
        _apply(staff, changes, STAFF_FIELDS)
        staff.save()
        audit_log(
            actor=actor,
            action="evaluations.staff.update",
            obj=staff,
            unit_id=staff.hall.unit_id,
            before=before,
            after=snapshot(staff, STAFF_SNAPSHOT),
        )
    return staff


def _check_item(kind: int, time_limit_days: int) -> list[str]:
    errors = []
    if kind not in ItemKind.values:
        errors.append(_("办件类型无效（1 即办件，2 承诺件）。"))
    if kind == ItemKind.PROMISED and time_limit_days <= 0:
        errors.append(_("承诺件须填写承诺时限（工作日）。"))
    if time_limit_days < 0:
        errors.append(_("承诺时限不能为负数。"))
    return errors


def item_create(
    *,
    actor: User | None,
    code: str,
    name: str,
    department: Unit,
    kind: int = ItemKind.IMMEDIATE,
    time_limit_days: int = 0,
    is_zero_trip: bool = False,
    is_one_go: bool = False,
    is_online: bool = False,
) -> ServiceItem:
    if actor is not None:
        require(actor, "evaluations.item.manage", target_for_unit(department))
    code = code.strip()
    errors = _check_item(kind, time_limit_days)
    if not code or not name.strip():
        errors.insert(0, _("请填写事项编码和事项名称。"))
    if errors:
        raise DomainError("；".join(errors), code="item_invalid", details=errors)
    if ServiceItem.objects.filter(code=code).exists():
        raise DomainError(_("事项编码已存在：%(c)s") % {"c": code}, code="item_code_taken")
    with transaction.atomic():
        item = ServiceItem.objects.create(
            code=code,
            name=name.strip(),
            department=department,
            kind=kind,
            time_limit_days=time_limit_days,
            is_zero_trip=is_zero_trip,
            is_one_go=is_one_go,
            is_online=is_online,
        )
        audit_log(actor=actor, action="evaluations.item.create", obj=item, unit_id=department.pk, after=snapshot(item))
    return item


def item_update(*, actor: User | None, item: ServiceItem, **changes: object) -> ServiceItem:
    if actor is not None:
        require(actor, "evaluations.item.manage", target_for_unit(item.department))
        moved_to = changes.get("department")
        if isinstance(moved_to, Unit) and moved_to.pk != item.department_id:
            # handing an item to another department needs the right there too
            require(actor, "evaluations.item.manage", target_for_unit(moved_to))
    kind = int(changes.get("kind", item.kind))  # type: ignore[call-overload]
    limit = int(changes.get("time_limit_days", item.time_limit_days))  # type: ignore[call-overload]
    errors = _check_item(kind, limit)
    if errors:
        raise DomainError("；".join(errors), code="item_invalid", details=errors)
    with transaction.atomic():
        before = snapshot(item)
        _apply(item, changes, ITEM_FIELDS)
        item.save()
        audit_log(
            actor=actor,
            action="evaluations.item.update",
            obj=item,
            unit_id=item.department_id,
            before=before,
            after=snapshot(item),
        )
    return item


POLICY_FIELDS = (
    "supplementary_days",
    "default_rating_enabled",
    "default_rating_after_days",
    "default_rating_level",
    "good_rate_formula",
    "static_qr_limit",
    "static_qr_window_minutes",
    "fast_rating_seconds",
    "upstream_url",
)


def policy_set(*, actor: User | None, region: Region, **values: object) -> RatingPolicy:
    """Set some rules for a region (None = inherit). Unknown fields or bad values write nothing."""
    if actor is not None:
        require(actor, "evaluations.policy.manage")
    unknown = set(values) - set(POLICY_FIELDS)
    if unknown:
        raise DomainError(_("未知的规则项：%(f)s") % {"f": "、".join(sorted(unknown))}, code="policy_invalid")
    errors = []
    level = values.get("default_rating_level")
    if level is not None and level not in Level.values:
        errors.append(_("默认评价等级无效。"))
    for name in ("supplementary_days", "default_rating_after_days", "static_qr_limit", "static_qr_window_minutes"):
        v = values.get(name)
        if v is not None and (not isinstance(v, int) or v < 0 or v > 365):
            errors.append(_("%(f)s 应为 0–365 的整数。") % {"f": name})
    url = values.get("upstream_url")
    if url and not str(url).startswith(("http://", "https://")):
        errors.append(_("上报地址应以 http:// 或 https:// 开头。"))
    if errors:
        raise DomainError("；".join(errors), code="policy_invalid", details=errors)
    with transaction.atomic():
        policy, _created = RatingPolicy.objects.get_or_create(region=region)
        before = snapshot(policy, list(POLICY_FIELDS))
        for name, value in values.items():
            setattr(policy, name, value if value is not None or name != "upstream_url" else "")
        if values.get("good_rate_formula") is None and "good_rate_formula" in values:
            policy.good_rate_formula = ""
        policy.updated_by = actor if actor is not None and actor.is_authenticated else None
        policy.save()
        audit_log(
            actor=actor,
            action="evaluations.policy.set",
            obj=policy,
            before=before,
            after=snapshot(policy, list(POLICY_FIELDS)),
        )
        transaction.on_commit(invalidate_policy_cache)
    invalidate_policy_cache()
    return policy


__all__ = [
    "DEFAULTS",
    "hall_create",
    "hall_update",
    "item_create",
    "item_update",
    "policy_set",
    "staff_create",
    "staff_update",
    "window_create",
    "window_update",
]
