from django.contrib.auth import views as auth_views
from django.urls import path

from zwgk.accounts import views
from zwgk.accounts.forms import LoginForm

app_name = "accounts"
urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html",
            authentication_form=LoginForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.password_change, name="password"),
    path("manage/", views.manage_list, name="manage"),
    path("manage/new/", views.manage_new, name="manage_new"),
    path("manage/<int:user_id>/", views.manage_edit, name="manage_edit"),
    path("manage/<int:user_id>/password/", views.manage_password, name="manage_password"),
    path("manage/roster/template.xlsx", views.roster_template, name="roster_template"),
    path("manage/roster/export.xlsx", views.roster_export, name="roster_export"),
    path("manage/roster/import/", views.roster_import, name="roster_import"),
]
