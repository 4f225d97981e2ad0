"""Repairs shown inside pages of other apps (the back office's tenant file)."""

from django import template

from palier.repairs.queries import tenant_file_requests

register = template.Library()


@register.simple_tag
def household_repairs(user, tenancy, limit=10):
    """The household's repair requests for its tenant file, open ones first (one query), or None
    when this staff member does not handle repairs."""
    return tenant_file_requests(user, tenancy, limit=limit)
