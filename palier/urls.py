from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from palier.core import views as core_views

urlpatterns = [
    path("i18n/setlang/", core_views.set_language, name="set-language"),
    path("health/", core_views.health, name="health"),
    path("session/still-here/", core_views.still_here, name="still-here"),
    path("kiosk/", include("palier.kiosk.urls")),
    path("staff/", include("palier.backoffice.urls")),
    path("payments/", include("palier.rent.payments.urls")),
    path("works/", include("palier.works.urls")),
    path("notifications/", include("palier.notifications.urls")),
    path("", include("palier.portal.urls")),
]

if settings.ADMIN_ENABLED:
    # The Django admin stays for superusers only; staff work in the back office.
    admin.site.has_permission = lambda request: request.user.is_active and request.user.is_superuser
    urlpatterns.insert(0, path("django-admin/", admin.site.urls))
