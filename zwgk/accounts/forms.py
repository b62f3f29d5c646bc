from django import forms
from django.contrib.auth.forms import AuthenticationForm

from zwgk.accounts import throttle

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
