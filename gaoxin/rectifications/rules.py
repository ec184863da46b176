"""Permission rules of the bad-rating closed loop: {action: {role: scope}}.

Targets: handling actions (call back, verify, fix, answer, appeal, topic correction) are
checked on the work order's responsible department only, so a handler of another department
is refused; supervision (view, reroute, appeal decision, close) also passes on the hall's unit.
"""

from gaoxin.core.enums import Role as R
from gaoxin.core.enums import Scope as S

RULES = {
    "rectifications.order.view": {
        R.SYSTEM_ADMIN: S.ALL,
        R.ZONE_LEADER: S.REGION,
        R.HALL_MANAGER: S.SUBTREE,
        R.HANDLER: S.SUBTREE,
        R.DEPT_OFFICER: S.SUBTREE,
    },
    "rectifications.order.handle": {R.SYSTEM_ADMIN: S.ALL, R.HANDLER: S.SUBTREE},
    "rectifications.order.reroute": {R.SYSTEM_ADMIN: S.ALL, R.HALL_MANAGER: S.SUBTREE},
    "rectifications.order.close": {R.SYSTEM_ADMIN: S.ALL, R.HALL_MANAGER: S.SUBTREE},
    "rectifications.order.export": {R.SYSTEM_ADMIN: S.ALL, R.ZONE_LEADER: S.REGION, R.HALL_MANAGER: S.SUBTREE},
    "rectifications.appeal.decide": {R.SYSTEM_ADMIN: S.ALL, R.HALL_MANAGER: S.SUBTREE},
    "rectifications.topic.correct": {R.SYSTEM_ADMIN: S.ALL, R.HANDLER: S.SUBTREE, R.HALL_MANAGER: S.SUBTREE},
    "rectifications.routing.manage": {R.SYSTEM_ADMIN: S.ALL, R.HALL_MANAGER: S.REGION},
    "rectifications.policy.manage": {R.SYSTEM_ADMIN: S.ALL},
}
