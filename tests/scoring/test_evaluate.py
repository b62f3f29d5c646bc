"""One item's score: scoring.md §7 worked examples, every clause kind, caps, floors and specials."""
from decimal import Decimal as D

import pytest

from zwgk.scoring.clauses import CapGroup, Clause, Kind, Rule, Sign, Tier
from zwgk.scoring.errors import Problem, ScoringError
from zwgk.scoring.evaluate import ItemResult, evaluate_item
from zwgk.scoring.facts import item_facts

NOTICES = (Tier("被国务院办公厅通报", D(3)), Tier("被省政府办公厅通报", D(2)), Tier("被市政府办公室通报", D(1)))


def rule(*clauses, caps=(), problems=()):
    return Rule(tuple(clauses), tuple(caps), tuple(problems))


def result(points, r, facts=None, **options) -> ItemResult:
    return evaluate_item(D(points), r, item_facts(facts or {}, r), **options)


def score(points, r, facts=None, **options) -> D:
    return result(points, r, facts, **options).score


def per(n, amount, cap=None, text="每发现一次扣分"):
    return Clause(n, Kind.PER_OCCURRENCE, text, amount=D(amount), cap=None if cap is None else D(cap))


RATE_90 = Clause(1, Kind.RATE, "多样化解读量占政策已解读总量不得少于90%，每降低两个百分点，扣0.5分，扣分上限为4分",
                 variable="多样化解读占比", threshold=D("0.9"), direction="min", step=D(2), amount=D("0.5"), cap=D(4))
CONCEALED = Clause(1, Kind.FORMULA, "瞒报率=瞒报数据量/台账数据量。得分=（1-瞒报率）×5", expression="(1-瞒报率)*5",
                   definitions=(("瞒报率", "瞒报数据量/台账数据量"),))

# ---- scoring.md §7 ---------------------------------------------------------------------------------
WORKED = [
    ("2", rule(per(1, "0.5", "2", "发现一件，扣0.5分，扣分上限为2分")), {"1": {"count": 3}}, "0.5"),
    ("2", rule(per(1, "0.5", "2", "发现一件，扣0.5分，扣分上限为2分")), {"1": {"count": 9}}, "0"),
    ("2", rule(per(1, "1", "4", "每少研究一项，扣1分，扣分上限为4分")), {"1": {"count": 3}}, "-1"),
    ("2", rule(RATE_90), {"1": {"value": 0.85}}, "1"),
    ("2", rule(RATE_90), {"1": {"value": 0.60}}, "-2"),
    ("5", rule(CONCEALED), {"vars": {"瞒报率": 0.12}}, "4.4"),
    ("5", rule(Clause(1, Kind.FREQUENCY, "除微信服务号外，每13天…至少发布1条信息，8-10月份每周两条信息，每少1次扣0.1分",
                      period_days=13, minimum=1, amount=D("0.1"))), {"1": {"count": 7}}, "4.3"),
    ("2", rule(per(1, "0.5", "2", "未按要求出席上级新闻发布会的，每一次扣0.5分，扣分上限为2分"),
               Clause(2, Kind.BONUS, "单位一把手按要求出席上级新闻发布会的，每一次，加0.5分，加分上限为3分",
                      source="bonus_text", amount=D("0.5"), cap=D(3))),
     {"1": {"count": 1}, "2": {"count": 2}}, "2.5"),
    ("10", rule(Clause(1, Kind.RANK, "第一名得10分，第二名得9分，第三名得8分……以此类推", first=D(10), step=D(1))),
     {"1": {"rank": 4}}, "7"),
    ("0", rule(Clause(1, Kind.BONUS, "每拓展一个领域，加0.5分", amount=D("0.5")),
               Clause(2, Kind.BONUS, "每拓展一个层级，加1分", amount=D(1)),
               caps=[CapGroup((1, 2), D(5), Sign.BONUS, "加分上限为5分")]),
     {"1": {"count": 3}, "2": {"count": 4}}, "5"),
]


@pytest.mark.parametrize("points, r, facts, expected", WORKED)
def test_worked_examples(points, r, facts, expected):
    got = score(points, r, facts)
    assert isinstance(got, D)
    assert got == D(expected)


def test_engine_md_explanation_lines():
    r = rule(per(1, "0.5", "2", "发现一件，扣0.5分，扣分上限为2分"))
    assert result("2", r, {"1": {"count": 3}}).explanation_text() == [
        "条款1「发现一件，扣0.5分，扣分上限为2分」：3次 × 0.5分 = 1.5分，扣1.5分",
        "得分 = 分值2分 − 扣分1.5分 = 0.5分",
    ]
    capped = result("2", r, {"1": {"count": 9}})
    assert "条款1：按扣分上限2分计，扣2分（原应扣4.5分）" in capped.explanation_text()
    assert [s.applied for s in capped.steps] == [None, "cap", None]
    floored = result("2", rule(per(1, "1", "4")), {"1": {"count": 3}}, floor_at_zero=True)
    assert floored.score == 0
    assert floored.steps[-1].applied == "floor"
    assert floored.steps[-1].message == "扣分项扣完即止：得分不低于0分（原为-1分）"


def test_step_dicts_hold_strings_and_signed_amounts():
    steps = result("2", rule(per(1, "0.5", "2")), {"1": {"count": 9}}).explanation()
    assert steps[0] == {"clause": 1, "text": "每发现一次扣分", "facts": {"count": 9}, "amount": "-4.5",
                        "applied": None, "message": steps[0]["message"]}
    assert steps[1]["amount"] == "-2" and steps[1]["applied"] == "cap"
    assert steps[2]["amount"] == "0" and steps[2]["clause"] is None


def test_no_facts_means_nothing_happened():
    r = rule(per(1, "0.5", "2"), Clause(2, Kind.ONCE, "未…的，扣2分", amount=D(2)))
    res = result("3", r)
    assert (res.score, res.deduction, res.needs_judgement) == (D(3), D(0), False)
    assert len(res.steps) == 3


def test_decimal_exactness():
    r = rule(Clause(1, Kind.BONUS, "每件加0.1分", amount=D("0.1")))
    assert score("0", r, {"1": {"count": 3}}) == D("0.3")


# ---- clause kinds ------------------------------------------------------------------------------
def test_tiered_deduction_by_tag_and_cap():
    r = rule(Clause(1, Kind.TIERED, "被国务院办公厅通报1次扣3分…", tiers=NOTICES))
    assert score("5", r, {"1": {"count": {"省": 1, "市": 2}}}) == D(1)
    capped = rule(Clause(1, Kind.TIERED, "…扣分上限为3分", tiers=NOTICES, cap=D(3)))
    assert score("5", capped, {"1": {"count": {"国务院": 1, "省": 1}}}) == D(2)


def test_tiered_needs_tags_when_several_tiers():
    r = rule(Clause(1, Kind.TIERED, "通报", tiers=NOTICES))
    with pytest.raises(ScoringError) as err:
        item_facts({"1": {"count": 2}}, r)
    assert err.value.code == "needs_tags"


def test_tiered_single_tier_takes_a_plain_count():
    r = rule(Clause(1, Kind.TIERED, "被通报1次扣2分", tiers=(Tier("被通报", D(2)),)))
    assert score("5", r, {"1": {"count": 2}}) == D(1)


def test_tiered_bonus_and_award_signs():
    bonus = rule(per(1, "1"), Clause(2, Kind.TIERED, "国家级加3分，省级加2分，加分上限为4分",
                                     tiers=(Tier("国家级", D(3)), Tier("省级", D(2))), sign=Sign.BONUS, cap=D(4)))
    assert score("2", bonus, {"2": {"count": {"国家级": 1, "省级": 1}}}) == D(6)
    award = rule(Clause(1, Kind.TIERED, "被人民日报报道的3分；被省领导表扬的2分",
                        tiers=(Tier("人民日报", D(3)), Tier("省领导", D(2))), sign=Sign.AWARD))
    assert score("5", award) == 0
    assert score("5", award, {"1": {"count": {"省领导": 1}}}) == D(2)


def test_once_deduction():
    r = rule(Clause(1, Kind.ONCE, "未有工作规划扣1分", amount=D(1)))
    assert score("3", r) == D(3)
    assert score("3", r, {"1": {"met": True}}) == D(3)
    assert score("3", r, {"1": {"met": False}}) == D(2)
    assert score("3", r, {"1": {"count": 4}}) == D(2)


def test_rate_without_step_takes_the_whole_amount():
    r = rule(Clause(1, Kind.RATE, "公开率不得低于90%，否则扣2分", threshold=D("0.9"), direction="min", amount=D(2)))
    assert score("5", r, {"1": {"value": "89.9%"}}) == D(3)
    assert score("5", r, {"1": {"value": "90%"}}) == D(5)


def test_rate_counts_complete_steps_unless_rounding_up():
    assert score("2", rule(RATE_90), {"1": {"value": 0.87}}) == D("1.5")  # 3 points: one whole step of 2
    assert score("2", rule(RATE_90), {"1": {"value": 0.87}}, step_rounding="up") == D(1)


def test_rate_direction_max_and_value_from_vars():
    r = rule(Clause(1, Kind.RATE, "错误率不得高于5%，每高一个百分点扣1分", variable="错误率", aliases=("差错率",),
                    threshold=D("0.05"), direction="max", step=D(1), amount=D(1), cap=D(3)))
    assert score("4", r, {"vars": {"错误率": "7%"}}) == D(2)
    assert score("4", r, {"vars": {"差错率": 0.2}}) == D(1)
    assert score("4", r, {"vars": {"错误率": 0.01}}) == D(4)


def test_rate_given_as_a_whole_percentage_is_an_error():
    with pytest.raises(ScoringError) as err:
        result("2", rule(RATE_90), {"1": {"value": 85}}, item_id="12")
    assert err.value.code == "rate_not_fraction"
    assert "指标12" in err.value.where and "条款1" in err.value.where


def test_formula_from_definitions_bounds_and_defaults():
    assert score("5", rule(CONCEALED), {"vars": {"瞒报数据量": 12, "台账数据量": 100}}) == D("4.4")
    assert score("5", rule(CONCEALED)) == D(5)  # no facts: nothing happened
    assert score("5", rule(CONCEALED), {"1": {}}) == D(5)
    over = rule(Clause(1, Kind.FORMULA, "得分=合规率×6", expression="合规率*6"))
    assert score("5", over, {"vars": {"合规率": 1}}) == D(5)
    assert score("5", over, {"vars": {"合规率": "-10%"}}) == D(0)


def test_formula_variable_missing_while_others_given_is_an_error():
    with pytest.raises(ScoringError) as err:
        result("5", rule(CONCEALED), {"vars": {"瞒报数据量": 12}}, item_id="9")
    assert err.value.code == "missing_variable"
    assert err.value.where == "指标9 条款1"


def test_guard():
    r = rule(Clause(1, Kind.GUARD, "错误率超过30%的，直接扣2分", variable="错误率", threshold=D("0.3"),
                    direction="above", amount=D(2)))
    assert score("5", r, {"vars": {"错误率": "31%"}}) == D(3)
    assert score("5", r, {"vars": {"错误率": "30%"}}) == D(5)
    assert score("5", r) == D(5)
    zeroing = rule(Clause(1, Kind.GUARD, "错误率超过30%的，此项不得分", variable="错误率", threshold=D("0.3"),
                          direction="above"))
    res = result("5", zeroing, {"1": {"value": "40%"}})
    assert res.score == 0 and res.zeroed


def test_guard_variable_computed_from_a_definition():
    r = rule(CONCEALED, Clause(2, Kind.GUARD, "瞒报率超过30%的，扣2分", variable="瞒报率", threshold=D("0.3"),
                               direction="above", amount=D(2)))
    # base 5 × (1 − 0.4) = 3, then the guard takes 2
    assert score("5", r, {"vars": {"瞒报数据量": 40, "台账数据量": 100}}) == D(1)


def test_rank_bounds_and_value_needs_other_units():
    r = rule(Clause(1, Kind.RANK, "第一名得10分，第二名得9分……", first=D(10), step=D(1)))
    assert score("10", r, {"1": {"rank": 1}}) == D(10)
    assert score("10", r, {"1": {"rank": 14}}) == D(0)
    with pytest.raises(ScoringError) as err:
        result("10", r, {"1": {"value": 98}})
    assert err.value.code == "rank_needs_units"


def test_bonus_one_off_and_assessed():
    r = rule(per(1, "1", None), Clause(2, Kind.BONUS, "获表彰的加1分", amount=D(1), per=False))
    assert score("2", r, {"2": {"met": True}}) == D(3)
    assert score("2", r, {"2": {"count": 1}}) == D(3)
    assert score("2", r, {"2": {"met": False}}) == D(2)
    assert score("2", r, {"2": {"score": "0.5"}}) == D("2.5")
    assert score("2", r, {"2": {"score": 7}}) == D(3)  # limited by the clause's amount


def test_deadline_once_or_per_missed_date():
    once = rule(Clause(1, Kind.DEADLINE, "9月底前完成…未完成的扣2分", amount=D(2), per=False))
    assert score("4", once, {"1": {"met": False}}) == D(2)
    assert score("4", once, {"1": {"count": 3}}) == D(2)
    each = rule(Clause(1, Kind.DEADLINE, "未于7月底、9月底、11月底开展…每次扣1分", amount=D(1), cap=D(2)))
    assert score("4", each, {"1": {"count": 3}}) == D(2)
    assert score("4", each, {"1": {"met": False}}) == D(3)


def test_award_only_item_starts_from_zero():
    r = rule(Clause(1, Kind.AWARD, "每报送一条得1分，最高不超过6分", amount=D(1), cap=D(6)))
    assert score("6", r) == D(0)
    assert score("6", r, {"1": {"count": 2}}) == D(2)
    assert score("6", r, {"1": {"count": 9}}) == D(6)
    assert score("6", r, {"1": {"score": "4.5"}}) == D("4.5")


def test_items_made_only_of_awards_start_from_zero_and_a_bonus_adds_to_the_points():
    bonus_only = rule(Clause(1, Kind.BONUS, "每件加1分", amount=D(1)))  # scoring.md §4: base P, + B
    assert score("2", bonus_only) == D(2)
    assert score("2", bonus_only, {"1": {"count": 3}}) == D(5)
    capped_below_points = rule(Clause(1, Kind.AWARD, "每报送一条得1分，最高4分", amount=D(1), cap=D(4)))
    assert score("6", capped_below_points, {"1": {"count": 1}}) == D(1)


def test_award_components_count_as_met():
    r = rule(Clause(1, Kind.AWARD, "公开预算1分", amount=D(1), per=False),
             Clause(2, Kind.AWARD, "公开决算1.5分", amount=D("1.5"), per=False))
    assert score("2.5", r) == D("2.5")
    assert score("2.5", r, {"2": {"met": False}}) == D(1)
    assert score("2.5", r, {"1": {"count": 0}}) == D("1.5")


def test_per_occurrence_award_beside_a_deduction_earns_nothing_until_facts_say_so():
    r = rule(Clause(1, Kind.AWARD, "每报送一条得1分，最高3分", amount=D(1), cap=D(3)), per(2, "0.5"))
    assert score("3", r) == D(0)
    assert score("3", r, {"1": {"count": 3}, "2": {"count": 1}}) == D("2.5")


def test_zero_clauses():
    r = rule(per(1, "1"), Clause(2, Kind.BONUS, "加1分", amount=D(1)), Clause(3, Kind.ZERO, "未公开的不得分"))
    hit = result("3", r, {"2": {"count": 1}, "3": {"met": False}})
    assert (hit.score, hit.bonus, hit.zeroed) == (D(0), D(0), True)
    assert hit.steps[-1].applied == "zero"
    assert score("3", r, {"3": {"met": True}}) == D(3)
    group = result("3", rule(Clause(1, Kind.ZERO, "此大项不得分", scope="group")), {"1": {"count": 1}})
    assert group.zero_group and group.score == D(0)  # the item is part of its 大项; totals zero the rest
    scheme = result("3", rule(Clause(1, Kind.ZERO, "得分为零", scope="scheme")), {"1": {"count": 1}})
    assert scheme.zero_scheme


def test_negative_loses_the_items_points():
    each = rule(Clause(1, Kind.NEGATIVE, "每出现一次倒扣6分", amount=D(6)))
    assert score("4", each, {"1": {"count": 2}}) == D(-12)
    assert score("4", each) == D(4)
    once = rule(Clause(1, Kind.NEGATIVE, "未进行的，倒扣2分", amount=D(2), per=False))
    assert score("4", once, {"1": {"met": False}}, floor_at_zero=True) == D(-2)


def test_grade():
    r = rule(Clause(1, Kind.GRADE, "按优、良、中、差分别得10、8、6、0分",
                    tiers=(Tier("优", D(10)), Tier("良", D(8)), Tier("中", D(6)), Tier("差", D(0)))))
    assert score("10", r, {"1": {"grade": "良"}}) == D(8)
    assert result("10", r).needs_judgement
    with pytest.raises(ScoringError) as err:
        item_facts({"1": {"grade": "较好"}}, r)
    assert err.value.code == "unknown_grade"


def test_range():
    r = rule(Clause(1, Kind.RANGE, "有栏目得0.2-1分", low=D("0.2"), high=D(1)))
    assert score("1", r, {"1": {"score": "0.6"}}) == D("0.6")
    assert result("1", r).needs_judgement and score("1", r) == D(1)
    with pytest.raises(ScoringError) as err:
        item_facts({"1": {"score": "1.2"}}, r)
    assert err.value.code == "score_out_of_range"


def test_manual():
    r = rule(Clause(1, Kind.MANUAL, "视情酌情打分", high=D(3)))
    assert score("3", r, {"1": {"score": 2}}) == D(2)
    assert score("3", r, {"1": {"met": True}}) == D(3)
    assert score("3", r, {"1": {"met": False}}) == D(0)
    untouched = result("3", r)
    assert untouched.needs_judgement and untouched.score == D(3)
    assert not result("3", r, {"1": {"score": 2}}).needs_judgement


def test_problems_need_judgement():
    r = rule(per(1, "1"), problems=[Problem("unreadable", "看不懂", "某句", 0, 2)])
    assert result("3", r).needs_judgement


# ---- caps and floors -----------------------------------------------------------------------------
def test_cap_group_over_deductions():
    r = rule(per(1, "1"), per(2, "1"), caps=[CapGroup((1, 2), D(4), Sign.DEDUCT, "两项扣分上限为4分")])
    res = result("5", r, {"1": {"count": 3}, "2": {"count": 3}})
    assert (res.deduction, res.score) == (D(4), D(1))
    assert res.steps[2].applied == "cap_group"


def test_floor_is_points_minus_the_largest_written_cap():
    r = rule(per(1, "1", "3"), per(2, "1", "1"))
    assert score("2", r, {"1": {"count": 5}, "2": {"count": 5}}) == D(-1)  # floor 2 − 3
    group = rule(per(1, "1"), per(2, "1"), caps=[CapGroup((1, 2), D(5), Sign.DEDUCT)])
    assert score("2", group, {"1": {"count": 9}, "2": {"count": 9}}) == D(-3)
    assert score("2", rule(per(1, "1")), {"1": {"count": 9}}) == D(0)  # no cap written: 扣完为止
    assert score("2", rule(per(1, "1", "4")), {"1": {"count": 9}}, floor_at_zero=True) == D(0)


# ---- evidence, pools, not applicable --------------------------------------------------------------
def test_evidence_rule():
    r = rule(per(1, "1"), Clause(2, Kind.BONUS, "加1分", amount=D(1)))
    facts = {"2": {"count": 1}, "evidence": False}
    missing = result("3", r, facts, evidence_rule=True, evidence_required=True)
    assert (missing.score, missing.zeroed) == (D(3), False)  # 不予认定 withholds the bonus, never the points
    assert [s.applied for s in missing.steps].count("evidence") == 1
    assert score("3", r, facts, evidence_rule=True) == D(3)  # bonus not granted, item kept
    assert score("3", r, facts) == D(4)  # the scheme has no evidence rule
    assert score("3", r, {"2": {"count": 1}}, evidence_rule=True, evidence_required=True) == D(4)


def test_pool_item_reports_its_signed_delta_without_floor():
    res = result("0", rule(per(1, "0.1")), {"1": {"count": 7}}, in_pool=True, floor_at_zero=True)
    assert (res.points, res.score, res.in_pool) == (None, D("-0.7"), True)
    assert res.steps[-1].applied == "pool"


def test_not_applicable():
    res = result("3", rule(per(1, "1")), {"not_applicable": True})
    assert res.not_applicable and res.score == 0
    assert res.explanation_text() == ["本项不适用于该单位，不计入总分"]


# ---- facts the rule cannot use --------------------------------------------------------------------
@pytest.mark.parametrize("clause, facts, name", [
    (per(1, "1"), {"1": {"value": 0.5}}, "value"),
    (per(1, "1"), {"1": {"rank": 2}}, "rank"),
    (Clause(1, Kind.ONCE, "未…扣1分", amount=D(1)), {"1": {"grade": "优"}}, None),
    (Clause(1, Kind.BONUS, "每件加1分", amount=D(1)), {"1": {"met": True}}, "met"),
    (Clause(1, Kind.RANK, "第一名得10分", first=D(10), step=D(1)), {"1": {"count": 1}}, "count"),
])
def test_unusable_facts_are_errors_naming_the_clause(clause, facts, name):
    r = rule(clause)
    with pytest.raises(ScoringError) as err:
        evaluate_item(D(10), r, item_facts(facts, r), item_id="29")
    if name is not None:
        assert err.value.code == "fact_not_used" and name in err.value.message
    assert "条款1" in err.value.where


def test_unknown_clause_is_an_error():
    with pytest.raises(ScoringError) as err:
        item_facts({"3": {"count": 1}}, rule(per(1, "1")))
    assert err.value.code == "no_such_clause"


def test_equal_results_and_explanations_are_reproducible():
    r = rule(RATE_90)
    a, b = result("2", r, {"1": {"value": 0.85}}), result("2", r, {"1": {"value": 0.85}})
    assert a == b and a.explanation() == b.explanation()
