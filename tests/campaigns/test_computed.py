"""从台账计算: bound clauses filled from the ledgers, marked, adjustable with a reason, kept when adjusted."""
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from zwgk.audit.models import Event
from zwgk.campaigns.models import Campaign
from zwgk.ledgers.models import Document

pytestmark = pytest.mark.django_db


@pytest.fixture
def bound(county):
    """第36项第1条 (一次扣2分) counts 东山镇's non-public documents without a reason or basis."""
    county.phase(Campaign.Phase.REVIEW)
    county.campaign.bindings.create(item_id="36", clause=1, indicator="documents_nonpublic_unreasoned", fact="count")
    county.entry(county.town, "36").evidence.create(url="http://www.example.gov.cn/m", name="纪要")
    Document.objects.create(unit=county.town, number="东政发〔2022〕3号", title="关于调整补贴的通知",
                            issued_on=date(2022, 3, 1), attribute="依申请公开")
    Document.objects.create(unit=county.town, number="东政发〔2022〕4号", title="工作方案",
                            issued_on=date(2022, 4, 1), attribute="主动公开")
    return county


def test_compute_fills_marks_and_scores(bound, client):
    client.force_login(bound.office)
    r = client.post(reverse("campaigns:compute", args=[bound.campaign.pk]), follow=True)
    assert "已从台账计算" in r.content.decode()
    entry = bound.entry(bound.town, "36")
    assert entry.facts == {"1": {"count": 1}}
    assert entry.computed["1"]["indicator"] == "documents_nonpublic_unreasoned"
    assert entry.computed["1"]["value"] == 1 and entry.computed["1"]["adjusted"] is False
    # Computed is not checked: until a person confirms the finding the item counts 0, and says why.
    assert not entry.checked and entry.score == 0 and entry.explanation[0]["applied"] == "unchecked"
    client.force_login(bound.assessor)
    client.post(reverse("campaigns:entry", args=[bound.campaign.pk, entry.pk]), {"action": "findings", "c1": "1"})
    entry.refresh_from_db()
    assert entry.checked and entry.score == Decimal("2")  # 4 − 1 × 2
    client.force_login(bound.office)
    assert bound.entry(bound.other_town, "36").facts == {"1": {"count": 0}}
    assert Event.objects.filter(action="从台账计算", unit=bound.town).exists()

    page = client.get(reverse("campaigns:ledger_records", args=[bound.campaign.pk, entry.pk, 1])).content.decode()
    assert "东政发〔2022〕3号" in page and "东政发〔2022〕4号" not in page


def test_an_assessor_adjusts_with_a_reason_and_the_next_computation_keeps_it(bound, client):
    client.force_login(bound.office)
    client.post(reverse("campaigns:compute", args=[bound.campaign.pk]))
    entry = bound.entry(bound.town, "36")
    url = reverse("campaigns:entry", args=[bound.campaign.pk, entry.pk])
    client.force_login(bound.assessor)
    r = client.post(url, {"action": "findings", "c1": "0"})
    assert r.status_code == 400 and "第1条的事实由台账计算得出，修改时请填写理由" in r.content.decode()
    client.post(url, {"action": "findings", "c1": "0", "reason": "该文件已于复核后改为主动公开"})
    entry.refresh_from_db()
    assert entry.facts == {"1": {"count": 0}} and entry.computed["1"]["adjusted"] is True
    assert Event.objects.filter(action="核查评分", reason="该文件已于复核后改为主动公开").exists()

    client.force_login(bound.office)
    r = client.post(reverse("campaigns:compute", args=[bound.campaign.pk]), follow=True)
    assert "保留人工调整1处" in r.content.decode()
    entry.refresh_from_db()
    assert entry.facts == {"1": {"count": 0}}


def test_bindings_page_binds_a_clause_and_refuses_bad_params(county, client):
    client.force_login(county.office)
    url = reverse("campaigns:bindings", args=[county.campaign.pk])
    r = client.post(url, {"item_clause": "36:1", "indicator": "documents_nonpublic_unreasoned", "params": "{days: 3"})
    assert "参数应为 JSON" in r.content.decode()
    r = client.post(url, {"item_clause": "36:1", "indicator": "documents_nonpublic_unreasoned", "params": '{"nope": 1}'})
    assert "参数不适用于该指标" in r.content.decode()
    r = client.post(url, {"item_clause": "36:1", "indicator": "publication_late", "params": '{"days": 0}'})
    assert "参数不适用于该指标" in r.content.decode()  # a value only the computation itself refuses
    client.post(url, {"item_clause": "36:1", "indicator": "documents_nonpublic_unreasoned", "params": ""})
    assert county.campaign.bindings.get(item_id="36").fact == "count"


def test_binding_months_under_minimum_on_the_page(county, client):
    """The dry run that checks parameters must work for every indicator (it once raised a 500)."""
    client.force_login(county.office)
    url = reverse("campaigns:bindings", args=[county.campaign.pk])
    r = client.post(url, {"item_clause": "36:1", "indicator": "months_under_minimum", "params": '{"minimum": 40}'})
    assert r.status_code == 302
    assert county.campaign.bindings.get(item_id="36").params == {"minimum": 40}


def test_a_county_circular_does_not_stop_the_computation(county, client):
    """寻乌 31 has no tier for 县政府办公室; its binding leaves such circulars out."""
    from zwgk.ledgers.models import Circular

    county.phase(Campaign.Phase.REVIEW)
    Circular.objects.create(unit=county.town, kind="通报", level="县政府办公室", number="寻府办〔2022〕1号",
                            issued_on=date(2022, 5, 1), subject="公众号长期未更新", about_media=True)
    client.force_login(county.office)
    r = client.post(reverse("campaigns:compute", args=[county.campaign.pk]), follow=True)
    assert "已从台账计算" in r.content.decode()
    assert county.entry(county.town, "31").facts.get("1", {}) == {}


def test_a_provisional_computation_is_marked_on_the_score_sheet(bound):
    from zwgk.campaigns.results import unit_outcome
    from zwgk.campaigns.sheet import unit_sheet

    entry = bound.entry(bound.town, "36")
    entry.computed = {"1": {"indicator": "publication_late", "value": 1, "provisional": True, "records": 1,
                            "at": "2027-12-31", "adjusted": False}}
    entry.save()
    participant = bound.campaign.participants.get(unit=bound.town)
    row = next(r for r in unit_sheet(bound.campaign, unit_outcome(bound.campaign, participant)).rows
               if r.item_id == "36")
    assert any("结果暂定" in reason for reason in row.lost)
