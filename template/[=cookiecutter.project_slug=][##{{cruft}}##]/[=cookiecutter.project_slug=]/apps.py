from django.apps import AppConfig


class ProjectConfig(AppConfig):
    """The project package as an app: its base templates, static files and system checks."""

    name = "[= cookiecutter.project_slug =]"
    verbose_name = [= cookiecutter.project_name | tojson =]

    def ready(self):
        from . import checks  # noqa: F401  (registers the project's system checks)
