import pytest
from django.urls import reverse


def test_login_page_is_in_chinese(client):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "登录" in html
    assert "用户名" in html
    assert 'lang="zh-Hans"' in html


@pytest.mark.django_db
def test_login_then_logout(client, django_user_model):
    django_user_model.objects.create_user("wang", password="correct-horse-9")
    response = client.post(reverse("accounts:login"), {"username": "wang", "password": "correct-horse-9"})
    assert response.status_code == 302
    assert response.url == reverse("front:home")

    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get(reverse("front:home")).status_code == 302
