from django.urls import path

from .. import sandbox_views
from . import views

app_name = "payments"

urlpatterns = [
    path("webhook/", views.webhook, name="webhook"),
    path("sandbox/<str:payment_id>/", sandbox_views.checkout, name="sandbox-checkout"),
]
