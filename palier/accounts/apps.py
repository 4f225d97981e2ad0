from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "palier.accounts"
    label = "accounts"
