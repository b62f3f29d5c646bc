import pytest
from django.urls import reverse

from zwgk.schemes.services import load_builtin_schemes


def test_home_requires_login(client):
    response = client.get(reverse("front:home"))
    assert response.status_code == 302
    assert response.url == reverse("accounts:login") + "?next=/"


@pytest.mark.django_db
def test_home_is_the_to_do_list_not_the_scheme_list(client, django_user_model, tmp_path):
    """The home page is the person's to-do list (tests/front/test_todo.py); the schemes stay on
    the office's scheme list."""
    (tmp_path / "demo.yaml").write_text(
        'id: demo-2021\ntitle: 演示县政务公开考核评分表\nyear: 2021\nkind: assessment\ntotal_points: "100"\n',
        encoding="utf-8",
    )
    load_builtin_schemes(tmp_path)
    client.force_login(django_user_model.objects.create_user("zhao"))

    html = client.get(reverse("front:home")).content.decode()
    assert "zwgk 政务公开考核平台" in html
    assert "您好，zhao" in html
    assert "我的待办" in html and "暂无待办事项" in html
    assert "演示县政务公开考核评分表" not in html
    assert reverse("accounts:logout") in html


@pytest.mark.django_db
def test_the_office_still_finds_the_schemes_on_the_scheme_list(county, client):
    client.force_login(county.office)
    html = client.get(reverse("front:home")).content.decode()
    assert reverse("schemes:list") in html
    assert "寻乌县2022年度政务公开工作考核评分表" not in html
    html = client.get(reverse("schemes:list")).content.decode()
    assert "寻乌县2022年度政务公开工作考核评分表" in html
