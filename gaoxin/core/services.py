"""Core writes: regions, units, users and role grants. Every write audits."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gaoxin.core.audit import audit_log, snapshot
from gaoxin.core.enums import Role, UnitKind
from gaoxin.core.errors import DomainError
from gaoxin.core.models import Region, RoleGrant, Unit, User


def region_create(
    *,
    actor: User | None,
    name: str,
    level: str,
    parent: Region | None = None,
    code: str = "",
    valid_from: date | None = None,
    valid_to: date | None = None,
) -> Region:
    if code and not (code.isdigit() and len(code) in (6, 9, 12)):
        raise DomainError(_("区划代码应为 6、9 或 12 位数字：%(code)s") % {"code": code}, code="region_code")
    if valid_from and valid_to and valid_to < valid_from:
        raise DomainError(_("失效日期不能早于生效日期"), code="region_dates")
    with transaction.atomic():
        region = Region.objects.create(
            name=name, level=level, parent=parent, code=code, valid_from=valid_from, valid_to=valid_to
        )
        region.path = f"{parent.path if parent else '/'}{region.pk}/"
        region.save(update_fields=["path"])
        audit_log(actor=actor, action="region.create", obj=region, after=snapshot(region))
    return region


def unit_create(
    *,
    actor: User | None,
    name: str,
    kind: str,
    region: Region,
    parent: Unit | None = None,
    short_name: str = "",
    code: str = "",
    sort: int = 0,
) -> Unit:
    if kind not in UnitKind.values:
        raise DomainError(_("未知的单位类型：%(kind)s") % {"kind": kind}, code="unit_kind")
    if parent is not None and Unit.objects.filter(parent=parent, name=name).exists():
        raise DomainError(_("同一上级下已有同名单位：%(name)s") % {"name": name}, code="unit_duplicate")
    with transaction.atomic():
        unit = Unit.objects.create(
            name=name, kind=kind, region=region, parent=parent, short_name=short_name, code=code, sort=sort
        )
        unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
        unit.save(update_fields=["path"])
        audit_log(actor=actor, action="unit.create", obj=unit, after=snapshot(unit))
    return unit


def unit_set_head(*, actor: User | None, unit: Unit, head: User | None) -> Unit:
    with transaction.atomic():
        before = {"head_id": unit.head_id}
        unit.head = head
        unit.save(update_fields=["head"])
        audit_log(actor=actor, action="unit.set_head", obj=unit, before=before, after={"head_id": unit.head_id})
    return unit


def user_create(
    *,
    actor: User | None,
    username: str,
    password: str,
    display_name: str,
    unit: Unit | None,
    roles: list[str] | tuple[str, ...] = (),
    phone: str = "",
    email: str = "",
    is_staff: bool = False,
    is_superuser: bool = False,
) -> User:
    if User.objects.filter(username=username).exists():
        raise DomainError(_("用户名已存在：%(u)s") % {"u": username}, code="username_taken")
    user = User(
        username=username,
        display_name=display_name,
        unit=unit,
        phone=phone,
        email=email,
        is_staff=is_staff,
        is_superuser=is_superuser,
    )
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise DomainError("；".join(exc.messages), code="weak_password") from exc
    with transaction.atomic():
        user.set_password(password)
        user.save()
        audit_log(
            actor=actor,
            action="user.create",
            obj=user,
            after={"username": username, "unit_id": unit.pk if unit else None, "roles": list(roles)},
        )
        for role in roles:
            if unit is None:
                raise DomainError(_("授予角色需要指定单位"), code="grant_unit")
            role_grant(actor=actor, user=user, role=role, unit=unit)
    return user


def role_grant(*, actor: User | None, user: User, role: str, unit: Unit) -> RoleGrant:
    if role not in Role.values:
        raise DomainError(_("未知角色：%(r)s") % {"r": role}, code="role_unknown")
    with transaction.atomic():
        grant, created = RoleGrant.objects.get_or_create(user=user, role=role, unit=unit)
        if created:
            audit_log(
                actor=actor,
                action="role.grant",
                obj=user,
                unit_id=unit.pk,
                after={"role": role, "unit_id": unit.pk},
            )
    user.__dict__.pop("_gaoxin_grants", None)
    return grant


def role_revoke(*, actor: User | None, grant: RoleGrant) -> None:
    with transaction.atomic():
        audit_log(
            actor=actor,
            action="role.revoke",
            obj=grant.user,
            unit_id=grant.unit_id,
            before={"role": grant.role, "unit_id": grant.unit_id},
        )
        grant.delete()


def user_set_password(*, actor: User, user: User, password: str) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise DomainError("；".join(exc.messages), code="weak_password") from exc
    with transaction.atomic():
        user.set_password(password)
        user.must_change_password = False
        user.save(update_fields=["password", "must_change_password"])
        audit_log(actor=actor, action="user.set_password", obj=user)
