"""Recomputing every ledger indicator for a county of 10,000 units × 100 rows per ledger, on PostgreSQL.

What it measures: `compute_all` (zwgk.indicators.compute) for all units over the year 2025 — every
registered indicator with its default parameters, as the office's recompute runs it — and, in the
same process and on the same rows, a hand-written SQL query per indicator giving the same figures
(checked: the script reports whether they agree). The ratio compute ÷ SQL is the price of the
indicator code (Django, provisional flags, the drill-down's shape) over the bare query; the
target is 2×. It also times one plain aggregation without the working-day table,
`count(*) filter (where published_on - formed_on > 28) group by unit_id`, as a floor.

Data: a fresh database (dropped first and at the end, also on errors), migrated, then filled with
COPY: 10,000 units; 100 rows per unit in every ledger (公文, 主动公开信息, 政策解读 each attached
to a policy document, 新媒体发布 over two accounts per unit, 留言, 公报, 通报, 会议, 舆情, 报送事项,
内容清单) — 1,000,000 rows per ledger — with seeded random dates in and around 2025; ANALYZE.
Generation time is reported on its own. Each measurement is the best of BENCH_RUNS runs
(time.perf_counter, wall clock), after one warm-up run that also builds the DayNumber table.

Run:  .venv/bin/python benchmarks/indicators.py
Environment (optional): BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/zwgk_bench_ind;
the name must contain "bench", the database is dropped), BENCH_UNITS (10000), BENCH_ROWS (100),
BENCH_RUNS (3).
"""
from __future__ import annotations

import calendar
import datetime as dt
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

import psycopg
from psycopg.conninfo import conninfo_to_dict

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/zwgk_bench_ind")
UNITS = int(os.environ.get("BENCH_UNITS", "10000"))
ROWS = int(os.environ.get("BENCH_ROWS", "100"))
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
YEAR = 2025
START, END, AFTER = dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31), dt.date(YEAR + 1, 1, 1)
FORMS = ["文字"] * 6 + ["图解", "视频", "动漫", "新闻发布会", "在线访谈", "其他"]
CHANNELS = ['["政府网站"]', '["政府网站", "微信"]', '["微博"]', '[]', '["政府网站", "报纸"]', '["政府网站"]']
LEVELS = ["国务院办公厅", "省政府办公厅", "市政府办公室", "县政府办公室"]
SUBJECTS = ["民生实事推进情况", "标准目录执行情况检查", "自查报告", "月度信息报送"]
FREQUENCIES = ["及时", "两周", "月", "季", "年度"]


def database(create: bool) -> None:
    name = conninfo_to_dict(DATABASE_URL).get("dbname", "")
    if "bench" not in name:
        sys.exit(f"BENCH_DATABASE_URL names {name!r}; the benchmark drops its database, so it must contain 'bench'.")
    with psycopg.connect(DATABASE_URL, dbname="postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if create:
            conn.execute(f'CREATE DATABASE "{name}"')


# --- data ---------------------------------------------------------------------------------------

def ledgers(rng: random.Random):
    """(model, columns, rows) for every table, rows generated lazily; ids given explicitly."""
    from zwgk.ledgers import models as m
    from zwgk.organisations.models import Unit

    now = dt.datetime.now(dt.timezone.utc)
    day = [START + dt.timedelta(days=k) for k in range(-60, 430)]  # day[k + 60] is START + k

    def d(k):
        return day[k + 60]

    def rows(make):
        for u in range(1, UNITS + 1):
            for j in range(ROWS):
                yield (u * ROWS + j, u, now, *make(u, j))

    issued = {}  # document id -> offset in the year, for its interpretations

    def document(u, j):
        k = issued[u * ROWS + j] = rng.randrange(-20, 365)
        policy, attr = j % 3 == 0, "主动公开" if j % 10 < 8 else ("依申请公开" if j % 10 == 8 else "不予公开")
        reason, basis = ("涉及第三方" if rng.random() < .8 else "", "条例第十五条" if rng.random() < .8 else "")
        return (f"文{j}", f"文件{j}", "", d(k), policy, attr, reason, basis, "", None, "", None, "",
                "无需解读" if policy and rng.random() < .1 else "")

    def interpretation(u, j):
        return (f"解读{j}", rng.choice(FORMS), rng.choice(CHANNELS),
                d(issued[u * ROWS + (j % 34) * 3] + rng.randrange(0, 7)), rng.random() < .85, "")

    def publication(u, j):
        k = rng.randrange(-30, 365)
        item = f"事项{rng.randrange(ROWS)}" if rng.random() < .7 else ""
        return f"信息{j}", item, "", d(k), d(k + rng.randrange(0, 41)), ""

    def message(u, j):
        k = rng.randrange(0, 365)
        return "留言板", str(j), "", d(k), None if rng.random() < .05 else d(k + rng.randrange(0, 6))

    def gazette(u, j):
        k = rng.randrange(0, 365)
        return str(j), d(k), None if rng.random() < .05 else d(k + rng.randrange(0, 10))

    def submission(u, j):  # due dates 14 days apart per subject: the natural key (unit, subject, due_on)
        k = j // 4 * 14 + rng.randrange(0, 14)
        return SUBJECTS[j % 4], d(k), None if rng.random() < .1 else d(k + rng.randrange(-10, 4))

    through = m.Interpretation.documents.through
    yield Unit, ["id", "name", "kind", "ranking_group", "order", "active"], (
        (u, f"单位{u:05d}", "乡镇" if u % 3 else "县直单位", "", u, True) for u in range(1, UNITS + 1))
    yield m.Document, ["number", "title", "issuer", "issued_on", "is_policy", "attribute", "reason", "basis",
                       "lead_unit", "reviewed_on", "review_result", "changed_on", "changed_to",
                       "no_interpretation_reason"], rows(document)
    yield m.Interpretation, ["title", "form", "channels", "published_on", "linked", "url"], rows(interpretation)
    yield through, ["id", "interpretation_id", "document_id"], (
        (u * ROWS + j, u * ROWS + j, u * ROWS + (j % 34) * 3) for u in range(1, UNITS + 1) for j in range(ROWS))
    yield m.MediaAccount, ["id", "unit_id", "updated_at", "platform", "name", "service_account"], (
        (u * 2 + k, u, now, ["微信公众号", "微博"][k], f"{u}-{k}", u % 10 == 0 and k == 1)
        for u in range(1, UNITS + 1) for k in range(2))
    yield m.MediaPost, ["account_id", "posted_on", "title", "is_interpretation"], rows(
        lambda u, j: (u * 2 + j % 2, d(rng.randrange(0, 365)), f"信息{j}", rng.random() < .05))
    yield m.Publication, ["title", "item", "channel", "formed_on", "published_on", "url"], rows(publication)
    yield m.Message, ["channel", "reference", "subject", "received_on", "replied_on"], rows(message)
    yield m.GazetteIssue, ["issue", "printed_on", "online_on"], rows(gazette)
    yield m.Circular, ["kind", "level", "number", "issued_on", "subject", "about_media"], rows(
        lambda u, j: ("通报" if rng.random() < .8 else "表彰", rng.choice(LEVELS), str(j),
                      d(rng.randrange(-30, 365)), "检查", rng.random() < .3))
    yield m.Meeting, ["kind", "held_on", "topic", "attendees", "has_minutes"], rows(
        lambda u, j: ("会议", d(rng.randrange(0, 365)), f"会议{j}", 10, True))
    yield m.Opinion, ["found_on", "subject", "responded_on", "response", "large"], rows(
        lambda u, j: (d(rng.randrange(0, 365)), f"舆情{j}", None, "", False))
    yield m.Submission, ["subject", "due_on", "submitted_on"], rows(submission)
    yield m.ContentItem, ["category", "content", "frequency"], rows(
        lambda u, j: ("", f"事项{j}", rng.choice(FREQUENCIES)))


def generate() -> int:
    from django.db import connection

    total, rng = 0, random.Random(YEAR)
    with connection.cursor() as cursor:
        raw = cursor.cursor
        for model, fields, rows in ledgers(rng):
            meta = model._meta
            columns = fields if fields[0] == "id" else ["id", "unit_id", "updated_at", *fields]
            names = ", ".join(f'"{meta.get_field(c).column if c != "id" else "id"}"' for c in columns)
            with raw.copy(f'COPY "{meta.db_table}" ({names}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(row)
                    total += 1
            raw.execute(f"SELECT setval(pg_get_serial_sequence('\"{meta.db_table}\"', 'id'), "
                        f"(SELECT max(id) FROM \"{meta.db_table}\"))")
        raw.execute("ANALYZE")
    return total


# --- the hand-written SQL ---------------------------------------------------------------------------

def _months_back(months: int) -> dt.date:
    year, month = divmod(END.year * 12 + END.month - 1 - months, 12)
    return dt.date(year, month + 1, min(END.day, calendar.monthrange(year, month + 1)[1]))


def _late(table, start, done, dated, n, unanswered=True):
    done_sql = f"COALESCE(r.{done}, %s)" if unanswered else f"r.{done}"
    return (f"""SELECT r.unit_id, count(*) FILTER (WHERE d.number + (NOT d.workday)::int > s.number + {n})
                FROM {table} r JOIN workdays_daynumber s ON s.date = r.{start}
                JOIN workdays_daynumber d ON d.date = {done_sql}
                WHERE r.{dated} BETWEEN %s AND %s GROUP BY r.unit_id""", ([AFTER] if unanswered else []) + [START, END])


def _rate(hit):
    return (f"SELECT unit_id, count(*), count(*) FILTER (WHERE {hit}) FROM ledgers_interpretation "
            "WHERE published_on BETWEEN %s AND %s GROUP BY unit_id", [START, END])


def _windows(subject, dates):
    starts = [START] + [d + dt.timedelta(days=1) for d in dates[:-1]]
    missed = " + ".join("(count(*) FILTER (WHERE submitted_on BETWEEN %s AND %s) = 0)::int" for _ in dates)
    return (f"SELECT unit_id, {missed} FROM ledgers_submission WHERE subject LIKE %s "
            "AND submitted_on BETWEEN %s AND %s GROUP BY unit_id",
            [x for w in zip(starts, dates) for x in w] + [f"%{subject}%", START, dates[-1]])


def _media():
    """The slots as two small tables — slot → posts required, day → slot — joined by equality."""
    from zwgk.indicators.media import slots

    plan = slots((START, END))
    required = ", ".join(f"({i}, {s.required})" for i, s in enumerate(plan))
    days = ", ".join(f"(DATE '{s.first + dt.timedelta(days=k)}', {i})" for i, s in enumerate(plan)
                     for k in range((s.last - s.first).days + 1))
    return (f"""WITH s(i, req) AS (VALUES {required}), day(d, i) AS (VALUES {days}),
                a AS (SELECT id, unit_id FROM ledgers_mediaaccount WHERE NOT service_account),
                c AS (SELECT p.account_id, day.i, count(*) AS n FROM ledgers_mediapost p
                      JOIN day ON day.d = p.posted_on GROUP BY 1, 2)
                SELECT a.unit_id, sum(s.req - least(coalesce(c.n, 0), s.req)) FROM a CROSS JOIN s
                LEFT JOIN c ON c.account_id = a.id AND c.i = s.i GROUP BY a.unit_id""", [])


def hand_sql() -> dict[str, tuple[str, list, object]]:
    """Per indicator: the SQL a developer would write for it, its parameters, and the figure of a
    unit the query returns no row for."""
    period = [START, END]
    fortnight, month, quarter, year = END - dt.timedelta(days=14), _months_back(1), _months_back(3), _months_back(12)
    checks = [dt.date(YEAR, 7, 31), dt.date(YEAR, 9, 30), dt.date(YEAR, 11, 30)]
    livelihood = [dt.date(YEAR, 4, 30), dt.date(YEAR, 7, 31), dt.date(YEAR, 10, 31), dt.date(YEAR + 1, 1, 31)]
    return {
        "publication_late": (*_late("ledgers_publication", "formed_on", "published_on", "published_on", 20, False), 0),
        "message_reply_late": (*_late("ledgers_message", "received_on", "replied_on", "received_on", 2), 0),
        "gazette_online_late": (*_late("ledgers_gazetteissue", "printed_on", "online_on", "printed_on", 5), 0),
        "months_under_minimum": (
            "SELECT unit_id, 12 - count(*) FILTER (WHERE n >= 5) FROM (SELECT unit_id, date_trunc('month', "
            "published_on), count(*) AS n FROM ledgers_publication WHERE published_on BETWEEN %s AND %s "
            "GROUP BY 1, 2) t GROUP BY unit_id", period, 12),
        "content_items_overdue": (
            """SELECT c.unit_id, count(*) FROM ledgers_contentitem c WHERE NOT EXISTS (
                 SELECT 1 FROM ledgers_publication p WHERE p.unit_id = c.unit_id AND p.item = c.content
                 AND p.published_on <= %s AND p.published_on >= CASE c.frequency WHEN '两周' THEN %s::date
                 WHEN '月' THEN %s::date WHEN '季' THEN %s::date WHEN '年度' THEN %s::date
                 ELSE '0001-01-01'::date END) GROUP BY c.unit_id""", [END, fortnight, month, quarter, year], 0),
        "interpretation_late": (
            """SELECT d.unit_id, count(*) FROM ledgers_document d WHERE d.is_policy
                 AND d.issued_on BETWEEN %s AND %s AND d.no_interpretation_reason = '' AND NOT EXISTS (
                 SELECT 1 FROM ledgers_interpretation_documents m JOIN ledgers_interpretation i
                 ON i.id = m.interpretation_id WHERE m.document_id = d.id AND i.linked
                 AND i.published_on <= d.issued_on + 3) GROUP BY d.unit_id""", period, 0),
        "interpretation_diverse_rate": (*_rate("form <> '文字'"), None),
        "interpretation_channel_rate": (*_rate("""channels <> '[]' AND channels <> '["政府网站"]'"""), None),
        "media_missing_posts": (*_media(), 0),
        "media_interpretations_short": (
            "SELECT unit_id, greatest(5 - count(*), 0) FROM ledgers_mediapost WHERE is_interpretation "
            "AND posted_on BETWEEN %s AND %s GROUP BY unit_id", period, 5),
        "circulars_by_level": (
            "SELECT unit_id, level, count(*) FROM ledgers_circular WHERE kind = '通报' "
            "AND issued_on BETWEEN %s AND %s GROUP BY 1, 2", period, {}),
        "submissions_missed": (
            "SELECT unit_id, count(*) FILTER (WHERE submitted_on > due_on OR submitted_on IS NULL "
            "AND due_on < current_date) FROM ledgers_submission WHERE due_on BETWEEN %s AND %s "
            "GROUP BY unit_id", period, 0),
        "livelihood_reports_missed": (*_windows("民生实事", livelihood), 4),
        "checks_missed": (*_windows("检查", checks), 3),
        "documents_nonpublic_unreasoned": (
            "SELECT unit_id, count(*) FILTER (WHERE reason = '' OR basis = '') FROM ledgers_document "
            "WHERE attribute <> '主动公开' AND issued_on BETWEEN %s AND %s GROUP BY unit_id", period, 0),
    }


FLOOR = ("SELECT unit_id, count(*) FILTER (WHERE published_on - formed_on > 28) FROM ledgers_publication "
         "WHERE published_on BETWEEN %s AND %s GROUP BY unit_id", [START, END])


def figures(indicator_id: str, rows: list[tuple]) -> dict:
    """The hand-written query's rows as {unit: figure}, shaped like the indicator's values."""
    if indicator_id == "circulars_by_level":
        out: dict = {}
        for unit, level, n in rows:
            out.setdefault(unit, {})[level] = n
        return out
    if indicator_id.endswith("_rate"):
        return {unit: Decimal(hits) / Decimal(total) for unit, total, hits in rows}
    return {unit: figure for unit, figure in rows}


def agree(indicator_id: str, values: dict, rows: list[tuple], missing) -> str:
    found = figures(indicator_id, rows)
    differ = sum(found.get(unit, missing) != value.value for unit, value in values.items())
    provisional = sum(value.provisional for value in values.values())
    return ("same figures" if not differ else f"{differ} units differ") + (
        f", {provisional} provisional" if provisional else "")


# --- measuring ------------------------------------------------------------------------------------

def best(fn):
    times, result = [], None
    for _ in range(RUNS):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return min(times), result


def main() -> None:
    database(create=True)
    try:
        os.environ["DATABASE_URL"] = DATABASE_URL
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zwgk.project.settings")
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0)
        from django.db import connection

        from zwgk.indicators.compute import compute_all
        from zwgk.indicators.registry import REGISTRY
        from zwgk.workdays.daynumbers import ensure_day_numbers

        t = time.perf_counter()
        rows = generate()
        print(f"generated {rows:,} rows ({UNITS:,} units × {ROWS} per ledger) in {time.perf_counter() - t:.1f} s")
        t = time.perf_counter()
        ensure_day_numbers(YEAR - 1, YEAR + 1)
        print(f"DayNumber table built in {time.perf_counter() - t:.2f} s")
        ids = list(range(1, UNITS + 1))
        period = (START, END)
        compute_all(ids, period)  # warm-up: caches, the calendar, PostgreSQL's buffers
        raw = connection.cursor().cursor

        def run(sql, params):
            return lambda: raw.execute(sql, params).fetchall()

        hand = hand_sql()

        print(f"\n{'indicator':32} {'compute ms':>11} {'SQL ms':>9} {'ratio':>6}  figures")
        total_sql = total_ind = 0.0
        for indicator in REGISTRY.values():
            t_ind, values = best(lambda: indicator.per_unit(ids, period))
            if indicator.id not in hand:  # its ledger is not generated here, so no query to compare
                print(f"{indicator.id:32} {t_ind * 1000:11.0f} {'—':>9} {'—':>6}  (no hand-written query)")
                continue
            sql, params, missing = hand[indicator.id]
            t_sql, rows = best(run(sql, params))
            total_sql += t_sql
            total_ind += t_ind
            print(f"{indicator.id:32} {t_ind * 1000:11.0f} {t_sql * 1000:9.0f} {t_ind / t_sql:6.2f}  "
                  f"{agree(indicator.id, values, rows, missing)}")
        t_all, _ = best(lambda: compute_all(ids, period))
        t_floor, _ = best(run(*FLOOR))
        print(f"\ncompute_all, every indicator, {UNITS:,} units: {t_all * 1000:.0f} ms")
        print(f"the {len(hand)} indicators with a hand-written query: {total_ind * 1000:.0f} ms; "
              f"their hand-written SQL: {total_sql * 1000:.0f} ms (ratio {total_ind / total_sql:.2f}, target ≤ 2)")
        print(f"one plain aggregation (published_on - formed_on > 28, no working days): {t_floor * 1000:.0f} ms")
    finally:
        from django.db import connections

        connections.close_all()
        database(create=False)


if __name__ == "__main__":
    main()
