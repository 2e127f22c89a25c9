from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "[= cookiecutter.project_slug =].dashboard"
    nav_label = "Dashboard"
    nav_url_name = "dashboard:index"
