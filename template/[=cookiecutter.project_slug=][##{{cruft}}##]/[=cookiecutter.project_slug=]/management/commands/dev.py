"""`manage.py dev`: the development server, with local stand-ins for unconfigured services.

Each feature app may have a `standin` module whose `start_for_dev(stack)` starts a
local stand-in when its service is not configured, and returns the environment
variables that point the app at it plus a one-line description (or None when the
real service is configured). The stand-ins live as long as this command.
"""

from __future__ import annotations

import json
import os
from contextlib import ExitStack
from importlib import import_module
from importlib.util import find_spec

import uvicorn
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the site for development, starting local stand-ins for outside services."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-reload", action="store_true", help="Do not restart on changes.")

    def handle(self, *args, host: str, port: int, no_reload: bool, **options):
        with ExitStack() as stack:
            descriptions = {}
            for app in apps.get_app_configs():
                if find_spec(f"{app.name}.standin") is None:
                    continue
                started = import_module(f"{app.name}.standin").start_for_dev(stack)
                if started is not None:
                    environment, descriptions[app.label] = started
                    os.environ.update(environment)
            # The server processes read these at start-up: pages say what is a stand-in.
            os.environ["DEV_STANDINS"] = json.dumps(descriptions)
            for label, description in descriptions.items():
                self.stdout.write(self.style.WARNING(f"{label}: {description}"))
            if descriptions:
                self.stdout.write("Set the variables in .env.example to use the real services.")
            module, _, attribute = settings.ASGI_APPLICATION.rpartition(".")
            uvicorn.run(
                f"{module}:{attribute}",
                host=host,
                port=port,
                reload=not no_reload,
                reload_dirs=[str(settings.BASE_DIR)],
                lifespan="on",
            )
