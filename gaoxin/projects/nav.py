from typing import cast

from django.utils.translation import gettext_lazy

from gaoxin.core.nav import NavItem


def _(text: str) -> str:
    return cast(str, gettext_lazy(text))  # translated when the menu renders


S = _("项目立区")
NAV = [
    NavItem(
        section=S, label=_("项目库"), url_name="projects:list", action="projects.project.view", icon="kanban", order=40
    ),
    NavItem(
        section=S,
        label=_("招商看板"),
        url_name="projects:pipeline",
        action="projects.project.view",
        icon="columns-gap",
        order=40,
    ),
    NavItem(
        section=S,
        label=_("招商漏斗"),
        url_name="projects:funnel",
        action="projects.project.view",
        icon="funnel",
        order=40,
    ),
    NavItem(
        section=S,
        label=_("月度调度"),
        url_name="projects:progress_board",
        action="projects.project.view",
        icon="calendar-check",
        order=40,
    ),
    NavItem(
        section=S,
        label=_("问题协调"),
        url_name="projects:issues",
        action="projects.project.view",
        icon="exclamation-diamond",
        order=40,
    ),
    NavItem(
        section=S,
        label=_("招商活动"),
        url_name="projects:events",
        action="projects.activity.view",
        icon="megaphone",
        order=40,
    ),
    NavItem(
        section=S,
        label=_("外出招商"),
        url_name="projects:trips",
        action="projects.activity.view",
        icon="airplane",
        order=40,
    ),
    NavItem(
        section=S,
        label=_("排名比较"),
        url_name="projects:rankings",
        action="projects.project.view",
        icon="trophy",
        order=40,
    ),
    NavItem(
        section=S,
        label=_("制造业项目"),
        url_name="projects:manufacturing",
        action="projects.project.view",
        icon="gear-wide-connected",
        order=40,
    ),
]
