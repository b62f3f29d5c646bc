from django.urls import path

from zwgk.schemes import views

app_name = "schemes"
urlpatterns = [
    path("", views.scheme_list, name="list"),
    path("import/", views.import_upload, name="import"),
    path("import/<int:draft_id>/columns/", views.import_columns, name="import_columns"),
    path("import/<int:draft_id>/review/", views.import_review, name="import_review"),
    path("import/<int:draft_id>/discard/", views.import_discard, name="import_discard"),
    path("<slug:scheme_id>/export.xlsx", views.scheme_xlsx, name="export_xlsx"),
    path("<slug:scheme_id>/export.yaml", views.scheme_yaml, name="export_yaml"),
]
