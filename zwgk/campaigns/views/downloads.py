"""Downloads: score sheets, ranking, the result notice and a unit's evidence."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404

from zwgk.accounts.roles import is_office
from zwgk.audit.services import record
from zwgk.campaigns import access, exports
from zwgk.campaigns.results import campaign_outcomes, rules_text, unit_outcome
from zwgk.campaigns.sheet import unit_sheet
from zwgk.campaigns.views.common import campaign_for, results_participant, unit_id_for
from zwgk.front.downloads import DOCX, XLSX, attachment
from zwgk.reports.evidence_zip import all_units_zip, evidence_zip
from zwgk.reports.notice import notice_docx
from zwgk.reports.ranking import ranking_xlsx
from zwgk.reports.scoresheet import scoresheet_xlsx


@login_required
def unit_sheet_xlsx(request, campaign_id: int, unit_id: int):
    campaign = campaign_for(request.user, campaign_id)
    participant = results_participant(request.user, campaign, unit_id)
    return attachment(scoresheet_xlsx([unit_sheet(campaign, unit_outcome(campaign, participant))]),
                      f"{campaign.title}评分表-{participant.unit.name}.xlsx", XLSX)


@login_required
def all_sheets_xlsx(request, campaign_id: int):
    campaign = campaign_for(request.user, campaign_id)
    access.require(is_office(request.user))
    rules = rules_text(campaign)
    outcomes = exports.ranked(campaign, campaign_outcomes(campaign))
    sheets = [unit_sheet(campaign, o, rules) for members in outcomes.values() for o in members]
    return attachment(scoresheet_xlsx(sheets), f"{campaign.title}评分表（全部单位）.xlsx", XLSX)


@login_required
def ranking_export(request, campaign_id: int):
    campaign = campaign_for(request.user, campaign_id)
    if not access.may_see_results(request.user, campaign):
        raise Http404
    rows = exports.ranking_rows(campaign, campaign_outcomes(campaign))
    return attachment(ranking_xlsx(f"{campaign.title}得分排名", rows, rules_text(campaign), campaign.unchecked_counting),
                      f"{campaign.title}得分排名.xlsx", XLSX)


@login_required
def notice_export(request, campaign_id: int):
    campaign = campaign_for(request.user, campaign_id)
    access.require(is_office(request.user))
    record(request.user, "导出通报", campaign=campaign, target=campaign.title)
    return attachment(notice_docx(exports.notice(campaign, campaign_outcomes(campaign))),
                      f"关于{campaign.title}结果的通报.docx", DOCX)


@login_required
def evidence_export(request, campaign_id: int, unit_id: int):
    campaign = campaign_for(request.user, campaign_id)
    unit = unit_id_for(request.user, campaign, unit_id)
    participant = campaign.participants.select_related("unit").get(unit=unit)
    return attachment(evidence_zip(participant.unit.name, exports.evidence_files(campaign, unit).get(unit, [])),
                 f"{campaign.title}佐证材料-{participant.unit.name}.zip", "application/zip")


@login_required
def all_evidence_export(request, campaign_id: int):
    """Every unit's evidence in one zip, a folder per unit (the office's archive of the campaign)."""
    campaign = campaign_for(request.user, campaign_id)
    access.require(is_office(request.user))
    files = exports.evidence_files(campaign)
    units = [(p.unit.name, files.get(p.unit_id, []))
             for p in campaign.participants.select_related("unit").order_by("group", "unit__order", "unit__name")]
    record(request.user, "导出佐证材料", campaign=campaign, target=campaign.title, new="全部单位")
    return attachment(all_units_zip(units), f"{campaign.title}佐证材料（全部单位）.zip", "application/zip")
