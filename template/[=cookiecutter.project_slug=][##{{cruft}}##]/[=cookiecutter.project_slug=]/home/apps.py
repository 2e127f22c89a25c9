from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "[= cookiecutter.project_slug =].home"
    nav_label = "Home"
    nav_url_name = "home:index"
