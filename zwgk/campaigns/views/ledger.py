"""Clauses computed from the ledgers: the bindings page, 从台账计算, and each figure's records."""
from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from zwgk.accounts.roles import is_office
from zwgk.audit.services import json_text, record
from zwgk.campaigns import access
from zwgk.campaigns.computed import compute_from_ledgers, default_fact
from zwgk.campaigns.models import Binding
from zwgk.campaigns.views.common import campaign_for, entry_for, messages_of
from zwgk.indicators.registry import REGISTRY, year_period
from zwgk.ledgers.spec import SPECS, shown
from zwgk.schemes.reading import engine_scheme


class BindingForm(forms.Form):
    item_clause = forms.ChoiceField(label="条款")
    indicator = forms.ChoiceField(label="台账指标")
    params = forms.CharField(label="参数（可选）", required=False, help_text='JSON 格式，如 {"days": 20}；留空用默认值')

    def __init__(self, campaign, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scheme = engine_scheme(campaign)
        self.scheme = scheme
        self.fields["item_clause"].choices = [
            (f"{i.id}:{c.n}", f"第{i.id}项第{c.n}条 {c.text[:30]}") for i in scheme.items for c in i.rule.clauses]
        self.fields["indicator"].choices = [(k, f"{v.label}（{k}）") for k, v in sorted(REGISTRY.items())]

    def clean_params(self):
        raw = self.cleaned_data["params"].strip()
        try:
            params = json.loads(raw) if raw else {}
        except json.JSONDecodeError:
            raise ValidationError("参数应为 JSON，例如 {\"days\": 20}。") from None
        if not isinstance(params, dict):
            raise ValidationError("参数应为 JSON 对象，例如 {\"days\": 20}。")
        return params

    def clean(self):
        data = super().clean()
        if "indicator" in data and "params" in data:
            try:  # a dry run for a unit that does not exist catches values only the computation checks
                REGISTRY[data["indicator"]].per_unit([0], year_period(2000), **data["params"])
            except (TypeError, ValueError) as err:
                raise ValidationError(f"参数不适用于该指标：{err}") from None
        return data


@login_required
def bindings(request, campaign_id: int):
    campaign = campaign_for(request.user, campaign_id)
    access.require(is_office(request.user))
    form = BindingForm(campaign, request.POST or None)
    if request.method == "POST" and form.is_valid():
        access.require(not campaign.locked)
        item_id, n = form.cleaned_data["item_clause"].split(":")
        clause = form.scheme.item(item_id).rule.clause(int(n))
        indicator = form.cleaned_data["indicator"]
        binding, _ = Binding.objects.update_or_create(
            campaign=campaign, item_id=item_id, clause=clause.n,
            defaults={"indicator": indicator, "params": form.cleaned_data["params"],
                      "fact": default_fact(indicator, clause)})
        record(request.user, "绑定台账指标", campaign=campaign, target=f"第{item_id}项第{n}条", field="台账指标",
               new=f"{indicator} {json_text(binding.params)}")
        messages.success(request, f"第{item_id}项第{n}条已绑定到“{REGISTRY[indicator].label}”。")
        return redirect("campaigns:bindings", campaign.pk)
    rows = [(b, REGISTRY.get(b.indicator)) for b in campaign.bindings.all()]
    return render(request, "campaigns/bindings.html", {"campaign": campaign, "rows": rows, "form": form})


@login_required
@require_POST
def binding_delete(request, campaign_id: int, pk: int):
    campaign = campaign_for(request.user, campaign_id)
    access.require(is_office(request.user) and not campaign.locked)
    binding = get_object_or_404(Binding, pk=pk, campaign=campaign)
    record(request.user, "取消台账指标绑定", campaign=campaign, target=f"第{binding.item_id}项第{binding.clause}条",
           field="台账指标", old=binding.indicator)
    binding.delete()
    messages.success(request, "已取消绑定。")
    return redirect("campaigns:bindings", campaign.pk)


@login_required
@require_POST
def compute(request, campaign_id: int):
    campaign = campaign_for(request.user, campaign_id)
    try:
        outcome = compute_from_ledgers(request.user, campaign)
    except ValidationError as err:
        for m in messages_of(err):
            messages.error(request, m)
    else:
        note = f"，{outcome.provisional}个结果为暂定" if outcome.provisional else ""
        kept = f"，保留人工调整{outcome.kept_adjusted}处" if outcome.kept_adjusted else ""
        messages.success(request, f"已从台账计算：{outcome.changed}项有变化，{outcome.unchanged}项未变{kept}{note}。")
    return redirect("campaigns:bindings", campaign.pk)


_SPEC_OF = {spec.model: spec for spec in SPECS}


def _row(record) -> list[str]:
    spec = _SPEC_OF.get(type(record))
    if spec is None:
        return [str(record)]
    return [shown(spec.cell(record, c)) for c in spec.columns[1:]]


@login_required
def ledger_records(request, campaign_id: int, entry_id: int, clause: int):
    """The ledger rows behind one computed figure: exactly what the indicator counted."""
    campaign = campaign_for(request.user, campaign_id)
    entry = entry_for(request.user, campaign, entry_id)
    binding = campaign.bindings.filter(item_id=entry.item_id, clause=clause).first()
    if binding is None or binding.indicator not in REGISTRY:
        raise Http404
    indicator = REGISTRY[binding.indicator]
    records = list(indicator.records(entry.unit_id, year_period(campaign.year), **binding.params))
    spec = _SPEC_OF.get(type(records[0])) if records else None
    return render(request, "campaigns/ledger_records.html", {
        "campaign": campaign, "entry": entry, "clause": clause, "indicator": indicator, "binding": binding,
        "headers": [c.header for c in spec.columns[1:]] if spec else ["记录"],
        "rows": [_row(r) for r in records], "computed": entry.computed.get(str(clause))})
