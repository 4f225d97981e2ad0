"""Reads of the document vault. `get_document_for(acting, pk)` fetches and authorises: a tenant
(or a helper acting for one, `acting.for_person`) sees the documents of their household; agents
and managers those of their agencies' households; accountants every household's rent documents.
Anything else is a 404, exactly like a document that does not exist."""

from django.http import Http404

from palier.accounts.models import Role

from .models import Document, DocumentKind

RENT_KINDS = (DocumentKind.RENT_NOTICE, DocumentKind.QUITTANCE, DocumentKind.PAYMENT_RECEIPT,
              DocumentKind.YEARLY_STATEMENT)


def _person_acted_for(acting):
    from palier.tenancies.queries import person_of

    if acting.for_person is not None:
        return acting.for_person
    return person_of(acting.user)


def documents_of_household(household_id: int):
    return Document.objects.filter(household_id=household_id).order_by("-created_at", "-id")


def documents_for(acting):
    """The documents the actor may open, newest first (a queryset: paginate it)."""
    user = acting.user
    if user is None or not user.is_authenticated:
        return Document.objects.none()
    person = _person_acted_for(acting)
    if person is not None:
        return documents_of_household(person.household_id)
    if user.role in (Role.AGENT, Role.MANAGER):
        from palier.tenancies.models import Household
        from palier.tenancies.queries import staff_households_q

        return Document.objects.filter(household__in=Household.objects.filter(staff_households_q(user)))
    if user.role == Role.ACCOUNTANT:
        return Document.objects.filter(kind__in=RENT_KINDS)
    return Document.objects.none()


def get_document_for(acting, pk) -> Document:
    try:
        return documents_for(acting).select_related("household").get(pk=pk)
    except (Document.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
