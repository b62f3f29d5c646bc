from django.urls import path

from zwgk.campaigns.views import (
    assignments,
    campaign,
    cases,
    downloads,
    entry,
    notice,
    results,
    tasks,
)

app_name = "campaigns"
urlpatterns = [
    path("", campaign.campaign_list, name="list"),
    path("new/", campaign.campaign_new, name="new"),
    path("<int:campaign_id>/", campaign.campaign_detail, name="detail"),
    path("<int:campaign_id>/advance/", campaign.advance, name="advance"),
    path("<int:campaign_id>/units/<int:unit_id>/", campaign.unit_entries, name="unit"),
    path("<int:campaign_id>/units/<int:unit_id>/submit/", campaign.submit_entries, name="submit"),
    path("<int:campaign_id>/units/<int:unit_id>/approve/", campaign.approve_entries, name="approve"),
    path("<int:campaign_id>/units/<int:unit_id>/sheet/", results.score_sheet, name="sheet"),
    path("<int:campaign_id>/units/<int:unit_id>/cases/", cases.unit_cases, name="cases"),
    path("<int:campaign_id>/entries/<int:entry_id>/", entry.entry_page, name="entry"),
    path("<int:campaign_id>/entries/<int:entry_id>/preview/", entry.preview, name="preview"),
    path("<int:campaign_id>/ranking/", results.ranking, name="ranking"),
    path("<int:campaign_id>/units/<int:unit_id>/sheet.xlsx", downloads.unit_sheet_xlsx, name="sheet_xlsx"),
    path("<int:campaign_id>/units/<int:unit_id>/evidence.zip", downloads.evidence_export, name="evidence_zip"),
    path("<int:campaign_id>/export/sheets.xlsx", downloads.all_sheets_xlsx, name="sheets_xlsx"),
    path("<int:campaign_id>/export/ranking.xlsx", downloads.ranking_export, name="ranking_xlsx"),
    path("<int:campaign_id>/export/notice.docx", downloads.notice_export, name="notice_docx"),
    path("<int:campaign_id>/notice/", notice.notice_settings, name="notice"),
    path("evidence/<int:evidence_id>/", results.evidence_file, name="evidence"),
    path("<int:campaign_id>/tasks/", tasks.task_list, name="tasks"),
    path("<int:campaign_id>/tasks/<int:task_id>/", tasks.task_edit, name="task_edit"),
    path("<int:campaign_id>/assignments/", assignments.assignment_list, name="assignments"),
    path("<int:campaign_id>/assignments/auto/", assignments.assignment_auto, name="assignments_auto"),
    path("<int:campaign_id>/assignments/<int:assignment_id>/delete/", assignments.assignment_delete,
         name="assignment_delete"),
]
