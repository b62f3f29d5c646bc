"""The office's settings for the result notice: issuer, number, 等次 bands, problems, requirements."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from zwgk.accounts.roles import is_office
from zwgk.audit.services import record
from zwgk.campaigns import access
from zwgk.campaigns.scoring import rescore_campaign
from zwgk.campaigns.views.common import campaign_for


def parse_bands(text: str) -> list[dict]:
    """'优秀 90' per line → [{"name": "优秀", "min": "90"}], refusing what cannot be read."""
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
        except InvalidOperation:
            raise forms.ValidationError(f"第{n}行“{line}”看不懂：每行写一个等次和最低分，如“优秀 90”。") from None
        if parts[0] in seen:
            raise forms.ValidationError(f"第{n}行：等次“{parts[0]}”重复。")
        seen.add(parts[0])
        bands.append({"name": parts[0], "min": format(minimum, "f")})
    return bands


class NoticeForm(forms.Form):
    issuer = forms.CharField(label="发文机关", max_length=100, required=False,
                             help_text="如“寻乌县人民政府办公室”，留空则用方案的发布单位")
    notice_number = forms.CharField(label="发文字号", max_length=100, required=False, help_text="如“寻府办字〔2023〕5号”")
    grade_bands = forms.CharField(label="等次划分", required=False, widget=forms.Textarea(attrs={"rows": 4}),
                                  help_text="方案未规定等次时填写，每行一个等次和最低分，如“优秀 90”；留空则按方案")
    problems = forms.CharField(label="存在问题", required=False, widget=forms.Textarea(attrs={"rows": 5}),
                               help_text="每段一行")
    requirements = forms.CharField(label="整改要求", required=False, widget=forms.Textarea(attrs={"rows": 5}),
                                   help_text="每段一行")

    def clean_grade_bands(self):
        return parse_bands(self.cleaned_data["grade_bands"])


@login_required
def notice_settings(request, campaign_id: int):
    campaign = campaign_for(request.user, campaign_id)
    access.require(is_office(request.user))
    initial = {"issuer": campaign.issuer, "notice_number": campaign.notice_number,
               "grade_bands": "\n".join(f"{b['name']} {b['min']}" for b in campaign.grade_bands),
               "problems": campaign.problems, "requirements": campaign.requirements}
    form = NoticeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changed = [f for f, value in form.cleaned_data.items() if getattr(campaign, f) != value]
        access.require(not campaign.locked or "grade_bands" not in changed)
        for field in changed:
            record(request.user, "修改通报设置", campaign=campaign, target=campaign.title,
                   field=NoticeForm.base_fields[field].label, old=getattr(campaign, field),
                   new=form.cleaned_data[field])
            setattr(campaign, field, form.cleaned_data[field])
        if changed:
            campaign.save(update_fields=changed)
        if "grade_bands" in changed:
            rescore_campaign(campaign)  # grades follow the bands
        messages.success(request, "通报设置已保存。")
        return redirect("campaigns:ranking", campaign.pk)
    return render(request, "campaigns/notice.html", {"campaign": campaign, "form": form})
