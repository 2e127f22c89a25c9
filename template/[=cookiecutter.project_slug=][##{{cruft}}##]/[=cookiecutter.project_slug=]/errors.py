"""The site's error pages: what went wrong in words, never a traceback or a setting.

urls.py names these as Django's handler400/403/404/500 and settings.py as
CSRF_FAILURE_VIEW; Django uses the handlers only with DEBUG off.
"""

import logging

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from .context_processors import site

TEMPLATE = "error.html"


def bad_request(request, exception):
    # Without the request's context: the request itself is what is wrong (a bad Host...).
    return page_without_request(
        request, 400, "Bad request", "The site could not understand this request."
    )


def permission_denied(request, exception):
    return page(request, 403, "Not allowed", "Your account cannot open this page.")


def page_not_found(request, exception):
    return page(
        request,
        404,
        "Page not found",
        "There is no page at this address. Check the link, or start again from the home page.",
    )


def server_error(request):
    # Without the request's context: whatever failed could fail again while rendering it.
    return page_without_request(
        request,
        500,
        "Something went wrong",
        "The site could not finish this request. The error is logged; try again in a moment.",
    )


def csrf_failure(request, reason=""):
    # Django logs the reason (logger django.security.csrf); the page says what to do.
    return page(
        request,
        403,
        "This form has expired",
        "The page was open for too long, or the browser did not send the site's cookie. "
        "Reload the page and send the form again.",
    )


def page(request, status: int, title: str, message: str) -> HttpResponse:
    context = {"status": status, "title": title, "message": message}
    return render(request, TEMPLATE, context, status=status)


def page_without_request(request, status: int, title: str, message: str) -> HttpResponse:
    context = {**site(request), "status": status, "title": title, "message": message}
    return HttpResponse(render_to_string(TEMPLATE, context), status=status)


class WithoutTraceback(logging.Filter):
    """Logs a record as its message alone (settings.LOGGING names where)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = record.exc_text = None
        return True
