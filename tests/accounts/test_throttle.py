import pytest
from django.core.cache import cache
from django.urls import reverse

from zwgk.accounts.forms import LOCKED_MESSAGE
from zwgk.accounts.throttle import MAX_FAILURES

PASSWORD = "correct-horse-9"


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def user(django_user_model):
    return django_user_model.objects.create_user("li", password=PASSWORD)


def login(client, password, address="10.0.0.1"):
    return client.post(
        reverse("accounts:login"), {"username": "li", "password": password}, REMOTE_ADDR=address
    )


def fail(client, times, address="10.0.0.1"):
    for _ in range(times):
        assert login(client, "wrong-password", address).status_code == 200


@pytest.mark.django_db
def test_login_succeeds_below_the_limit(client, user):
    fail(client, MAX_FAILURES - 1)
    assert login(client, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_login_refused_after_too_many_failures(client, user):
    fail(client, MAX_FAILURES)
    response = login(client, PASSWORD)
    assert response.status_code == 200
    assert LOCKED_MESSAGE in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_lock_is_per_address(client, user):
    fail(client, MAX_FAILURES, address="10.0.0.1")
    assert login(client, PASSWORD, address="10.0.0.2").status_code == 302

