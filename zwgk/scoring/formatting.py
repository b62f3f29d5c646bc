"""`Rule` → canonical Chinese scoring text, the inverse of the parser.

Used to show a person the machine's reading in plain words, and to check the parser: the text
written here parses back to the same rule (tests/scoring/test_roundtrip.py). The wording is
the seeds' own (发现1次，扣0.5分，扣分上限为2分), so a corrected rule reads like the document.
"""
from __future__ import annotations

from .clauses import CapGroup, Clause, Kind, Rule, Sign, fmt_exact as n
from .formula import format_formula, parse_formula


def format_rule(rule: Rule) -> tuple[str, str]:
    """The scoring text and the bonus text of a rule (either may be empty)."""
    parts: dict[str, list[str]] = {"text": [], "bonus_text": []}
    grouped = {c: cap for cap in rule.caps for c in cap.clauses}
    done: set[int] = set()
    for clause in rule.clauses:
        if clause.n in done:
            continue
        cap = grouped.get(clause.n)
        if cap is not None:
            members = [c for c in rule.clauses if c.n in cap.clauses]
            done.update(c.n for c in members)
            parts[clause.source].append("，".join(format_clause(c) for c in members) + "，" + _cap_text(cap))
        else:
            parts[clause.source].append(format_clause(clause))
    return "；".join(parts["text"]), "；".join(parts["bonus_text"])


def _cap_text(cap: CapGroup) -> str:
    word = {Sign.DEDUCT: "扣分上限为", Sign.BONUS: "加分上限为"}.get(cap.sign, "最高不超过")
    return f"{word}{n(cap.amount)}分"


def format_cap_group(cap: CapGroup) -> str:
    """A cap shared by several clauses, as a line of its own: 合并上限：条款1、2合计扣分上限5分."""
    numbers = "、".join(str(c) for c in cap.clauses)
    word = {Sign.DEDUCT: "扣分上限", Sign.BONUS: "加分上限", Sign.AWARD: "得分上限"}[cap.sign]
    quoted = f" ——「{cap.text}」" if cap.text else ""
    return f"合并上限：条款{numbers}合计{word}{n(cap.amount)}分{quoted}"


def _own_cap(clause: Clause, word: str = "扣分上限为") -> str:
    return f"，{word}{n(clause.cap)}分" if clause.cap is not None else ""


def format_clause(c: Clause) -> str:
    text = _format_clause(c)
    if c.effect and c.kind != Kind.CONSEQUENCE:
        text += f"，同时{c.effect}"
    return text


def _format_clause(c: Clause) -> str:
    k = c.kind
    if k == Kind.PER_OCCURRENCE:
        return f"每发现{n(c.step) if c.step else 1}次，扣{n(c.amount)}分" + _own_cap(c)
    if k == Kind.ONCE:
        return f"未达到要求的，扣{n(c.amount)}分"
    if k == Kind.TIERED:
        verb = {Sign.DEDUCT: "扣", Sign.BONUS: "加", Sign.AWARD: "得"}[c.sign]
        word = {Sign.DEDUCT: "扣分上限为", Sign.BONUS: "加分上限为", Sign.AWARD: "最高不超过"}[c.sign]
        highest = "（按最高级别计一次）" if c.highest else ""
        if all(len(t.label) <= 2 for t in c.tiers):
            labels = "、".join(t.label for t in c.tiers)
            amounts = "、".join(n(t.amount) for t in c.tiers)
            return f"被{labels}通报的，分别{verb}{amounts}分" + _own_cap(c, word) + highest
        return "，".join(f"{t.label}1次{verb}{n(t.amount)}分" for t in c.tiers) + _own_cap(c, word) + highest
    if k == Kind.RATE:
        word = "不得少于" if c.direction == "min" else "不得超过"
        move = "降低" if c.direction == "min" else "超过"
        subject = c.variable or "达标率"
        rate = f"{subject}{word}{n(c.threshold * 100)}%"
        if c.step is None:
            return f"{rate}，未达到的扣{n(c.amount)}分" + _own_cap(c)
        return f"{rate}，每{move}{n(c.step)}个百分点，扣{n(c.amount)}分" + _own_cap(c)
    if k == Kind.FORMULA:
        defs = "".join(f"{name}={expr}。" for name, expr in c.definitions)
        return f"{defs}得分={format_formula(parse_formula(c.expression))}"
    if k == Kind.GUARD:
        word = "超过" if c.direction == "above" else "低于"
        tail = f"直接扣{n(c.amount)}分" if c.amount is not None else "此项不得分"
        return f"{c.variable}{word}{n(c.threshold * 100)}%的，{tail}"
    if k == Kind.RANK:
        verb = "加" if c.sign == Sign.BONUS else "得"
        if c.tiers:
            rest = f"，其余名次{verb}{n(c.low)}分" if c.low is not None else ""
            return "，".join(f"{t.label}{verb}{n(t.amount)}分" for t in c.tiers) + rest
        least = f"，最低{verb}{n(c.low)}分" if c.low is not None else ""
        return f"第1名{verb}{n(c.first)}分，第2名{verb}{n(c.first - c.step)}分，以此类推" + least
    if k == Kind.BONUS:
        head = "每完成1项，" if c.per else "完成的，"
        return f"{head}加{n(c.amount)}分" + _own_cap(c, "加分上限为")
    if k == Kind.AWARD:
        if c.per:
            return f"每完成1项，得{n(c.amount)}分" + _own_cap(c, "最高不超过")
        return f"完成的，得{n(c.amount)}分"
    if k == Kind.DEADLINE:
        dates = "、".join(c.dates) or "规定时间"
        each = "每缺1次，" if c.per else ""
        return f"未于{dates}前完成的，{each}扣{n(c.amount)}分" + _own_cap(c)
    if k == Kind.FREQUENCY:
        peaks = "".join(f"，{p.months[0]}-{p.months[-1]}月份每周{p.per_week}条信息" for p in c.peaks)
        return f"每{c.period_days}天至少发布{c.minimum}条信息{peaks}，每少1次扣{n(c.amount)}分" + _own_cap(c)
    if k == Kind.ZERO:
        return {"item": "未达到要求的，此项不得分", "group": "未达到要求的，此大项不得分",
                "scheme": "出现该情形的，考核得分为零"}[c.scope]
    if k == Kind.NEGATIVE:
        return f"每出现1次，倒扣{n(c.amount)}分" if c.per else f"未完成的，倒扣{n(c.amount)}分"
    if k == Kind.GRADE:
        labels = "、".join(t.label for t in c.tiers)
        return f"按{labels}分别得{'、'.join(n(t.amount) for t in c.tiers)}分"
    if k == Kind.RANGE:
        return f"视情况{'扣' if c.sign == Sign.DEDUCT else '得'}{n(c.low)}-{n(c.high)}分"
    if k == Kind.BANDS:
        subject = c.variable or ""
        parts = []
        for i, b in enumerate(c.bands):
            worth = "得满分" if b.amount is None else "不得分" if b.amount == 0 else f"得{n(b.amount)}分"
            if i == 0:
                parts.append(f"{subject}高于{n(b.low * 100)}%{worth}" if b.strict else f"{subject}{n(b.low * 100)}%以上{worth}")
            elif b.low == 0:
                parts.append(f"{n(c.bands[i - 1].low * 100)}%以下{worth}")
            else:
                parts.append(f"{n(b.low * 100)}%-{n(c.bands[i - 1].low * 100)}%{worth}")
        return "，".join(parts)
    if k == Kind.CONSEQUENCE:
        return f"出现该情形的，{c.effect}"
    if k == Kind.MANUAL:
        verb = {Sign.BONUS: "加分", Sign.DEDUCT: "扣分", Sign.AWARD: "评分"}[c.sign]
        return f"由考核组酌情{verb}" + (f"，最高不超过{n(c.high)}分" if c.high is not None else "")
    raise ValueError(f"unknown clause kind {k}")
