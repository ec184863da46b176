"""Enterprise writes: create, update, upsert by USCC, qualifications, members."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.core.audit import audit_log, snapshot
from gaoxin.core.errors import Conflict, DomainError
from gaoxin.core.models import Region, Unit, User
from gaoxin.core.validators import USCC_ALPHABET, uscc_check_char, validate_uscc
from gaoxin.enterprises.enums import EnterpriseSize, QualificationKind
from gaoxin.enterprises.models import Enterprise, EnterpriseMember, Industry, Qualification
from gaoxin.enterprises.names import name_key

EDITABLE = ("name", "uscc", "industry", "region", "unit", "address", "registered_on", "size", "tags", "description")


@dataclass
class UpsertResult:
    enterprise: Enterprise
    created: bool
    warnings: list[str] = field(default_factory=list)


def clean_uscc(value: str | None) -> str | None:
    if value is None or not str(value).strip():
        return None
    try:
        return validate_uscc(str(value))
    except ValidationError as exc:
        message = exc.messages[0]
        code = str(value).strip().upper()
        if len(code) == 18 and all(c in USCC_ALPHABET for c in code[:17]) and code[2:8].isdigit():
            # only the check character is wrong (even if not an allowed character): name the expected one
            expected = uscc_check_char(code[:17])
            if not message.startswith(_("统一社会信用代码校验位错误")):
                message = _("%(m)s；按前 17 位计算，第 18 位应为 %(e)s") % {"m": message, "e": expected}
        raise DomainError(message, code="uscc_invalid") from None


def similar_name_warnings(name: str, *, exclude_pk: int | None = None) -> list[str]:
    key = name_key(name)
    if not key:
        return []
    others = Enterprise.objects.filter(name_key=key)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    return [
        _("名称与已登记的“%(n)s”（%(u)s）几乎相同，请确认不是同一家企业。")
        % {"n": o.name, "u": o.uscc or _("无信用代码")}
        for o in others.order_by("pk")[:3]
    ]


def _clean(fields: dict[str, Any], *, instance: Enterprise | None) -> dict[str, Any]:
    errors: list[str] = []
    data = dict(fields)
    if "name" in data:
        data["name"] = " ".join(str(data["name"] or "").split())
        if not data["name"]:
            errors.append(_("请填写企业名称"))
        elif len(data["name"]) > 200:
            errors.append(_("企业名称过长（最多 200 字）"))
    if "uscc" in data:
        try:
            data["uscc"] = clean_uscc(data["uscc"])
        except DomainError as exc:
            errors.append(exc.message)
        else:
            if data["uscc"]:
                clash = Enterprise.objects.filter(uscc=data["uscc"])
                if instance is not None:
                    clash = clash.exclude(pk=instance.pk)
                other = clash.first()
                if other is not None:
                    raise Conflict(
                        _("统一社会信用代码 %(c)s 已登记为“%(n)s”") % {"c": data["uscc"], "n": other.name},
                        code="uscc_taken",
                    )
    if data.get("size") and data["size"] not in EnterpriseSize.values:
        errors.append(_("企业规模无效"))
    if data.get("registered_on") and data["registered_on"] > timezone.localdate():
        errors.append(_("成立日期不能晚于今天"))
    if data.get("industry") is not None and not isinstance(data["industry"], Industry):
        errors.append(_("所属行业无效"))
    if "tags" in data:
        data["tags"] = sorted({str(t).strip() for t in (data["tags"] or []) if str(t).strip()})
    if data.get("unit") is not None and data.get("region") is None:
        data["region"] = data["unit"].region
    if errors:
        raise DomainError("；".join(errors), code="enterprise_invalid", details=errors)
    return data


def enterprise_create(
    *,
    actor: User | None,
    name: str,
    uscc: str | None = None,
    industry: Industry | None = None,
    region: Region | None = None,
    unit: Unit | None = None,
    address: str = "",
    registered_on: date | None = None,
    size: str = "",
    tags: list[str] | None = None,
    description: str = "",
) -> Enterprise:
    data = _clean(
        {
            "name": name,
            "uscc": uscc,
            "industry": industry,
            "region": region,
            "unit": unit,
            "address": address,
            "registered_on": registered_on,
            "size": size,
            "tags": tags or [],
            "description": description,
        },
        instance=None,
    )
    with transaction.atomic():
        enterprise = Enterprise.objects.create(**data, name_key=name_key(data["name"]))
        audit_log(actor=actor, action="enterprise.create", obj=enterprise, after=snapshot(enterprise, list(EDITABLE)))
    return enterprise


def enterprise_update(*, actor: User | None, enterprise: Enterprise, **fields: Any) -> Enterprise:
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    data = _clean(fields, instance=enterprise)
    with transaction.atomic():
        before = snapshot(enterprise, list(EDITABLE))
        for key, value in data.items():
            setattr(enterprise, key, value)
        enterprise.name_key = name_key(enterprise.name)
        enterprise.save()
        after = snapshot(enterprise, list(EDITABLE))
        changed = {k for k in after if after[k] != before[k]}
        if changed:
            audit_log(
                actor=actor,
                action="enterprise.update",
                obj=enterprise,
                before={k: before[k] for k in sorted(changed)},
                after={k: after[k] for k in sorted(changed)},
            )
    return enterprise


def enterprise_upsert_by_uscc(*, actor: User | None, uscc: str, name: str, **fields: Any) -> UpsertResult:
    """Same USCC → update that enterprise; otherwise create. Warns on near-identical names."""
    code = clean_uscc(uscc)
    if code is None:
        raise DomainError(_("请填写统一社会信用代码"), code="uscc_required")
    with transaction.atomic():
        existing = Enterprise.objects.select_for_update().filter(uscc=code).first()
        warnings = similar_name_warnings(name, exclude_pk=existing.pk if existing else None)
        if existing is None:
            enterprise = enterprise_create(actor=actor, name=name, uscc=code, **fields)
            return UpsertResult(enterprise, True, warnings)
        enterprise = enterprise_update(actor=actor, enterprise=existing, name=name, **fields)
        return UpsertResult(enterprise, False, warnings)


def qualification_add(
    *,
    actor: User | None,
    enterprise: Enterprise,
    kind: str,
    valid_from: date,
    valid_to: date | None = None,
    certificate_no: str = "",
) -> Qualification:
    errors = []
    if kind not in QualificationKind.values:
        errors.append(_("资质类型无效"))
    if valid_from is None:
        errors.append(_("请填写生效日期"))
    elif valid_to is not None and valid_to < valid_from:
        errors.append(_("有效期至不能早于生效日期"))
    if errors:
        raise DomainError("；".join(errors), code="qualification_invalid", details=errors)
    with transaction.atomic():
        if Qualification.objects.filter(enterprise=enterprise, kind=kind, valid_from=valid_from).exists():
            raise Conflict(_("该企业已登记同一生效日期的此项资质"), code="qualification_exists")
        qualification = Qualification.objects.create(
            enterprise=enterprise,
            kind=kind,
            valid_from=valid_from,
            valid_to=valid_to,
            certificate_no=(certificate_no or "").strip()[:64],
        )
        audit_log(
            actor=actor,
            action="enterprise.qualification_add",
            obj=qualification,
            unit_id=enterprise.unit_id,
            after=snapshot(qualification),
        )
    return qualification


def enterprise_member_add(*, actor: User | None, enterprise: Enterprise, user: User) -> EnterpriseMember:
    with transaction.atomic():
        if EnterpriseMember.objects.filter(user=user, enterprise=enterprise).exists():
            raise Conflict(_("%(u)s 已是该企业的企业用户") % {"u": user}, code="member_exists")
        member = EnterpriseMember.objects.create(user=user, enterprise=enterprise)
        audit_log(
            actor=actor,
            action="enterprise.member_add",
            obj=member,
            unit_id=enterprise.unit_id,
            after={"user": user.pk, "enterprise": enterprise.pk},
        )
    if hasattr(user, "_gaoxin_enterprises"):
        del user._gaoxin_enterprises  # type: ignore[attr-defined]
    return member
