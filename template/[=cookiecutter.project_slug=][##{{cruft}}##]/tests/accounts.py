"""The sign-in form the `accounts` answer made, as the tests fill it in: one place to change."""

SIGN_IN_URL = "/accounts/login/"
[% if cookiecutter.accounts == 'allauth' %]# django-allauth signs in by email address (settings: ACCOUNT_LOGIN_METHODS).
NAME_FIELD, NAME_LABEL, CREDENTIAL = "login", "Email", "email"
REFUSED_MESSAGE = "The email address and/or password you specified are not correct."
[% else %]# Django's LoginView (AuthenticationForm).
NAME_FIELD, NAME_LABEL, CREDENTIAL = "username", "Username", "username"
REFUSED_MESSAGE = "Please enter a correct username and password."
[% endif %]

def create_account(name: str, password: str, **fields):
[% if cookiecutter.accounts == 'allauth' %]    """An account that can sign in as `name` (the form's first field), with `password`.

    `name` is its email address, already verified: allauth refuses an unverified one.
    """
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(name.split("@")[0], name, password, **fields)
    EmailAddress.objects.create(user=user, email=name, verified=True, primary=True)
    return user
[% else %]    """An account that can sign in as `name` (the form's first field), with `password`."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user(name, password=password, **fields)
[% endif %]

def sign_in_fields(name: str, password: str, **more: str) -> dict[str, str]:
    """The sign-in form's fields, filled in."""
    return {NAME_FIELD: name, "password": password, **more}


def authenticates(name: str, password: str):
    """The user the sign-in form would let in with these, or None (axes needs a request)."""
    from django.contrib.auth import authenticate
    from django.test import RequestFactory

    request = RequestFactory().post(SIGN_IN_URL)
    return authenticate(request, **{CREDENTIAL: name, "password": password})
