"""Write docs/seed-rules.md: what `zwgk rule parse` makes of every scoring line of the built-in schemes.

Each line is run through the command itself (`zwgk.cli.main`, in process) exactly as the document
writes it — `text` with its `bonus_text`, not the transcriber's `read_as` — so the page measures
the parser on the seeds, and shows beside it the reading the scheme actually scores by.

    .venv/bin/python scripts/seed_rules.py [OUT.md]
"""
from __future__ import annotations

import contextlib
import io
import json
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from zwgk.cli import main as zwgk
from zwgk.cli.rule import clause_line, problem_line
from zwgk.schemefiles import builtin_ids, load_scheme
from zwgk.scoring.clauses import CapGroup, Clause
from zwgk.scoring.errors import Problem
from zwgk.scoring.formatting import format_cap_group

DOC = Path(__file__).resolve().parents[1] / "docs" / "seed-rules.md"


@dataclass
class Tally:
    lines: int = 0
    understood: int = 0  # clauses found and no problems: every part that carries points became a clause
    manual: int = 0  # understood, with a clause a person scores (酌情 / a criterion with points only)
    flagged: list[str] = field(default_factory=list)

    def add(self, other: "Tally") -> None:
        self.lines += other.lines
        self.understood += other.understood
        self.manual += other.manual
        self.flagged += other.flagged

    @property
    def percent(self) -> Decimal:
        return (Decimal(100) * self.understood / self.lines).quantize(Decimal("0.1")) if self.lines else Decimal(0)


def parse(points: str | None, text: str, bonus_text: str | None) -> dict:
    """`zwgk rule parse --json` on one line, in process (no --points where the line has none)."""
    argv = ["rule", "parse", "--text", text, "--json"] + (["--points", points] if points is not None else [])
    if bonus_text:
        argv += ["--bonus-text", bonus_text]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = zwgk(argv)
    if code != 0:
        raise SystemExit(f"zwgk {' '.join(argv)} 退出码 {code}")
    return json.loads(out.getvalue())


def lines_of(data: dict):
    """(label, points, raw) for every scoring line of a scheme, in document order."""
    for raw in data["items"]:
        if raw.get("text"):
            yield f"指标 {raw['id']}", raw.get("points"), raw
    for section, title in (("bonus", "综合加分"), ("major", "重大扣分")):
        for raw in (data.get(section) or {}).get("cases") or ():
            yield f"{title} {raw['id']}", None, raw


def written(raw: dict) -> str:
    """The line as the document writes it: a case listed under a shared header (考核中有下列情形的，
    每发现一起…扣10分) is that case followed by the header's rule, both verbatim."""
    return f"{raw['text']}；{raw['amount_text']}" if raw.get("amount_text") else raw["text"]


def render_line(scheme_id: str, label: str, points: str | None, raw: dict, tally: Tally) -> list[str]:
    parsed = parse(points, written(raw), raw.get("bonus_text"))
    tally.lines += 1
    out = [f"#### {label}", "", f"- 原文：{raw['text']}"]
    if raw.get("amount_text"):
        out.append(f"- 共用表头的扣分标准（接在原文后一并解析）：{raw['amount_text']}")
    if raw.get("bonus_text"):
        out.append(f"- 加分标准：{raw['bonus_text']}")
    clauses = [clause_line(Clause.from_dict(c)) for c in parsed["clauses"]]
    caps = [format_cap_group(CapGroup.from_dict(c)) for c in parsed["caps"]]
    if parsed["understood"] and clauses:
        tally.understood += 1
        tally.manual += any(c["kind"] == "manual" for c in parsed["clauses"])
        out.append("- 识别：")
        out += [f"  - {line}" for line in clauses + caps]
    else:
        tally.flagged.append(f"{scheme_id} {label}")
        if clauses:
            out.append("- 识别出的部分：")
            out += [f"  - {line}" for line in clauses + caps]
        out.append("- **需人工确认**：")
        for p in parsed["problems"]:
            problem = Problem(p["code"], p["message"], p["fragment"], p["column"] - 1, p["end_column"], p["source"])
            out.append(f"  - {problem_line(problem)}")
        if not parsed["problems"]:
            out.append("  - 没有找到计分条款")
    if raw.get("read_as"):
        out.append(f"- 计分所用读法（read_as）：{raw['read_as']}")
    if raw.get("reading"):
        out.append(f"- 读法说明（reading）：{raw['reading']}")
    return out + [""]


def build() -> tuple[str, Tally]:
    total, sections = Tally(), []
    for scheme_id in builtin_ids():
        data = load_scheme(scheme_id).data
        tally, body = Tally(), []
        for label, points, raw in lines_of(data):
            body += render_line(scheme_id, label, points, raw, tally)
        total.add(tally)
        summary = (f"{tally.lines} 行，完全识别 {tally.understood} 行（{tally.percent}%），"
                   f"其中含人工评分条款 {tally.manual} 行")
        sections.append([f"## {data['title']}（{scheme_id}）", "", summary, "", *(body or ["（本方案没有计分行）", ""])])
    head = [
        "# 内置方案评分标准的识别结果",
        "",
        "本页由 `scripts/seed_rules.py` 生成，请勿手工修改：它把五个内置方案的每一行评分标准（各指标的 `text`"
        "及其 `bonus_text`，以及综合加分、重大扣分各事项的 `text`，均按原文，不用 `read_as`；列在共用表头下的事项，"
        "表头的扣分标准 `amount_text` 接在原文之后）交给 `zwgk rule parse --json`，列出识别出的条款，"
        "或未能识别的部分及原因（标为“需人工确认”）。“完全识别”指找到了计分条款且没有未能识别的部分。"
        "方案文件写有 `read_as` 的，同时列出计分实际所用的读法及其说明 `reading`。",
        "",
        f"- 评分标准共 {total.lines} 行，完全识别 {total.understood} 行，占 **{total.percent}%**。",
        f"- 完全识别的行中，含人工评分条款（酌情，或只写了分值的要求）{total.manual} 行。",
        f"- 需人工确认 {len(total.flagged)} 行" + (f"：{'、'.join(total.flagged)}。" if total.flagged else "。"),
        "",
    ]
    return "\n".join(head + [line for section in sections for line in section]).rstrip() + "\n", total


def write(path: Path = DOC) -> Tally:
    text, tally = build()
    Path(path).write_text(text, encoding="utf-8")
    return tally


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else DOC
    result = write(target)
    print(f"{target}：{result.lines} 行，完全识别 {result.understood} 行（{result.percent}%）")
