"""Objects of two units for the permission and privacy sweeps.

On top of the persona world (conftest `world`): for 聊城高新区 ("own") and 东昌府区 ("other")
one of each thing a route can take by id — hall, window, staff, device, case, rating (bad and
real-name, with a distinctive rater), work order, integrity finding, enterprise, base, need,
match, referral, visit, 足迹 event, project, milestone, issue, attraction event and trip,
import job, API token. Built through the services wherever they take an actor of None.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.core import signing
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from gaoxin.core.testing import PERSONA_ROLES

SIDES = ("own", "other")
PERSONAS = [*PERSONA_ROLES, "other_enterprise", "nobody", "anonymous"]

# Distinctive rater identities, one per side: no other fixture uses these values.
RATERS = {
    "own": {"name": "欧阳秘密", "phone": "13571234509", "id_number": "37150219850317461X"},
    "other": {"name": "司马隐私", "phone": "15839876521", "id_number": "371502199212083317"},
}


def phone_forms(phone: str) -> list[str]:
    """The phone as written and in masked-but-reversible forms (spaces, dashes, +86)."""
    a, b, c = phone[:3], phone[3:7], phone[7:]
    return [phone, f"{a} {b} {c}", f"{a}-{b}-{c}", f"+86{phone}", f"+86 {phone}", f"{a}&nbsp;{b}&nbsp;{c}"]


def secrets_of(side: str) -> list[str]:
    r = RATERS[side]
    escaped = json.dumps(r["name"])[1:-1]  # JSON with ensure_ascii writes the name as \\uXXXX
    escaped_upper = "".join(f"\\u{ord(c):04X}" for c in r["name"])
    # masks show phone[:3]+phone[-4:] and id[:3]+id[-4:]; any text showing the hidden middle would,
    # with the standard mask elsewhere, give the whole value back
    phone, idn = r["phone"], r["id_number"]
    partial = [phone[:7], phone[3:], idn[3:-4]]
    return [r["name"], escaped, escaped_upper, idn, idn.lower(), *phone_forms(phone), *partial]


@dataclass
class SweepData:
    world: Any
    objs: dict[str, dict[str, Any]] = field(default_factory=lambda: {s: {} for s in SIDES})
    tokens: dict[str, str] = field(default_factory=dict)

    def get(self, side: str, kind: str) -> Any:
        return self.objs[side][kind]


def build_sweep(world: Any) -> SweepData:
    from gaoxin.core.enums import Role
    from gaoxin.core.models import ImportJob
    from gaoxin.core.services import user_create
    from gaoxin.core.testing import PASSWORD
    from gaoxin.core.tokens import api_token_issue
    from gaoxin.enterprises.models import Enterprise, EnterpriseMember, Industry
    from gaoxin.evalstats.models import IntegrityFinding
    from gaoxin.evaluations.enums import Channel, ItemKind
    from gaoxin.evaluations.services import (
        case_complete,
        case_create,
        device_register,
        evaluation_record,
        hall_create,
        item_create,
        staff_create,
        window_create,
    )
    from gaoxin.evaluations.services.qr import case_qr_token, staff_qr_token
    from gaoxin.evaluations.services.ratings import Rater
    from gaoxin.evaluations.views.public import LOOKUP_SALT
    from gaoxin.matching.models import Match
    from gaoxin.matching.services import (
        base_register,
        event_create,
        incubation_sign,
        need_create,
        referral_create,
        resource_create,
        trail_log,
    )
    from gaoxin.projects.models import Issue, Milestone
    from gaoxin.projects.services import ProjectData, project_create, reference_data_ensure
    from gaoxin.projects.services.activities import event_create as attraction_event_create
    from gaoxin.projects.services.activities import trip_create
    from gaoxin.projects.services.issues import issue_raise
    from gaoxin.projects.services.projects import milestone_plan
    from gaoxin.rectifications.models import WorkOrder

    d = SweepData(world=world)
    u = world.units
    units = {
        "own": {"hall": u["hall"], "dept": u["approval"], "econ": u["econ"], "base": u["base"]},
        "other": {
            "hall": u["other_hall"],
            "dept": u["other_approval"],
            "econ": u["other_econ"],
            "base": u["other_base"],
        },
    }
    clerks = {"own": world.users["clerk"], "other": world.users["other_clerk"]}
    reference_data_ensure(actor=None)
    from gaoxin.projects.models import AttractionMode, IndustryGroup

    industry_group = IndustryGroup.objects.get(name="高端装备")
    mode = AttractionMode.objects.get(name="以商招商")
    industry = Industry.objects.filter(level=2).order_by("code").first()
    other_enterprise_user = user_create(
        actor=None, username="other_enterprise", password=PASSWORD, display_name="other_enterprise",
        unit=u["other_base"], roles=[Role.ENTERPRISE_USER],
    )  # fmt: skip
    bases = {}
    for side in SIDES:
        o = d.objs[side]
        su = units[side]
        code = "GXDT" if side == "own" else "DCFZX"
        o["hall"] = hall = hall_create(actor=None, unit=su["hall"], code=code)
        o["window"] = window = window_create(actor=None, hall=hall, number="1", name="综合受理", department=su["dept"])
        o["staff"] = staff = staff_create(
            actor=None, user=clerks[side], hall=hall, window=window, job_number=f"{code}001"
        )
        o["item"] = item = item_create(
            actor=None, code=f"{code}-ITEM-1", name="建设工程规划许可", department=su["dept"],
            kind=ItemKind.PROMISED, time_limit_days=10,
        )  # fmt: skip
        o["device"], d.tokens[f"device_{side}"] = device_register(actor=None, hall=hall, name="评价器1", window=window)
        when = timezone.now() - timedelta(hours=3)
        cases = []
        for n in range(3):
            case = case_create(
                actor=None, number=f"{code}2026{n:04d}", item=item, hall=hall, window=window, staff=staff,
                applicant_name="申请人甲", applicant_phone="13000000000", applicant_id_number="371502199001011234",
                accepted_at=when,
            )  # fmt: skip
            case_complete(actor=None, case=case, completed_at=when + timedelta(hours=1))
            cases.append(case)
        o["case"] = cases[0]
        o["open_case"] = case_create(
            actor=None, number=f"{code}2026OPEN", item=item, hall=hall, window=window, staff=staff,
            applicant_name="申请人乙", applicant_phone="13000000001", accepted_at=when,
        )  # fmt: skip
        r = RATERS[side]
        rater = Rater(name=r["name"], phone=r["phone"], id_number=r["id_number"], consent=True)
        o["rating"] = evaluation_record(
            actor=None, channel=Channel.DEVICE, level=1, uuid=uuid.uuid4(), case=cases[0], text="等了很久没人管",
            rater=rater,
        ).rating  # fmt: skip
        o["good_rating"] = evaluation_record(
            actor=None, channel=Channel.PC, level=5, uuid=uuid.uuid4(), case=cases[1], rater=rater
        ).rating
        o["order"] = WorkOrder.objects.get(rating=o["rating"])
        o["finding"] = IntegrityFinding.objects.create(
            hall=hall, region=hall.unit.region, kind="burst", subject=f"{code} 评价器1",
            fingerprint=f"sweep-{side}", evidence={"n": 3}, detected_at=timezone.now(),
        )  # fmt: skip
        d.tokens[f"staff_qr_{side}"] = staff_qr_token(staff)
        d.tokens[f"case_qr_{side}"] = case_qr_token(cases[2])
        d.tokens[f"lookup_{side}"] = signing.dumps(case_qr_token(cases[2]), salt=LOOKUP_SALT)
        # enterprises and 足迹
        region = su["base"].region
        o["enterprise"] = ent = Enterprise.objects.create(
            name=f"{'聊城' if side == 'own' else '东昌府'}某自动化科技有限公司", industry=industry, unit=su["base"],
            region=region,
        )  # fmt: skip
        EnterpriseMember.objects.create(
            user=world.users["enterprise"] if side == "own" else other_enterprise_user, enterprise=ent
        )
        o["base"] = base = base_register(actor=None, unit=su["base"], network="启迪之星", city="聊城")
        bases[side] = base
        incubation_sign(actor=None, base=base, enterprise=ent, signed_on=date(2021, 3, 1), stage="growth")
        o["need"] = need = need_create(
            actor=None, enterprise=ent, type="market", title="寻找自动化产线集成商", description="码垛机器人",
            base=base,
        )  # fmt: skip
        o["resource"] = res = resource_create(
            actor=None, base=base, rematch=False, type="investor", title=f"{side}天使基金", description="先进制造",
            industries=["C34"], regions=["全国"], amount_min_wan=100, amount_max_wan=1000,
        )  # fmt: skip
        o["match"] = Match.objects.create(need=need, resource=res, rank=1, score=0.9, created_at=timezone.now())
        o["visit"] = trail_log(
            actor=None, base=base, enterprise=ent, kind="visit", summary="走访", follow_up="回访",
            follow_up_due=timezone.localdate() + timedelta(days=3), author=world.users["operator"],
        )  # fmt: skip
        o["mevent"] = event_create(actor=None, base=base, title="路演", kind="roadshow", held_on=timezone.localdate())
        # projects
        o["project"] = project = project_create(
            actor=None,
            data=ProjectData(
                name=f"{side}智能装备产业园", unit=su["econ"], total_investment=Decimal(20000), level="district",
                industry=industry_group, mode=mode, is_manufacturing=True, chain_tag="",
            ),
            code=f"SW-{side}",
        )  # fmt: skip
        milestone_plan(actor=None, project=project, name="开工", planned_on=timezone.localdate() + timedelta(days=30))
        o["milestone"] = Milestone.objects.get(project=project, name="开工")
        issue_raise(actor=None, project=project, title="用地指标", assigned_unit=su["econ"])
        o["issue"] = Issue.objects.get(project=project, title="用地指标")
        o["pevent"] = attraction_event_create(
            actor=None, kind="promotion", title="推介会", held_on=timezone.localdate(), unit=su["econ"]
        )
        o["trip"] = trip_create(
            actor=None, destination="深圳", start_on=timezone.localdate(), end_on=timezone.localdate(), delegation="招商小分队",
            unit=su["econ"],
        )  # fmt: skip
        o["import_job"] = ImportJob.objects.create(
            importer="calendar", file="imports/sweep.xlsx", original_name="sweep.xlsx",
            created_by=world.users["admin"], unit=su["econ"],
        )  # fmt: skip
        o["token"], d.tokens[f"api_{side}"] = api_token_issue(
            actor=None, name=f"sweep-{side}", scopes=["evaluations.write"], unit=su["hall"]
        )
    with transaction.atomic():
        for side, to in (("own", "other"), ("other", "own")):
            d.objs[side]["referral"] = referral_create(actor=None, need=d.get(side, "need"), to_base=bases[to])
    d.objs["own"]["enterprise_user_other"] = other_enterprise_user
    return d


def user_of(sweep: SweepData, name: str) -> Any:
    """The persona's user, with the per-object permission caches cleared."""
    from django.contrib.auth.models import AnonymousUser

    if name == "anonymous":
        return AnonymousUser()
    user = sweep.get("own", "enterprise_user_other") if name == "other_enterprise" else sweep.world.users[name]
    user.__dict__.pop("_gaoxin_grants", None)
    user.__dict__.pop("_gaoxin_enterprises", None)
    return user


# ---------------------------------------------------------------- requests that leave no trace


def _tables() -> list[str]:
    return sorted({m._meta.db_table for m in apps.get_models() if m._meta.managed and not m._meta.proxy})


def table_counts() -> tuple[int, ...]:
    """Row counts of every table, in one query; the last figure counts rater.reveal audit rows."""
    qn = connection.ops.quote_name
    parts = [f"SELECT {i}, COUNT(*) FROM {qn(t)}" for i, t in enumerate(_tables())]  # noqa: S608
    from gaoxin.core.models import AuditEvent

    audit = qn(AuditEvent._meta.db_table)
    parts.append(f"SELECT {len(parts)}, COUNT(*) FROM {audit} WHERE action = 'rater.reveal'")  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts))
        return tuple(n for _i, n in sorted(cursor.fetchall()))


@dataclass
class Result:
    resp: Any
    changed: list[str]  # tables whose row count changed
    reveals: int  # rater.reveal audit rows written

    @property
    def code(self) -> int:
        return int(self.resp.status_code)


def request(client: Client, method: str, url: str, **kwargs: Any) -> Result:
    """One request in a savepoint that is rolled back: what it wrote is measured, then undone."""
    from gaoxin.core.models import AuditEvent

    reveals = AuditEvent.objects.filter(action="rater.reveal")
    with transaction.atomic():
        if method == "GET":  # a read: only the reveal log is counted (one cheap query each side)
            n = reveals.count()
            resp = client.get(url, **kwargs)
            result = Result(resp, [], reveals.count() - n)
        else:
            before = table_counts()
            resp = getattr(client, method.lower())(url, **kwargs)
            after = table_counts()
            changed = [t for t, a, b in zip(_tables(), before, after, strict=False) if a != b]
            result = Result(resp, changed, after[-1] - before[-1])
        transaction.set_rollback(True)
    return result


# ---------------------------------------------------------------- scanning bodies for rater identity


def body_text(resp: Any) -> str:
    """The response as text; the XML parts of an .xlsx/.docx (zip) file, unzipped."""
    import html
    import io
    import zipfile

    raw = b"".join(resp.streaming_content) if getattr(resp, "streaming", False) else resp.content
    if raw[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            text = "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if not n.endswith(".png"))
    else:
        text = raw.decode("utf-8", "replace")
    # openpyxl writes every non-ASCII character as &#NNNNN;: scan the text with references resolved too
    return text + "\n" + html.unescape(text)


def leaked(text: str) -> dict[str, list[str]]:
    """{side: [secret values found in text]} for the two distinctive raters."""
    compact = text.replace(" ", "").replace("\u00a0", "").replace("-", "")
    out = {}
    for side in SIDES:
        found = [s for s in secrets_of(side) if s in text or s.replace(" ", "").replace("-", "") in compact]
        if found:
            out[side] = found
    return out


def assert_no_leak(problems: list[Any], where: tuple[Any, ...], result: Any, sweep: SweepData, persona: str) -> bool:
    """Record a problem when the body shows a rater's identity other than through a logged reveal.

    Returns True when the body was scanned. A reveal is legitimate only in a POST answer that
    wrote a rater.reveal audit row, to someone who may reveal that side's rating.
    """
    from gaoxin.evaluations.services.privacy import may_reveal

    if where[1] == "GET" and result.reveals:
        problems.append((*where, result.code, "a GET logged a reveal"))
    found = leaked(body_text(result.resp))
    for side, values in found.items():
        user = user_of(sweep, persona)
        legitimate = (
            where[1] == "POST"
            and result.reveals == 1
            and user.is_authenticated
            and may_reveal(user, sweep.get(side, "rating"))
        )
        if not legitimate:
            problems.append((*where, result.code, f"shows rater of {side}: {values}"))
    return True
