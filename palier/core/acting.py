"""The Acting context: who acts, for whom, through which channel.

Every service takes `acting` as its first keyword argument. Middleware builds it from the request;
management commands and tasks build it explicitly with `Acting.system()` or `Acting(...)`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    WEB = "web", _("web portal")
    KIOSK = "kiosk", _("kiosk")
    PHONE = "phone", _("phone")
    COUNTER = "counter", _("counter")
    LETTER = "letter", _("letter")
    SMS = "sms", _("SMS")
    EMAIL = "email", _("email")
    SYSTEM = "system", _("Palier")


@dataclass(frozen=True)
class Acting:
    """`user` is the account that acts (None for the system or an anonymous visitor);
    `for_person` is the tenant acted for when a helper or a staff member acts on their behalf;
    `channel` is how the action reached Palier; `kiosk` is the kiosk device, if any."""

    user: Any = None
    for_person: Any = None
    channel: str = Channel.WEB
    ip: str | None = None
    kiosk: Any = None

    @classmethod
    def system(cls) -> Acting:
        return cls(user=None, channel=Channel.SYSTEM)

    def on_behalf_of(self, person: Any, *, channel: str | None = None) -> Acting:
        return Acting(
            user=self.user, for_person=person, channel=channel or self.channel, ip=self.ip, kiosk=self.kiosk
        )

    def with_user(self, user: Any) -> Acting:
        return Acting(user=user, for_person=self.for_person, channel=self.channel, ip=self.ip, kiosk=self.kiosk)

    @property
    def is_authenticated(self) -> bool:
        return self.user is not None and self.user.is_authenticated
