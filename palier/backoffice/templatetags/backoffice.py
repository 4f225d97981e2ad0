from django import template

from palier.estates.models import Landlord

register = template.Library()


@register.simple_tag(takes_context=True)
def landlord_name(context) -> str:
    """The landlord's short name for the header (one query per page, kept on the request)."""
    request = context.get("request")
    cached = getattr(request, "_palier_landlord_name", None)
    if cached is None:
        landlord = Landlord.objects.only("name", "short_name").order_by("pk").first()
        cached = (landlord.short_name or landlord.name) if landlord else ""
        if request is not None:
            request._palier_landlord_name = cached
    return cached
