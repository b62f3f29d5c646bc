"""`zwgk rule parse|eval`: one scoring text, without a scheme (shared/spec/cli.md §One rule).

Thin on purpose: the parser, the facts checker and the evaluator do the work; this module reads
the arguments and says the result in Chinese or as JSON.
"""
from __future__ import annotations

import argparse
import json
from decimal import Decimal

from zwgk.scoring.clauses import Clause, Kind, Rule, fmt_exact
from zwgk.scoring.decimals import fmt, to_decimal
from zwgk.scoring.errors import Problem, ScoringError
from zwgk.scoring.evaluate import evaluate_item
from zwgk.scoring.facts import item_facts
from zwgk.scoring.formatting import format_cap_group, format_clause
from zwgk.scoring.parser import parse_rule

from .output import print_json

def add_commands(sub) -> None:
    rule = sub.add_parser("rule", help="解析或计算一条评分标准").add_subparsers(dest="action", required=True, metavar="命令")
    parse = rule.add_parser("parse", help="列出评分标准中识别出的条款")
    _rule_arguments(parse, points_help="分值（可为 0；方案级加分、扣分事项没有分值，可不写）", required=False)
    parse.set_defaults(run=parse_command)
    evaluate = rule.add_parser("eval", help="按事实计算一条评分标准的得分")
    _rule_arguments(evaluate, points_help="分值（可为 0）", required=True)
    evaluate.add_argument("--facts", required=True, metavar="JSON", help='各条款的事实，如 \'{"1": {"count": 3}}\'')
    evaluate.add_argument("--explain", action="store_true", help="逐条列出计算过程")
    evaluate.set_defaults(run=eval_command)


def _rule_arguments(parser, *, points_help: str, required: bool) -> None:
    parser.add_argument("--points", required=required, type=decimal_argument, metavar="P", help=points_help)
    parser.add_argument("--text", required=True, metavar="T", help="评分标准（扣分标准）原文")
    parser.add_argument("--bonus-text", metavar="B", help="加分标准原文（条款编号接续评分标准）")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出")


def decimal_argument(text: str) -> Decimal:
    try:
        return to_decimal(text, "分值")
    except ScoringError as e:
        raise argparse.ArgumentTypeError(e.message) from None


def parse_command(args) -> int:
    rule = parse_rule(args.text, args.bonus_text, args.points)
    if args.json:
        print_json({
            "points": None if args.points is None else fmt_exact(args.points),
            "declared_points": None if rule.declared_points is None else fmt_exact(rule.declared_points),
            "clauses": [c.to_dict() for c in rule.clauses],
            "caps": [c.to_dict() for c in rule.caps],
            "problems": [p.to_dict() for p in rule.problems],
            "understood": rule.understood,
        })
    else:
        print("\n".join(rule_lines(rule)))
    return 0


def rule_lines(rule: Rule) -> list[str]:
    """What the parser made of a text, one line per clause, shared cap and problem, then the verdict."""
    lines = [clause_line(c) for c in rule.clauses] + [format_cap_group(c) for c in rule.caps]
    lines += [problem_line(p) for p in rule.problems]
    if not rule.clauses and not rule.problems:
        lines.append("未找到计分条款")
    lines.append("需要人工评判" if needs_judgement(rule) else "已全部识别")
    return lines


def needs_judgement(rule: Rule) -> bool:
    return bool(rule.problems) or not rule.clauses or any(c.kind == Kind.MANUAL for c in rule.clauses)


def clause_line(clause: Clause) -> str:
    return f"条款{clause.n} {clause.kind.label}：{format_clause(clause)} ——「{clause.text}」"


def problem_line(problem: Problem) -> str:
    where = "加分标准" if problem.source == "bonus_text" else ""
    return f"{where}第{problem.column}列「{problem.fragment}」：{problem.message}"


def eval_command(args) -> int:
    rule = parse_rule(args.text, args.bonus_text, args.points)
    try:
        data = json.loads(args.facts, parse_float=Decimal)
    except json.JSONDecodeError as e:
        raise ScoringError("bad_json", f"JSON 格式错误：{e.msg}（第{e.colno}列）", "--facts") from None
    result = evaluate_item(args.points, rule, item_facts(data, rule, "--facts"))
    if args.json:
        print_json({
            "score": fmt(result.score),
            "clauses": [c.to_dict() for c in rule.clauses],
            "explanation": result.explanation(),
        })
        return 0
    if args.explain:
        print("\n".join(result.explanation_text()))
        print(f"得分：{fmt(result.score)}")
    else:
        print(fmt(result.score))
    return 0
