"""The monthly bulletin (调度通报) as a Word document: figures, tables and rankings."""

from __future__ import annotations

import io
from decimal import Decimal

from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.core.audit import audit_log
from gaoxin.core.models import User
from gaoxin.core.permissions import require
from gaoxin.projects import selectors

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def yi(amount: Decimal | int | None) -> str:
    """万元 → "12.34亿元"."""
    value = Decimal(amount or 0) / 10000
    return f"{value.quantize(Decimal('0.01')).normalize():f}亿元"


def wan(amount: Decimal | int | None) -> str:
    value = Decimal(amount or 0).quantize(Decimal("0.01")).normalize()
    return f"{value:f}"


def _table(doc, headers: list[str], rows: list[list[str]]):  # type: ignore[no-untyped-def]
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = str(text)
    return table


def build_bulletin(user: User, year: int, month: int) -> bytes:
    from docx import Document

    figures = selectors.zone_figures(user, year, region=selectors.home_region(user))
    rows = selectors.progress_board(user, year, month)
    ranking = selectors.unit_ranking(user, year, month)
    plan = sum((r.plan for r in rows), start=selectors.ZERO)
    done = sum((r.done for r in rows), start=selectors.ZERO)
    ratio = selectors.completion_ratio(done, plan)
    doc = Document()
    doc.add_heading(_("重点项目建设调度通报（%(y)s年1–%(m)s月）") % {"y": year, "m": month}, level=1)
    doc.add_paragraph(
        _(
            "%(y)s年全区共有省市区重点项目 %(n)s 个，总投资 %(t)s，年度计划投资 %(p)s，其中省市重点项目 %(pc)s 个。"
            "1–%(m)s月累计完成投资 %(d)s，占年度计划的 %(r)s%%，时序进度 %(tp)s%%。"
        )
        % {
            "y": year,
            "n": figures["key_count"],
            "t": yi(figures["key_total_investment"]),
            "p": yi(figures["key_year_plan"]),
            "pc": figures["key_province_or_city"],
            "m": month,
            "d": yi(done),
            "r": ratio if ratio is not None else "—",
            "tp": selectors.time_progress(month),
        }
    )
    doc.add_paragraph(
        _(
            "“双招双引”：今年以来新签约项目 %(s)s 个、计划总投资 %(sa)s，新开工项目 %(st)s 个；举办招商活动 %(e)s 场，"
            "外出招商 %(tr)s 批次。制造业新签约亿元以上项目 %(mn)s 个、%(ma)s；新签约亿元以上链条项目 %(cn)s 个、%(ca)s。"
        )
        % {
            "s": figures["signed_count"],
            "sa": yi(figures["signed_amount"]),
            "st": figures["started_count"],
            "e": figures["events_count"],
            "tr": figures["trips_count"],
            "mn": figures["manufacturing_signed_above_1_count"],
            "ma": yi(figures["manufacturing_signed_above_1_amount"]),
            "cn": figures["chain_signed_above_1_count"],
            "ca": yi(figures["chain_signed_above_1_amount"]),
        }
    )
    if figures.get("rank_completed"):
        doc.add_paragraph(
            _("1–%(m)s月，完成投资列全市第%(a)s位，年度计划完成率列全市第%(b)s位。")
            % {"m": figures["ranking_month"], "a": figures["rank_completed"], "b": figures["rank_ratio"]}
        )
    doc.add_heading(_("一、责任单位排名"), level=2)
    _table(
        doc,
        [
            _("排名"),
            _("责任单位"),
            _("项目数"),
            _("年度计划（万元）"),
            _("累计完成（万元）"),
            _("完成率（%）"),
            _("完成率排名"),
        ],
        [
            [
                str(r.rank_done),
                r.unit.name,
                str(r.projects),
                wan(r.plan),
                wan(r.done),
                str(r.ratio if r.ratio is not None else "—"),
                str(r.rank_ratio),
            ]
            for r in ranking
        ],
    )
    doc.add_heading(_("二、项目推进情况"), level=2)
    _table(
        doc,
        [
            _("项目编码"),
            _("项目名称"),
            _("责任单位"),
            _("年度计划（万元）"),
            _("当月完成（万元）"),
            _("累计完成（万元）"),
            _("完成率（%）"),
            _("状态"),
        ],
        [
            [
                r.project.code,
                r.project.name,
                r.project.unit.name,
                wan(r.plan),
                wan(r.month_amount) if r.month_amount is not None else _("未填报"),
                wan(r.done),
                str(r.ratio if r.ratio is not None else "—"),
                str(r.status.label),
            ]
            for r in rows
        ],
    )
    missing = [r for r in rows if not r.reported]
    doc.add_heading(_("三、未按时填报"), level=2)
    if missing:
        _table(doc, [_("项目名称"), _("责任单位")], [[r.project.name, r.project.unit.name] for r in missing])
    else:
        doc.add_paragraph(_("本月所有项目均已填报。"))
    open_issues = list(selectors.issue_list(user, status="open"))
    doc.add_heading(_("四、待协调问题"), level=2)
    if open_issues:
        _table(
            doc,
            [_("项目"), _("问题"), _("责任单位"), _("办理期限"), _("督办")],
            [
                [
                    i.project.name,
                    i.title,
                    i.assigned_unit.name,
                    timezone.localtime(i.due_at).strftime("%Y-%m-%d"),
                    _("已升级") if i.escalated_at else "",
                ]
                for i in open_issues
            ],
        )
    else:
        doc.add_paragraph(_("暂无待协调问题。"))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def bulletin_response(*, actor: User, year: int, month: int) -> HttpResponse:
    require(actor, "projects.bulletin.download")
    content = build_bulletin(actor, year, month)
    filename = f"重点项目调度通报-{year}年{month}月.docx"
    with transaction.atomic():
        audit_log(
            actor=actor,
            action="projects.bulletin.download",
            object_type="projects.bulletin",
            object_repr=filename,
            after={"year": year, "month": month},
        )
    response = HttpResponse(content, content_type=DOCX_TYPE)
    from django.utils.http import content_disposition_header

    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
