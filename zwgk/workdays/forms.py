"""The local-change form and the two calculator forms, with messages that say what to do."""
from __future__ import annotations

from django import forms

from zwgk.workdays.models import LocalDay

DATE_INVALID = "日期格式不正确，请按“2022-05-05”的格式填写。"
YEARS = (2000, 2100)  # far beyond any deadline the indicators count; keeps typos out


def _in_range(date):
    if not YEARS[0] <= date.year <= YEARS[1]:
        raise forms.ValidationError(f"请填写{YEARS[0]}年至{YEARS[1]}年之间的日期。")
    return date


class _DateField(forms.DateField):
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

    def __init__(self, label: str):
        super().__init__(label=label, error_messages={"required": f"请填写{label}。", "invalid": DATE_INVALID})

    def validate(self, value):
        super().validate(value)
        if value:
            _in_range(value)


class LocalDayForm(forms.ModelForm):
    class Meta:
        model = LocalDay
        fields = ["date", "is_workday", "note"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "is_workday": forms.RadioSelect}
        error_messages = {
            "date": {"required": "请填写日期。", "invalid": DATE_INVALID},
            "is_workday": {"required": "请选择这一天上班还是休息。"},
            "note": {"required": "请填写说明，例如依据的县委、县政府通知。", "max_length": "说明最多200个字。"},
        }
        help_texts = {"note": "写明调整依据，例如“县政府办关于××节调休的通知”。"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["is_workday"].choices = LocalDay._meta.get_field("is_workday").choices  # no "------"

    def clean_date(self):
        date = _in_range(self.cleaned_data["date"])
        if LocalDay.objects.filter(date=date).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(f"{date:%Y-%m-%d} 已有本地调整，请在列表中编辑原有记录。")
        return date

    def clean_note(self):
        note = self.cleaned_data["note"].strip()
        if not note:
            raise forms.ValidationError("请填写说明，例如依据的县委、县政府通知。")
        return note

    def _get_validation_exclusions(self):
        """The date is checked in clean_date with a clearer message."""
        return super()._get_validation_exclusions() | {"date"}


class AddForm(forms.Form):
    """起始日期 + N 个工作日 → 日期."""

    start = _DateField("起始日期")
    n = forms.IntegerField(label="工作日数", min_value=0, max_value=1000, error_messages={
        "required": "请填写工作日数。", "invalid": "工作日数应为整数，例如 20。",
        "min_value": "工作日数不能为负数。", "max_value": "工作日数最多1000。"})


class BetweenForm(forms.Form):
    """起始日期、截止日期 → 间隔的工作日数."""

    start = _DateField("起始日期")
    end = _DateField("截止日期")
