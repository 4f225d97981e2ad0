"""What staff configure in the repairs catalogue: the problems offered to tenants (words in four
languages, pictogram, who is responsible, default priority, safety advice, emergency) and the
deadlines of the priority classes. Each change is saved with the optimistic version check and
audited; a retired problem is only hidden from new reports, so old requests stay readable."""

from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import gettext as _

from palier.audit.services import record
from palier.core.acting import Acting
from palier.core.errors import DomainError, StaleEdit
from palier.core.versioning import save_versioned

from .catalogue import default_word
from .models import LANGUAGES, WORD_KINDS, Priority, Problem, RepairSettings, Responsible, Room

PROBLEM_FIELDS = ("room", "pictogram", "responsible", "priority", "is_emergency")
DEADLINE_FIELDS = ("emergency_hours", "urgent_days", "routine_days", "untouched_alert_hours")
# Bounds that keep a typing slip (a deadline of 0, or of ten years) out of every new request.
DEADLINE_BOUNDS = {
    "emergency_hours": (1, 72),
    "urgent_days": (1, 60),
    "routine_days": (1, 365),
    "untouched_alert_hours": (1, 720),
}


def pictogram_choices() -> list[str]:
    from palier.core.pictograms import PICTOGRAMS

    return sorted(PICTOGRAMS)


def _check(values: dict, words: dict) -> None:
    if values["room"] not in Room.values:
        raise DomainError(_("Choose a room."), field="room")
    if values["responsible"] not in Responsible.values:
        raise DomainError(_("Choose who is responsible."), field="responsible")
    if values["priority"] not in Priority.values:
        raise DomainError(_("Choose a priority."), field="priority")
    if values["pictogram"] not in pictogram_choices():
        raise DomainError(_("Choose a pictogram from the list."), field="pictogram")
    for language in LANGUAGES:
        if not (words.get(language) or {}).get("label", "").strip():
            raise DomainError(_("Write what the problem is called in each language."), field=f"label_{language}")
    if values["is_emergency"] and values["priority"] != Priority.EMERGENCY:
        raise DomainError(_("An emergency has the emergency priority."), field="priority")


def _texts_from(code: str, words: dict) -> dict:
    """Keep only the words that differ from the catalogue's, so that a better translation of the
    catalogue still reaches the problems staff did not reword."""
    texts: dict = {}
    for language in LANGUAGES:
        for kind in WORD_KINDS:
            value = ((words.get(language) or {}).get(kind) or "").strip()
            if value and value != default_word(code, language, kind):
                texts.setdefault(language, {})[kind] = value
    return texts


def _new_code(room: str, label: str) -> str:
    stem = slugify(f"{room}-{label}")[:50].strip("-") or room
    code, n = stem, 1
    while Problem.objects.filter(code=code).exists():
        n += 1
        code = f"{stem}-{n}"
    return code


@transaction.atomic
def add_problem(*, acting: Acting, room: str, pictogram: str, responsible: str, priority: str,
                is_emergency: bool, words: dict) -> Problem:
    """Add a problem to the catalogue. `words` is `{language: {"label", "advice", "tenant_hint"}}`;
    a label is required in French, Dutch, German and English. Raises DomainError."""
    values = {"room": room, "pictogram": pictogram, "responsible": responsible, "priority": priority,
              "is_emergency": is_emergency}
    _check(values, words)
    code = _new_code(room, words["en"]["label"])
    position = (Problem.objects.filter(room=room).aggregate(m=Max("position"))["m"] or 0) + 1
    problem = Problem.objects.create(code=code, position=position, texts=_texts_from(code, words), **values)
    record(acting, "repairs.problem_added", target=problem, data={"code": code, **values})
    return problem


@transaction.atomic
def change_problem(*, acting: Acting, problem: Problem, expected_version: int, room: str, pictogram: str,
                   responsible: str, priority: str, is_emergency: bool, words: dict) -> Problem:
    """Change a problem of the catalogue. Requests already made keep their priority and deadline.
    Raises StaleEdit when someone else saved it first, DomainError for a wrong value."""
    values = {"room": room, "pictogram": pictogram, "responsible": responsible, "priority": priority,
              "is_emergency": is_emergency}
    _check(values, words)
    texts = _texts_from(problem.code, words)
    changed = sorted(k for k, v in values.items() if getattr(problem, k) != v)
    if texts != (problem.texts or {}):
        changed.append("words")
    for key, value in values.items():
        setattr(problem, key, value)
    problem.texts = texts
    save_versioned(problem, expected_version=expected_version, fields=[*PROBLEM_FIELDS, "texts"])
    record(acting, "repairs.problem_changed", target=problem, data={"code": problem.code, "fields": changed})
    return problem


@transaction.atomic
def retire_problem(*, acting: Acting, problem: Problem, expected_version: int, retire: bool = True) -> Problem:
    """Stop offering a problem to tenants (or offer it again). Its requests keep it."""
    problem.active = not retire
    save_versioned(problem, expected_version=expected_version, fields=["active"])
    record(acting, "repairs.problem_retired" if retire else "repairs.problem_restored", target=problem,
           data={"code": problem.code})
    return problem


@transaction.atomic
def change_deadlines(*, acting: Acting, expected_version: int, **values: int) -> RepairSettings:
    """Set the deadline of each priority class and the untouched-request alert delay. New requests
    and re-classified ones follow them; existing deadlines stay. Raises StaleEdit, DomainError."""
    for key, (low, high) in DEADLINE_BOUNDS.items():
        value = values.get(key)
        if value is None or not low <= int(value) <= high:
            raise DomainError(_("Choose a number between %(low)s and %(high)s.") % {"low": low, "high": high},
                              field=key)
    current = RepairSettings.objects.select_for_update().order_by("pk").first()
    old = {k: getattr(current or RepairSettings(), k) for k in DEADLINE_FIELDS}
    if current is None:
        if expected_version != 1:
            raise StaleEdit(_("Someone else changed this while you were editing it. Here is the current version; "
                              "check it and make your change again."))
        current = RepairSettings.objects.create(version=2, **{k: int(values[k]) for k in DEADLINE_FIELDS})
    else:
        for key in DEADLINE_FIELDS:
            setattr(current, key, int(values[key]))
        save_versioned(current, expected_version=expected_version, fields=list(DEADLINE_FIELDS))
    record(acting, "repairs.deadlines_changed", target=current,
           data={k: {"old": old[k], "new": int(values[k])} for k in DEADLINE_FIELDS if old[k] != int(values[k])})
    return current
