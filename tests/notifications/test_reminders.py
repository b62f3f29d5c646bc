"""Daily reminders: who is told about what, once; e-mail; the group robot's one summary a day."""
from datetime import date, datetime, timedelta, timezone

import httpx
import pytest
from django.core.management import CommandError, call_command

from zwgk.campaigns import workflow
from zwgk.campaigns.models import Campaign, Entry
from zwgk.campaigns.setup import create_campaign
from zwgk.notifications import reminders, tasks, webhook
from zwgk.notifications.models import Notification
from zwgk.organisations.models import Unit
from zwgk.schemes.models import Scheme

pytestmark = pytest.mark.django_db

TODAY = date(2022, 6, 1)
WECOM = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=secret-key"
DINGTALK = "https://oapi.dingtalk.com/robot/send?access_token=secret-token"
State = Entry.State


def in_days(n: int) -> str:
    return (TODAY + timedelta(days=n)).isoformat()


def told(key_prefix: str = "") -> set[str]:
    return set(Notification.objects.filter(key__startswith=key_prefix).values_list("user__username", flat=True))


@pytest.fixture
def county(county):
    """In self-assessment; 东山镇 has not finished item 5, every other unit has approved it."""
    county.phase(Campaign.Phase.SELF)
    county.campaign.entries.filter(item_id="5").exclude(unit=county.town).update(state=State.APPROVED)
    county.campaign.entries.filter(unit=county.town, item_id="5").update(state=State.SUBMITTED)
    county.reporter.email = "reporter@dongshan.gov.cn"
    county.reporter.save()
    county.other_reporter.email = "reporter@xihe.gov.cn"
    county.other_reporter.save()
    return county


def test_task_due_in_three_days_tells_only_the_unit_that_has_not_finished(county, mailoutbox):
    county.campaign.tasks.filter(item_id="5").update(due_dates=[in_days(3)])
    report = reminders.send_reminders(TODAY)
    assert told("task:") == {"reporter", "head"}
    note = Notification.objects.get(user=county.reporter)
    assert "第5项" in note.text and "3天后到期（2022年6月4日）" in note.text and "尚未报送" in note.text
    entry = county.entry(county.town, "5")
    assert note.link == f"/campaigns/{county.campaign.pk}/entries/{entry.pk}/"
    assert note.key.endswith(":2022-06-04:3d")
    # Only the reporter has an address.
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["reporter@dongshan.gov.cn"]
    assert mail.subject == "【政务公开考核】1条待办提醒（2022年6月1日）"
    assert "reporter您好" in mail.body and "第5项" in mail.body and note.link in mail.body
    assert (report.notifications, report.emails) == (2, 1)


def test_running_twice_sends_nothing_new(county, mailoutbox):
    county.campaign.tasks.filter(item_id="5").update(due_dates=[in_days(3)])
    reminders.send_reminders(TODAY)
    again = reminders.send_reminders(TODAY)
    assert (again.notifications, again.emails) == (0, 0)
    assert Notification.objects.count() == 2 and len(mailoutbox) == 1
    # The next day is still the 3-day reminder: nothing; the day before the deadline is the 1-day one.
    assert reminders.send_reminders(TODAY + timedelta(days=1)).notifications == 0
    assert reminders.send_reminders(TODAY + timedelta(days=2)).notifications == 2
    assert reminders.send_reminders(TODAY + timedelta(days=3)).notifications == 2  # today
    assert reminders.send_reminders(TODAY + timedelta(days=4)).notifications == 0  # past


def test_lead_times_and_a_missed_run_caught_up():
    assert [reminders.lead_for(n) for n in (0, 1, 2, 3, 4, 5, 7, 8, -1)] == [0, 1, 3, 3, 7, 7, 7, None, None]


def test_nothing_for_tasks_far_off_or_finished(county):
    county.campaign.tasks.filter(item_id="5").update(due_dates=[in_days(8)])
    county.campaign.tasks.filter(item_id="6").update(due_dates=[in_days(1)])
    county.campaign.entries.filter(item_id="6").update(state=State.APPROVED)
    assert reminders.send_reminders(TODAY).notifications == 0


def test_no_task_reminders_outside_self_assessment(county):
    county.campaign.tasks.filter(item_id="5").update(due_dates=[in_days(3)])
    county.phase(Campaign.Phase.SETUP)  # units cannot see the campaign yet
    assert reminders.send_reminders(TODAY).notifications == 0
    county.phase(Campaign.Phase.REVIEW)  # entries are locked for the units
    assert reminders.send_reminders(TODAY).notifications == 0


def test_section_named_on_the_task_is_told_with_its_department(county):
    section_reporter = _person("section_reporter", "reporter", county.section)
    county.campaign.tasks.get(item_id="5").lead.set([county.section])
    county.campaign.entries.filter(item_id="5").update(state=State.DRAFT)
    county.campaign.tasks.filter(item_id="5").update(due_dates=[in_days(1)])
    reminders.send_reminders(TODAY)
    assert section_reporter.username in told("task:")
    assert Notification.objects.filter(user=section_reporter).count() == 1  # only its department's entry


def _person(username, role, unit):
    from django.contrib.auth import get_user_model

    from zwgk.accounts.models import Membership

    user = get_user_model().objects.create_user(username, password="x" * 12)
    Membership.objects.create(user=user, role=role, unit=unit)
    return user


def test_task_plan_reminds_until_progress_is_done(county):
    plan = create_campaign(county.office, Scheme.objects.get(scheme_id="jiangxian-2021"), "2021年政务公开工作要点",
                           2021, [county.town, county.other_town])
    plan.tasks.update(due_dates=[], due=None)
    plan.phase = Campaign.Phase.SELF
    plan.save()
    plan.tasks.filter(item_id="1").update(due_dates=[in_days(7)])
    plan.entries.filter(item_id="1").update(state=State.APPROVED)  # approval is not completion
    plan.entries.filter(unit=county.other_town, item_id="1").update(progress=Entry.Progress.DONE)
    reminders.send_reminders(TODAY)
    assert told(f"task:{plan.tasks.get(item_id='1').pk}:") == {"reporter", "head"}
    assert "尚未完成" in Notification.objects.filter(user=county.head).first().text


def test_self_due_tells_units_with_items_not_yet_approved(county, mailoutbox):
    county.campaign.self_due = TODAY + timedelta(days=7)
    county.campaign.save()
    county.campaign.entries.filter(unit__in=[county.other_town, county.finance, county.approval]).update(
        state=State.APPROVED)
    reminders.send_reminders(TODAY)
    assert told("self_due:") == {"reporter", "head"}
    text = Notification.objects.get(user=county.head, key__startswith="self_due:").text
    assert text == ("2022年度政务公开工作考核：自评将于7天后截止（2022年6月8日），"
                    "本单位还有39项未提交、1项待单位负责人审核。")
    assert Notification.objects.get(user=county.head).link == f"/campaigns/{county.campaign.pk}/units/{county.town.pk}/"


def test_review_due_tells_assessors_with_unreviewed_entries(county):
    county.campaign.review_due = TODAY + timedelta(days=1)
    county.campaign.save()
    county.campaign.entries.filter(item_id__in=["7", "8"]).update(reviewed_at=datetime(2022, 5, 1, tzinfo=timezone.utc))
    reminders.send_reminders(TODAY)
    assert told("review_due:") == {"assessor"}  # 县财政局's assessor has checked items 7–8 everywhere
    text = Notification.objects.get(user=county.assessor).text
    assert "评审将于明天截止（2022年6月2日）" in text and "还有76项未核查" in text  # 2 units × 40, less items 7–8 of each


def test_publicity_end_tells_everybody_once(county, mailoutbox):
    county.phase(Campaign.Phase.PUBLICITY)
    county.campaign.publicity_end = TODAY + timedelta(days=3)
    county.campaign.save()
    stranger = Unit.objects.create(name="南岭镇", kind=Unit.Kind.TOWNSHIP)
    _person("stranger", "reporter", stranger)
    reminders.send_reminders(TODAY)
    assert told("publicity_end:") == {"office", "assessor", "finance_assessor", "reporter", "head",
                                      "other_reporter", "other_head"}
    assert "公示及申诉将于3天后截止（2022年6月4日）" in Notification.objects.get(user=county.head).text
    assert sorted(m.to[0] for m in mailoutbox) == ["reporter@dongshan.gov.cn", "reporter@xihe.gov.cn"]
    assert reminders.send_reminders(TODAY).notifications == 0


def test_final_campaign_is_left_alone(county):
    county.phase(Campaign.Phase.FINAL)
    county.campaign.publicity_end = TODAY
    county.campaign.save()
    assert reminders.send_reminders(TODAY).notifications == 0


# ---- the group robot ---------------------------------------------------------------------------
def test_one_summary_per_campaign_per_day(county, robot):
    county.campaign.webhook_url = WECOM
    county.campaign.self_due = TODAY + timedelta(days=3)
    county.campaign.save()
    county.campaign.tasks.filter(item_id="5").update(due_dates=[in_days(1)])
    assert reminders.send_reminders(TODAY).webhooks == 1
    assert reminders.send_reminders(TODAY).webhooks == 0
    assert len(robot.requests) == 1
    request = robot.requests[0]
    assert (request.method, str(request.url)) == ("POST", WECOM)
    assert request.headers["content-type"] == "application/json"
    body = robot.bodies[0]
    assert set(body) == {"msgtype", "text"} and body["msgtype"] == "text"
    content = body["text"]["content"]
    assert content.startswith("【政务公开考核】2022年度政务公开工作考核（自评阶段）6月1日提醒：")
    assert "· 自评截止：2022年6月4日（还有3天）" in content
    assert "· 第5项“规划信息公开：在政府网站公开本乡镇、本单位的第十四个五年规划纲要、专项规划和区域规划等…”明天到期" \
           "（2022年6月2日），1个单位（东山镇）未完成" in content
    reminders.send_reminders(TODAY + timedelta(days=1))
    assert len(robot.requests) == 2


def test_no_summary_without_a_robot_or_without_news(county, robot):
    county.campaign.tasks.filter(item_id="5").update(due_dates=[in_days(1)])
    reminders.send_reminders(TODAY)  # no webhook_url
    county.campaign.webhook_url = DINGTALK
    county.campaign.save()
    county.campaign.tasks.filter(item_id="5").update(due_dates=[in_days(20)])
    reminders.send_reminders(TODAY)  # nothing due within 7 days
    assert robot.requests == []


def test_failing_robot_does_not_stop_the_reminders(county, robot, caplog):
    county.campaign.webhook_url = WECOM
    county.campaign.save()
    county.campaign.tasks.filter(item_id="5").update(due_dates=[in_days(3)])
    robot.status = 500
    report = reminders.send_reminders(TODAY)
    assert len(robot.requests) == 1 and report.notifications == 2
    assert "secret-key" not in caplog.text  # the robot's key stays out of the logs


@pytest.mark.parametrize("failure", [
    {"status": 500},
    {"status": 200, "answer": {"errcode": 310000, "errmsg": "keywords not in content"}},
    {"error": httpx.ConnectError("connection refused")},
    {"error": httpx.ReadTimeout("timed out")},
])
def test_post_reports_failure_without_raising(robot, failure):
    robot.status = failure.get("status", 200)
    robot.answer = failure.get("answer", robot.answer)
    robot.error = failure.get("error")
    assert webhook.post(WECOM, "测试") is False


def test_post_body_is_the_same_for_both_robots(robot):
    assert webhook.post(WECOM, "自评阶段开始") is True
    assert webhook.post(DINGTALK, "【政务公开考核】自评阶段开始") is True
    assert robot.bodies == [{"msgtype": "text", "text": {"content": "【政务公开考核】自评阶段开始"}}] * 2
    assert [str(r.url) for r in robot.requests] == [WECOM, DINGTALK]
    assert (webhook.robot_kind(WECOM), webhook.robot_kind(DINGTALK)) == ("企业微信", "钉钉")


def test_post_with_an_injected_client_and_long_text(robot):
    seen = []
    client = httpx.Client(transport=httpx.MockTransport(lambda r: seen.append(r) or httpx.Response(200, json={})))
    assert webhook.post(WECOM, "长" * 3000, client=client) is True
    assert robot.requests == [] and len(seen) == 1
    content = httpx.Response(200, content=seen[0].content).json()["text"]["content"]
    assert len(content.encode()) <= webhook.MAX_BYTES and content.endswith("…")


def test_post_refuses_what_is_not_a_web_address(robot):
    assert webhook.post("file:///etc/passwd", "x") is False
    assert webhook.post("", "x") is False
    assert robot.requests == []


def test_redirects_are_not_followed(robot):
    robot.status = 302
    assert webhook.post(WECOM, "x") is False
    assert len(robot.requests) == 1


# ---- huey tasks, the command and phase changes -------------------------------------------------
def test_send_webhook_task(robot):
    tasks.send_webhook.call_local(WECOM, "考核进入评审阶段。")
    tasks.send_webhook(DINGTALK, "考核进入评审阶段。")  # enqueued, run at once in immediate mode
    assert [b["text"]["content"] for b in robot.bodies] == ["【政务公开考核】考核进入评审阶段。"] * 2


def test_daily_task_reminds_for_beijing_today(county):
    today = reminders.beijing_today()
    county.phase(Campaign.Phase.PUBLICITY)
    county.campaign.publicity_end = today
    county.campaign.save()
    tasks.daily_reminders.call_local()
    assert "head" in told(f"publicity_end:{county.campaign.pk}:{today.isoformat()}:0d")


def test_daily_task_runs_at_eight_beijing_time(huey_immediate):
    validate = tasks.beijing_crontab(hour="8", minute="0")
    assert huey_immediate.utc  # huey's clock is UTC: 08:00 in Beijing is 00:00 there
    assert validate(datetime(2022, 6, 1, 0, 0)) is True
    assert validate(datetime(2022, 6, 1, 8, 0)) is False
    due = [t.name for t in huey_immediate.read_periodic(datetime(2022, 6, 1, 0, 0))]
    assert "daily_reminders" in due
    assert "daily_reminders" not in [t.name for t in huey_immediate.read_periodic(datetime(2022, 6, 1, 8))]


def test_command_with_a_date(county, capsys):
    county.campaign.tasks.filter(item_id="5").update(due_dates=[in_days(3)])
    call_command("send_reminders", "--date", "2022-06-01")
    out = capsys.readouterr().out
    assert out.startswith("2022年6月1日：站内提醒2条，邮件1封，群消息0条。")
    assert "第5项" in out
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_reminders", "--date", "6/1/2022")


def test_phase_change_goes_to_the_robot_after_commit(county, robot, django_capture_on_commit_callbacks):
    county.phase(Campaign.Phase.SETUP)
    county.campaign.webhook_url = WECOM
    county.campaign.save()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.advance(county.office, county.campaign)
    assert robot.bodies == [{"msgtype": "text", "text": {"content": "【政务公开考核】2022年度政务公开工作考核进入自评阶段。"}}]
    assert {"reporter", "head", "assessor"} <= set(
        Notification.objects.filter(text__contains="进入自评阶段").values_list("user__username", flat=True))


def test_phase_change_without_a_robot_posts_nothing(county, robot, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.advance(county.office, county.campaign)
    assert robot.requests == []
