from typing import cast

from django.utils.translation import gettext_lazy

from gaoxin.core.nav import NavItem


def _(text: str) -> str:
    return cast(str, gettext_lazy(text))  # translated when the menu renders


NAV = [
    NavItem(
        section=_("企业服务"),
        label=_("企业名录"),
        url_name="enterprises:list",
        action="enterprises.enterprise.view",
        icon="building",
        order=50,
    ),
]
