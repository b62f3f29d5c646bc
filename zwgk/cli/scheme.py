"""`zwgk scheme list|show|validate|fill-clauses`: the scheme files (shared/spec/cli.md §A whole scheme)."""
from __future__ import annotations

from pathlib import Path

from zwgk.schemefiles import (
    builtin_ids,
    fill_clauses,
    load_scheme,
    resolve,
    validate_file,
)
from zwgk.schemefiles.loader import SCHEME_KINDS
from zwgk.scoring.clauses import fmt_exact
from zwgk.scoring.formatting import format_cap_group

from . import scheme_tables
from .output import print_json, table


def add_commands(sub) -> None:
    scheme = sub.add_parser("scheme", help="考核方案：列出、查看、校验、导入、导出").add_subparsers(dest="action", required=True, metavar="命令")
    listing = scheme.add_parser("list", help="列出内置考核方案")
    listing.add_argument("--json", action="store_true", help="以 JSON 输出")
    listing.set_defaults(run=list_command)
    show = scheme.add_parser("show", help="查看一个考核方案的指标与条款")
    show.add_argument("scheme", metavar="SCHEME", help="内置方案编号或方案文件路径")
    show.add_argument("--json", action="store_true", help="以 JSON 输出")
    show.set_defaults(run=show_command)
    validate = scheme.add_parser("validate", help="校验方案文件，一次列出全部问题")
    validate.add_argument("file", metavar="FILE", help="方案文件路径（或内置方案编号）")
    validate.set_defaults(run=validate_command)
    fill = scheme.add_parser("fill-clauses", help="把解析出的条款写入方案文件")
    fill.add_argument("file", metavar="FILE", help="方案文件路径（或内置方案编号）")
    fill.add_argument("--force", action="store_true", help="已有条款也按原文重新解析并覆盖")
    fill.set_defaults(run=fill_command)
    scheme_tables.add_commands(scheme)


def _points(value) -> str | None:
    return None if value is None else fmt_exact(value)


def list_command(args) -> int:
    rows = []
    for scheme_id in builtin_ids():
        loaded = load_scheme(scheme_id)
        rows.append({
            "id": scheme_id,
            "title": loaded.scheme.title,
            "year": loaded.data.get("year"),
            "kind": loaded.data["kind"],
            "total_points": _points(loaded.scheme.total_points),
            "items": len(loaded.scheme.items),
        })
    if args.json:
        print_json(rows)
        return 0
    body = [[r["id"], r["title"], SCHEME_KINDS.get(r["kind"], r["kind"]), r["total_points"] or "—", str(r["items"])] for r in rows]
    print("\n".join(table(["编号", "名称", "类型", "总分", "指标数"], body)))
    return 0


def show_command(args) -> int:
    loaded = load_scheme(args.scheme)
    scheme = loaded.scheme
    if args.json:
        print_json({
            "id": scheme.id,
            "title": scheme.title,
            "total_points": _points(scheme.total_points),
            "items": [{
                "id": item.id,
                "path": list(item.path),
                "points": _points(item.points),
                "text": item.text,
                "bonus_text": item.bonus_text,
                "clauses": [c.to_dict() for c in item.rule.clauses],
                "caps": [cap.to_dict() for cap in item.rule.caps],
            } for item in scheme.items],
            "groups": [{"path": list(g.path), "points": _points(g.points)} for g in scheme.groups],
        })
        return 0
    print(f"{scheme.title}（{scheme.id}）")
    print(f"总分：{_points(scheme.total_points) or '—'}　指标：{len(scheme.items)}项　文件：{loaded.path}")
    groups = [[" / ".join(g.path), _points(g.points)] for g in scheme.groups if g.points is not None]
    if groups:
        print()
        print("\n".join(table(["分组", "分值"], groups)))
    rows = [[item.id, _points(item.points) or ("组内" if scheme.pool_of(item) else "—"), " / ".join(item.path),
             "、".join(c.kind.label for c in item.rule.clauses) or "—"] for item in scheme.items]
    print()
    print("\n".join(table(["编号", "分值", "指标", "条款"], rows)))
    for title, cases in (("综合加分项", scheme.bonus_cases), ("重大扣分项", scheme.major_cases)):
        if cases:
            print(f"\n{title}")
            print("\n".join(table(["编号", "条款", "内容"], [
                [c.id, "、".join(k.kind.label for k in c.rule.clauses) or "—", c.text] for c in cases])))
    caps = [[holder.id, _cap_line(cap)] for holder in (*scheme.items, *scheme.bonus_cases, *scheme.major_cases)
            for cap in holder.rule.caps]
    if caps:
        print("\n合并上限（一个上限限几条条款的合计）")
        print("\n".join(table(["编号", "上限"], caps)))
    return 0


def _cap_line(cap) -> str:
    """条款1、2合计扣分上限2分 ——「两项扣分上限为2分」"""
    return format_cap_group(cap).removeprefix("合并上限：")


def validate_command(args) -> int:
    path = resolve(args.file)
    issues = validate_file(path)
    for issue in issues:
        print(issue.format(str(args.file)))
    errors = sum(issue.level == "error" for issue in issues)
    warnings = len(issues) - errors
    if not issues:
        print(f"{args.file}：校验通过，未发现问题")
    else:
        verdict = "校验未通过" if errors else "校验通过"
        print(f"{args.file}：{verdict}，{errors}个错误，{warnings}个警告")
    return 1 if errors else 0


def fill_command(args) -> int:
    path = Path(resolve(args.file))
    report = fill_clauses(path, force=args.force)
    print(f"{path}：写入{len(report.written)}项的条款，保留{len(report.kept)}项已有条款")
    if report.unread:
        print(f"未能完全识别、需人工填写条款（并在 reading 中说明）：{'、'.join(report.unread)}")
    return 0
