from django.apps import AppConfig


class LeaderboardConfig(AppConfig):
    name = "[= cookiecutter.project_slug =].leaderboard"
    nav_label = "Leaderboard"
    nav_url_name = "leaderboard:index"
