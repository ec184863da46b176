"""Enterprise services: USCC validation, create/update/upsert, near-identical names, qualifications, members."""

from __future__ import annotations

import random
from datetime import date

import pytest
import stdnum.cn.uscc
from django.core.exceptions import ValidationError

from gaoxin.core.errors import Conflict, DomainError
from gaoxin.core.models import AuditEvent
from gaoxin.core.validators import USCC_ALPHABET, uscc_check_char, validate_uscc
from gaoxin.enterprises.enums import QualificationKind
from gaoxin.enterprises.models import Enterprise, EnterpriseMember, Industry, Qualification
from gaoxin.enterprises.names import name_key
from gaoxin.enterprises.services import (
    clean_uscc,
    enterprise_create,
    enterprise_member_add,
    enterprise_update,
    enterprise_upsert_by_uscc,
    qualification_add,
)
from gaoxin.enterprises.tests.conftest import make_uscc


def test_uscc_known_valid_and_invalid_codes():
    assert validate_uscc(" 91110000600037341l ") == "91110000600037341L"
    assert clean_uscc("91110000600037341l") == "91110000600037341L"
    with pytest.raises(DomainError) as exc:
        clean_uscc("91350100M000100Y4Z")
    assert exc.value.message == (
        "统一社会信用代码含有不允许的字符：Z（不使用 I、O、S、V、Z）；按前 17 位计算，第 18 位应为 3"
    )
    with pytest.raises(DomainError) as exc:
        clean_uscc("91350100M000100Y4A")
    assert exc.value.message == "统一社会信用代码校验位错误：第 18 位应为 3，而不是 A"
    with pytest.raises(ValidationError, match="应为 18 位，当前为 17 位"):
        validate_uscc("91350100M000100Y4")
    with pytest.raises(ValidationError, match="不允许的字符：IO"):
        validate_uscc("91350100M0001I0O43")


def test_uscc_check_char_agrees_with_python_stdnum():
    rng = random.Random(4754)
    for _ in range(500):
        body = (
            "91"
            + "".join(rng.choice("0123456789") for _ in range(6))
            + "".join(rng.choice(USCC_ALPHABET) for _ in range(9))
        )
        code = body + uscc_check_char(body)
        assert stdnum.cn.uscc.is_valid(code), code
        wrong = body + USCC_ALPHABET[(USCC_ALPHABET.index(code[-1]) + 1) % 31]
        assert not stdnum.cn.uscc.is_valid(wrong)
        with pytest.raises(ValidationError):
            validate_uscc(wrong)


def test_gbt4754_sections_and_divisions_are_loaded(db):
    assert Industry.objects.filter(level=1).count() == 20
    assert Industry.objects.filter(level=2).count() == 97
    c = Industry.objects.get(code="C")
    assert (c.name, c.children.count()) == ("制造业", 31)
    assert list(Industry.objects.filter(code__in=["39", "97"]).values_list("name", "parent__code")) == [
        ("计算机、通信和其他电子设备制造业", "C"),
        ("国际组织", "T"),
    ]


@pytest.mark.parametrize(
    "name",
    [
        "山东鲁芯之光半导体制造(山东)有限公司",
        " 山东 鲁芯之光半导体制造股份有限公司",
        "山东鲁芯之光半导体制造有限责任公司",
        "山东鲁芯之光半导体制造（山东）有限公司",
    ],
)
def test_name_key_ignores_company_suffixes_regions_and_spaces(name):
    assert name_key(name) == name_key("山东鲁芯之光半导体制造有限公司") == "山东鲁芯之光半导体制造"


def test_create_normalises_and_audits(world):
    e = enterprise_create(
        actor=world.officer,
        name="  山东  测试有限公司 ",
        uscc="91110000600037341l",
        unit=world.units["econ"],
        tags=["b", "a", "a", " "],
    )
    assert (e.name, e.uscc, e.region, e.tags, e.name_key) == (
        "山东 测试有限公司",
        "91110000600037341L",
        world.regions["zone"],
        ["a", "b"],
        "山东测试",
    )
    event = AuditEvent.objects.get(action="enterprise.create")
    assert (event.actor, event.object_id, event.after["uscc"]) == (world.officer, str(e.pk), "91110000600037341L")


def test_create_refuses_bad_input_and_writes_nothing(world):
    with pytest.raises(DomainError) as exc:
        enterprise_create(actor=None, name=" ", uscc="91350100M000100Y4Z")
    assert exc.value.details == [
        "请填写企业名称",
        "统一社会信用代码含有不允许的字符：Z（不使用 I、O、S、V、Z）；按前 17 位计算，第 18 位应为 3",
    ]
    assert (Enterprise.objects.count(), AuditEvent.objects.filter(action__startswith="enterprise.").count()) == (0, 0)


def test_duplicate_uscc_is_a_conflict(firms):
    with pytest.raises(Conflict, match="已登记为“山东易斯特工程工具有限公司”"):
        enterprise_create(actor=None, name="另一家", uscc=firms["yisite"].uscc)
    assert Enterprise.objects.count() == 3


def test_upsert_by_uscc_updates_same_code_and_warns_on_near_identical_name(firms):
    result = enterprise_upsert_by_uscc(
        actor=None, uscc=firms["yisite"].uscc.lower(), name="山东易斯特工程工具股份有限公司", address="聊城高新区"
    )
    assert (result.created, result.enterprise.pk, result.enterprise.address, result.warnings) == (
        False,
        firms["yisite"].pk,
        "聊城高新区",
        [],
    )
    result = enterprise_upsert_by_uscc(actor=None, uscc=make_uscc("MA5Q6R7T8"), name="山东易斯特工程工具(山东)有限公司")
    assert result.created is True
    assert result.warnings == [
        f"名称与已登记的“山东易斯特工程工具股份有限公司”（{firms['yisite'].uscc}）几乎相同，请确认不是同一家企业。"
    ]
    assert Enterprise.objects.count() == 4
    update = AuditEvent.objects.get(action="enterprise.update", object_id=str(firms["yisite"].pk))
    assert update.before == {"address": "", "name": "山东易斯特工程工具有限公司"}
    assert update.after == {"address": "聊城高新区", "name": "山东易斯特工程工具股份有限公司"}


def test_update_without_changes_writes_no_audit(firms):
    before = AuditEvent.objects.count()
    enterprise_update(actor=None, enterprise=firms["siwei"], name="聊城市四维自动化科技有限公司")
    assert AuditEvent.objects.count() == before


def test_qualifications_validate_dates_and_duplicates(firms):
    q = qualification_add(
        actor=None,
        enterprise=firms["siwei"],
        kind=QualificationKind.TECH_SME,
        valid_from=date(2022, 4, 20),
        certificate_no=" 2022370000001 ",
    )
    assert q.certificate_no == "2022370000001"
    with pytest.raises(Conflict, match="该企业已登记同一生效日期的此项资质"):
        qualification_add(
            actor=None, enterprise=firms["siwei"], kind=QualificationKind.TECH_SME, valid_from=date(2022, 4, 20)
        )
    with pytest.raises(DomainError, match="有效期至不能早于生效日期"):
        qualification_add(
            actor=None,
            enterprise=firms["siwei"],
            kind=QualificationKind.GAZELLE,
            valid_from=date(2022, 4, 20),
            valid_to=date(2022, 4, 19),
        )
    assert Qualification.objects.filter(enterprise=firms["siwei"]).count() == 1


def test_member_add_once(world, firms):
    with pytest.raises(Conflict):
        enterprise_member_add(actor=None, enterprise=firms["siwei"], user=world.enterprise)
    assert EnterpriseMember.objects.count() == 1
