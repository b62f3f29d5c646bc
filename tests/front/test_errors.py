"""The error pages: Chinese, in the site's layout, with a way back; 500 even with no database."""
import sys
import types

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from django.test import Client
from django.urls import include, path, reverse

WAY_BACK = ("返回上一页", "history.back()", "返回首页")


def assert_error_page(response, status: int, *texts: str):
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert '<html lang="zh-Hans">' in html
    assert "zwgk 政务公开考核平台" in html  # the masthead of base.html
    assert "/static/front/base.css" in html
    for text in (f"错误代码：{status}", *WAY_BACK, *texts):
        assert text in html, text
    return html


def raise_anything(request):
    get_user_model().objects.count()  # no database in the test that calls this: it raises too
    raise ValueError("boom")


def raise_suspicious(request):
    raise SuspiciousOperation("tampered")


def failing_context(request):
    raise RuntimeError("a context processor that fails")


@pytest.fixture
def production(settings):
    settings.DEBUG = False


@pytest.fixture
def raising_views(production, settings, monkeypatch):
    """The real site plus two views that raise."""
    urls = types.ModuleType("zwgk_test_error_urls")
    urls.urlpatterns = [
        path("boom/", raise_anything),
        path("suspicious/", raise_suspicious),
        path("", include("zwgk.project.urls")),
    ]
    monkeypatch.setitem(sys.modules, urls.__name__, urls)
    settings.ROOT_URLCONF = urls.__name__


@pytest.fixture
def failing_context_processor(settings, monkeypatch):
    module = types.ModuleType("zwgk_test_failing_context")
    module.failing = failing_context
    monkeypatch.setitem(sys.modules, module.__name__, module)
    templates = [dict(t, OPTIONS=dict(t["OPTIONS"])) for t in settings.TEMPLATES]
    templates[0]["OPTIONS"]["context_processors"] = [
        *templates[0]["OPTIONS"]["context_processors"], f"{module.__name__}.failing"]
    settings.TEMPLATES = templates


def test_500_when_the_database_is_down(raising_views, client):
    """No `db` fixture: pytest-django refuses every query, as a database that is down would."""
    client.raise_request_exception = False
    response = client.get("/boom/")
    html = assert_error_page(response, 500, "系统出错了，请稍后再试", "请过几分钟再试")
    assert "退出登录" not in html  # no user without a request


def test_500_when_a_context_processor_fails(production, failing_context_processor, client):
    """The login page cannot render; the 500 page still does, since it runs no context processor."""
    client.raise_request_exception = False
    assert_error_page(client.get(reverse("accounts:login")), 500, "系统出错了，请稍后再试")


def test_500_page_for_a_signed_in_user_has_no_masthead_navigation(raising_views, client, db, django_user_model):
    client.force_login(django_user_model.objects.create_user("wang"))
    client.raise_request_exception = False
    html = assert_error_page(client.get("/boom/"), 500, "系统出错了")
    assert "考核工作" not in html


@pytest.mark.django_db
def test_404_for_an_unknown_address(production, client, django_user_model):
    client.force_login(django_user_model.objects.create_user("wang"))
    html = assert_error_page(client.get("/no-such-page/"), 404, "找不到这个页面", "不在您的账号可以查看的范围内")
    assert "<title>页面不存在 · zwgk</title>" in html
    assert "退出登录" in html  # a 404 is rendered with the request: the masthead knows the user


@pytest.mark.django_db
def test_404_for_something_outside_the_scope(production, county, client):
    client.force_login(county.other_reporter)
    entry = county.entry(county.town, "1")
    response = client.get(reverse("campaigns:entry", args=[county.campaign.pk, entry.pk]))
    assert_error_page(response, 404, "找不到这个页面")


@pytest.mark.django_db
def test_403_when_the_role_may_not(production, county, client):
    client.force_login(county.reporter)
    html = assert_error_page(client.get(reverse("accounts:manage")), 403, "您没有权限进行这项操作", "联系考核办或系统管理员")
    assert "<title>没有权限 · zwgk</title>" in html


@pytest.mark.django_db
def test_400_for_a_bad_host(production, client):
    html = assert_error_page(client.get("/", HTTP_HOST="evil.example.com"), 400, "请求有误，无法处理")
    assert "<title>请求有误 · zwgk</title>" in html


@pytest.mark.django_db
def test_400_for_a_suspicious_request(raising_views, client):
    assert_error_page(client.get("/suspicious/"), 400, "请求有误")


@pytest.mark.django_db
def test_csrf_failure_page_in_chinese(production, county):
    client = Client(enforce_csrf_checks=True)
    client.force_login(county.office)
    response = client.post(reverse("accounts:logout"))
    html = assert_error_page(response, 403, "页面已过期，请刷新后重新提交", "刷新页面后重新填写并提交")
    assert "<title>页面已过期 · zwgk</title>" in html
    assert "Forbidden" not in html and "CSRF verification failed" not in html
    assert "允许本网站使用 Cookie" in html  # this client never received the CSRF cookie


@pytest.mark.django_db
def test_csrf_failure_with_a_cookie_but_a_stale_token(production):
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("accounts:login"))  # sets the CSRF cookie
    response = client.post(reverse("accounts:login"), {"username": "x", "password": "y",
                                                       "csrfmiddlewaretoken": "a" * 64})
    html = assert_error_page(response, 403, "页面已过期")
    assert "允许本网站使用 Cookie" not in html
