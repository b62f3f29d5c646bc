"""Forms for managing accounts: create, edit role/unit/active, reset password."""
from __future__ import annotations

import re

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError

from zwgk.accounts.models import UNIT_ROLES, Role
from zwgk.organisations.models import Unit

NO_UNIT_ROLES = (Role.ADMIN, Role.OFFICE)
CJK = re.compile(r"[\u4e00-\u9fff]")
# Django 5.2's Chinese catalogue lacks a few validator messages; say them in Chinese all the same.
FALLBACK = {
    "password_too_short": "密码长度太短。密码必须包含至少 {min_length} 个字符。",
    "password_too_similar": "密码与账号的其他信息太相似。",
    "password_too_common": "这个密码太常见了。",
    "password_entirely_numeric": "密码只包含数字。",
}


def password_problems(password: str, user) -> list[str]:
    """The password validators' messages for this password (empty when it is acceptable)."""
    try:
        password_validation.validate_password(password, user)
    except ValidationError as e:
        out = []
        for err in e.error_list:
            text = " ".join(err.messages)
            if not CJK.search(text) and err.code in FALLBACK:
                text = FALLBACK[err.code].format(**(err.params or {}))
            out.append(text)
        return out
    return []


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, unit):
        return f"{unit.parent.name} / {unit.name}" if unit.parent_id else unit.name


def _role_choices(actor_is_admin: bool):
    return [("", "请选择角色")] + [(r.value, r.label) for r in Role if actor_is_admin or r != Role.ADMIN]


class PasswordFields(forms.Form):
    password1 = forms.CharField(label="密码", strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                error_messages={"required": "请填写密码。"},
                                help_text="至少10个字符，不能全是数字，不能过于常见，也不能与用户名或姓名相似。")
    password2 = forms.CharField(label="再次输入密码", strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                error_messages={"required": "请再输入一次密码，以免输错。"})

    def check_password(self, user) -> None:
        p1, p2 = self.cleaned_data.get("password1"), self.cleaned_data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", "两次输入的密码不一致，请重新输入。")
        elif p1:
            for message in password_problems(p1, user):
                self.add_error("password1", message)


class RoleUnitFields(forms.Form):
    display_name = forms.CharField(label="姓名", max_length=50,
                                   error_messages={"required": "请填写使用者姓名，便于识别账号。",
                                                   "max_length": "姓名最多50个字。"})
    role = forms.ChoiceField(label="角色", error_messages={"required": "请选择角色。",
                                                         "invalid_choice": "您不能设置这个角色，请从列表中选择。"})
    unit = UnitChoiceField(Unit.objects.select_related("parent"), label="所在单位", required=False,
                           empty_label="（无）", error_messages={"invalid_choice": "请从列表中选择单位。"},
                           help_text="单位联络员、单位负责人必须选择单位；考核办和系统管理员不选；考核组成员可选其所在部门。")

    def __init__(self, *args, actor_is_admin: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = _role_choices(actor_is_admin)

    def check_role_unit(self) -> None:
        role, unit = self.cleaned_data.get("role"), self.cleaned_data.get("unit")
        if role in UNIT_ROLES and unit is None:
            self.add_error("unit", f"{Role(role).label}必须选择所在单位，请选择该账号负责的单位。")
        if role in NO_UNIT_ROLES and unit is not None:
            self.add_error("unit", f"{Role(role).label}账号不属于任何单位，请将“所在单位”选为（无）。")


class AccountCreateForm(RoleUnitFields, PasswordFields):
    username = forms.CharField(label="用户名", max_length=150, validators=[UnicodeUsernameValidator()],
                               help_text="登录时使用，只能包含英文字母、数字和 @ . + - _，例如 zhangsan 或 hengshui-zhen。",
                               error_messages={"required": "请填写用户名。", "max_length": "用户名最多150个字符。"})
    field_order = ["username", "display_name", "role", "unit", "password1", "password2"]

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise ValidationError(f"用户名“{username}”已被使用，请换一个。")
        return username

    def clean(self):
        cleaned = super().clean()
        self.check_role_unit()
        user = get_user_model()(username=cleaned.get("username", ""), first_name=cleaned.get("display_name", ""))
        self.check_password(user)
        return cleaned


class AccountEditForm(RoleUnitFields):
    is_active = forms.BooleanField(label="启用", required=False, help_text="停用后该账号不能登录，记录保留。")

    def __init__(self, *args, target, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.target, self.actor = target, actor
        if target.is_superuser:
            self.fields["role"].disabled = True
            self.fields["role"].help_text = "超级管理员始终是系统管理员。"
        if target.pk == actor.pk:
            self.fields["is_active"].disabled = True
            self.fields["is_active"].help_text = "不能停用自己的账号。"
            self.fields["role"].disabled = True
            self.fields["role"].help_text = "不能修改自己的角色，请由其他管理员操作。"

    def clean(self):
        cleaned = super().clean()
        self.check_role_unit()
        return cleaned


class PasswordResetForm(PasswordFields):
    def __init__(self, *args, target, **kwargs):
        super().__init__(*args, **kwargs)
        self.target = target

    def clean(self):
        cleaned = super().clean()
        self.check_password(self.target)
        return cleaned


class RosterImportForm(forms.Form):
    file = forms.FileField(label="单位和账号表（.xlsx）",
                           widget=forms.FileInput(attrs={"accept": ".xlsx"}),
                           error_messages={"required": "请选择要导入的 .xlsx 文件。",
                                           "empty": "文件是空的，请选择填写好的单位和账号表。"})
