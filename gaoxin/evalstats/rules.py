"""Permission rules of 好差评 statistics. Statistics rows carry a region: scopes are regional."""

from gaoxin.core.enums import Role as R
from gaoxin.core.enums import Scope as S

RULES = {
    "evalstats.stats.view": {
        R.SYSTEM_ADMIN: S.ALL,
        R.ZONE_LEADER: S.REGION,
        R.HALL_MANAGER: S.REGION,
        R.DEPT_OFFICER: S.REGION,
        R.HANDLER: S.REGION,
    },
    "evalstats.stats.export": {R.SYSTEM_ADMIN: S.ALL, R.ZONE_LEADER: S.REGION, R.HALL_MANAGER: S.REGION},
    "evalstats.integrity.view": {R.SYSTEM_ADMIN: S.ALL, R.HALL_MANAGER: S.REGION},
    "evalstats.integrity.decide": {R.SYSTEM_ADMIN: S.ALL, R.HALL_MANAGER: S.REGION},
    "evalstats.report.download": {R.SYSTEM_ADMIN: S.ALL, R.ZONE_LEADER: S.REGION, R.HALL_MANAGER: S.REGION},
    "evalstats.rollup.rebuild": {R.SYSTEM_ADMIN: S.ALL},
}
