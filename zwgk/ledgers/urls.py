from django.urls import path

from zwgk.ledgers import views

app_name = "ledgers"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.ledger_list, name="list"),
    path("<slug:slug>/new/", views.edit, name="new"),
    path("<slug:slug>/<int:pk>/", views.detail, name="detail"),
    path("<slug:slug>/<int:pk>/edit/", views.edit, name="edit"),
    path("<slug:slug>/<int:pk>/delete/", views.delete, name="delete"),
    path("<slug:slug>/import/", views.import_file, name="import"),
    path("<slug:slug>/import/<str:token>.xlsx", views.import_report, name="import_report"),
    path("<slug:slug>/export.xlsx", views.export, name="export"),
    path("<slug:slug>/template.xlsx", views.template, name="template"),
]
