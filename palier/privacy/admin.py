from django.contrib import admin

from .models import Breach, ProcessingActivity, RetentionRule


@admin.register(ProcessingActivity)
class ProcessingActivityAdmin(admin.ModelAdmin):
    list_display = ["name", "legal_basis", "retention"]


@admin.register(RetentionRule)
class RetentionRuleAdmin(admin.ModelAdmin):
    list_display = ["category", "months", "starts"]


@admin.register(Breach)
class BreachAdmin(admin.ModelAdmin):
    list_display = ["detected_at", "people_affected", "authority_notified_at"]
