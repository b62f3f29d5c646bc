"""考核设置: the office corrects a campaign after creating it — name, deadlines, robot, units, task
dates — each change checked, logged old → new, and refused where the phase no longer allows it."""
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from zwgk.accounts.models import Membership, Role
from zwgk.audit.models import Event
from zwgk.campaigns import editing
from zwgk.campaigns.models import Appeal, Campaign, Entry, Participant
from zwgk.campaigns.setup import create_campaign
from zwgk.evidence.models import Evidence
from zwgk.notifications.models import Notification
from zwgk.organisations.models import Unit
from zwgk.schemes.models import Scheme

pytestmark = pytest.mark.django_db

Phase = Campaign.Phase


def _url(campaign):
    return reverse("campaigns:settings", args=[campaign.pk])


def _office(client, county):
    client.force_login(county.office)
    return client


def _settings(campaign, **changes):
    data = {"action": "settings", "title": campaign.title, "webhook_url": campaign.webhook_url, "reason": ""}
    for f in ("self_due", "review_due", "publicity_end"):
        data[f] = getattr(campaign, f).isoformat() if getattr(campaign, f) else ""
    data.update(changes)
    return data


def _events(campaign, action):
    return list(Event.objects.filter(campaign=campaign, action=action).order_by("id"))


# ---- access ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("role,expected", [
    ("admin", 200), ("office", 200), ("assessor", 403), ("finance_assessor", 403),
    ("reporter", 403), ("head", 403), ("other_reporter", 403), ("other_head", 403),
])
def test_settings_page_is_the_offices(county, client, role, expected):
    county.phase(Phase.SELF)
    client.force_login(getattr(county, role))
    assert client.get(_url(county.campaign)).status_code == expected
    response = client.post(_url(county.campaign), _settings(county.campaign, title="改名"))
    assert response.status_code == (302 if expected == 200 else expected)
    county.campaign.refresh_from_db()
    assert (county.campaign.title == "改名") == (expected == 200)


def test_outside_scope_is_404_and_anonymous_goes_to_login(county, client):
    # In 筹备 the campaign is outside every unit person's and assessor's scope.
    client.force_login(county.reporter)
    assert client.get(_url(county.campaign)).status_code == 404
    county.phase(Phase.SELF)
    outsider = Unit.objects.create(name="南桥镇", kind=Unit.Kind.TOWNSHIP)
    user = get_user_model().objects.create_user("outsider")
    Membership.objects.create(user=user, role=Role.REPORTER, unit=outsider)
    client.force_login(user)
    assert client.get(_url(county.campaign)).status_code == 404
    assert client.post(_url(county.campaign), _settings(county.campaign, title="x")).status_code == 404
    client.logout()
    response = client.get(_url(county.campaign))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_detail_page_links_the_settings_for_the_office_only(county, client):
    county.phase(Phase.SELF)
    assert "考核设置" in _office(client, county).get(reverse("campaigns:detail", args=[county.campaign.pk])).content.decode()
    client.force_login(county.assessor)
    assert "考核设置" not in client.get(reverse("campaigns:detail", args=[county.campaign.pk])).content.decode()


def test_page_offers_moving_back_a_phase(county, client):
    page = _office(client, county).get(_url(county.campaign)).content.decode()
    assert reverse("campaigns:reopen", args=[county.campaign.pk]) not in page  # 筹备 has no previous phase
    county.phase(Phase.REVIEW)
    page = client.get(_url(county.campaign)).content.decode()
    assert reverse("campaigns:reopen", args=[county.campaign.pk]) in page and 'name="reason"' in page
    response = client.post(reverse("campaigns:reopen", args=[county.campaign.pk]), {"reason": "单位需补报"})
    assert response.status_code == 302
    county.campaign.refresh_from_db()
    assert county.campaign.phase == Phase.SELF


# ---- name, deadlines, robot ------------------------------------------------------------------------
def test_name_and_deadlines_are_changed_and_logged(county, client):
    campaign = county.campaign
    response = _office(client, county).post(_url(campaign), _settings(
        campaign, title="2022年度政务公开工作考核（修订）", self_due="2099-03-31", review_due="2099-04-30",
        publicity_end="2099-05-10", reason="县政府常务会议调整"))
    assert response.status_code == 302 and response.url.endswith("#basic")
    campaign.refresh_from_db()
    assert campaign.title == "2022年度政务公开工作考核（修订）"
    assert (campaign.self_due, campaign.review_due, campaign.publicity_end) == (
        date(2099, 3, 31), date(2099, 4, 30), date(2099, 5, 10))
    logged = {(e.field, e.old, e.new, e.reason) for e in _events(campaign, "修改考核设置")}
    assert logged == {
        ("考核名称", "2022年度政务公开工作考核", "2022年度政务公开工作考核（修订）", "县政府常务会议调整"),
        ("自评截止", "", "2099-03-31", "县政府常务会议调整"),
        ("评审截止", "", "2099-04-30", "县政府常务会议调整"),
        ("公示及申诉截止", "", "2099-05-10", "县政府常务会议调整"),
    }
    # Saving the same values again changes and logs nothing.
    client.post(_url(campaign), _settings(campaign))
    assert len(_events(campaign, "修改考核设置")) == 4


@pytest.mark.parametrize("dates,field,message", [
    (("2099-05-01", "2099-04-30", "2099-05-10"), "review_due",
     "评审截止（2099年4月30日）不能早于自评截止（2099年5月1日）"),
    (("2099-03-31", "2099-04-30", "2099-04-01"), "publicity_end",
     "公示及申诉截止（2099年4月1日）不能早于评审截止（2099年4月30日）"),
    (("2099-03-31", "", "2099-03-01"), "publicity_end",
     "公示及申诉截止（2099年3月1日）不能早于自评截止（2099年3月31日）"),
])
def test_deadlines_out_of_order_are_refused_naming_the_wrong_one(county, client, dates, field, message):
    campaign = county.campaign
    data = _settings(campaign, self_due=dates[0], review_due=dates[1], publicity_end=dates[2])
    response = _office(client, county).post(_url(campaign), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert response.context["forms"]["settings"].errors[field]
    campaign.refresh_from_db()
    assert campaign.self_due is None and not _events(campaign, "修改考核设置")


def test_equal_deadlines_are_in_order(county, client):
    data = _settings(county.campaign, self_due="2099-04-30", review_due="2099-04-30", publicity_end="2099-04-30")
    assert _office(client, county).post(_url(county.campaign), data).status_code == 302


def test_a_passed_deadline_of_the_current_phase_is_saved_with_a_warning(county, client):
    campaign = county.phase(Phase.SELF)
    yesterday = timezone.localdate() - timedelta(days=1)
    response = _office(client, county).post(_url(campaign), _settings(campaign, self_due=yesterday.isoformat()),
                                            follow=True)
    campaign.refresh_from_db()
    assert campaign.self_due == yesterday
    page = response.content.decode()
    assert f"自评截止定为{yesterday.year}年{yesterday.month}月{yesterday.day}日，这一日期已经过去，而考核正处于自评阶段" in page
    # People in the campaign are told of the new deadline.
    assert Notification.objects.filter(user=county.reporter, text__contains="自评截止调整为").exists()


def test_a_passed_deadline_of_a_finished_phase_is_not_warned_about(county, client):
    campaign = county.phase(Phase.REVIEW)
    past = (timezone.localdate() - timedelta(days=30)).isoformat()
    response = _office(client, county).post(_url(campaign), _settings(campaign, self_due=past), follow=True)
    assert "已经过去" not in response.content.decode()


def test_deadlines_before_the_start_are_not_announced(county, client):
    _office(client, county).post(_url(county.campaign), _settings(county.campaign, self_due="2099-03-31"))
    assert not Notification.objects.filter(text__contains="自评截止").exists()


def test_robot_address_is_changed_and_logged_without_its_key(county, client):
    campaign = county.campaign
    url = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa"
    assert _office(client, county).post(_url(campaign), _settings(campaign, webhook_url=url)).status_code == 302
    campaign.refresh_from_db()
    assert campaign.webhook_url == url
    [e] = _events(campaign, "修改考核设置")
    assert (e.field, e.old, e.new) == ("群机器人地址", "", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?…5aaa")
    assert "693a91f6" not in e.new
    response = client.post(_url(campaign), _settings(campaign, webhook_url="不是网址"))
    assert response.status_code == 400 and "群机器人地址应为 https:// 开头的完整网址" in response.content.decode()


def test_blank_title_is_refused(county, client):
    response = _office(client, county).post(_url(county.campaign), _settings(county.campaign, title="  "))
    assert response.status_code == 400 and "请填写考核名称" in response.content.decode()


# ---- 定档 ------------------------------------------------------------------------------------------------
def test_a_locked_campaign_keeps_its_deadlines_units_and_task_dates(county, client):
    campaign = county.phase(Phase.FINAL)
    town = Unit.objects.create(name="南桥镇", kind=Unit.Kind.TOWNSHIP)
    with pytest.raises(ValidationError, match="考核已定档，阶段截止日期不能再修改"):
        editing.update_campaign(county.office, campaign, title=campaign.title, self_due=date(2099, 1, 1),
                                review_due=None, publicity_end=None, webhook_url="")
    with pytest.raises(ValidationError, match="考核结果已定档，不能再增加参加单位"):
        editing.add_participants(county.office, campaign, [town])
    with pytest.raises(ValidationError, match="考核已定档，任务截止日期不能再修改"):
        editing.shift_task_dates(county.office, campaign, days=7)
    # The page shows the dates, but as read-only inputs: a posted date is ignored.
    page = _office(client, county).get(_url(campaign)).content.decode()
    assert "考核已定档，截止日期不能再修改" in page and "全部调整" not in page and "加入考核" not in page
    client.post(_url(campaign), _settings(campaign, self_due="2099-01-01"))
    campaign.refresh_from_db()
    assert campaign.self_due is None


def test_a_locked_campaign_may_be_renamed_with_a_reason(county, client):
    campaign = county.phase(Phase.FINAL)
    response = _office(client, county).post(_url(campaign), _settings(campaign, title="2022年度政务公开考核"))
    assert response.status_code == 400
    assert "考核已定档，名称已印在通报上；修改名称请填写理由" in response.content.decode()
    response = client.post(_url(campaign), _settings(campaign, title="2022年度政务公开考核", reason="更正错字"))
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.title == "2022年度政务公开考核"
    [e] = _events(campaign, "修改考核设置")
    assert (e.old, e.new, e.reason) == ("2022年度政务公开工作考核", "2022年度政务公开考核", "更正错字")


# ---- units ---------------------------------------------------------------------------------------------
def test_adding_a_unit_gives_it_entries_scores_it_and_tells_its_people(county, client):
    campaign = county.phase(Phase.SELF)
    town = Unit.objects.create(name="南桥镇", kind=Unit.Kind.TOWNSHIP)
    reporter = get_user_model().objects.create_user("nanqiao")
    Membership.objects.create(user=reporter, role=Role.REPORTER, unit=town)
    response = _office(client, county).post(_url(campaign), {"action": "add", "units": [town.pk]})
    assert response.status_code == 302 and response.url.endswith("#units")

    assert campaign.entries.filter(unit=town).count() == 40
    assert not campaign.entries.filter(unit=town, applicable=False).exists()  # xunwu-2022: every item is for 乡镇
    assert Participant.objects.get(campaign=campaign, unit=town).total is not None
    assert [e.target for e in _events(campaign, "加入考核")][-1] == "南桥镇"
    notice = Notification.objects.get(user=reporter)
    assert "贵单位已加入本次考核" in notice.text and notice.link == reverse("campaigns:unit", args=[campaign.pk, town.pk])
    # The unit's people now see the campaign.
    client.force_login(reporter)
    assert client.get(reverse("campaigns:unit", args=[campaign.pk, town.pk])).status_code == 200


def test_a_unit_outside_the_schemes_ranking_groups_is_refused_in_chinese(county, client):
    """xunwu-2022 ranks 乡镇 and 县直单位: a 开发区 cannot be scored, so nothing of it is kept."""
    zone = Unit.objects.create(name="工业园区", kind=Unit.Kind.ZONE)
    response = _office(client, county).post(_url(county.campaign), {"action": "add", "units": [zone.pk]})
    assert response.status_code == 400
    assert "不能加入：单位“工业园区”：排名分组应为 乡镇、县直单位 之一" in response.content.decode()
    assert not county.campaign.participants.filter(unit=zone).exists()
    assert not Entry.objects.filter(unit=zone).exists()
    assert not Event.objects.filter(action="加入考核", target="工业园区").exists()


def test_adding_a_unit_marks_only_the_items_whose_target_excludes_it(county, client):
    """guxian-2021 has 16 items for 县直单位 only: a 乡镇 joining gets them as not applicable."""
    campaign = create_campaign(county.office, Scheme.objects.get(scheme_id="guxian-2021"), "2021年度考核", 2021,
                               [county.finance])
    town = Unit.objects.create(name="南桥镇", kind=Unit.Kind.TOWNSHIP)
    _office(client, county).post(_url(campaign), {"action": "add", "units": [town.pk]})
    entries = campaign.entries.filter(unit=town)
    assert entries.count() == 35 and entries.filter(applicable=False).count() == 16
    assert entries.filter(applicable=False).first().na_reason == "考核对象为县直单位，不含乡镇"
    assert Participant.objects.get(campaign=campaign, unit=town).total is not None


def test_adding_before_the_start_tells_nobody_and_nothing_is_refused_for_a_subunit(county, client):
    town = Unit.objects.create(name="南桥镇", kind=Unit.Kind.TOWNSHIP)
    reporter = get_user_model().objects.create_user("nanqiao")
    Membership.objects.create(user=reporter, role=Role.REPORTER, unit=town)
    _office(client, county).post(_url(county.campaign), {"action": "add", "units": [town.pk]})
    assert county.campaign.participants.filter(unit=town).exists()
    assert not Notification.objects.filter(user=reporter).exists()
    # A 科室 is not offered, and posting one is refused.
    response = client.post(_url(county.campaign), {"action": "add", "units": [county.section.pk]})
    assert response.status_code == 400
    with pytest.raises(ValidationError, match="是科室或责任组"):
        editing.add_participants(county.office, county.campaign, [county.section])


def _evidence_file(entry, name):
    evidence = entry.evidence.create(name=name, content_type="image/png", size=8)
    evidence.file.save(name, ContentFile(b"\x89PNG\r\n\x1a\nxx"))
    return evidence


def test_removing_a_unit_deletes_its_entries_evidence_and_files(county, client, settings, tmp_path,
                                                                 django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    campaign = county.phase(Phase.REVIEW)
    entry = county.entry(county.town, "36")
    entry.self_score, entry.state = 3, Entry.State.APPROVED
    entry.save()
    stored = _evidence_file(entry, "shot.png")
    entry.evidence.create(name="会议纪要", url="http://www.example.gov.cn/a.html")
    Appeal.objects.create(entry=entry, filed_by=county.reporter, text="有佐证")
    path = stored.file.path
    other = _evidence_file(county.entry(county.other_town, "36"), "other.png")

    # A reason is required.
    response = _office(client, county).post(_url(campaign), {"action": "remove", "unit": county.town.pk, "reason": ""})
    assert response.status_code == 400 and "请填写移出该单位的理由" in response.content.decode()
    assert campaign.participants.filter(unit=county.town).exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(campaign), {"action": "remove", "unit": county.town.pk, "reason": "机构改革，已撤并"})
    assert response.status_code == 302
    assert not campaign.participants.filter(unit=county.town).exists()
    assert not Entry.objects.filter(campaign=campaign, unit=county.town).exists()
    assert not Evidence.objects.filter(entry__unit=county.town).exists()
    assert not Appeal.objects.filter(entry__unit=county.town).exists()
    assert not campaign.assignments.filter(unit=county.town).exists()
    assert not (tmp_path / path).exists()
    assert other.file.storage.exists(other.file.name)  # another unit's evidence stays
    [e] = _events(campaign, "移出考核")
    assert (e.target, e.field, e.old, e.reason) == ("东山镇", "参加单位", "东山镇", "机构改革，已撤并")
    assert e.new == "已移出：删除指标40项（其中已填报1项）、佐证材料2份（文件1个）、申诉1件、核查分工1条"
    # The ranking is recomputed without it; its people lose the campaign.
    assert set(campaign.participants.values_list("unit__name", flat=True)) == {"西河镇", "县财政局", "县行政审批局"}
    assert all(p.total is not None for p in campaign.participants.all())
    assert Notification.objects.filter(user=county.reporter, text__contains="不再参加本次考核").exists()
    client.force_login(county.reporter)
    assert client.get(reverse("campaigns:detail", args=[campaign.pk])).status_code == 404


@pytest.mark.parametrize("phase,state", [(Phase.PUBLICITY, "公示"), (Phase.FINAL, "定档")])
def test_units_cannot_be_added_or_removed_once_published(county, client, phase, state):
    campaign = county.phase(phase)
    town = Unit.objects.create(name="南桥镇", kind=Unit.Kind.TOWNSHIP)
    _office(client, county)
    response = client.post(_url(campaign), {"action": "remove", "unit": county.town.pk, "reason": "撤并"})
    assert response.status_code == 400
    assert f"考核结果已{state}，不能再移出参加单位" in response.content.decode()
    assert campaign.entries.filter(unit=county.town).count() == 40
    with pytest.raises(ValidationError, match=f"考核结果已{state}，不能再增加参加单位"):
        editing.add_participants(county.office, campaign, [town])
    assert "移出本次考核" not in client.get(_url(campaign)).content.decode()
    assert not _events(campaign, "移出考核")


# ---- task dates ----------------------------------------------------------------------------------------
def _guxian_2026(county):
    """guxian-2021's dates (2021年8月底…) moved to a 2026 campaign, the scheme's dates kept."""
    return create_campaign(county.office, Scheme.objects.get(scheme_id="guxian-2021"), "2026年度政务公开考核", 2026,
                           [county.finance])


def test_task_dates_are_changed_in_bulk_only_where_edited(county, client):
    campaign = _guxian_2026(county)
    tasks = {t.item_id: t for t in campaign.tasks.all()}
    page = _office(client, county).get(_url(campaign))
    assert page.status_code == 200
    form = page.context["forms"]["tasks"]
    data = {"action": "tasks", "reason": "按市里通知调整",
            **{name: form[name].value() for name in form.fields if name.startswith("task_")}}
    assert data[f"task_{tasks['1'].pk}"] == "2026-08-31"
    data[f"task_{tasks['1'].pk}"] = "2026-09-30"
    data[f"task_{tasks['4'].pk}"] = "2026-07-31，2026-10-31"
    response = client.post(_url(campaign), data)
    assert response.status_code == 302 and response.url.endswith("#tasks")
    for t in tasks.values():
        t.refresh_from_db()
    assert (tasks["1"].due_dates, tasks["1"].scheme_dates) == (["2026-09-30"], [])
    assert tasks["4"].due_dates == ["2026-07-31", "2026-10-31"]
    assert tasks["2"].due_dates == ["2026-08-31"] and tasks["2"].scheme_dates == ["2021-08-31"]  # untouched
    logged = {(e.target, e.field, e.old, e.new, e.reason) for e in _events(campaign, "修改任务分工")}
    assert logged == {
        ("第1项任务分工", "截止日期", "2026-08-31（方案原定2021-08-31，按考核年度顺延）", "2026-09-30", "按市里通知调整"),
        ("第4项任务分工", "截止日期", "2026-07-31、2026-08-31（方案原定2021-07-31、2021-08-31，按考核年度顺延）",
         "2026-07-31、2026-10-31", "按市里通知调整"),
    }


def test_an_unreadable_task_date_is_shown_on_its_row_and_nothing_is_saved(county, client):
    campaign = _guxian_2026(county)
    first, second = campaign.tasks.get(item_id="1"), campaign.tasks.get(item_id="2")
    response = _office(client, county).post(_url(campaign), {
        "action": "tasks", f"task_{first.pk}": "2026-09-30", f"task_{second.pk}": "9月底"})
    assert response.status_code == 400
    assert "日期“9月底”看不懂，请按 2022-08-31 的格式填写" in response.content.decode()
    first.refresh_from_db()
    assert first.due_dates == ["2026-08-31"]


def test_all_task_dates_are_shifted_at_once(county, client):
    campaign = _guxian_2026(county)
    dated = campaign.tasks.exclude(due_dates=[]).count()
    response = _office(client, county).post(_url(campaign), {
        "action": "shift", "direction": "later", "amount": "30", "unit": "days", "reason": "全县统一推迟"})
    assert response.status_code == 302
    task = campaign.tasks.get(item_id="1")
    assert task.due_dates == ["2026-09-30"] and task.due == date(2026, 9, 30) and task.scheme_dates == []
    assert len(_events(campaign, "修改任务分工")) == dated
    [summary] = _events(campaign, "顺延任务截止日期")
    assert (summary.new, summary.reason) == (f"全部任务推迟30天（{dated}项任务）", "全县统一推迟")
    client.post(_url(campaign), {"action": "shift", "direction": "earlier", "amount": "1", "unit": "years"})
    task.refresh_from_db()
    assert task.due_dates == ["2025-09-30"]
    response = client.post(_url(campaign), {"action": "shift", "direction": "later", "amount": "", "unit": "days"})
    assert response.status_code == 400 and "请填写要推迟或提前的天数或年数" in response.content.decode()


def test_the_settings_table_names_each_task_and_links_its_edit_page(county, client):
    campaign = _guxian_2026(county)
    task = campaign.tasks.get(item_id="1")
    page = _office(client, county).get(_url(campaign)).content.decode()
    assert reverse("campaigns:task_edit", args=[campaign.pk, task.pk]) in page
    row = next(r for r in client.get(_url(campaign)).context["task_rows"] if r["task"].pk == task.pk)
    assert row["title"] and row["dates"] == ["2026-08-31"]
    assert "方案原定 2021-08-31，已按考核年度顺延" in page


# ---- the task page says when dates were moved from the scheme's year -------------------------------------
def test_task_page_notes_dates_moved_from_the_schemes_year(county, client):
    """A 2026 campaign on a 2021 scheme never shows 2021 dates, nor 2026 ones without saying so.

    (xunwu-2022, year 2022, gives no task a date — its items have no 完成时限 — so the dated scheme
    guxian-2021 is used; a 2026 campaign on xunwu-2022 is checked to carry no such note.)"""
    campaign = _guxian_2026(county)
    task = campaign.tasks.get(item_id="1")
    assert (task.due_dates, task.scheme_dates) == (["2026-08-31"], ["2021-08-31"])
    client.force_login(county.office)
    page = client.get(reverse("campaigns:tasks", args=[campaign.pk])).content.decode()
    assert "方案原定 2021-08-31，已按考核年度顺延" in page
    edit = client.get(reverse("campaigns:task_edit", args=[campaign.pk, task.pk])).content.decode()
    assert "方案原定 2021-08-31，已按考核年度顺延" in edit

    xunwu = create_campaign(county.office, Scheme.objects.get(scheme_id="xunwu-2022"), "2026年度考核", 2026,
                            [county.town])
    assert Scheme.objects.get(scheme_id="xunwu-2022").year == 2022
    assert not xunwu.tasks.exclude(scheme_dates=[]).exists()
    assert "已按考核年度顺延" not in client.get(reverse("campaigns:tasks", args=[xunwu.pk])).content.decode()
    # Same year: nothing was moved, nothing is said.
    same = create_campaign(county.office, Scheme.objects.get(scheme_id="guxian-2021"), "2021年度考核", 2021,
                           [county.finance])
    assert same.tasks.get(item_id="1").scheme_dates == []
    assert "已按考核年度顺延" not in client.get(reverse("campaigns:tasks", args=[same.pk])).content.decode()
