"""djust's template engine, blind to the templates of apps written for Django's own.

Django asks the engines in TEMPLATES order for a template by name, so djust's (first,
APP_DIRS) found the admin's templates and rendered them with its own engine, which gets
some of their tags wrong (djust 1.2.6: the changelist's action menu came out as the text
"actionselect_across"). Without those folders it answers "does not exist" and Django's
engine, second in TEMPLATES, renders them.
"""

from pathlib import Path

from django.apps import apps
from djust.template_backend import DjustTemplateBackend


class DjustTemplates(DjustTemplateBackend):
    """djust's engine; OPTIONS["django_engine_apps"]: the app labels whose templates it skips."""

    def __init__(self, params):
        options = dict(params["OPTIONS"])
        self.django_engine_apps = options.pop("django_engine_apps", [])
        super().__init__({**params, "OPTIONS": options})

    def _get_template_dirs(self, configured_dirs, app_dirs) -> list[Path]:
        skipped = {
            Path(app.path) / self.app_dirname
            for app in apps.get_app_configs()
            if app.label in self.django_engine_apps
        }
        found = super()._get_template_dirs(configured_dirs, app_dirs)
        return [folder for folder in found if folder not in skipped]
