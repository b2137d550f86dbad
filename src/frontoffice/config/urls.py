from django.contrib import admin
from django.urls import include, path, re_path

from frontoffice.config.api_errors import api_not_found

from .api import api

urlpatterns = [
    path("api/v1/", api.urls),
    re_path(r"^api/", api_not_found),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("frontoffice.core.urls")),
    path("", include("frontoffice.customers.urls")),
    path("", include("frontoffice.lodging.urls")),
    # The invoice pages first: /folios/<id>/invoice/ is theirs, not a folio form's.
    path("", include("frontoffice.billing.invoice_urls")),
    path("", include("frontoffice.billing.urls")),
    path("", include("frontoffice.guestservice.urls_requests")),
    path("", include("frontoffice.guestservice.urls_concierge")),
    path("", include("frontoffice.guestservice.urls_groups")),
    path("", include("frontoffice.guestservice.urls_complaints")),
    path("", include("frontoffice.procedures.urls")),
]
