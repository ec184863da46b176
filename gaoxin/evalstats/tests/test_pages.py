"""Statistics pages and API (fixed query counts), public disclosure (no personal data),
reports, integrity findings, permissions."""

from __future__ import annotations

import io
import uuid
from datetime import timedelta

import openpyxl
import pytest
import time_machine
from django.urls import reverse

from gaoxin.core.models import AuditEvent
from gaoxin.core.permissions import can
from gaoxin.evalstats.chisq import chi2_sf, goodness_of_fit
from gaoxin.evalstats.integrity import integrity_decide, integrity_scan
from gaoxin.evalstats.models import FindingKind, FindingStatus, IntegrityFinding
from gaoxin.evalstats.public import public_snapshot_refresh
from gaoxin.evalstats.rules import RULES
from gaoxin.evaluations.enums import Channel, Level
from gaoxin.evaluations.models import Rating
from gaoxin.rectifications.tests.factory import APPLICANT_NAME, APPLICANT_PHONE, RATER_NAME, RATER_PHONE, at

PERSONAS = ["admin", "leader", "officer", "hall_manager", "clerk", "handler", "operator", "enterprise"]
NOW = at(2026, 11, 20, 12)


def rate_many(loop, n: int, level: int = Level.VERY_SATISFIED, start=None, window="approval"):
    start = start or at(2026, 11, 2, 9)
    return [loop.rate(level=level, when=start + timedelta(minutes=i), window=window) for i in range(n)]


@pytest.mark.parametrize("action", sorted(RULES))
@pytest.mark.parametrize("persona", [*PERSONAS, "anonymous"])
def test_permission_matrix(world, action, persona):
    from django.contrib.auth.models import AnonymousUser

    user = AnonymousUser() if persona == "anonymous" else world.users[persona]
    roles = {g.role for g in user.grants.all()} if persona != "anonymous" else set()
    assert can(user, action) == bool(roles & set(RULES[action]))


@pytest.mark.parametrize("persona", [*PERSONAS, "anonymous"])
def test_overview_access(client_as, world, persona):
    response = client_as(persona).get(reverse("evalstats:overview"))
    expected = 200 if persona in ("admin", "leader", "officer", "hall_manager", "handler") else 403
    assert response.status_code == (302 if persona == "anonymous" else expected)


def test_overview_and_api_run_fixed_queries(client_as, loop, count_queries):
    c = client_as("hall_manager")
    url = reverse("evalstats:overview")
    api = "/api/v1/evalstats/figures"
    with time_machine.travel(NOW, tick=False):
        loop.rate(level=Level.DISSATISFIED, when=at(2026, 11, 2, 8))
        with count_queries() as q1:
            body = c.get(url, {"dimension": "window", "date": "2026-11-02"}).content.decode()
        with count_queries() as a1:
            data1 = c.get(api, {"dimension": "staff", "on": "2026-11-02"}).json()
        rate_many(loop, 6)
        rate_many(loop, 3, window="market", level=Level.BASIC)
        with count_queries() as q2:
            body = c.get(url, {"dimension": "window", "date": "2026-11-02"}).content.decode()
        with count_queries() as a2:
            data2 = c.get(api, {"dimension": "staff", "on": "2026-11-02"}).json()
    # page 10 -> 9: the region's total and trend in one query; API 8 -> 7: the page's sums and the
    # number of subjects in one query
    assert (len(q1), len(q2), len(a1), len(a2)) == (9, 9, 7, 7)
    assert body.count('data-row="') == 2
    assert data1["total"]["valid"] == 1
    assert data2["total"]["valid"] == 10
    assert data2["total"]["l1"] == 0
    assert data2["total"]["bad_rate"] == 10.0
    assert (data2["count"], data2["limit"], data2["offset"]) == (1, 200, 0)
    assert [r["valid"] for r in data2["rows"]] == [7]  # the market window's ratings name no staff


def test_api_figures_pages_by_subject(client_as, loop, count_queries):
    c = client_as("hall_manager")
    api = "/api/v1/evalstats/figures"
    loop.rate(level=Level.DISSATISFIED, when=at(2026, 11, 2, 8))
    rate_many(loop, 6)
    rate_many(loop, 3, window="market", level=Level.BASIC)
    with time_machine.travel(NOW, tick=False):
        whole = c.get(api, {"dimension": "window", "on": "2026-11-02"}).json()
        with count_queries() as full_page:  # a full page: its sums count the subjects too
            first = c.get(api, {"dimension": "window", "on": "2026-11-02", "limit": 1}).json()
        full_page_queries = len(full_page)  # before the next request resets the log
        second = c.get(api, {"dimension": "window", "on": "2026-11-02", "limit": 1, "offset": 1}).json()
        past = c.get(api, {"dimension": "window", "on": "2026-11-02", "offset": 5}).json()
        refused = [
            c.get(api, {"dimension": "window", "limit": limit, "offset": offset}).status_code
            for limit, offset in ((0, 0), (1001, 0), (1, -1))
        ]
    assert full_page_queries == 7  # was 9: subjects, their count and the page's sums are one query
    assert [r["key_id"] for r in whole["rows"]] == sorted(r["key_id"] for r in whole["rows"])
    assert (first["count"], first["limit"], first["offset"], first["rows"]) == (2, 1, 0, whole["rows"][:1])
    assert (second["count"], second["offset"], second["rows"]) == (2, 1, whole["rows"][1:])
    assert (past["count"], past["rows"]) == (2, [])
    assert first["total"] == second["total"] == whole["total"]
    assert [r["valid"] for r in whole["rows"]] == [7, 3]
    assert refused == [422, 422, 422]


@pytest.mark.parametrize("by", ["good_rate", "bad_rate"])
def test_ranking_top_is_the_head_of_the_full_ranking(loop, world, by):
    from gaoxin.evalstats.selectors import figures_by, ranking, ranking_top

    loop.rate(level=Level.SATISFIED, when=at(2026, 11, 2, 9))  # the two windows tie: same rate, same sample
    loop.rate(level=Level.SATISFIED, when=at(2026, 11, 2, 10), window="market")
    region = world.regions["zone"]
    args = {"dimension": "window", "period": "month", "ref": NOW.date(), "region": region}
    full = ranking(figures_by(None, **args), by=by)
    assert [f.valid for f in full] == [1, 1]
    assert full[0].name < full[1].name
    for top in (1, 2, 5):
        total, head = ranking_top(None, **args, by=by, top=top)
        assert (total, [(f.key_id, f.name) for f in head]) == (2, [(f.key_id, f.name) for f in full[:top]])
    assert ranking_top(None, **args, by=by, top=1, min_sample=2) == (2, full[:1])  # both below the sample: by name


@pytest.mark.parametrize("formula", ["three", "two"])
@pytest.mark.parametrize("by", ["good_rate", "bad_rate", "satisfaction"])
def test_ranking_reads_a_row_s_rate_as_its_figures_do(by, formula):
    """ranking_top ranks the summed rows without building their Figures: same rates."""
    import random

    from gaoxin.evalstats.models import COUNTERS
    from gaoxin.evalstats.selectors import Figures, _rate_of

    rng = random.Random(7)
    rate = _rate_of(by, formula)
    for _ in range(300):
        counts = {name: rng.randint(0, 40) for name in COUNTERS}
        counts["valid"] = rng.choice([0, 1, 3, 97, sum(counts[f"l{i}"] for i in range(1, 6))])
        assert rate((5, *(counts[n] for n in COUNTERS))) == getattr(Figures(counts=counts, formula=formula), by)


def test_public_page_has_no_personal_data(client, loop, world):
    bad = loop.rate(
        level=Level.VERY_DISSATISFIED, when=at(2026, 11, 2, 10), text=f"我叫{RATER_NAME}，电话{RATER_PHONE}"
    )
    loop.rate(level=Level.SATISFIED, when=at(2026, 11, 2, 11))
    with time_machine.travel(NOW, tick=False):
        public_snapshot_refresh(region=world.regions["zone"])
        response = client.get(reverse("evalstats:public"))
    body = response.content.decode()
    assert response.status_code == 200
    for secret in (
        RATER_NAME,
        RATER_PHONE,
        RATER_PHONE[-4:],
        APPLICANT_NAME,
        APPLICANT_PHONE,
        bad.case.number,
        world.clerk.display_name,
    ):
        assert secret not in body
    assert "行政审批服务局" in body
    assert bad.work_order.number in body
    xlsx = client.get(reverse("evalstats:public_quarterly"), {"date": "2026-11-02"})
    ws = openpyxl.load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    assert [c.value for c in ws[2]][:3] == ["行政审批服务局", 2, 0]


def test_public_page_shows_the_latest_snapshot_and_builds_live_without_one(client, loop, world):
    url = reverse("evalstats:public")
    row = '<tr><td>行政审批服务局</td><td class="text-end">{}</td>'
    loop.rate(level=Level.SATISFIED, when=at(2026, 11, 2, 11))
    with time_machine.travel(NOW, tick=False):
        live = client.get(url).content.decode()
        loop.rate(level=Level.SATISFIED, when=at(2026, 11, 2, 12))
        live_again = client.get(url).content.decode()  # a live build is never cached
        public_snapshot_refresh(region=world.regions["zone"])
        first = client.get(url).content.decode()
        loop.rate(level=Level.SATISFIED, when=at(2026, 11, 2, 13))
        cached = client.get(url).content.decode()  # the snapshot has not changed: nor has the page
    with time_machine.travel(NOW + timedelta(hours=6), tick=False):
        public_snapshot_refresh(region=world.regions["zone"])
        refreshed = client.get(url).content.decode()
    assert (row.format(1) in live, row.format(2) in live_again) == (True, True)
    assert (row.format(2) in first, row.format(2) in cached, row.format(3) in refreshed) == (True, True, True)
    assert "数据更新时间 2026-11-20 12:00" in first
    assert "数据更新时间 2026-11-20 18:00" in refreshed


def test_monthly_report_docx(client_as, loop):
    from docx import Document

    loop.rate(level=Level.DISSATISFIED, when=at(2026, 11, 2, 10))
    loop.rate(level=Level.VERY_SATISFIED, when=at(2026, 11, 3, 10))
    response = client_as("hall_manager").get(reverse("evalstats:monthly_report"), {"date": "2026-11-15"})
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "2026年11月" in text
    assert "50.00%" in cells
    assert any(c.startswith("ZG") for c in cells)
    assert AuditEvent.objects.filter(action="evalstats.report.download").count() == 1
    assert client_as("handler").get(reverse("evalstats:monthly_report")).status_code == 403


def test_chi_square_known_values():
    assert round(chi2_sf(3.841458820694124, 1), 6) == 0.05
    assert round(chi2_sf(13.276704135987622, 4), 6) == 0.01
    statistic, df, p = goodness_of_fit([40, 0, 0, 0, 0], [10, 10, 10, 10, 10])
    assert (round(statistic, 1), df) == (160.0, 4)
    assert p < 1e-30


def test_integrity_flags_bursts_fast_and_distribution_without_touching_ratings(loop, world):
    from gaoxin.evaluations.services import device_register, evaluation_record

    device, _token = device_register(actor=None, hall=loop.hall, name="2号窗评价器", window=loop.windows["approval"])
    start = at(2026, 11, 2, 9)
    for i in range(5):  # 5 ratings 2 s after completion, 10 s apart, on the staff's evaluator
        case = loop.case(completed_at=start + timedelta(seconds=10 * i))
        with time_machine.travel(start + timedelta(seconds=10 * i + 2), tick=False):
            evaluation_record(
                actor=None,
                channel=Channel.DEVICE,
                level=Level.VERY_SATISFIED,
                uuid=uuid.uuid4(),
                case=case,
                device=device,
            )
    rate_many(loop, 30, start=at(2026, 11, 3, 9))  # window 2: all 非常满意
    for i in range(30):  # window 1: spread over the levels
        loop.rate(level=[5, 4, 3, 2, 1][i % 5], when=at(2026, 11, 4, 9, i), window="market")
    ratings_before = Rating.objects.count()
    with time_machine.travel(NOW, tick=False):
        created = integrity_scan(hall=loop.hall, since=at(2026, 11, 1), until=NOW)
        assert integrity_scan(hall=loop.hall, since=at(2026, 11, 1), until=NOW) == 0  # idempotent
    kinds = sorted(IntegrityFinding.objects.values_list("kind", flat=True))
    assert created == len(kinds)
    assert FindingKind.DEVICE_BURST in kinds
    assert FindingKind.FAST_STAFF_TERMINAL in kinds
    # the test rater's phone rated every case; window 1 cannot be tested against a one-level rest
    assert kinds == ["device_burst", "distribution", "fast_staff_terminal", "phone_many_cases"]
    chi = IntegrityFinding.objects.filter(kind=FindingKind.DISTRIBUTION, subject="2号窗口").get()
    assert chi.evidence["observed"] == [35, 0, 0, 0, 0]
    assert chi.evidence["hall_rest"] == [6, 6, 6, 6, 6]
    assert Rating.objects.count() == ratings_before
    burst = IntegrityFinding.objects.get(kind=FindingKind.DEVICE_BURST)
    with pytest.raises(Exception, match="核查意见"):
        integrity_decide(actor=world.hall_manager, finding=burst, status=FindingStatus.DISMISSED, note="")
    from gaoxin.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        integrity_decide(actor=world.other_hall_manager, finding=burst, status=FindingStatus.CONFIRMED, note="x")
    integrity_decide(actor=world.hall_manager, finding=burst, status=FindingStatus.CONFIRMED, note="已约谈窗口人员")
    burst.refresh_from_db()
    assert (burst.status, burst.decided_by) == (FindingStatus.CONFIRMED, world.hall_manager)
    assert AuditEvent.objects.filter(action="evalstats.integrity.decide").count() == 1
    assert Rating.objects.count() == ratings_before


def test_integrity_page(client_as, world):
    assert client_as("hall_manager").get(reverse("evalstats:integrity")).status_code == 200
    assert client_as("handler").get(reverse("evalstats:integrity")).status_code == 403


def test_home_panel_shows_year_figures(client_as, loop):
    with time_machine.travel(NOW, tick=False):
        rate_many(loop, 3)
        body = client_as("hall_manager").get("/").content.decode()
    assert 'data-panel="evalstats"' in body
    assert '<div class="fs-4" data-kpi="year_valid">3</div>' in body


def test_overview_ranking_shows_the_top_rows_and_says_how_many(client_as, loop, monkeypatch):
    from gaoxin.evalstats import views

    monkeypatch.setattr(views, "RANKING_ROWS", 1)
    with time_machine.travel(NOW, tick=False):
        rate_many(loop, 2)
        rate_many(loop, 1, window="market", level=Level.BASIC)
        body = (
            client_as("hall_manager")
            .get(reverse("evalstats:overview"), {"dimension": "window", "date": "2026-11-02"})
            .content.decode()
        )
    assert body.count('data-row="') == 1
    assert "显示前 1 项，共 2 项" in body
