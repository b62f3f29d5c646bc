"""The parser reads the seeds' ways of writing rules; whatever it cannot read it reports."""
from decimal import Decimal as D

import pytest

from zwgk.scoring.clauses import Kind, Sign
from zwgk.scoring.parser import parse_rule


def one(text, **kw):
    rule = parse_rule(text, **kw)
    assert rule.understood, rule.problems
    assert len(rule.clauses) == 1, rule.clauses
    return rule.clauses[0]


def test_per_occurrence_with_own_cap():
    c = one("发现一件，扣0.5分，扣分上限为2分")
    assert (c.kind, c.amount, c.cap) == (Kind.PER_OCCURRENCE, D("0.5"), D("2"))
    assert c.text == "发现一件，扣0.5分，扣分上限为2分"


@pytest.mark.parametrize("text", ["未有工作规划扣1分", "未建立政务舆情回应台账管理制度和跟踪反馈制度的，扣1分"])
def test_once(text):
    c = one(text)
    assert (c.kind, c.amount) == (Kind.ONCE, D(1))


def test_full_and_half_width_read_alike():
    a = one("发现一件，扣０．５分，扣分上限为２分")
    b = one("发现一件,扣0.5分,扣分上限为2分")
    assert a.same_rule(b)


def test_traditional_characters_and_chinese_numerals():
    c = one("多樣化解讀量占政策已解讀總量不得少於90%，每降低兩個百分點，扣0.5分，扣分上限為4分")
    assert (c.kind, c.threshold, c.step, c.amount, c.cap) == (Kind.RATE, D("0.9"), D(2), D("0.5"), D(4))
    assert "多样化解读占比" in c.aliases


def test_rate_without_step_takes_the_whole_amount():
    rule = parse_rule("解读材料与原政策文件相互链接1分；非纯文字解读量占政策解读总量不得少于70％1分。（2分）")
    award, rate = rule.clauses
    assert (award.kind, award.per, award.amount) == (Kind.AWARD, False, D(1))
    assert (rate.kind, rate.step, rate.amount, rate.threshold) == (Kind.RATE, None, D(1), D("0.7"))
    assert rule.declared_points == D(2)


def test_tiers_by_issuer_are_one_clause_and_tags_pick_them():
    c = one("被国务院办公厅通报1次扣3分，被省政府办公厅通报1次扣2分，被市政府办公室通报1次扣1分")
    assert c.kind == Kind.TIERED and c.sign == Sign.DEDUCT
    assert [t.amount for t in c.tiers] == [D(3), D(2), D(1)]
    from zwgk.scoring.facts import tier_index

    assert tier_index("省", c) == 1 and tier_index("市", c) == 2 and tier_index("国务院", c) == 0


def test_respectively_list():
    rule = parse_rule("被国家、省、市、县通报的，分别扣10、5、3、2分。扣分不超过20分。")
    (c,) = rule.clauses
    assert [(t.label, t.amount) for t in c.tiers] == [("国家", D(10)), ("省", D(5)), ("市", D(3)), ("县", D(2))]
    assert c.cap == D(20)


def test_grade_scale():
    c = one("按优、良、中、差分别得10、8、6、0分")
    assert c.kind == Kind.GRADE and [t.label for t in c.tiers] == ["优", "良", "中", "差"]


def test_range_and_manual():
    assert one("有栏目得0.2-1分").kind == Kind.RANGE
    m = one("由考核组酌情评分，最高不超过3分")
    assert (m.kind, m.high) == (Kind.MANUAL, D(3))


def test_formula_with_definition_and_guard():
    rule = parse_rule("规范性得分=(1-错误率)×2（错误率=核查错误量/信用修复总量），核查错误率超过30%的，直接扣2分；"
                      "时效性市级初核超期1次扣0.2分；规范性和时效性两项扣分上限为4分")
    formula, guard, per = rule.clauses
    assert formula.kind == Kind.FORMULA and formula.expression == "(1-错误率)×2"
    assert dict(formula.definitions) == {"错误率": "核查错误量/信用修复总量"}
    assert (guard.kind, guard.variable, guard.threshold) == (Kind.GUARD, "错误率", D("0.3"))
    assert per.kind == Kind.PER_OCCURRENCE
    (cap,) = rule.caps
    assert cap.clauses == (2, 3) and cap.amount == D(4)


def test_cap_after_several_clauses_limits_their_sum():
    rule = parse_rule("每拓展一个领域，加0.5分，每拓展一个层级，加1分，加分上限为5分")
    assert [c.kind for c in rule.clauses] == [Kind.BONUS, Kind.BONUS]
    assert rule.caps[0].clauses == (1, 2) and rule.caps[0].sign == Sign.BONUS


def test_cap_inside_one_clause_limits_that_clause():
    rule = parse_rule("未按要求出席上级新闻发布会的，每一次扣0.5分，扣分上限为2分；单位一把手按要求出席上级新闻发布会的，每一次，加0.5分，加分上限为3分")
    deduct, bonus = rule.clauses
    assert deduct.cap == D(2) and bonus.cap == D(3) and not rule.caps


def test_bonus_text_continues_numbering():
    rule = parse_rule("未开展政策咨询服务的，扣3分", "形成典型示范经验的加3分")
    assert [(c.n, c.source) for c in rule.clauses] == [(1, "text"), (2, "bonus_text")]


@pytest.mark.parametrize("text", [
    "①未编制标准目录扣2分②未网上公开扣3分",
    "1、未编制标准目录扣2分 2、未网上公开扣3分",
    "（一）未编制标准目录扣2分（二）未网上公开扣3分",
    "1.未编制标准目录扣2分 2.未网上公开扣3分",
])
def test_enumerations_split_clauses(text):
    rule = parse_rule(text)
    assert [(c.kind, c.amount) for c in rule.clauses] == [(Kind.ONCE, D(2)), (Kind.ONCE, D(3))]


def test_requirement_sentences_are_not_clauses():
    rule = parse_rule("每月不低于40条。每少一条扣0.1分")
    assert len(rule.clauses) == 1 and rule.clauses[0].kind == Kind.PER_OCCURRENCE


def test_frequency_and_deadline():
    f = one("除微信服务号外，每13天至少发布1条信息，8-10月份每周两条信息，每少1次扣0.1分")
    assert (f.kind, f.period_days, f.minimum, f.peaks[0].months, f.peaks[0].per_week) == (Kind.FREQUENCY, 13, 1, (8, 9, 10), 2)
    d = one("未于7月底、9月底、11月底开展检查的，每次扣1分，扣分上限为3分")
    assert (d.kind, d.dates, d.per) == (Kind.DEADLINE, ("7月底", "9月底", "11月底"), True)


def test_rank():
    c = one("第一名得10分，第二名得9分，第三名得8分……以此类推")
    assert (c.kind, c.first, c.step) == (Kind.RANK, D(10), D(1))


def test_zero_scopes_and_negative():
    assert one("未公开的不得分").scope == "item"
    assert one("出现该情形的，此大项不得分").scope == "group"
    n = one("未进行的，倒扣2分")
    assert (n.kind, n.amount, n.per) == (Kind.NEGATIVE, D(2), False)


def test_criterion_with_points_is_a_manual_clause():
    c = one("制定完善重大行政决策事项目录，并向社会公开。（3分）")
    assert (c.kind, c.high, c.sign) == (Kind.MANUAL, D(3), Sign.AWARD)


def test_all_problems_reported_at_once_with_positions():
    text = "迟报的酌量扣分；错报的从严扣分"
    rule = parse_rule(text)
    assert len(rule.problems) == 2
    first, second = rule.problems
    assert first.code == "amount_missing" and first.column == 1
    assert second.column == text.index("错报") + 1
    assert all("人工" in p.message for p in rule.problems)


def test_tier_written_without_amount_is_flagged():
    rule = parse_rule("被省政府办公厅通报3次，被市政府办公室通报扣2分，被县政府办公室通报扣1分。")
    assert any(p.code == "tier_without_amount" for p in rule.problems)


@pytest.mark.parametrize("cap", ["最高3分", "最高为3分", "最高得3分", "最高不超过3分"])
def test_highest_after_a_per_item_award_caps_it(cap):
    """“每报送一条得1分，最高3分”: one clause, 1 point each up to 3 — not a second one-off award."""
    rule = parse_rule(f"每报送一条得1分，{cap}", None, D(3))
    assert rule.understood
    assert [(c.kind, c.amount, c.cap) for c in rule.clauses] == [(Kind.AWARD, D(1), D(3))]
    assert rule.clauses[0].per
