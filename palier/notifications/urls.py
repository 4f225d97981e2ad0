from django.urls import path

from . import webhooks

app_name = "notifications"

urlpatterns = [
    # The text message provider's delivery reports (a signed POST; see webhooks.py).
    path("sms/receipts/", webhooks.sms_receipt, name="sms-receipt"),
]
