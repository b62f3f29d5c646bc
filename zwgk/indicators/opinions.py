"""政务舆情: found and not answered in time; large negative ones at all.

opinions_unanswered: the unit's opinions found (found_on) in the period that were not responded
to — or, with `days` set, responded to more than `days` calendar days after they were found
("N日" is calendar days; the schemes write 工作日 when they mean working days). An opinion with no
response whose `days` have not yet run out (today) is not counted yet. `large` True keeps only
较大范围负面舆情.

opinions_large (寻乌 item 15, 因政策解读或回应公众关切及时、妥当，未引起较大范围负面舆情的, as
`met`): the unit's opinions found in the period marked as 较大范围负面舆情 (large).
"""
from __future__ import annotations

import datetime as dt

from django.db.models import DurationField, ExpressionWrapper, F, Q
from django.utils import timezone

from zwgk.indicators.registry import count_indicator, unit_q
from zwgk.ledgers.models import Opinion


def _found(ids, period, large: bool = False):
    found = Opinion.objects.filter(unit_q(ids), found_on__range=period)
    return found.filter(large=True) if large else found


def _unanswered(params) -> Q:
    days = params["days"]
    if days is None:
        return Q(responded_on__isnull=True)
    if not isinstance(days, int) or isinstance(days, bool) or days < 0:
        raise ValueError("days should be a number of days, 0 or more")
    due = dt.timedelta(days=days)
    return (Q(responded_on__isnull=True, found_on__lt=timezone.localdate() - due)
            | Q(lag__gt=due))


def _opinions(ids, period, params):
    lag = ExpressionWrapper(F("responded_on") - F("found_on"), output_field=DurationField())
    return _found(ids, period, params["large"]).annotate(lag=lag)


opinions_unanswered = count_indicator(
    "opinions_unanswered", "未回应或未及时回应的舆情", Opinion,
    "发现日期在考核期内的舆情中，未回应的件数；规定了N日的，还计入发现后超过N日（自然日）才回应的，"
    "以及未回应且已超过N日的（可只计较大范围负面舆情）。",
    _opinions, _unanswered, {"days": None, "large": False})
opinions_large = count_indicator(
    "opinions_large", "较大范围负面舆情", Opinion,
    "发现日期在考核期内、登记为较大范围负面舆情的件数。",
    lambda ids, period, params: _found(ids, period), Q(large=True))
