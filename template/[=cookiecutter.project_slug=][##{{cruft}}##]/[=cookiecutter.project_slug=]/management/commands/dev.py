"""`manage.py dev`: the development server, with local stand-ins for unconfigured services.

Each feature app may have a `standin` module whose `start_for_dev(stack)` starts a
local stand-in when its service is not configured, and returns the environment
variables that point the app at it plus a one-line description (or None when the
real service is configured). The stand-ins live as long as this command; those with
data keep it in STANDIN_DATA_DIR (var/ unless set; relative to the project; empty: keep
nothing), so a restart finds the leaderboard and the uploaded objects where they were.

It also keeps a development account for the pages that require login: [% if cookiecutter.accounts == 'allauth' %]`dev@example.com`
(its address verified), with[% else %]`dev`, with[% endif %]
the password DEV_PASSWORD from `.env` (written there on the first start and kept, so
a restart signs nobody out), printed beside the address, and the development mailbox
(mailbox.py) the site's mail goes to unless EMAIL_URL is set, its page's address printed too.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
from contextlib import ExitStack, suppress
from importlib import import_module
from importlib.util import find_spec
from pathlib import Path

[% if cookiecutter.accounts == 'allauth' %]from allauth.account.models import EmailAddress
[% endif %]from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from [= cookiecutter.project_slug =] import mailbox
from [= cookiecutter.project_slug =].mailbox import MAILBOX_FOLDER

[% if cookiecutter.accounts == 'allauth' %]DEV_ACCOUNT = "dev@example.com"  # what the sign-in form asks for: an email address
[% else %]DEV_ACCOUNT = "dev"
[% endif %]

class Command(BaseCommand):
    help = "Serve the site for development, starting local stand-ins for outside services."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-reload", action="store_true", help="Do not restart on changes.")

    def handle(self, *args, host: str, port: int, no_reload: bool, **options):
        if not settings.DEBUG:
            # The account's password is printed: never on a server DEBUG does not mark as dev.
            raise CommandError("manage.py dev is for development: set DEBUG=true (make dev does).")
        password = dev_password()
        ensure_dev_account(password)
        with ExitStack() as stack:
            # On SIGTERM, or SIGHUP when its terminal closes, unwind normally: stop the
            # server, then the stand-ins (a redis-server child would outlive this process).
            for name in ("SIGTERM", "SIGHUP"):  # Windows has no SIGHUP
                if hasattr(signal, name):
                    signal.signal(getattr(signal, name), lambda *_: sys.exit(0))
            standin_data = os.environ.get("STANDIN_DATA_DIR", "var")
            if standin_data:  # the stand-ins read it as an absolute path
                os.environ["STANDIN_DATA_DIR"] = str(settings.BASE_DIR / standin_data)
            descriptions = {}
            for app in apps.get_app_configs():
                if find_spec(f"{app.name}.standin") is None:
                    continue
                started = import_module(f"{app.name}.standin").start_for_dev(stack)
                if started is not None:
                    environment, descriptions[app.label] = started
                    os.environ.update(environment)
            mailbox_page = start_mailbox(stack)
            # The server processes read these at start-up: pages say what is a stand-in.
            os.environ["DEV_STANDINS"] = json.dumps(descriptions)
            os.environ["DEV_ACCOUNT"] = DEV_ACCOUNT
            for label, description in descriptions.items():
                self.stdout.write(self.style.WARNING(f"{label}: {description}"))
            if descriptions:
                self.stdout.write("Set the variables in .env.example to use the real services.")
            self.stdout.write(
                self.style.SUCCESS(
                    f"Sign in at http://{host}:{port}/accounts/login/ as {DEV_ACCOUNT!r}"
                    f" with password {password!r} (DEV_PASSWORD in .env)."
                )
            )
            if mailbox_page:
                self.stdout.write(self.style.SUCCESS(f"Mail the site sends: {mailbox_page}"))
            self.stdout.flush()  # shown before the server's lines, also when piped to a file
            # The server runs in a child process so that its settings read the
            # variables just set; this process keeps the stand-ins alive meanwhile.
            module, _, attribute = settings.ASGI_APPLICATION.rpartition(".")
            command = [sys.executable, "-m", "uvicorn", f"{module}:{attribute}"]
            command += ["--host", host, "--port", str(port), "--lifespan", "on"]
            if not no_reload:
                command += ["--reload", "--reload-dir", str(settings.BASE_DIR)]
            server = subprocess.Popen(command)  # noqa: S603 (our own interpreter and arguments)
            stack.callback(_stop, server)
            with suppress(KeyboardInterrupt):  # Ctrl-C: the server stops itself too
                server.wait()


def start_mailbox(stack: ExitStack) -> str | None:
    """The development mailbox (mailbox.py) unless EMAIL_URL names a mail server; its
    messages are kept in STANDIN_DATA_DIR/mailbox/, or only while this command runs.
    Returns where the mail goes: the mailbox page's address."""
    if os.environ.get("EMAIL_URL"):
        return None
    standin_data = os.environ.get("STANDIN_DATA_DIR")
    if standin_data:
        folder = Path(standin_data) / MAILBOX_FOLDER
    else:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="mailbox-")))
    environment, page = mailbox.start_for_dev(stack, folder)
    os.environ.update(environment)
    return page


def _stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.terminate()
        server.wait(timeout=30)


def dev_password() -> str:
    """DEV_PASSWORD from the environment (`.env`); made up and added to `.env` the first time."""
    password = os.environ.get("DEV_PASSWORD", "")
    env_file = settings.BASE_DIR / ".env"
    if not password:
        password = secrets.token_urlsafe(12)
        os.environ["DEV_PASSWORD"] = password
        if env_file.exists() and os.environ.get("DJANGO_READ_DOT_ENV_FILE", "true") != "false":
            with env_file.open("a", encoding="utf-8") as file:
                file.write(f"\n# The `dev` account's password.\nDEV_PASSWORD={password}\n")
    return password


def ensure_dev_account(password: str) -> None:
    """The development account, with `password`; left alone when it already has it.

    A new password hash would end every session signed in with the old one.
    """
    user_model = get_user_model()
    try:
[% if cookiecutter.accounts == 'allauth' %]        user, _ = user_model.objects.get_or_create(username="dev")
        # Verified already: allauth signs no one in before their address is confirmed.
        EmailAddress.objects.update_or_create(
            user=user, email=DEV_ACCOUNT, defaults={"verified": True, "primary": True}
        )
[% else %]        user, _ = user_model.objects.get_or_create(**{user_model.USERNAME_FIELD: DEV_ACCOUNT})
[% endif %]    except DatabaseError as error:
        raise CommandError(f"No database yet ({error}): run manage.py migrate first.") from error
[% if cookiecutter.accounts == 'allauth' %]    if user.email != DEV_ACCOUNT:
        user.email = DEV_ACCOUNT
        user.save(update_fields=["email"])
[% endif %]    if not user.check_password(password):
        user.set_password(password)
        user.save(update_fields=["password"])
