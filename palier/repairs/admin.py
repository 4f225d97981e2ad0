"""The catalogue's Belgian defaults, the deadlines, teams and contractors, editable by a superuser
until the back office has its own settings page for them."""

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
    list_display = ("name", "phone", "email")
    filter_horizontal = ("users",)


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "agency")
    filter_horizontal = ("members",)
