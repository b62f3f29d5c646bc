"""Properties that hold for any facts: caps hold, more findings never help, totals stay in bounds,
and nothing is ever a float."""
from dataclasses import fields
from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from zwgk.scoring.clauses import CapGroup, Clause, Kind, Rule, Sign, Tier
from zwgk.scoring.evaluate import ItemResult, evaluate_item
from zwgk.scoring.facts import item_facts
from zwgk.scoring.model import Case, GradeBand, Group, Item, Rules, Scheme
from zwgk.scoring.totals import evaluate_units, facts_document

amounts = st.decimals(min_value=D("0.1"), max_value=D(10), places=1)
points = st.decimals(min_value=D(0), max_value=D(20), places=1)
counts = st.integers(min_value=0, max_value=60)
rates = st.decimals(min_value=D(0), max_value=D(1), places=3)
NOTICES = (Tier("被国务院办公厅通报", D(3)), Tier("被省政府办公厅通报", D(2)), Tier("被市政府办公室通报", D(1)))


def run(p, clauses, facts, caps=(), **options) -> ItemResult:
    rule = Rule(tuple(clauses), tuple(caps))
    return evaluate_item(p, rule, item_facts(facts, rule), **options)


@given(points, amounts, amounts, counts, st.booleans())
def test_a_deduction_never_exceeds_its_cap(p, amount, cap, count, floor_at_zero):
    res = run(p, [Clause(1, Kind.PER_OCCURRENCE, "每次扣分", amount=amount, cap=cap)], {"1": {"count": count}},
              floor_at_zero=floor_at_zero)
    assert res.deduction <= cap
    assert res.score >= p - cap
    assert res.score >= (0 if floor_at_zero or cap <= p else p - cap)


@given(points, amounts, amounts, st.lists(counts, min_size=2, max_size=2), amounts)
def test_a_shared_cap_limits_the_sum(p, a, b, pair, cap):
    clauses = [Clause(1, Kind.PER_OCCURRENCE, "a", amount=a), Clause(2, Kind.FREQUENCY, "b", amount=b)]
    res = run(p, clauses, {"1": {"count": pair[0]}, "2": {"count": pair[1]}}, [CapGroup((1, 2), cap)])
    assert res.deduction <= cap


@given(points, amounts, st.one_of(st.none(), amounts), counts, st.booleans())
def test_more_findings_never_raise_a_score(p, amount, cap, count, floor_at_zero):
    clause = Clause(1, Kind.PER_OCCURRENCE, "每次扣分", amount=amount, cap=cap)
    fewer = run(p, [clause], {"1": {"count": count}}, floor_at_zero=floor_at_zero).score
    more = run(p, [clause], {"1": {"count": count + 1}}, floor_at_zero=floor_at_zero).score
    assert more <= fewer


@given(points, rates, rates, st.sampled_from(["down", "up"]))
def test_a_lower_rate_never_raises_a_score(p, low, high, rounding):
    low, high = min(low, high), max(low, high)
    clause = Clause(1, Kind.RATE, "不得少于90%，每降低两个百分点扣0.5分，扣分上限为4分", threshold=D("0.9"),
                    direction="min", step=D(2), amount=D("0.5"), cap=D(4))
    worse = run(p, [clause], {"1": {"value": low}}, step_rounding=rounding).score
    better = run(p, [clause], {"1": {"value": high}}, step_rounding=rounding).score
    assert worse <= better


@given(st.dictionaries(st.sampled_from(["国务院", "省", "市"]), st.integers(0, 5)), st.integers(0, 5), points)
def test_more_notices_never_raise_a_score(tags, extra, p):
    clause = Clause(1, Kind.TIERED, "通报", tiers=NOTICES)
    before = run(p, [clause], {"1": {"count": tags}}).score
    after = run(p, [clause], {"1": {"count": {**tags, "省": tags.get("省", 0) + extra}}}).score
    assert after <= before


@given(points, amounts, st.one_of(st.none(), amounts), counts, amounts, counts, amounts)
def test_bonuses_never_exceed_their_caps(p, a, cap, n, b, m, shared):
    clauses = [Clause(1, Kind.BONUS, "每项加分", amount=a, cap=cap), Clause(2, Kind.BONUS, "每层加分", amount=b)]
    alone = run(p, clauses[:1], {"1": {"count": n}})
    if cap is not None:
        assert alone.bonus <= cap
    both = run(p, clauses, {"1": {"count": n}, "2": {"count": m}}, [CapGroup((1, 2), shared, Sign.BONUS)])
    assert both.bonus <= shared


@given(points, amounts, counts)
def test_awards_stay_within_the_items_points(p, amount, count):
    res = run(p, [Clause(1, Kind.AWARD, "每条得分", amount=amount)], {"1": {"count": count}})
    assert 0 <= res.score <= p


def _scheme(total_cap):
    tier = Clause(1, Kind.TIERED, "通报", tiers=NOTICES)
    items = (
        Item("1", ("甲",), D(4), Rule((Clause(1, Kind.PER_OCCURRENCE, "每次扣1分，扣分上限为6分", amount=D(1), cap=D(6)),))),
        Item("2", ("甲",), D(3), Rule((Clause(1, Kind.ONCE, "未…扣3分", amount=D(3)),
                                       Clause(2, Kind.BONUS, "每次加1分", amount=D(1), cap=D(2))))),
        Item("3", ("乙",), None, Rule((Clause(1, Kind.PER_OCCURRENCE, "每少1次扣0.1分", amount=D("0.1")),))),
        Item("4", ("乙",), None, Rule((tier,))),
        Item("5", ("丙",), D(5), Rule((Clause(1, Kind.FORMULA, "得分=合规率×5", expression="合规率*5"),))),
    )
    return Scheme("p", "p", D(17), items, (Group(("甲",)), Group(("乙",), D(5)), Group(("丙",))),
                  (Case("B1", "每项加5分", Rule((Clause(1, Kind.BONUS, "每项加5分", amount=D(5)),))),), D(8),
                  (Case("M1", "每起扣10分", Rule((Clause(1, Kind.PER_OCCURRENCE, "每起扣10分", amount=D(10)),))),
                   Case("M2", "得分为零", Rule((Clause(1, Kind.ZERO, "得分为零", scope="scheme"),)))),
                  Rules(floor_at_zero=False, normalise=True, total_cap=total_cap),
                  (GradeBand("好", D(10)),), ())


unit_facts_data = st.fixed_dictionaries({
    "items": st.fixed_dictionaries({}, optional={
        "1": st.fixed_dictionaries({"1": st.fixed_dictionaries({"count": counts})}),
        "2": st.fixed_dictionaries({"1": st.fixed_dictionaries({"met": st.booleans()}),
                                    "2": st.fixed_dictionaries({"count": counts})}),
        "3": st.one_of(st.fixed_dictionaries({"1": st.fixed_dictionaries({"count": counts})}),
                       st.just({"not_applicable": True})),
        "4": st.fixed_dictionaries({"1": st.fixed_dictionaries({"count": st.fixed_dictionaries(
            {}, optional={"国务院": st.integers(0, 3), "省": st.integers(0, 3)})})}),
        "5": st.one_of(st.fixed_dictionaries({"vars": st.fixed_dictionaries({"合规率": rates})}),
                       st.just({"not_applicable": True})),
    }),
    "bonus": st.fixed_dictionaries({}, optional={"B1": st.integers(0, 3)}),
    "major": st.fixed_dictionaries({}, optional={"M1": st.integers(0, 2), "M2": st.integers(0, 1)}),
})


def _no_floats(value):
    if isinstance(value, dict):
        return all(_no_floats(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return all(_no_floats(v) for v in value)
    return not isinstance(value, float)


@settings(max_examples=60, deadline=None)
@given(st.lists(unit_facts_data, min_size=1, max_size=5), st.one_of(st.none(), st.just(D(17))))
def test_totals_stay_within_bounds_and_are_never_floats(units, total_cap):
    scheme = _scheme(total_cap)
    doc = {"units": [{"name": f"单位{i}", **u} for i, u in enumerate(units)]}
    results = evaluate_units(scheme, facts_document(doc, scheme))
    for r in results:
        assert isinstance(r.total, D) and r.total >= 0
        if total_cap is not None:
            assert r.total <= total_cap
        assert 1 <= r.rank <= len(results)
        for res in (*r.items.values(), *r.cases.values()):
            for f in fields(res):
                value = getattr(res, f.name)
                assert not isinstance(value, float)
            assert all(isinstance(s.amount, (D, type(None))) for s in res.steps)
        assert all(isinstance(g.score, D) for g in r.groups)
        out = r.to_dict()
        assert _no_floats(out)
        assert isinstance(out["total"], str)
