from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "[= cookiecutter.project_slug =].accounts"
    label = "accounts"  # AUTH_USER_MODEL is "accounts.User"
    # The key type of Django's own auth_user table, which the user model keeps (models.py).
    default_auto_field = "django.db.models.AutoField"
