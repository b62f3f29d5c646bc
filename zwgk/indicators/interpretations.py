"""政策解读: interpreted at all, in time and linked, in diverse forms, beyond the government website.

interpretation_late (寻乌 item 4, 政策性、规范性文件制定后3日内发布文件及解读，并互相关联): policy
documents (is_policy) issued in the period, without a recorded reason for not interpreting them,
that have no interpretation attached to them (Interpretation.documents), marked as linked to them
(linked) and published at most `days` days after the document's date (issued_on). "3日内" is
calendar days: the regulations and schemes write 工作日 when they mean working days (2个工作日,
5个工作日, 20个工作日) and 日 otherwise. An interpretation published before the document's date
(released together with a draft) is in time.

interpretation_diverse_rate (谷县 多样化解读 ≥ 90%, 寻乌 非纯文字解读 ≥ 70%): among the unit's
interpretations published in the period, the share whose form is not 文字.

interpretation_channel_rate (谷县 非政府网站渠道 ≥ 50%): the share of those interpretations with at
least one channel other than 政府网站.

interpretation_unlinked (寻乌 item 12 clause 1, 解读材料与原政策文件相互链接1分): the unit's
interpretations published in the period not marked as linked to their policy documents (linked).
As `met` it is met for a unit without interpretations: nothing is left unlinked.

policy_uninterpreted (古县 item 14, 晋城 item 26, 政策性文件没有解读，也没有说明不作解读的依据和理由的，
发现一件，扣0.5分): policy documents (is_policy) dated in the period with no interpretation attached
at all, whenever published, and no recorded reason for not interpreting them. Unlike
interpretation_late, an interpretation that is late or not linked still counts as one.

The rates are None for a unit without interpretations in the period (nothing to take a share of);
their drill-down lists every interpretation of the period with `hit`: whether it is in the share.
"""
from __future__ import annotations

import datetime as dt

from django.db.models import BooleanField, Count, DurationField, Exists, ExpressionWrapper, F, OuterRef, Q

from zwgk.indicators.registry import Indicator, count_indicator, counted, rates, register, unit_q
from zwgk.ledgers.models import Document, Interpretation

WEBSITE = "政府网站"


def _policies(ids, period, days: int):
    """The policy documents to interpret, each with `interpreted`: in time and linked."""
    lag = ExpressionWrapper(F("published_on") - OuterRef("issued_on"), output_field=DurationField())
    timely = (Interpretation.objects.filter(documents=OuterRef("pk"), linked=True)
              .annotate(lag=lag).filter(lag__lte=dt.timedelta(days=days)))
    return (Document.objects.filter(unit_q(ids), is_policy=True, issued_on__range=period, no_interpretation_reason="")
            .annotate(interpreted=Exists(timely)))


def _late_compute(ids, period, params):
    return counted(ids, _policies(ids, period, params["days"]), Q(interpreted=False))


def _late_drill(unit, period, params):
    return _policies([unit], period, params["days"]).filter(interpreted=False)


interpretation_late = register(Indicator(
    "interpretation_late", "未按时解读并关联的政策文件", Document, "count",
    "成文日期在考核期内、未登记不解读理由的政策性文件中，没有在成文后N日（默认3日，自然日）内发布"
    "并与之相互关联的解读的件数。",
    _late_compute, _late_drill, {"days": 3}))


def _rate_indicator(id: str, label: str, hit: Q, definition: str) -> Indicator:
    def interpretations(ids, period):
        return Interpretation.objects.filter(unit_q(ids), published_on__range=period)

    def compute(ids, period, params):
        return rates(ids, interpretations(ids, period).order_by().values("unit_id")
                     .annotate(total=Count("id"), hits=Count("id", filter=hit))
                     .values_list("unit_id", "total", "hits"))

    def drill(unit, period, params):
        return interpretations([unit], period).annotate(hit=ExpressionWrapper(hit, output_field=BooleanField()))

    return register(Indicator(id, label, Interpretation, "value", definition, compute, drill))


interpretation_diverse_rate = _rate_indicator(
    "interpretation_diverse_rate", "多样化（非纯文字）解读占比", ~Q(form=Interpretation.Form.TEXT),
    "考核期内发布的政策解读中，解读形式不是文字的所占比例。")
interpretation_channel_rate = _rate_indicator(
    "interpretation_channel_rate", "非政府网站渠道发布的解读占比", ~Q(channels=[]) & ~Q(channels=[WEBSITE]),
    "考核期内发布的政策解读中，发布渠道含政府网站以外渠道的所占比例。")


def _unlinked(ids, period, params):
    return Interpretation.objects.filter(unit_q(ids), published_on__range=period)


interpretation_unlinked = count_indicator(
    "interpretation_unlinked", "未与政策文件相互链接的解读", Interpretation,
    "考核期内发布的政策解读中，未标记与所解读的政策文件相互链接的条数。",
    _unlinked, Q(linked=False))


def _policy_documents(ids, period, params):
    return (Document.objects.filter(unit_q(ids), is_policy=True, issued_on__range=period)
            .annotate(interpreted=Exists(Interpretation.objects.filter(documents=OuterRef("pk")))))


UNINTERPRETED = Q(interpreted=False, no_interpretation_reason="")

policy_uninterpreted = count_indicator(
    "policy_uninterpreted", "既无解读也未说明理由的政策文件", Document,
    "成文日期在考核期内的政策性文件中，没有任何解读、也未登记不作解读理由的件数。",
    _policy_documents, UNINTERPRETED)
