"""Issue 11 engine fixes: 此大项不得分 on the item itself, 不予认定 withholding only what must be
proved, applicability by unit type, and an item earning its group's remaining points."""
from dataclasses import replace
from decimal import Decimal as D

import pytest

from zwgk.scoring import explain
from zwgk.scoring.clauses import Clause, Kind, Rule, Sign, Tier
from zwgk.scoring.errors import ScoringError
from zwgk.scoring.evaluate import evaluate_item
from zwgk.scoring.facts import item_facts
from zwgk.scoring.model import Case, Group, Item, Rules, Scheme
from zwgk.scoring.totals import (UnitFacts, applies_to, evaluate_unit, evaluate_units, facts_document, unit_facts,
                                 unit_kinds)

NOTICES = (Tier("被国务院办公厅通报", D(3)), Tier("被省政府办公厅通报", D(2)), Tier("被市政府办公室通报", D(1)))
LEVELS = (Tier("被人民日报、中国政府网、中央电视台、新华网主站正面专题报道", D(3)),
          Tier("被省领导批示表扬或在全省大会上点名表扬", D(2)), Tier("被市领导批示表扬或在全市大会上点名表扬", D(1)))


def rule(*clauses):
    return Rule(tuple(clauses))


def per(n, amount, cap=None, text="每少一项扣分"):
    return Clause(n, Kind.PER_OCCURRENCE, text, amount=D(amount), cap=None if cap is None else D(cap))


def result(points, r, facts=None, **options):
    return evaluate_item(None if points is None else D(points), r, item_facts(facts or {}, r), **options)


NO_EVIDENCE = {"evidence_rule": True, "evidence_required": True}


# ---- A1: 此大项不得分 zeroes the item itself -------------------------------------------------------
ZERO_GROUP = Clause(2, Kind.ZERO, "出现泄密的，此大项不得分", scope="group")


def test_zero_group_zeroes_the_item_evaluated_alone():
    r = rule(per(1, "1"), ZERO_GROUP, Clause(3, Kind.BONUS, "加1分", amount=D(1)))
    hit = result("4", r, {"1": {"count": 1}, "2": {"count": 1}, "3": {"count": 1}})
    assert (hit.score, hit.bonus, hit.zero_group, hit.zeroed) == (D(0), D(0), True, False)
    assert hit.steps[-1].applied == "zero" and hit.steps[-1].message == explain.zeroed_with_group()
    assert result("4", r, {"1": {"count": 1}}).score == D(3)  # not triggered


def test_zero_group_wins_over_negative_as_in_the_totals():
    r = rule(Clause(1, Kind.NEGATIVE, "每出现一次倒扣2分", amount=D(2)), ZERO_GROUP)
    assert result("4", r, {"1": {"count": 1}}).score == D(-2)
    assert result("4", r, {"1": {"count": 1}, "2": {"met": False}}).score == D(0)


def test_override_still_wins_over_zero_group():
    r = rule(per(1, "1"), ZERO_GROUP)
    assert result("4", r, {"2": {"count": 1}, "override": 3}).score == D(3)


GROUP = ("基础工作", "机构设置")
OTHER = ("基础工作", "依申请公开")


def scheme_with_zero_group(**changes):
    items = (
        Item("1", GROUP, D(4), rule(per(1, "1", "4"))),
        Item("2", GROUP, D(2), rule(per(1, "1", "2"), ZERO_GROUP)),
        Item("3", OTHER, D(4), rule(per(1, "1", "4"))),
    )
    groups = (Group(("基础工作",)), Group(GROUP, D(6)), Group(OTHER, D(4)))
    return replace(Scheme("t", "测试", D(10), items, groups), **changes)


def one(scheme, **unit):
    unit.setdefault("name", "某某乡")
    return evaluate_unit(scheme, unit_facts(unit, scheme))


def test_totals_zero_the_whole_group_once():
    res = one(scheme_with_zero_group(), items={"1": {"1": {"count": 1}}, "2": {"1": {"count": 1}, "2": {"count": 1}},
                                               "3": {"1": {"count": 1}}})
    assert [res.items[i].score for i in "123"] == [D(0), D(0), D(3)]
    assert res.total == res.base_total == D(3)  # item 2's own 0 is not taken off again
    assert next(g for g in res.groups if g.path == GROUP).score == 0
    lines = [s.message for s in res.items["2"].steps]
    assert explain.zeroed_with_group() in lines and any("「基础工作/机构设置」得0分" in m for m in lines)


def test_zero_group_in_a_pool_item_zeroes_the_pool_once():
    items = (Item("1", GROUP, None, rule(per(1, "1"))), Item("2", GROUP, None, rule(per(1, "1"), ZERO_GROUP)),
             Item("3", OTHER, D(4), rule(per(1, "1", "4"))))
    scheme = scheme_with_zero_group(items=items)
    res = one(scheme, items={"2": {"1": {"count": 1}, "2": {"count": 1}}})
    assert res.pools[GROUP] == 0 and res.total == D(4)


# ---- B2: 不予认定 withholds only what must be proved --------------------------------------------------
def test_deduction_only_item_keeps_points_less_deductions_without_evidence():
    notices = rule(Clause(1, Kind.TIERED, "被省政府办公厅通报1次扣2分…", tiers=NOTICES))
    res = result("4", notices, {"1": {"count": {"省": 1}}, "evidence": False}, **NO_EVIDENCE)
    assert (res.score, res.zeroed) == (D(2), False)
    assert result("4", notices, {"evidence": False}, **NO_EVIDENCE).score == D(4)
    assert any(s.applied == "evidence" and s.message == explain.evidence_withheld(D(0), D(0)) for s in res.steps)


def test_award_only_item_scores_zero_without_evidence():
    parts = rule(Clause(1, Kind.AWARD, "公开预算1分", amount=D(1), per=False),
                 Clause(2, Kind.AWARD, "公开决算1.5分", amount=D("1.5"), per=False))
    res = result("2.5", parts, {"evidence": False}, **NO_EVIDENCE)
    assert res.score == 0
    assert "得分2.5分不计" in next(s.message for s in res.steps if s.applied == "evidence")
    assert result("2.5", parts, {}, **NO_EVIDENCE).score == D("2.5")


@pytest.mark.parametrize("clause, facts", [
    (Clause(1, Kind.MANUAL, "视情酌情打分"), {"1": {"score": 2}}),
    (Clause(1, Kind.MANUAL, "视情酌情打分"), {}),
    (Clause(1, Kind.GRADE, "按优、良分别得3、2分", tiers=(Tier("优", D(3)), Tier("良", D(2)))), {"1": {"grade": "良"}}),
])
def test_base_setting_item_scores_zero_without_evidence(clause, facts):
    assert result("3", rule(clause), {**facts, "evidence": False}, **NO_EVIDENCE).score == 0
    assert result("3", rule(clause), facts, **NO_EVIDENCE).score > 0


def test_mixed_item_keeps_its_unearned_base_and_deductions():
    r = rule(Clause(1, Kind.AWARD, "每报送一条信息得1分，最高不超过3分", amount=D(1), cap=D(3)), per(2, "0.5"))
    facts = {"1": {"count": 2}, "2": {"count": 1}}
    assert result("5", r, facts, **NO_EVIDENCE).score == D("3.5")
    assert result("5", r, {**facts, "evidence": False}, **NO_EVIDENCE).score == D("1.5")  # 2 − 0.5


def test_bonus_is_withheld_and_negative_still_wins():
    r = rule(per(1, "1"), Clause(2, Kind.BONUS, "获上级表彰的，每次加1分", amount=D(1)))
    facts = {"1": {"count": 1}, "2": {"count": 1}, "evidence": False}
    assert result("3", r, facts).score == D(3)  # no evidence rule
    assert result("3", r, facts, evidence_rule=True).score == D(2)  # bonus only
    missing = result("3", r, facts, **NO_EVIDENCE)
    assert missing.score == D(2) and "加分1分不计" in missing.steps[-2].message
    negative = rule(Clause(1, Kind.NEGATIVE, "未进行的，倒扣2分", amount=D(2), per=False))
    assert result("4", negative, {"1": {"met": False}, "evidence": False}, **NO_EVIDENCE).score == D(-2)


def test_zero_item_clause_still_zeroes_without_evidence():
    r = rule(per(1, "1"), Clause(2, Kind.ZERO, "未公开的，此项不得分"))
    res = result("3", r, {"2": {"met": False}, "evidence": False}, **NO_EVIDENCE)
    assert (res.score, res.zeroed) == (D(0), True)


def pool_scheme(**changes):
    media = ("线上线下专区建设", "政务新媒体")
    items = (Item("29", media, None, rule(Clause(1, Kind.FREQUENCY, "每少1次扣0.1分", amount=D("0.1"))),
                  evidence_required=True),
             Item("31", media, None, rule(Clause(1, Kind.TIERED, "被通报1次扣3分…", tiers=NOTICES)),
                  evidence_required=True))
    groups = (Group(media[:1]), Group(media, D(5)))
    return replace(Scheme("t", "测试", D(5), items, groups, rules=Rules(floor_at_zero=True, evidence_rule=True)),
                   **changes)


def test_pool_of_deducting_items_is_not_zeroed_without_evidence():
    res = one(pool_scheme(), items={"29": {"1": {"count": 7}, "evidence": False},
                                    "31": {"1": {"count": {"省": 1}}, "evidence": False}})
    assert res.total == D("2.3")  # 5 − 0.7 − 2, as with evidence


# ---- A2: applicability by unit type -----------------------------------------------------------------
TOWN, COUNTY = ("乡镇",), ("县直单位",)


def typed_scheme(**changes):
    items = (Item("1", ("甲",), D(10), rule(per(1, "1"))),
             Item("2", ("乙",), D(5), rule(per(1, "1")), unit_types=COUNTY),
             Item("3", ("乙",), D(15), rule(per(1, "1")), unit_types=TOWN),
             Item("4", ("丙",), D(20), rule(per(1, "1")), unit_types=TOWN + COUNTY))
    groups = (Group(("甲",), D(10)), Group(("乙",), D(20)), Group(("丙",), D(20)))
    return replace(Scheme("t", "测试", D(50), items, groups, ranking_groups=()), **changes)


def test_applies_to_is_the_web_apps_rule():
    assert applies_to((), ("乡镇",)) and applies_to(TOWN, ("其他", "乡镇")) and not applies_to(COUNTY, ("乡镇",))
    assert unit_kinds("开发区", "乡镇") == ("开发区", "乡镇")
    assert unit_kinds(None, "县直单位") == ("县直单位",)
    assert unit_kinds(None, "第一组") is None and unit_kinds(None, None) is None
    assert unit_kinds(None, "局属各组", named=("局属各组",)) == ("局属各组",)


@pytest.mark.parametrize("unit, total, left_out", [
    ({"type": "乡镇"}, D(45), ["2"]),
    ({"type": "县直单位"}, D(35), ["3"]),
    ({"type": "开发区"}, D(10), ["2", "3", "4"]),
    ({"group": "乡镇"}, D(45), ["2"]),  # no type: the group names one
    ({"group": "第一组"}, D(50), []),  # a group that names no type: every item applies
    ({}, D(50), []),
    ({"type": "县直单位", "group": "乡镇"}, D(50), []),  # either, as the web app reads unit.kind and unit.group
])
def test_items_left_out_by_unit_type(unit, total, left_out):
    res = one(typed_scheme(), **unit)
    assert res.total == total
    assert [i for i, r in res.items.items() if r.not_applicable] == left_out
    assert res.max_points == total


def test_an_item_the_unit_reports_on_is_scored_as_reported():
    res = one(typed_scheme(), type="乡镇", items={"2": {"1": {"count": 1}}, "4": {"not_applicable": True}})
    assert (res.items["2"].score, res.items["4"].not_applicable, res.total) == (D(4), True, D(29))


def test_normalise_over_the_items_that_apply():
    res = one(typed_scheme(rules=Rules(normalise=True)), type="乡镇", items={"1": {"1": {"count": 5}}})
    assert res.base_total == D(40) * D(50) / D(45) and res.max_points == D(50)


def test_unit_type_in_a_facts_document_and_its_errors():
    scheme = typed_scheme()
    doc = {"units": [{"name": "甲乡", "type": "乡镇"}, {"name": "乙局", "type": "县直单位"}]}
    assert [r.total for r in evaluate_units(scheme, facts_document(doc, scheme))] == [D(45), D(35)]
    with pytest.raises(ScoringError) as err:
        unit_facts({"name": "甲", "type": "县直"}, scheme, "units[0]")
    assert err.value.code == "unknown_unit_type" and "县直单位" in err.value.message
    assert evaluate_unit(scheme, UnitFacts("甲", None, type="开发区")).total == D(10)


def test_to_dict_keeps_its_keys():
    keys = {"name", "group", "total", "base_total", "bonus_total", "major_total", "grade", "rank", "needs_judgement",
            "items", "groups", "bonus", "major", "explanation"}
    assert set(one(typed_scheme(), type="乡镇").to_dict()) == keys


# ---- B1: an item earning its group's remaining points ---------------------------------------------
SPECIAL = ("特色工作",)


def special_scheme(**changes):
    items = (Item("38", SPECIAL, D(1), rule(per(1, "1"))),
             Item("39", SPECIAL, D(2), rule(per(1, "1"))),
             Item("40", SPECIAL, None, rule(Clause(1, Kind.TIERED, "…报道的3分；…表扬的2分，…表扬的1分（按最高级别计一次）",
                                                  tiers=LEVELS, sign=Sign.AWARD, highest=True))))
    return replace(Scheme("t", "测试", D(8), items, (Group(SPECIAL, D(8)),)), **changes)


@pytest.mark.parametrize("counts, earned", [
    (None, "0"), ({"市": 1}, "1"), ({"省": 1, "市": 2}, "2"), ({"人民日报": 1, "省": 1}, "3"), ({"人民日报": 4}, "3"),
])
def test_only_item_of_a_pool_earns_the_pools_points_by_highest_level(counts, earned):
    items = {"40": {"1": {"count": counts}}} if counts else {}
    res = one(special_scheme(), items=items)
    assert res.items["40"].score == D(earned) and not res.items["40"].in_pool
    assert res.total == D(3) + D(earned)
    assert res.max_points == D(8) and not res.pools


def test_not_applicable_earning_item_leaves_its_points_out():
    res = one(special_scheme(), items={"40": {"not_applicable": True}})
    assert (res.total, res.max_points) == (D(3), D(3))


def test_deducting_only_items_of_a_pool_still_share_it():
    items = (Item("38", SPECIAL, D(1), rule(per(1, "1"))), Item("40", SPECIAL, None, rule(per(1, "1"))))
    res = one(special_scheme(items=items), items={"40": {"1": {"count": 2}}})
    assert res.pools[SPECIAL] == D(5) and res.items["40"].score == D(-2) and res.items["40"].in_pool


def test_earning_item_without_evidence_earns_nothing():
    scheme = special_scheme(rules=Rules(evidence_rule=True))
    scheme = replace(scheme, items=tuple(replace(i, evidence_required=True) for i in scheme.items))
    res = one(scheme, items={"40": {"1": {"count": {"省": 1}}, "evidence": False}})
    assert res.items["40"].score == 0 and res.total == D(3)


def test_scheme_case_is_unchanged_by_the_evidence_rule():
    case = Case("B1", "表彰加2分", rule(Clause(1, Kind.BONUS, "加2分", amount=D(2), per=False)))
    scheme = special_scheme(bonus_cases=(case,), rules=Rules(evidence_rule=True))
    assert one(scheme, bonus={"B1": {"1": {"met": True}, "evidence": False}}).bonus_total == 0
    assert one(scheme, bonus={"B1": {"1": {"met": True}}}).bonus_total == D(2)
