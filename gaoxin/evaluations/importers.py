"""Excel importers of the intake organisation: halls, windows, staff and service items.

Registered with gaoxin.core.excel (generic pages: template, dry run, all-or-nothing commit,
error report). Rows are checked in clean_row; writes go through the evaluations services.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from gaoxin.core.enums import Role, UnitKind
from gaoxin.core.excel import Column, Importer, RowError, register
from gaoxin.core.models import Unit, User
from gaoxin.core.permissions import can, target_for_unit
from gaoxin.evaluations.enums import HallKind, ItemKind
from gaoxin.evaluations.models import Hall, ServiceItem, Staff, Window
from gaoxin.evaluations.services import (
    hall_create,
    hall_update,
    item_create,
    item_update,
    staff_create,
    staff_update,
    window_create,
    window_update,
)


def _unit(name: str, column: str, *, kind: str | None = None) -> Unit:
    qs = Unit.objects.select_related("region").filter(is_active=True)
    if kind:
        qs = qs.filter(kind=kind)
    unit = qs.filter(name=name).first() or qs.filter(short_name=name).first()
    if unit is None:
        raise RowError(column, _("单位“%(u)s”不存在") % {"u": name})
    return unit


def _hall(code: str) -> Hall:
    hall = Hall.objects.select_related("unit__region").filter(code=code).first()
    if hall is None:
        raise RowError("hall", _("大厅编码 %(c)s 不存在") % {"c": code})
    return hall


def _may(actor: Any, action: str, unit: Unit, column: str) -> None:
    if not can(actor, action, target_for_unit(unit)):
        raise RowError(column, _("您无权管理“%(u)s”") % {"u": unit.name})


class HallImporter(Importer):
    key = "evaluations-halls"
    title = gettext_noop("政务服务大厅")  # translated where it is shown
    action = "evaluations.hall.manage"
    natural_key = ("code",)
    columns = [
        Column("code", "大厅编码", required=True, example="GXZWDT"),
        Column("unit", "所属单位", required=True, example="聊城高新区政务服务大厅", help="系统中“政务服务大厅”类单位"),
        Column("name", "大厅名称", example="聊城高新区政务服务大厅", help="留空同单位名称"),
        Column(
            "kind", "类型", type="choice", choices={str(lbl): v for v, lbl in HallKind.choices}, example="政务服务大厅"
        ),
        Column("address", "地址", example="聊城高新区黄河路 1 号"),
    ]

    def clean_row(self, values: dict[str, Any], *, actor: Any) -> dict[str, Any]:
        values["unit"] = _unit(values["unit"], "unit", kind=UnitKind.HALL)
        _may(actor, self.action, values["unit"], "unit")
        values["kind"] = values.get("kind") or HallKind.CENTER
        values["name"] = values.get("name") or ""
        values["address"] = values.get("address") or ""
        return values

    def existing_keys(self, keys: list[tuple[Any, ...]]) -> set[tuple[Any, ...]]:
        return {(c,) for c in Hall.objects.filter(code__in=[k[0] for k in keys]).values_list("code", flat=True)}

    def upsert(self, rows: list[dict[str, Any]], *, actor: Any) -> tuple[int, int]:
        created = updated = 0
        for row in rows:
            hall = Hall.objects.select_related("unit__region").filter(code=row["code"]).first()
            if hall is None:
                hall_create(
                    actor=actor,
                    unit=row["unit"],
                    code=row["code"],
                    name=row["name"],
                    kind=row["kind"],
                    address=row["address"],
                )
                created += 1
            else:
                changes = {"kind": row["kind"], "address": row["address"]}
                if row["name"]:
                    changes["name"] = row["name"]
                hall_update(actor=actor, hall=hall, **changes)
                updated += 1
        return created, updated


class WindowImporter(Importer):
    key = "evaluations-windows"
    title = gettext_noop("窗口")  # translated where it is shown
    action = "evaluations.window.manage"
    natural_key = ("hall", "number")
    columns = [
        Column("hall", "大厅编码", required=True, example="GXZWDT"),
        Column("number", "窗口号", required=True, example="1"),
        Column("name", "窗口名称", required=True, example="企业开办"),
        Column("department", "进驻部门", required=True, example="市场监管局"),
    ]

    def clean_row(self, values: dict[str, Any], *, actor: Any) -> dict[str, Any]:
        values["hall"] = _hall(values["hall"])
        _may(actor, self.action, values["hall"].unit, "hall")
        values["department"] = _unit(values["department"], "department")
        values["number"] = str(values["number"]).strip()
        return values

    def key_of(self, row: dict[str, Any]) -> tuple[Any, ...]:
        hall = row.get("hall")
        return (hall.code if isinstance(hall, Hall) else hall, row.get("number"))

    def existing_keys(self, keys: list[tuple[Any, ...]]) -> set[tuple[Any, ...]]:
        found = Window.objects.filter(hall__code__in={k[0] for k in keys}).values_list("hall__code", "number")
        return set(found) & set(keys)

    def upsert(self, rows: list[dict[str, Any]], *, actor: Any) -> tuple[int, int]:
        created = updated = 0
        for row in rows:
            window = (
                Window.objects.select_related("hall__unit__region")
                .filter(hall=row["hall"], number=row["number"])
                .first()
            )
            if window is None:
                window_create(
                    actor=actor, hall=row["hall"], number=row["number"], name=row["name"], department=row["department"]
                )
                created += 1
            else:
                window_update(actor=actor, window=window, name=row["name"], department=row["department"])
                updated += 1
        return created, updated


class StaffImporter(Importer):
    key = "evaluations-staff"
    title = gettext_noop("窗口人员")  # translated where it is shown
    action = "evaluations.staff.manage"
    natural_key = ("username",)
    columns = [
        Column("username", "登录名", required=True, example="zhangsan"),
        Column("display_name", "姓名", required=True, example="张三"),
        Column("hall", "大厅编码", required=True, example="GXZWDT"),
        Column("window", "窗口号", example="1"),
        Column("job_number", "工号", example="DT001"),
        Column("phone", "手机号", example="13800000000"),
        Column("password", "初始密码", help="新建账号时必填（至少 10 位），已有账号忽略"),
    ]

    def clean_row(self, values: dict[str, Any], *, actor: Any) -> dict[str, Any]:
        values["hall"] = _hall(values["hall"])
        _may(actor, self.action, values["hall"].unit, "hall")
        window = None
        if values.get("window"):
            window = Window.objects.filter(hall=values["hall"], number=str(values["window"]).strip()).first()
            if window is None:
                raise RowError("window", _("该大厅没有 %(n)s 号窗口") % {"n": values["window"]})
        values["window"] = window
        values["user"] = User.objects.filter(username=values["username"]).first()
        if values["user"] is None and len(values.get("password") or "") < 10:
            raise RowError("password", _("新建账号须填写至少 10 位的初始密码"))
        for key in ("job_number", "phone", "password"):
            values[key] = values.get(key) or ""
        return values

    def existing_keys(self, keys: list[tuple[Any, ...]]) -> set[tuple[Any, ...]]:
        names = [k[0] for k in keys]
        return {(u,) for u in Staff.objects.filter(user__username__in=names).values_list("user__username", flat=True)}

    def upsert(self, rows: list[dict[str, Any]], *, actor: Any) -> tuple[int, int]:
        from gaoxin.core.services import user_create

        created = updated = 0
        for row in rows:
            user = row["user"] or user_create(
                actor=actor,
                username=row["username"],
                password=row["password"],
                display_name=row["display_name"],
                unit=row["hall"].unit,
                roles=[Role.WINDOW_STAFF],
                phone=row["phone"],
            )
            staff = Staff.objects.select_related("hall__unit__region").filter(user=user).first()
            if staff is None:
                staff_create(
                    actor=actor, user=user, hall=row["hall"], window=row["window"], job_number=row["job_number"]
                )
                created += 1
            else:
                staff_update(actor=actor, staff=staff, window=row["window"], job_number=row["job_number"])
                updated += 1
        return created, updated


class ItemImporter(Importer):
    key = "evaluations-items"
    title = gettext_noop("政务服务事项")  # translated where it is shown
    action = "evaluations.item.manage"
    natural_key = ("code",)
    columns = [
        Column("code", "事项编码", required=True, example="11371500MB2800001"),
        Column("name", "事项名称", required=True, example="企业设立登记"),
        Column("department", "实施部门", required=True, example="市场监管局"),
        Column(
            "kind", "办件类型", type="choice", choices={str(lbl): v for v, lbl in ItemKind.choices}, example="承诺件"
        ),
        Column("time_limit_days", "承诺时限（工作日）", type="int", example="3"),
        Column("is_zero_trip", "零跑腿", type="bool", example="是"),
        Column("is_one_go", "一次办好", type="bool", example="是"),
        Column("is_online", "网上可办", type="bool", example="是"),
    ]

    def clean_row(self, values: dict[str, Any], *, actor: Any) -> dict[str, Any]:
        values["department"] = _unit(values["department"], "department")
        _may(actor, self.action, values["department"], "department")
        values["kind"] = values.get("kind") or ItemKind.IMMEDIATE
        values["time_limit_days"] = values.get("time_limit_days") or 0
        if values["kind"] == ItemKind.PROMISED and values["time_limit_days"] <= 0:
            raise RowError("time_limit_days", _("承诺件须填写承诺时限（工作日）"))
        for key in ("is_zero_trip", "is_one_go", "is_online"):
            values[key] = bool(values.get(key))
        return values

    def existing_keys(self, keys: list[tuple[Any, ...]]) -> set[tuple[Any, ...]]:
        codes = [k[0] for k in keys]
        found: set[tuple[Any, ...]] = set()
        for start in range(0, len(codes), 900):
            chunk = codes[start : start + 900]
            found.update((c,) for c in ServiceItem.objects.filter(code__in=chunk).values_list("code", flat=True))
        return found

    def upsert(self, rows: list[dict[str, Any]], *, actor: Any) -> tuple[int, int]:
        created = updated = 0
        existing = {i.code: i for i in ServiceItem.objects.filter(code__in=[r["code"] for r in rows])}
        for row in rows:
            fields = {
                k: row[k]
                for k in ("name", "department", "kind", "time_limit_days", "is_zero_trip", "is_one_go", "is_online")
            }
            item = existing.get(row["code"])
            if item is None:
                item_create(actor=actor, code=row["code"], **fields)
                created += 1
            else:
                item_update(actor=actor, item=item, **fields)
                updated += 1
        return created, updated


for _importer in (HallImporter(), WindowImporter(), StaffImporter(), ItemImporter()):
    register(_importer)
