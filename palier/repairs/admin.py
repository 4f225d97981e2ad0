"""Teams for a superuser. The catalogue, the deadlines and the contractors with their accounts are
staff's to change in the back office (Repair catalogue, Contractors: audited); they stay listed
here for a superuser's look. A contractor's account made here skips the back office's checks and
audit: prefer the Contractors page."""

from django.contrib import admin

from .models import Contractor, Problem, RepairSettings, Team


@admin.register(Problem)
class ProblemAdmin(admin.ModelAdmin):
    list_display = ("code", "room", "responsible", "priority", "is_emergency", "active")
    list_editable = ("responsible", "priority", "is_emergency", "active")
    list_filter = ("room", "responsible", "priority")


@admin.register(RepairSettings)
class RepairSettingsAdmin(admin.ModelAdmin):
    list_display = ("emergency_hours", "urgent_days", "routine_days", "untouched_alert_hours")


@admin.register(Contractor)
class ContractorAdmin(admin.ModelAdmin):
    list_display = ("name", "phone", "email", "active")
    list_filter = ("active",)
    filter_horizontal = ("users",)


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "agency")
    filter_horizontal = ("members",)
