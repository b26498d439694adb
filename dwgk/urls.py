from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from dwgk import health, metrics

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", metrics.metrics, name="metrics"),
    path("admin/", admin.site.urls),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("organizations/", include("organizations.urls")),
    path("catalog/", include("catalog.urls")),
    path("workdays/", include("workdays.urls")),
    path("obligations/", include("obligations.urls")),
    path("notifications/", include("notifications.urls")),
    path("disclosures/", include("disclosures.urls")),
    # The archive's pages, and filing a disclosure at /disclosures/<pk>/archive/.
    path("", include("archive.urls")),
    path("search/", include("search.urls")),
    path("api/", include("api.urls")),
    path("", include("portal.urls")),
]

if getattr(settings, "DWGK_BENCH", False):
    # `python -m dwgk.bench portal` only: a trivial view measured as the ceiling of the server.
    from dwgk.bench.portal import ceiling

    urlpatterns.insert(0, path("bench/ceiling/", ceiling))

# Error pages in the site's layout (DEBUG off); dwgk.errors says why.
handler400 = "dwgk.errors.bad_request"
handler403 = "dwgk.errors.permission_denied"
handler404 = "dwgk.errors.page_not_found"
handler500 = "dwgk.errors.server_error"
