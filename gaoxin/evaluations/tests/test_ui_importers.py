"""Excel imports of halls, windows, staff and service items: dry run, commit, per-row errors."""

from __future__ import annotations

import pytest

from gaoxin.core.enums import ImportStatus
from gaoxin.core.excel.services import import_job_commit, import_job_create
from gaoxin.core.excel.testing import xlsx_upload
from gaoxin.evaluations.models import ServiceItem, Staff, Window

pytestmark = pytest.mark.django_db


def run(world, key, rows, user="hall_manager"):
    job = import_job_create(actor=world.users[user], importer_key=key, upload=xlsx_upload(rows, f"{key}.xlsx"))
    if job.status == ImportStatus.READY:
        job = import_job_commit(actor=world.users[user], job=job)
    return job


def test_windows_import_creates_and_updates(ev):
    rows = [
        ["大厅编码", "窗口号", "窗口名称", "进驻部门"],
        ["GXDT", "3", "社保医保", "行政审批服务局"],
        ["GXDT", "1", "企业开办（综合）", "市场监管局"],
    ]
    job = run(ev.world, "evaluations-windows", rows)
    assert (job.status, job.created_count, job.updated_count) == (ImportStatus.DONE, 1, 1)
    names = dict(Window.objects.filter(hall=ev.halls["hall"]).values_list("number", "name"))
    assert names == {"1": "企业开办(综合)", "2": "投资项目", "3": "社保医保"}


def test_windows_import_is_all_or_nothing_with_row_errors(ev):
    rows = [
        ["大厅编码", "窗口号", "窗口名称", "进驻部门"],
        ["GXDT", "3", "社保医保", "行政审批服务局"],
        ["NOPE", "4", "不存在的大厅", "市场监管局"],
        ["GXDT", "5", "部门不存在", "火星局"],
        ["DCFZX", "9", "别的区", "市场监管局"],
    ]
    job = run(ev.world, "evaluations-windows", rows)
    assert job.status == ImportStatus.INVALID
    messages = sorted(e["message"] for e in job.errors)
    assert messages == ["单位“火星局”不存在", "大厅编码 NOPE 不存在", "您无权管理“东昌府区政务服务中心”"]
    assert Window.objects.count() == 3


def test_items_import_with_flags(ev):
    rows = [
        ["事项编码", "事项名称", "实施部门", "办件类型", "承诺时限（工作日）", "零跑腿", "一次办好", "网上可办"],
        ["11371500MB2800001", "食品经营许可", "市场监管局", "承诺件", 5, "是", "是", "是"],
        ["11371500MB2800002", "个体工商户登记", "市场监管局", "即办件", None, "否", "是", "是"],
    ]
    job = run(ev.world, "evaluations-items", rows)
    assert (job.status, job.created_count) == (ImportStatus.DONE, 2)
    item = ServiceItem.objects.get(code="11371500MB2800001")
    assert (item.kind, item.time_limit_days, item.is_zero_trip, item.is_one_go, item.is_online) == (
        2,
        5,
        True,
        True,
        True,
    )
    bad = run(ev.world, "evaluations-items", [rows[0], ["X1", "缺时限", "市场监管局", "承诺件", None, "", "", ""]])
    assert [e["message"] for e in bad.errors] == ["承诺件须填写承诺时限（工作日）"]


def test_staff_import_creates_accounts_and_assigns_windows(ev):
    rows = [
        ["登录名", "姓名", "大厅编码", "窗口号", "工号", "手机号", "初始密码"],
        ["wangwu", "王五", "GXDT", "2", "GX002", "13900000002", "init-pass-2026"],
        ["clerk", "clerk", "GXDT", "2", "GX001", "", ""],
    ]
    job = run(ev.world, "evaluations-staff", rows)
    assert (job.status, job.created_count, job.updated_count) == (ImportStatus.DONE, 1, 1)
    staff = Staff.objects.select_related("user", "window").get(user__username="wangwu")
    assert (staff.user.display_name, staff.window.number, staff.job_number) == ("王五", "2", "GX002")
    assert staff.user.grants.get().role == "window_staff"
    assert Staff.objects.get(user__username="clerk").window.number == "2"
    missing = run(ev.world, "evaluations-staff", [rows[0], ["lisi", "李四", "GXDT", "", "", "", "short"]])
    assert [e["message"] for e in missing.errors] == ["新建账号须填写至少 10 位的初始密码"]
