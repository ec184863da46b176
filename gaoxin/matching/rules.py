"""Permission rules of 足迹 (matching): {action: {role: scope}} (see core/permissions.py).

Objects belong to a base's unit (needs to the serving base, resources to the base that
registered them); enterprise users act on their own enterprise's needs (SELF through
EnterpriseMember). Operators of a base that receives a referral may view the referred
need (matching.referral.receive on the receiving base's unit).
"""

from gaoxin.core.enums import Role as R
from gaoxin.core.enums import Scope as S

_WATCH = {R.SYSTEM_ADMIN: S.ALL, R.ZONE_LEADER: S.REGION, R.DEPT_OFFICER: S.REGION}

RULES = {
    # the network is a shared directory: every operator sees every base
    "matching.base.view": {**_WATCH, R.INCUBATOR_OPERATOR: S.ALL},
    "matching.base.manage": {R.SYSTEM_ADMIN: S.ALL, R.INCUBATOR_OPERATOR: S.UNIT},
    "matching.visit.log": {R.SYSTEM_ADMIN: S.ALL, R.INCUBATOR_OPERATOR: S.SUBTREE},
    "matching.need.view": {**_WATCH, R.INCUBATOR_OPERATOR: S.SUBTREE, R.ENTERPRISE_USER: S.SELF},
    "matching.need.create": {R.SYSTEM_ADMIN: S.ALL, R.INCUBATOR_OPERATOR: S.SUBTREE, R.ENTERPRISE_USER: S.SELF},
    "matching.need.manage": {R.SYSTEM_ADMIN: S.ALL, R.INCUBATOR_OPERATOR: S.SUBTREE},
    "matching.need.rate": {R.SYSTEM_ADMIN: S.ALL, R.ENTERPRISE_USER: S.SELF},
    # resources are shared across the network so that any base can match against them
    "matching.resource.view": {**_WATCH, R.INCUBATOR_OPERATOR: S.ALL},
    "matching.resource.manage": {R.SYSTEM_ADMIN: S.ALL, R.INCUBATOR_OPERATOR: S.SUBTREE},
    "matching.match.view": {**_WATCH, R.INCUBATOR_OPERATOR: S.SUBTREE},
    "matching.match.decide": {R.SYSTEM_ADMIN: S.ALL, R.INCUBATOR_OPERATOR: S.SUBTREE},
    "matching.referral.create": {R.SYSTEM_ADMIN: S.ALL, R.INCUBATOR_OPERATOR: S.SUBTREE},
    "matching.referral.receive": {R.SYSTEM_ADMIN: S.ALL, R.INCUBATOR_OPERATOR: S.SUBTREE},
    "matching.docking.record": {R.SYSTEM_ADMIN: S.ALL, R.INCUBATOR_OPERATOR: S.SUBTREE},
    "matching.event.manage": {R.SYSTEM_ADMIN: S.ALL, R.INCUBATOR_OPERATOR: S.SUBTREE},
    "matching.figures.view": {**_WATCH, R.INCUBATOR_OPERATOR: S.SUBTREE},
    "matching.figures.export": {R.SYSTEM_ADMIN: S.ALL, R.ZONE_LEADER: S.REGION, R.INCUBATOR_OPERATOR: S.SUBTREE},
}
