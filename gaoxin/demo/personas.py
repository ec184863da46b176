"""The demo accounts, one per persona (printed by `make demo`)."""

from __future__ import annotations

from dataclasses import dataclass

from gaoxin.core.enums import Role

DEMO_PASSWORD = "gaoxin-demo-2022"  # noqa: S105 - published demo credential


@dataclass(frozen=True)
class Persona:
    username: str
    display_name: str
    role: Role
    unit_key: str
    description: str


PERSONAS = [
    Persona("admin", "系统管理员", Role.SYSTEM_ADMIN, "committee", "系统管理、工作日历、审计日志"),
    Persona("leader", "王建国", Role.ZONE_LEADER, "committee", "管委会领导：首页、大屏、月度通报"),
    Persona("econ", "李经发", Role.DEPT_OFFICER, "econ", "经济发展局：项目库、月度调度"),
    Persona("invest", "赵招商", Role.DEPT_OFFICER, "invest", "招商服务中心：招商线索、活动与外出招商"),
    Persona("hall", "刘大厅", Role.HALL_MANAGER, "hall", "政务服务大厅管理员：评价、设备、申诉复核"),
    Persona("clerk", "张窗口", Role.WINDOW_STAFF, "hall", "窗口人员：办件与本人评价"),
    Persona("handler", "陈整改", Role.HANDLER, "approval", "行政审批服务局差评处理人：回访、整改"),
    Persona("operator", "孙孵化", Role.INCUBATOR_OPERATOR, "tusstar", "启迪之星(聊城)运营人员：足迹、需求匹配"),
    Persona("siwei", "周四维", Role.ENTERPRISE_USER, "tusstar", "企业用户（聊城市四维自动化科技）：发布需求"),
]
