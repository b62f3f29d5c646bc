"""Formulas with Chinese variable names: 得分=(1-瞒报率)×5, 瞒报率=瞒报数据量/台账数据量.

Parsed once into a small tree, evaluated many times with Decimal. Variables are runs of CJK or
ASCII letters; operators + - × * / ÷ and parentheses (the text is normalised to half width
before it gets here).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
import operator
from decimal import Decimal, DivisionByZero, InvalidOperation
from functools import lru_cache

from .errors import ScoringError

_TOKEN = re.compile(r"\s*(?:(\d+(?:\.\d+)?%?)|([A-Za-z_\u3400-\u9fff][A-Za-z_0-9\u3400-\u9fff]*)|([-+*/×÷()]))")

_OPS = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv}


@dataclass(frozen=True)
class Node:
    op: str  # "num", "var", "+", "-", "*", "/", "neg"
    value: object = None
    left: "Node | None" = None
    right: "Node | None" = None


def _tokens(text: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    text = text.strip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise ScoringError("bad_formula", f"公式“{text}”第{pos + 1}个字符“{text[pos]}”无法识别")
        number, name, op = m.groups()
        if number:
            out.append(("num", number))
        elif name:
            out.append(("var", name))
        else:
            out.append(("op", {"×": "*", "÷": "/"}.get(op, op)))
        pos = m.end()
    return out


@lru_cache(maxsize=512)
def parse_formula(text: str) -> Node:
    tokens = _tokens(text)
    pos = 0

    def peek():
        return tokens[pos] if pos < len(tokens) else (None, None)

    def take():
        nonlocal pos
        pos += 1
        return tokens[pos - 1]

    def expr() -> Node:
        node = term()
        while peek() in (("op", "+"), ("op", "-")):
            op = take()[1]
            node = Node(op, left=node, right=term())
        return node

    def term() -> Node:
        node = factor()
        while peek() in (("op", "*"), ("op", "/")):
            op = take()[1]
            node = Node(op, left=node, right=factor())
        return node

    def factor() -> Node:
        kind, value = peek()
        if (kind, value) == ("op", "-"):
            take()
            return Node("neg", left=factor())
        if (kind, value) == ("op", "("):
            take()
            node = expr()
            if peek() != ("op", ")"):
                raise ScoringError("bad_formula", f"公式“{text}”缺少右括号")
            take()
            return node
        if kind == "num":
            take()
            number = Decimal(value.rstrip("%"))
            return Node("num", number / 100 if value.endswith("%") else number)
        if kind == "var":
            take()
            return Node("var", value)
        raise ScoringError("bad_formula", f"公式“{text}”不完整")

    node = expr()
    if pos != len(tokens):
        raise ScoringError("bad_formula", f"公式“{text}”在“{tokens[pos][1]}”处无法继续解析")
    return node


def variables_of(text: str) -> list[str]:
    names: list[str] = []

    def walk(node: Node | None) -> None:
        if node is None:
            return
        if node.op == "var" and node.value not in names:
            names.append(node.value)
        walk(node.left)
        walk(node.right)

    walk(parse_formula(text))
    return names


def evaluate_formula(text: str, values: dict[str, Decimal], definitions: dict[str, str] | None = None) -> Decimal:
    """Evaluate with the given variables; a missing one is computed from its definition if it has one."""
    definitions = definitions or {}

    def value_of(name: str, seen: tuple[str, ...]) -> Decimal:
        if name in values:
            return values[name]
        if name in definitions and name not in seen:
            return run(parse_formula(definitions[name]), seen + (name,))
        raise ScoringError("missing_variable", f"缺少变量“{name}”的数值（请在 vars 中给出）")

    def run(node: Node, seen: tuple[str, ...]) -> Decimal:
        if node.op == "num":
            return node.value
        if node.op == "var":
            return value_of(node.value, seen)
        if node.op == "neg":
            return -run(node.left, seen)
        a, b = run(node.left, seen), run(node.right, seen)
        try:
            return _OPS[node.op](a, b)
        except (DivisionByZero, InvalidOperation):
            raise ScoringError("division_by_zero", f"公式“{text}”中除数为零") from None

    return run(parse_formula(text), ())


def format_formula(node: Node) -> str:
    """Canonical text of a formula tree, with × for multiplication as the documents write it."""
    prec = {"+": 1, "-": 1, "*": 2, "/": 2}

    def show(n: Node, parent: int = 0, right: bool = False) -> str:
        if n.op == "num":
            return format(n.value.normalize(), "f")
        if n.op == "var":
            return n.value
        if n.op == "neg":
            return "-" + show(n.left, 3)
        p = prec[n.op]
        sym = {"*": "×", "/": "/"}.get(n.op, n.op)
        s = f"{show(n.left, p)}{sym}{show(n.right, p, True)}"
        return f"({s})" if p < parent or (right and p == parent) else s

    return show(node)
