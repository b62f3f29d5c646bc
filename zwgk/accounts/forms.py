from django import forms
from django.contrib.auth.forms import AuthenticationForm

from zwgk.accounts import throttle
from zwgk.accounts.manage_forms import PasswordFields

LOCKED_MESSAGE = "登录失败次数过多，请15分钟后再试。"


class LoginForm(AuthenticationForm):
    """Django's login form, refusing before authentication once throttled."""

    def clean(self):
        username = self.cleaned_data.get("username", "")
        address = self.request.META.get("REMOTE_ADDR", "")
        if throttle.is_locked(username, address):
            raise forms.ValidationError(LOCKED_MESSAGE, code="throttled")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            throttle.record_failure(username, address)
            raise
        throttle.reset(username, address)
        return cleaned


class OwnPasswordForm(PasswordFields):
    """A person changing their own password: the current one first, then the new one twice,
    checked by the password validators with their messages in Chinese."""

    old_password = forms.CharField(label="原密码", strip=False,
                                   widget=forms.PasswordInput(attrs={"autocomplete": "current-password",
                                                                     "autofocus": True}),
                                   error_messages={"required": "请填写原密码。"})
    field_order = ["old_password", "password1", "password2"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["password1"].label = "新密码"
        self.fields["password1"].error_messages["required"] = "请填写新密码。"
        self.fields["password2"].label = "再次输入新密码"
        self.fields["password2"].error_messages["required"] = "请再输入一次新密码，以免输错。"

    def clean_old_password(self):
        old = self.cleaned_data["old_password"]
        if not self.user.check_password(old):
            raise forms.ValidationError("原密码不正确，请重新输入。", code="password_incorrect")
        return old

    def clean(self):
        cleaned = super().clean()
        old, new = cleaned.get("old_password"), cleaned.get("password1")
        if old and new and old == new:
            self.add_error("password1", "新密码不能与原密码相同，请换一个。")
        else:
            self.check_password(self.user)
        return cleaned
