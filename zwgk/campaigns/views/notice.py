"""The office's settings for the results and the notice: how not-applicable items count (折算),
等次 bands (for everyone or per ranking group), and the 通报's issuer, number, problems,
requirements, 抄送 and 印发."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from zwgk.accounts.roles import is_office
from zwgk.campaigns import access, editing
from zwgk.campaigns.models import Campaign
from zwgk.campaigns.views.common import campaign_for


def parse_bands(text: str, group: str = "") -> list[dict]:
    """'优秀 90' per line → [{"name": "优秀", "min": "90"}] (with the group when given), refusing
    what cannot be read."""
    bands, seen = [], set()
    for n, line in enumerate(text.splitlines(), 1):
        line = line.replace("：", " ").replace(":", " ").replace("分", " ").strip()
        if not line:
            continue
        parts = line.split()
        try:
            if len(parts) != 2:
                raise InvalidOperation
            minimum = Decimal(parts[1])
            if not minimum.is_finite() or minimum < 0:
                raise InvalidOperation
        except InvalidOperation:
            raise forms.ValidationError(f"第{n}行“{line}”看不懂：每行写一个等次和最低分，如“优秀 90”。") from None
        if parts[0] in seen:
            raise forms.ValidationError(f"第{n}行：等次“{parts[0]}”重复。")
        seen.add(parts[0])
        bands.append({"name": parts[0], "min": format(minimum, "f"), **({"group": group} if group else {})})
    return bands


def bands_text(bands: list[dict], group: str = "") -> str:
    return "\n".join(f"{b['name']} {b['min']}" for b in bands if (b.get("group") or "") == group)


NORMALISE = [("0", "不折算：各项得分直接相加，满分为各单位适用指标分值之和"),
             ("1", "折算：各项得分合计 ÷ 适用指标分值 × 方案总分")]


class NoticeForm(forms.Form):
    normalise = forms.TypedChoiceField(label="不适用指标的计分", choices=NORMALISE, coerce=lambda v: v == "1",
                                       widget=forms.RadioSelect, required=False, empty_value=None,
                                       help_text="各单位适用的指标不同时（如县直单位满分85、乡镇95），是否折算到方案总分再定等次和排名")
    grade_bands = forms.CharField(label="等次划分（全部单位）", required=False, widget=forms.Textarea(attrs={"rows": 4}),
                                  help_text="方案未规定等次或需要调整时填写，每行一个等次和最低分，如“优秀 90”；留空则按方案")
    issuer = forms.CharField(label="发文机关", max_length=100, required=False,
                             help_text="如“寻乌县人民政府办公室”，留空则用方案的发布单位")
    notice_number = forms.CharField(label="发文字号", max_length=100, required=False, help_text="如“寻府办字〔2023〕5号”")
    problems = forms.CharField(label="存在问题", required=False, widget=forms.Textarea(attrs={"rows": 5}),
                               help_text="每段一行")
    requirements = forms.CharField(label="整改要求", required=False, widget=forms.Textarea(attrs={"rows": 5}),
                                   help_text="每段一行")
    copy_to = forms.CharField(label="抄送", max_length=300, required=False,
                              help_text="版记的抄送机关，如“县委办公室，县人大常委会办公室，县政协办公室。”")
    printed_by = forms.CharField(label="印发机关", max_length=100, required=False,
                                 help_text="版记的印发机关，留空则用发文机关")

    def __init__(self, *args, groups: list[str], normalise: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups, self.current_normalise = groups, normalise
        if len(groups) > 1:
            for i, group in enumerate(groups):
                self.fields[f"bands_{i}"] = forms.CharField(
                    label=f"等次划分（{group}）", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                    help_text=f"{group}与其他分组等次不同时填写；留空则按上面“全部单位”的划分")
        # Keep the order people read the page in: scoring first, then the notice.
        order = ["normalise", "grade_bands", *(f"bands_{i}" for i in range(len(groups)) if len(groups) > 1)]
        self.order_fields(order)

    def clean(self):
        d = super().clean()
        if d.get("normalise") is None:  # not posted: unchanged
            d["normalise"] = self.current_normalise
        try:
            bands = parse_bands(d.get("grade_bands") or "")
        except forms.ValidationError as err:
            self.add_error("grade_bands", err)
            bands = []
        for i, group in enumerate(self.groups if len(self.groups) > 1 else ()):
            try:
                bands += parse_bands(d.get(f"bands_{i}") or "", group)
            except forms.ValidationError as err:
                self.add_error(f"bands_{i}", err)
        d["grade_bands"] = bands
        return d


def _groups(campaign: Campaign) -> list[str]:
    return sorted(set(campaign.participants.values_list("group", flat=True)))


@login_required
def notice_settings(request, campaign_id: int):
    campaign = campaign_for(request.user, campaign_id)
    access.require(is_office(request.user))
    groups = _groups(campaign)
    initial = {"issuer": campaign.issuer, "notice_number": campaign.notice_number, "normalise": "1" if campaign.normalise else "0",
               "grade_bands": bands_text(campaign.grade_bands), "problems": campaign.problems,
               "requirements": campaign.requirements, "copy_to": campaign.copy_to, "printed_by": campaign.printed_by,
               **{f"bands_{i}": bands_text(campaign.grade_bands, g) for i, g in enumerate(groups)}}
    form = NoticeForm(request.POST or None, initial=initial, groups=groups, normalise=campaign.normalise)
    if request.method == "POST" and form.is_valid():
        changed = editing.update_notice_settings(request.user, campaign, form.cleaned_data)
        messages.success(request, "设置已保存" + ("，得分、等次和排名已重新计算。" if set(changed) & set(editing.SCORING) else "。"))
        return redirect("campaigns:ranking", campaign.pk)
    return render(request, "campaigns/notice.html", {"campaign": campaign, "form": form})
