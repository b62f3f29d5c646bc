from django.urls import include, path

urlpatterns = [
    path("accounts/", include("zwgk.accounts.urls")),
    path("", include("zwgk.front.urls")),
]
