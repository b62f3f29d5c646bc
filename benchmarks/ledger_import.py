"""Importing a 100,000-row 主动公开信息 (publications) ledger: time and peak memory.

What it measures: `zwgk.ledgers.importing.import_ledger`, the service the import page calls, run
by an office user on a generated .xlsx of BENCH_ROWS rows (default 100,000) for BENCH_UNITS units
(default 100), with a title row above the header as people's files have. Each measurement runs in
its own Python process, so each peak is its own:

  * fresh import: every row new (bulk inserts);
  * re-import of the same file: every row matched and unchanged, nothing written;
  * the same two again under tracemalloc, for the peak of Python allocations (tracemalloc slows
    Python code down, so those runs are not timed).

Reported per run: wall time, rows/s, the counts the page would show, the process's peak resident
memory (`resource.getrusage(RUSAGE_SELF).ru_maxrss`) and, beside it, that of a process that only
starts Django, so the import's own share can be read off.

The database is thrown away: a SQLite file in a temporary directory by default; with
BENCH_DATABASE_URL set (e.g. postgres://postgres@127.0.0.1:5432/postgres) a database
`zwgk_bench_import` on that server, dropped first and at the end (also on errors).

Run:  .venv/bin/python benchmarks/ledger_import.py      (or `make bench`, with the others)
Environment (all optional): BENCH_DATABASE_URL, BENCH_ROWS, BENCH_UNITS.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
SERVER_URL = os.environ.get("BENCH_DATABASE_URL", "")
DB_NAME = "zwgk_bench_import"
ROWS = int(os.environ.get("BENCH_ROWS", "100000"))
UNITS = int(os.environ.get("BENCH_UNITS", "100"))
TOPICS = ("春耕备耕", "防汛抗旱", "秸秆禁烧", "医保缴费", "义务教育招生", "农村危房改造", "惠民补贴发放",
          "安全生产检查", "人居环境整治", "就业技能培训", "财政预算执行", "重大项目建设")
CHANNELS = ("政府信息公开专栏", "通知公告", "政策文件", "财政信息", "重点领域信息公开")


def unit_name(n: int) -> str:
    return f"基准测试第{n:03d}镇"


def write_file(path: Path) -> None:
    """The upload: a title row, the header, ROWS rows over UNITS units (openpyxl write-only)."""
    from openpyxl import Workbook

    rng = random.Random(20240305)
    start = dt.date(2023, 1, 1)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("主动公开信息")
    ws.append(["主动公开信息台账（基准测试）"])
    ws.append(["单位", "标题", "公开事项", "栏目或渠道", "形成或变更日期", "公开日期", "网址"])
    for i in range(ROWS):
        formed = start + dt.timedelta(days=rng.randrange(700))
        published = formed + dt.timedelta(days=rng.randrange(20))
        topic = rng.choice(TOPICS)
        ws.append([unit_name(i % UNITS + 1), f"关于做好{published.year}年{topic}工作的通知（第{i + 1}号）",
                   topic, rng.choice(CHANNELS), formed, published,
                   f"https://www.example.gov.cn/zwgk/{published:%Y%m}/t{i + 1:06d}.html"])
    wb.save(path)


# --- one measurement, in a process of its own -------------------------------------------------

def measure(phase: str, path: str, traced: bool) -> dict:
    import resource
    import tracemalloc

    import django

    django.setup()
    from django.core.files import File

    from zwgk.accounts.models import Membership, Role
    from zwgk.ledgers.models import Publication
    from zwgk.ledgers.importing import import_ledger
    from zwgk.ledgers.spec import BY_SLUG

    result = {}
    if phase == "clear":
        Publication.objects.all().delete()
    elif phase in ("import", "reimport"):
        office = Membership.objects.get(role=Role.OFFICE).user
        if traced:
            tracemalloc.start()
        began = time.perf_counter()
        with open(path, "rb") as f:
            outcome = import_ledger(office, BY_SLUG["publications"], File(f, name="publications.xlsx"))
        result["seconds"] = time.perf_counter() - began
        if traced:
            result["traced_peak"] = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        result["counts"] = [outcome.created, outcome.updated, outcome.unchanged, len(outcome.problems)]
        result["rows"] = Publication.objects.count()
    result["maxrss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: KiB
    return result


def setup_data() -> None:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from zwgk.accounts.models import Membership, Role
    from zwgk.organisations.models import Unit

    call_command("migrate", verbosity=0)
    Unit.objects.bulk_create([Unit(name=unit_name(n), kind=Unit.Kind.TOWNSHIP, order=n) for n in range(1, UNITS + 1)])
    office = get_user_model().objects.create_user("bench-office")
    Membership.objects.create(user=office, role=Role.OFFICE)


def child(env: dict, *args: str) -> dict:
    done = subprocess.run([sys.executable, __file__, *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"{' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- the run ---------------------------------------------------------------------------------

def postgres(create: bool) -> str:
    import psycopg

    with psycopg.connect(SERVER_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        if create:
            conn.execute(f'CREATE DATABASE "{DB_NAME}"')
        return "PostgreSQL " + conn.execute("SHOW server_version").fetchone()[0]


def mb(n: float) -> str:
    return f"{n / 1024 / 1024:,.1f} MB"


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="zwgk-bench-import-"))
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="zwgk.project.settings", MEDIA_ROOT=str(tmp / "media"),
               PYTHONPATH=str(ROOT))
    try:
        if SERVER_URL:
            engine = postgres(create=True)
            env["DATABASE_URL"] = urlsplit(SERVER_URL)._replace(path=f"/{DB_NAME}").geturl()
        else:
            import sqlite3

            engine = f"SQLite {sqlite3.sqlite_version} (file in {tmp})"
            env["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
        path = tmp / "publications.xlsx"
        began = time.perf_counter()
        write_file(path)
        made, size = time.perf_counter() - began, path.stat().st_size
        child(env, "setup")
        baseline = child(env, "measure", "baseline", str(path), "0")
        runs = []
        for label, phase, traced in (("fresh import", "import", False), ("re-import (unchanged)", "reimport", False),
                                     (None, "clear", False),
                                     ("fresh import, traced", "import", True),
                                     ("re-import, traced", "reimport", True)):
            result = child(env, "measure", phase, str(path), "1" if traced else "0")
            if label:
                runs.append((label, result))
    finally:
        if SERVER_URL:
            postgres(create=False)
        shutil.rmtree(tmp, ignore_errors=True)

    print(f"ledger import benchmark: {ROWS:,} publications rows, {UNITS} units, {engine}")
    print(f"file: {mb(size)}, written in {made:.1f} s; "
          f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    print(f"{'run':<24}{'time':>9}{'rows/s':>9}  {'new/upd/same/bad':<26}{'peak RSS':>10}{'py peak':>10}")
    for label, r in runs:
        untimed = "seconds" not in r or label.endswith("traced")
        print(f"{label:<24}{'—' if untimed else format(r['seconds'], '8.1f') + 's':>9}"
              f"{'—' if untimed else format(ROWS / r['seconds'], ',.0f'):>9}  "
              f"{'/'.join(map(str, r['counts'])):<26}{mb(r['maxrss']):>10}"
              f"{mb(r['traced_peak']) if 'traced_peak' in r else '—':>10}")
    print(f"{'(Django started only)':<24}{'':>9}{'':>9}  {'':<26}{mb(baseline['maxrss']):>10}")
    bad = [label for label, r in runs if r["rows"] != ROWS or r["counts"][3]]
    if bad:
        print("FAILED: " + ", ".join(bad) + " did not import every row")
        return 1
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "setup":
        setup_data()
        print("{}")
    elif len(sys.argv) > 1 and sys.argv[1] == "measure":
        print(json.dumps(measure(sys.argv[2], sys.argv[3], sys.argv[4] == "1")))
    else:
        sys.exit(main())
