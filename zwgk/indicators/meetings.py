"""会议与培训 held: how many, and how many short of the number a rule asks for.

meetings_held: the unit's meetings of `kind` (会议 by default, 培训 for trainings) held (held_on)
in the period, whose topic contains `topic` (all by default); `has_minutes` True keeps only those
with 纪要 (False only those without), None keeps all.

meetings_missing (寻乌 item 35, 开展本乡（镇）、本单位政务公开工作培训: kind 培训, minimum 1, as `met`):
how many of those fall short of `minimum` (default 1) — minimum − held, or 0. Its drill-down lists
the meetings held, which the shortfall rests on.
"""
from __future__ import annotations

from django.db.models import Count

from zwgk.indicators.registry import Indicator, IndicatorValue, register, unit_q
from zwgk.ledgers.models import Meeting

PARAMS = {"kind": Meeting.Kind.MEETING.value, "topic": "", "has_minutes": None}


def _meetings(ids, period, params):
    found = Meeting.objects.filter(unit_q(ids), kind=params["kind"], held_on__range=period,
                                   topic__contains=params["topic"])
    return found if params["has_minutes"] is None else found.filter(has_minutes=params["has_minutes"])


def _held(ids, period, params) -> dict[int, int]:
    rows = _meetings(ids, period, params).order_by().values("unit_id").annotate(n=Count("id"))
    held = dict(rows.values_list("unit_id", "n"))
    return {u: held.get(u, 0) for u in ids}


def _held_compute(ids, period, params):
    return {u: IndicatorValue(n, False, n) for u, n in _held(ids, period, params).items()}


def _missing_compute(ids, period, params):
    if params["minimum"] < 1:
        raise ValueError("the minimum number of meetings must be 1 or more")
    return {u: IndicatorValue(max(params["minimum"] - n, 0), False, n) for u, n in _held(ids, period, params).items()}


def _drill(unit, period, params):
    return _meetings([unit], period, params)


meetings_held = register(Indicator(
    "meetings_held", "召开会议（培训）的次数", Meeting, "count",
    "考核期内本单位召开的指定类别（会议或培训）的次数，可按主题、有无纪要筛选。",
    _held_compute, _drill, PARAMS))
meetings_missing = register(Indicator(
    "meetings_missing", "会议（培训）少于规定次数的差数", Meeting, "count",
    "考核期内本单位召开的指定类别（会议或培训）的次数少于规定次数N（默认1）的差数，可按主题、有无纪要筛选。",
    _missing_compute, _drill, {**PARAMS, "minimum": 1}))
