"""How long the engine takes to score 10,000 units of 寻乌 2022 with varied facts.

Only `evaluate_units` is timed (best of 3): reading the scheme and checking the facts are
done once beforehand, as the web app does when a whole county's results are recomputed.
The facts are random but seeded, so every run measures the same work.
"""
from __future__ import annotations

import random
import time
from decimal import Decimal

from zwgk.schemefiles import load_scheme
from zwgk.scoring.clauses import Kind
from zwgk.scoring.facts import rule_variables
from zwgk.scoring.totals import evaluate_units, facts_document

SCHEME = "xunwu-2022"
UNITS = 10_000
RUNS = 3


def clause_facts(clause, rng: random.Random) -> dict | None:
    """Plausible facts for one clause, or None (nothing happened) about half the time."""
    if rng.random() < 0.5:
        return None
    kind = clause.kind
    if kind == Kind.TIERED:
        return {"count": {tier.label: rng.randint(0, 2) for tier in clause.tiers}}
    if kind in (Kind.PER_OCCURRENCE, Kind.FREQUENCY, Kind.BONUS, Kind.NEGATIVE) or clause.per and kind in (Kind.AWARD, Kind.DEADLINE):
        return {"count": rng.randint(0, 8)}
    if kind in (Kind.ONCE, Kind.DEADLINE, Kind.AWARD, Kind.ZERO):
        return {"met": rng.random() < 0.8}
    if kind == Kind.RATE:
        return {"value": Decimal(rng.randint(50, 100)) / 100}
    if kind == Kind.RANK:
        return {"rank": rng.randint(1, 12)}
    if kind == Kind.GRADE:
        return {"grade": rng.choice(clause.tiers).label}
    if kind == Kind.RANGE:
        return {"score": clause.low + (clause.high - clause.low) * rng.randint(0, 10) / 10}
    if kind == Kind.MANUAL and clause.high is not None:
        return {"score": clause.high * rng.randint(0, 4) / 4}
    return None


def item_data(item, rng: random.Random) -> dict:
    data: dict = {}
    if rng.random() < 0.03:
        return {"not_applicable": True}
    for clause in item.rule.clauses:
        facts = clause_facts(clause, rng)
        if facts is not None:
            data[str(clause.n)] = facts
    names = sorted(rule_variables(item.rule))
    if names and rng.random() < 0.7:
        data["vars"] = {name: Decimal(rng.randint(0, 100)) / 100 for name in names}
    if rng.random() < 0.02:
        data["evidence"] = False
    return data


def facts_data(scheme, rng: random.Random) -> dict:
    groups = list(scheme.ranking_groups) or [None]
    units = []
    for n in range(UNITS):
        items = {item.id: facts for item in scheme.items if (facts := item_data(item, rng))}
        units.append({"name": f"单位{n + 1:05d}", "group": groups[n % len(groups)], "items": items})
    return {"units": units}


def main() -> None:
    scheme = load_scheme(SCHEME).scheme
    units = facts_document(facts_data(scheme, random.Random(2022)), scheme)
    best = None
    for _ in range(RUNS):
        start = time.perf_counter()
        results = evaluate_units(scheme, units)
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    assert len(results) == UNITS
    print(f"{SCHEME} × {UNITS} units: engine {best:.3f} s")


if __name__ == "__main__":
    main()
