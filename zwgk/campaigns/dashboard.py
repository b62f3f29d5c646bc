"""The campaign page's dashboard: progress, what falls due, and the data behind its charts.

Every function takes the entries the viewer may see (access.entries_for), so an assessor's
dashboard covers their assigned part only. Counting is done by the database (aggregate/values),
a constant number of queries whatever the size of the campaign. Chart data holds Decimals as
strings so it goes through json_script exactly as stored.
"""
from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from django.db.models import Count, Min, Q, QuerySet

from zwgk.campaigns.items import item_order, item_title, item_titles
from zwgk.campaigns.models import Campaign, Entry, Participant, Task
from zwgk.schemes.reading import scheme_data

State = Entry.State
Phase = Campaign.Phase
HORIZON = 7  # days ahead the dashboard and the reminders look


def percent(part: int, whole: int) -> Decimal:
    """One decimal, half up; 0 of nothing is 0 rather than an error."""
    if not whole:
        return Decimal("0.0")
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def done_q(campaign: Campaign) -> Q:
    """What counts as finished: a task plan's progress, otherwise the head's approval (已报送)."""
    if campaign.is_task_plan:
        return Q(progress=Entry.Progress.DONE)
    return Q(state=State.APPROVED)


def _counts(campaign: Campaign) -> dict:
    return {
        "total": Count("pk"),
        "draft": Count("pk", filter=Q(state=State.DRAFT)),
        "submitted": Count("pk", filter=Q(state=State.SUBMITTED)),
        "approved": Count("pk", filter=Q(state=State.APPROVED)),
        "returned": Count("pk", filter=Q(state=State.RETURNED)),
        "reviewed": Count("pk", filter=Entry.review_q(Entry.Review.CHECKED)),
        "done": Count("pk", filter=done_q(campaign)),
    }


def summary(campaign: Campaign, entries: QuerySet[Entry], pending_appeals: int = 0) -> dict:
    """The headline numbers: units, applicable items, and how far they have got."""
    applicable = Q(applicable=True)
    agg = entries.aggregate(
        units=Count("unit", distinct=True),
        items=Count("pk", filter=applicable),
        submitted=Count("pk", filter=applicable & Q(state__in=[State.SUBMITTED, State.APPROVED])),
        approved=Count("pk", filter=applicable & Q(state=State.APPROVED)),
        reviewed=Count("pk", filter=applicable & Entry.review_q(Entry.Review.CHECKED)),
        done=Count("pk", filter=applicable & done_q(campaign)),
    )
    items = agg["items"]
    return {
        **agg,
        "submitted_pct": percent(agg["submitted"], items),
        "approved_pct": percent(agg["approved"], items),
        "reviewed_pct": percent(agg["reviewed"], items),
        "done_pct": percent(agg["done"], items),
        "pending_appeals": pending_appeals,
    }


def unit_progress(campaign: Campaign, entries: QuerySet[Entry]) -> list[dict]:
    """Per unit: applicable items in each state, and the share finished (for the progress bar)."""
    rows = list(entries.filter(applicable=True).values("unit", "unit__name").annotate(**_counts(campaign))
                .order_by("unit__order", "unit__name"))
    for row in rows:
        row["pct"] = percent(row["done"], row["total"])
    return rows


def item_progress(campaign: Campaign, entries: QuerySet[Entry]) -> list[dict]:
    """Per item: how many units it applies to and how many have submitted, approved, been reviewed."""
    items = {str(i["id"]): i for i in scheme_data(campaign).get("items") or ()}
    rows = list(entries.filter(applicable=True).values("item_id").annotate(position=Min("position"),
                                                                           **_counts(campaign))
                .order_by("position"))
    for row in rows:
        row["units"] = row["total"]
        row["submitted_any"] = row["submitted"] + row["approved"]
        row["label"] = item_title(items.get(row["item_id"], {}))
        row["pct"] = percent(row["done"], row["total"])
    return rows


def task_dates(task: Task) -> list[date]:
    """All due dates of a task, sorted; unreadable stored values are skipped."""
    found = set()
    for raw in task.due_dates or ():
        try:
            found.add(date.fromisoformat(str(raw)))
        except ValueError:
            continue
    if not found and task.due:
        found.add(task.due)
    return sorted(found)


def next_due(task: Task, today: date) -> date | None:
    return next((d for d in task_dates(task) if d >= today), None)


def _open_units(campaign: Campaign, entries: QuerySet[Entry], item_ids) -> dict[str, list[str]]:
    """Per item, the units (in the viewer's scope) whose applicable entry is not finished."""
    found: dict[str, list[str]] = {}
    if not item_ids:
        return found
    rows = (entries.filter(applicable=True, item_id__in=list(item_ids)).exclude(done_q(campaign))
            .values_list("item_id", "unit__name").order_by("unit__order", "unit__name"))
    for item_id, name in rows:
        found.setdefault(item_id, []).append(name)
    return found


def _tasks(campaign: Campaign, entries: QuerySet[Entry]) -> list[Task]:
    """The campaign's tasks for the items the viewer can see."""
    return list(campaign.tasks.filter(item_id__in=entries.values("item_id")).prefetch_related("lead"))


def due_soon(campaign: Campaign, entries: QuerySet[Entry], today: date, days: int = HORIZON) -> list[dict]:
    """Tasks whose next due date is within `days` (today included), with lead and unfinished units."""
    horizon = today + timedelta(days=days)
    found = []
    for task in _tasks(campaign, entries):
        due = next_due(task, today)
        if due is not None and due <= horizon:
            found.append((task, due))
    open_units = _open_units(campaign, entries, {t.item_id for t, _ in found})
    labels = item_titles(campaign)
    rows = [{"item_id": t.item_id, "label": labels.get(t.item_id, ""), "due": due, "days": (due - today).days,
             "lead": [u.name for u in t.lead.all()], "open_units": open_units.get(t.item_id, []),
             "deadline_text": t.deadline_text} for t, due in found]
    return sorted(rows, key=lambda r: (r["due"], item_order(r["item_id"])))


def overdue(campaign: Campaign, entries: QuerySet[Entry], today: date) -> list[dict]:
    """Task plans: tasks whose last due date has passed while some units have not finished them."""
    if not campaign.is_task_plan:
        return []
    found = []
    for task in _tasks(campaign, entries):
        dates = task_dates(task)
        if dates and dates[-1] < today:
            found.append((task, dates[-1]))
    open_units = _open_units(campaign, entries, {t.item_id for t, _ in found})
    labels = item_titles(campaign)
    rows = [{"item_id": t.item_id, "label": labels.get(t.item_id, ""), "due": due, "days_over": (today - due).days,
             "lead": [u.name for u in t.lead.all()], "open_units": open_units[t.item_id]}
            for t, due in found if open_units.get(t.item_id)]
    return sorted(rows, key=lambda r: (r["due"], item_order(r["item_id"])))


# Which phase deadline still matters in which phase.
PHASE_DEADLINES = [
    ("self_due", "自评截止", (Phase.SETUP, Phase.SELF)),
    ("review_due", "评审截止", (Phase.SETUP, Phase.SELF, Phase.REVIEW)),
    ("publicity_end", "公示及申诉截止", (Phase.SETUP, Phase.SELF, Phase.REVIEW, Phase.PUBLICITY)),
]


def phase_deadlines(campaign: Campaign, today: date, days: int = HORIZON) -> list[dict]:
    """The campaign's own deadlines within `days` that the current phase has not left behind."""
    rows = []
    for field, label, phases in PHASE_DEADLINES:
        due = getattr(campaign, field)
        if due is not None and campaign.phase in phases and today <= due <= today + timedelta(days=days):
            rows.append({"field": field, "label": label, "due": due, "days": (due - today).days})
    return sorted(rows, key=lambda r: r["due"])


# ---- charts ------------------------------------------------------------------------------------
def _text(value: Decimal | None) -> str | None:
    """A Decimal as JSON-safe text without trailing zeros: 95.50 → "95.5", 100.00 → "100"."""
    if value is None:
        return None
    return format(value.normalize(), "f")


def ranking_chart(campaign: Campaign) -> list[dict]:
    """Per ranking group (in the scheme's order), its units' totals, best first."""
    order = {g: i for i, g in enumerate(scheme_data(campaign).get("ranking_groups") or ())}
    groups: dict[str, dict] = {}
    rows = (Participant.objects.filter(campaign=campaign, total__isnull=False)
            .values("group", "unit__name", "total", "rank", "max_points", "unchecked")
            .order_by("group", "rank", "-total", "unit__order"))
    for row in rows:
        g = groups.setdefault(row["group"], {"group": row["group"], "rows": []})
        g["rows"].append({"unit": row["unit__name"], "total": _text(row["total"]), "rank": row["rank"],
                          "max": _text(row["max_points"]), "unchecked": row["unchecked"]})
    return sorted(groups.values(), key=lambda g: (order.get(g["group"], len(order)), g["group"]))


def band_width(totals: list[Decimal]) -> int:
    """5-point bands when the totals are close together, 10 when they spread wide."""
    if not totals:
        return 5
    return 5 if max(totals) - min(totals) <= 40 else 10


def distribution(totals: list[Decimal], width: int | None = None, top: Decimal | None = None) -> list[dict]:
    """Totals counted in bands [low, low+width); a total equal to `top` (the full mark) is
    counted in the band below it, so 100 falls in 95–100 rather than a band of its own.
    Bands run without gaps from the lowest to the highest total."""
    totals = [Decimal(t) for t in totals]
    if not totals:
        return []
    width = width or band_width(totals)
    w = Decimal(width)

    def low_of(t: Decimal) -> Decimal:
        low = (t / w).to_integral_value(rounding=ROUND_FLOOR) * w
        if top is not None and t == top and low == t:
            low -= w
        return low

    counts: dict[Decimal, int] = {}
    for t in totals:
        low = low_of(t)
        counts[low] = counts.get(low, 0) + 1
    bands, low, last = [], min(counts), max(counts)
    while low <= last:
        high = low + w
        bands.append({"label": f"{_text(low)}–{_text(high)}", "from": _text(low), "to": _text(high),
                      "count": counts.get(low, 0)})
        low = high
    return bands


def chart_data(campaign: Campaign) -> dict:
    """Everything dashboard.js draws, JSON-ready; nothing to draw until some item was checked
    (before that every total is a provisional 0 or the rules' defaults)."""
    checked = campaign.entries.filter(Entry.review_q(Entry.Review.CHECKED)).exists()
    totals = list(Participant.objects.filter(campaign=campaign, total__isnull=False)
                  .values_list("total", flat=True)) if checked else []
    width = band_width(totals)
    top = campaign.scheme.total_points
    return {
        "ranking": ranking_chart(campaign) if checked else [],
        "distribution": {"width": width, "bands": distribution(totals, width, top)},
        "total_points": _text(top),
        "scored": len(totals),
    }


def dashboard(campaign: Campaign, entries: QuerySet[Entry], today: date, *, pending_appeals: int = 0,
              charts: bool = True) -> dict:
    """The whole dashboard for the campaign page, from the viewer's entries."""
    data = {
        "summary": summary(campaign, entries, pending_appeals),
        "units": unit_progress(campaign, entries),
        "items": item_progress(campaign, entries),
        "due_soon": due_soon(campaign, entries, today),
        "deadlines": phase_deadlines(campaign, today),
        "overdue": overdue(campaign, entries, today),
        "today": today,
        "horizon": HORIZON,
    }
    data["charts"] = chart_data(campaign) if charts and not campaign.is_task_plan else None
    return data
