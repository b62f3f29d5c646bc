"""The demo county `make run` loads: about 20 units, three campaigns partly filled, idempotent."""
import pytest

from zwgk.campaigns.models import Campaign, Entry
from zwgk.demo.data import load_demo
from zwgk.organisations.models import Unit
from zwgk.schemes.services import load_builtin_schemes

pytestmark = pytest.mark.django_db


def test_demo_loads_once_and_refreshes_passwords(client):
    load_builtin_schemes()
    password, logins = load_demo()
    assert Unit.objects.filter(parent__isnull=True).count() == 20
    campaigns = {c.scheme.scheme_id: c for c in Campaign.objects.all()}
    assert set(campaigns) == {"xunwu-2022", "guxian-2021", "jiangxian-2021"}
    xunwu = campaigns["xunwu-2022"]
    assert xunwu.phase == Campaign.Phase.REVIEW and xunwu.entries.exclude(reviewed_at=None).exists()
    assert xunwu.participants.exclude(total=None).count() == 20
    computed = xunwu.entries.exclude(computed={})
    assert computed.filter(item_id="29").count() == 20  # 从台账计算 ran on the demo ledgers
    assert all(e.facts["1"]["count"] == e.computed["1"]["value"] for e in computed.filter(item_id="29"))
    plan = campaigns["jiangxian-2021"]
    assert plan.entries.filter(progress=Entry.Progress.DONE).exists()
    assert {login.role for login in logins} == {"考核办", "考核组成员", "单位联络员", "单位负责人"}

    again, _ = load_demo()
    assert again != password
    assert Campaign.objects.count() == 3 and Unit.objects.filter(parent__isnull=True).count() == 20
    assert client.login(username="lianluo01", password=again)
    assert not client.login(username="lianluo01", password=password)


def test_task_plan_unit_page_shows_progress_not_scores(client):
    load_builtin_schemes()
    password, _ = load_demo()
    plan = Campaign.objects.get(scheme__scheme_id="jiangxian-2021")
    client.login(username="lianluo01", password=password)
    page = client.get(f"/campaigns/{plan.pk}/", follow=True).content.decode()
    assert "进度" in page and "自评分" not in page
