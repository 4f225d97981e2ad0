from django.apps import AppConfig


class TenanciesConfig(AppConfig):
    name = "palier.tenancies"
    label = "tenancies"

    def ready(self):
        from .privacy import register_privacy  # "My data", erasure, retention (palier.privacy)

        register_privacy()
        from palier.accounts.identifiers import register_resolver

        from . import receivers  # noqa: F401 - connects the signal receivers
        from .queries import users_for_tenancy_number

        register_resolver(users_for_tenancy_number)
