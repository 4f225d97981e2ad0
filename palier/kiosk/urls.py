from django.urls import path

from . import callback_views, views

app_name = "kiosk"

urlpatterns = [
    # "home" is the anonymous start page: the session policy sends an idle kiosk session back here.
    path("", views.start, name="home"),
    path("enrol/<str:token>/", views.enrol, name="enrol"),
    path("help/", views.help_page, name="help"),
    path("emergency/", views.emergency, name="emergency"),
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-in/pin/", views.sign_in_pin, name="sign-in-pin"),
    path("home/", views.tenant_home, name="tenant-home"),
    path("finish/", views.finish, name="finish"),
    path("call-me-back/", callback_views.callback, name="callback"),
    path("call-me-back/done/", callback_views.callback_done, name="callback-done"),
    path("still-here/", views.still_here, name="still-here"),
]
