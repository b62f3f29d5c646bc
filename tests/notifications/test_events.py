"""Events of the yearly loop reach people in the app, by e-mail (through the task queue) and, where
the whole group should know, on the campaign's robot."""
import pytest

from zwgk.campaigns import workflow
from zwgk.campaigns.models import Campaign

pytestmark = pytest.mark.django_db
WECOM = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=test"


def test_a_return_is_told_in_the_app_by_mail_and_on_the_robot(county, robot, mailoutbox,
                                                            django_capture_on_commit_callbacks):
    county.reporter.email = "lianluo@example.gov.cn"
    county.reporter.save()
    county.campaign.webhook_url = WECOM
    county.campaign.save()
    county.phase(Campaign.Phase.SELF)
    entry = county.entry(county.town, "1")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(county.reporter, [entry])
        workflow.send_back(county.head, entry, "缺少目录截图")
    assert county.reporter.notifications.filter(text__contains="缺少目录截图").exists()
    [mail] = [m for m in mailoutbox if "缺少目录截图" in m.subject + m.body]
    assert mail.to == ["lianluo@example.gov.cn"] and "办理地址" in mail.body
    texts = [b["text"]["content"] for b in robot.bodies]
    assert any("【待审核】东山镇提交了1项自评" in t for t in texts)
    assert any("【退回修改】东山镇 第1项：缺少目录截图" in t for t in texts)


def test_no_robot_no_address_no_mail(county, robot, mailoutbox, django_capture_on_commit_callbacks):
    county.phase(Campaign.Phase.SELF)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(county.reporter, [county.entry(county.town, "1")])
    assert county.head.notifications.exists()
    assert not robot.requests and not mailoutbox
