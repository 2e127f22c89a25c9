"""Sign-in throttle (django-axes), over real HTTP to uvicorn as production runs it.

axes counts wrong passwords per account and address (AXES_LOCKOUT_PARAMETERS), refuses
every sign-in once AXES_FAILURE_LIMIT is reached, and lets the right password in again
when AXES_COOLOFF_TIME has passed since the last attempt
(https://django-axes.readthedocs.io/en/latest/4_configuration.html).
"""

from __future__ import annotations

import re
import secrets
import time

import pytest

from tests.accounts import REFUSED_MESSAGE, SIGN_IN_URL, sign_in_fields
from tests.servers import Answer, Browser, manage, serving

FAILURE_LIMIT = 3
COOLOFF_SECONDS = 3
PASSWORD = secrets.token_urlsafe(16)
ADA = "ada@example.com"
ADD_ADA = f"from tests.accounts import create_account; create_account({ADA!r}, {PASSWORD!r})"
LOCKED_OUT = "Too many wrong passwords for this account from your network."


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    limits = {
        "SIGN_IN_FAILURE_LIMIT": str(FAILURE_LIMIT),
        "SIGN_IN_COOLOFF_SECONDS": str(COOLOFF_SECONDS),
    }
    with serving(tmp_path_factory.mktemp("sign-in-throttle"), **limits) as server:
        manage(server.env, "shell", "--no-imports", "--command", ADD_ADA)
        yield server


def sign_in(browser: Browser, password: str) -> Answer:
    """Open the sign-in page and submit its form, as a person does."""
    form = browser.open(SIGN_IN_URL).text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    return browser.open(SIGN_IN_URL, sign_in_fields(ADA, password, csrfmiddlewaretoken=token))


def test_wrong_passwords_lock_the_account_out_until_the_cool_off_has_passed(server):
    browser = Browser(server.origin)
    for _ in range(FAILURE_LIMIT - 1):
        wrong = sign_in(browser, "guess")
        assert wrong.status == 200, server.output()
        assert REFUSED_MESSAGE in wrong.text
    assert sign_in(browser, "guess").status == 429  # the limit reached

    refused = sign_in(browser, PASSWORD)
    assert refused.status == 429, server.output()
    assert LOCKED_OUT in refused.text
    assert f"paused for {COOLOFF_SECONDS} seconds" in refused.text
    assert refused.headers["Retry-After"] == str(COOLOFF_SECONDS)
    assert "Sign out" not in refused.text

    time.sleep(int(refused.headers["Retry-After"]) + 1)  # as the page says
    accepted = sign_in(browser, PASSWORD)
    assert accepted.status == 302, accepted.text
    assert accepted.headers["Location"] == "/"
    assert "Sign out" in browser.open("/").text
