"""Needs for visits on pages whose views belong to other apps (the contractor's work order, the
back-office tenant file). Each tag reads through palier.tenancies.access_needs, which writes every
showing in the audit trail.

    {% load visit_needs %}
    {% needs_for_firm order as shared_needs %}
    {% needs_for_staff person as needs %}
"""

from django import template

from palier.tenancies import access_needs

register = template.Library()


def _acting(context):
    request = context.get("request")
    return getattr(request, "acting", None)


@register.simple_tag(takes_context=True)
def needs_for_firm(context, order):
    """The needs a firm may see on `order` (already fetched for that firm): only those of persons
    who agreed to share them with firms."""
    acting = _acting(context)
    if acting is None or order is None:
        return []
    return access_needs.needs_for_firm(acting, order)


@register.simple_tag(takes_context=True)
def needs_for_staff(context, person):
    """The needs of a person of a tenant file the staff member opened, or None without consent."""
    acting = _acting(context)
    if acting is None or person is None:
        return None
    return access_needs.needs_for_staff(acting, person)
