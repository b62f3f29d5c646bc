from django.urls import path

from zwgk.workdays import views

app_name = "workdays"
urlpatterns = [
    path("", views.day_list, name="list"),
    path("new/", views.day_form, name="new"),
    path("<int:day_id>/", views.day_form, name="edit"),
    path("<int:day_id>/delete/", views.day_delete, name="delete"),
]
