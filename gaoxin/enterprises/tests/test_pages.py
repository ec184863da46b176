"""Enterprise pages: list filters and export, detail, create/edit, qualifications, members, Excel import."""

from __future__ import annotations

import pytest
import time_machine

from gaoxin.core.enums import ImportStatus
from gaoxin.core.excel.testing import response_workbook, xlsx_upload
from gaoxin.core.models import AuditEvent, ImportJob
from gaoxin.enterprises.models import Enterprise, EnterpriseMember, Industry, Qualification
from gaoxin.enterprises.tests.conftest import make_uscc

pytestmark = pytest.mark.usefixtures("firms")
FROZEN = "2023-06-01 10:00:00+08:00"


def names(response):
    return [e.name for e, _q in response.context["rows"]]


@time_machine.travel(FROZEN, tick=False)
def test_list_filters(client_as, world, firms):
    client = client_as("admin")
    assert names(client.get("/enterprises/", {"q": "四维"})) == ["聊城市四维自动化科技有限公司"]
    assert names(client.get("/enterprises/", {"q": firms["yisite"].uscc})) == ["山东易斯特工程工具有限公司"]
    section_c = Industry.objects.get(code="C").pk
    assert names(client.get(f"/enterprises/?industry={section_c}")) == [
        "东昌府区某机械有限公司",
        "山东易斯特工程工具有限公司",
    ]
    assert names(client.get("/enterprises/?qualification=high_tech")) == ["山东易斯特工程工具有限公司"]
    assert names(client.get("/enterprises/?qualification=tech_sme")) == []
    assert names(client.get(f"/enterprises/?unit={world.units['base'].pk}")) == ["聊城市四维自动化科技有限公司"]
    page = client.get("/enterprises/?qualification=specialized")
    assert page.context["rows"][0][1] == ["高新技术企业", "专精特新中小企业"]
    assert "没有符合条件的企业。" in client.get("/enterprises/", {"q": "不存在"}).content.decode()


@time_machine.travel("2025-06-01 10:00:00+08:00", tick=False)
def test_expired_qualification_no_longer_matches(client_as):
    assert names(client_as("admin").get("/enterprises/?qualification=high_tech")) == []


def test_list_query_count_is_fixed(client_as, count_queries, world):
    from gaoxin.enterprises.services import enterprise_create

    client = client_as("officer")
    client.get("/enterprises/")
    with count_queries() as few:
        client.get("/enterprises/")
    for i in range(15):
        enterprise_create(actor=None, name=f"批量企业{i}", unit=world.units["econ"])
    with count_queries() as many:
        response = client.get("/enterprises/")
    assert len(response.context["rows"]) == 17
    assert len(few) == len(many) == 10


@time_machine.travel(FROZEN, tick=False)
def test_export_is_exactly_the_filtered_list(client_as, firms):
    response = client_as("officer").get(
        "/enterprises/", {"q": "易斯特", "qualification": "high_tech", "export": "xlsx"}
    )
    book = response_workbook(response)
    assert book["企业名录"][0][:3] == ("企业名称", "统一社会信用代码", "行业代码")
    assert [r[0] for r in book["企业名录"][1:]] == ["山东易斯特工程工具有限公司"]
    assert book["企业名录"][1][1:4] == (firms["yisite"].uscc, "33", "金属制品业")
    assert book["筛选条件"][1:3] == [("名称/信用代码", "易斯特"), ("资质", "高新技术企业")]
    event = AuditEvent.objects.get(action="export")
    assert (event.actor_label, event.after["rows"]) == ("officer (officer)", 1)


def test_detail_shows_qualifications_and_members(client_as, firms):
    body = client_as("officer").get(f"/enterprises/{firms['siwei'].pk}/").content.decode()
    assert "聊城市四维自动化科技有限公司" in body
    assert "I 信息传输、软件和信息技术服务业 / 65 软件和信息技术服务业" in body
    assert 'enterprise <span class="text-muted">(enterprise)</span>' in body
    assert "暂无资质记录。" in body


def test_create_with_bad_uscc_shows_the_reason_and_writes_nothing(client_as):
    before = (Enterprise.objects.count(), AuditEvent.objects.count())
    response = client_as("officer").post("/enterprises/new/", {"name": "某公司", "uscc": "91350100M000100Y4A"})
    assert response.status_code == 400
    assert "统一社会信用代码校验位错误：第 18 位应为 3，而不是 A" in response.content.decode()
    assert (Enterprise.objects.count(), AuditEvent.objects.count()) == before


def test_create_warns_about_near_identical_names(client_as):
    response = client_as("officer").post(
        "/enterprises/new/", {"name": "山东易斯特工程工具(山东)有限公司", "uscc": make_uscc("MA2B3C4D5")}, follow=True
    )
    body = response.content.decode()
    assert "名称与已登记的“山东易斯特工程工具有限公司”" in body
    assert "已保存企业“山东易斯特工程工具(山东)有限公司”。" in body


def test_edit_keeps_the_unit_and_audits_changes(client_as, firms, world):
    siwei = firms["siwei"]
    response = client_as("officer").post(
        f"/enterprises/{siwei.pk}/edit/",
        {
            "name": siwei.name,
            "uscc": siwei.uscc,
            "address": "聊城高新区长江路 111 号",
            "tags": "智能制造、自动化",
            "industry": siwei.industry_id,
            "size": "micro",
            "registered_on": "2019-09-06",
        },
    )
    assert response.status_code == 302
    siwei.refresh_from_db()
    assert (siwei.address, siwei.tags, siwei.unit) == (
        "聊城高新区长江路 111 号",
        ["智能制造", "自动化"],
        world.units["base"],
    )
    event = AuditEvent.objects.filter(action="enterprise.update").get()
    assert event.after == {"address": "聊城高新区长江路 111 号", "tags": ["智能制造", "自动化"]}


def test_qualification_and_member_forms(client_as, firms, world):
    client = client_as("officer")
    url = f"/enterprises/{firms['siwei'].pk}/"
    ok = client.post(url + "qualifications/", {"kind": "tech_sme", "valid_from": "2022-04-20", "certificate_no": "X1"})
    assert ok.status_code == 302
    bad = client.post(url + "qualifications/", {"kind": "tech_sme", "valid_from": "2022-04-20"})
    assert bad.status_code == 400
    assert "该企业已登记同一生效日期的此项资质" in bad.content.decode()
    assert Qualification.objects.filter(enterprise=firms["siwei"]).count() == 1
    assert client.post(url + "members/", {"username": "operator"}).status_code == 302
    missing = client.post(url + "members/", {"username": "ghost"})
    assert (missing.status_code, "用户不存在" in missing.content.decode()) == (400, True)
    assert sorted(
        EnterpriseMember.objects.filter(enterprise=firms["siwei"]).values_list("user__username", flat=True)
    ) == ["enterprise", "operator"]
    assert client_as("operator").post(url + "members/", {"username": "clerk"}).status_code == 403


IMPORT_HEADER = ["企业名称", "统一社会信用代码", "行业代码", "属地单位", "地址", "成立日期", "企业规模", "标签"]


def test_enterprise_import_through_the_generic_pages(client_as, firms):
    client = client_as("officer")
    template = response_workbook(client.get("/core/imports/enterprises/template.xlsx"))
    assert template["企业名录"][0][:2] == ("企业名称", "统一社会信用代码")
    rows = [
        IMPORT_HEADER,
        [
            "山东易斯特工程工具股份有限公司",
            firms["yisite"].uscc.lower(),
            "33",
            "经济发展局",
            "高新区",
            "2011-04-18",
            "中型",
            "刀具",
        ],
        ["聊城新材料科技有限公司", make_uscc("MA4E5F6G7"), "30", "", "", "2020/5/1", "小型", "新材料、复合材料"],
    ]
    response = client.post("/core/imports/enterprises/", {"file": xlsx_upload(rows, "企业.xlsx")})
    job = ImportJob.objects.get()
    assert response["Location"] == f"/core/imports/job/{job.pk}/"
    assert (job.status, job.created_count, job.updated_count) == (ImportStatus.READY, 1, 1)
    detail = client.get(f"/core/imports/job/{job.pk}/").content.decode()
    assert "共 2 行：新增 1 条，更新 1 条。请确认导入。" in detail
    assert [p["values"][7] for p in job.preview] == ["刀具", "新材料、复合材料"]  # tags as the cell had them
    assert Enterprise.objects.count() == 3
    client.post(f"/core/imports/job/{job.pk}/commit/")
    job.refresh_from_db()
    assert (job.status, job.message) == (ImportStatus.DONE, "导入完成：新增 1 条，更新 1 条。")
    assert Enterprise.objects.count() == 4
    new = Enterprise.objects.get(name="聊城新材料科技有限公司")
    assert (new.industry.code, new.unit.name, new.size, new.tags) == (
        "30",
        "经济发展局",
        "small",
        ["复合材料", "新材料"],
    )
    assert Enterprise.objects.get(pk=firms["yisite"].pk).name == "山东易斯特工程工具股份有限公司"


def test_enterprise_import_warns_of_near_duplicate_names_before_it_writes(client_as, firms):
    """A name near-identical to a registered enterprise's, or to another row's, under another
    USCC is listed with the dry run's counts; the import is still allowed. An update of the
    registered enterprise by its own USCC is not a near-duplicate."""
    client = client_as("officer")
    yisite = firms["yisite"]
    rows = [
        IMPORT_HEADER,
        ["山东易斯特工程工具股份有限公司", yisite.uscc, "", "", "", "", "", ""],  # itself, renamed
        ["山东易斯特工程工具（聊城）有限公司", make_uscc("MA5F6G7H8"), "", "", "", "", "", ""],
        ["聊城新材料科技有限公司", make_uscc("MA4E5F6G7"), "", "", "", "", "", ""],
        ["聊城 新材料科技股份有限公司", make_uscc("MA6G7H8J9"), "", "", "", "", "", ""],
    ]
    client.post("/core/imports/enterprises/", {"file": xlsx_upload(rows)})
    job = ImportJob.objects.get()
    assert (job.status, job.created_count, job.updated_count) == (ImportStatus.READY, 3, 1)
    assert job.warnings == [
        "第 3 行：企业名称与第 2 行的“山东易斯特工程工具股份有限公司”几乎相同，统一社会信用代码却不同，请确认不是同一家企业。",
        f"第 3 行：企业名称与已登记的“山东易斯特工程工具有限公司”（{yisite.uscc}）几乎相同，请确认不是同一家企业。",
        "第 5 行：企业名称与第 4 行的“聊城新材料科技有限公司”几乎相同，统一社会信用代码却不同，请确认不是同一家企业。",
    ]
    detail = client.get(f"/core/imports/job/{job.pk}/").content.decode()
    assert "第 5 行：企业名称与第 4 行的“聊城新材料科技有限公司”几乎相同" in detail
    client.post(f"/core/imports/job/{job.pk}/commit/")
    assert Enterprise.objects.count() == 3 + 3


def test_near_duplicate_name_warnings_are_listed_up_to_fifty(db):
    from gaoxin.core.excel.importer import get_importer

    rows = [(n + 2, {"name": "聊城新材料科技有限公司", "uscc": make_uscc(f"MA{n:07d}")}) for n in range(53)]
    warnings = get_importer("enterprises").row_warnings(rows)
    assert len(warnings) == 51
    assert warnings[0].startswith("第 3 行：企业名称与第 2 行的“聊城新材料科技有限公司”几乎相同")
    assert warnings[49].startswith("第 52 行：")
    assert warnings[50] == "另有 2 行的企业名称与其他企业几乎相同。"


def test_enterprise_import_errors_write_nothing_and_are_downloadable(client_as, firms):
    client = client_as("officer")
    rows = [
        IMPORT_HEADER,
        ["甲公司", "91350100M000100Y4A", "99", "", "", "", "", ""],
        ["乙公司", make_uscc("MA4E5F6G7"), "", "东昌府区发改局", "", "", "巨型", ""],
        ["丙公司", make_uscc("MA4E5F6G7"), "", "", "", "", "", ""],
    ]
    client.post("/core/imports/enterprises/", {"file": xlsx_upload(rows)})
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.INVALID
    assert job.errors == [
        {"row": 2, "column": "统一社会信用代码", "message": "统一社会信用代码校验位错误：第 18 位应为 3，而不是 A"},
        {"row": 3, "column": "企业规模", "message": "“巨型”不是允许的值，应为：大型、中型、小型、微型"},
        {"row": 4, "column": "统一社会信用代码", "message": "与第 3 行的统一社会信用代码重复"},
    ]
    assert client.post(f"/core/imports/job/{job.pk}/commit/").status_code == 302
    assert Enterprise.objects.count() == 3
    report = response_workbook(client.get(f"/core/imports/job/{job.pk}/errors.xlsx"))
    assert report["错误报告"][1] == (2, "统一社会信用代码", "统一社会信用代码校验位错误：第 18 位应为 3，而不是 A")


def test_import_row_refused_outside_the_officers_region(client_as):
    client = client_as("officer")
    rows = [IMPORT_HEADER, ["乙公司", make_uscc("MA4E5F6G7"), "99", "东昌府区发改局", "", "", "", ""]]
    client.post("/core/imports/enterprises/", {"file": xlsx_upload(rows)})
    assert ImportJob.objects.get().errors == [{"row": 2, "column": "行业代码", "message": "行业代码 99 不存在"}]
    rows[1][2] = "34"
    client.post("/core/imports/enterprises/", {"file": xlsx_upload(rows)})
    assert ImportJob.objects.order_by("-pk").first().errors == [
        {"row": 2, "column": "属地单位", "message": "您无权在该单位登记企业"}
    ]
