"""A person's decision over the rule (item facts `override` and `zero`): an office's adjusted
score, and an item nobody checked counted as 0. Both go through the totals like any result, so
pools, 折算, caps and the total cap apply to them."""
from dataclasses import replace
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zwgk.scoring.errors import ScoringError
from zwgk.scoring.model import Rules
from zwgk.scoring.totals import evaluate_unit, unit_facts

from .test_totals import MEDIA, SITE, one, xunwu_like

OWN = ("1", "2", "3", "28")


def test_override_replaces_the_computed_score_and_says_so():
    res = one(xunwu_like(), items={"1": {"1": {"count": 3}, "override": "3.5"}})
    assert res.items["1"].score == D("3.5")
    assert res.total == D(25) - D("0.5")
    last = res.items["1"].steps[-1]
    assert last.applied == "override" and "3.5分" in last.message


def test_override_wins_over_this_item_scores_nothing():
    scheme = xunwu_like()
    res = one(scheme, items={"2": {"override": "1"}})
    assert res.items["2"].score == 1 and not res.items["2"].zeroed


def test_zero_scores_an_own_points_item_nothing():
    res = one(xunwu_like(), items={"3": {"zero": True}})
    assert res.items["3"].score == 0 and res.items["3"].zeroed
    assert res.total == D(21)
    assert res.items["3"].steps[-1].applied == "zero"


def test_zero_on_a_pool_item_zeroes_its_pool():
    res = one(xunwu_like(), items={"30": {"zero": True}})
    assert res.pools[MEDIA] == 0 and res.pools[SITE] == D(6)
    assert res.total == D(20)


def test_an_overridden_pool_item_is_its_part_of_the_pool():
    res = one(xunwu_like(), items={"29": {"1": {"count": 7}, "override": "-0.2"}})
    assert res.pools[MEDIA] == D("4.8")


def test_zero_counts_in_normalisation_as_an_applicable_item():
    scheme = xunwu_like(rules=Rules(normalise=True))
    res = one(scheme, items={"3": {"zero": True}, "1": {"not_applicable": True}})
    assert res.applicable_points == D(21)
    assert res.base_total == D(17) * D(25) / D(21)


def test_bad_values_are_refused_with_their_place():
    with pytest.raises(ScoringError) as err:
        one(xunwu_like(), items={"3": {"override": "三分"}})
    assert "override" in str(err.value) and "指标3" in str(err.value)
    with pytest.raises(ScoringError):
        one(xunwu_like(), items={"3": {"zero": "yes"}})


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.sampled_from(OWN), st.integers(0, 4)), st.sets(st.sampled_from(OWN)),
       st.booleans())
def test_zeroing_items_never_raises_a_total_and_takes_off_at_most_their_scores(counts, zeroed, normalise):
    scheme = xunwu_like(rules=Rules(floor_at_zero=True, normalise=normalise, total_cap=D(25)))
    items = {i: {"1": {"count": n}} for i, n in counts.items()}
    before = one(scheme, items=items)
    after = one(scheme, items={i: {**items.get(i, {}), "zero": i in zeroed} for i in OWN})
    assert after.total <= before.total
    if not normalise:
        assert before.total - after.total == sum((before.items[i].score for i in zeroed), D(0))


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(OWN), st.integers(0, 4))
def test_overriding_with_the_computed_score_changes_nothing(item, count):
    scheme = xunwu_like()
    before = one(scheme, items={item: {"1": {"count": count}}})
    after = one(scheme, items={item: {"1": {"count": count}, "override": str(before.items[item].score)}})
    assert after.total == before.total and after.grade == before.grade


def test_unit_facts_keep_the_decisions_apart_from_equal_facts():
    """Two units with the same clause facts, one of them zeroed, must not share a result."""
    scheme = xunwu_like()
    a = evaluate_unit(scheme, unit_facts({"name": "甲", "group": "乡镇", "items": {"3": {}}}, scheme))
    b = evaluate_unit(scheme, unit_facts({"name": "乙", "group": "乡镇", "items": {"3": {"zero": True}}}, scheme))
    assert a.items["3"].score == 4 and b.items["3"].score == 0
    assert replace(a, name="乙").total != b.total


def test_cases_take_clause_facts_only():
    with pytest.raises(ScoringError) as err:
        one(xunwu_like(), bonus={"B1": {"override": "5"}})
    assert err.value.code == "decision_on_case"
