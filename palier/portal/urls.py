from django.urls import path

from . import auth_views, callback_views, profile_views, rent_views, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("logo.png", views.landlord_logo, name="landlord-logo"),
    path("sign-in/", auth_views.login_view, name="login"),
    path("sign-out/", auth_views.logout_view, name="logout"),
    path("activate/", auth_views.activate, name="activate"),
    path("activate/code/", auth_views.activate_code, name="activate-code"),
    path("activate/send/", auth_views.activate_send, name="activate-send"),
    path("activate/password/", auth_views.activate_password, name="activate-password"),
    path("activate/pin/", auth_views.activate_pin, name="activate-pin"),
    path("activate/done/", auth_views.activate_done, name="activate-done"),
    path("unlock/", auth_views.unlock, name="unlock"),
    path("unlock/send/", auth_views.unlock_send, name="unlock-send"),
    path("unlock/code/", auth_views.unlock_code, name="unlock-code"),
    path("unlock/password/", auth_views.unlock_password, name="unlock-password"),
    path("unlock/done/", auth_views.unlock_done, name="unlock-done"),
    path("account/pin/", auth_views.account_pin, name="account-pin"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("rent/", rent_views.rent, name="rent"),
    path("profile/", profile_views.profile, name="profile"),
    path("profile/contact/", profile_views.contact_preferences, name="contact-preferences"),
    path("profile/language/", profile_views.language, name="language"),
    path("call-me-back/", callback_views.callback, name="callback"),
    path("call-me-back/done/", callback_views.callback_done, name="callback-done"),
]
