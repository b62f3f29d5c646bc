"""The notifications page: one's own only, newest first, unread highlighted, mark all read."""
import pytest
from django.test import Client
from django.urls import reverse

from zwgk.notifications.models import Notification
from zwgk.notifications.services import notify

pytestmark = pytest.mark.django_db


@pytest.fixture
def notes(county):
    first = Notification.objects.create(user=county.reporter, text="第1项被退回修改：缺少佐证", link="/campaigns/1/")
    second = Notification.objects.create(user=county.reporter, text="考核进入自评阶段。", link="/campaigns/2/")
    Notification.objects.create(user=county.other_reporter, text="西河镇的私事", link="/campaigns/3/")
    return first, second


def test_only_ones_own_newest_first_unread_highlighted(county, notes, client):
    first, second = notes
    client.force_login(county.reporter)
    r = client.get(reverse("notifications:list"))
    assert r.status_code == 200
    html = r.content.decode()
    assert "西河镇的私事" not in html
    assert html.index("考核进入自评阶段") < html.index("第1项被退回修改")
    assert html.count('class="unread"') == 2 and "2条未读" in html
    assert f'href="{reverse("notifications:open", args=[second.pk])}"' in html
    assert "全部标为已读" in html


def test_mark_all_read_is_a_post_and_touches_only_ones_own(county, notes, client):
    client.force_login(county.reporter)
    assert client.get(reverse("notifications:read_all")).status_code == 405
    r = client.post(reverse("notifications:read_all"))
    assert r.status_code == 302 and r.url == reverse("notifications:list")
    assert not Notification.objects.filter(user=county.reporter, read_at__isnull=True).exists()
    assert Notification.objects.filter(user=county.other_reporter, read_at__isnull=True).count() == 1
    html = client.get(reverse("notifications:list")).content.decode()
    assert 'class="unread"' not in html and "全部标为已读" not in html


def test_mark_all_read_needs_the_csrf_token(county, notes):
    client = Client(enforce_csrf_checks=True)
    client.force_login(county.reporter)
    assert client.post(reverse("notifications:read_all")).status_code == 403
    assert Notification.objects.filter(user=county.reporter, read_at__isnull=True).count() == 2


def test_opening_marks_read_and_follows_the_link(county, notes, client):
    first, _ = notes
    client.force_login(county.reporter)
    r = client.get(reverse("notifications:open", args=[first.pk]))
    assert r.status_code == 302 and r.url == "/campaigns/1/"
    first.refresh_from_db()
    assert first.read_at is not None


def test_someone_elses_notification_is_not_found(county, notes, client):
    other = Notification.objects.get(user=county.other_reporter)
    client.force_login(county.reporter)
    assert client.get(reverse("notifications:open", args=[other.pk])).status_code == 404
    other.refresh_from_db()
    assert other.read_at is None


def test_a_link_off_the_site_is_not_followed(county, client):
    note = Notification.objects.create(user=county.reporter, text="x", link="//evil.example.com/")
    client.force_login(county.reporter)
    assert client.get(reverse("notifications:open", args=[note.pk])).url == reverse("notifications:list")


def test_signed_in_only(client):
    r = client.get(reverse("notifications:list"))
    assert r.status_code == 302 and "/accounts/" in r.url


def test_empty_and_paged(county, client):
    client.force_login(county.head)
    assert "暂无通知" in client.get(reverse("notifications:list")).content.decode()
    for n in range(55):
        notify([county.head], f"提醒{n}")
    html = client.get(reverse("notifications:list")).content.decode()
    assert "提醒54" in html and "提醒0<" not in html and "第1/2页" in html
    assert "提醒0<" in client.get(reverse("notifications:list") + "?page=2").content.decode()


def test_notify_with_a_key_tells_each_person_once(county):
    assert notify([county.reporter, county.head], "自评将于3天后截止", key="self_due:1") == 2
    assert notify([county.reporter, county.head], "自评将于3天后截止", key="self_due:1") == 0
    assert notify([county.reporter], "无键的通知") == notify([county.reporter], "无键的通知") == 1
