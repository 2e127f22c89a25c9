"""Template context shared by every page."""

from django.apps import apps
from django.conf import settings
from django.urls import reverse


def site(request):
    """The site name and one navigation entry per installed feature app.

    A feature app joins the navigation by declaring `nav_label` and `nav_url_name`
    on its AppConfig, so removing an app's folder and settings line removes its link.
    """
    nav = [
        {"label": app.nav_label, "url": reverse(app.nav_url_name)}
        for app in apps.get_app_configs()
        if getattr(app, "nav_label", None)
    ]
    return {
        "site_name": settings.SITE_NAME,
        "nav_items": nav,
        # Services `manage.py dev` replaced with local stand-ins, by app label.
        "standins": getattr(settings, "DEV_STANDINS", {}),
        # The account `manage.py dev` made for signing in (empty outside `make dev`).
        "dev_account": settings.DEV_ACCOUNT,
    }
