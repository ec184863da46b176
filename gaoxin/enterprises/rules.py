"""Permission rules of the enterprises app."""

from gaoxin.core.enums import Role as R
from gaoxin.core.enums import Scope as S

RULES = {
    "enterprises.enterprise.view": {
        R.SYSTEM_ADMIN: S.ALL,
        R.ZONE_LEADER: S.REGION,
        R.DEPT_OFFICER: S.REGION,
        R.HALL_MANAGER: S.REGION,
        R.HANDLER: S.REGION,
        R.INCUBATOR_OPERATOR: S.REGION,
        R.ENTERPRISE_USER: S.SELF,
    },
    "enterprises.enterprise.manage": {R.SYSTEM_ADMIN: S.ALL, R.DEPT_OFFICER: S.REGION},
    "enterprises.enterprise.export": {R.SYSTEM_ADMIN: S.ALL, R.ZONE_LEADER: S.REGION, R.DEPT_OFFICER: S.REGION},
}
