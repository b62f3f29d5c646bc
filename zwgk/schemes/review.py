"""The review page's content: each item of an imported scheme beside the machine's reading of it.

Pure over the scheme data and the reader's result, so the page and the tests see the same rows.
Clauses are described in the engine's own canonical wording (`scoring.formatting.format_clause`,
as `zwgk rule parse` prints them), with their amounts and caps.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from zwgk.indicators.registry import REGISTRY
from zwgk.scoring.clauses import Rule
from zwgk.scoring.formatting import format_cap_group, format_clause

SECTIONS = {"bonus": "加分事项", "major": "重大扣分事项"}


@dataclass
class ClauseLine:
    n: int
    kind: str  # the kind's Chinese label
    description: str  # the canonical wording, with amounts and caps
    fragment: str  # the part of the text it was read from
    bonus: bool  # read from the 加分标准


@dataclass
class Reading:
    clauses: list[ClauseLine]
    caps: list[str]
    problems: list[tuple[str, str]]  # (fragment, message)
    segments: dict[str, list[tuple[str, bool]]]  # source → the read text in pieces, True = not understood
    understood: bool
    bindings: list[str] = field(default_factory=list)  # clauses computed from the ledgers (台账计算)


@dataclass
class Row:
    anchor: str
    section: str  # "items", "bonus" or "major"
    index: int
    id: str
    path: str
    raw: dict
    reading: Reading | None
    warnings: list[dict] = field(default_factory=list)
    form: object = None

    @property
    def label(self) -> str:
        return f"第{self.id}项" if self.section == "items" else f"{SECTIONS[self.section]} {self.id}"


def anchor(section: str, index: int) -> str:
    return f"item-{index + 1}" if section == "items" else f"{section}-{index + 1}"


def entries(scheme: dict) -> list[tuple[str, int, dict]]:
    """(section, index, raw) for every item, then the bonus and major cases, in document order."""
    out = [("items", i, raw) for i, raw in enumerate(scheme.get("items") or ()) if isinstance(raw, dict)]
    for section in SECTIONS:
        cases = (scheme.get(section) or {}).get("cases") or ()
        out += [(section, i, raw) for i, raw in enumerate(cases) if isinstance(raw, dict)]
    return out


def rows_for(scheme: dict, readings: dict, warnings: list[dict], forms: dict) -> tuple[list[Row], list[dict]]:
    """The rows of the page and the general warnings, each warning with the anchor of its item."""
    rows, anchors = [], {}
    for section, index, raw in entries(scheme):
        key = str(raw.get("id", ""))
        rule = readings.get(key) if readings else None
        row = Row(anchor(section, index), section, index, key, " / ".join(map(str, raw.get("path") or ())), raw,
                  describe(rule, raw) if rule is not None else None, form=forms.get((section, index)))
        anchors.setdefault(key, row)
        rows.append(row)
    listed = []
    for w in warnings:
        row = anchors.get(str(w.get("item"))) if w.get("item") is not None else None
        listed.append({**w, "anchor": row.anchor if row else None, "label": row.label if row else None})
        if row is not None:
            row.warnings.append(w)
    return rows, listed


def describe(rule: Rule, raw: dict) -> Reading:
    clauses = [ClauseLine(c.n, c.kind.label, format_clause(c), c.text, c.source == "bonus_text") for c in rule.clauses]
    problems = [(p.fragment, p.message) for p in rule.problems]
    texts = {"text": raw.get("read_as") or raw.get("text") or "", "bonus_text": raw.get("bonus_text") or ""}
    segments = {source: marked(text, [p for p in rule.problems if p.source == source])
                for source, text in texts.items() if text}
    return Reading(clauses, [format_cap_group(c) for c in rule.caps], problems, segments,
                   understood=bool(rule.clauses) and not rule.problems, bindings=[binding_line(b) for b in raw.get("bindings") or ()])


def binding_line(binding: dict) -> str:
    """“条款1 从台账计算：政务新媒体政策解读不足（media_interpretations_short），minimum=5”."""
    indicator = REGISTRY.get(binding.get("indicator", ""))
    name = f"{indicator.label}（{indicator.id}）" if indicator else f"未知的台账指标“{binding.get('indicator')}”，从台账计算时会报错"
    params = "，".join(f"{k}={v}" for k, v in (binding.get("params") or {}).items())
    return f"条款{binding.get('clause')} 从台账计算：{name}" + (f"，{params}" if params else "")


def marked(text: str, problems) -> list[tuple[str, bool]]:
    """`text` cut into pieces, the parts the parser did not understand marked True."""
    spans = sorted((max(0, p.start), min(len(text), p.end)) for p in problems if p.end > p.start)
    out, at = [], 0
    for start, end in spans:
        start = max(start, at)
        if end <= start:
            continue
        if start > at:
            out.append((text[at:start], False))
        out.append((text[start:end], True))
        at = end
    if at < len(text):
        out.append((text[at:], False))
    return out
