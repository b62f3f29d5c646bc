"""Facts about a unit, checked against the rules they are for.

Facts arrive as plain mappings (JSON or YAML, shared/spec/cli.md). They are validated here,
once, into typed records; the evaluator then never meets a malformed value. Every error names
its place: item, clause, field.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .clauses import Clause, Kind, Rule
from .errors import ScoringError
from .formula import variables_of
from .normalize import normalize
from .decimals import to_decimal

FACT_NAMES = ("count", "value", "met", "rank", "score", "grade")
ITEM_KEYS = ("vars", "evidence", "not_applicable", "override", "zero")


@dataclass(frozen=True)
class ClauseFacts:
    count: int | None = None
    tag_counts: tuple[tuple[int, int], ...] = ()  # (tier index, count) for tiered clauses
    value: Decimal | None = None
    met: bool | None = None
    rank: int | None = None
    score: Decimal | None = None
    grade: str | None = None

    def as_dict(self, clause: Clause) -> dict:
        """The facts as given, for explanations (tiers by their labels)."""
        out: dict = {}
        if self.tag_counts:
            out["count"] = {clause.tiers[i].label: c for i, c in self.tag_counts}
        elif self.count is not None:
            out["count"] = self.count
        for name in ("value", "met", "rank", "score", "grade"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        return out


@dataclass(frozen=True)
class ItemFacts:
    clauses: dict[int, ClauseFacts] = field(default_factory=dict)
    vars: dict[str, Decimal] = field(default_factory=dict)
    evidence: bool = True
    not_applicable: bool = False
    # A person's decision over the rule: `override` is the item's score as they set it (a pool
    # item: its signed part of the pool); `zero` makes the item (a pool item: its pool) score 0,
    # e.g. an item nobody checked when the campaign counts such items as 0.
    override: Decimal | None = None
    zero: bool = False

    def of(self, n: int) -> ClauseFacts:
        return self.clauses.get(n) or NO_FACTS


NO_FACTS = ClauseFacts()
NO_ITEM_FACTS = ItemFacts()


def item_facts(data, rule: Rule, where: str = "") -> ItemFacts:
    """Validate the facts for one item (or one scheme-level case) against its rule."""
    if data is None:
        return NO_ITEM_FACTS
    if not isinstance(data, dict):
        raise ScoringError("facts_not_mapping", "事实应为键值映射，如 {\"1\": {\"count\": 3}}", where)
    clauses: dict[int, ClauseFacts] = {}
    for key, value in data.items():
        key = str(key)
        if key in ITEM_KEYS:
            continue
        if not key.isdigit():
            raise ScoringError("unknown_fact_key", f"无法识别的键 {key!r}（应为条款编号或 {'、'.join(ITEM_KEYS)}）", where)
        clause = rule.clause(int(key))
        if clause is None:
            numbers = "、".join(str(c.n) for c in rule.clauses) or "无"
            raise ScoringError("no_such_clause", f"条款 {key} 不存在（现有条款：{numbers}）", where)
        clauses[clause.n] = clause_facts(value, clause, f"{where} 条款{key}".strip())
    variables = _vars(data.get("vars"), rule, where)
    return ItemFacts(
        clauses=clauses,
        vars=variables,
        evidence=_bool(data.get("evidence", True), "evidence", where),
        not_applicable=_bool(data.get("not_applicable", False), "not_applicable", where),
        override=None if data.get("override") is None else to_decimal(data["override"], f"{where} override".strip()),
        zero=_bool(data.get("zero", False), "zero", where),
    )


def clause_facts(data, clause: Clause, where: str = "") -> ClauseFacts:
    check_mapping(data, FACT_NAMES, ("facts_not_mapping", "条款事实应为映射，如 {\"count\": 3}"),
                  ("unknown_fact_field", "事实字段"), where)
    values: dict = {}
    if "count" in data:
        count = data["count"]
        if isinstance(count, dict):
            if not clause.tiers:
                raise ScoringError("not_tiered", "该条款不分档，count 应为整数", where)
            values["tag_counts"] = _tag_counts(count, clause, where)
        else:
            values["count"] = _count(count, "count", where)
            if clause.kind == Kind.TIERED and len({t.amount for t in clause.tiers}) > 1:
                labels = "、".join(t.label for t in clause.tiers)
                raise ScoringError("needs_tags", f"分档条款应按档次给出次数，如 {{\"{clause.tiers[0].label}\": 1}}（档次：{labels}）", where)
    if "value" in data:
        values["value"] = to_decimal(data["value"], f"{where} value".strip())  # 0.85 or "85%"
    if "met" in data:
        values["met"] = _bool(data["met"], "met", where)
    if "rank" in data:
        rank = _count(data["rank"], "rank", where)
        if rank < 1:
            raise ScoringError("bad_rank", "名次应从 1 开始", where)
        values["rank"] = rank
    if "score" in data:
        score = to_decimal(data["score"], f"{where} score".strip())
        _check_score(score, clause, where)
        values["score"] = score
    if "grade" in data:
        grade = str(data["grade"])
        index = tier_index(grade, clause) if clause.kind == Kind.GRADE else None
        if index is None:
            named = "、".join(t.label for t in clause.tiers) if clause.kind == Kind.GRADE else "无"
            raise ScoringError("unknown_grade", f"等次“{grade}”不在评分标准中，或对应不到唯一的一档（可选：{named}）", where)
        values["grade"] = clause.tiers[index].label
    return ClauseFacts(**values)


def check_mapping(data, allowed: tuple[str, ...], not_mapping: tuple[str, str], unknown: tuple[str, str], where: str) -> None:
    """A mapping whose keys are all in `allowed`; else the (code, message) / (code, noun) error."""
    if not isinstance(data, dict):
        raise ScoringError(*not_mapping, where)
    extra = sorted(set(map(str, data)) - set(allowed))
    if extra:
        code, noun = unknown
        raise ScoringError(code, f"无法识别的{noun} {'、'.join(extra)}（可用：{'、'.join(allowed)}）", where)


def tier_index(tag: str, clause: Clause) -> int | None:
    """The one tier a tag picks out: an exact label, else the only label containing it (the tag read
    as the text is, so 三档 finds 3档 and 逾期 finds 逾期完成)."""
    tag = normalize(tag).text.strip()
    for i, tier in enumerate(clause.tiers):
        if tier.label == tag:
            return i
    hits = [i for i, tier in enumerate(clause.tiers) if tag in tier.label]
    if not hits:  # 全省 for the tier 省
        hits = [i for i, tier in enumerate(clause.tiers) if tier.label in tag]
    return hits[0] if len(hits) == 1 else None


def _tag_counts(counts: dict, clause: Clause, where: str) -> tuple[tuple[int, int], ...]:
    out: dict[int, int] = {}
    for tag, count in counts.items():
        index = tier_index(str(tag), clause)
        if index is None:
            labels = "、".join(t.label for t in clause.tiers)
            raise ScoringError("unknown_tag", f"“{tag}”对应不到唯一的档次（档次：{labels}）", where)
        out[index] = out.get(index, 0) + _count(count, f"count.{tag}", where)
    return tuple(sorted(out.items()))


def _check_score(score: Decimal, clause: Clause, where: str) -> None:
    if clause.kind == Kind.RANGE:
        if not clause.low <= score <= clause.high:
            raise ScoringError(
                "score_out_of_range", f"评分 {score} 超出评分标准写明的区间 {clause.low}-{clause.high} 分", where
            )
    elif clause.kind == Kind.MANUAL:
        if score < 0 or (clause.high is not None and score > clause.high):
            raise ScoringError("score_out_of_range", f"评分 {score} 应在 0 到 {clause.high} 分之间", where)
    elif clause.kind in (Kind.BONUS, Kind.AWARD):
        if score < 0:
            raise ScoringError("score_out_of_range", "评分不能为负数", where)
    else:
        raise ScoringError("score_not_allowed", f"{clause.kind.label}条款不接受人工评分 score，请给出 count、value 或 met", where)


def _vars(data, rule: Rule, where: str) -> dict[str, Decimal]:
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ScoringError("vars_not_mapping", "vars 应为 变量名: 数值 的映射", where)
    known = rule_variables(rule)
    out = {}
    for name, value in data.items():
        name = str(name)
        if name not in known:
            listed = "、".join(sorted(known)) or "无"
            raise ScoringError("unknown_variable", f"变量“{name}”不在评分标准中（可用：{listed}）", where)
        out[name] = to_decimal(value, f"变量{name}")
    return out


def rule_variables(rule: Rule) -> set[str]:
    """Every variable name a rule's formulas, guards and rates can be given by."""
    names: set[str] = set()
    for clause in rule.clauses:
        if clause.variable:
            names.add(clause.variable)
        names.update(clause.aliases)
        if clause.expression:
            names.update(variables_of(clause.expression))
        for name, expression in clause.definitions:
            names.add(name)
            names.update(variables_of(expression))
    return names


def _count(value, name: str, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, Decimal, str, float)):
        raise ScoringError("bad_count", f"{name} 应为非负整数，收到的是 {value!r}", where)
    try:
        number = to_decimal(value, name)
    except ScoringError:
        raise ScoringError("bad_count", f"{name} 应为非负整数，收到的是 {value!r}", where) from None
    if number != number.to_integral_value() or number < 0:
        raise ScoringError("bad_count", f"{name} 应为非负整数，收到的是 {value!r}", where)
    return int(number)


def _bool(value, name: str, where: str) -> bool:
    if not isinstance(value, bool):
        raise ScoringError("bad_bool", f"{name} 应为 true 或 false，收到的是 {value!r}", where)
    return value
