"""The audit log page and its Excel export: office only, newest first, filters, pages of 50."""
import io
from datetime import datetime, timedelta

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from zwgk.audit.models import Event
from zwgk.audit.services import record
from zwgk.campaigns.setup import create_campaign
from zwgk.schemes.models import Scheme

pytestmark = pytest.mark.django_db


def _at(event, *ymd_hm):
    Event.objects.filter(pk=event.pk).update(at=timezone.make_aware(datetime(*ymd_hm)))


@pytest.fixture
def log(county):
    """Three events on known days besides the ones creating the campaign."""
    other = create_campaign(county.admin, Scheme.objects.get(scheme_id="xunwu-2022"), "其他考核", 2022,
                            [county.finance])
    a = record(county.office, "修改任务分工", campaign=county.campaign, target="第1项任务分工", field="完成时限",
               old="", new="长期坚持")
    b = record(county.reporter, "修改自评", campaign=county.campaign, unit=county.town, target="第3项",
               field="自评分", old="1", new="2", reason="补充佐证")
    c = record(county.admin, "修改通报设置", campaign=other, target="其他考核", field="发文字号", old="",
               new="=HYPERLINK(\"http://x\")")
    _at(a, 2022, 3, 1, 9, 0)
    _at(b, 2022, 3, 2, 9, 0)
    _at(c, 2022, 3, 3, 9, 0)
    county.other = other
    return county


def _targets(response):
    return [e.target for e in response.context["page"].object_list]


@pytest.mark.parametrize("role,expected", [
    ("admin", 200), ("office", 200), ("assessor", 403), ("finance_assessor", 403),
    ("reporter", 403), ("head", 403), ("other_reporter", 403),
])
def test_only_the_office_reads_the_log(county, client, role, expected):
    client.force_login(getattr(county, role))
    assert client.get(reverse("audit:log")).status_code == expected
    assert client.get(reverse("audit:export")).status_code == expected


def test_anonymous_goes_to_login(client):
    response = client.get(reverse("audit:log"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_newest_first_with_names_and_old_to_new(log, client):
    client.force_login(log.office)
    response = client.get(reverse("audit:log"), {"date_from": "2022-03-01", "date_to": "2022-03-31"})
    assert _targets(response) == ["其他考核", "第3项", "第1项任务分工"]
    text = response.content.decode()
    assert "2022-03-02 09:00" in text and "补充佐证" in text and "东山镇" in text
    assert "reporter" in text  # display name (the fixture uses the login name)
    assert "1<span class=\"arrow\" aria-label=\"改为\">→</span>2" in text


@pytest.mark.parametrize("params,expected", [
    ({"action": "修改自评"}, ["第3项"]),
    ({"date_from": "2022-03-02", "date_to": "2022-03-02"}, ["第3项"]),
    ({"date_from": "2022-03-02", "date_to": "2022-03-03"}, ["其他考核", "第3项"]),
])
def test_filters(log, client, params, expected):
    client.force_login(log.office)
    assert _targets(client.get(reverse("audit:log"), params)) == expected


def test_filter_by_campaign_unit_and_actor(log, client):
    client.force_login(log.office)
    url = reverse("audit:log")
    in_campaign = _targets(client.get(url, {"campaign": log.campaign.pk, "date_to": "2022-12-31"}))
    assert in_campaign == ["第3项", "第1项任务分工"]
    assert _targets(client.get(url, {"unit": log.town.pk, "date_to": "2022-12-31"})) == ["第3项"]
    assert _targets(client.get(url, {"actor": log.admin.pk, "date_to": "2022-12-31"})) == ["其他考核"]
    # Creating the campaigns was logged today, under both campaigns.
    today = timezone.localdate().isoformat()
    assert "其他考核" in _targets(client.get(url, {"campaign": log.other.pk, "date_from": today}))


def test_unreadable_filters_show_an_error_instead_of_failing(log, client):
    client.force_login(log.office)
    response = client.get(reverse("audit:log"), {"campaign": "abc", "date_from": "昨天",
                                                 "action": "修改自评"})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"campaign", "date_from"}
    assert _targets(response) == ["第3项"]  # the readable filter still applies
    response = client.get(reverse("audit:log"), {"date_from": "2022-03-03", "date_to": "2022-03-01"})
    assert "截止日期不能早于起始日期".encode() in response.content


def test_pages_of_fifty_keep_the_filters(county, client):
    for n in range(120):
        record(county.office, "批量测试", target=f"对象{n}")
    client.force_login(county.office)
    first = client.get(reverse("audit:log"), {"action": "批量测试"})
    page = first.context["page"]
    assert page.paginator.count == 120 and len(page.object_list) == 50
    assert page.object_list[0].target == "对象119"  # newest first
    assert b'href="?action=%E6%89%B9%E9%87%8F%E6%B5%8B%E8%AF%95&amp;page=2"' in first.content  # next page, same filter
    last = client.get(reverse("audit:log"), {"action": "批量测试", "page": 3})
    assert [e.target for e in last.context["page"].object_list][-1] == "对象0"
    assert len(last.context["page"].object_list) == 20
    assert len(client.get(reverse("audit:log"), {"action": "批量测试", "page": 99}).context["page"].object_list) == 20


def test_export_has_the_filtered_rows(log, client):
    client.force_login(log.office)
    response = client.get(reverse("audit:export"), {"date_from": "2022-03-01", "date_to": "2022-03-31"})
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=3)]
    assert [r[5] for r in rows] == ["其他考核", "第3项", "第1项任务分工"]
    assert rows[1][:3] == [datetime(2022, 3, 2, 9, 0), "reporter", "修改自评"]
    assert rows[1][3:] == ["2022年度政务公开工作考核", "东山镇", "第3项", "自评分", "1", "2", "补充佐证"]
    # Text that looks like a formula stays text.
    formula_cell = ws.cell(row=3, column=9)
    assert formula_cell.value == "=HYPERLINK(\"http://x\")" and formula_cell.data_type == "s"

    response = client.get(reverse("audit:export"), {"unit": log.town.pk})
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [row[5].value for row in ws.iter_rows(min_row=3)] == ["东山镇", "第3项"]  # 加入考核 today, then 自评


def test_log_links_to_an_export_with_the_same_filters(log, client):
    client.force_login(log.office)
    response = client.get(reverse("audit:log"), {"action": "修改自评", "page": 1})
    assert f'href="{reverse("audit:export")}?action=%E4%BF%AE%E6%94%B9%E8%87%AA%E8%AF%84"'.encode() in response.content


def test_task_edits_appear_in_the_log(county, client):
    """The end-to-end path: an edit on the task page shows up under its campaign."""
    client.force_login(county.office)
    task = county.campaign.tasks.get(item_id="2")
    client.post(reverse("campaigns:task_edit", args=[county.campaign.pk, task.pk]),
                {"deadline_text": "每季度", "dates": ""})
    response = client.get(reverse("audit:log"), {"campaign": county.campaign.pk, "action": "修改任务分工"})
    fields = [e.field for e in response.context["page"].object_list]
    assert sorted(fields) == ["完成时限", "截止日期"]
    assert timezone.now() - response.context["page"].object_list[0].at < timedelta(minutes=5)
