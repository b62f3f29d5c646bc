from django.urls import path

from zwgk.organisations import views

app_name = "organisations"
urlpatterns = [
    path("", views.unit_list, name="units"),
    path("units/new/", views.unit_form, name="unit_new"),
    path("units/<int:unit_id>/", views.unit_form, name="unit_edit"),
    path("contacts/", views.contact_list, name="contacts"),
    path("contacts/new/", views.contact_form, name="contact_new"),
    path("contacts/<int:contact_id>/", views.contact_form, name="contact_edit"),
    path("contacts/<int:contact_id>/delete/", views.contact_delete, name="contact_delete"),
    path("contacts/export.xlsx", views.contacts_export, name="contacts_export"),
    path("contacts/template.xlsx", views.contacts_template, name="contacts_template"),
    path("contacts/import/", views.contacts_import, name="contacts_import"),
]
