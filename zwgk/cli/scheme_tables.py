"""`zwgk scheme import FILE` and `zwgk scheme export SCHEME`: rubric tables (考核细则) ↔ scheme files."""
from __future__ import annotations

import sys
from pathlib import Path

from zwgk.rubrics import RubricFileError, export_xlsx, read_rubric, read_tables, scheme_yaml
from zwgk.schemefiles import load_scheme

from .output import one_line

EXIT_BAD_FILE = 2


def add_commands(scheme) -> None:
    reader = scheme.add_parser("import", help="从Excel、Word或文本表格导入考核细则，生成方案文件")
    reader.add_argument("file", metavar="FILE", help="考核细则文件（.xlsx、.docx 或制表符分隔的 .txt）")
    reader.add_argument("--out", metavar="SCHEME.yaml", help="写入方案文件；不写则输出到屏幕")
    reader.add_argument("--id", help="方案编号（小写字母、数字和“-”），默认取文件名")
    reader.add_argument("--title", help="方案名称，默认取表格标题或文件名")
    reader.set_defaults(run=import_command)
    writer = scheme.add_parser("export", help="把考核方案导出为Excel考核细则表（可再导入）")
    writer.add_argument("scheme", metavar="SCHEME", help="内置方案编号或方案文件路径")
    writer.add_argument("--out", metavar="FILE.xlsx", help="输出文件，默认为“方案编号.xlsx”")
    writer.set_defaults(run=export_command)


def import_command(args) -> int:
    path = Path(args.file)
    if not path.is_file():
        print(f"错误：找不到文件 {path}", file=sys.stderr)
        return EXIT_BAD_FILE
    try:
        draft = read_rubric(read_tables(path.name, path.read_bytes()), filename=path.name, scheme_id=args.id,
                            title=args.title)
    except RubricFileError as e:
        print(one_line(f"错误：{path.name}：{e.message}"), file=sys.stderr)
        return EXIT_BAD_FILE
    scheme = draft.scheme
    text = scheme_yaml(scheme)
    report = sys.stdout if args.out else sys.stderr
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    sources = "、".join(layout.source for layout in draft.layouts)
    total = scheme.get("total_points")
    print(f"{path.name}：读取{sources}，指标{len(scheme['items'])}项"
          + (f"，总分{total}分" if total else "") + f"，需要核对{len(draft.warnings)}处", file=report)
    for warning in draft.warnings:
        print(f"  - {warning.message}", file=report)
    if args.out:
        print(f"已写入 {args.out}；核对后可用 zwgk scheme validate {args.out} 校验", file=report)
    return 0


def export_command(args) -> int:
    loaded = load_scheme(args.scheme)
    out = Path(args.out or f"{loaded.data['id']}.xlsx")
    out.write_bytes(export_xlsx(loaded.data))
    print(f"已导出 {loaded.data['title']}（{len(loaded.data['items'])}项）到 {out}")
    return 0
