from django.contrib import admin

from .models import Agency, Building, CommonArea, Dwelling, Entrance, Estate, Kiosk, Landlord, OpeningHours


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "phone"]
    inlines = [OpeningHoursInline]
    filter_horizontal = ["staff"]


@admin.register(Dwelling)
class DwellingAdmin(admin.ModelAdmin):
    list_display = ["reference", "building", "unit", "floor", "kind"]
    search_fields = ["reference"]
    list_select_related = ["building"]
    raw_id_fields = ["building", "entrance"]


@admin.register(Kiosk)
class KioskAdmin(admin.ModelAdmin):
    list_display = ["name", "estate", "enrolled_at", "revoked_at", "last_seen_at"]
    exclude = ["secret_hash", "enrolment_hash"]


admin.site.register([Estate, Building, Entrance, CommonArea])


@admin.register(Landlord)
class LandlordAdmin(admin.ModelAdmin):
    # The landlord's account number is encrypted at rest and changed on the back office's landlord
    # settings page (re-authentication, audit), not here.
    exclude = ["iban"]
