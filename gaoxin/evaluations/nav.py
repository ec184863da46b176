from django.utils.translation import gettext_lazy as _

from gaoxin.core.nav import NavItem

SECTION = _("好差评")

NAV = [
    NavItem(
        section=SECTION,
        label=_("办件受理"),
        url_name="evaluations:desk",
        action="evaluations.case.manage",
        icon="clipboard-check",
        order=20,
    ),
    NavItem(
        section=SECTION,
        label=_("我的评价"),
        url_name="evaluations:mine",
        action="evaluations.rating.view",
        icon="star-half",
        order=20,
    ),
    NavItem(
        section=SECTION,
        label=_("评价动态"),
        url_name="evaluations:feed",
        action="evaluations.hall.manage",
        icon="activity",
        order=20,
    ),
    NavItem(
        section=SECTION,
        label=_("评价器"),
        url_name="evaluations:devices",
        action="evaluations.device.manage",
        icon="tablet",
        order=20,
    ),
    NavItem(
        section=SECTION,
        label=_("窗口"),
        url_name="evaluations:windows",
        action="evaluations.window.manage",
        icon="grid-3x3-gap",
        order=20,
    ),
    NavItem(
        section=SECTION,
        label=_("窗口人员与二维码"),
        url_name="evaluations:staff",
        action="evaluations.staff.manage",
        icon="qr-code",
        order=20,
    ),
    NavItem(
        section=SECTION,
        label=_("服务事项"),
        url_name="evaluations:items",
        action="evaluations.item.manage",
        icon="list-check",
        order=20,
    ),
]
