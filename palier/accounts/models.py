from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    TENANT = "tenant", _("tenant")
    HELPER = "helper", _("helper")
    AGENT = "agent", _("customer relations agent")
    TECHNICIAN = "technician", _("technician")
    CONTRACTOR = "contractor", _("contractor")
    ACCOUNTANT = "accountant", _("accountant")
    INCLUSION_OFFICER = "inclusion_officer", _("inclusion officer")
    MANAGER = "manager", _("manager")
    ADMINISTRATOR = "administrator", _("administrator")
    DPO = "dpo", _("data-protection officer")


STAFF_ROLES = frozenset(
    {Role.AGENT, Role.TECHNICIAN, Role.ACCOUNTANT, Role.INCLUSION_OFFICER, Role.MANAGER, Role.ADMINISTRATOR, Role.DPO}
)
# Roles whose reach is limited to the agencies they are assigned to.
AGENCY_SCOPED_ROLES = frozenset({Role.AGENT, Role.TECHNICIAN, Role.INCLUSION_OFFICER, Role.MANAGER})


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, username, password=None, **fields):
        user = self.model(username=username, **fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, username, password=None, **fields):
        fields.setdefault("role", Role.ADMINISTRATOR)
        fields.update(is_superuser=True, is_staff=True)
        return self.create_user(username, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """One account model for every role. A tenant's account is linked to their Person
    (tenancies.Person.user); staff reach agencies through estates.Agency.staff."""

    username = models.CharField(_("username"), max_length=150, unique=True)
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    email = models.EmailField(_("email address"), blank=True)
    phone = models.CharField(_("phone number"), max_length=20, blank=True, help_text=_("International format, +32…"))
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, default=Role.TENANT)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="fr")
    # A 6-digit PIN for the kiosk, hashed like a password.
    pin = models.CharField(max_length=256, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    # Django admin access: superusers only.
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    activated_at = models.DateTimeField(null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "username"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("user")
        constraints = [
            models.UniqueConstraint(Lower("email"), condition=~models.Q(email=""), name="unique_user_email"),
            models.UniqueConstraint("phone", condition=~models.Q(phone=""), name="unique_user_phone"),
        ]

    def __str__(self):
        return self.get_full_name() or self.username

    def get_full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self):
        return self.first_name or self.username

    @property
    def is_tenant(self) -> bool:
        return self.role == Role.TENANT

    @property
    def is_staff_member(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def is_agency_scoped(self) -> bool:
        return self.role in AGENCY_SCOPED_ROLES

    @property
    def session_kind(self) -> str:
        return "tenant" if self.role in (Role.TENANT, Role.HELPER) else "staff"


class CodePurpose(models.TextChoices):
    ACTIVATION = "activation", _("activation")
    UNLOCK = "unlock", _("unlock")


class OneTimeCode(models.Model):
    """A code that proves who someone is, once: printed on an activation letter, or sent by SMS
    or email. Only its hash is kept."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="codes")
    purpose = models.CharField(max_length=16, choices=CodePurpose.choices)
    code_hash = models.CharField(max_length=128)
    sent_by = models.CharField(max_length=16, blank=True)  # letter, sms, email
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["user", "purpose", "used_at"])]

    def __str__(self):
        return f"{self.get_purpose_display()} code for {self.user}"


class LoginFailure(models.Model):
    """One failed sign-in. Throttling counts rows for the same account key and address."""

    account_key = models.CharField(max_length=200)
    ip = models.CharField(max_length=64)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["account_key", "ip", "at"])]

    def __str__(self):
        return f"{self.account_key} from {self.ip} at {self.at:%Y-%m-%d %H:%M}"
