"""Top-level routes: sign-in, then one `include` per feature app."""

from django.urls import include, path

urlpatterns = [
    # Django's own sign-in and sign-out views (templates/registration/login.html).
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("[= cookiecutter.project_slug =].home.urls")),
[% if 's3' in cookiecutter.examples %]    path("storage/", include("[= cookiecutter.project_slug =].storage.urls")),
[% endif %][% if 'redis' in cookiecutter.examples %]    path("leaderboard/", include("[= cookiecutter.project_slug =].leaderboard.urls")),
[% endif %][% if 'weather' in cookiecutter.examples %]    path("weather/", include("[= cookiecutter.project_slug =].weather.urls")),
[% endif %][% if 'dashboard' in cookiecutter.examples %]    path("", include("[= cookiecutter.project_slug =].dashboard.urls")),  # at /dashboard/
[% endif %]]
