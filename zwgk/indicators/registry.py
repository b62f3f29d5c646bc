"""Indicators: what a unit's ledgers say about one rule, per unit and period, with the drill-down.

Each indicator yields the fact a clause kind takes (scoring spec §3):

* ``count`` — per-occurrence, frequency and deadline clauses (late replies, missing posts, missed
  due dates…);
* ``value`` — rate clauses: a Decimal between 0 and 1, None when there is nothing to take a share of;
* ``tags`` — tiered clauses: counts by tag, e.g. ``{"省政府办公厅": 1}``.

and has two functions. ``per_unit(units, period, **params)`` answers for many units with one or a
few queries (the county's whole recompute); ``records(unit, period, **params)`` is the drill-down
for one unit: exactly what was counted, so an office can check a figure against the ledger.
A period is a pair of dates, both included, usually the campaign year (`year_period`).

A value is provisional when it rests on a day of a year the holiday library has no data for
(WorkCalendar's "（暂定）"): the figure may change once the State Council publishes that year.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models

Period = tuple[dt.date, dt.date]
# A list of unit ids small enough to filter on in SQL; above it the whole ledger is read (and rows
# of other units dropped), which costs no more than filtering would for that many units.
UNIT_FILTER_MAX = 500


@dataclass(frozen=True, slots=True)
class IndicatorValue:
    """A unit's figure, whether it is provisional, and how many ledger rows it rests on."""

    value: int | Decimal | dict[str, int] | None
    provisional: bool = False
    record_count: int = 0


@dataclass(frozen=True)
class Indicator:
    id: str
    label: str
    ledger: type[models.Model]
    yields: str  # count | value | tags
    definition: str
    compute: Callable[[list[int], Period, dict], dict[int, IndicatorValue]] = field(repr=False)
    drill: Callable[[int, Period, dict], Iterable] = field(repr=False)
    params: Mapping[str, Any] = field(default_factory=dict)

    def resolve(self, params: Mapping[str, Any]) -> dict[str, Any]:
        """The defaults overridden by `params`; unknown names and wrong types are errors."""
        unknown = set(params) - set(self.params)
        if unknown:
            raise TypeError(f"{self.id}: unknown parameters {sorted(unknown)}")
        merged = {**self.params, **params}
        for name, default in self.params.items():
            if default is not None and not isinstance(merged[name], type(default)):
                raise TypeError(f"{self.id}: {name} should be {type(default).__name__}")
        return merged

    def per_unit(self, units, period: Period, **params) -> dict[int, IndicatorValue]:
        ids = unit_ids(units)
        period, params = check_period(period), self.resolve(params)
        return self.compute(ids, period, params) if ids else {}

    def records(self, unit, period: Period, **params):
        return self.drill(unit if isinstance(unit, int) else unit.pk, check_period(period), self.resolve(params))


REGISTRY: dict[str, Indicator] = {}


def register(indicator: Indicator) -> Indicator:
    if indicator.id in REGISTRY:
        raise ValueError(f"indicator {indicator.id} registered twice")
    REGISTRY[indicator.id] = indicator
    return indicator


def get(indicator_id: str) -> Indicator:
    return REGISTRY[indicator_id]


def year_period(year: int) -> Period:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def check_period(period: Period) -> Period:
    start, end = period
    if not (isinstance(start, dt.date) and isinstance(end, dt.date)) or start > end:
        raise ValueError(f"a period is two dates, the first not after the second: {period!r}")
    return start, end


def unit_ids(units) -> list[int]:
    """Unit ids from units, ids or a queryset, in order and without repeats."""
    return list(dict.fromkeys(u if isinstance(u, int) else u.pk for u in units))


def filters_units(ids: list[int]) -> bool:
    """Whether to filter on the units in SQL rather than read the whole ledger (see UNIT_FILTER_MAX)."""
    return len(ids) <= UNIT_FILTER_MAX


def unit_q(ids: list[int], field_name: str = "unit_id") -> models.Q:
    return models.Q(**{f"{field_name}__in": ids}) if filters_units(ids) else models.Q()


def counts(ids: list[int], rows: Iterable[tuple[int, int, int, bool]]) -> dict[int, IndicatorValue]:
    """Count values for every unit from (unit, rows looked at, rows counted, provisional)."""
    out = {u: IndicatorValue(0) for u in ids}
    for unit, total, hits, provisional in rows:
        if unit in out:
            out[unit] = IndicatorValue(int(hits or 0), bool(provisional), int(total))
    return out


def rates(ids: list[int], rows: Iterable[tuple[int, int, int]]) -> dict[int, IndicatorValue]:
    """Rate values for every unit from (unit, rows looked at, rows in the numerator)."""
    out = {u: IndicatorValue(None) for u in ids}
    for unit, total, hits in rows:
        if unit in out and total:
            out[unit] = IndicatorValue(Decimal(hits) / Decimal(total), False, total)
    return out


def counted(ids: list[int], rows: models.QuerySet, hit: models.Q) -> dict[int, IndicatorValue]:
    """Count values for every unit from its `rows` (the ledger rows looked at) and those matching `hit`."""
    grouped = (rows.order_by().values("unit_id")
               .annotate(total=models.Count("id"), hits=models.Count("id", filter=hit))
               .values_list("unit_id", "total", "hits"))
    return counts(ids, ((u, total, hits, False) for u, total, hits in grouped))


def count_indicator(id: str, label: str, ledger: type[models.Model], definition: str,
                    rows: Callable[[list[int], Period, dict], models.QuerySet],
                    hit: models.Q | Callable[[dict], models.Q], params: Mapping[str, Any] | None = None) -> Indicator:
    """Register a count indicator: the unit's `rows` looked at, those matching `hit` counted and drilled into.
    `hit` is a Q, or a function of the parameters giving one (evaluated on each call)."""
    def hit_q(values: dict) -> models.Q:
        return hit(values) if callable(hit) else hit

    return register(Indicator(
        id, label, ledger, "count", definition,
        lambda ids, period, values: counted(ids, rows(ids, period, values), hit_q(values)),
        lambda unit, period, values: rows([unit], period, values).filter(hit_q(values)),
        dict(params or {})))
