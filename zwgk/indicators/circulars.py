"""上级通报 by level, the facts of tiered clauses (寻乌 items 26, 27, 31; 华容 M2).

circulars_by_level: the unit's circulars of `kind` (通报 by default; 表彰 for commendations) dated
(issued_on) in the period, counted by the level that issued them. The tags are the level names
(国务院办公厅, 省政府办公厅, 市政府办公室, 县政府办公室), which pick out a tier wherever a clause
names the office ("被省政府办公厅通报"); `tags` renames them for clauses that do not (华容 writes
"国家、省、市、县": {"国务院办公厅": "国家", "省政府办公厅": "省", …}), and leaves out a level the
clause has no tier for when renamed to "" or null (寻乌 item 31 has none for 县政府办公室, whose tag
the engine would refuse). `about_media` keeps only circulars about 政务新媒体 (True, 寻乌 item 31)
or only the others (False); None keeps all.

circulars_count (晋城 item 39 clause 1, 日常检查、季度检查被通报的一次扣0.5分): the same circulars,
all levels together, as one count; `subject` keeps only those whose 事由 contains it.
"""
from __future__ import annotations

from django.db.models import Count, Q

from zwgk.indicators.registry import Indicator, IndicatorValue, counted, register, unit_q
from zwgk.ledgers.models import Circular


def _circulars(ids, period, params):
    found = Circular.objects.filter(unit_q(ids), kind=params["kind"], issued_on__range=period)
    if params["about_media"] is not None:
        found = found.filter(about_media=params["about_media"])
    if params.get("subject"):
        found = found.filter(subject__contains=params["subject"])
    return found.exclude(level__in=[level for level, tag in (params.get("tags") or {}).items() if not tag])


def _compute(ids, period, params):
    by_unit: dict[int, dict[str, int]] = {u: {} for u in ids}
    rows = _circulars(ids, period, params).order_by().values("unit_id", "level").annotate(n=Count("id"))
    for unit, level, n in rows.values_list("unit_id", "level", "n"):
        if unit in by_unit:
            tag = params["tags"].get(level, level)
            by_unit[unit][tag] = by_unit[unit].get(tag, 0) + n
    return {u: IndicatorValue(tags, False, sum(tags.values())) for u, tags in by_unit.items()}


circulars_by_level = register(Indicator(
    "circulars_by_level", "被上级通报的次数（按层级）", Circular, "tags",
    "考核期内本单位被国务院办公厅、省政府办公厅、市政府办公室、县政府办公室通报的次数，按层级分列。",
    _compute, lambda unit, period, params: _circulars([unit], period, params),
    {"kind": Circular.Kind.CRITICISM.value, "about_media": None, "tags": {}}))
circulars_count = register(Indicator(
    "circulars_count", "被上级通报的次数", Circular, "count",
    "考核期内本单位被国务院办公厅、省政府办公厅、市政府办公室、县政府办公室通报的次数（不分层级合计），"
    "可只计涉及政务新媒体的或事由含指定文字的。",
    lambda ids, period, params: counted(ids, _circulars(ids, period, params), Q(pk__isnull=False)),
    lambda unit, period, params: _circulars([unit], period, params),
    {"kind": Circular.Kind.CRITICISM.value, "about_media": None, "subject": ""}))
