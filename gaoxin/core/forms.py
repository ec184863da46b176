"""Forms of the core admin pages: import upload, calendar year, API token, audit filters."""

from __future__ import annotations

import re
from datetime import date, timedelta

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from gaoxin.core.calendar import DaySpec
from gaoxin.core.enums import CalendarDayKind

KIND_WORDS = {
    "holiday": CalendarDayKind.HOLIDAY,
    "节假日": CalendarDayKind.HOLIDAY,
    "法定节假日": CalendarDayKind.HOLIDAY,
    "休": CalendarDayKind.HOLIDAY,
    "放假": CalendarDayKind.HOLIDAY,
    "workday": CalendarDayKind.WORKDAY,
    "调休上班": CalendarDayKind.WORKDAY,
    "上班": CalendarDayKind.WORKDAY,
    "班": CalendarDayKind.WORKDAY,
    "调休": CalendarDayKind.WORKDAY,
}
_LINE = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2})(?:\s*(?:~|～|至|--|—)\s*(\d{4}-\d{1,2}-\d{1,2}))?\s+(\S+)(?:\s+(.+))?$")
SCOPE_RE = re.compile(r"^[a-z0-9_.:*-]{1,64}$")


def parse_calendar_lines(text: str) -> tuple[list[DaySpec], list[str]]:
    """Lines like "2027-01-01 holiday 元旦" or "2027-10-01~2027-10-07 节假日 国庆节" → days, errors."""
    days: list[DaySpec] = []
    errors: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip().replace("\u3000", " ")
        if not line or line.startswith("#"):
            continue
        match = _LINE.match(line)
        if not match:
            errors.append(
                _("第 %(n)s 行格式不正确：“%(l)s”（应为“2027-01-01 节假日 元旦”）") % {"n": number, "l": line[:40]}
            )
            continue
        start_s, end_s, kind_s, name = match.groups()
        kind = KIND_WORDS.get(kind_s.lower())
        if kind is None:
            errors.append(_("第 %(n)s 行的类型“%(k)s”无法识别（应为 节假日 或 调休上班）") % {"n": number, "k": kind_s})
            continue
        try:
            start = date.fromisoformat("-".join(f"{int(p):02d}" for p in start_s.split("-")))
            end = date.fromisoformat("-".join(f"{int(p):02d}" for p in end_s.split("-"))) if end_s else start
        except ValueError:
            errors.append(_("第 %(n)s 行的日期无效") % {"n": number})
            continue
        if end < start or (end - start).days > 31:
            errors.append(_("第 %(n)s 行的日期范围无效") % {"n": number})
            continue
        day = start
        while day <= end:
            days.append(DaySpec(day, kind, (name or "").strip()[:50]))
            day += timedelta(days=1)
    return days, errors


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_l("Excel 文件（.xlsx）"),
        error_messages={
            "empty": _l("文件为空。"),
            "required": _l("请选择要上传的 Excel 文件。"),
            "invalid": _l("没有收到文件，请重新选择。"),
        },
    )


class CalendarYearForm(forms.Form):
    year = forms.IntegerField(label=_l("年份"), min_value=2000, max_value=2100)
    source = forms.CharField(label=_l("依据"), max_length=200, help_text=_l("如：国办发明电〔2026〕X号"))
    lines = forms.CharField(
        label=_l("节假日与调休上班日"),
        widget=forms.Textarea(attrs={"rows": 14, "class": "font-monospace"}),
        help_text=_l(
            "每行一条：日期（或“起~止”） 类型（节假日/调休上班） 名称，例如 2027-10-01~2027-10-07 节假日 国庆节"
        ),
    )

    def clean(self) -> dict:
        data = super().clean() or {}
        if "lines" in data:
            days, errors = parse_calendar_lines(data["lines"])
            if errors:
                raise forms.ValidationError(errors)
            data["days"] = days
        return data


class TokenIssueForm(forms.Form):
    name = forms.CharField(label=_l("名称"), max_length=100)
    scopes = forms.CharField(
        label=_l("权限范围"), max_length=500, help_text=_l("以逗号或空格分隔，如 enterprises.read；* 表示全部")
    )
    username = forms.CharField(label=_l("代表用户（可选）"), max_length=150, required=False)
    expires_on = forms.DateField(
        label=_l("过期日期（可选）"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_scopes(self) -> list[str]:
        scopes = [s for s in re.split(r"[\s,，]+", self.cleaned_data["scopes"]) if s]
        bad = [s for s in scopes if not SCOPE_RE.match(s)]
        if bad or not scopes:
            raise forms.ValidationError(_("权限范围无效：%(b)s") % {"b": "、".join(bad) or _("（空）")})
        return scopes


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_l("操作人"), required=False)
    action = forms.CharField(label=_l("操作"), required=False)
    object_type = forms.CharField(label=_l("对象类型"), required=False)
    object_id = forms.CharField(label=_l("对象ID"), required=False)
    date_from = forms.DateField(label=_l("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_l("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
