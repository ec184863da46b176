"""Excel import of the enterprise list, keyed by USCC (same code = update)."""

from __future__ import annotations

import re
import time
from collections import defaultdict
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from gaoxin.core.errors import DomainError
from gaoxin.core.excel import Column, Importer, RowError, register
from gaoxin.core.models import Unit
from gaoxin.core.permissions import can, target_for_unit
from gaoxin.enterprises.enums import EnterpriseSize
from gaoxin.enterprises.models import Enterprise, Industry
from gaoxin.enterprises.names import name_key
from gaoxin.enterprises.services import clean_uscc, enterprise_upsert_by_uscc

_CACHE_SECONDS = 60
MAX_NAME_WARNINGS = 50  # near-duplicate names listed one by one; more are counted


class EnterpriseImporter(Importer):
    key = "enterprises"
    title = gettext_noop("企业名录")  # translated where it is shown
    action = "enterprises.enterprise.manage"
    natural_key = ("uscc",)
    columns = [
        Column("name", "企业名称", required=True, example="聊城市四维自动化科技有限公司"),
        Column("uscc", "统一社会信用代码", required=True, example="91371500MA3C4D5E6F", help="18 位，含校验位"),
        Column("industry", "行业代码", example="34", help="GB/T 4754-2017 门类字母或大类/中类/小类数字代码"),
        Column("unit", "属地单位", example="科技创新局", help="系统中的单位名称；留空为导入人所在单位"),
        Column("address", "地址", example="聊城高新区长江路 111 号"),
        Column("registered_on", "成立日期", type="date", example="2018-05-20"),
        Column(
            "size",
            "企业规模",
            type="choice",
            choices={str(label): value for value, label in EnterpriseSize.choices},
            example="小型",
        ),
        Column("tags", "标签", example="高端装备、智能制造", help="以顿号或逗号分隔"),
        Column("description", "简介"),
    ]

    def __init__(self) -> None:
        self._cache: tuple[float, dict[str, Industry], dict[str, Unit]] | None = None

    def _lookups(self) -> tuple[dict[str, Industry], dict[str, Unit]]:
        now = time.monotonic()
        if self._cache is None or now - self._cache[0] > _CACHE_SECONDS:
            industries = {i.code: i for i in Industry.objects.all()}
            units = {u.name: u for u in Unit.objects.select_related("region").filter(is_active=True)}
            self._cache = (now, industries, units)
        return self._cache[1], self._cache[2]

    def clean_row(self, values: dict[str, Any], *, actor: Any) -> dict[str, Any]:
        try:
            values["uscc"] = clean_uscc(values["uscc"])
        except DomainError as exc:
            raise RowError("uscc", exc.message) from None
        industries, units = self._lookups()
        if values.get("industry"):
            code = values["industry"].upper()
            if code not in industries:
                raise RowError("industry", _("行业代码 %(c)s 不存在") % {"c": code})
            values["industry"] = industries[code]
        if values.get("unit"):
            unit = units.get(values["unit"])
            if unit is None:
                raise RowError("unit", _("单位“%(u)s”不存在") % {"u": values["unit"]})
            values["unit"] = unit
        else:
            values["unit"] = getattr(actor, "unit", None)
        target = target_for_unit(values["unit"]) if values["unit"] is not None else None
        if not can(actor, self.action, target):
            raise RowError("unit", _("您无权在该单位登记企业"))
        values["tags"] = [t for t in re.split(r"[、,，;；\s]+", values.get("tags") or "") if t]
        for key in ("address", "description"):
            values[key] = values.get(key) or ""
        values["size"] = values.get("size") or ""
        return values

    def row_warnings(self, rows: list[tuple[int, dict[str, Any]]]) -> list[str]:
        """Rows whose name is near-identical (enterprises.names.name_key) to another row's or to a
        registered enterprise's under another USCC: probably one enterprise twice, or a typo in
        a code. One read of the register per 900 names."""
        by_key: dict[str, list[tuple[int, dict[str, Any]]]] = defaultdict(list)
        for number, row in rows:
            key = name_key(row["name"])
            if key:
                by_key[key].append((number, row))
        found: list[tuple[int, str]] = []
        for group in by_key.values():
            first_number, first = group[0]
            for number, row in group[1:]:
                if row["uscc"] != first["uscc"]:
                    found.append(
                        (
                            number,
                            _(
                                "第 %(r)s 行：企业名称与第 %(p)s 行的“%(n)s”几乎相同，统一社会信用代码却不同，请确认不是同一家企业。"
                            )
                            % {"r": number, "p": first_number, "n": first["name"]},
                        )
                    )
        keys = list(by_key)
        for start in range(0, len(keys), 900):
            stored = Enterprise.objects.filter(name_key__in=keys[start : start + 900]).order_by("pk")
            for key, name, uscc in stored.values_list("name_key", "name", "uscc"):
                for number, row in by_key[key]:
                    if row["uscc"] != uscc:
                        found.append(
                            (
                                number,
                                _("第 %(r)s 行：企业名称与已登记的“%(n)s”（%(u)s）几乎相同，请确认不是同一家企业。")
                                % {"r": number, "n": name, "u": uscc or _("无信用代码")},
                            )
                        )
        found.sort(key=lambda f: f[0])
        out = [message for _number, message in found[:MAX_NAME_WARNINGS]]
        if len(found) > MAX_NAME_WARNINGS:
            out.append(_("另有 %(n)s 行的企业名称与其他企业几乎相同。") % {"n": len(found) - MAX_NAME_WARNINGS})
        return out

    def existing_keys(self, keys: list[tuple[Any, ...]]) -> set[tuple[Any, ...]]:
        codes = [k[0] for k in keys]
        found: set[tuple[Any, ...]] = set()
        for start in range(0, len(codes), 900):
            chunk = codes[start : start + 900]
            found.update((c,) for c in Enterprise.objects.filter(uscc__in=chunk).values_list("uscc", flat=True))
        return found

    def upsert(self, rows: list[dict[str, Any]], *, actor: Any) -> tuple[int, int]:
        created = updated = 0
        for row in rows:
            fields = {k: v for k, v in row.items() if k not in {"uscc", "name"}}
            fields["region"] = row["unit"].region if row["unit"] is not None else None
            result = enterprise_upsert_by_uscc(actor=actor, uscc=row["uscc"], name=row["name"], **fields)
            if result.created:
                created += 1
            else:
                updated += 1
        return created, updated


register(EnterpriseImporter())
