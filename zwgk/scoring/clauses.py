"""Clauses: the typed rules found in an item's scoring text (see shared/spec/scoring.md §3).

One dataclass holds every kind; which fields matter depends on `kind` (the table in
docs/scheme-format.md). A flat record keeps the scheme files, the JSON output and the
formatter simple, and `validate()` checks that each kind has what it needs.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from decimal import Decimal
from enum import Enum

from .errors import ScoringError
from .decimals import fmt, to_decimal


class Kind(str, Enum):
    PER_OCCURRENCE = "per_occurrence"
    TIERED = "tiered"
    ONCE = "once"
    RATE = "rate"
    FORMULA = "formula"
    GUARD = "guard"
    RANK = "rank"
    BONUS = "bonus"
    DEADLINE = "deadline"
    FREQUENCY = "frequency"
    AWARD = "award"
    ZERO = "zero"
    NEGATIVE = "negative"
    GRADE = "grade"
    RANGE = "range"
    MANUAL = "manual"
    BANDS = "bands"
    CONSEQUENCE = "consequence"

    @property
    def label(self) -> str:
        return KIND_LABELS[self]


KIND_LABELS = {
    Kind.PER_OCCURRENCE: "按次扣分",
    Kind.TIERED: "分档计分",
    Kind.ONCE: "一次性扣分",
    Kind.RATE: "比率扣分",
    Kind.FORMULA: "公式计分",
    Kind.GUARD: "条件扣分",
    Kind.RANK: "排名计分",
    Kind.BONUS: "加分",
    Kind.DEADLINE: "时限扣分",
    Kind.FREQUENCY: "频次扣分",
    Kind.AWARD: "得分项",
    Kind.ZERO: "不得分",
    Kind.NEGATIVE: "倒扣",
    Kind.GRADE: "等次计分",
    Kind.RANGE: "区间评分",
    Kind.MANUAL: "人工评分",
    Kind.BANDS: "分段计分",
    Kind.CONSEQUENCE: "不计分后果",
}

# Kinds whose contribution is taken off the item's base.
DEDUCTING = frozenset({Kind.PER_OCCURRENCE, Kind.ONCE, Kind.RATE, Kind.GUARD, Kind.DEADLINE, Kind.FREQUENCY})
# Kinds that set the item's base instead of starting from its points.
BASE_SETTING = frozenset({Kind.FORMULA, Kind.RANK, Kind.GRADE, Kind.RANGE, Kind.MANUAL, Kind.BANDS})


class Sign(str, Enum):
    """What a tiered clause (or a cap) does with its amounts; for a judged (manual, range) or rank
    clause, whether its number is the item's score (award), taken off (deduct) or added (bonus)."""

    DEDUCT = "deduct"
    BONUS = "bonus"
    AWARD = "award"


@dataclass(frozen=True)
class Tier:
    """One step of a tiered or graded clause: 被省政府办公厅通报 → 2分, 优 → 10分."""

    label: str
    amount: Decimal

    def to_dict(self) -> dict:
        return {"label": self.label, "amount": fmt_exact(self.amount)}


@dataclass(frozen=True)
class Peak:
    """A stricter frequency in some months: 8-10月份每周两条."""

    months: tuple[int, ...]
    per_week: int

    def to_dict(self) -> dict:
        return {"months": list(self.months), "per_week": self.per_week}


@dataclass(frozen=True)
class Band:
    """One band of a banded rate: a measured value ≥ `low` earns `amount` (None: the item's points,
    written 满分). Bands are tried from the highest `low` down; the lowest band starts at 0."""

    low: Decimal
    amount: Decimal | None
    strict: bool = False  # the value must be above `low` (满意度＞90%), not at it

    def to_dict(self) -> dict:
        out = {"low": fmt_exact(self.low), "amount": None if self.amount is None else fmt_exact(self.amount)}
        return {**out, "strict": True} if self.strict else out

    def holds(self, value: Decimal) -> bool:
        return value > self.low if self.strict else value >= self.low


@dataclass(frozen=True)
class Clause:
    n: int
    kind: Kind
    text: str
    source: str = "text"  # "text" or "bonus_text"
    start: int = 0  # offsets of `text` in its source, for error positions
    end: int = 0
    amount: Decimal | None = None
    cap: Decimal | None = None
    per: bool = True
    sign: Sign | None = None  # None: the kind's usual sign (deduct for tiered, award otherwise)
    tiers: tuple[Tier, ...] = ()
    variable: str | None = None
    aliases: tuple[str, ...] = ()  # other names a rate's variable may be given by in `vars`
    threshold: Decimal | None = None
    direction: str | None = None  # rate: min|max; guard: above|below
    step: Decimal | None = None  # rate: percentage points; rank: points per place
    first: Decimal | None = None  # rank: points of the first place
    expression: str | None = None
    definitions: tuple[tuple[str, str], ...] = ()
    low: Decimal | None = None
    high: Decimal | None = None
    scope: str = "item"  # zero: item|group|scheme
    dates: tuple[str, ...] = ()
    period_days: int | None = None
    minimum: int | None = None
    peaks: tuple[Peak, ...] = ()
    bands: tuple[Band, ...] = ()  # bands: highest first
    highest: bool = False  # tiered: only the highest tier that happened counts, once (按最高级别)
    effect: str | None = None  # a consequence that is not points (同时取消评优资格, 一票否决)
    replaces: int | None = None  # guard: the formula clause it replaces when it holds (直接扣2分)

    def __post_init__(self):
        if self.sign is None:
            object.__setattr__(self, "sign", Sign.DEDUCT if self.kind == Kind.TIERED else Sign.AWARD)

    # ---- serialisation -------------------------------------------------------------------
    def to_dict(self) -> dict:
        """The clause as scheme files and JSON output hold it: only the fields its kind uses."""
        out: dict = {"n": self.n, "kind": self.kind.value, "text": self.text}
        if self.source != "text":
            out["source"] = self.source
        for name in KIND_FIELDS[self.kind]:
            value = getattr(self, name)
            if name in OPTIONAL_FIELDS and value == OPTIONAL_FIELDS[name]:
                continue
            if self.kind in (Kind.RANK, Kind.RANGE) and (name == "sign" and value == Sign.AWARD or name == "tiers" and not value
                                                         or self.kind == Kind.RANK and name == "low" and value is None):
                continue
            if self.kind == Kind.PER_OCCURRENCE and name == "step" and value is None:
                continue
            if isinstance(value, Decimal):
                value = fmt_exact(value)
            elif isinstance(value, Enum):
                value = value.value
            elif name in ("tiers", "peaks", "bands"):
                value = [t.to_dict() for t in value]
            elif name == "definitions":
                value = dict(value)
            elif isinstance(value, tuple):
                value = list(value)
            out[name] = value
        return out

    @classmethod
    def from_dict(cls, data: dict, where: str = "") -> "Clause":
        """Read a clause from a scheme file mapping; errors name the field in Chinese."""
        if not isinstance(data, dict):
            raise ScoringError("clause_not_mapping", "条款应为键值映射", where)
        try:
            kind = Kind(data.get("kind"))
        except ValueError:
            known = "、".join(k.value for k in Kind)
            raise ScoringError("unknown_kind", f"未知的条款类型 {data.get('kind')!r}（可用：{known}）", where) from None
        allowed = {"n", "kind", "text", "source", *KIND_FIELDS[kind]}
        extra = sorted(set(data) - allowed)
        if extra:
            raise ScoringError("unknown_field", f"{kind.label}条款不应有字段 {'、'.join(extra)}", where)
        values: dict = {"kind": kind, "text": str(data.get("text") or "")}
        n = data.get("n")
        if not isinstance(n, int) or n < 1:
            raise ScoringError("bad_number", "条款编号 n 应为正整数", where)
        values["n"] = n
        values["source"] = data.get("source", "text")
        for name in KIND_FIELDS[kind]:
            if name not in data or data[name] is None:
                continue
            raw = data[name]
            if name in _DECIMAL_FIELDS:
                values[name] = to_decimal(raw, f"字段 {name}")
            elif name == "tiers":
                values[name] = tuple(
                    Tier(str(t["label"]), to_decimal(t["amount"], "档次分值")) for t in _list(raw, name, where)
                )
            elif name == "peaks":
                values[name] = tuple(
                    Peak(tuple(int(m) for m in p["months"]), int(p["per_week"])) for p in _list(raw, name, where)
                )
            elif name == "bands":
                values[name] = tuple(
                    Band(to_decimal(b["low"], "分段下限"), None if b.get("amount") is None else to_decimal(b["amount"], "分段分值"),
                         bool(b.get("strict", False)))
                    for b in _list(raw, name, where)
                )
            elif name == "definitions":
                if not isinstance(raw, dict):
                    raise ScoringError("bad_field", "definitions 应为 变量: 表达式 的映射", where)
                values[name] = tuple((str(k), str(v)) for k, v in raw.items())
            elif name == "sign":
                values[name] = Sign(raw)
            elif name in ("dates", "aliases"):
                values[name] = tuple(str(d) for d in _list(raw, name, where))
            elif name in ("period_days", "minimum", "replaces"):
                values[name] = int(raw)
            elif name in ("per", "highest"):
                values[name] = bool(raw)
            else:
                values[name] = str(raw)
        clause = cls(**values)
        clause.validate(where)
        return clause

    def validate(self, where: str = "") -> None:
        """Check that the fields this kind needs are there and sensible."""
        for name in REQUIRED_FIELDS.get(self.kind, ()):
            if getattr(self, name) in (None, ()):
                raise ScoringError("missing_field", f"{self.kind.label}条款缺少字段 {name}", where)
        for name in _DECIMAL_FIELDS:
            value = getattr(self, name)
            if name in ("amount", "cap", "step", "high") and value is not None and value < 0:
                raise ScoringError("negative_field", f"字段 {name} 不能为负数", where)
        if self.kind == Kind.RANGE and self.low is not None and self.high is not None and self.low > self.high:
            raise ScoringError("bad_range", "区间下限大于上限", where)
        if self.kind == Kind.RANK and self.step is None and not self.tiers:
            raise ScoringError("missing_field", "排名计分条款应写明每名次的分差 step 或各名次的分值 tiers", where)
        if self.kind == Kind.BANDS and [b.low for b in self.bands] != sorted((b.low for b in self.bands), reverse=True):
            raise ScoringError("bad_bands", "分段应按下限从高到低排列", where)

    def renumbered(self, n: int) -> "Clause":
        return replace(self, n=n)

    def same_rule(self, other: "Clause") -> bool:
        """Equal as rules, ignoring where the text came from and how it was worded."""
        skip = {"text", "start", "end"}
        return all(getattr(self, f.name) == getattr(other, f.name) for f in fields(self) if f.name not in skip)


def fmt_exact(value: Decimal) -> str:
    """A decimal for files and JSON: exact, without exponent or trailing zeros."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


def _list(raw, name: str, where: str) -> list:
    if not isinstance(raw, (list, tuple)):
        raise ScoringError("bad_field", f"字段 {name} 应为列表", where)
    return list(raw)


_DECIMAL_FIELDS = ("amount", "cap", "threshold", "step", "first", "low", "high")
# Fields written only when they differ from these defaults, so older files and outputs read alike.
OPTIONAL_FIELDS = {"effect": None, "highest": False, "replaces": None}

KIND_FIELDS: dict[Kind, tuple[str, ...]] = {
    Kind.PER_OCCURRENCE: ("amount", "cap", "step", "effect"),
    Kind.TIERED: ("tiers", "cap", "sign", "highest", "effect"),
    Kind.ONCE: ("amount", "effect"),
    Kind.RATE: ("variable", "aliases", "threshold", "direction", "step", "amount", "cap", "effect"),
    Kind.FORMULA: ("expression", "definitions"),
    Kind.GUARD: ("variable", "threshold", "direction", "amount", "replaces", "effect"),
    Kind.RANK: ("first", "step", "tiers", "sign", "low"),
    Kind.BONUS: ("amount", "cap", "per"),
    Kind.DEADLINE: ("dates", "amount", "cap", "per", "effect"),
    Kind.FREQUENCY: ("period_days", "minimum", "peaks", "amount", "cap", "effect"),
    Kind.AWARD: ("amount", "cap", "per"),
    Kind.ZERO: ("scope", "effect"),
    Kind.NEGATIVE: ("amount", "per", "effect"),
    Kind.GRADE: ("tiers",),
    Kind.RANGE: ("low", "high", "sign"),
    Kind.MANUAL: ("high", "sign"),
    Kind.BANDS: ("variable", "bands"),
    Kind.CONSEQUENCE: ("effect",),
}

REQUIRED_FIELDS: dict[Kind, tuple[str, ...]] = {
    Kind.PER_OCCURRENCE: ("amount",),
    Kind.TIERED: ("tiers",),
    Kind.ONCE: ("amount",),
    Kind.RATE: ("threshold", "direction", "amount"),
    Kind.FORMULA: ("expression",),
    Kind.GUARD: ("variable", "threshold", "direction"),
    Kind.RANK: ("first",),
    Kind.BONUS: ("amount",),
    Kind.DEADLINE: ("amount",),
    Kind.FREQUENCY: ("amount",),
    Kind.AWARD: ("amount",),
    Kind.NEGATIVE: ("amount",),
    Kind.GRADE: ("tiers",),
    Kind.RANGE: ("low", "high"),
    Kind.BANDS: ("bands",),
    Kind.CONSEQUENCE: ("effect",),
}


@dataclass(frozen=True)
class CapGroup:
    """A cap written once for several clauses of the same sign (两项扣分上限为4分)."""

    clauses: tuple[int, ...]
    amount: Decimal
    sign: Sign = Sign.DEDUCT
    text: str = ""

    def to_dict(self) -> dict:
        out = {"clauses": list(self.clauses), "amount": fmt_exact(self.amount), "sign": self.sign.value}
        if self.text:
            out["text"] = self.text
        return out

    @classmethod
    def from_dict(cls, data: dict, where: str = "") -> "CapGroup":
        if not isinstance(data, dict) or "clauses" not in data or "amount" not in data:
            raise ScoringError("bad_cap", "合并上限应写明 clauses 与 amount", where)
        return cls(
            tuple(int(n) for n in _list(data["clauses"], "clauses", where)),
            to_decimal(data["amount"], "上限"),
            Sign(data.get("sign", "deduct")),
            str(data.get("text") or ""),
        )


@dataclass(frozen=True)
class Rule:
    """What the parser made of one item's text (and bonus text): clauses, shared caps, problems."""

    clauses: tuple[Clause, ...] = ()
    caps: tuple[CapGroup, ...] = ()
    problems: tuple = ()  # tuple[Problem, ...]
    declared_points: Decimal | None = None  # “（3分）” written at the end of the text
    requirements: tuple[str, ...] = field(default=())  # sentences that only state a requirement

    @property
    def understood(self) -> bool:
        return not self.problems

    def clause(self, n: int) -> Clause | None:
        for c in self.clauses:
            if c.n == n:
                return c
        return None


__all__ = ["Kind", "Sign", "Tier", "Peak", "Band", "Clause", "CapGroup", "Rule", "fmt", "DEDUCTING", "BASE_SETTING"]
