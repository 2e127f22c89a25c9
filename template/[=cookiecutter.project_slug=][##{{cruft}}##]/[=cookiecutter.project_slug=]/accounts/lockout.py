"""What a visitor sees when django-axes refuses a sign-in (settings: AXES_LOCKOUT_CALLABLE)."""

[% if cookiecutter.accounts == 'allauth' %]from allauth.account.forms import LoginForm
[% endif %]from axes.helpers import get_cool_off
[% if cookiecutter.accounts == 'basic' %]from django.contrib.auth.forms import AuthenticationForm
[% endif %]from django.shortcuts import render


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
[% if cookiecutter.accounts == 'allauth' %]    form = LoginForm(request=request, initial={"login": request.POST.get("login", "")})
    template = "account/login.html"
[% else %]    form = AuthenticationForm(request, initial={"username": request.POST.get("username", "")})
    template = "registration/login.html"
[% endif %]    context = {"form": form, "next": request.POST.get("next", ""), "locked_out": message}
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(seconds)
    return response
[% if cookiecutter.accounts == 'allauth' %]

def account_named(request, credentials) -> str:
    """The account a sign-in attempt names (settings: AXES_USERNAME_CALLABLE).

    allauth authenticates with `email`, the admin's form with `username`; without
    credentials (axes' middleware) the posted field says it.
    """
    credentials = credentials or {}
    named = credentials.get("email") or credentials.get("username")
    return named or request.POST.get("login") or request.POST.get("username", "")
[% endif %]

def in_words(seconds: int) -> str:
    """The wait as a person reads it, in seconds or minutes (rounded up: less is refused)."""
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = -(-seconds // 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"
