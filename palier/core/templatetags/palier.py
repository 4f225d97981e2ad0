from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from palier.core import formats
from palier.core.pictograms import PICTOGRAMS

register = template.Library()


@register.filter
def money(value):
    """`{{ amount|money }}` → `450,50 €` in the active language's locale."""
    return formats.format_money(value)


@register.filter
def longdate(value):
    return formats.format_date(value)


@register.filter
def shortdate(value):
    return formats.format_date(value, form="short")


@register.simple_tag
def pictogram(name, label=""):
    """An inline SVG pictogram. Decorative unless a label is given."""
    path = mark_safe(PICTOGRAMS.get(name, PICTOGRAMS["info"]))  # noqa: S308  # nosec  # B308 B703: our own constant SVG paths
    if label:
        return format_html(
            '<svg class="pictogram" viewBox="0 0 24 24" role="img" aria-label="{}" focusable="false">{}</svg>',
            label,
            path,
        )
    return format_html(
        '<svg class="pictogram" viewBox="0 0 24 24" aria-hidden="true" focusable="false">{}</svg>',
        path,
    )


@register.filter
def opening_days(hours):
    """Opening hours grouped by day, in the order given: `[("Tuesday", "09:00–12:30, 13:30–16:00"), …]`.
    Takes rows with `weekday`, `get_weekday_display()`, `opens` and `closes`."""
    days: dict[int, tuple[str, list[str]]] = {}
    for row in hours or ():
        label, ranges = days.setdefault(row.weekday, (str(row.get_weekday_display()), []))
        ranges.append(f"{row.opens:%H:%M}–{row.closes:%H:%M}")
    return [(label, ", ".join(ranges)) for label, ranges in days.values()]


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """`?…&page=N`: the current page's query string (search words, filters) with another page."""
    query = context["request"].GET.copy()
    query["page"] = number
    return "?" + query.urlencode()
