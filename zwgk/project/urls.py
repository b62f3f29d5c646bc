from django.urls import include, path

urlpatterns = [
    path("accounts/", include("zwgk.accounts.urls")),
    path("campaigns/", include("zwgk.campaigns.urls")),
    path("organisations/", include("zwgk.organisations.urls")),
    path("", include("zwgk.front.urls")),
]
