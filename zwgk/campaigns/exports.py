"""A campaign's data shaped for the export builders in zwgk.reports (ranking, 通报, evidence)."""
from __future__ import annotations

from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

from zwgk.campaigns.models import Campaign, Participant
from zwgk.campaigns.scoring import grade_bands
from zwgk.reports.sheets import EvidenceFile, Notice, NoticeGroup, RankRow
from zwgk.schemes.reading import scheme_data


def _self_totals(campaign: Campaign) -> dict[int, Decimal]:
    rows = campaign.entries.filter(applicable=True).values("unit").annotate(total=Sum("self_score"))
    return {r["unit"]: r["total"] for r in rows}


def _ranked(campaign: Campaign) -> list[Participant]:
    return list(campaign.participants.select_related("unit").order_by("group", "rank", "unit__order", "unit__name"))


def ranking_rows(campaign: Campaign) -> list[RankRow]:
    self_totals = _self_totals(campaign)
    return [RankRow(p.rank, p.unit.name, p.group, p.total, p.grade, self_totals.get(p.unit_id))
            for p in _ranked(campaign)]


def _paragraphs(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def notice(campaign: Campaign) -> Notice:
    """The 考核结果通报: units listed by grade within each ranking group, in rank order.

    Without grade bands the groups are listed in rank order under 考核结果 (no grade is invented)."""
    bands = [name for name, _ in grade_bands(campaign)]
    groups: dict[str, dict[str, list[str]]] = {}
    for p in _ranked(campaign):
        grade = p.grade or ("未评定等次" if bands else "按得分排序")
        groups.setdefault(p.group, {}).setdefault(grade, []).append(p.unit.name)
    order = {name: i for i, name in enumerate(bands)}
    notice_groups = tuple(
        NoticeGroup(group, tuple((g, tuple(units)) for g, units in sorted(grades.items(), key=lambda kv: order.get(kv[0], 99))))
        for group, grades in groups.items()
    )
    issuer = campaign.issuer or f"{scheme_data(campaign.scheme).get('issuer') or ''}政务公开工作领导小组办公室"
    return Notice(
        issuer=issuer,
        number=campaign.notice_number,
        title=f"关于{campaign.title}结果的通报",
        addressee="各乡（镇）人民政府、街道办事处，县直各单位",
        opening=(f"根据{campaign.scheme.title}，经单位自评、考核组核查评分、结果公示和申诉复核，"
                 f"{campaign.title}工作已经完成。现将考核结果通报如下："),
        groups=notice_groups,
        problems=_paragraphs(campaign.problems),
        requirements=_paragraphs(campaign.requirements),
        signer=issuer,
        date=timezone.localdate(campaign.finalised_at) if campaign.finalised_at else timezone.localdate(),
    )


def evidence_files(campaign: Campaign, unit_id: int) -> list[EvidenceFile]:
    from zwgk.evidence.models import Evidence

    items = {str(i["id"]): i for i in scheme_data(campaign.scheme)["items"]}
    files = []
    for ev in Evidence.objects.filter(entry__campaign=campaign, entry__unit=unit_id).select_related(
            "entry", "uploaded_by").order_by("entry__position", "uploaded_at"):
        item = items.get(ev.entry.item_id, {})
        files.append(EvidenceFile(
            item_id=ev.entry.item_id, item_title=(item.get("path") or [""])[-1], name=ev.name, url=ev.url,
            path=ev.file.path if ev.file else None, uploaded_at=timezone.localtime(ev.uploaded_at),
            uploaded_by=ev.uploaded_by.get_username() if ev.uploaded_by else "", stage=ev.get_stage_display()))
    return files
