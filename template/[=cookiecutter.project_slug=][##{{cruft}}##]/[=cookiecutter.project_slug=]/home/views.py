"""The landing page: a small LiveView that shows the event round trip."""

import re

from django.utils.translation import gettext
from djust import state
from djust.decorators import event_handler

from [= cookiecutter.project_slug =].liveview import LiveView

MAX_STEP = 100
WHOLE_NUMBER = re.compile(r"[0-9]{1,3}")  # ASCII digits only: "²".isdigit() is True


class HomeView(LiveView):
    template_name = "home/index.html"
    # A public page holding no user data; say so explicitly (djust.S005).
    login_required = False

    count = state(default=0)
    step = state(default=1)
    error = state(default="")

    @event_handler()
    def increment(self, **kwargs):
        """Add the current step to the counter."""
        self.count += self.step

    @event_handler()
    def reset(self, **kwargs):
        self.count = 0

    @event_handler()
    def set_step(self, value: object = "", **kwargs):
        """Take the step from the form; a bad value leaves state alone and says why.

        `value` is whatever JSON the client sent. Typed `object`, a list or null reaches
        this check and its message; typed `str`, djust would reject it first with a
        generic error frame the page never shows.
        """
        text = value.strip() if isinstance(value, str) else ""
        if not WHOLE_NUMBER.fullmatch(text) or not 1 <= int(text) <= MAX_STEP:
            self.error = gettext("The step must be a whole number from 1 to %(max)s.") % {
                "max": MAX_STEP
            }
            return
        self.step = int(text)
        self.error = ""
