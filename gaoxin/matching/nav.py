from typing import cast

from django.utils.translation import gettext_lazy

from gaoxin.core.nav import NavItem


def _(text: str) -> str:
    return cast(str, gettext_lazy(text))  # translated when the menu renders


S = _("足迹")
NAV = [
    NavItem(section=S, label=_("企业需求"), url_name="matching:needs", action="matching.need.view", icon="lightbulb", order=40),
    NavItem(section=S, label=_("资源库"), url_name="matching:resources", action="matching.resource.view", icon="box-seam", order=40),
    NavItem(section=S, label=_("转介队列"), url_name="matching:referrals", action="matching.referral.receive", icon="arrow-left-right", order=40),
    NavItem(section=S, label=_("服务足迹"), url_name="matching:trail", action="matching.figures.view", icon="geo-alt", order=40),
    NavItem(section=S, label=_("创业活动"), url_name="matching:events", action="matching.figures.view", icon="calendar-event", order=40),
    NavItem(section=S, label=_("基地网络"), url_name="matching:bases", action="matching.base.view", icon="diagram-3", order=40),
    NavItem(section=S, label=_("基地统计"), url_name="matching:figures", action="matching.figures.view", icon="bar-chart", order=40),
]  # fmt: skip
