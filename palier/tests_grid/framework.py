"""The permission grid: every URL of a front end × every persona → the status that persona gets.

A grid is a list of `Row`s. A row names a URL, says how to build its arguments from the named
people of the root conftest (`kwargs=lambda w: {"pk": w.tenancy.pk}`), and gives the expected
result for each persona. `default=` covers the personas not named; a row must say something for
every persona, so adding a persona means deciding what it may see everywhere.

Expected results:

- `OK` (200), `NOT_FOUND` (404), `NOT_ALLOWED` (405, a POST-only view opened with GET), `GONE`...
  any integer is a status code;
- `LOGIN`: a redirect to the portal's sign-in page; `STAFF_LOGIN`: to the back office's;
- `to("portal:home")`: a redirect to that named URL (the query string is ignored).

Another household's object, or another agency's, must give 404, never 403: a row for an object
URL exists once for the actor's own object and once for a foreign one (`label="neighbour"`).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from urllib.parse import urlsplit

from django.test import Client
from django.urls import resolve, reverse

PERSONAS = (
    "anonymous",
    "tenant",
    "cotenant",
    "neighbour",
    "helper",
    "agent",
    "other_agent",
    "technician",
    "contractor",
    "accountant",
    "inclusion_officer",
    "manager",
    "administrator",
    "dpo",
    "kiosk",
    # Helpers acting for Amina (see mandate_world.py): under a valid mandate for rent and messages;
    # under one for documents only; under one that ended yesterday; under one Amina stopped.
    "helper_in_scope",
    "helper_out_of_scope",
    "helper_expired",
    "helper_revoked",
)
# Unless a row names them, the helpers acting for Amina expect what the plain helper (Sophie, who
# acts for nobody) gets: their own account pages are the same; a tenant page that serves Amina
# must name them, since a valid mandate opens it.
ACTING_HELPERS = ("helper_in_scope", "helper_out_of_scope", "helper_expired", "helper_revoked")
STAFF = ("agent", "other_agent", "technician", "accountant", "inclusion_officer", "manager", "administrator", "dpo")
TENANTS = ("tenant", "cotenant", "neighbour")

OK = 200
NOT_FOUND = 404
NOT_ALLOWED = 405


@dataclass(frozen=True)
class Redirect:
    url_name: str

    def __str__(self):
        return f"302 to {self.url_name}"


def to(url_name: str) -> Redirect:
    return Redirect(url_name)


LOGIN = Redirect("portal:login")
STAFF_LOGIN = Redirect("backoffice:login")


@dataclass
class Row:
    url_name: str
    expected: dict
    kwargs: Callable[[SimpleNamespace], dict] | None = None
    label: str = ""
    method: str = "get"
    data: Callable[[SimpleNamespace], dict] | None = None

    @property
    def title(self) -> str:
        name = f"{self.method.upper()} {self.url_name}"
        return f"{name} ({self.label})" if self.label else name


def row(url_name: str, *, default=None, kwargs=None, label="", method="get", data=None, **per_persona) -> Row:
    unknown = set(per_persona) - set(PERSONAS)
    if unknown:
        raise ValueError(f"{url_name}: unknown persona(s) {sorted(unknown)}")
    if "helper" in per_persona:
        for p in ACTING_HELPERS:
            per_persona.setdefault(p, per_persona["helper"])
    missing = [p for p in PERSONAS if p not in per_persona]
    if missing and default is None:
        raise ValueError(f"{url_name}: no expectation for {missing}; give them or default=")
    expected = {p: per_persona.get(p, default) for p in PERSONAS}
    return Row(url_name, expected, kwargs=kwargs, label=label, method=method, data=data)


def staff_only(url_name: str, roles=STAFF, *, allowed=OK, **kw) -> Row:
    """A back-office URL for the staff `roles` (they get `allowed`): the staff sign-in for the
    anonymous; 404 for everybody else (tenants, helpers and contractors have no back office, and a
    kiosk device never opens it)."""
    per = {p: allowed for p in roles}
    per.update(anonymous=STAFF_LOGIN)
    per.update({k: v for k, v in kw.items() if k in PERSONAS})
    rest = {k: v for k, v in kw.items() if k not in PERSONAS}
    rest.setdefault("default", NOT_FOUND)
    return row(url_name, **per, **rest)


def public(url_name: str, **kw) -> Row:
    """A page anybody may open, signed in or not."""
    kw.setdefault("default", OK)
    return row(url_name, **kw)


# --- walking -----------------------------------------------------------------------------------


def outcome(response):
    """What a person would notice: the status, or where a redirect takes them."""
    if response.status_code in (301, 302, 303, 307, 308):
        path = urlsplit(response["Location"]).path
        try:
            match = resolve(path)
        except Exception:
            return f"{response.status_code} to {path}"
        return Redirect(match.view_name)
    return response.status_code


def walk(rows, persona: str, client: Client, world: SimpleNamespace) -> list[str]:
    """Open every row as `persona`; return the differences in words (empty when all match)."""
    problems = []
    for r in rows:
        url = reverse(r.url_name, kwargs=r.kwargs(world) if r.kwargs else None)
        data = r.data(world) if r.data else {}
        response = getattr(client, r.method)(url, data)
        got = outcome(response)
        want = r.expected[persona]
        if got != want:
            problems.append(f"{r.title} {url}: expected {want}, got {got}")
    return problems


def url_names(rows) -> set[str]:
    return {r.url_name for r in rows}


@dataclass
class Grid:
    """A front end's grid: its URL namespaces, and its rows."""

    name: str
    namespaces: tuple[str, ...]
    rows: list[Row] = field(default_factory=list)
