"""Enterprise fixtures: three enterprises (two in 聊城高新区, one in 东昌府区); the enterprise persona is
a member of the first."""

from __future__ import annotations

from datetime import date

import pytest

from gaoxin.core.validators import uscc_check_char


def make_uscc(body15: str, region: str = "371500") -> str:
    """91 + region + 9-char body → a valid 18-char USCC."""
    first17 = f"91{region}{body15}"
    return first17 + uscc_check_char(first17)


@pytest.fixture
def firms(world):
    from gaoxin.enterprises.enums import EnterpriseSize, QualificationKind
    from gaoxin.enterprises.models import Industry
    from gaoxin.enterprises.services import enterprise_create, enterprise_member_add, qualification_add

    u = world.units
    siwei = enterprise_create(
        actor=None,
        name="聊城市四维自动化科技有限公司",
        uscc=make_uscc("MA3C4D5E6"),
        unit=u["base"],
        industry=Industry.objects.get(code="65"),
        size=EnterpriseSize.MICRO,
        registered_on=date(2019, 9, 6),
        tags=["智能制造"],
    )
    yisite = enterprise_create(
        actor=None,
        name="山东易斯特工程工具有限公司",
        uscc=make_uscc("MA1B2C3D4"),
        unit=u["econ"],
        industry=Industry.objects.get(code="33"),
        size=EnterpriseSize.MEDIUM,
    )
    other = enterprise_create(
        actor=None,
        name="东昌府区某机械有限公司",
        uscc=make_uscc("MA9X8W7U6", "371502"),
        unit=u["other_econ"],
        industry=Industry.objects.get(code="34"),
    )
    qualification_add(
        actor=None,
        enterprise=yisite,
        kind=QualificationKind.HIGH_TECH,
        valid_from=date(2021, 12, 15),
        valid_to=date(2024, 12, 14),
    )
    qualification_add(actor=None, enterprise=yisite, kind=QualificationKind.SPECIALIZED, valid_from=date(2022, 1, 10))
    enterprise_member_add(actor=None, enterprise=siwei, user=world.enterprise)
    return {"siwei": siwei, "yisite": yisite, "other": other}
