from django.urls import path

from . import (
    announcement_views,
    estate_views,
    kiosk_views,
    rent_views,
    settings_views,
    staff_views,
    tenant_views,
    two_factor_views,
    views,
)

app_name = "backoffice"

urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", views.login_view, name="login"),
    path("sign-out/", views.logout_view, name="logout"),
    path("two-factor/", two_factor_views.verify, name="two-factor-verify"),
    path("two-factor/set-up/", two_factor_views.setup, name="two-factor-setup"),
    path("two-factor/backup-codes/", two_factor_views.backup_codes, name="two-factor-backup-codes"),
    path("tenants/", tenant_views.tenant_search, name="tenant-search"),
    path("tenants/<int:pk>/", tenant_views.tenant_detail, name="tenant-detail"),
    path("tenants/<int:pk>/rent/", rent_views.tenant_ledger, name="tenant-ledger"),
    path("tenants/<int:pk>/persons/<int:person_pk>/activation-letter/", tenant_views.activation_letter,
         name="activation-letter"),
    path("tenants/<int:pk>/persons/<int:person_pk>/send-activation/", tenant_views.send_activation,
         name="send-activation"),
    path("tenants/<int:pk>/persons/<int:person_pk>/unlock/", tenant_views.unlock, name="account-unlock"),
    path("estates/", estate_views.estate_list, name="estate-list"),
    path("estates/<int:pk>/", estate_views.estate_detail, name="estate-detail"),
    path("buildings/<int:pk>/", estate_views.building_detail, name="building-detail"),
    path("people/", staff_views.staff_list, name="staff-list"),
    path("people/new/", staff_views.staff_create, name="staff-create"),
    path("people/<int:pk>/", staff_views.staff_edit, name="staff-edit"),
    path("kiosks/", kiosk_views.kiosk_list, name="kiosk-list"),
    path("kiosks/new/", kiosk_views.kiosk_create, name="kiosk-create"),
    path("kiosks/<int:pk>/enrolment/", kiosk_views.kiosk_enrolment, name="kiosk-enrolment"),
    path("kiosks/<int:pk>/revoke/", kiosk_views.kiosk_revoke, name="kiosk-revoke"),
    path("announcements/", announcement_views.announcement_list, name="announcement-list"),
    path("announcements/new/", announcement_views.announcement_create, name="announcement-create"),
    path("announcements/<int:pk>/withdraw/", announcement_views.announcement_withdraw, name="announcement-withdraw"),
    path("settings/", settings_views.landlord_settings, name="landlord-settings"),
    path("settings/logo/", settings_views.landlord_logo, name="landlord-logo"),
    path("settings/agencies/<int:pk>/", settings_views.agency_edit, name="agency-edit"),
]
