"""The task breakdown page: who sees which tasks, the filters, and the office's edits (re-read, logged)."""
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from zwgk.accounts.models import Membership, Role
from zwgk.audit.models import Event
from zwgk.campaigns.deadlines import parse_deadline
from zwgk.campaigns.models import Campaign, Entry
from zwgk.campaigns.setup import create_campaign

pytestmark = pytest.mark.django_db


def _tasks_url(county):
    return reverse("campaigns:tasks", args=[county.campaign.pk])


def _edit_url(county, item_id):
    return reverse("campaigns:task_edit", args=[county.campaign.pk, county.campaign.tasks.get(item_id=item_id).pk])


def _row(item_id):
    return f"<td>第{item_id}项</td>".encode()


def _items(response):
    return [r["task"].item_id for r in response.context["rows"]]


@pytest.mark.parametrize("role,expected", [
    ("admin", 200), ("office", 200), ("assessor", 200), ("finance_assessor", 200),
    ("reporter", 200), ("head", 200), ("other_reporter", 200), ("other_head", 200),
])
def test_task_page_is_readable_by_everyone_in_the_campaign(county, client, role, expected):
    county.phase(Campaign.Phase.SELF)
    client.force_login(getattr(county, role))
    response = client.get(_tasks_url(county))
    assert response.status_code == expected
    # Only the office gets edit links.
    assert ("编辑第1项任务分工".encode() in response.content) == (role in ("admin", "office"))


def test_task_page_hidden_before_self_assessment_and_from_other_campaigns(county, client):
    client.force_login(county.reporter)
    assert client.get(_tasks_url(county)).status_code == 404  # the campaign is still in 筹备
    county.phase(Campaign.Phase.SELF)
    from zwgk.schemes.models import Scheme
    other = create_campaign(county.office, Scheme.objects.get(scheme_id="xunwu-2022"), "其他考核", 2022, [county.finance])
    other.phase = Campaign.Phase.SELF
    other.save()
    assert client.get(reverse("campaigns:tasks", args=[other.pk])).status_code == 404
    assert client.get(reverse("campaigns:task_edit", args=[other.pk, other.tasks.first().pk])).status_code == 404
    client.logout()
    assert client.get(_tasks_url(county)).status_code == 302


def test_unit_people_see_only_their_units_tasks(county, client):
    """Item 40 does not apply to 东山镇 and names 县财政局: 东山镇 does not see it, 西河镇 does."""
    county.phase(Campaign.Phase.SELF)
    Entry.objects.filter(campaign=county.campaign, unit=county.town, item_id="40").update(applicable=False)
    county.campaign.tasks.get(item_id="40").lead.add(county.finance)
    client.force_login(county.reporter)
    response = client.get(_tasks_url(county))
    assert _row("39") in response.content and _row("40") not in response.content
    assert response.context["units"] == []  # no unit filter for unit people
    client.force_login(county.other_head)
    assert _row("40") in client.get(_tasks_url(county)).content


def test_a_subunit_sees_the_tasks_naming_it_and_its_department_sees_them_too(county, client):
    county.phase(Campaign.Phase.SELF)
    users = get_user_model().objects
    section = users.create_user("section")
    Membership.objects.create(user=section, role=Role.REPORTER, unit=county.section)
    department = users.create_user("approval")
    Membership.objects.create(user=department, role=Role.HEAD, unit=county.approval)
    county.campaign.tasks.get(item_id="16").support.add(county.section)
    Entry.objects.filter(campaign=county.campaign, unit=county.approval, item_id="17").update(applicable=False)

    client.force_login(section)
    assert _items(client.get(_tasks_url(county))) == ["16"]
    client.force_login(department)
    items = _items(client.get(_tasks_url(county)))
    assert "16" in items and "17" not in items


def test_assessor_sees_the_assigned_items_only(county, client):
    county.phase(Campaign.Phase.SELF)
    client.force_login(county.finance_assessor)
    response = client.get(_tasks_url(county))
    assert _items(response) == ["7", "8"]
    # Counted within the assessor's scope: item 7 for all four units.
    assert response.context["rows"][0]["total"] == 4


def test_filters_overdue_soon_and_unit(county, client):
    today = timezone.localdate()
    tasks = county.campaign.tasks
    tasks.filter(item_id="1").update(due_dates=[(today + timedelta(days=3)).isoformat()])
    tasks.filter(item_id="2").update(due_dates=[(today - timedelta(days=10)).isoformat()])
    tasks.filter(item_id="3").update(due_dates=[(today - timedelta(days=10)).isoformat()])
    tasks.filter(item_id="4").update(due_dates=[(today + timedelta(days=30)).isoformat()])
    # Every unit has reported item 3, so it is not overdue.
    county.campaign.entries.filter(item_id="3").update(state=Entry.State.APPROVED)
    Entry.objects.filter(campaign=county.campaign, unit=county.town, item_id="40").update(applicable=False)
    client.force_login(county.office)

    assert _items(client.get(_tasks_url(county), {"due": "soon"})) == ["1"]
    response = client.get(_tasks_url(county), {"due": "overdue"})
    assert _items(response) == ["2"]
    assert "已逾期10天".encode() in response.content

    everything = client.get(_tasks_url(county))
    row3 = next(r for r in everything.context["rows"] if r["task"].item_id == "3")
    assert (row3["done"], row3["total"]) == (4, 4)
    assert b"4/4" in everything.content
    assert len(everything.context["rows"]) == 40

    assert "40" not in _items(client.get(_tasks_url(county), {"unit": county.town.pk}))
    assert "40" in _items(client.get(_tasks_url(county), {"unit": county.other_town.pk}))


def test_task_plan_counts_progress_done(db, county, client):
    from zwgk.schemes.models import Scheme
    plan = create_campaign(county.office, Scheme.objects.get(scheme_id="jiangxian-2021"), "绛县任务分解", 2021,
                           [county.town, county.other_town])
    first = plan.tasks.order_by("pk").first()
    Entry.objects.filter(campaign=plan, unit=county.town, item_id=first.item_id).update(
        progress=Entry.Progress.DONE, state=Entry.State.DRAFT)
    client.force_login(county.office)
    response = client.get(reverse("campaigns:tasks", args=[plan.pk]))
    row = next(r for r in response.context["rows"] if r["task"].item_id == first.item_id)
    assert (row["done"], row["total"]) == (1, 2)
    assert "已完成".encode() in response.content


def _post(client, county, item_id="1", **data):
    payload = {"lead": [], "support": [], "deadline_text": "", "dates": ""}
    payload.update(data)
    return client.post(_edit_url(county, item_id), payload)


def test_edit_rereads_the_deadline_and_logs_every_change(county, client):
    client.force_login(county.office)
    assert client.get(_edit_url(county, "1")).status_code == 200
    response = _post(client, county, lead=[county.finance.pk], support=[county.section.pk],
                     deadline_text="2022年8月底前、9月30日前")
    assert response.status_code == 302
    task = county.campaign.tasks.get(item_id="1")
    assert task.due_dates == ["2022-08-31", "2022-09-30"]
    today = timezone.localdate()
    expected_due = next((d for d in (date(2022, 8, 31), date(2022, 9, 30)) if d >= today), date(2022, 9, 30))
    assert task.due == expected_due
    assert [u.name for u in task.lead.all()] == ["县财政局"]
    assert [u.name for u in task.support.all()] == ["县行政审批局综合组"]

    events = {e.field: e for e in Event.objects.filter(action="修改任务分工", campaign=county.campaign)}
    assert set(events) == {"牵头单位", "配合单位", "完成时限", "截止日期"}
    assert (events["完成时限"].old, events["完成时限"].new) == ("", "2022年8月底前、9月30日前")
    assert (events["截止日期"].old, events["截止日期"].new) == ("", "2022-08-31、2022-09-30")
    assert (events["牵头单位"].old, events["牵头单位"].new) == ("", "县财政局")
    assert events["牵头单位"].actor == county.office and events["牵头单位"].target == "第1项任务分工"

    # Changing it again logs the old value; saving unchanged logs nothing.
    _post(client, county, lead=[county.finance.pk], support=[county.section.pk], deadline_text="长期坚持")
    task.refresh_from_db()
    assert task.ongoing and task.due is None and task.due_dates == []
    change = Event.objects.filter(field="截止日期").first()
    assert (change.old, change.new) == ("2022-08-31、2022-09-30", "")
    assert Event.objects.filter(field="长期坚持").get().new == "是"
    before = Event.objects.count()
    _post(client, county, lead=[county.finance.pk], support=[county.section.pk], deadline_text="长期坚持")
    assert Event.objects.count() == before
    assert "长期坚持".encode() in client.get(_tasks_url(county)).content


def test_unreadable_deadline_is_refused_with_examples_and_nothing_is_saved(county, client):
    assert not parse_deadline("6月初", 2022).understood
    client.force_login(county.office)
    before = Event.objects.count()
    response = _post(client, county, lead=[county.finance.pk], deadline_text="6月初")
    assert response.status_code == 200
    text = response.content.decode()
    assert "无法自动识别" in text and "2022年8月底前、9月30日前、每季度、长期坚持" in text
    task = county.campaign.tasks.get(item_id="1")
    assert task.deadline_text == "" and task.due_dates == [] and not task.lead.exists()
    assert Event.objects.count() == before


def test_explicit_dates_are_accepted_for_an_unreadable_phrase(county, client):
    client.force_login(county.office)
    response = _post(client, county, deadline_text="尽快完成", dates="2022-10-15，2022-7-1")
    assert response.status_code == 302
    task = county.campaign.tasks.get(item_id="1")
    assert task.deadline_text == "尽快完成"
    assert task.due_dates == ["2022-07-01", "2022-10-15"]
    assert not task.ongoing
    assert Event.objects.get(field="截止日期").new == "2022-07-01、2022-10-15"
    # The list shows the dates as yyyy-mm-dd.
    assert "2022-07-01、2022-10-15".encode() in client.get(_tasks_url(county)).content


def test_bad_explicit_date_and_a_unit_both_lead_and_support_are_refused(county, client):
    client.force_login(county.office)
    response = _post(client, county, deadline_text="尽快完成", dates="2022-02-30")
    assert "日期“2022-02-30”看不懂".encode() in response.content
    response = _post(client, county, lead=[county.finance.pk], support=[county.finance.pk])
    assert "不能同时作为配合单位".encode() in response.content
    assert not county.campaign.tasks.get(item_id="1").lead.exists()


def test_a_unit_outside_the_campaign_cannot_be_named(county, client):
    from zwgk.organisations.models import Unit
    stranger = Unit.objects.create(name="县外单位", kind=Unit.Kind.DEPARTMENT)
    client.force_login(county.office)
    response = _post(client, county, lead=[stranger.pk])
    assert response.status_code == 200 and response.context["form"].errors["lead"]
    assert not county.campaign.tasks.get(item_id="1").lead.exists()


@pytest.mark.parametrize("role,item_id,expected", [
    ("reporter", "1", 403), ("head", "1", 403), ("assessor", "1", 403), ("finance_assessor", "7", 403),
    ("finance_assessor", "1", 404), ("admin", "1", 200),
])
def test_only_the_office_edits(county, client, role, item_id, expected):
    county.phase(Campaign.Phase.SELF)
    client.force_login(getattr(county, role))
    assert client.get(_edit_url(county, item_id)).status_code == expected
    response = _post(client, county, item_id, deadline_text="长期坚持")
    assert response.status_code == (302 if expected == 200 else expected)
    assert county.campaign.tasks.get(item_id=item_id).ongoing == (expected == 200)


def test_reporter_gets_404_for_a_task_outside_their_unit(county, client):
    county.phase(Campaign.Phase.SELF)
    Entry.objects.filter(campaign=county.campaign, unit=county.town, item_id="40").update(applicable=False)
    client.force_login(county.reporter)
    assert client.get(_edit_url(county, "40")).status_code == 404


def test_no_edits_once_final(county, client):
    county.phase(Campaign.Phase.FINAL)
    client.force_login(county.office)
    response = _post(client, county, deadline_text="长期坚持")
    assert response.status_code == 302
    assert not county.campaign.tasks.get(item_id="1").ongoing
    assert "编辑第1项".encode() not in client.get(_tasks_url(county)).content
