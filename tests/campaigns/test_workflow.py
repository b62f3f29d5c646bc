"""The yearly loop through the web pages: fill, submit, approve, review, publish, appeal, finalise."""
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from zwgk.audit.models import Event
from zwgk.campaigns.models import Appeal, Campaign, Entry

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


def entry_url(county, entry, name="campaigns:entry"):
    return reverse(name, args=[county.campaign.pk, entry.pk])


def test_campaign_gives_every_item_to_every_unit(county):
    assert county.campaign.entries.count() == 4 * 40
    assert county.campaign.tasks.count() == 40
    assert county.campaign.participants.get(unit=county.town).group == "乡镇"
    assert county.campaign.participants.get(unit=county.finance).group == "县直单位"


def test_reporter_fills_submits_and_head_approves(county, client):
    county.phase(Campaign.Phase.SELF)
    entry = county.entry(county.town, "36")
    login(client, county.reporter)
    r = client.post(entry_url(county, entry), {"action": "save_self", "self_score": "3.5", "self_note": "已召开专题会议"})
    assert r.status_code == 302
    r = client.post(entry_url(county, entry), {"action": "link", "url": "http://www.example.gov.cn/a.html", "name": "会议纪要"})
    assert r.status_code == 302
    r = client.post(reverse("campaigns:submit", args=[county.campaign.pk, county.town.pk]), {"entry": [entry.pk]})
    entry.refresh_from_db()
    assert (entry.self_score, entry.state) == (Decimal("3.5"), Entry.State.SUBMITTED)
    # Locked for the unit now: a further edit is refused.
    assert client.post(entry_url(county, entry), {"action": "save_self", "self_score": "4"}).status_code == 403

    login(client, county.head)
    client.post(entry_url(county, entry), {"action": "approve"})
    entry.refresh_from_db()
    assert entry.state == Entry.State.APPROVED
    actions = list(Event.objects.filter(unit=county.town).values_list("action", flat=True))
    assert {"修改自评", "上传佐证", "提交自评", "审核通过"} <= set(actions)


def test_self_score_above_the_points_is_refused_in_chinese(county, client):
    county.phase(Campaign.Phase.SELF)
    entry = county.entry(county.town, "36")
    r = login(client, county.reporter).post(entry_url(county, entry), {"action": "save_self", "self_score": "9"})
    assert r.status_code == 400
    assert "自评分不能超过本项分值4分" in r.content.decode()


def test_head_returns_with_reason_and_reporter_resubmits(county, client):
    county.phase(Campaign.Phase.SELF)
    entry = county.entry(county.town, "1")
    login(client, county.reporter).post(entry_url(county, entry), {"action": "submit"})
    r = login(client, county.head).post(entry_url(county, entry), {"action": "return", "reason": ""})
    assert "请填写退回理由" in r.content.decode()
    login(client, county.head).post(entry_url(county, entry), {"action": "return", "reason": "缺少目录截图"})
    entry.refresh_from_db()
    assert entry.state == Entry.State.RETURNED and entry.return_reason == "缺少目录截图"
    assert county.reporter.notifications.filter(text__contains="缺少目录截图").exists()
    login(client, county.reporter).post(entry_url(county, entry), {"action": "submit"})
    entry.refresh_from_db()
    assert entry.state == Entry.State.SUBMITTED


def test_assessor_findings_score_the_pool_and_preview_does_not_save(county, client):
    county.phase(Campaign.Phase.REVIEW)
    entry = county.entry(county.town, "29")  # 政务新媒体 5分 on the group; 每少1次扣0.1分
    entry.evidence.create(url="http://www.example.gov.cn/wx", name="公众号")
    login(client, county.assessor)
    r = client.post(entry_url(county, entry, "campaigns:preview"), {"c1": "7"})
    data = r.json()
    assert data["ok"] and data["score"] == "-0.7"
    assert any("7" in line for line in data["explanation"])
    entry.refresh_from_db()
    assert entry.facts == {}

    r = client.post(entry_url(county, entry, "campaigns:preview"), {"c1": "两次"})
    assert r.json()["ok"] is False and "次数应为数字" in r.json()["errors"]["c1"]

    client.post(entry_url(county, entry), {"action": "findings", "c1": "7", "c1_note": "3月缺发7次"})
    entry.refresh_from_db()
    assert entry.facts == {"1": {"count": 7}} and entry.finding_notes == {"1": "3月缺发7次"}
    assert entry.score == Decimal("-0.7")
    change = Event.objects.get(action="得分变更", unit=county.town)
    assert change.new == "-0.7" and change.actor == county.assessor


def test_override_needs_a_reason_and_is_logged(county, client):
    county.phase(Campaign.Phase.REVIEW)
    entry = county.entry(county.town, "36")
    login(client, county.office)
    r = client.post(entry_url(county, entry), {"action": "override", "override_score": "1", "override_reason": ""})
    assert "调整得分必须填写理由" in r.content.decode()
    client.post(entry_url(county, entry), {"action": "override", "override_score": "1", "override_reason": "会议未留纪要"})
    entry.refresh_from_db()
    assert entry.score == Decimal("1") and entry.checked  # a person set it: it counts as checked
    event = Event.objects.get(action="调整得分")
    assert (event.new, event.reason) == ("1", "会议未留纪要")


def test_publish_appeal_answer_finalise(county, client):
    county.phase(Campaign.Phase.REVIEW)
    entry = county.entry(county.town, "36")
    login(client, county.office)
    client.post(reverse("campaigns:unchecked_rule", args=[county.campaign.pk]),
                {"rule": "zero", "reason": "经考核领导小组研究"})
    client.post(reverse("campaigns:advance", args=[county.campaign.pk]))
    county.campaign.refresh_from_db()
    assert county.campaign.phase == Campaign.Phase.PUBLICITY
    before = county.campaign.participants.get(unit=county.town).total
    assert before is not None

    login(client, county.reporter).post(entry_url(county, entry), {"action": "appeal", "text": "已提供会议纪要"})
    appeal = Appeal.objects.get(entry=entry)
    r = login(client, county.office).post(reverse("campaigns:advance", args=[county.campaign.pk]), follow=True)
    assert "还有1件申诉未答复" in r.content.decode()

    client.post(entry_url(county, entry), {"action": "answer", "appeal": appeal.pk, "outcome": "upheld",
                                           "answer": "经复核，纪要齐全", "score": "4"})
    appeal.refresh_from_db()
    assert appeal.outcome == Appeal.Outcome.UPHELD and appeal.score_after == Decimal("4")
    client.post(reverse("campaigns:advance", args=[county.campaign.pk]))
    county.campaign.refresh_from_db()
    assert county.campaign.phase == Campaign.Phase.FINAL and county.campaign.finalised_at
    # Locked: no more overrides.
    r = client.post(entry_url(county, entry), {"action": "override", "override_score": "2", "override_reason": "x"})
    assert r.status_code == 403


def test_ranks_share_places_within_groups(county, client):
    from zwgk.campaigns.results import rescore_campaign

    for unit in (county.town, county.other_town):
        county.entry(unit, "36").evidence.create(url="http://www.example.gov.cn/m", name="纪要")
        county.campaign.entries.filter(unit=unit).update(reviewed_at=timezone.now())
    rescore_campaign(county.campaign)
    towns = county.campaign.participants.filter(group="乡镇")
    assert sorted(p.rank for p in towns) == [1, 1]  # same facts → same total → shared first place
    other = county.entry(county.other_town, "36")
    other.facts = {"1": {"count": 1}}
    other.save()
    rescore_campaign(county.campaign)
    ranks = dict(county.campaign.participants.filter(group="乡镇").values_list("unit__name", "rank"))
    assert ranks == {"东山镇": 1, "西河镇": 2}


def test_office_marks_an_item_not_applicable_with_a_reason(county, client):
    county.phase(Campaign.Phase.SELF)
    entry = county.entry(county.finance, "1")
    login(client, county.office)
    r = client.post(entry_url(county, entry), {"action": "applicability", "applicable": "no", "na_reason": ""})
    assert "请填写不适用的理由" in r.content.decode()
    client.post(entry_url(county, entry), {"action": "applicability", "applicable": "no", "na_reason": "本单位无此项职能"})
    entry.refresh_from_db()
    assert not entry.applicable and entry.score is None
    assert Event.objects.filter(action="调整适用", reason="本单位无此项职能").exists()


def test_scheme_level_cases_change_the_total(county, client):
    """古县 B1: 受到上级表彰每项加5分 — two commendations add 10 to the unit's total."""
    from zwgk.campaigns.setup import create_campaign
    from zwgk.schemes.models import Scheme

    campaign = create_campaign(county.office, Scheme.objects.get(scheme_id="guxian-2021"), "古县2021", 2021,
                               [county.town])
    url = reverse("campaigns:cases", args=[campaign.pk, county.town.pk])
    login(client, county.office)
    r = client.post(url, {"B1-c1": "2"})
    assert r.status_code == 400 and "请填写理由" in r.content.decode()
    client.post(url, {"B1-c1": "2", "reason": "市政府表彰文件2份"})
    p = campaign.participants.get()
    assert p.bonus == {"B1": {"1": {"count": 2}}}
    before = p.total
    client.post(url, {"reason": "撤销"})
    p.refresh_from_db()
    assert before - p.total == Decimal("10")
    assert login(client, county.reporter).get(url).status_code in (403, 404)
