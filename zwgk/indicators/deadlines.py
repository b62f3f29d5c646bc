"""Done within N working days of a start: publication, replies to messages, gazette e-versions.

All three ask WorkCalendar.deadline_met(start, done, n) of every row, in SQL over the DayNumber
table (zwgk.workdays.daynumbers) so that a county's million rows take one query:

* the deadline is the n-th working day after the start (the start itself not counted);
* done on or before it is on time; done after it — even on a day off right after it — is late;
  in day numbers: ``number(done) + (0 if done is a working day else 1) > number(start) + n``;
* a row not done at all (no reply, no e-version) is taken as done the day after the period ends,
  so it is late when its deadline fell within the period, and not yet counted otherwise;
* provisional, as deadline_met says: for a late row when a day up to the deadline is provisional
  (``firm_ahead(start) < n``); for a row on time when a day after the start up to the day it was
  done is (``provisional_number(done) > provisional_number(start)``);
* a date outside the DayNumber table's years (a typing slip such as 1921) counts as on time but
  makes the unit's figure provisional, so it is looked at rather than silently dropped.
"""
from __future__ import annotations

import datetime as dt

from django.db.models.expressions import RawSQL

from zwgk.indicators.registry import Indicator, Period, counts, register
from zwgk.indicators.sql import column, fetch, table, unit_sql
from zwgk.ledgers.models import GazetteIssue, Message, Publication
from zwgk.workdays.daynumbers import ensure_day_numbers
from zwgk.workdays.models import DayNumber


def late_rows(model, start: str, done: str, dated: str, n: int, period: Period, ids: list[int]) -> tuple[str, list]:
    """SQL for the rows dated in the period: id, unit_id, hit (1 late, 0 on time), provisional."""
    if n < 1:
        raise ValueError("the number of working days must be 1 or more")
    ensure_day_numbers(period[0].year - 1, period[1].year + 1)
    days, number, workday = table(DayNumber), column(DayNumber, "number"), column(DayNumber, "workday")
    key = column(DayNumber, "date")
    late = f"d.{number} + CASE WHEN d.{workday} THEN 0 ELSE 1 END > s.{number} + %s"
    missing = f"s.{key} IS NULL OR d.{key} IS NULL"
    where, unit_params = unit_sql("r", ids)
    sql = f"""
        SELECT r.id AS id, r.unit_id AS unit_id,
               CASE WHEN {missing} THEN NULL WHEN {late} THEN 1 ELSE 0 END AS hit,
               CASE WHEN {missing} THEN 1
                    WHEN {late} THEN CASE WHEN s.{column(DayNumber, "firm_ahead")} < %s THEN 1 ELSE 0 END
                    WHEN d.{column(DayNumber, "provisional_number")}
                         > s.{column(DayNumber, "provisional_number")} THEN 1
                    ELSE 0 END AS provisional
        FROM {table(model)} r
        LEFT JOIN {days} s ON s.{key} = r.{column(model, start)}
        LEFT JOIN {days} d ON d.{key} = COALESCE(r.{column(model, done)}, %s)
        WHERE r.{column(model, dated)} BETWEEN %s AND %s{where}"""
    after = period[1] + dt.timedelta(days=1)
    return sql, [n, n, n, after, period[0], period[1], *unit_params]


def _indicator(id: str, label: str, model, dated: str, start: str, done: str, days: int,
               definition: str) -> Indicator:
    def compute(ids, period, params):
        sql, args = late_rows(model, start, done, dated, params["days"], period, ids)
        return counts(ids, fetch(f"SELECT unit_id, COUNT(*), SUM(hit), MAX(provisional) FROM ({sql}) t "
                                 "GROUP BY unit_id", args))

    def drill(unit, period, params):
        sql, args = late_rows(model, start, done, dated, params["days"], period, [unit])
        return model.objects.filter(pk__in=RawSQL(f"SELECT id FROM ({sql}) t WHERE hit = 1", args))

    return register(Indicator(id, label, model, "count", definition, compute, drill, {"days": days}))


publication_late = _indicator(
    "publication_late", "超过规定工作日公开的信息", Publication, "published_on", "formed_on", "published_on", 20,
    "公开日期在考核期内的主动公开信息中，公开日期晚于形成或变更日期后第N个工作日（默认20）的条数。")
message_reply_late = _indicator(
    "message_reply_late", "超过规定工作日答复的留言", Message, "received_on", "received_on", "replied_on", 2,
    "收到日期在考核期内的网民留言中，答复晚于收到后第N个工作日（默认2）的条数；"
    "至考核期末未答复且答复期限已过的也计入。")
gazette_online_late = _indicator(
    "gazette_online_late", "未按期发布电子版的公报", GazetteIssue, "printed_on", "printed_on", "online_on", 5,
    "印发日期在考核期内的政府公报中，电子版上网晚于印发后第N个工作日（默认5）的期数；"
    "至考核期末未上网且期限已过的也计入。")
