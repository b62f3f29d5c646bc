import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from zwgk.accounts.models import Membership
from zwgk.audit.models import Event
from zwgk.organisations.models import Unit

User = get_user_model()
STRONG = "Hengshui-2021-zwgk"


@pytest.fixture
def unit(db):
    return Unit.objects.create(name="横水镇", kind=Unit.Kind.TOWNSHIP)


def make_user(username, role=None, unit=None, superuser=False):
    user = User.objects.create_user(username, is_superuser=superuser)
    if role:
        Membership.objects.create(user=user, role=role, unit=unit)
    return user


@pytest.fixture
def as_role(client, unit):
    def login(role):
        if role == "superuser":
            user = make_user("root", superuser=True)
        else:
            user = make_user(f"me-{role}", role, unit if role in ("reporter", "head") else None)
        client.force_login(user)
        return user
    return login


def new_account(**over):
    data = {"username": "lisi", "display_name": "李四", "role": "reporter", "unit": "",
            "password1": STRONG, "password2": STRONG}
    data.update(over)
    return data


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("accounts:manage"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("role", ["reporter", "head", "assessor"])
def test_others_are_forbidden(client, as_role, role, unit):
    as_role(role)
    target = make_user("other", "reporter", unit)
    assert client.get(reverse("accounts:manage")).status_code == 403
    assert client.post(reverse("accounts:manage_new"), new_account(unit=unit.pk)).status_code == 403
    assert client.get(reverse("accounts:manage_edit", args=[target.pk])).status_code == 403
    assert client.post(reverse("accounts:manage_password", args=[target.pk]),
                       {"password1": STRONG, "password2": STRONG}).status_code == 403
    assert not User.objects.filter(username="lisi").exists()


@pytest.mark.parametrize("role", ["admin", "office", "superuser"])
def test_admin_and_office_see_the_accounts(client, as_role, role, unit):
    as_role(role)
    Membership.objects.create(user=make_user("wangwu"), role="head", unit=unit, display_name="王五")
    html = client.get(reverse("accounts:manage")).content.decode()
    assert "wangwu" in html and "王五" in html and "单位负责人" in html and "横水镇" in html


def test_create_account(client, as_role, unit):
    actor = as_role("office")
    response = client.post(reverse("accounts:manage_new"), new_account(unit=unit.pk))
    assert response.status_code == 302
    user = User.objects.get(username="lisi")
    assert user.check_password(STRONG) and user.is_active
    assert (user.membership.role, user.membership.unit, user.membership.display_name) == ("reporter", unit, "李四")
    event = Event.objects.get(action="创建账号")
    assert (event.actor, event.target, event.unit, event.new) == (actor, "lisi", unit, "李四，单位联络员，横水镇")


def test_weak_password_is_refused_with_the_validators_messages(client, as_role, unit):
    as_role("office")
    response = client.post(reverse("accounts:manage_new"), new_account(unit=unit.pk, password1="12345678",
                                                                       password2="12345678"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "密码长度太短。密码必须包含至少 10 个字符。" in html
    assert "这个密码太常见了。" in html
    assert "密码只包含数字。" in html
    assert not User.objects.filter(username="lisi").exists()


def test_password_like_the_username_is_refused(client, as_role, unit):
    as_role("office")
    html = client.post(reverse("accounts:manage_new"), new_account(
        username="hengshuizhen", unit=unit.pk, password1="hengshuizhen1", password2="hengshuizhen1")).content.decode()
    assert "太相似" in html
    assert not User.objects.filter(username="hengshuizhen").exists()


def test_mismatched_passwords_are_refused(client, as_role, unit):
    as_role("office")
    response = client.post(reverse("accounts:manage_new"), new_account(unit=unit.pk, password2=STRONG + "x"))
    html = response.content.decode()
    assert "两次输入的密码不一致" in html


@pytest.mark.parametrize("role, label", [("reporter", "单位联络员"), ("head", "单位负责人")])
def test_unit_roles_need_a_unit(client, as_role, role, label):
    as_role("office")
    html = client.post(reverse("accounts:manage_new"), new_account(role=role)).content.decode()
    assert f"{label}必须选择所在单位" in html
    assert not User.objects.filter(username="lisi").exists()


def test_office_account_may_not_have_a_unit(client, as_role, unit):
    as_role("admin")
    html = client.post(reverse("accounts:manage_new"), new_account(role="office", unit=unit.pk)).content.decode()
    assert "考核办账号不属于任何单位" in html
    assert not User.objects.filter(username="lisi").exists()


def test_duplicate_username_is_refused(client, as_role, unit):
    as_role("office")
    make_user("LiSi")
    html = client.post(reverse("accounts:manage_new"), new_account(unit=unit.pk)).content.decode()
    assert "用户名“lisi”已被使用" in html


def test_office_may_not_create_or_touch_admins(client, as_role):
    as_role("office")
    html = client.post(reverse("accounts:manage_new"), new_account(role="admin")).content.decode()
    assert "您不能设置这个角色" in html
    assert not User.objects.filter(username="lisi").exists()
    admin = make_user("sysadmin", "admin")
    root = make_user("root", superuser=True)
    for target in (admin, root):
        assert client.get(reverse("accounts:manage_edit", args=[target.pk])).status_code == 403
        assert client.post(reverse("accounts:manage_password", args=[target.pk]),
                           {"password1": STRONG, "password2": STRONG}).status_code == 403
    admin.refresh_from_db()
    assert not admin.has_usable_password()


def test_admin_may_create_an_admin(client, as_role):
    as_role("admin")
    assert client.post(reverse("accounts:manage_new"), new_account(role="admin")).status_code == 302
    assert User.objects.get(username="lisi").membership.role == "admin"


def test_edit_role_unit_and_active_is_recorded(client, as_role, unit):
    as_role("office")
    target = make_user("lisi", "reporter", unit)
    response = client.post(reverse("accounts:manage_edit", args=[target.pk]),
                           {"display_name": "李四", "role": "assessor", "unit": ""})
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.membership.role, target.membership.unit, target.is_active) == ("assessor", None, False)
    changes = {e.field: (e.old, e.new) for e in Event.objects.filter(action="修改账号", target="lisi")}
    assert changes == {"姓名": ("", "李四"), "角色": ("单位联络员", "考核组成员"), "所在单位": ("横水镇", ""),
                       "启用": ("是", "否")}


def test_no_one_deactivates_or_demotes_themselves(client, as_role):
    me = as_role("office")
    client.post(reverse("accounts:manage_edit", args=[me.pk]), {"display_name": "我", "role": "reporter", "unit": ""})
    me.refresh_from_db()
    assert me.is_active and me.membership.role == "office"


def test_reset_password_is_recorded_without_the_password(client, as_role, unit):
    as_role("office")
    target = make_user("lisi", "reporter", unit)
    weak = client.post(reverse("accounts:manage_password", args=[target.pk]), {"password1": "abc", "password2": "abc"})
    assert "密码长度太短" in weak.content.decode()
    response = client.post(reverse("accounts:manage_password", args=[target.pk]),
                           {"password1": STRONG, "password2": STRONG})
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.check_password(STRONG)
    event = Event.objects.get(action="重置密码")
    assert event.target == "lisi" and event.old == "" and event.new == ""
    for e in Event.objects.all():
        assert STRONG not in f"{e.target}{e.field}{e.old}{e.new}{e.reason}"


def test_forms_show_current_values_and_password_rules(client, as_role, unit):
    as_role("admin")
    target = make_user("lisi", "head", unit)
    html = client.get(reverse("accounts:manage_edit", args=[target.pk])).content.decode()
    assert '<option value="head" selected>单位负责人</option>' in html
    assert f'<option value="{unit.pk}" selected>横水镇</option>' in html
    html = client.get(reverse("accounts:manage_new")).content.decode()
    assert "至少10个字符" in html and '<option value="admin">系统管理员</option>' in html
