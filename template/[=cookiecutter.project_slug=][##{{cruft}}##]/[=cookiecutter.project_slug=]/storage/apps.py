from django.apps import AppConfig
from django.utils.translation import gettext_noop


class StorageConfig(AppConfig):
    name = "[= cookiecutter.project_slug =].storage"
    # Marked for makemessages; base.html translates it per request.
    nav_label = gettext_noop("Storage")
    nav_url_name = "storage:index"
