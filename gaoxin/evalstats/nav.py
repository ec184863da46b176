from django.utils.translation import gettext_lazy as _

from gaoxin.core.nav import NavItem

NAV = [
    NavItem(
        section=_("好差评"),
        label=_("评价统计"),
        url_name="evalstats:overview",
        action="evalstats.stats.view",
        icon="bar-chart-line",
        order=20,
    ),
    NavItem(
        section=_("好差评"),
        label=_("异常线索"),
        url_name="evalstats:integrity",
        action="evalstats.integrity.view",
        icon="shield-exclamation",
        order=20,
    ),
]
