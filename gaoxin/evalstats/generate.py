"""A realistic 好差评 dataset at national scale, for benchmarks (never for the demo).

`generate(ratings=N, seed=S)` builds a province → cities → districts/zones org with halls,
windows, staff and a service-item catalogue, then cases, ratings (≈97% good, ≈1% bad with work
orders, follow-ups, real-name share, channels) over two years of working days. On PostgreSQL
rows go in through COPY (psycopg 3 `cursor.copy`) with secondary indexes dropped during the
load and rebuilt after; on SQLite (small sizes, tests) through executemany. The rollups are then
rebuilt in SQL (`bulk.rollup_rebuild_sql`). Same seed, same data.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import connection, connections, transaction
from django.utils import timezone

from gaoxin.core.enums import RegionLevel, UnitKind
from gaoxin.core.models import Region, Unit, User
from gaoxin.evalstats.bulk import secondary_indexes
from gaoxin.evaluations.enums import BAD_LEVELS, ApplicantType, CaseStatus, Channel, HallKind, ItemKind
from gaoxin.evaluations.models import Case, Hall, Rating, ServiceItem, Staff, Window

CITIES = [
    ("济南市", "3701"),
    ("青岛市", "3702"),
    ("淄博市", "3703"),
    ("枣庄市", "3704"),
    ("东营市", "3705"),
    ("烟台市", "3706"),
    ("潍坊市", "3707"),
    ("济宁市", "3708"),
    ("泰安市", "3709"),
    ("威海市", "3710"),
    ("日照市", "3711"),
    ("临沂市", "3713"),
    ("德州市", "3714"),
    ("聊城市", "3715"),
    ("滨州市", "3716"),
    ("菏泽市", "3717"),
]
DISTRICT_NAMES = ["东城区", "西城区", "南湖区", "北山区", "河东区", "新华县", "平安县", "长乐县", "东阿县", "临河县"]
DEPARTMENTS = [
    "行政审批服务局",
    "市场监督管理局",
    "人力资源和社会保障局",
    "税务局",
    "公安分局",
    "自然资源局",
    "住房和城乡建设局",
    "卫生健康局",
    "民政局",
    "医疗保障局",
    "不动产登记中心",
    "住房公积金中心",
]
ITEM_VERBS = [
    "设立登记",
    "变更登记",
    "注销登记",
    "许可",
    "备案",
    "证明开具",
    "资格认定",
    "补贴申领",
    "年度报告",
    "信息查询",
    "证件补办",
    "审核",
    "转移登记",
    "缴费",
    "核定",
    "延续",
]
ITEM_OBJECTS = [
    "企业",
    "个体工商户",
    "食品经营",
    "药品零售",
    "建设工程",
    "社会保险",
    "失业保险",
    "医疗保险",
    "户籍",
    "居民身份证",
    "不动产",
    "公积金",
    "婚姻",
    "养老服务",
    "特种设备",
    "道路运输",
]
# channel, weight, share of real-name raters
CHANNELS = [
    (Channel.DEVICE, 45, 0.35),
    (Channel.QR, 20, 0.9),
    (Channel.MOBILE, 18, 0.95),
    (Channel.PC, 9, 0.95),
    (Channel.TERMINAL, 5, 0.4),
    (Channel.HOTLINE, 2, 1.0),
    (Channel.SMS, 1, 1.0),
]
LEVELS = [5, 4, 3, 2, 1]
LEVEL_WEIGHTS = [89.0, 8.0, 2.0, 0.6, 0.4]  # ≈97% good (非常满意+满意), ≈1% bad
ACTIVE_RATE = 0.88  # completed cases rated by the applicant
DEFAULT_SHARE = 0.5  # of the unrated completed cases, in regions that give default ratings
SHANGHAI_OFFSET = 8 * 3600


@dataclass
class Org:
    regions: list[Region] = field(default_factory=list)
    halls: list[Hall] = field(default_factory=list)
    windows: list[Window] = field(default_factory=list)
    staff_by_window: dict[int, list[int]] = field(default_factory=dict)
    items_by_dept_name: dict[str, list[int]] = field(default_factory=dict)
    dept_name: dict[int, str] = field(default_factory=dict)
    default_regions: set[int] = field(default_factory=set)


def _paths(objs: list[Any], parent_of: Callable[[Any], Any]) -> None:
    for o in objs:
        p = parent_of(o)
        o.path = f"{p.path if p else '/'}{o.pk}/"


def build_org(rng: random.Random, *, cities: int = 16) -> Org:
    """Province, cities, districts and zones; one committee with 12 departments and 1–4 halls each."""
    org = Org()
    province = Region.objects.create(name="山东省", code="370000", level=RegionLevel.PROVINCE)
    province.path = f"/{province.pk}/"
    province.save(update_fields=["path"])
    city_regions = Region.objects.bulk_create(
        [Region(name=n, code=c + "00", level=RegionLevel.CITY, parent=province) for n, c in CITIES[:cities]]
    )
    _paths(city_regions, lambda r: province)
    Region.objects.bulk_update(city_regions, ["path"])
    districts: list[Region] = []
    for city, (cname, ccode) in zip(city_regions, CITIES, strict=False):
        n = rng.randint(5, 9)
        names = [*rng.sample(DISTRICT_NAMES, n - 1), f"{cname[:-1]}高新区"]
        for i, name in enumerate(names):
            level = RegionLevel.ZONE if name.endswith("高新区") else RegionLevel.COUNTY
            districts.append(
                Region(
                    name=f"{cname[:-1]}{name}" if level != RegionLevel.ZONE else name,
                    code=f"{ccode}{i + 2:02d}",
                    level=level,
                    parent=city,
                )
            )
    districts = Region.objects.bulk_create(districts)
    by_id = {r.pk: r for r in [province, *city_regions]}
    _paths(districts, lambda r: by_id[r.parent_id])
    Region.objects.bulk_update(districts, ["path"])
    org.regions = [province, *city_regions, *districts]
    org.default_regions = {r.pk for r in districts if rng.random() < 0.5}

    # units: a committee per region, departments and halls under the district committees
    committees = Unit.objects.bulk_create(
        [
            Unit(
                region=r,
                name=f"{r.name}人民政府" if r.level != RegionLevel.ZONE else f"{r.name}管委会",
                kind=UnitKind.COMMITTEE,
            )
            for r in org.regions
        ]
    )
    _paths(committees, lambda u: None)
    Unit.objects.bulk_update(committees, ["path"])
    committee_of = {u.region_id: u for u in committees}
    children: list[Unit] = []
    for r in districts:
        c = committee_of[r.pk]
        children += [Unit(region=r, parent=c, name=d, kind=UnitKind.BUREAU) for d in DEPARTMENTS]
        n_halls = 1 + rng.choice([0, 1, 2, 2, 3])
        children += [
            Unit(region=r, parent=c, name="政务服务中心" if i == 0 else f"第{i}便民服务中心", kind=UnitKind.HALL)
            for i in range(n_halls)
        ]
    for c in committees[:1]:  # provincial departments own the catalogue
        children += [Unit(region=province, parent=c, name=f"省{d}", kind=UnitKind.BUREAU) for d in DEPARTMENTS]
    children = Unit.objects.bulk_create(children)
    committee_by_id = {u.pk: u for u in committees}
    _paths(children, lambda u: committee_by_id[u.parent_id])
    Unit.objects.bulk_update(children, ["path"])
    depts_of: dict[int, list[Unit]] = {}
    hall_units: list[Unit] = []
    for u in children:
        if u.kind == UnitKind.BUREAU and u.region_id != province.pk:
            depts_of.setdefault(u.region_id, []).append(u)
            org.dept_name[u.pk] = u.name
        elif u.kind == UnitKind.HALL:
            hall_units.append(u)
    province_depts = {u.name[1:]: u for u in children if u.region_id == province.pk}

    # catalogue: ~16 items per department type, owned by the provincial department
    items = []
    for d in DEPARTMENTS:
        for i in range(rng.randint(12, 20)):
            obj, verb = rng.choice(ITEM_OBJECTS), ITEM_VERBS[i % len(ITEM_VERBS)]
            items.append(
                ServiceItem(
                    code=f"37{DEPARTMENTS.index(d):02d}{i:04d}",
                    name=f"{obj}{verb}",
                    department=province_depts[d],
                    kind=rng.choice(list(ItemKind.values)),
                    time_limit_days=rng.choice([0, 0, 3, 5, 10, 20]),
                )
            )
    items = ServiceItem.objects.bulk_create(items)
    for it in items:
        org.items_by_dept_name.setdefault(it.department.name[1:], []).append(it.pk)

    region_name = {r.pk: r.name for r in org.regions}
    halls = Hall.objects.bulk_create(
        [
            Hall(
                unit=u,
                name=f"{region_name[u.region_id]}{u.name}",
                code=f"H{u.pk:06d}",
                kind=HallKind.CENTER if u.name == "政务服务中心" else HallKind.TOWN,
                region_id=u.region_id,
            )
            for u in hall_units
        ]
    )
    org.halls = halls
    windows = []
    for h in halls:
        depts = depts_of[h.region_id]
        n = 12 if h.kind == HallKind.CENTER else 4
        for i in range(n):
            windows.append(Window(hall=h, number=str(i + 1), name=f"综合窗口{i + 1}", department=depts[i % len(depts)]))
    windows = Window.objects.bulk_create(windows)
    org.windows = windows
    users = User.objects.bulk_create(
        [
            User(
                username=f"gen-staff-{w.pk}-{k}",
                display_name=f"工作人员{w.pk}-{k}",
                password=make_password(None),
                unit_id=w.hall.unit_id,
            )
            for w in windows
            for k in range(1 + (rng.random() < 0.4))
        ]
    )
    window_of_user = {u.username: int(u.username.split("-")[2]) for u in users}
    hall_of_window = {w.pk: w.hall_id for w in windows}
    staff = Staff.objects.bulk_create(
        [
            Staff(
                user=u,
                hall_id=hall_of_window[window_of_user[u.username]],
                window_id=window_of_user[u.username],
                job_number=f"G{u.pk:06d}",
            )
            for u in users
        ]
    )
    for s in staff:
        org.staff_by_window.setdefault(s.window_id, []).append(s.pk)  # type: ignore[arg-type]
    return org


class Clock:
    """Fast UTC timestamp strings from epoch seconds (no datetime objects per row)."""

    def __init__(self, suffix: str) -> None:
        self.days: dict[int, str] = {}
        self.suffix = suffix
        self.tod = [f"{h:02d}:{m:02d}:{s:02d}" for h in range(24) for m in range(60) for s in range(60)]

    def __call__(self, t: int) -> str:
        d, s = divmod(t, 86400)
        day = self.days.get(d)
        if day is None:
            day = self.days[d] = datetime.fromtimestamp(d * 86400, UTC).strftime("%Y-%m-%d")
        return f"{day} {self.tod[s]}{self.suffix}"


CASE_COLUMNS = [
    "id",
    "number",
    "item_id",
    "hall_id",
    "window_id",
    "staff_id",
    "department_id",
    "region_id",
    "applicant_type",
    "applicant_name_enc",
    "applicant_phone_enc",
    "applicant_id_enc",
    "applicant_phone_index",
    "applicant_phone_last4",
    "status",
    "accepted_at",
    "completed_at",
]
RATING_COLUMNS = [
    "id",
    "uuid",
    "case_id",
    "hall_id",
    "window_id",
    "staff_id",
    "department_id",
    "item_id",
    "region_id",
    "channel",
    "level",
    "tags",
    "tag_set_version",
    "text",
    "rating_no",
    "is_real_name",
    "rater_type",
    "rater_name_enc",
    "rater_phone_enc",
    "rater_id_enc",
    "rater_phone_index",
    "is_default",
    "created_at",
    "received_at",
    "integrity_flags",
]
ORDER_COLUMNS = [
    "id",
    "number",
    "rating_id",
    "case_id",
    "hall_id",
    "item_id",
    "region_id",
    "department_id",
    "status",
    "level",
    "is_real_name",
    "text",
    "topic",
    "topic_confidence",
    "topic_corrected",
    "callback_due_at",
    "callback_due_provisional",
    "fix_due_at",
    "fix_due_provisional",
    "called_back",
    "callback_notes",
    "finding",
    "finding_notes",
    "fix_mode",
    "fix_plan",
    "answer",
    "followup_rating_id",
    "reopen_count",
    "appeal_reasons",
    "appeal_filed_at",
    "appeal_decision",
    "appeal_upheld",
    "appeal_decided_at",
    "outcome",
    "opened_at",
    "verified_at",
    "answered_at",
    "first_answered_at",
    "closed_at",
    "answered_on_time",
    "escalated",
]
BAD_TEXTS = ["等待时间太长", "工作人员态度不好", "材料要求反复变化", "系统故障无法办理", "一次告知不清楚"]


def _columns(model: type, known: list[str]) -> tuple[list[str], list[Any]]:
    """Known columns plus every other concrete column with the model's default (or NULL)."""
    extra_cols, extra_vals = [], []
    for f in model._meta.concrete_fields:  # type: ignore[attr-defined]
        if f.column not in known:
            extra_cols.append(f.column)
            extra_vals.append(f.get_db_prep_save(f.get_default(), connection))
    return known + extra_cols, extra_vals


def rows(org: Org, rng: random.Random, *, ratings: int, end: date, days: int, pg: bool) -> Iterator[tuple]:
    """Yield ("case" | "rating" | "order", row) in id order until `ratings` ratings were made."""
    clock = Clock("+00" if pg else "")
    weights = []
    for w in org.windows:
        weights.append(3.0 if w.hall.kind == HallKind.CENTER else 1.0)
    cum_windows = list(accumulate(weights))
    hall_of = {h.pk: h for h in org.halls}
    region_code = {r.pk: r.code for r in org.regions}
    cum_channels = list(accumulate(float(c[1]) for c in CHANNELS))
    cum_levels = list(accumulate(LEVEL_WEIGHTS))
    start = end - timedelta(days=days - 1)
    workdays = [start + timedelta(days=i) for i in range(days)]
    day_weight = [(1.0 if d.weekday() < 5 else 0.06) * (0.85 + 0.3 * i / days) for i, d in enumerate(workdays)]
    # cases a day so that the expected number of ratings is `ratings`
    per_case = ACTIVE_RATE * 1.006 + (1 - ACTIVE_RATE) * DEFAULT_SHARE * len(org.default_regions) / max(
        1, len(org.regions)
    )
    total_cases = ratings / per_case
    scale = 1.01 * total_cases / sum(day_weight)  # a little over: stop at exactly `ratings`
    case_id = rating_id = order_id = 0
    made = 0
    rand, choices = rng.random, rng.choices
    for d, dw in zip(workdays, day_weight, strict=True):
        if made >= ratings:
            break
        day_t = int(datetime(d.year, d.month, d.day, tzinfo=UTC).timestamp()) - SHANGHAI_OFFSET
        n = int(dw * scale + rand())
        ymd = f"{d:%Y%m%d}"
        for window in choices(org.windows, cum_weights=cum_windows, k=n):
            if made >= ratings:
                break
            hall = hall_of[window.hall_id]
            region_id = hall.region_id
            dept = window.department_id
            items = org.items_by_dept_name[org.dept_name[dept]]
            item = items[min(len(items) - 1, int(len(items) * rand() ** 2))]  # popular items first
            staff_ids = org.staff_by_window.get(window.pk)
            staff = staff_ids[int(rand() * len(staff_ids))] if staff_ids else None
            completed = day_t + 8 * 3600 + 1800 + int(rand() * 8.5 * 3600)  # 08:30–17:00 local
            accepted = completed - (300 + int(rand() * 1800) if rand() < 0.7 else int(rand() * 10 * 86400))
            case_id += 1
            applicant = ApplicantType.PERSON if rand() < 0.8 else ApplicantType.ENTERPRISE
            yield (
                "case",
                (
                    case_id,
                    f"{region_code[region_id]}{ymd}{case_id:09d}",
                    item,
                    hall.pk,
                    window.pk,
                    staff,
                    dept,
                    region_id,
                    applicant,
                    "",
                    "",
                    "",
                    "",
                    "",
                    CaseStatus.COMPLETED.value,
                    clock(accepted),
                    clock(completed),
                ),
            )
            rater_type = "person" if applicant == ApplicantType.PERSON else "legal"
            if rand() >= ACTIVE_RATE:
                if region_id in org.default_regions and rand() < DEFAULT_SHARE:
                    rating_id += 1
                    made += 1
                    at = clock(completed + 15 * 86400)
                    yield (
                        "rating",
                        (
                            rating_id,
                            f"{rng.getrandbits(128):032x}",
                            case_id,
                            hall.pk,
                            window.pk,
                            staff,
                            dept,
                            item,
                            region_id,
                            None,
                            5,
                            "[]",
                            "",
                            "",
                            1,
                            False,
                            rater_type,
                            "",
                            "",
                            "",
                            "",
                            True,
                            at,
                            at,
                            "[]",
                        ),
                    )
                continue
            channel, _w, real_share = CHANNELS[_pick(cum_channels, rand())]
            level = LEVELS[_pick(cum_levels, rand())]
            delay = 5 + int(rand() * 600) if channel in (Channel.DEVICE, Channel.TERMINAL) else int(rand() * 3 * 86400)
            rated = completed + delay
            real_name = rand() < real_share
            rating_id += 1
            made += 1
            text = BAD_TEXTS[int(rand() * len(BAD_TEXTS))] if level in BAD_LEVELS and rand() < 0.7 else ""
            yield (
                "rating",
                (
                    rating_id,
                    f"{rng.getrandbits(128):032x}",
                    case_id,
                    hall.pk,
                    window.pk,
                    staff,
                    dept,
                    item,
                    region_id,
                    int(channel),
                    level,
                    "[]",
                    "",
                    text,
                    1,
                    real_name,
                    rater_type,
                    "",
                    "",
                    "",
                    "",
                    False,
                    clock(rated),
                    clock(rated + int(rand() * 3)),
                    "[]",
                ),
            )
            if level not in BAD_LEVELS:
                continue
            first_rating = rating_id
            order_id += 1
            called_back = real_name and rand() < 0.95
            appeal = rand() < 0.06
            upheld = (rand() < 0.6) if appeal else None
            answered = None if (upheld or rand() < 0.08) else rated + 86400 * (1 + int(rand() * 6))
            on_time = (rand() < 0.93) if answered else None
            followup = None
            if answered and rand() < 0.5 and made < ratings:
                rating_id += 1
                made += 1
                followup = rating_id
                f_at = answered + 3600 + int(rand() * 2 * 86400)
                yield (
                    "rating",
                    (
                        rating_id,
                        f"{rng.getrandbits(128):032x}",
                        case_id,
                        hall.pk,
                        window.pk,
                        staff,
                        dept,
                        item,
                        region_id,
                        int(channel),
                        choices(LEVELS, [60, 25, 10, 3, 2])[0],
                        "[]",
                        "",
                        "",
                        2,
                        real_name,
                        rater_type,
                        "",
                        "",
                        "",
                        "",
                        False,
                        clock(f_at),
                        clock(f_at),
                        "[]",
                    ),
                )
            status = "excluded" if upheld else ("closed" if answered else ("appealed" if appeal else "opened"))
            outcome = "appeal_upheld" if upheld else ("satisfied" if followup else ("no_followup" if answered else ""))
            ts = clock
            yield (
                "order",
                (
                    order_id,
                    f"GD{ymd}{order_id:08d}",
                    first_rating,
                    case_id,
                    hall.pk,
                    item,
                    region_id,
                    dept,
                    status,
                    level,
                    real_name,
                    text,
                    "",
                    0.0,
                    False,
                    ts(rated + 2 * 86400),
                    False,
                    ts(rated + 10 * 86400),
                    False,
                    called_back,
                    "已电话回访" if called_back else "",
                    "true" if answered else "",
                    "",
                    "immediate" if answered else "",
                    "",
                    "已整改" if answered else "",
                    followup,
                    0,
                    "误评" if appeal else "",
                    ts(rated + 86400) if appeal else None,
                    "已复核" if upheld is not None else "",
                    upheld,
                    ts(rated + 2 * 86400) if appeal else None,
                    outcome,
                    ts(rated + 1),
                    ts(rated + 86400) if called_back else None,
                    ts(answered) if answered else None,
                    ts(answered) if answered else None,
                    ts(answered + 86400) if answered else None,
                    on_time,
                    False,
                ),
            )


def _pick(cum: list[float], r: float) -> int:
    x = r * cum[-1]
    for i, c in enumerate(cum):
        if x < c:
            return i
    return len(cum) - 1


def load(org: Org, *, ratings: int, seed: int, end: date, days: int, log: Callable[[str], None]) -> dict[str, int]:
    """Insert cases, ratings and work orders; returns the counts."""
    from gaoxin.rectifications.models import WorkOrder

    rng = random.Random(seed + 1)
    models = {"case": Case, "rating": Rating, "order": WorkOrder}
    known = {"case": CASE_COLUMNS, "rating": RATING_COLUMNS, "order": ORDER_COLUMNS}
    cols = {k: _columns(models[k], known[k]) for k in models}
    tables = {k: m._meta.db_table for k, m in models.items()}
    counts = dict.fromkeys(models, 0)
    pg = connection.vendor == "postgresql"
    gen = rows(org, rng, ratings=ratings, end=end, days=days, pg=pg)
    if not pg:
        batches: dict[str, list[tuple]] = {k: [] for k in models}

        def flush(kind: str) -> None:
            c, extra = cols[kind]
            sql = f"INSERT INTO {tables[kind]} ({', '.join(c)}) VALUES ({', '.join(['%s'] * len(c))})"  # noqa: S608
            with connection.cursor() as cursor:
                cursor.executemany(sql, [(*r, *extra) for r in batches[kind]])
            batches[kind].clear()

        with transaction.atomic():
            for kind, row in gen:
                batches[kind].append(row)
                counts[kind] += 1
                if len(batches[kind]) >= 5000:
                    for k in ("case", "rating", "order"):  # parents first
                        flush(k)
            for k in ("case", "rating", "order"):
                flush(k)
        return counts

    # PostgreSQL: three connections COPY at once (cases, ratings, work orders); foreign-key
    # triggers off for these sessions (the generator makes the keys), indexes rebuilt after.
    django_conn = connections["default"]
    django_conn.ensure_connection()
    params = django_conn.get_connection_params()
    import psycopg

    with django_conn.cursor() as cursor:
        drops, creates = secondary_indexes(cursor, list(tables.values()))
        for sql in drops:
            cursor.execute(sql)
    conns = {k: psycopg.connect(**params) for k in models}
    started = time.perf_counter()
    try:
        copies = {}
        stack = []
        for k, conn in conns.items():
            conn.execute("SET session_replication_role = replica")
            conn.execute("SET synchronous_commit = off")
            c, _extra = cols[k]
            cm = conn.cursor().copy(f"COPY {tables[k]} ({', '.join(c)}) FROM STDIN")  # type: ignore[arg-type]
            copies[k] = cm.__enter__()
            stack.append(cm)
        extras = {k: tuple(cols[k][1]) for k in models}
        for kind, row in gen:
            copies[kind].write_row(row + extras[kind] if extras[kind] else row)
            counts[kind] += 1
            if counts["rating"] % 1_000_000 == 0 and kind == "rating":
                log(f"  {counts['rating']:,} ratings, {counts['case']:,} cases ({time.perf_counter() - started:.0f} s)")
        for cm in stack:
            cm.__exit__(None, None, None)
        for conn in conns.values():
            conn.commit()
    finally:
        for conn in conns.values():
            conn.close()
    log(f"  copied in {time.perf_counter() - started:.0f} s; rebuilding {len(creates)} indexes")
    t = time.perf_counter()
    with django_conn.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '512MB'")
        for sql in creates:
            cursor.execute(sql)
        for table in tables.values():
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), GREATEST(1, (SELECT MAX(id) FROM {table})))"  # noqa: S608
            )
        for table in tables.values():
            cursor.execute(f"ANALYZE {table}")
        cursor.execute("RESET maintenance_work_mem")
    log(f"  indexes and statistics in {time.perf_counter() - t:.0f} s")
    return counts


def generate(
    *, ratings: int, seed: int = 7, end: date | None = None, days: int = 730, log: Callable[[str], None] = print
) -> dict[str, Any]:
    """Org + data + rollups into an empty database. Returns counts and timings."""
    from gaoxin.evalstats.bulk import rollup_rebuild_sql

    if Rating.objects.exists():
        raise RuntimeError("the database already holds ratings: generate into an empty database")
    end = end or timezone.localdate() - timedelta(days=1)
    rng = random.Random(seed)
    t = time.perf_counter()
    with transaction.atomic():
        org = build_org(rng)
    log(
        f"org: {len(org.regions)} regions, {len(org.halls)} halls, {len(org.windows)} windows, "
        f"{sum(len(v) for v in org.staff_by_window.values())} staff, "
        f"{sum(len(v) for v in org.items_by_dept_name.values())} items ({time.perf_counter() - t:.1f} s)"
    )
    t = time.perf_counter()
    counts = load(org, ratings=ratings, seed=seed, end=end, days=days, log=log)
    load_s = time.perf_counter() - t
    log(
        f"data: {counts['rating']:,} ratings, {counts['case']:,} cases, {counts['order']:,} work orders "
        f"in {load_s:.0f} s ({counts['rating'] / load_s:,.0f} ratings/s)"
    )
    t = time.perf_counter()
    rollup_rows = rollup_rebuild_sql(actor=None, progress=lambda s, e: log(f"  rebuild: {s} at {e:.0f} s"))
    rebuild_s = time.perf_counter() - t
    log(f"rollups: {rollup_rows:,} rows rebuilt in SQL in {rebuild_s:.0f} s")
    return {**counts, "rollup_rows": rollup_rows, "load_s": load_s, "rebuild_s": rebuild_s, "end": end}
