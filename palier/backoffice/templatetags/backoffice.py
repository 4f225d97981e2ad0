from django import template

from palier.estates.models import Landlord

register = template.Library()


@register.simple_tag
def landlord_name() -> str:
    """The landlord's short name for the header (kept in the cache, see Landlord.current)."""
    landlord = Landlord.current()
    return landlord.short_name or landlord.name if landlord.pk else ""
