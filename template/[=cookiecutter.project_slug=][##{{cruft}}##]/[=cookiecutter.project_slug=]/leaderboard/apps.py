from django.apps import AppConfig
from django.utils.translation import gettext_noop


class LeaderboardConfig(AppConfig):
    name = "[= cookiecutter.project_slug =].leaderboard"
    # Marked for makemessages; base.html translates it per request.
    nav_label = gettext_noop("Leaderboard")
    nav_url_name = "leaderboard:index"
