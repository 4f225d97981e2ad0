from django.contrib import admin

from .models import Household, Person, Tenancy


@admin.register(Tenancy)
class TenancyAdmin(admin.ModelAdmin):
    list_display = ["number", "household", "dwelling", "start_date", "end_date"]
    search_fields = ["number"]
    raw_id_fields = ["household", "dwelling", "housing_officer"]
    list_select_related = ["household", "dwelling__building__estate", "dwelling__entrance"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "household", "household_role", "language"]
    search_fields = ["last_name", "first_name"]
    raw_id_fields = ["household", "user"]
    list_select_related = ["household"]
    # Shown only on the back office's tenant file, one audited click at a time. The needs for
    # visits (health data, with their consent record) are shown only on audited pages too.
    exclude = ["national_number", "access_needs", "access_needs_note", "access_needs_shared", "access_consent_at",
               "access_consent_by", "access_consent_user", "access_consent_channel"]


@admin.register(Household)
class HouseholdAdmin(admin.ModelAdmin):
    search_fields = ["name"]
