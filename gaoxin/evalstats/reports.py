"""Reports: the monthly 好差评 report (Word: `wordml`, in python-docx's default package) for a hall
or the zone, and the public quarterly workbook (xlsx: `sheetml`). Charts are table bars (█),
which Word renders everywhere."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.core.models import Region
from gaoxin.evalstats.selectors import Figures, figures_by, good_rate_formula, period_label, ranking, region_figures
from gaoxin.evalstats.sheetml import workbook
from gaoxin.evalstats.wordml import WordDocument


def _rate(v: float | None) -> str:
    return "—" if v is None else f"{v:.2f}%"


def _bar(value: float | None, width: int = 20) -> str:
    if not value:
        return ""
    return "█" * max(1, round(width * value / 100))


def monthly_figures(user, *, region: Region, ref: date, hall_id: int | None = None) -> dict:
    formula = good_rate_formula(region)
    if hall_id:
        halls = figures_by(user, dimension="hall", period="month", ref=ref, region=region, formula=formula)
        total = next((h for h in halls if h.key_id == hall_id), Figures(key_id=hall_id, formula=formula))
    else:
        total = region_figures(user, region=region, period="month", ref=ref, formula=formula)
    departments = figures_by(user, dimension="department", period="month", ref=ref, region=region, formula=formula)
    windows = figures_by(user, dimension="window", period="month", ref=ref, region=region, formula=formula)
    return {
        "total": total,
        "departments": ranking(departments, by="good_rate"),
        "windows_bad": ranking(windows, by="bad_rate"),
        "formula": formula,
    }


def monthly_docx(user, *, region: Region, ref: date, hall_id: int | None = None, title: str = "") -> bytes:
    from gaoxin.rectifications.models import WorkOrder

    data = monthly_figures(user, region=region, ref=ref, hall_id=hall_id)
    t: Figures = data["total"]
    doc = WordDocument()
    doc.heading(
        title or _("%(r)s政务服务“好差评”月报（%(p)s）") % {"r": region.name, "p": period_label("month", ref)}, 0
    )
    doc.paragraph(_("生成时间：%(t)s") % {"t": f"{timezone.localtime():%Y-%m-%d %H:%M}"})
    doc.heading(_("一、总体情况"), 1)
    doc.table(
        [
            [_("有效评价数"), str(t.valid)],
            [_("非常满意 / 满意 / 基本满意 / 不满意 / 非常不满意"), " / ".join(str(x) for x in t.distribution)],
            [_("好评率"), _rate(t.good_rate)],
            [_("差评数 / 差评率"), f"{t.bad} / {_rate(t.bad_rate)}"],
            [_("主动评价率（样本：办结办件 %(n)s 件）") % {"n": t.cases_completed}, _rate(t.active_rate)],
            [_("实名差评回访率"), _rate(t.callback_rate)],
            [_("差评整改率 / 按时整改率"), f"{_rate(t.fix_rate)} / {_rate(t.on_time_rate)}"],
            [_("申诉：提出 / 成立 / 驳回"), f"{t.appeals_filed} / {t.appeals_upheld} / {t.appeals_rejected}"],
            [_("默认评价（不计入好评率）"), str(t.defaults)],
        ],
        cols=2,
    )
    doc.heading(_("二、部门好评率排名"), 1)
    doc.table(
        [
            [_("部门"), _("评价数"), _("好评率"), ""],
            *([f.name, str(f.valid), _rate(f.good_rate), _bar(f.good_rate)] for f in data["departments"]),
        ],
        cols=4,
    )
    doc.heading(_("三、窗口差评率排名"), 1)
    doc.table(
        [
            [_("窗口"), _("评价数"), _("差评率"), ""],
            *([f.name, str(f.valid), _rate(f.bad_rate), _bar(f.bad_rate)] for f in data["windows_bad"]),
        ],
        cols=4,
    )
    doc.heading(_("四、差评及整改情况"), 1)
    first = ref.replace(day=1)
    orders = WorkOrder.objects.filter(
        region__path__startswith=region.path,
        opened_at__date__gte=first,
        opened_at__date__lt=date(first.year + first.month // 12, first.month % 12 + 1, 1),
    )
    if hall_id:
        orders = orders.filter(hall_id=hall_id)
    orders = orders.select_related("department").order_by("opened_at", "pk")  # ties in a stable order
    rows = [
        [
            o.number,
            o.department.name,
            str(o.get_status_display()),
            str(o.get_fix_mode_display()) if o.fix_mode else "",
            str(o.get_outcome_display()) if o.outcome else "",
        ]
        for o in orders
    ]
    doc.table([[_("工单"), _("责任单位"), _("状态"), _("整改方式"), _("结果")], *rows], cols=5)
    if not rows:
        doc.paragraph(_("本月无差评。"))
    return bytes(doc)


def quarterly_xlsx(payload_rows: dict) -> bytes:
    """The public quarterly workbook from public figures (no personal data)."""
    head = [
        _("名称"),
        _("有效评价"),
        _("非常满意"),
        _("满意"),
        _("基本满意"),
        _("不满意"),
        _("非常不满意"),
        _("好评率%"),
        _("差评率%"),
        _("整改率%"),
        _("按时整改率%"),
    ]
    fields = ("name", "valid", "l5", "l4", "l3", "l2", "l1", "good_rate", "bad_rate", "fix_rate", "on_time_rate")
    return workbook(
        [
            (title, [head, *([r[f] for f in fields] for r in rows)])
            for title, rows in ((_("部门"), payload_rows["departments"]), (_("事项"), payload_rows["items"]))
        ]
    )
