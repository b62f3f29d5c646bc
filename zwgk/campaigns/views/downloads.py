"""Downloads: score sheets, ranking, the result notice and a unit's evidence."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404

from zwgk.accounts.roles import is_office
from zwgk.audit.services import record
from zwgk.campaigns import access, exports
from zwgk.campaigns.sheet import unit_sheet
from zwgk.campaigns.views.common import campaign_for, results_participant, unit_id_for
from zwgk.front.downloads import DOCX, XLSX, attachment
from zwgk.reports.evidence_zip import evidence_zip
from zwgk.reports.notice import notice_docx
from zwgk.reports.ranking import ranking_xlsx
from zwgk.reports.scoresheet import scoresheet_xlsx


@login_required
def unit_sheet_xlsx(request, campaign_id: int, unit_id: int):
    campaign = campaign_for(request.user, campaign_id)
    participant = results_participant(request.user, campaign, unit_id)
    return attachment(scoresheet_xlsx([unit_sheet(campaign, participant)]),
                 f"{campaign.title}评分表-{participant.unit.name}.xlsx", XLSX)


@login_required
def all_sheets_xlsx(request, campaign_id: int):
    campaign = campaign_for(request.user, campaign_id)
    access.require(is_office(request.user))
    sheets = [unit_sheet(campaign, p) for p in campaign.participants.select_related("unit").order_by(
        "group", "unit__order", "unit__name")]
    return attachment(scoresheet_xlsx(sheets), f"{campaign.title}评分表（全部单位）.xlsx", XLSX)


@login_required
def ranking_export(request, campaign_id: int):
    campaign = campaign_for(request.user, campaign_id)
    if not access.may_see_results(request.user, campaign):
        raise Http404
    return attachment(ranking_xlsx(f"{campaign.title}得分排名", exports.ranking_rows(campaign)),
                 f"{campaign.title}得分排名.xlsx", XLSX)


@login_required
def notice_export(request, campaign_id: int):
    campaign = campaign_for(request.user, campaign_id)
    access.require(is_office(request.user))
    record(request.user, "导出通报", campaign=campaign, target=campaign.title)
    return attachment(notice_docx(exports.notice(campaign)), f"关于{campaign.title}结果的通报.docx", DOCX)


@login_required
def evidence_export(request, campaign_id: int, unit_id: int):
    campaign = campaign_for(request.user, campaign_id)
    unit = unit_id_for(request.user, campaign, unit_id)
    participant = campaign.participants.select_related("unit").get(unit=unit)
    return attachment(evidence_zip(participant.unit.name, exports.evidence_files(campaign, unit)),
                 f"{campaign.title}佐证材料-{participant.unit.name}.zip", "application/zip")
