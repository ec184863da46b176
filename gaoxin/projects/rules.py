"""Permission rules of the projects domain (see core/permissions.py).

Targets: a project is owned by its responsible unit; an issue's resolution by its assigned
unit; events and trips by their organising unit; peer figures by the zone (region).
"""

from gaoxin.core.enums import Role as R
from gaoxin.core.enums import Scope as S

_VIEW = {R.SYSTEM_ADMIN: S.ALL, R.ZONE_LEADER: S.REGION, R.DEPT_OFFICER: S.REGION}
_UNIT_WRITE = {R.SYSTEM_ADMIN: S.ALL, R.DEPT_OFFICER: S.SUBTREE}

RULES = {
    "projects.project.view": dict(_VIEW),
    # create/edit/import projects, plans, milestones: the responsible unit's officers
    "projects.project.manage": dict(_UNIT_WRITE),
    "projects.stage.move": dict(_UNIT_WRITE),
    "projects.progress.report": dict(_UNIT_WRITE),
    # raise an issue on any project of the zone; leaders too
    "projects.issue.manage": {R.SYSTEM_ADMIN: S.ALL, R.ZONE_LEADER: S.REGION, R.DEPT_OFFICER: S.REGION},
    # resolve: the assigned unit (or a leader)
    "projects.issue.resolve": {R.SYSTEM_ADMIN: S.ALL, R.ZONE_LEADER: S.REGION, R.DEPT_OFFICER: S.SUBTREE},
    "projects.activity.view": dict(_VIEW),
    "projects.activity.manage": dict(_UNIT_WRITE),
    "projects.peer.manage": {R.SYSTEM_ADMIN: S.ALL, R.DEPT_OFFICER: S.REGION},
    "projects.export": dict(_VIEW),
    "projects.bulletin.download": dict(_VIEW),
}
