"""Permission rules of the core app: {action: {role: scope}} (see core/permissions.py)."""

from gaoxin.core.enums import Role as R
from gaoxin.core.enums import Scope as S

RULES = {
    # Organisation tree and people
    "core.unit.view": {
        R.SYSTEM_ADMIN: S.ALL,
        R.ZONE_LEADER: S.REGION,
        R.DEPT_OFFICER: S.REGION,
        R.HALL_MANAGER: S.REGION,
        R.WINDOW_STAFF: S.REGION,
        R.HANDLER: S.REGION,
        R.INCUBATOR_OPERATOR: S.REGION,
    },
    "core.unit.manage": {R.SYSTEM_ADMIN: S.ALL},
    "core.user.view": {R.SYSTEM_ADMIN: S.ALL, R.ZONE_LEADER: S.REGION, R.HALL_MANAGER: S.SUBTREE},
    "core.user.manage": {R.SYSTEM_ADMIN: S.ALL},
    # Audit trail
    "core.audit.view": {R.SYSTEM_ADMIN: S.ALL, R.ZONE_LEADER: S.REGION},
    "core.audit.export": {R.SYSTEM_ADMIN: S.ALL},
    # Working-day calendar
    "core.calendar.view": {
        R.SYSTEM_ADMIN: S.ALL,
        R.ZONE_LEADER: S.ALL,
        R.DEPT_OFFICER: S.ALL,
        R.HALL_MANAGER: S.ALL,
        R.WINDOW_STAFF: S.ALL,
        R.HANDLER: S.ALL,
        R.INCUBATOR_OPERATOR: S.ALL,
    },
    "core.calendar.manage": {R.SYSTEM_ADMIN: S.ALL},
    # API tokens for other systems
    "core.token.manage": {R.SYSTEM_ADMIN: S.ALL},
    # Import jobs (each importer also checks its own domain action)
    "core.import.run": {
        R.SYSTEM_ADMIN: S.ALL,
        R.DEPT_OFFICER: S.SUBTREE,
        R.HALL_MANAGER: S.SUBTREE,
        R.INCUBATOR_OPERATOR: S.SUBTREE,
    },
}
