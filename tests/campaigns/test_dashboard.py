"""The campaign page's dashboard: exact counts, what falls due, chart data and who sees what."""
import json
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from zwgk.campaigns import dashboard
from zwgk.campaigns.models import Campaign, Entry
from zwgk.campaigns.setup import create_campaign
from zwgk.schemes.models import Scheme

pytestmark = pytest.mark.django_db

State = Entry.State
TODAY = date(2022, 6, 1)


def set_entries(county, unit, items, **fields):
    return county.campaign.entries.filter(unit=unit, item_id__in=items).update(**fields)


@pytest.fixture
def busy(county):
    """东山镇 has approved items 1–3 and submitted item 4; 西河镇 approved item 1; items 1 of both
    and item 7 of 县财政局 are reviewed; every unit has a total."""
    county.phase(Campaign.Phase.SELF)
    set_entries(county, county.town, ["1", "2", "3"], state=State.APPROVED)
    set_entries(county, county.town, ["4"], state=State.SUBMITTED)
    set_entries(county, county.other_town, ["1"], state=State.APPROVED)
    set_entries(county, county.other_town, ["2"], state=State.RETURNED)
    now = timezone.now()
    set_entries(county, county.town, ["1"], reviewed_at=now)
    set_entries(county, county.other_town, ["1"], reviewed_at=now)
    set_entries(county, county.finance, ["7"], reviewed_at=now)
    totals = {county.town: ("95.50", 1), county.other_town: ("88", 2), county.finance: ("100", 1),
              county.approval: ("72", 2)}
    for unit, (total, rank) in totals.items():
        county.campaign.participants.filter(unit=unit).update(total=Decimal(total), rank=rank)
    return county


def test_summary_counts_exactly(busy):
    s = dashboard.summary(busy.campaign, busy.campaign.entries.all(), pending_appeals=2)
    # Every one of the 40 items of 寻乌 2022 applies to townships and departments: 4 × 40.
    assert (s["units"], s["items"]) == (4, 160)
    assert (s["submitted"], s["approved"], s["reviewed"]) == (5, 4, 3)
    assert s["submitted_pct"] == Decimal("3.1")  # 5/160 = 3.125 %
    assert s["approved_pct"] == Decimal("2.5")
    assert s["reviewed_pct"] == Decimal("1.9")  # 3/160 = 1.875 %
    assert s["pending_appeals"] == 2


def test_not_applicable_items_are_not_counted(busy):
    set_entries(busy, busy.approval, ["1", "2"], applicable=False, state=State.APPROVED)
    s = dashboard.summary(busy.campaign, busy.campaign.entries.all())
    assert (s["items"], s["approved"]) == (158, 4)


def test_unit_progress_rows_and_share_done(busy):
    rows = {r["unit__name"]: r for r in dashboard.unit_progress(busy.campaign, busy.campaign.entries.all())}
    town = rows["东山镇"]
    assert (town["total"], town["draft"], town["submitted"], town["approved"], town["reviewed"]) == (40, 36, 1, 3, 1)
    assert town["pct"] == Decimal("7.5")
    assert (rows["西河镇"]["approved"], rows["西河镇"]["returned"]) == (1, 1)
    assert rows["县行政审批局"]["pct"] == Decimal("0.0")


def test_item_progress_per_item(busy):
    rows = {r["item_id"]: r for r in dashboard.item_progress(busy.campaign, busy.campaign.entries.all())}
    assert len(rows) == 40
    one = rows["1"]
    assert (one["units"], one["submitted_any"], one["approved"], one["reviewed"]) == (4, 2, 2, 2)
    assert (rows["4"]["submitted_any"], rows["4"]["approved"]) == (1, 0)
    assert rows["7"]["reviewed"] == 1
    assert one["label"].startswith("重大行政决策公开：制定完善重大行政决策事项目录")
    assert [r["item_id"] for r in dashboard.item_progress(busy.campaign, busy.campaign.entries.all())][:3] == \
        ["1", "2", "3"]


def test_distribution_bands_of_five_and_ten():
    totals = [Decimal("95.5"), Decimal("88"), Decimal("100"), Decimal("72")]
    five = dashboard.distribution(totals, 5, Decimal("100"))
    assert [(b["label"], b["count"]) for b in five] == [
        ("70–75", 1), ("75–80", 0), ("80–85", 0), ("85–90", 1), ("90–95", 0), ("95–100", 2)]
    ten = dashboard.distribution(totals, 10, Decimal("100"))
    assert [(b["from"], b["to"], b["count"]) for b in ten] == [("70", "80", 1), ("80", "90", 1), ("90", "100", 2)]
    # A band's lower bound belongs to it; only the full mark is counted in the band below.
    assert [(b["label"], b["count"]) for b in dashboard.distribution([Decimal("90"), Decimal("89.99")], 5)] == [
        ("85–90", 1), ("90–95", 1)]
    assert dashboard.distribution([], 5) == []
    assert dashboard.band_width(totals) == 5
    assert dashboard.band_width([Decimal("30"), Decimal("95")]) == 10


def test_chart_data_is_json_ready_and_exact(busy):
    data = dashboard.chart_data(busy.campaign)
    json.dumps(data)  # nothing a template's json_script could not carry
    ranking = {g["group"]: g["rows"] for g in data["ranking"]}
    assert list(ranking) == ["乡镇", "县直单位"]
    assert [{k: r[k] for k in ("unit", "total", "rank")} for r in ranking["乡镇"]] == [
        {"unit": "东山镇", "total": "95.5", "rank": 1}, {"unit": "西河镇", "total": "88", "rank": 2}]
    assert ranking["乡镇"][0]["max"] == "100" and ranking["乡镇"][0]["unchecked"] == 40  # as stored
    assert [r["total"] for r in ranking["县直单位"]] == ["100", "72"]
    assert data["distribution"]["width"] == 5
    assert sum(b["count"] for b in data["distribution"]["bands"]) == data["scored"] == 4
    assert data["total_points"] == "100"


def test_due_soon_lists_tasks_within_seven_days_with_lead_and_open_units(busy):
    c = busy.campaign
    c.tasks.filter(item_id="1").update(due_dates=[str(TODAY - timedelta(days=1)), str(TODAY + timedelta(days=3))])
    c.tasks.get(item_id="1").lead.set([busy.finance])
    c.tasks.filter(item_id="2").update(due_dates=[str(TODAY)])
    c.tasks.filter(item_id="3").update(due_dates=[str(TODAY + timedelta(days=8))])
    c.tasks.filter(item_id="5").update(due_dates=[str(TODAY - timedelta(days=2))])
    rows = dashboard.due_soon(c, c.entries.all(), TODAY)
    assert [(r["item_id"], r["due"], r["days"]) for r in rows] == [
        ("2", TODAY, 0), ("1", TODAY + timedelta(days=3), 3)]
    item1 = rows[1]
    assert item1["lead"] == ["县财政局"]
    # Item 1 is approved by 东山镇 and 西河镇: the departments have not finished it.
    assert set(item1["open_units"]) == {"县财政局", "县行政审批局"}


def test_phase_deadlines_within_seven_days_of_the_current_phase(busy):
    c = busy.campaign
    c.self_due, c.review_due, c.publicity_end = TODAY + timedelta(days=2), TODAY + timedelta(days=8), TODAY
    c.save()
    rows = dashboard.phase_deadlines(c, TODAY)
    assert [(r["label"], r["days"]) for r in rows] == [("公示及申诉截止", 0), ("自评截止", 2)]
    c.phase = Campaign.Phase.REVIEW
    assert [r["field"] for r in dashboard.phase_deadlines(c, TODAY)] == ["publicity_end"]


def test_overdue_unfinished_tasks_of_a_task_plan(county):
    plan = create_campaign(county.office, Scheme.objects.get(scheme_id="jiangxian-2021"), "2021年政务公开工作要点",
                           2021, [county.town, county.other_town])
    plan.tasks.update(due_dates=[], due=None)  # only the dates this test gives
    plan.tasks.filter(item_id="1").update(due_dates=[str(TODAY - timedelta(days=5))])
    plan.tasks.filter(item_id="2").update(due_dates=[str(TODAY - timedelta(days=1)), str(TODAY + timedelta(days=30))])
    plan.tasks.filter(item_id="7").update(due_dates=[str(TODAY - timedelta(days=3))])
    plan.entries.filter(unit=county.town, item_id="1").update(progress=Entry.Progress.DONE)
    # Approval does not finish a task: only its progress does.
    plan.entries.filter(item_id="7").update(progress=Entry.Progress.DONE)
    plan.entries.filter(unit=county.other_town, item_id="1").update(state=State.APPROVED)
    rows = dashboard.overdue(plan, plan.entries.all(), TODAY)
    assert [(r["item_id"], r["days_over"], r["open_units"]) for r in rows] == [("1", 5, ["西河镇"])]
    assert dashboard.summary(plan, plan.entries.all())["done"] == 3
    assert dashboard.overdue(county.campaign, county.campaign.entries.all(), TODAY) == []


def test_office_page_has_stats_charts_and_data(busy, client, django_assert_max_num_queries):
    busy.campaign.tasks.filter(item_id="9").update(due_dates=[str(timezone.localdate() + timedelta(days=2))])
    client.force_login(busy.office)
    with django_assert_max_num_queries(20):  # the same however many units and items
        r = client.get(reverse("campaigns:detail", args=[busy.campaign.pk]))
    assert r.status_code == 200
    html = r.content.decode()
    assert '<canvas data-chart="ranking"' in html and '<canvas data-chart="distribution"' in html
    assert 'aria-label="乡镇各单位总分排名：东山镇95.5分，西河镇88分"' in html
    assert "front/vendor/chartjs/chart.umd.min.js" in html and "campaigns/dashboard.js" in html
    data = json.loads(re.search(r'<script id="dashboard-data" type="application/json">(.*?)</script>', html, re.S)[1])
    assert {k: data["ranking"][0]["rows"][0][k] for k in ("unit", "total", "rank")} == {
        "unit": "东山镇", "total": "95.5", "rank": 1}
    assert "7日内到期" in html and "第9项" in html
    assert "各指标进度" in html and "<progress" in html
    assert "3.1%" in html  # submitted share


def test_page_without_totals_has_no_chart(county, client):
    client.force_login(county.office)
    html = client.get(reverse("campaigns:detail", args=[county.campaign.pk])).content.decode()
    assert "<canvas" not in html and "chart.umd.min.js" not in html
    assert "尚无总分" in html


def test_assessor_sees_their_part_and_charts_only_once_published(busy, client):
    client.force_login(busy.finance_assessor)
    r = client.get(reverse("campaigns:detail", args=[busy.campaign.pk]))
    assert r.status_code == 200
    html = r.content.decode()
    assert "分配给我的核查" in html
    s = r.context["board"]["summary"]
    assert (s["units"], s["items"], s["reviewed"]) == (4, 8, 1)  # items 7–8 of four units
    assert "dashboard-data" not in html and "<canvas" not in html
    busy.phase(Campaign.Phase.PUBLICITY)
    html = client.get(reverse("campaigns:detail", args=[busy.campaign.pk])).content.decode()
    assert 'id="dashboard-data"' in html and '<canvas data-chart="ranking"' in html


def test_reporter_still_goes_to_their_unit(busy, client):
    client.force_login(busy.reporter)
    r = client.get(reverse("campaigns:detail", args=[busy.campaign.pk]))
    assert r.status_code == 302 and r.url == reverse("campaigns:unit", args=[busy.campaign.pk, busy.town.pk])


def test_task_plan_page_shows_completion_and_overdue_without_charts(county, client):
    plan = create_campaign(county.office, Scheme.objects.get(scheme_id="jiangxian-2021"), "2021年政务公开工作要点",
                           2021, [county.town, county.other_town])
    plan.tasks.update(due_dates=[], due=None)
    plan.tasks.filter(item_id="1").update(due_dates=[str(timezone.localdate() - timedelta(days=4))])
    plan.entries.filter(unit=county.town, item_id="1").update(progress=Entry.Progress.DONE)
    client.force_login(county.office)
    html = client.get(reverse("campaigns:detail", args=[plan.pk])).content.decode()
    assert "已逾期未完成的任务" in html and "逾期4天" in html and "1个：西河镇" in html
    assert "任务已完成" in html and "<canvas" not in html and "dashboard-data" not in html
