"""Scheme files → the engine's `Scheme` (docs/scheme-format.md).

A file is read with `yaml.safe_load` (duplicate keys refused), checked against the JSON Schema,
then built: items take their rule from the stored `clauses`/`caps` when the file has them (a
person may have corrected the machine's reading), else from parsing `read_as` or `text`.
Points are decimal strings; the schema refuses a YAML number, which may have lost exactness.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import yaml

from zwgk.scoring.clauses import CapGroup, Clause, Rule
from zwgk.scoring.decimals import to_decimal
from zwgk.scoring.errors import ScoringError
from zwgk.scoring.model import Case, GradeBand, Group, Item, Rules, Scheme
from zwgk.scoring.parser import parse_rule

from .schema import schema_errors

BUILTIN_DIR = Path(__file__).with_name("builtin")


# The `kind` of a scheme file, as the pages and the command line name it.
SCHEME_KINDS = {"assessment": "考核评分", "task-plan": "任务分解"}


class SchemeFileError(ScoringError):
    """A scheme (or facts) file that cannot be used; `where` names the file and the place in it."""

    def __init__(self, message: str, where: str = "", code: str = "scheme_file"):
        super().__init__(code, message, where)


@dataclass(frozen=True)
class LoadedScheme:
    path: Path
    data: dict  # the file as read, for `scheme show` and the writers
    scheme: Scheme


# ---- finding and reading files -----------------------------------------------------------------

def builtin_ids() -> list[str]:
    return sorted(p.stem for p in BUILTIN_DIR.glob("*.yaml"))


def builtin_path(scheme_id: str) -> Path:
    if scheme_id not in builtin_ids():
        raise SchemeFileError(_unknown(scheme_id), scheme_id, "unknown_scheme")
    return BUILTIN_DIR / f"{scheme_id}.yaml"


def resolve(ref: str) -> Path:
    """A built-in id or a file path → the file."""
    if ref in builtin_ids():
        return BUILTIN_DIR / f"{ref}.yaml"
    path = Path(ref)
    if path.is_file():
        return path
    raise SchemeFileError(_unknown(ref), ref, "unknown_scheme")


def _unknown(ref: str) -> str:
    return f"找不到考核方案“{ref}”：既不是内置方案编号，也不是已有的文件（内置方案：{'、'.join(builtin_ids())}）"


class StrictLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """safe_load that refuses a key written twice in one mapping (the later one would win silently).

    Built on libyaml's parser when PyYAML has it: scheme files are read on every start and in
    every test, and the pure-Python parser is ten times slower."""

    def construct_mapping(self, node, deep=False):
        self.flatten_mapping(node)
        seen: set = set()
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                if key_node.value in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"键 {key_node.value} 重复出现", key_node.start_mark)
                seen.add(key_node.value)
        return super().construct_mapping(node, deep)


class _DecimalLoader(StrictLoader):
    """For facts files: YAML floats become exact Decimals (0.65 stays 0.65)."""




def _decimal_float(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Decimal:
    try:
        return Decimal(node.value.replace("_", ""))
    except ArithmeticError:  # sexagesimal 1:30.5 and the like: through YAML's own reading
        return to_decimal(loader.construct_yaml_float(node))


_DecimalLoader.add_constructor("tag:yaml.org,2002:float", _decimal_float)

_YAML_PROBLEMS = {
    "mapping values are not allowed": "此处不能出现“键: 值”（缩进不对，或含冒号的文本需要加引号）",
    "could not find expected ':'": "缺少冒号“:”",
    "did not find expected key": "缩进没有对齐，找不到应有的键",
    "did not find expected '-' indicator": "列表项的缩进没有对齐",
    "found character '\\t' that cannot start any token": "不能用制表符（Tab）缩进，请用空格",
    "found character that cannot start any token": "出现了不能作为开头的字符（如制表符 Tab，请用空格缩进）",
    "found unexpected end of stream": "文件意外结束（引号或括号没有闭合）",
    "found undefined alias": "引用了未定义的锚点",
    "expected the node content": "缺少内容（文件意外结束，或缩进不对）",
    "expected ',' or ']'": "方括号列表没有闭合，或缺少逗号",
    "expected ',' or '}'": "花括号映射没有闭合，或缺少逗号",
    "did not find expected ',' or ']'": "方括号列表没有闭合，或缺少逗号",
    "did not find expected ',' or '}'": "花括号映射没有闭合，或缺少逗号",
}


def yaml_problem(error: yaml.YAMLError) -> tuple[str, int | None, int | None]:
    """A YAML error as (Chinese message, line, column), lines and columns counted from 1."""
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or str(error)
    for english, chinese in _YAML_PROBLEMS.items():
        if problem.startswith(english):
            problem = chinese
            break
    if mark is None:
        return f"YAML 语法错误：{problem}", None, None
    return f"YAML 语法错误：{problem}", mark.line + 1, mark.column + 1


def read_text(path: Path) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SchemeFileError("文件不存在", str(path), "no_file") from None
    except (OSError, UnicodeDecodeError) as e:
        raise SchemeFileError(f"无法读取文件（{e.__class__.__name__}）", str(path), "no_file") from None


def parse_yaml(text: str, where: str, *, decimals: bool = False):
    """YAML text → data; `decimals` reads floats as Decimals (facts files)."""
    try:
        return yaml.load(text, Loader=_DecimalLoader if decimals else StrictLoader)
    except yaml.YAMLError as e:
        message, line, column = yaml_problem(e)
        raise SchemeFileError(message, f"{where} 第{line}行第{column}列" if line else where, "yaml") from None


def read_yaml(path: Path, *, decimals: bool = False):
    return parse_yaml(read_text(path), str(path), decimals=decimals)


# ---- building the engine's scheme -------------------------------------------------------------

def load_scheme(ref: str) -> LoadedScheme:
    path = resolve(ref)
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise SchemeFileError("不是考核方案文件（顶层应为映射）", str(path))
    errors = schema_errors(data)
    if errors:
        (where, message), more = errors[0], len(errors) - 1
        tail = f"（另有{more}处问题，请用 zwgk scheme validate 查看）" if more else ""
        raise SchemeFileError(message + tail, f"{path.name} {place(data, where)}".strip(), "schema")
    return LoadedScheme(path, data, build_scheme(data, path.name))


def build_scheme(data: dict, name: str) -> Scheme:
    """Data that passed the JSON Schema → `Scheme`; errors name the place in the file."""
    rules = data.get("rules") or {}
    bonus = data.get("bonus") or {}
    return Scheme(
        id=data["id"],
        title=data["title"],
        total_points=points(data.get("total_points"), f"{name} total_points"),
        items=tuple(build_item(data, i, name) for i in range(len(data["items"]))),
        groups=tuple(
            Group(tuple(g["path"]), points(g.get("points"), f"{name} groups[{i}].points"))
            for i, g in enumerate(data.get("groups") or ())
        ),
        bonus_cases=build_cases(data, "bonus", name),
        bonus_cap=points(bonus.get("cap"), f"{name} bonus.cap"),
        major_cases=build_cases(data, "major", name),
        rules=Rules(
            floor_at_zero=rules.get("floor_at_zero", False),
            evidence_rule=rules.get("evidence_rule", False),
            normalise=rules.get("normalise", False),
            step_rounding=rules.get("step_rounding", "down"),
            total_cap=points(rules.get("total_cap"), f"{name} rules.total_cap"),
        ),
        grades=tuple(
            GradeBand(g["name"], points(g["min"], f"{name} grades[{i}].min"))
            for i, g in enumerate(data.get("grades") or ())
        ),
        ranking_groups=tuple(data.get("ranking_groups") or ()),
    )


def build_item(data: dict, index: int, name: str) -> Item:
    raw = data["items"][index]
    where = f"{name} {place(data, ('items', index))}".strip()
    value = points(raw.get("points"), f"{where}.points")
    return Item(
        id=raw["id"],
        path=tuple(raw["path"]),
        points=value,
        rule=rule_of(raw, value, where),
        text=raw.get("text"),
        bonus_text=raw.get("bonus_text"),
        evidence_required=raw.get("evidence_required", False),
        unit_types=tuple(raw.get("unit_types") or ()),
    )


def build_cases(data: dict, section: str, name: str) -> tuple[Case, ...]:
    cases = (data.get(section) or {}).get("cases") or ()
    return tuple(build_case(data, section, i, name) for i in range(len(cases)))


def build_case(data: dict, section: str, index: int, name: str) -> Case:
    raw = data[section]["cases"][index]
    return Case(raw["id"], raw["text"], rule_of(raw, None, f"{name} {place(data, (section, 'cases', index))}".strip()))


def rule_of(raw: dict, value: Decimal | None, where: str) -> Rule:
    """The stored clauses when the file has them, else the parse of `read_as` or `text`."""
    if raw.get("clauses") is None:
        return parse_rule(scored_text(raw), raw.get("bonus_text"), value)
    return stored_rule(raw, where)


def scored_text(raw: dict) -> str | None:
    """The text the machine reads: `read_as` where the document is garbled, else `text`."""
    return raw.get("read_as") or raw.get("text")


def stored_rule(raw: dict, where: str) -> Rule:
    clauses = tuple(_located(Clause.from_dict, c, f"{where}.clauses[{i}]") for i, c in enumerate(raw["clauses"]))
    numbers = [c.n for c in clauses]
    if numbers != list(range(1, len(clauses) + 1)):
        raise SchemeFileError(f"条款编号应依次为 1、2、3…，实际为 {'、'.join(map(str, numbers))}", f"{where}.clauses")
    caps = tuple(_located(CapGroup.from_dict, c, f"{where}.caps[{i}]") for i, c in enumerate(raw.get("caps") or ()))
    for i, cap in enumerate(caps):
        missing = [n for n in cap.clauses if n > len(clauses)]
        if missing:
            raise SchemeFileError(f"合并上限引用了不存在的条款 {'、'.join(map(str, missing))}", f"{where}.caps[{i}]")
    return Rule(clauses, caps)


def _located(reader, value, where: str):
    try:
        return reader(value, where)
    except ScoringError as e:
        raise SchemeFileError(e.message, e.where or where, e.code) from None


def points(value, where: str) -> Decimal | None:
    """A points field, a decimal string once the schema has passed (it refuses YAML numbers)."""
    if value is None:
        return None
    try:
        return to_decimal(value, "分值")
    except ScoringError as e:
        raise SchemeFileError(e.message, where, e.code) from None


def place(data, path: tuple) -> str:
    """A path in the document as people read it: items[12] (id 13).points."""
    out, node = "", data
    for key in path:
        if isinstance(key, int):
            out += f"[{key}]"
            node = node[key] if isinstance(node, list) and key < len(node) else None
            if isinstance(node, dict) and isinstance(node.get("id"), (str, int)):
                out += f" (id {node['id']})"
        else:
            out += f".{key}" if out else str(key)
            node = node.get(key) if isinstance(node, dict) else None
    return out
