from django.apps import AppConfig


class StorageConfig(AppConfig):
    name = "[= cookiecutter.project_slug =].storage"
    nav_label = "Storage"
    nav_url_name = "storage:index"
