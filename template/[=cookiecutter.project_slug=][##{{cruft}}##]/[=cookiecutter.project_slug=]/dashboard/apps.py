from django.apps import AppConfig
from django.utils.translation import gettext_noop


class DashboardConfig(AppConfig):
    name = "[= cookiecutter.project_slug =].dashboard"
    # Marked for makemessages; base.html translates it per request.
    nav_label = gettext_noop("Dashboard")
    nav_url_name = "dashboard:index"
