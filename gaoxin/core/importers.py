"""Core importers: the working-day calendar (日期, 类型, 名称) per year."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from gaoxin.core.calendar import DaySpec, calendar_year_set
from gaoxin.core.enums import CalendarDayKind
from gaoxin.core.excel import Column, Importer, RowError, register
from gaoxin.core.models import CalendarDay


class CalendarImporter(Importer):
    key = "calendar"
    title = gettext_noop("工作日历")  # translated where it is shown
    action = "core.calendar.manage"
    natural_key = ("date",)
    columns = [
        Column("date", "日期", type="date", required=True, example="2027-10-01"),
        Column(
            "kind",
            "类型",
            type="choice",
            required=True,
            example="节假日",
            choices={
                "节假日": CalendarDayKind.HOLIDAY,
                "法定节假日": CalendarDayKind.HOLIDAY,
                "调休上班": CalendarDayKind.WORKDAY,
            },
        ),
        Column("name", "名称", example="国庆节", help="节日名称，如 元旦、春节"),
    ]

    def clean_row(self, values: dict[str, Any], *, actor: Any) -> dict[str, Any]:
        if values["kind"] == CalendarDayKind.WORKDAY and values["date"].weekday() < 5:
            raise RowError("kind", _("%(d)s 是周一至周五，不需要登记为调休上班日") % {"d": values["date"]})
        values["name"] = (values.get("name") or "")[:50]
        return values

    def existing_keys(self, keys: list[tuple[Any, ...]]) -> set[tuple[Any, ...]]:
        dates = [k[0] for k in keys]
        return {(d,) for d in CalendarDay.objects.filter(date__in=dates).values_list("date", flat=True)}

    def upsert(self, rows: list[dict[str, Any]], *, actor: Any) -> tuple[int, int]:
        """Each year in the file replaces that year's calendar (calendar_year_set)."""
        by_year: dict[int, list[DaySpec]] = {}
        for row in rows:
            by_year.setdefault(row["date"].year, []).append(DaySpec(row["date"], row["kind"], row["name"]))
        existing = set(CalendarDay.objects.filter(date__in=[r["date"] for r in rows]).values_list("date", flat=True))
        for year, days in sorted(by_year.items()):
            calendar_year_set(actor=actor, year=year, days=days, source=_("Excel 导入"))
        updated = sum(1 for r in rows if r["date"] in existing)
        return len(rows) - updated, updated


register(CalendarImporter())
