"""`zwgk evaluate`: every unit of a facts file scored against a scheme, ranked (cli.md)."""
from __future__ import annotations

from pathlib import Path

from zwgk.schemefiles import load_scheme, read_yaml
from zwgk.scoring.decimals import fmt
from zwgk.scoring.errors import ScoringError
from zwgk.scoring.totals import evaluate_units, facts_document

from .output import print_json, table


def add_commands(sub) -> None:
    evaluate = sub.add_parser("evaluate", help="按事实文件为各单位计分、定等次、排名")
    evaluate.add_argument("--scheme", required=True, metavar="SCHEME", help="内置方案编号或方案文件路径")
    evaluate.add_argument("--facts", required=True, metavar="FACTS.yaml", help="各单位的事实（YAML）")
    evaluate.add_argument("--json", action="store_true", help="以 JSON 输出")
    evaluate.set_defaults(run=evaluate_command)


def evaluate_command(args) -> int:
    scheme = load_scheme(args.scheme).scheme
    data = read_yaml(Path(args.facts), decimals=True)
    try:
        results = evaluate_units(scheme, facts_document(data, scheme))
    except ScoringError as e:
        raise e.located(args.facts) from None
    if args.json:
        print_json({"scheme": scheme.id, "units": [r.to_dict() for r in results]})
        return 0
    print(f"{scheme.title}（{scheme.id}）")
    rows = [[r.name, r.group or "—", fmt(r.total), r.grade or "—", str(r.rank), "需人工评判" if r.needs_judgement else ""]
            for r in results]
    print("\n".join(table(["单位", "分组", "总分", "等次", "名次", "备注"], rows)))
    return 0
