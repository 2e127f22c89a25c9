"""What a visitor sees when django-axes refuses a sign-in (settings: AXES_LOCKOUT_CALLABLE)."""

from axes.helpers import get_cool_off
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import render


def locked_out(request, *_):
    """The sign-in page, with the lockout's message and how long to wait: 429, Retry-After.

    axes calls this with (request, response, credentials) on the sync path and with
    (request, credentials) on the async one (axes.middleware, 8.3.1): only `request` is used.
    """
    seconds = int(get_cool_off(request).total_seconds())
    message = (
        "Too many wrong passwords for this account from your network. Sign-in is paused "
        f"for {in_words(seconds)}; each attempt meanwhile starts the wait again."
    )
    form = AuthenticationForm(request, initial={"username": request.POST.get("username", "")})
    context = {"form": form, "next": request.POST.get("next", ""), "locked_out": message}
    response = render(request, "registration/login.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response


def in_words(seconds: int) -> str:
    """The wait as a person reads it, in seconds or minutes (rounded up: less is refused)."""
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = -(-seconds // 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"
