"""Import of the project list: upsert by code, amounts as written, and bad files that write nothing."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gaoxin.core.excel import FileError
from gaoxin.core.excel.services import import_job_commit, import_job_create
from gaoxin.projects.models import Project, ProjectYearPlan

pytestmark = pytest.mark.django_db

HEADERS = [
    "项目名称",
    "项目编码",
    "项目级别",
    "所属产业",
    "是否制造业",
    "总投资",
    "年度计划投资",
    "计划年度",
    "责任单位",
    "招商方式",
    "投资主体统一社会信用代码",
    "建设地点",
]
USCC = "91350100M000100Y43"


def xlsx(rows, headers=HEADERS):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("项目清单.xlsx", out.getvalue())


def row(code="GX-001", total="1.5亿", plan="3000万", unit="经济发展局", **kw):
    values = {
        "name": f"项目{code}",
        "level": "市重点",
        "industry": "高端装备",
        "mfg": "是",
        "year": 2022,
        "mode": "以商招商",
        "uscc": USCC,
        "site": "高新区",
    } | kw
    return [
        values["name"],
        code,
        values["level"],
        values["industry"],
        values["mfg"],
        total,
        plan,
        values["year"],
        unit,
        values["mode"],
        values["uscc"],
        values["site"],
    ]


def run(actor, upload):
    job = import_job_create(actor=actor, importer_key="projects", upload=upload)
    return job


def test_import_creates_then_updates_by_code(world, ref):
    officer = world.users["officer"]
    job = run(officer, xlsx([row("GX-001"), row("GX-002", total="15000万元", plan=8000), row("GX-003", total="5,200")]))
    assert (job.status, job.errors) == ("ready", [])
    job = import_job_commit(actor=officer, job=job)
    assert (job.status, job.created_count, job.updated_count) == ("done", 3, 0)
    assert dict(Project.objects.values_list("code", "total_investment")) == {
        "GX-001": Decimal("15000.00"),
        "GX-002": Decimal("15000.00"),
        "GX-003": Decimal("5200.00"),
    }
    p = Project.objects.get(code="GX-001")
    assert (p.level, p.industry.name, p.is_manufacturing, p.unit.name, p.mode.name, p.investor_uscc, p.stage) == (
        "city",
        "高端装备",
        True,
        "经济发展局",
        "以商招商",
        USCC,
        "reserve",
    )
    assert ProjectYearPlan.objects.get(project=p, year=2022).amount == Decimal("3000.00")
    job = import_job_commit(actor=officer, job=run(officer, xlsx([row("GX-001", total="2亿", plan="0.5亿")])))
    assert (job.status, job.created_count, job.updated_count) == ("done", 0, 1)
    p.refresh_from_db()
    assert p.total_investment == Decimal("20000.00")
    assert ProjectYearPlan.objects.get(project=p, year=2022).amount == Decimal("5000.00")


def test_wrong_headers_refuse_the_file(world, ref):
    with pytest.raises(FileError) as exc:
        run(world.users["officer"], xlsx([["a", "b"]], headers=["名称", "编码"]))
    assert "缺少必填列：项目名称、项目编码、总投资、责任单位" in exc.value.message
    assert Project.objects.count() == 0


def test_bad_rows_are_reported_and_nothing_is_written(world, ref, make_project):
    make_project("invest", code="INV-9", name="招商中心的项目")
    officer = world.users["officer"]
    job = run(
        officer,
        xlsx(
            [
                row("GX-001"),
                row("GX-002", total="一亿多"),
                row("GX-001"),
                row("INV-9"),
                row("GX-004", unit="招商服务中心"),
                row("GX-005", uscc="91350100M000100Y44"),
                row("GX-006", total="1000", plan="2000"),
                row("GX-007", industry="人工智能"),
            ]
        ),
    )
    assert job.status == "invalid"
    errors = {(e["row"], e["column"]): e["message"] for e in job.errors}
    assert errors == {
        (3, "总投资"): "金额格式无法识别：一亿多（示例：1.5亿、3,000万元、15000）",
        (4, "项目编码"): "与第 2 行的项目编码重复",
        (5, "项目编码"): "项目“INV-9”属于招商服务中心，您无权修改",
        (6, "责任单位"): "您无权管理“招商服务中心”的项目",
        (7, "投资主体统一社会信用代码"): "统一社会信用代码校验位错误：第 18 位应为 3，而不是 4",
        (8, "年度计划投资"): "年度计划投资（2000 万元）不能超过总投资（1000 万元）",
        (9, "所属产业"): "未知的产业“人工智能”，应为：新能源新材料、高端装备、医养健康、现代服务业",
    }
    assert sorted(Project.objects.values_list("code", flat=True)) == ["INV-9"]
