"""Scoping: what each role may see and do in a campaign.

Objects outside a person's scope answer 404 (their existence is not revealed); an action their
role may not take on something they can see answers 403.
"""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from zwgk.accounts.models import Role
from zwgk.accounts.roles import is_office, role_of, unit_of
from zwgk.campaigns.models import Assignment, Campaign, Entry, Task


def _unit_scope(user) -> Q:
    """A unit's people see their unit's entries; a 科室/责任组 sees its department's entries
    for the items whose task names it as lead or support."""
    unit = unit_of(user)
    if unit is None:
        return Q(pk__in=[])
    if unit.parent_id is None:
        return Q(unit=unit)
    q = Q(pk__in=[])
    tasks = Task.objects.filter(Q(lead=unit) | Q(support=unit)).values_list("campaign_id", "item_id").distinct()
    for campaign_id, item_id in tasks:
        q |= Q(campaign=campaign_id, item_id=item_id)
    return Q(unit=unit.parent_id) & q


def _assessor_scope(user, campaign: Campaign | None = None) -> Q:
    """What an assessor's assignments cover; read once per request (kept on the user object)."""
    cache = user.__dict__.setdefault("_zwgk_assignments", {})
    key = campaign.pk if campaign is not None else None
    if key not in cache:
        assignments = Assignment.objects.filter(assessor=user)
        if campaign is not None:
            assignments = assignments.filter(campaign=campaign)
        cache[key] = list(assignments)
    q = Q(pk__in=[])
    for a in cache[key]:
        part = Q(campaign=a.campaign_id)
        if a.item_id:
            part &= Q(item_id=a.item_id)
        if a.unit_id:
            part &= Q(unit=a.unit_id)
        q |= part
    return q


def entries_for(user, campaign: Campaign | None = None) -> QuerySet[Entry]:
    """Every entry the person may see (in one campaign when given)."""
    qs = Entry.objects.all()
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    role = role_of(user)
    if is_office(user):
        return qs
    if role in (Role.REPORTER, Role.HEAD):
        return qs.filter(_unit_scope(user))
    if role == Role.ASSESSOR:
        return qs.filter(_assessor_scope(user, campaign))
    return qs.none()


def campaigns_for(user) -> QuerySet[Campaign]:
    if is_office(user):
        return Campaign.objects.all()
    role = role_of(user)
    if role in (Role.REPORTER, Role.HEAD):
        unit = unit_of(user)
        if unit is None:
            return Campaign.objects.none()
        return Campaign.objects.filter(participants__unit=unit.parent_id or unit.pk).exclude(
            phase=Campaign.Phase.SETUP).distinct()
    if role == Role.ASSESSOR:
        return Campaign.objects.filter(assignments__assessor=user).exclude(phase=Campaign.Phase.SETUP).distinct()
    return Campaign.objects.none()


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def may_see_results(user, campaign: Campaign) -> bool:
    """Totals, ranks and score sheets: the office at any time, everyone else once published."""
    return is_office(user) or campaign.published


def may_fill(user, entry: Entry) -> bool:
    """Self-assessment: the unit's reporter while the entry is open to the unit."""
    return role_of(user) == Role.REPORTER and not entry.locked_for_unit


def may_approve(user, entry: Entry) -> bool:
    """The head approves what the reporter submitted, also during 评审 for items sent back."""
    return (role_of(user) == Role.HEAD and entry.state == Entry.State.SUBMITTED
            and entry.campaign.phase in (Campaign.Phase.SETUP, Campaign.Phase.SELF, Campaign.Phase.REVIEW))


def may_review(user, entry: Entry) -> bool:
    """Findings: the assigned assessor (or the office) during review; the office also during
    publicity, to put an appeal's outcome into the facts."""
    phase = entry.campaign.phase
    if is_office(user):
        return phase in (Campaign.Phase.SELF, Campaign.Phase.REVIEW, Campaign.Phase.PUBLICITY)
    return role_of(user) == Role.ASSESSOR and phase in (Campaign.Phase.SELF, Campaign.Phase.REVIEW)


def may_return(user, entry: Entry) -> bool:
    """Send back for changes: the head before approval, the assessor or office after it."""
    if entry.campaign.phase not in (Campaign.Phase.SELF, Campaign.Phase.REVIEW):
        return False
    if role_of(user) == Role.HEAD:
        return entry.state == Entry.State.SUBMITTED
    return entry.state == Entry.State.APPROVED and (is_office(user) or role_of(user) == Role.ASSESSOR)


def may_appeal(user, entry: Entry) -> bool:
    return role_of(user) in (Role.REPORTER, Role.HEAD) and entry.campaign.phase == Campaign.Phase.PUBLICITY


def may_add_appeal_evidence(user, entry: Entry) -> bool:
    """During 公示 a unit may add evidence to an item it appeals against (佐证材料, stage 申诉)."""
    return may_appeal(user, entry) and entry.applicable
