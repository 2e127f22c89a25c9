from django.apps import AppConfig
from django.utils.translation import gettext_noop


class WeatherConfig(AppConfig):
    name = "[= cookiecutter.project_slug =].weather"
    # Marked for makemessages; base.html translates it per request.
    nav_label = gettext_noop("Weather")
    nav_url_name = "weather:index"
