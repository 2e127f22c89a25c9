from django.apps import AppConfig
from django.utils.translation import gettext_noop


class HomeConfig(AppConfig):
    name = "[= cookiecutter.project_slug =].home"
    # Marked for makemessages; base.html translates it per request.
    nav_label = gettext_noop("Home")
    nav_url_name = "home:index"
