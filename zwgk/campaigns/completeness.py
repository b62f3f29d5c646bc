"""The completeness check before 公示 and 定档: per unit, the applicable items the unit has not
submitted and the items no person has checked, with what the office has decided about them."""
from __future__ import annotations

from dataclasses import dataclass, field

from zwgk.campaigns.items import item_order, item_titles
from zwgk.campaigns.models import NOT_SUBMITTED, Campaign, Entry, Participant

Review = Entry.Review


@dataclass
class Gap:
    entry: Entry
    title: str


@dataclass
class UnitGaps:
    participant: Participant
    applicable: int = 0
    not_submitted: list[Gap] = field(default_factory=list)
    unchecked: list[Gap] = field(default_factory=list)


def unit_gaps(campaign: Campaign) -> list[UnitGaps]:
    """Every unit with its gaps (units without gaps included, so the office sees the whole list)."""
    titles = item_titles(campaign)
    by_unit = {p.unit_id: UnitGaps(p) for p in campaign.participants.select_related("unit")}
    entries = campaign.entries.filter(applicable=True).only(
        "id", "unit_id", "item_id", "state", "applicable", "reviewed_at", "override_score", "position")
    for e in sorted(entries, key=lambda e: item_order(e.item_id)):
        gaps = by_unit.get(e.unit_id)
        if gaps is None:
            continue
        gaps.applicable += 1
        state = e.review_state
        gap = Gap(e, titles.get(e.item_id, ""))
        if state in NOT_SUBMITTED:
            gaps.not_submitted.append(gap)
        if state != Review.CHECKED:
            gaps.unchecked.append(gap)
    return sorted(by_unit.values(), key=lambda g: (g.participant.group, g.participant.unit.order,
                                                   g.participant.unit.name))
