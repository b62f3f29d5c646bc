"""The review form: one input per clause, chosen by what the clause's kind needs as facts.

`fields_for` describes the inputs for a template; `facts_from_form` turns posted values back into
the engine's facts for the item (shared/spec/cli.md), with an error per field, in Chinese.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from zwgk.scoring.clauses import Clause, Kind, Sign
from zwgk.scoring.facts import rule_variables
from zwgk.scoring.model import Case, Item

_COUNTED = (Kind.PER_OCCURRENCE, Kind.FREQUENCY)
_PER_OR_ONCE = (Kind.BONUS, Kind.AWARD, Kind.DEADLINE, Kind.NEGATIVE)


@dataclass(frozen=True)
class ClauseInput:
    clause: Clause
    input: str  # count | tiers | met | value | rank | grade | score | none
    met_labels: tuple[str, str] = ("符合要求", "未符合")
    prefix: str = ""  # several rules in one form (the scheme-level cases B1, M1…)

    @property
    def name(self) -> str:
        return f"{self.prefix}c{self.clause.n}"


def input_of(clause: Clause) -> str:
    if clause.kind is Kind.GRADE:
        return "grade"
    if clause.kind is Kind.RANK:
        return "rank"
    if clause.tiers:
        return "tiers"
    if clause.kind in _COUNTED or (clause.kind in _PER_OR_ONCE and clause.per):
        return "count"
    if clause.kind in (Kind.ONCE, Kind.ZERO, Kind.CONSEQUENCE) or clause.kind in _PER_OR_ONCE:
        return "met"
    return {Kind.RATE: "value", Kind.BANDS: "value", Kind.RANGE: "score", Kind.MANUAL: "score"}.get(clause.kind, "none")


def fields_for(item: Item | Case, prefix: str = "") -> list[ClauseInput]:
    out = []
    for c in item.rule.clauses:
        earns = c.kind in (Kind.AWARD, Kind.BONUS) or c.sign in (Sign.AWARD, Sign.BONUS)
        out.append(ClauseInput(c, input_of(c), ("已做到", "未做到") if earns else ("符合要求", "未符合"), prefix))
    return out


def variables_for(item: Item | Case) -> list[str]:
    return sorted(rule_variables(item.rule))


class FindingsError(ValueError):
    def __init__(self, errors: dict[str, str]):
        super().__init__("；".join(errors.values()))
        self.errors = errors


def parse_number(raw: str | None, label: str, *, integer: bool = False, cents: bool = False) -> Decimal | None:
    """A number typed into a form: None when left empty, else the value, or ValueError saying why
    in Chinese (every score and count input of the campaign pages reads through here)."""
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        raise ValueError(f"{label}应为数字，例如 2 或 1.5，收到“{raw}”。")
    if integer and (value != value.to_integral_value() or value < 0):
        raise ValueError(f"{label}应为0或正整数，收到“{raw}”。")
    if cents and value.as_tuple().exponent < -2:
        raise ValueError(f"{label}最多保留两位小数。")
    return value


def _number(raw: str, field: str, label: str, errors: dict, *, integer: bool = False):
    try:
        value = parse_number(raw, label, integer=integer)
    except ValueError as err:
        errors[field] = str(err)
        return None
    if value is None:
        return None
    return int(value) if integer else format(value, "f")


def facts_from_form(item: Item | Case, data, prefix: str = "") -> tuple[dict, dict]:
    """Posted form values → (facts, notes). Empty inputs mean "nothing found" and are left out."""
    facts: dict = {}
    notes: dict = {}
    errors: dict[str, str] = {}
    for f in fields_for(item, prefix):
        c, name, label = f.clause, f.name, f"第{f.clause.n}条"
        found: dict = {}
        if f.input == "count":
            n = _number(data.get(name), name, f"{label}次数", errors, integer=True)
            if n is not None:
                found["count"] = n
        elif f.input == "tiers":
            counts = {}
            for i, tier in enumerate(c.tiers):
                field = f"{name}_t{i}"
                n = _number(data.get(field), field, f"{label}“{tier.label}”次数", errors, integer=True)
                if n:
                    counts[tier.label] = n
            if counts:
                found["count"] = counts
        elif f.input == "met":
            value = data.get(name, "")
            if value in ("yes", "no"):
                found["met"] = value == "yes"
        elif f.input in ("value", "score"):
            v = _number(data.get(name), name, f"{label}{'数值' if f.input == 'value' else '评分'}", errors)
            if v is not None:
                found[f.input] = v
        elif f.input == "rank":
            n = _number(data.get(name), name, f"{label}名次", errors, integer=True)
            if n is not None:
                found["rank"] = n
        elif f.input == "grade":
            if data.get(name):
                found["grade"] = data.get(name)
        if found:
            facts[str(c.n)] = found
        note = (data.get(f"{name}_note") or "").strip()
        if note:
            notes[str(c.n)] = note
    variables = {}
    for i, var in enumerate(variables_for(item)):
        v = _number(data.get(f"{prefix}v{i}"), f"{prefix}v{i}", f"变量“{var}”", errors)
        if v is not None:
            variables[var] = v
    if variables:
        facts["vars"] = variables
    if errors:
        raise FindingsError(errors)
    return facts, notes


def form_values(item: Item | Case, facts: dict, notes: dict, prefix: str = "") -> dict[str, str]:
    """Stored facts → the form's initial values (the inverse of `facts_from_form`)."""
    values: dict[str, str] = {}
    for f in fields_for(item, prefix):
        got = facts.get(str(f.clause.n)) or {}
        name = f.name
        if f.input == "tiers" and isinstance(got.get("count"), dict):
            for i, tier in enumerate(f.clause.tiers):
                values[f"{name}_t{i}"] = str(got["count"].get(tier.label, ""))
        elif f.input == "met" and "met" in got:
            values[name] = "yes" if got["met"] else "no"
        elif f.input in ("count", "value", "score", "rank", "grade"):
            key = "count" if f.input == "count" else f.input
            if key in got:
                values[name] = str(got[key])
        values[f"{name}_note"] = notes.get(str(f.clause.n), "")
    for i, var in enumerate(variables_for(item)):
        if var in (facts.get("vars") or {}):
            values[f"{prefix}v{i}"] = str(facts["vars"][var])
    return values
