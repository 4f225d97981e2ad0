"""The problem catalogue: what a tenant reads (translatable words) and the Belgian defaults staff
may change later (who is responsible, the priority class, whether it is an emergency).

Who repairs what follows the regional lists (Brussels 23 November 2017, Wallonia 31 August 2018,
Flanders for leases from 2019): small upkeep (unblocking, washers, bulbs, bleeding radiators, lost
keys) falls to the tenant; structure, installations and wear to the landlord; boilers and lifts
under a maintenance contract to the contractor.

`ensure_catalogue()` writes the rows once and never overwrites what staff changed.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .models import LANGUAGES, WORD_KINDS, Priority, Problem, Responsible, Room

_S = '<g fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">{}</g>'

# Pictograms of the rooms, added to the core set by RepairsConfig.ready().
PICTOGRAMS = {
    "kitchen": _S.format('<path d="M4 10h16v4a6 6 0 0 1-6 6h-4a6 6 0 0 1-6-6z"/><path d="M9 3v4M12 3v4M15 3v4"/>'),
    "bath": _S.format('<path d="M3 12h18v3a5 5 0 0 1-5 5H8a5 5 0 0 1-5-5z"/><path d="M6 12V5a2 2 0 0 1 4 0"/>'),
    "flame": _S.format('<path d="M12 21a6 6 0 0 0 6-6c0-4-3-6-4-10-2 2-3 4-3 6-1-1-2-2-2-3-2 2-3 4-3 7a6 6 0 0 0 6 6z"/>'),
    "bolt": _S.format('<path d="M13 2 4 14h7l-1 8 9-12h-7z"/>'),
    "window": _S.format('<rect x="4" y="3" width="16" height="18" rx="1"/><path d="M12 3v18M4 12h16"/>'),
    "drop": _S.format('<path d="M12 3s6 7 6 11a6 6 0 0 1-12 0c0-4 6-11 6-11z"/>'),
    "lift": _S.format('<rect x="5" y="3" width="14" height="18" rx="1"/><path d="m9 9 3-3 3 3M9 15l3 3 3-3"/>'),
    "camera": _S.format('<path d="M3 8h4l2-3h6l2 3h4v11H3z"/><circle cx="12" cy="13" r="3.5"/>'),
}

ROOM_PICTOGRAMS = {
    Room.KITCHEN: "kitchen",
    Room.BATHROOM: "bath",
    Room.HEATING: "flame",
    Room.ELECTRICITY: "bolt",
    Room.DOORS_WINDOWS: "window",
    Room.WATER: "drop",
    Room.COMMON_AREAS: "building",
}


@dataclass(frozen=True)
class Words:
    label: object
    advice: object = ""
    tenant_hint: object = ""


@dataclass(frozen=True)
class Entry:
    code: str
    room: str
    responsible: str
    priority: str
    words: Words
    is_emergency: bool = False
    pictogram: str = ""


T, L, C = Responsible.TENANT, Responsible.LANDLORD, Responsible.CONTRACTOR
E, U, R = Priority.EMERGENCY, Priority.URGENT, Priority.ROUTINE

CATALOGUE = [
    # Kitchen
    Entry("kitchen-sink-blocked", Room.KITCHEN, T, R, Words(
        _("The sink is blocked"), "",
        _("Unblocking a sink is the tenant's job. Try very hot water and a plunger first."))),
    Entry("kitchen-tap-drips", Room.KITCHEN, T, R, Words(
        _("A tap drips"), "",
        _("Changing a tap washer is the tenant's job. A plumber or a handy neighbour can help."))),
    Entry("kitchen-cupboard", Room.KITCHEN, L, R, Words(_("A kitchen cupboard is broken"))),
    Entry("kitchen-extractor", Room.KITCHEN, L, R, Words(
        _("The extractor fan does not work"), _("Open a window when you cook."))),
    # Bathroom and toilet
    Entry("bath-toilet-blocked", Room.BATHROOM, T, U, Words(
        _("The toilet is blocked"), "",
        _("Unblocking a toilet is the tenant's job. Try a plunger first."))),
    Entry("bath-flush", Room.BATHROOM, L, R, Words(_("The toilet flush does not work"))),
    Entry("bath-shower-leak", Room.BATHROOM, L, U, Words(
        _("Water leaks from the shower or the bath"), _("Do not use the shower until it is repaired."))),
    Entry("bath-joints", Room.BATHROOM, T, R, Words(
        _("Joints are black or mouldy"), _("Air the room every day after a shower."),
        _("Cleaning and renewing silicone joints is the tenant's job."))),
    # Heating and hot water
    Entry("heat-gas-smell", Room.HEATING, L, E, Words(
        _("It smells of gas"),
        _("Leave your home now. Do not switch anything on or off. Do not use a lighter. "
          "From outside, call the gas emergency line: 0800 87 087.")), is_emergency=True, pictogram="warning"),
    Entry("heat-none", Room.HEATING, C, E, Words(
        _("No heating at all"), _("Keep one room warm and close its door. Dress warmly.")), is_emergency=True),
    Entry("heat-no-hot-water", Room.HEATING, C, U, Words(_("No hot water"))),
    Entry("heat-radiator-cold", Room.HEATING, T, R, Words(
        _("One radiator stays cold"), "",
        _("Bleeding a radiator is the tenant's job. Turn the small screw at the top until water comes."))),
    # Electricity
    Entry("elec-danger", Room.ELECTRICITY, L, E, Words(
        _("Bare wires, sparks or a burning smell"),
        _("Switch off the main switch of your fuse box. Do not touch the wires.")),
        is_emergency=True, pictogram="warning"),
    Entry("elec-no-power", Room.ELECTRICITY, L, U, Words(
        _("No electricity in part of my home"),
        _("Look at your fuse box first: a switch may be down. Put it back up once."))),
    Entry("elec-socket", Room.ELECTRICITY, L, R, Words(_("A socket or a switch is broken"),
                                                        _("Do not use it until it is repaired."))),
    Entry("elec-bulb", Room.ELECTRICITY, T, R, Words(
        _("A light bulb is out"), "", _("Changing a light bulb is the tenant's job."))),
    # Doors and windows
    Entry("door-lock", Room.DOORS_WINDOWS, L, U, Words(_("My front door does not lock"))),
    Entry("door-keys-lost", Room.DOORS_WINDOWS, T, U, Words(
        _("I lost my keys"), "",
        _("New keys and locks after a loss are paid by the tenant. We can still help you."))),
    Entry("window-broken", Room.DOORS_WINDOWS, L, U, Words(
        _("A window pane is broken"), _("Keep children away from the glass."))),
    Entry("window-shutter", Room.DOORS_WINDOWS, L, R, Words(_("A roller shutter is stuck"))),
    # Water
    Entry("water-flood", Room.WATER, L, E, Words(
        _("Water is flooding my home"),
        _("Close the main water tap. Switch off the electricity in the wet rooms.")), is_emergency=True),
    Entry("water-none", Room.WATER, L, U, Words(_("No water at all"))),
    Entry("water-stain", Room.WATER, L, U, Words(_("A wet stain on a ceiling or a wall"))),
    # Common areas of the building
    Entry("common-lift-stuck", Room.COMMON_AREAS, C, E, Words(
        _("Someone is stuck in the lift"),
        _("Press the alarm button in the lift. If someone is unwell, call 112.")),
        is_emergency=True, pictogram="lift"),
    Entry("common-lift-down", Room.COMMON_AREAS, C, U, Words(_("The lift does not work")), pictogram="lift"),
    Entry("common-light", Room.COMMON_AREAS, L, R, Words(_("A light is out in the hall or the stairs"))),
    Entry("common-entrance-door", Room.COMMON_AREAS, L, U, Words(_("The entrance door does not close"))),
    Entry("common-intercom", Room.COMMON_AREAS, L, R, Words(_("The doorbell or the intercom does not work"))),
    Entry("common-dirty", Room.COMMON_AREAS, L, R, Words(_("The hall or the stairs are dirty"))),
]

_WORDS = {entry.code: entry.words for entry in CATALOGUE}
_UNKNOWN = Words(_("Another problem"))


def words_for(code: str) -> Words:
    return _WORDS.get(code, _UNKNOWN)


def catalogue_words(code: str) -> Words | None:
    """The words catalogue.py has for `code`, or None for a problem staff added."""
    return _WORDS.get(code)


def _staff_word(texts: dict, language: str, kind: str) -> str:
    return str(((texts or {}).get(language) or {}).get(kind) or "")


def words_in(problem: Problem, language: str | None = None) -> Words:
    """The words a person reads for `problem` in `language` (default: the active one): what staff
    wrote in that language, else the catalogue's translated words, else what staff wrote in
    another language (French first), so that safety advice is never lost for lack of a
    translation."""
    language = (language or translation.get_language() or "fr")[:2]
    base = _WORDS.get(problem.code)
    texts = problem.texts or {}
    found = {}
    for kind in WORD_KINDS:
        value = _staff_word(texts, language, kind) or (getattr(base, kind) if base is not None else "")
        if not value:
            value = next((w for w in (_staff_word(texts, other, kind) for other in LANGUAGES) if w), "")
        found[kind] = value
    if not found["label"]:
        found["label"] = _UNKNOWN.label
    return Words(**found)


def default_word(code: str, language: str, kind: str) -> str:
    """The catalogue's word of `kind` for `code`, translated into `language` ("" when none)."""
    base = _WORDS.get(code)
    if base is None:
        return ""
    with translation.override(language):
        return str(getattr(base, kind) or "")


@transaction.atomic
def ensure_catalogue() -> int:
    """Create the catalogue rows that do not exist yet; leave the others as staff set them.
    Returns how many rows were created. Safe to run at every migrate."""
    existing = set(Problem.objects.values_list("code", flat=True))
    created = 0
    positions: dict[str, int] = {}
    for entry in CATALOGUE:
        positions[entry.room] = positions.get(entry.room, 0) + 1
        if entry.code in existing:
            continue
        Problem.objects.create(
            code=entry.code, room=entry.room, responsible=entry.responsible, priority=entry.priority,
            is_emergency=entry.is_emergency, pictogram=entry.pictogram or ROOM_PICTOGRAMS[entry.room],
            position=positions[entry.room],
        )
        created += 1
    return created
