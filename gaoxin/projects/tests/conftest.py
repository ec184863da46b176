"""Fixtures of the projects tests: reference data, a few projects in the persona world."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest


@pytest.fixture
def ref(world):
    from gaoxin.projects.models import AttractionMode, IndustryGroup
    from gaoxin.projects.services import reference_data_ensure

    reference_data_ensure(actor=None)
    return {
        "industry": IndustryGroup.objects.get(name="高端装备"),
        "industry2": IndustryGroup.objects.get(name="医养健康"),
        "mode": AttractionMode.objects.get(name="以商招商"),
    }


@pytest.fixture
def make_project(world, ref):
    from gaoxin.projects.services import ProjectData, project_create

    def make(unit_key: str = "econ", *, code: str = "", amount: int = 20000, level: str = "district", **kwargs):
        data = ProjectData(
            name=kwargs.pop("name", f"测试项目{code or unit_key}"),
            unit=world.units[unit_key],
            total_investment=Decimal(amount),
            level=level,
            industry=ref["industry"],
            mode=ref["mode"],
            is_manufacturing=kwargs.pop("is_manufacturing", True),
            chain_tag=kwargs.pop("chain_tag", ""),
        )
        return project_create(actor=None, data=data, code=code, **kwargs)

    return make


@pytest.fixture
def started_project(make_project):
    """A district key project of the econ bureau, started in 2022 with a 2022 plan of 12,000万."""
    return make_project(
        "econ",
        code="GX2022-001",
        amount=60000,
        stage="started",
        signed_on=date(2021, 12, 1),
        started_on=date(2022, 2, 15),
        year_plans={2022: 12000},
    )
