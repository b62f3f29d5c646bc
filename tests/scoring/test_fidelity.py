"""A reading is either accountable to the text or flagged (docs/engine.md §Checking a reading).

Properties over generated lines built from the ways counties write rules, plus the examples the
issue found misread: whatever the parser makes of a line, if it calls the line understood then
the points its clauses and caps use add up to the points written, and a line that deducts never
comes back as awards only.
"""
import re
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zwgk.scoring.clauses import Kind
from zwgk.scoring.decimals import fmt
from zwgk.scoring.evaluate import evaluate_item
from zwgk.scoring.facts import item_facts
from zwgk.scoring.normalize import normalize
from zwgk.scoring.parser import parse_rule
from zwgk.scoring.roles import BASE, DEDUCT, NEGATIVE, role_of

amounts = st.sampled_from(["0.2", "0.5", "1", "1.5", "2", "3"])
parties = st.sampled_from(["", "牵头科室", "相关责任单位", "主管部门", "责任部门"])
conditions = st.sampled_from(["未及时更新的", "每季度更新少于3次的", "栏目半年未更新的", "5个工作日内未答复的",
                              "发现错别字的", "未建立台账的", "无专人负责的", "信息发布不规范的"])

fragments = st.one_of(
    st.builds(lambda c, p, a: f"{c}，扣{p}{a}分", conditions, parties, amounts),
    st.builds(lambda c, a, cap: f"{c}，每次扣{a}分，扣分上限为{cap}分", conditions, amounts, st.sampled_from(["3", "4", "5"])),
    st.builds(lambda a, b: f"（无专人负责的扣{a}分，无工作台账的扣{b}分）", amounts, amounts),
    st.builds(lambda a, b: f"公开年度计划{a}分、公开完成情况{b}分", amounts, amounts),
    st.builds(lambda a, s: f"第一名得{a}分，第二名得{D(a) - D(s)}分，依次递减{s}分", st.sampled_from(["3", "5"]),
              st.sampled_from(["0.5", "1"])),
    st.builds(lambda a, b: f"按时完成得{a}分，逾期完成得{b}分，未完成不得分", st.just("2"), st.sampled_from(["0.5", "1"])),
    st.builds(lambda a: f"国家级加{a}分、省级加2分、市级加1分（按最高级别）", st.just("3")),
    st.builds(lambda a, b: f"年报内容不完整的，酌情扣{a}-{b}分", st.just("1"), st.sampled_from(["2", "3"])),
    st.builds(lambda a: f"发生泄密事件的，扣{a}分，同时取消评优资格", amounts),
    st.builds(lambda a: f"每拓展一个领域加{a}分，加分上限为2分", st.sampled_from(["0.5", "1"])),
    st.just("90%以上满分，80%-90%得1分，80%以下不得分"),
    st.just("第一名得3分，依次递减"),
    st.just("未公开或公开不及时的，前者扣2分"),
)

_POINTS = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*分(?!钟|之|点|值)")


def _written(text: str) -> D:
    """The sum of every amount written in points (a 分别 list and a range count each value)."""
    norm = normalize(text).text
    total = D(0)
    for m in re.finditer(r"(\d+(?:\.\d+)?(?:\s*[、,-]\s*\d+(?:\.\d+)?)*)\s*分(?!钟|之|点|值)", norm):
        total += sum(D(v) for v in re.findall(r"\d+(?:\.\d+)?", m.group(1)))
    return total


def _used(rule, points: D) -> D:
    total = D(0)
    for c in rule.clauses:
        if c.kind == Kind.RANK:
            continue  # a rank run's places are written out; its step is derived from them
        values = [t.amount for t in c.tiers] + [b.amount for b in c.bands if b.amount is not None]
        values += [v for v in (c.amount, c.cap, c.low, c.high) if v is not None]
        if c.kind == Kind.AWARD and c.amount == points and "满分" in c.text:
            values.remove(c.amount)  # 满分: the item's own points, not written as a number
        total += sum(values, D(0))
    return total + sum((cap.amount for cap in rule.caps), D(0))


@settings(max_examples=400, deadline=None)
@given(st.lists(fragments, min_size=1, max_size=3), st.sampled_from(["2", "3", "5"]))
def test_an_understood_line_uses_exactly_the_points_written(parts, points):
    text = "；".join(parts)
    rule = parse_rule(text, points=D(points))
    if not rule.understood or any(c.kind == Kind.RANK for c in rule.clauses):
        return
    assert _used(rule, D(points)) == _written(text), (text, [c.to_dict() for c in rule.clauses])


@settings(max_examples=400, deadline=None)
@given(st.lists(fragments, min_size=1, max_size=3), st.sampled_from(["2", "3", "5"]))
def test_a_line_that_deducts_never_reads_as_awards_only(parts, points):
    text = "；".join(parts)
    rule = parse_rule(text, points=D(points))
    if rule.understood and re.search(r"扣\D{0,8}?\d", normalize(text).text):
        assert any(role_of(c) in (DEDUCT, NEGATIVE) or c.kind == Kind.ZERO for c in rule.clauses), text


# The misreadings that opened issue 11: each now gives the right score or is flagged.
@pytest.mark.parametrize("points, text, facts, score", [
    ("2", "每季度更新少于3次的，扣牵头科室0.5分", {"1": {"count": 2}}, "1"),
    ("2", "栏目半年未更新的，扣主管部门2分", {"1": {"met": False}}, "0"),
    ("2", "公开年度计划1分、公开完成情况1分", {"2": {"met": False}}, "1"),
    ("2", "（无专人负责的扣1分，无工作台账的扣1分）", {"1": {"met": False}, "2": {"met": False}}, "0"),
    ("5", "第一名得5分，第二名得4.5分，依次递减0.5分", {"1": {"rank": 3}}, "4"),
    ("5", "第一名得5分，第二名得4.5分，依次递减0.5分", {}, "5"),
    ("2", "按时完成得2分，逾期完成得1分，未完成不得分", {"1": {"grade": "逾期"}}, "1"),
    ("2", "按时完成得2分，逾期完成得1分，未完成不得分", {"1": {"grade": "未完成"}}, "0"),
    ("0", "国家级加3分、省级加2分、市级加1分（按最高级别）", {"1": {"count": {"省": 1, "市": 2}}}, "2"),
    ("2", "全年未开展的扣2分，开展1次的扣1分", {"2": {"met": False}}, "1"),
    ("5", "年报内容不完整的，酌情扣1-3分", {}, "5"),
    ("5", "年报内容不完整的，酌情扣1-3分", {"1": {"score": 2}}, "3"),
    ("2", "规范性得分=(1-错误率)×2，错误率超过30%的，直接扣2分", {"vars": {"错误率": "0.35"}}, "0"),
    ("2", "规范性得分=(1-错误率)×2，错误率超过30%的，直接扣2分", {"vars": {"错误率": "0.1"}}, "1.8"),
    # a 不得分 beside other components takes only its own component's points
    ("2", "年度报表于1月31日前公开得1分，逾期不得分；年度报告于1月31日前公开得1分，逾期不得分", {"1": {"met": False}}, "1"),
    # a target with a shortfall rate: the target is met by default, the rate takes off per step
    ("2", "政策解读与文件同步发布率达到100%得2分，每降低10个百分点扣0.5分", {"2": {"value": "0.9"}}, "1.5"),
])
def test_the_examples_of_the_issue(points, text, facts, score):
    rule = parse_rule(text, points=D(points))
    assert rule.understood, [p.message for p in rule.problems]
    assert fmt(evaluate_item(D(points), rule, item_facts(facts, rule)).score) == score


@pytest.mark.parametrize("text", [
    "第一名得3分，依次递减",                      # no step written
    "每发现一处错误扣0.5分，每处扣1分",            # two amounts for one finding
    "每发现一处错别字扣0.5分，扣分上限为0.3分",     # a cap below one finding
    "信息更新不及时，0.5分",                      # no verb: deduct or earn?
    "未公开或公开不及时的，前者扣2分",              # the other case has no amount
    "得分=综合系数×4",                            # a formula on words never explained
    "未开展自查的扣2分，开展不到位的扣",             # an amount missing
])
def test_lines_a_person_must_read_are_flagged(text):
    rule = parse_rule(text, points=D(2))
    assert not rule.understood
    assert all("人工" in p.message for p in rule.problems)


def test_a_consequence_is_reported_not_scored():
    rule = parse_rule("发生泄密事件的，扣2分，同时取消评优资格", points=D(5))
    result = evaluate_item(D(5), rule, item_facts({"1": {"met": False}}, rule))
    assert fmt(result.score) == "3" and result.consequences == ("取消评优资格",)
    assert any("取消评优资格" in line for line in result.explanation_text())
    alone = parse_rule("发生泄密事件的，一票否决", points=D(5))
    (clause,) = alone.clauses
    assert clause.kind == Kind.CONSEQUENCE and role_of(clause) != BASE
    hit = evaluate_item(D(5), alone, item_facts({"1": {"met": False}}, alone))
    assert fmt(hit.score) == "5" and hit.consequences == ("一票否决",)
    assert evaluate_item(D(5), alone, item_facts({}, alone)).consequences == ()
    unchecked = item_facts({"1": {"met": False}, "zero": True}, alone)  # counted 0: nothing it says counts
    assert evaluate_item(D(5), alone, unchecked).consequences == ()
