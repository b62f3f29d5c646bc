"""Every indicator for a set of units over a period with default parameters: a county's recompute."""
from __future__ import annotations

from zwgk.indicators.registry import REGISTRY, IndicatorValue, Period, unit_ids


def compute_all(units, period: Period) -> dict[str, dict[int, IndicatorValue]]:
    """{indicator id: {unit id: value}}; each indicator reads all units in one or a few queries."""
    ids = unit_ids(units)
    return {indicator.id: indicator.per_unit(ids, period) for indicator in REGISTRY.values()}
