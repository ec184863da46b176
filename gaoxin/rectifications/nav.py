from django.utils.translation import gettext_lazy as _

from gaoxin.core.nav import NavItem

NAV = [
    NavItem(
        section=_("好差评"),
        label=_("差评整改台账"),
        url_name="rectifications:ledger",
        action="rectifications.order.view",
        icon="clipboard-check",
        order=20,
    ),
    NavItem(
        section=_("好差评"),
        label=_("群众反映问题"),
        url_name="rectifications:topics",
        action="rectifications.order.view",
        icon="chat-left-text",
        order=20,
    ),
]
