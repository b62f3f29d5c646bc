"""A campaign's data shaped for the export builders in zwgk.reports (ranking, 通报, evidence).

Figures come from `campaigns.results.campaign_outcomes`, the one computation of every result."""
from __future__ import annotations

from django.utils import timezone

from zwgk.campaigns.models import Campaign
from zwgk.campaigns.results import UnitOutcome, grade_bands, rules_text
from zwgk.reports.sheets import AnnexGroup, AnnexRow, EvidenceFile, Notice, NoticeGroup, RankRow
from zwgk.schemes.reading import item_data, scheme_data


def ranked(campaign: Campaign, outcomes: list[UnitOutcome]) -> dict[str, list[UnitOutcome]]:
    """Outcomes by ranking group — the scheme's groups in its order, then any other — best first."""
    order = {g: i for i, g in enumerate(scheme_data(campaign).get("ranking_groups") or ())}
    groups: dict[str, list[UnitOutcome]] = {}
    for o in sorted(outcomes, key=lambda o: (order.get(o.participant.group, len(order)), o.participant.group,
                                             o.rank or 0, o.participant.unit.order, o.participant.unit.name)):
        groups.setdefault(o.participant.group, []).append(o)
    return groups


def ranking_rows(campaign: Campaign, outcomes: list[UnitOutcome]) -> list[RankRow]:
    return [RankRow(o.rank, o.participant.unit.name, o.participant.group, o.total, o.grade,
                    o.self_total, o.max_points, o.unchecked)
            for members in ranked(campaign, outcomes).values() for o in members]


def _paragraphs(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def notice(campaign: Campaign, outcomes: list[UnitOutcome]) -> Notice:
    """The 考核结果通报: how results were computed, units listed by grade within each ranking group
    in rank order, and the score and rank table as its 附件.

    Without grade bands the groups are listed in rank order under 考核结果 (no grade is invented)."""
    groups = ranked(campaign, outcomes)
    notice_groups = []
    for group, members in groups.items():
        bands = [name for name, _ in grade_bands(campaign, group)]
        by_grade: dict[str, list[str]] = {}
        for o in members:
            by_grade.setdefault(o.grade or ("未评定等次" if bands else "按得分排序"), []).append(o.participant.unit.name)
        order = {name: i for i, name in enumerate(bands)}
        notice_groups.append(NoticeGroup(group, tuple(
            (g, tuple(units)) for g, units in sorted(by_grade.items(), key=lambda kv: order.get(kv[0], 99)))))
    annex = tuple(AnnexGroup(group, tuple(AnnexRow(o.rank, o.participant.unit.name, o.total, o.max_points, o.grade,
                                                   o.unchecked) for o in members))
                  for group, members in groups.items())
    issuer = campaign.issuer or f"{scheme_data(campaign).get('issuer') or ''}政务公开工作领导小组办公室"
    date = timezone.localdate(campaign.finalised_at) if campaign.finalised_at else timezone.localdate()
    return Notice(
        issuer=issuer,
        number=campaign.notice_number,
        title=f"关于{campaign.title}结果的通报",
        addressee="各乡（镇）人民政府、街道办事处，县直各单位",
        opening=(f"根据{campaign.scheme.title}，经单位自评、考核组核查评分、结果公示和申诉复核，"
                 f"{campaign.title}工作已经完成。现将考核结果通报如下："),
        groups=tuple(notice_groups),
        problems=_paragraphs(campaign.problems),
        requirements=_paragraphs(campaign.requirements),
        signer=issuer,
        date=date,
        rules=tuple(rules_text(campaign)),
        annex=annex,
        annex_title=f"{campaign.title}得分及排名",
        copy_to=campaign.copy_to,
        printed_by=campaign.printed_by or (issuer if campaign.copy_to else ""),
        printed_on=date if campaign.copy_to or campaign.printed_by else None,
    )


def evidence_files(campaign: Campaign, unit_id: int | None = None) -> dict[int, list[EvidenceFile]]:
    """Each unit's evidence (only `unit_id`'s when given), in one query, in item order."""
    from zwgk.evidence.models import Evidence

    found = Evidence.objects.filter(entry__campaign=campaign)
    if unit_id is not None:
        found = found.filter(entry__unit=unit_id)
    files: dict[int, list[EvidenceFile]] = {}
    for ev in found.select_related("entry", "uploaded_by").order_by("entry__position", "uploaded_at"):
        item = item_data(campaign, ev.entry.item_id)
        files.setdefault(ev.entry.unit_id, []).append(EvidenceFile(
            item_id=ev.entry.item_id, item_title=(item.get("path") or [""])[-1], name=ev.name, url=ev.url,
            path=ev.file.path if ev.file else None, uploaded_at=timezone.localtime(ev.uploaded_at),
            uploaded_by=ev.uploaded_by.get_username() if ev.uploaded_by else "", stage=ev.get_stage_display()))
    return files
