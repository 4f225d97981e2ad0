from django.contrib import admin

from .models import User


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["username", "first_name", "last_name", "role", "is_active"]
    list_filter = ["role", "is_active"]
    search_fields = ["username", "first_name", "last_name", "email"]
    # Secrets are never shown or edited here; passwords are set through the normal journeys.
    exclude = ["password", "pin"]
    readonly_fields = ["last_login", "date_joined", "activated_at"]
