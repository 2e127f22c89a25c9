"""Top-level routes: the admin, the account pages, then one `include` per feature app."""

from django.conf import settings
from django.contrib import admin
[% if cookiecutter.accounts == 'basic' %]from django.contrib.auth import views as auth_views
[% endif %]from django.urls import include, path
[% if cookiecutter.accounts == 'basic' %]
# Django's own account views, each with its page in templates/registration/; password
# reset mails its link through the mail settings (settings.py, "Mail").
account_patterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "password_reset/",
        # The mail names the site as settings do, not by the host the request came to.
        auth_views.PasswordResetView.as_view(extra_email_context={"site_name": settings.SITE_NAME}),
        name="password_reset",
    ),
    path(
        "password_reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
[% endif %]
urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),  # staff only; the path is the environment's
[% if cookiecutter.accounts == 'allauth' %]    # allauth's pages (sign-up, email confirmation, password, two-factor), restyled in
    # accounts/templates/.
    path("accounts/", include("allauth.urls")),
[% else %]    path("accounts/", include(account_patterns)),
[% endif %]    # Django's set_language view, which the language switcher in base.html posts to.
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("[= cookiecutter.project_slug =].home.urls")),
[% if 's3' in cookiecutter.examples %]    path("storage/", include("[= cookiecutter.project_slug =].storage.urls")),
[% endif %][% if 'redis' in cookiecutter.examples %]    path("leaderboard/", include("[= cookiecutter.project_slug =].leaderboard.urls")),
[% endif %][% if 'weather' in cookiecutter.examples %]    path("weather/", include("[= cookiecutter.project_slug =].weather.urls")),
[% endif %][% if 'dashboard' in cookiecutter.examples %]    path("", include("[= cookiecutter.project_slug =].dashboard.urls")),  # at /dashboard/
[% endif %]]

# The site's own error pages (errors.py), used when DEBUG is off.
handler400 = "[= cookiecutter.project_slug =].errors.bad_request"
handler403 = "[= cookiecutter.project_slug =].errors.permission_denied"
handler404 = "[= cookiecutter.project_slug =].errors.page_not_found"
handler500 = "[= cookiecutter.project_slug =].errors.server_error"
