"""The `zwgk` command (shared/spec/cli.md): rules, schemes and evaluations from a shell.

Each command lives in its own small module; this one builds the parser and turns every bad
input into one Chinese line on stderr with exit code 2 (an unexpected failure: 70), never a
traceback, so scripts can rely on the exit code and people on the message.
"""
from __future__ import annotations

import argparse
import os
import sys

from zwgk.scoring.errors import ScoringError

from . import evaluate, rule, scheme
from .output import one_line

EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 70  # EX_SOFTWARE


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="zwgk", description="政务公开考核平台：评分规则、考核方案与计分")
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")
    rule.add_commands(sub)
    scheme.add_commands(sub)
    evaluate.add_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as stop:  # argparse: usage errors exit 2, --help exits 0
        return int(stop.code or 0)
    try:
        return args.run(args)
    except BrokenPipeError:  # `zwgk … | head`: the reader has gone; stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except ScoringError as e:
        where = f"{e.where}：" if e.where else ""
        print(one_line(f"错误：{where}{e.message}"), file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as e:  # noqa: BLE001 — the promise is one line, never a traceback
        print(one_line(f"内部错误：{e.__class__.__name__}：{e}"), file=sys.stderr)
        return EXIT_INTERNAL
