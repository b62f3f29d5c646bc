from django.urls import path

from zwgk.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.event_log, name="log"),
    path("export.xlsx", views.event_export, name="export"),
]
