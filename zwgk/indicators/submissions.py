"""Dated deliverables (报送事项): rows missed, and fixed due dates without a delivery on time.

submissions_missed: the unit's Submission rows (whose subject contains `subject`, all by default)
due (due_on) in the period and not delivered by then — delivered after due_on, or not at all
with due_on already past (a row due today or later is not missed yet).

deadlines_missed counts due dates written in a rule rather than in the ledger, e.g. 晋城
"未于4月30日、7月31日、10月31日、次年1月底前…公开…民生实事落实推进情况的，每缺一次，扣0.5分" or
"未于7月底、9月底、11月底开展…检查的，每次扣1分". `dates` are written as in the scheme files and
read by zwgk.campaigns.deadlines for the period's first year (次年 = the year after). Each due
date needs its own delivery: a Submission whose subject contains `subject`, delivered
(submitted_on) after the previous due date — or from the period's start, for the first — up to
and including the due date. A due date not yet past today is not counted. Each configuration is
one registered indicator: livelihood_reports_missed (民生实事, four dates) and checks_missed
(检查, end of July, September, November).

deadline_missed is the same count for any rule, its `dates` and `subject` written in the binding
(晋城 item 3: {dates: [年底], subject: 标准目录推进情况}). `opens` moves the first window's start
from the period's start to a later day, for a deliverable due the next year that must not be
satisfied by last year's (华容 item 17: 年报 due 次年1月31日, opens 次年1月1日).
"""
from __future__ import annotations

import datetime as dt

from django.db.models import Count, F, Q
from django.utils import timezone

from zwgk.campaigns.deadlines import parse_deadline
from zwgk.indicators.registry import Indicator, IndicatorValue, Period, count_indicator, register, unit_q
from zwgk.ledgers.models import Submission


def _due(ids, period, params):
    return Submission.objects.filter(unit_q(ids), due_on__range=period, subject__contains=params["subject"])


def _missed() -> Q:
    return Q(submitted_on__gt=F("due_on")) | Q(submitted_on__isnull=True, due_on__lt=timezone.localdate())


submissions_missed = count_indicator(
    "submissions_missed", "未按期报送的事项", Submission,
    "截止日期在考核期内的报送事项中，晚于截止日期报送或截止日期已过仍未报送的项数（可按报送事项名称筛选）。",
    _due, lambda params: _missed(), {"subject": ""})

def due_dates(period: Period, phrases: list[str]) -> list[dt.date]:
    """The rule's due dates for the period, each phrase ("7月底", "次年1月底") giving one date."""
    dates = []
    for phrase in phrases:
        read = parse_deadline(phrase, period[0].year)
        if not read.understood or len(read.dates) != 1:
            raise ValueError(f"“{phrase}”应为一个日期，如“7月31日”“9月底”“次年1月底”")
        dates.append(read.dates[0])
    return sorted(dates)


def _windows(period: Period, phrases: list[str], opens: str = "") -> list[tuple[dt.date, dt.date]]:
    """(first day, due date) of each due date's delivery window, for due dates already past."""
    dates, today = due_dates(period, phrases), timezone.localdate()
    first = due_dates(period, [opens])[0] if opens else period[0]
    if dates and first > dates[0]:
        raise ValueError(f"“{opens}”在第一个报送时点之后")
    starts = [first] + [d + dt.timedelta(days=1) for d in dates[:-1]]
    return [(first, due) for first, due in zip(starts, dates) if due < today]


def _delivered(ids, period, params):
    """Per unit: deliveries looked at, and the number of deliveries in each window."""
    windows = _windows(period, params["dates"], params.get("opens", ""))
    if not windows:
        return windows, []
    rows = (Submission.objects.filter(unit_q(ids), subject__contains=params["subject"],
                                      submitted_on__range=(windows[0][0], windows[-1][1]))
            .order_by().values("unit_id")
            .annotate(total=Count("id"), **{f"w{i}": Count("id", filter=Q(submitted_on__range=w))
                                          for i, w in enumerate(windows)}))
    return windows, [(row["unit_id"], row["total"], [row[f"w{i}"] for i in range(len(windows))]) for row in rows]


def _deadlines_compute(ids, period, params):
    windows, rows = _delivered(ids, period, params)
    out = {u: IndicatorValue(len(windows)) for u in ids}  # no delivery at all: every date missed
    for unit, total, per in rows:
        if unit in out:
            out[unit] = IndicatorValue(per.count(0), False, total)
    return out


def _deadlines_drill(unit, period, params) -> list[dt.date]:
    windows, rows = _delivered([unit], period, params)
    per = rows[0][2] if rows else [0] * len(windows)
    return [due for (_, due), n in zip(windows, per) if n == 0]


def _deadlines(id: str, label: str, dates: list[str], subject: str, definition: str) -> Indicator:
    return register(Indicator(id, label, Submission, "count", definition, _deadlines_compute, _deadlines_drill,
                              {"dates": dates, "subject": subject}))


livelihood_reports_missed = _deadlines(
    "livelihood_reports_missed", "民生实事推进情况缺报次数",
    ["4月30日", "7月31日", "10月31日", "次年1月底"], "民生实事",
    "4月30日、7月31日、10月31日、次年1月31日各为一个报送时点；上一时点之后（首个时点自考核期初）至该时点"
    "没有报送事项名称含“民生实事”的报送记录的，缺一次。")
checks_missed = _deadlines(
    "checks_missed", "未按时点开展检查的次数", ["7月底", "9月底", "11月底"], "检查",
    "7月底、9月底、11月底各为一个时点；上一时点之后（首个时点自考核期初）至该时点没有报送事项名称含“检查”"
    "的报送记录的，缺一次。")
deadline_missed = register(Indicator(
    "deadline_missed", "未按时点报送的次数", Submission, "count",
    "按规则写明的报送时点（如“年底”“9月底”“次年1月31日”）逐一核对：上一时点之后（首个时点自考核期初，"
    "或自写明的起始日）至该时点没有报送事项名称含指定文字的报送记录的，缺一次。",
    _deadlines_compute, _deadlines_drill, {"dates": [], "subject": "", "opens": ""}))
