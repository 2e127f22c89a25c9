"""Template context shared by every page."""

from functools import cache

from django.apps import apps
from django.conf import settings
from django.middleware.csrf import get_token
from django.urls import get_script_prefix, get_urlconf, reverse


def site(request):
    """The site name and one navigation entry per installed feature app."""
    return {
        "site_name": settings.SITE_NAME,
        "nav_items": navigation(get_script_prefix(), get_urlconf(settings.ROOT_URLCONF)),
        # Services `manage.py dev` replaced with local stand-ins, by app label.
        "standins": getattr(settings, "DEV_STANDINS", {}),
        # The account `manage.py dev` made for signing in (empty outside `make dev`).
        "dev_account": settings.DEV_ACCOUNT,
    }


def csrf_token(request):
    """The token `{% csrf_token %}` prints, for every form on every page, as a plain string.

    djust renders the page around a LiveView with the configured processors only, not
    Django's built-in csrf one, and prints a lazy value as nothing: without this the
    sign-out form on LiveView pages posted no token and got 403. One token per request,
    so re-renders over the websocket leave the forms unchanged.
    """
    if not hasattr(request, "csrf_token_for_forms"):
        request.csrf_token_for_forms = get_token(request)
    return {"csrf_token": request.csrf_token_for_forms}


@cache  # djust runs this on every render: reversing each link was ~4% of a busy server's CPU
def navigation(script_prefix: str, urlconf: str) -> tuple[dict[str, str], ...]:
    """The links of the installed feature apps under `script_prefix`, which reverse() reads.

    A feature app joins the navigation by declaring `nav_label` and `nav_url_name`
    on its AppConfig, so removing an app's folder and settings line removes its link.
    """
    return tuple(
        {"label": app.nav_label, "url": reverse(app.nav_url_name, urlconf=urlconf)}
        for app in apps.get_app_configs()
        if getattr(app, "nav_label", None)
    )
