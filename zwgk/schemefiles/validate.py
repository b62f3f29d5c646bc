"""`zwgk scheme validate`: every problem of a scheme file at once, in document order.

Three layers, each reported with its place (items[12] (id 13).text 第5列) and line: YAML syntax,
the JSON Schema, then what a schema cannot say — ids, groups and points that do not add up,
caps that allow negative scores, stored clauses that drifted from the text, text the parser
did not understand. Errors make the file unusable; warnings are for a person to look at.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import yaml

from zwgk.scoring.clauses import DEDUCTING, Kind, Rule, Sign
from zwgk.scoring.decimals import fmt
from zwgk.scoring.formatting import format_clause
from zwgk.scoring.model import Scheme
from zwgk.scoring.parser import parse_rule
from zwgk.scoring.totals import earns_points

from .loader import (SchemeFileError, StrictLoader, build_case, build_item, build_scheme, place, read_text,
                     scored_text, yaml_problem)
from .schema import schema_errors


@dataclass(frozen=True)
class Issue:
    level: str  # "error" | "warning"
    code: str
    place: str
    message: str
    line: int | None = None

    def format(self, filename: str) -> str:
        where = f"第{self.line}行 {self.place}".strip() if self.line else self.place
        return f"{filename}:{where}: {'错误' if self.level == 'error' else '警告'}: {self.message}"


def validate_file(path: Path) -> list[Issue]:
    """All issues of one scheme file; a missing file raises `SchemeFileError`."""
    return validate_text(read_text(path))


def validate_text(text: str) -> list[Issue]:
    """All issues of a scheme file's text held in memory (a scheme about to be stored)."""
    try:
        data = yaml.load(text, Loader=StrictLoader)
    except yaml.YAMLError as e:
        message, line, column = yaml_problem(e)
        return [Issue("error", "yaml", f"第{column}列" if column else "", message, line)]
    if not isinstance(data, dict):
        return [Issue("error", "not_scheme", "", "不是考核方案文件（顶层应为映射）", 1)]
    return _Checker(data, yaml.compose(text, Loader=StrictLoader)).run()


class _Checker:
    def __init__(self, data: dict, root: yaml.Node):
        self.data, self.root = data, root
        self.issues: list[tuple[int, Issue]] = []

    def add(self, level: str, code: str, path: tuple, message: str, suffix: str = "") -> None:
        line = _line_of(self.root, path)
        issue = Issue(level, code, (place(self.data, path) + suffix).strip(), message, line)
        self.issues.append((line or 0, issue))

    def run(self) -> list[Issue]:
        errors = schema_errors(self.data)
        for path, message in errors:
            self.add("error", "schema", path, message)
        self.error_paths = [path for path, _ in errors]
        items = _list(self.data.get("items"))
        built = {}
        for i in range(len(items)):
            if self._ok(("items", i)):
                built[i] = self._build(("items", i), lambda: build_item(self.data, i, ""))
        cases = {}
        for section in ("bonus", "major"):
            for i in range(len(self._cases(section))):
                if self._ok((section, "cases", i)):
                    cases[(section, i)] = self._build((section, "cases", i), lambda: build_case(self.data, section, i, ""))
        built = {i: item for i, item in built.items() if item is not None}
        self._ids(items)
        self.indices = sorted(built)
        scheme = build_scheme(self._clean(), "")
        self._groups(scheme)
        self._points(scheme, complete=len(built) == len(items))
        if self._ok(("grades",)):
            self._grades()
        for i, item in built.items():
            self._caps(i, item, scheme.rules.floor_at_zero)
            self._text(("items", i), items[i], item.rule, item.points)
            self._bindings(i, items[i], item.rule)
        for (section, i), case in cases.items():
            if case is not None:
                self._text((section, "cases", i), self._cases(section)[i], case.rule, None)
        self.issues.sort(key=lambda pair: pair[0])
        return [issue for _, issue in self.issues]

    def _ok(self, path: tuple) -> bool:
        """No schema error at or under `path`."""
        return not any(p[: len(path)] == path for p in self.error_paths)

    def _cases(self, section: str) -> list:
        data = self.data.get(section)
        return _list(data.get("cases")) if isinstance(data, dict) else []

    def _build(self, path: tuple, build):
        try:
            return build()
        except SchemeFileError as e:
            self.add("error", e.code, path, f"{e.where}：{e.message}" if e.where else e.message)
            return None

    def _clean(self) -> dict:
        """What the scheme-wide checks need, without the parts the schema refused."""
        clean = {"id": "-", "title": "-", "items": [self.data["items"][i] for i in self.indices]}
        for key in ("total_points", "rules", "ranking_groups"):
            if key in self.data and self._ok((key,)):
                clean[key] = self.data[key]
        if ("groups",) not in self.error_paths:
            clean["groups"] = [g for i, g in enumerate(_list(self.data.get("groups"))) if self._ok(("groups", i))]
        return clean

    # ---- identities and structure -----------------------------------------------------------
    def _ids(self, items: list) -> None:
        paths = [("items", i) for i in range(len(items))]
        paths += [(section, "cases", i) for section in ("bonus", "major") for i in range(len(self._cases(section)))]
        first: dict = {}
        for path in paths:
            raw = items[path[1]] if path[0] == "items" else self._cases(path[0])[path[2]]
            key = raw.get("id") if isinstance(raw, dict) else None
            if not isinstance(key, str):
                continue
            if key in first:
                self.add("error", "duplicate_id", path + ("id",), f"编号 {key} 重复（{first[key]} 已使用）")
            else:
                first[key] = place(self.data, path)

    def _bindings(self, i: int, raw: dict, rule: Rule) -> None:
        """A binding names a clause the item has, once (which indicators exist is the web app's
        to check: the indicators read the ledgers, which this package does not know)."""
        numbers = {c.n for c in rule.clauses}
        seen: set = set()
        for j, binding in enumerate(_list(raw.get("bindings"))):
            n = binding.get("clause")
            if n not in numbers:
                listed = "、".join(map(str, sorted(numbers))) or "无"
                self.add("error", "binding_clause", ("items", i, "bindings", j, "clause"),
                         f"绑定的条款 {n} 不存在（本项的条款：{listed}）")
            elif n in seen:
                self.add("error", "binding_twice", ("items", i, "bindings", j, "clause"), f"条款 {n} 绑定了两次")
            seen.add(n)

    def _groups(self, scheme: Scheme) -> None:
        seen: set = set()
        for i, group in enumerate(scheme.groups):
            if group.path in seen:
                self.add("error", "duplicate_group", ("groups", i, "path"), f"组 {_path(group.path)} 重复声明")
            seen.add(group.path)
        for k, item in enumerate(scheme.items):
            for depth in range(1, len(item.path)):
                if scheme.group(item.path[:depth]) is None:
                    self.add("error", "missing_group", ("items", self.indices[k], "path"),
                             f"路径中的 {_path(item.path[:depth])} 不是已声明的组（请在 groups 中加上）")
                    break

    # ---- points -------------------------------------------------------------------------------
    def _points(self, scheme: Scheme, complete: bool) -> None:
        for i, group in enumerate(scheme.groups):
            if group.points is None:
                continue
            inside = _own_points(scheme, group.path)
            if inside > group.points:
                self.add("warning", "group_exceeded", ("groups", i, "points"),
                         f"组内各项分值合计 {fmt(inside)} 分，超过组的分值 {fmt(group.points)} 分")
        pools, sharing = {}, {}
        for k, item in enumerate(scheme.items):
            if item.points is not None:
                continue
            pool = scheme.pool_of(item)
            if pool is not None:
                pools[pool.path] = pool
                sharing.setdefault(pool.path, []).append(k)
            elif self.data.get("kind") == "assessment":
                self.add("warning", "no_points", ("items", self.indices[k], "points"), "本项没有分值，所属组也没有分值：本项只能扣分，不计入满分")
        for path, members in sharing.items():
            for k in members:
                if len(members) > 1 and earns_points(scheme.items[k]):
                    self.add("warning", "earning_in_shared_pool", ("items", self.indices[k], "points"),
                             f"本项没有分值却按得分计，而组 {_path(path)} 的分值由{len(members)}项共用，只能扣减："
                             "本项挣得的分数无法计入，请写明本项分值")
        if scheme.total_points is None or not complete:  # a sum over the readable items only would mislead
            return
        own = sum((item.points for item in scheme.items if item.points is not None), Decimal(0))
        pooled = sum((pool.points - _own_points(scheme, pool.path) for pool in pools.values()), Decimal(0))
        if own + pooled != scheme.total_points:
            detail = f"各项分值 {fmt(own)} 分" + (f" + 组内共用分值 {fmt(pooled)} 分" if pools else "")
            self.add("warning", "total_mismatch", ("total_points",),
                     f"{detail}，合计 {fmt(own + pooled)} 分，与总分 {fmt(scheme.total_points)} 分不符")

    def _caps(self, i: int, item, floor_at_zero: bool) -> None:
        if item.points is None or floor_at_zero:
            return
        caps = [c.cap for c in item.rule.clauses if c.cap is not None and _deducts(c)]
        caps += [g.amount for g in item.rule.caps if g.sign == Sign.DEDUCT]
        largest = max(caps, default=None)
        if largest is not None and largest > item.points:
            self.add("warning", "cap_above_points", ("items", i, "points"),
                     f"写明的扣分上限 {fmt(largest)} 分大于本项分值 {fmt(item.points)} 分：本项得分可以为负，"
                     f"最低 {fmt(item.points - largest)} 分，超出部分从总分中扣除")

    def _grades(self) -> None:
        mins = [Decimal(g["min"]) for g in self.data.get("grades") or ()]
        if mins != sorted(mins, reverse=True):
            self.add("warning", "grades_order", ("grades",), "等次应从高到低排列（min 依次递减）")

    # ---- text and clauses -----------------------------------------------------------------------
    def _text(self, path: tuple, raw: dict, rule: Rule, points: Decimal | None) -> None:
        parsed = parse_rule(scored_text(raw), raw.get("bonus_text"), points)
        stored = raw.get("clauses") is not None
        reading = raw.get("reading")
        if stored and not reading and not _same(rule, parsed):
            self.add("warning", "clauses_differ", path + ("clauses",),
                     f"保存的条款与评分标准的解析结果不同（{_difference(rule, parsed)}），且没有 reading 说明原因")
        if stored and reading:
            return
        field = "read_as" if raw.get("read_as") else "text"
        for problem in parsed.problems:
            name = field if problem.source == "text" else "bonus_text"
            self.add("warning", problem.code, path + (name,), f"「{problem.fragment}」：{problem.message}",
                     f" 第{problem.column}列")
        if parsed.declared_points is not None and points is not None and parsed.declared_points != points:
            self.add("warning", "declared_points", path + ("points",),
                     f"评分标准末尾写的是（{fmt(parsed.declared_points)}分），与分值 {fmt(points)} 分不符")


def _list(value) -> list:
    return value if isinstance(value, list) else []


def _deducts(clause) -> bool:
    return clause.kind in DEDUCTING or (clause.kind == Kind.TIERED and clause.sign == Sign.DEDUCT)


def _own_points(scheme: Scheme, path: tuple) -> Decimal:
    """Points of the items under a group, a sub-group with points counting as its points."""
    total = Decimal(0)
    for group in scheme.groups:
        if len(group.path) == len(path) + 1 and group.path[: len(path)] == path:
            total += group.points if group.points is not None else _own_points(scheme, group.path)
    for item in scheme.items:
        if item.points is not None and _home(scheme, item.path) == path:
            total += item.points
    return total


def _home(scheme: Scheme, path: tuple) -> tuple:
    """The deepest declared group on an item's path."""
    for depth in range(len(path), 0, -1):
        if scheme.group(path[:depth]) is not None:
            return path[:depth]
    return ()


def _same(a: Rule, b: Rule) -> bool:
    return (len(a.clauses) == len(b.clauses) and all(x.same_rule(y) for x, y in zip(a.clauses, b.clauses))
            and [_cap_key(c) for c in a.caps] == [_cap_key(c) for c in b.caps])


def _cap_key(cap) -> tuple:
    return cap.clauses, cap.amount, cap.sign


def _difference(stored: Rule, parsed: Rule) -> str:
    for x, y in zip(stored.clauses, parsed.clauses):
        if not x.same_rule(y):
            return f"条款{x.n}保存为「{format_clause(x)}」，解析为「{format_clause(y)}」"
    if len(stored.clauses) != len(parsed.clauses):
        return f"保存了{len(stored.clauses)}条条款，解析出{len(parsed.clauses)}条"
    return "合并上限不同"


def _path(path: tuple) -> str:
    return "「" + " / ".join(path) + "」"


def _line_of(root: yaml.Node, path: tuple) -> int | None:
    """The line (from 1) of the deepest node of `path` found in the composed document."""
    node, line = root, root.start_mark.line + 1
    for key in path:
        if isinstance(node, yaml.MappingNode):
            match = next(((k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == key), None)
            if match is None:
                break
            line, node = match[0].start_mark.line + 1, match[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
            line = node.start_mark.line + 1
        else:
            break
    return line
