"""Latency of the self-assessment and review pages for 50 concurrent users, on PostgreSQL.

What it measures: the demo county (`zwgk.demo.data.load_demo`: 20 units, the 2022 campaign in
its review phase, 40 items x 20 units) served by waitress as `make run` starts it
(`waitress-serve --threads=8 zwgk.project.wsgi:application`, DEBUG off), driven from this
process (asyncio + httpx, one client and cookie jar per user), in two runs: people who read
what they open (a random think time of 2 s on average after each request), then a closed loop
with no think time, which measures the server's capacity rather than what people wait:

  * 25 unit users (reporters and heads, every unit at least once) each loop on
    GET their unit's item list, then GET a random item of their unit (self-assessment page);
  * 25 assessor sessions (`pingshen`, logged in 25 times) each loop on
    GET a random entry of the campaign (review page), then POST its live-score preview with
    a random count in each count input, as review.js does while the assessor types (items
    without count inputs are previewed with no findings).

After a warm-up (not measured) it counts the requests started during the measured period and
prints, per page kind and overall: requests, throughput, p50/p95/p99/max latency in ms and
errors (any status but 200, a preview answering ok=false, or a transport error), with the
machine context and the CPU used by server, load generator and the whole machine. Whether p95
meets the 200 ms target is reported, not asserted; the run fails (exit 1) when more than 1% of
the requests are errors.

It creates a fresh database (dropped first if it exists, and dropped again at the end), runs
`migrate`, `load_builtin_schemes` and the demo loader into it, and starts the server on a free
port of 127.0.0.1; the server is stopped and the database dropped even on errors or Ctrl+C.

Run:  .venv/bin/python benchmarks/load_campaign.py      (or `make bench`, with the others)
Environment (all optional):
  BENCH_DATABASE_URL  postgres://postgres@127.0.0.1:5432/zwgk_bench  (its name must contain
                      "bench": the database is dropped)
  BENCH_SECONDS       measured period, default 30      BENCH_WARMUP   warm-up, default 5
  BENCH_USERS         concurrent users, default 50 (half unit users, half assessor sessions)
  BENCH_THREADS       waitress threads, default 8 (as `make run`)
  BENCH_THINK         mean think times in seconds, one run each, default "2,0"
                      (0 = closed loop)
"""
from __future__ import annotations

import asyncio
import json
import math
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psycopg
from psycopg.conninfo import conninfo_to_dict

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/zwgk_bench")
SECONDS = float(os.environ.get("BENCH_SECONDS", "30"))
WARMUP = float(os.environ.get("BENCH_WARMUP", "5"))
USERS = int(os.environ.get("BENCH_USERS", "50"))
THREADS = int(os.environ.get("BENCH_THREADS", "8"))
THINKS = [float(t) for t in os.environ.get("BENCH_THINK", "2,0").split(",")]
THINK = THINKS[0]  # the run in progress
TARGET_MS = 200.0
MAX_ERROR_RATE = 0.01
KINDS = {
    "unit": "unit page (item list)",
    "self": "self-assessment entry page",
    "review": "review entry page",
    "preview": "preview POST (live score)",
}

# Run inside the bench database by `manage.py shell`: load the demo, print what the load needs.
SETUP_CODE = """
import json
from zwgk.accounts.models import Membership
from zwgk.campaigns.findings import fields_for
from zwgk.campaigns.models import Campaign
from zwgk.demo.data import load_demo
from zwgk.schemes.reading import engine_scheme

password, _ = load_demo()
campaign = Campaign.objects.get(scheme__scheme_id="xunwu-2022", phase=Campaign.Phase.REVIEW)
scheme = engine_scheme(campaign.scheme)
counts = {}
for item in scheme.items:
    counts[str(item.id)] = [f.name for f in fields_for(item) if f.input == "count"]
entries = list(campaign.entries.values_list("pk", "unit_id", "item_id"))
units = sorted({u for _, u, _ in entries})
people = dict(Membership.objects.filter(unit__in=units, user__username__regex=r"^(lianluo|fuze)[0-9]+$")
              .values_list("user__username", "unit_id"))
print("BENCH-SETUP " + json.dumps({
    "password": password, "campaign": campaign.pk, "units": units, "people": people,
    "entries": [[pk, unit, str(item)] for pk, unit, item in entries], "counts": counts,
}))
"""


# --- database and server --------------------------------------------------------------------

def db_name(url: str) -> str:
    name = conninfo_to_dict(url).get("dbname", "")
    if "bench" not in name:
        sys.exit(f"BENCH_DATABASE_URL names the database {name!r}; this benchmark drops its database, "
                 "so the name must contain 'bench'.")
    return name


def drop_database(url: str, create: bool = False) -> str:
    """Drop the bench database (and create it afresh); returns the server's version."""
    name = db_name(url)
    with psycopg.connect(url, dbname="postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if create:
            conn.execute(f'CREATE DATABASE "{name}"')
        return conn.execute("SHOW server_version").fetchone()[0]


def django_env() -> dict:
    env = dict(os.environ, DATABASE_URL=DATABASE_URL, DEBUG="false", ALLOWED_HOSTS="127.0.0.1")
    env.setdefault("DJANGO_SETTINGS_MODULE", "zwgk.project.settings")
    return env


def manage(*args: str) -> str:
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=django_env(),
                          capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"manage.py {' '.join(args[:1])} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


def prepare() -> dict:
    manage("migrate", "--noinput")
    manage("load_builtin_schemes")
    out = manage("shell", "-c", SETUP_CODE)
    line = next(ln for ln in out.splitlines() if ln.startswith("BENCH-SETUP "))
    return json.loads(line.removeprefix("BENCH-SETUP "))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, log) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "waitress", f"--listen=127.0.0.1:{port}", f"--threads={THREADS}",
           "zwgk.project.wsgi:application"]
    server = subprocess.Popen(cmd, cwd=ROOT, env=django_env(), stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"waitress exited with {server.returncode}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/accounts/login/", timeout=2).status_code == 200:
                return server
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError("waitress did not answer within 30 s")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def cpu_seconds(pid: int | None = None) -> float:
    """CPU time (user + system) of a process, or busy time of the whole machine; 0 off Linux."""
    try:
        if pid is None:
            fields_ = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
            idle = int(fields_[3]) + int(fields_[4])
            return (sum(int(x) for x in fields_[:8]) - idle) / os.sysconf("SC_CLK_TCK")
        stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


# --- the load -------------------------------------------------------------------------------

@dataclass
class Sample:
    kind: str
    started: float
    ms: float
    error: str | None


@dataclass
class Run:
    measure_from: float = math.inf
    measure_to: float = math.inf
    stop: bool = False
    samples: list[Sample] = field(default_factory=list)
    cpu_start: tuple = ()
    cpu_end: tuple = ()


async def timed(run: Run, kind: str, request) -> httpx.Response | None:
    started = time.perf_counter()
    error = response = None
    try:
        response = await request
        if response.status_code != 200:
            error = f"HTTP {response.status_code}"
        elif kind == "preview" and not response.json().get("ok"):
            error = "preview ok=false"
    except (httpx.HTTPError, ValueError) as exc:  # ValueError: a preview answering something not JSON
        error = type(exc).__name__
    run.samples.append(Sample(kind, started, (time.perf_counter() - started) * 1000, error))
    return response


async def think(rng: random.Random) -> None:
    if THINK > 0:
        await asyncio.sleep(rng.uniform(0, 2 * THINK))


async def login(client: httpx.AsyncClient, username: str, password: str) -> None:
    await client.get("/accounts/login/")
    token = client.cookies["csrftoken"]
    r = await client.post("/accounts/login/", data={
        "username": username, "password": password, "csrfmiddlewaretoken": token})
    if r.status_code != 302 or "sessionid" not in client.cookies:
        raise RuntimeError(f"login as {username} failed: HTTP {r.status_code}")


async def unit_user(run: Run, client: httpx.AsyncClient, campaign: int, unit: int, entries: list[int], rng) -> None:
    while not run.stop:
        await timed(run, "unit", client.get(f"/campaigns/{campaign}/units/{unit}/"))
        await think(rng)
        await timed(run, "self", client.get(f"/campaigns/{campaign}/entries/{rng.choice(entries)}/"))
        await think(rng)


async def assessor(run: Run, client: httpx.AsyncClient, campaign: int, entries: list, counts: dict, rng) -> None:
    while not run.stop:
        entry, item = rng.choice(entries)
        page = f"/campaigns/{campaign}/entries/{entry}/"
        await timed(run, "review", client.get(page))
        await think(rng)
        data = {name: str(rng.randint(0, 5)) for name in counts[item]}
        await timed(run, "preview", client.post(page + "preview/", data=data,
                                                headers={"X-CSRFToken": client.cookies["csrftoken"]}))
        await think(rng)


def user_plan(setup: dict, n: int) -> tuple[list[str], int]:
    """Unit accounts for the first half (each unit once, alternating reporter and head, then the
    other role), assessor sessions for the rest."""
    units = setup["units"]
    by_unit = {}
    for username, unit in setup["people"].items():
        by_unit.setdefault(unit, {})[re.sub(r"\d+$", "", username)] = username
    n_unit = n - n // 2
    accounts = []
    for i in range(n_unit):
        roles = by_unit[units[i % len(units)]]
        role = ("lianluo", "fuze")[(i + i // len(units)) % 2]
        accounts.append(roles[role])
    return accounts, n - n_unit


async def load(port: int, setup: dict, server_pid: int) -> Run:
    run = Run()
    campaign = setup["campaign"]
    unit_accounts, n_assessors = user_plan(setup, USERS)
    by_unit: dict[int, list[int]] = {}
    for pk, unit, _ in setup["entries"]:
        by_unit.setdefault(unit, []).append(pk)
    all_entries = [(pk, item) for pk, _, item in setup["entries"]]

    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    clients = [httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=60, limits=limits)
               for _ in range(USERS)]
    tasks: list[asyncio.Task] = []
    try:
        accounts = unit_accounts + ["pingshen"] * n_assessors
        gate = asyncio.Semaphore(8)  # password hashing is slow: do not queue 50 logins at once

        async def sign_in(client, username):
            async with gate:
                await login(client, username, setup["password"])

        await asyncio.gather(*(sign_in(c, u) for c, u in zip(clients, accounts)))

        for i, (client, username) in enumerate(zip(clients, accounts)):
            rng = random.Random(1000 + i)
            if i < len(unit_accounts):
                unit = setup["people"][username]
                work = unit_user(run, client, campaign, unit, by_unit[unit], rng)
            else:
                work = assessor(run, client, campaign, all_entries, setup["counts"], rng)
            tasks.append(asyncio.create_task(work))
        run.measure_from = time.perf_counter() + WARMUP
        run.measure_to = run.measure_from + SECONDS
        await asyncio.sleep(WARMUP)
        run.cpu_start = (cpu_seconds(server_pid), time.process_time(), cpu_seconds())
        await asyncio.sleep(run.measure_to - time.perf_counter())
        run.cpu_end = (cpu_seconds(server_pid), time.process_time(), cpu_seconds())
        run.stop = True
        await asyncio.gather(*tasks)  # in-flight requests finish; only those started in the window count
    finally:
        run.stop = True
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await asyncio.gather(*(c.aclose() for c in clients))
    return run


# --- report ---------------------------------------------------------------------------------

def percentile(ordered: list[float], p: float) -> float:
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)] if ordered else math.nan


def report(run: Run, context: dict) -> bool:
    measured = [s for s in run.samples if run.measure_from <= s.started < run.measure_to]
    print(f"machine: {os.cpu_count()} CPUs, PostgreSQL {context['pg']}, waitress --threads={THREADS}, "
          f"{USERS} users ({context['unit_users']} unit, {context['assessors']} assessor sessions), "
          f"think time {THINK:g} s, warm-up {WARMUP:g} s, measured {SECONDS:g} s")
    head = f"{'page':<28}{'requests':>9}{'req/s':>8}{'p50':>8}{'p95':>8}{'p99':>8}{'max':>8}{'errors':>8}"
    print(head + "\n" + "-" * len(head))
    rows = [(KINDS[k], [s for s in measured if s.kind == k]) for k in KINDS] + [("all", measured)]
    for label, samples in rows:
        ms = sorted(s.ms for s in samples)
        errors = sum(1 for s in samples if s.error)
        print(f"{label:<28}{len(ms):>9}{len(ms) / SECONDS:>8.1f}{percentile(ms, 50):>8.0f}"
              f"{percentile(ms, 95):>8.0f}{percentile(ms, 99):>8.0f}{(ms[-1] if ms else math.nan):>8.0f}{errors:>8}")
    print("(latencies in ms)")
    cpu = context["cpu"]
    print(f"CPU during the measured period, in cores: waitress {cpu['server']:.2f}, "
          f"load generator {cpu['client']:.2f}, whole machine {cpu['machine']:.2f} of {os.cpu_count()}")
    if measured:
        # Closed loop (Little's law): users = throughput x (mean latency + mean think time), so
        # once the server is saturated its CPU per request sets the latency.
        print(f"waitress CPU per request: {cpu['server'] * SECONDS / len(measured) * 1000:.1f} ms "
              f"(capacity at that cost, one process: ~{len(measured) / SECONDS / max(cpu['server'], 1e-9):.0f} req/s "
              f"per core)")
    if context["queue_warnings"]:
        print(f"waitress reported a task queue backlog {context['queue_warnings']} times")

    all_ms = sorted(s.ms for s in measured)
    p95 = percentile(all_ms, 95)
    over = [KINDS[k] for k in KINDS if percentile(sorted(s.ms for s in measured if s.kind == k), 95) >= TARGET_MS]
    verdict = "met" if p95 < TARGET_MS and not over else "NOT met"
    print(f"target p95 < {TARGET_MS:.0f} ms: {verdict} (all pages p95 {p95:.0f} ms"
          + (f"; over: {', '.join(over)})" if over else ")"))

    errors = [s for s in measured if s.error]
    if errors:
        kinds: dict[str, int] = {}
        for s in errors:
            kinds[f"{s.kind}: {s.error}"] = kinds.get(f"{s.kind}: {s.error}", 0) + 1
        print("errors: " + ", ".join(f"{k} x{n}" for k, n in sorted(kinds.items())))
    rate = len(errors) / len(measured) if measured else 1.0
    if rate > MAX_ERROR_RATE:
        print(f"FAILED: {rate:.1%} of the requests were errors (more than {MAX_ERROR_RATE:.0%})")
        return False
    return True


def main() -> int:
    server = None
    created = False
    log = tempfile.NamedTemporaryFile("w+", prefix="zwgk-bench-waitress-", suffix=".log")
    try:
        pg = drop_database(DATABASE_URL, create=True)
        created = True
        print(f"setting up {db_name(DATABASE_URL)} (migrate, schemes, demo county)...", flush=True)
        setup = prepare()
        port = free_port()
        server = start_server(port, log)
        unit_accounts, n_assessors = user_plan(setup, USERS)
        print(f"waitress on 127.0.0.1:{port}; logging in {USERS} users, then {WARMUP:g} s warm-up "
              f"and {SECONDS:g} s measured...", flush=True)

        ok = True
        global THINK
        for THINK in THINKS:
            print()
            run = asyncio.run(load(port, setup, server.pid))
            cpu = {name: (run.cpu_end[i] - run.cpu_start[i]) / SECONDS
                   for i, name in enumerate(("server", "client", "machine"))}
            log.flush()
            log.seek(0)
            queue_warnings = sum(1 for line in log if "Task queue depth" in line)
            log.truncate(0)
            ok = report(run, {"pg": pg, "unit_users": len(unit_accounts), "assessors": n_assessors,
                              "cpu": cpu, "queue_warnings": queue_warnings}) and ok
        return 0 if ok else 1
    except KeyboardInterrupt:
        print("interrupted: stopping the server and dropping the database", file=sys.stderr)
        return 130
    except Exception:
        log.flush()
        log.seek(0)
        tail = log.read()[-3000:]
        if tail:
            print("--- waitress log (tail) ---\n" + tail, file=sys.stderr)
        raise
    finally:
        if server is not None:
            stop_server(server)
        if created:
            drop_database(DATABASE_URL)
        log.close()


if __name__ == "__main__":
    sys.exit(main())
