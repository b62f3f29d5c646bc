"""Everyone changes their own password at /accounts/password/."""
import re

import pytest
from django.urls import reverse

from zwgk.audit.models import Event

NEW = "Xunwu-2023-gongkai"
URL = "/accounts/password/"
CJK = re.compile(r"[\u4e00-\u9fff]")


def change(client, old, new1, new2=None):
    return client.post(reverse("accounts:password"),
                       {"old_password": old, "password1": new1, "password2": new2 if new2 is not None else new1})


def errors(response) -> list[str]:
    return re.findall(r'<p class="error">(.*?)</p>', response.content.decode())


def test_the_address():
    assert reverse("accounts:password") == URL


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url == reverse("accounts:login") + "?next=" + URL
    assert client.post(URL, {"old_password": "x", "password1": NEW, "password2": NEW}).status_code == 302


@pytest.mark.parametrize("role", ["admin", "office", "assessor", "reporter", "head"])
def test_every_role_changes_its_own_password_and_stays_signed_in(client, county, role):
    user = getattr(county, role)
    client.force_login(user)
    page = client.get(URL).content.decode()
    assert "<h1>修改密码</h1>" in page
    for label in ("原密码", "新密码", "再次输入新密码"):
        assert f">{label}</label>" in page
    assert 'autocomplete="current-password"' in page and 'autocomplete="new-password"' in page

    response = change(client, county.PASSWORD, NEW)
    assert response.status_code == 302 and response.url == reverse("front:home")
    user.refresh_from_db()
    assert user.check_password(NEW) and not user.check_password(county.PASSWORD)

    home = client.get(reverse("front:home"))  # the session survived the new password
    assert home.status_code == 200
    assert "密码已修改。下次登录请使用新密码。" in home.content.decode()

    event = Event.objects.get(action="修改密码")
    assert event.actor == user and event.target == user.username
    logged = " ".join([event.target, event.field, event.old, event.new, event.reason])
    assert NEW not in logged and county.PASSWORD not in logged


def test_other_sessions_end(client, county):
    other = type(client)()
    other.force_login(county.reporter)
    client.force_login(county.reporter)
    change(client, county.PASSWORD, NEW)
    assert client.get(reverse("front:home")).status_code == 200
    assert other.get(reverse("front:home")).status_code == 302


def test_wrong_old_password_is_refused_in_chinese(client, county):
    client.force_login(county.reporter)
    response = change(client, "not-my-password", NEW)
    assert response.status_code == 200
    assert errors(response) == ["原密码不正确，请重新输入。"]
    county.reporter.refresh_from_db()
    assert county.reporter.check_password(county.PASSWORD) and not county.reporter.check_password(NEW)
    assert not Event.objects.filter(action="修改密码").exists()


@pytest.mark.parametrize("new, expected", [
    ("12345678", ["密码长度太短。密码必须包含至少 10 个字符。", "这个密码太常见了。", "密码只包含数字。"]),
    ("reporter2023", ["密码跟 用户名 太相似了。"]),
    ("password123", ["这个密码太常见了。"]),
])
def test_password_validators_speak_chinese(client, county, new, expected):
    client.force_login(county.reporter)
    response = change(client, county.PASSWORD, new)
    assert response.status_code == 200
    shown = errors(response)
    for message in expected:
        assert message in shown
    assert all(CJK.search(m) for m in shown), shown
    county.reporter.refresh_from_db()
    assert county.reporter.check_password(county.PASSWORD)


def test_mismatch_empty_and_unchanged_are_refused(client, county):
    client.force_login(county.head)
    assert errors(change(client, county.PASSWORD, NEW, NEW + "x")) == ["两次输入的密码不一致，请重新输入。"]
    assert errors(change(client, "", "", "")) == ["请填写原密码。", "请填写新密码。", "请再输入一次新密码，以免输错。"]
    assert errors(change(client, county.PASSWORD, county.PASSWORD)) == ["新密码不能与原密码相同，请换一个。"]
    county.head.refresh_from_db()
    assert county.head.check_password(county.PASSWORD)
    assert not Event.objects.filter(action="修改密码").exists()


def test_the_masthead_links_to_it_next_to_sign_out(client, county):
    client.force_login(county.assessor)
    html = client.get(reverse("front:home")).content.decode()
    link = f'<a href="{URL}"'
    assert link in html
    assert html.index(link) < html.index("退出登录")
    assert html.index('class="logout"') < html.index(link)
