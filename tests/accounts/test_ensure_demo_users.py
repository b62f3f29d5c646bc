import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command


@pytest.mark.django_db
def test_ensure_demo_users_sets_a_new_password_each_time(django_user_model, capsys):
    call_command("ensure_demo_users")
    first = capsys.readouterr().out.split("密码 ")[1].strip()
    call_command("ensure_demo_users")
    second = capsys.readouterr().out.split("密码 ")[1].strip()

    assert first != second
    assert django_user_model.objects.filter(username="admin").count() == 1
    assert authenticate(username="admin", password=first) is None
    admin = authenticate(username="admin", password=second)
    assert admin is not None and admin.is_superuser
