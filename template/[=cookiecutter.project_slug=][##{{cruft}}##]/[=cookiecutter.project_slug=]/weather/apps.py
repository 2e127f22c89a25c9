from django.apps import AppConfig


class WeatherConfig(AppConfig):
    name = "[= cookiecutter.project_slug =].weather"
    nav_label = "Weather"
    nav_url_name = "weather:index"
