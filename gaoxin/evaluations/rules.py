"""Permission rules of 好差评 intake: {action: {role: scope}} (see core/permissions.py).

Targets: halls, windows, staff, devices and QR codes are owned by the hall's unit; service
items by their department; cases and ratings by both the hall's unit and the responsible
department (a check passes on either), with the window staff member as owner (SELF).
"""

from gaoxin.core.enums import Role as R
from gaoxin.core.enums import Scope as S

RULES = {
    "evaluations.hall.view": {
        R.SYSTEM_ADMIN: S.ALL,
        R.ZONE_LEADER: S.REGION,
        R.DEPT_OFFICER: S.REGION,
        R.HALL_MANAGER: S.SUBTREE,
        R.WINDOW_STAFF: S.UNIT,
        R.HANDLER: S.REGION,
    },
    "evaluations.hall.manage": {R.SYSTEM_ADMIN: S.ALL, R.HALL_MANAGER: S.SUBTREE},
    "evaluations.window.manage": {R.SYSTEM_ADMIN: S.ALL, R.HALL_MANAGER: S.SUBTREE},
    "evaluations.staff.manage": {R.SYSTEM_ADMIN: S.ALL, R.HALL_MANAGER: S.SUBTREE},
    "evaluations.item.manage": {R.SYSTEM_ADMIN: S.ALL, R.HALL_MANAGER: S.REGION, R.DEPT_OFFICER: S.SUBTREE},
    "evaluations.case.view": {
        R.SYSTEM_ADMIN: S.ALL,
        R.ZONE_LEADER: S.REGION,
        R.HALL_MANAGER: S.SUBTREE,
        R.WINDOW_STAFF: S.UNIT,
        R.HANDLER: S.SUBTREE,
    },
    "evaluations.case.manage": {R.SYSTEM_ADMIN: S.ALL, R.HALL_MANAGER: S.SUBTREE, R.WINDOW_STAFF: S.UNIT},
    # Completing a case prompts the evaluator: window staff complete their own cases only.
    "evaluations.case.complete": {R.SYSTEM_ADMIN: S.ALL, R.HALL_MANAGER: S.SUBTREE, R.WINDOW_STAFF: S.SELF},
    "evaluations.rating.view": {
        R.SYSTEM_ADMIN: S.ALL,
        R.ZONE_LEADER: S.REGION,
        R.HALL_MANAGER: S.SUBTREE,
        R.WINDOW_STAFF: S.SELF,
        R.HANDLER: S.SUBTREE,
    },
    # Hotline (12345) and SMS ratings typed in by an operator on a citizen's behalf.
    "evaluations.rating.intake": {R.SYSTEM_ADMIN: S.ALL, R.HALL_MANAGER: S.SUBTREE},
    "evaluations.rating.export": {R.SYSTEM_ADMIN: S.ALL, R.ZONE_LEADER: S.REGION, R.HALL_MANAGER: S.SUBTREE},
    "evaluations.device.manage": {R.SYSTEM_ADMIN: S.ALL, R.HALL_MANAGER: S.SUBTREE},
    "evaluations.qr.manage": {R.SYSTEM_ADMIN: S.ALL, R.HALL_MANAGER: S.SUBTREE},
    # Rater identity: only the people handling that bad rating; window staff never.
    "evaluations.rater.reveal": {R.HANDLER: S.SUBTREE, R.HALL_MANAGER: S.SUBTREE},
    "evaluations.exchange.export": {R.SYSTEM_ADMIN: S.ALL, R.HALL_MANAGER: S.REGION},
    "evaluations.policy.manage": {R.SYSTEM_ADMIN: S.ALL},
}
