import pytest
from django.urls import reverse

from zwgk.schemes.services import load_builtin_schemes


def test_home_requires_login(client):
    response = client.get(reverse("front:home"))
    assert response.status_code == 302
    assert response.url == reverse("accounts:login") + "?next=/"


@pytest.mark.django_db
def test_home_lists_schemes(client, django_user_model, tmp_path):
    (tmp_path / "demo.yaml").write_text(
        'id: demo-2021\ntitle: 演示县政务公开考核评分表\nyear: 2021\nkind: assessment\ntotal_points: "100"\n',
        encoding="utf-8",
    )
    load_builtin_schemes(tmp_path)
    client.force_login(django_user_model.objects.create_user("zhao"))

    html = client.get(reverse("front:home")).content.decode()
    assert "zwgk 政务公开考核平台" in html
    assert "您好，zhao" in html
    assert "演示县政务公开考核评分表" in html
    assert "2021" in html
    assert ">100<" in html
    assert reverse("accounts:logout") in html
