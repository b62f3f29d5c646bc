"""The 法定主动公开内容清单 page: each item's last update comes from the publications; overdue flagged."""
import datetime as dt

import pytest
from django.utils import timezone

from zwgk.ledgers.models import ContentItem, Publication

pytestmark = pytest.mark.django_db


def test_content_list_shows_last_update_and_overdue(county, client):
    today = timezone.localdate()
    ContentItem.objects.create(unit=county.town, category="机构职能", content="领导分工", frequency="月")
    ContentItem.objects.create(unit=county.town, category="财政", content="部门预算", frequency="年度")
    Publication.objects.create(unit=county.town, title="领导分工调整", item="领导分工",
                               formed_on=today - dt.timedelta(days=10), published_on=today - dt.timedelta(days=5))
    client.force_login(county.reporter)
    page = client.get("/ledgers/content-items/").content.decode()
    assert "最近更新" in page and "更新状态" in page
    row_by_item = {item: next(r for r in page.split("<tr") if item in r) for item in ("领导分工", "部门预算")}
    assert (today - dt.timedelta(days=5)).isoformat() in row_by_item["领导分工"]
    assert "正常" in row_by_item["领导分工"]
    assert "逾期未更新" in row_by_item["部门预算"]
