"""`zwgk scheme fill-clauses`: write the parser's reading into a scheme file as `clauses`/`caps`.

Stored clauses let a person see and correct the machine's reading beside the text. Only the
new keys are inserted into the file's text: comments, blank lines and the transcriber's layout
stay as they are (a full `yaml.safe_dump` would lose them). The result is read back and must
equal the old data plus the clauses, or nothing is written.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from zwgk.scoring.clauses import Rule
from zwgk.scoring.parser import parse_rule

from .loader import SchemeFileError, StrictLoader, load_scheme, parse_yaml, points, read_text, scored_text

_STORED = ("clauses", "caps")


@dataclass
class FillReport:
    written: list[str] = field(default_factory=list)  # ids whose clauses were (re)written
    kept: list[str] = field(default_factory=list)  # ids that already stored clauses
    unread: list[str] = field(default_factory=list)  # ids whose text the parser did not fully understand


def fill_clauses(path: Path, *, force: bool = False) -> FillReport:
    path = Path(path)
    data = load_scheme(str(path)).data  # refuses a file that does not pass the schema
    text = read_text(path)
    root = yaml.compose(text, Loader=StrictLoader)
    report = FillReport()
    expected = parse_yaml(text, str(path))
    edits: list[tuple[int, int, str]] = []
    for keys, raw, node, value in _entries(data, root):
        ident = raw["id"]
        if raw.get("clauses") is not None and not force:
            report.kept.append(ident)
            continue
        rule = parse_rule(scored_text(raw), raw.get("bonus_text"), value)
        if rule.problems:
            report.unread.append(ident)  # a person writes these clauses (with a `reading`)
            continue
        if not rule.clauses:
            continue
        stored = stored_clauses(rule)
        edits.extend(_edits(text, node, stored))
        target = expected
        for key in keys:
            target = target[key]
        for key in _STORED:
            target.pop(key, None)
        target.update(stored)
        report.written.append(ident)
    if not edits:
        return report
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    if parse_yaml(text, str(path)) != expected:
        raise SchemeFileError("写入条款后文件内容与预期不符，未写入（请检查文件的缩进与注释）", str(path), "fill_failed")
    path.write_text(text, encoding="utf-8")
    return report


def _entries(data: dict, root: yaml.MappingNode):
    """(keys into data, raw mapping, its node, its points) for every item and case."""
    top = {k.value: v for k, v in root.value}
    for i, node in enumerate(top["items"].value):
        raw = data["items"][i]
        yield ("items", i), raw, node, points(raw.get("points"), "")
    for section in ("bonus", "major"):
        if section not in top or not isinstance(top[section], yaml.MappingNode):
            continue
        cases = {k.value: v for k, v in top[section].value}.get("cases")
        for i, node in enumerate(cases.value if cases is not None else ()):
            yield (section, "cases", i), data[section]["cases"][i], node, None


def stored_clauses(rule: Rule) -> dict:
    """A rule as a scheme file stores it: `clauses`, and `caps` when there are shared caps."""
    out: dict = {"clauses": [c.to_dict() for c in rule.clauses]}
    if rule.caps:
        out["caps"] = [c.to_dict() for c in rule.caps]
    return out


def _edits(text: str, node: yaml.MappingNode, stored: dict) -> list[tuple[int, int, str]]:
    """Remove any old clauses/caps of one mapping and insert the new ones after its last key."""
    edits = []
    kept = []
    for key, value in node.value:
        if key.value in _STORED:
            edits.append((_line_start(text, key), _line_end(text, value), ""))
        else:
            kept.append((key, value))
    last_key, last_value = kept[-1]
    at = _line_end(text, last_value)
    indent = " " * last_key.start_mark.column
    block = "".join(indent + line + "\n" for line in _dump(stored).splitlines())
    prefix = "" if at == 0 or text[at - 1] == "\n" else "\n"
    edits.append((at, at, prefix + block))
    return edits


def _line_start(text: str, node: yaml.Node) -> int:
    return node.start_mark.index - node.start_mark.column


def _line_end(text: str, node: yaml.Node) -> int:
    """Just after the line break of the line where a value's text ends."""
    end = _last_end(node)
    while end > 0 and text[end - 1] in " \t\r\n":
        end -= 1
    newline = text.find("\n", end)
    return len(text) if newline < 0 else newline + 1


def _last_end(node: yaml.Node) -> int:
    if isinstance(node, yaml.ScalarNode) or node.flow_style or not node.value:
        return node.end_mark.index
    last = node.value[-1]
    return _last_end(last[1] if isinstance(node, yaml.MappingNode) else last)


class _Flow(dict):
    """A clause or cap: written on one line, as in docs/scheme-format.md."""


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)  # “  - ” under a key, like the files


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # Decimal strings stay visibly quoted ("0.5"), in the files' double-quote style.
    plain = dumper.resolve(yaml.ScalarNode, value, (True, False)) == "tag:yaml.org,2002:str"
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=None if plain else '"')


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(_Flow, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v.items(), flow_style=True))


def _dump(stored: dict) -> str:
    flowing = {key: [_Flow(entry) for entry in entries] for key, entries in stored.items()}
    return yaml.dump(flowing, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
