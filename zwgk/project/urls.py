from django.urls import include, path

urlpatterns = [
    path("accounts/", include("zwgk.accounts.urls")),
    path("audit/", include("zwgk.audit.urls")),
    path("campaigns/", include("zwgk.campaigns.urls")),
    path("ledgers/", include("zwgk.ledgers.urls")),
    path("organisations/", include("zwgk.organisations.urls")),
    path("schemes/", include("zwgk.schemes.urls")),
    path("notifications/", include("zwgk.notifications.urls")),
    path("workdays/", include("zwgk.workdays.urls")),
    path("", include("zwgk.front.urls")),
]
