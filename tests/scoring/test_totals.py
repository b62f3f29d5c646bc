"""Units: facts documents, pools, 此大项, 折算, scheme sections, total cap, grades and ranks."""
import pickle
from dataclasses import replace
from decimal import Decimal as D

import pytest

from zwgk.scoring.clauses import Clause, Kind, Rule, Tier
from zwgk.scoring.errors import ScoringError
from zwgk.scoring.facts import ItemFacts
from zwgk.scoring.model import Case, GradeBand, Group, Item, Rules, Scheme
from zwgk.scoring.totals import UnitFacts, evaluate_unit, evaluate_units, facts_document, unit_facts

NOTICES = (Tier("被国务院办公厅通报", D(3)), Tier("被省政府办公厅通报", D(2)), Tier("被市政府办公室通报", D(1)))
ONLINE = ("线上线下专区建设",)
SITE = ONLINE + ("政府网站",)
MEDIA = ONLINE + ("政务新媒体",)
BASICS = ("政务公开基础工作",)


def rule(*clauses):
    return Rule(tuple(clauses))


def per(amount, cap=None, text="每少一次扣分"):
    return Clause(1, Kind.PER_OCCURRENCE, text, amount=D(amount), cap=None if cap is None else D(cap))


def xunwu_like(**changes) -> Scheme:
    """寻乌's 线上线下专区建设 (政府网站 10 over items 26–28, 政务新媒体 5 over 29–31) plus a 大项 with
    its own items, scheme sections and grade bands."""
    items = (
        Item("26", SITE, None, rule(Clause(1, Kind.TIERED, "被省政府办公厅通报1次扣3分…", tiers=NOTICES))),
        Item("27", SITE, None, rule(Clause(1, Kind.TIERED, "网站被国务院办公厅通报1次，扣3分…", tiers=NOTICES))),
        Item("28", SITE, D(4), rule(Clause(1, Kind.ONCE, "未按要求设置专栏的扣4分", amount=D(4)))),
        Item("29", MEDIA, None, rule(Clause(1, Kind.FREQUENCY, "每少1次扣0.1分", amount=D("0.1"))),
             evidence_required=True),
        Item("30", MEDIA, None, rule(per("0.1", text="政务新媒体须发布5次以上政策文件解读信息，每少一次扣0.1分"))),
        Item("31", MEDIA, None, rule(Clause(1, Kind.TIERED, "政务新媒体被国务院办公厅通报1次，扣3分…", tiers=NOTICES))),
        Item("1", BASICS + ("机构设置",), D(4), rule(per("1", "4", "每缺一项扣1分"))),
        Item("2", BASICS + ("机构设置",), D(2), rule(per("1", "2"),
                                                     Clause(2, Kind.ZERO, "出现泄密的，此大项不得分", scope="group"))),
        Item("3", BASICS + ("依申请公开",), D(4), rule(per("1", "4"))),
    )
    groups = (Group(ONLINE), Group(SITE, D(10)), Group(MEDIA, D(5)), Group(BASICS),
              Group(BASICS + ("机构设置",), D(6)), Group(BASICS + ("依申请公开",), D(4)))
    bonus = (Case("B1", "受到上级表彰的每项加5分", rule(Clause(1, Kind.BONUS, "每项加5分", amount=D(5)))),
             Case("B2", "被上级通报表扬的加2分", rule(Clause(1, Kind.BONUS, "加2分", amount=D(2), per=False))))
    major = (Case("M1", "被判败诉的，每起扣10分", rule(Clause(1, Kind.PER_OCCURRENCE, "每起扣10分", amount=D(10)))),
             Case("M2", "出现安全事故和泄密事故被查实，得分为零",
                  rule(Clause(1, Kind.ZERO, "政府公开工作得分为零", scope="scheme"))))
    scheme = Scheme("test", "测试方案", D(25), items, groups, bonus, D(6), major,
                    Rules(floor_at_zero=True, evidence_rule=True, total_cap=D(25)),
                    (GradeBand("良好", D(18)), GradeBand("优秀", D(23)), GradeBand("一般", D(0))), ("乡镇", "县直单位"))
    return replace(scheme, **changes)


def one(scheme, **unit):
    unit.setdefault("name", "某某乡")
    unit.setdefault("group", "乡镇")
    return evaluate_unit(scheme, unit_facts(unit, scheme))


# ---- pools ---------------------------------------------------------------------------------------
def test_pool_example_of_scoring_md():
    res = one(xunwu_like(), items={"29": {"1": {"count": 7}}, "30": {"1": {"count": 2}},
                                   "31": {"1": {"count": {"省": 1}}}})
    media = next(g for g in res.groups if g.path == MEDIA)
    assert (media.points, media.score) == (D(5), D("2.1"))
    assert res.items["29"].score == D("-0.7") and res.items["29"].in_pool
    assert res.total == D(25) - 5 + D("2.1")
    assert any("得2.1分" in s.message for s in res.steps)


def test_pool_points_exclude_items_with_their_own():
    res = one(xunwu_like(), items={"26": {"1": {"count": {"省": 1}}}, "28": {"1": {"met": False}}})
    site = next(g for g in res.groups if g.path == SITE)
    assert res.pools[SITE] == D(4)  # pool of 10 − 4 (item 28) = 6, less 2
    assert site.score == D(4) + D(0)


def test_pool_is_floored_like_an_item():
    res = one(xunwu_like(), items={"31": {"1": {"count": {"国务院": 3}}}})
    assert res.pools[MEDIA] == 0
    assert next(g for g in res.groups if g.path == MEDIA).score == 0


def test_pool_floor_below_zero_when_a_larger_cap_is_written_and_no_floor_rule():
    scheme = xunwu_like(rules=Rules())
    scheme = replace(scheme, items=tuple(
        replace(i, rule=rule(per("1", "8"))) if i.id == "30" else i for i in scheme.items))
    res = one(scheme, items={"30": {"1": {"count": 9}}})
    assert res.pools[MEDIA] == D(-3)  # 5 − 8


def test_missing_evidence_on_a_deducting_pool_item_keeps_its_pool():
    res = one(xunwu_like(), items={"29": {"1": {"count": 7}, "evidence": False}})
    assert res.pools[MEDIA] == D("4.3") and not res.items["29"].zeroed  # 不予认定 withholds points earned only


# ---- 此大项, not applicable, 折算 ------------------------------------------------------------------
def test_zero_group_zeroes_the_whole_major_group():
    res = one(xunwu_like(), items={"2": {"2": {"count": 1}}})
    assert res.items["1"].score == 0 and res.items["2"].score == 0
    assert res.items["3"].score == D(4)  # another 大项
    assert next(g for g in res.groups if g.path == BASICS + ("机构设置",)).score == 0
    assert res.total == D(25) - 6
    assert res.items["1"].steps[-1].applied == "zero"


def test_not_applicable_is_left_out_of_the_plain_sum():
    res = one(xunwu_like(), items={"3": {"not_applicable": True}})
    assert res.total == D(21)
    assert res.to_dict()["items"]["3"]["score"] is None


def test_normalisation_scales_by_applicable_points():
    scheme = xunwu_like(rules=Rules(normalise=True, total_cap=D(25)))
    res = one(scheme, items={"3": {"not_applicable": True}, "1": {"1": {"count": 1}}})
    assert res.base_total == D(20) * D(25) / D(21)
    assert res.total == res.base_total
    assert any(s.message.startswith("折算") for s in res.steps)


# ---- scheme sections ---------------------------------------------------------------------------
def test_bonus_cases_within_the_section_cap():
    scheme = xunwu_like(rules=Rules(total_cap=D(40)))
    assert one(scheme, bonus={"B1": 1}).bonus_total == D(5)
    res = one(scheme, bonus={"B1": 1, "B2": {"1": {"met": True}}})
    assert (res.bonus_total, res.total) == (D(6), D(31))


def test_major_deductions_and_floor_at_zero():
    res = one(xunwu_like(), major={"M1": 2})
    assert (res.major_total, res.total) == (D(20), D(5))
    assert one(xunwu_like(), major={"M1": 3}).total == 0


def test_zero_case_sets_the_total_to_zero():
    res = one(xunwu_like(), bonus={"B1": 1}, major={"M2": 1})
    assert res.total == 0
    assert any(s.applied == "zero" for s in res.steps)


def test_total_cap():
    res = one(xunwu_like(), bonus={"B1": 1})
    assert res.total == D(25) and res.steps[-1].applied == "cap"


def test_grades_from_bands():
    scheme = xunwu_like()
    assert one(scheme).grade == "优秀"
    assert one(scheme, items={"1": {"1": {"count": 3}}}).grade == "良好"  # 22
    assert one(scheme, major={"M1": 1}).grade == "一般"


def test_grade_is_none_without_bands():
    assert one(xunwu_like(grades=())).grade is None


# ---- ranks -----------------------------------------------------------------------------------------
def test_ranks_within_groups_with_ties():
    scheme = xunwu_like()
    doc = {"units": [
        {"name": "甲乡", "group": "乡镇", "items": {"1": {"1": {"count": 1}}}},
        {"name": "乙乡", "group": "乡镇"},
        {"name": "丙乡", "group": "乡镇"},
        {"name": "丁局", "group": "县直单位", "items": {"3": {"1": {"count": 2}}}},
        {"name": "戊局", "group": "县直单位", "major": {"M1": 1}},
        {"name": "己局", "group": "县直单位", "items": {"3": {"1": {"count": 2}}}},
    ]}
    results = evaluate_units(scheme, facts_document(doc, scheme))
    ranks = {r.name: r.rank for r in results}
    assert ranks == {"乙乡": 1, "丙乡": 1, "甲乡": 3, "丁局": 1, "己局": 1, "戊局": 3}
    assert [r.name for r in results] == [u["name"] for u in doc["units"]]


def test_ranks_all_together_without_ranking_groups():
    scheme = xunwu_like(ranking_groups=())
    doc = {"units": [{"name": "甲", "group": "乡镇", "major": {"M1": 1}}, {"name": "乙"}]}
    assert [r.rank for r in evaluate_units(scheme, facts_document(doc, scheme))] == [2, 1]


def test_rank_clause_ranked_across_units_by_value():
    scheme = xunwu_like(items=(Item("9", ("检查",), D(10), rule(
        Clause(1, Kind.RANK, "第一名得10分，第二名得9分……", first=D(10), step=D(1)))),), groups=(Group(("检查",)),),
                        total_points=D(10), rules=Rules())
    doc = {"units": [{"name": n, "group": "乡镇", "items": {"9": {"1": {"value": v}}}}
                     for n, v in (("甲", 90), ("乙", 95), ("丙", 90), ("丁", 80))]}
    totals = {r.name: r.total for r in evaluate_units(scheme, facts_document(doc, scheme))}
    assert totals == {"乙": 10, "甲": 9, "丙": 9, "丁": 7}


# ---- facts documents -------------------------------------------------------------------------------
def test_case_shorthands():
    scheme = xunwu_like()
    tagged = replace(scheme, bonus_cases=(Case("B1", "表彰", rule(Clause(
        1, Kind.TIERED, "国家级加5分，省级加3分", tiers=(Tier("国家级", D(5)), Tier("省级", D(3))), sign="bonus"))),))
    assert unit_facts({"name": "甲", "group": "乡镇", "bonus": {"B1": {"省级": 1}}}, tagged).bonus["B1"].of(1).tag_counts
    assert unit_facts({"name": "甲", "group": "乡镇", "major": {"M1": 2}}, scheme).major["M1"].of(1).count == 2
    two = replace(scheme, bonus_cases=(Case("B1", "两条", Rule((Clause(1, Kind.BONUS, "a", amount=D(1)),
                                                              Clause(2, Kind.BONUS, "b", amount=D(1))))),))
    with pytest.raises(ScoringError) as err:
        unit_facts({"name": "甲", "group": "乡镇", "bonus": {"B1": 1}}, two)
    assert err.value.code == "case_needs_clauses"
    assert unit_facts({"name": "甲", "group": "乡镇", "bonus": {"B1": {"2": {"count": 1}}}}, two).bonus["B1"].of(2).count == 1


@pytest.mark.parametrize("unit, code, named", [
    ({"name": "甲乡", "group": "乡镇", "items": {"99": {}}}, "unknown_item", "99"),
    ({"name": "甲乡", "group": "乡镇", "items": {"29": {"1": {"count": -1}}}}, "bad_count", "指标29"),
    ({"name": "甲乡", "group": "街道"}, "unknown_group", "街道"),
    ({"name": "甲乡", "group": "乡镇", "bonus": {"B9": 1}}, "unknown_case", "B9"),
    ({"name": "甲乡", "group": "乡镇", "extra": 1}, "unknown_unit_key", "extra"),
    ({"group": "乡镇"}, "unit_without_name", "name"),
])
def test_unit_facts_errors_name_the_unit_and_item(unit, code, named):
    with pytest.raises(ScoringError) as err:
        unit_facts(unit, xunwu_like(), "units[0]")
    assert err.value.code == code
    assert named in str(err.value)
    assert "units[0]" in err.value.where


def test_facts_document_needs_unique_names():
    doc = {"units": [{"name": "甲乡", "group": "乡镇"}, {"name": "甲乡", "group": "乡镇"}]}
    with pytest.raises(ScoringError) as err:
        facts_document(doc, xunwu_like())
    assert err.value.code == "duplicate_unit" and err.value.where == "units[1]"


def test_evaluation_errors_name_the_unit():
    scheme = xunwu_like(items=(Item("9", ("检查",), D(10), rule(
        Clause(1, Kind.RANK, "第一名得10分", first=D(10), step=D(1)))),), groups=(Group(("检查",)),))
    with pytest.raises(ScoringError) as err:
        one(scheme, items={"9": {"1": {"value": 3}}})
    assert "单位“某某乡”" in err.value.where and "指标9" in err.value.where


def test_units_reporting_the_same_facts_share_one_reading():
    scheme = xunwu_like()
    a = unit_facts({"name": "甲", "group": "乡镇", "items": {"1": {"1": {"count": 2}}}}, scheme)
    b = unit_facts({"name": "乙", "group": "乡镇", "items": {"1": {"1": {"count": 2}}}}, scheme)
    assert a.items["1"] is b.items["1"]
    assert evaluate_unit(scheme, a).items["1"] is evaluate_unit(scheme, b).items["1"]


def test_to_dict_shape():
    res = evaluate_units(xunwu_like(), facts_document({"units": [
        {"name": "甲乡", "group": "乡镇", "items": {"29": {"1": {"count": 7}}}, "bonus": {"B1": 1}}]}, xunwu_like()))[0]
    out = res.to_dict()
    assert {"name", "group", "total", "grade", "rank", "items", "groups", "bonus", "major"} <= set(out)
    assert out["total"] == "25" and out["rank"] == 1
    assert out["items"]["29"]["score"] == "-0.7"
    assert out["items"]["29"]["explanation"][0]["amount"] == "-0.7"
    assert {"path": list(MEDIA), "points": "5", "score": "4.3"} in out["groups"]
    assert out["bonus"]["B1"]["score"] == "5" and set(out["major"]) == {"M1", "M2"}
    assert all(isinstance(g["score"], str) for g in out["groups"])


def test_unit_needs_judgement_while_an_assessor_has_not_scored():
    scheme = xunwu_like(items=(Item("9", ("检查",), D(3), rule(Clause(1, Kind.MANUAL, "酌情", high=D(3)))),),
                        groups=(Group(("检查",)),))
    assert one(scheme).needs_judgement
    assert not one(scheme, items={"9": {"1": {"score": 2}}}).needs_judgement


def test_a_pool_whose_items_all_do_not_apply_is_left_out():
    na = {"not_applicable": True}
    res = one(xunwu_like(rules=Rules(normalise=True)), items={"29": na, "30": na, "31": na})
    assert MEDIA not in res.pools
    assert res.applicable_points == D(20) and res.total == D(25)


def test_group_scores_add_up_to_the_base_total():
    res = one(xunwu_like(), items={"26": {"1": {"count": {"市": 1}}}, "1": {"1": {"count": 2}},
                                   "30": {"1": {"count": 4}}})
    top = [g for g in res.groups if len(g.path) == 1]
    assert sum(g.score for g in top) == res.base_total == D(25) - 1 - 2 - D("0.4")


def test_hand_built_facts_for_an_unknown_item_are_an_error():
    with pytest.raises(ScoringError) as err:
        evaluate_unit(xunwu_like(), UnitFacts("甲乡", "乡镇", {"99": ItemFacts()}))
    assert err.value.code == "unknown_item" and "甲乡" in err.value.where


def test_results_pickle_with_their_explanations():
    res = one(xunwu_like(), items={"29": {"1": {"count": 7}}})
    copy = pickle.loads(pickle.dumps(res))
    assert copy.plan is None and copy.items["29"].plan is None
    assert copy.to_dict() == res.to_dict()
