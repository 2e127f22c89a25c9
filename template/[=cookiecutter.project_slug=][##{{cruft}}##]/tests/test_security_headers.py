"""The security headers and cookies production sends, asked as the TLS-terminating proxy
asks: uvicorn under the production settings, the public Host, X-Forwarded-Proto: https.

What each header means: Django's security middleware reference
(https://docs.djangoproject.com/en/5.2/ref/middleware/#module-django.middleware.security)
and CSP Level 3 (https://www.w3.org/TR/CSP3/) for Content-Security-Policy.
"""

from __future__ import annotations

import re
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest

from tests.accounts import SIGN_IN_URL, sign_in_fields
from tests.production import PUBLIC_HOST, ProductionSite
from tests.servers import Answer, manage

BEHIND_THE_PROXY = {"Host": PUBLIC_HOST, "X-Forwarded-Proto": "https"}
PAGES = ["/", SIGN_IN_URL]  # a LiveView and a plain Django page
PASSWORD = "headers-tests-only"  # noqa: S105 (a throwaway account)
MEMBER = "member@example.com"


@pytest.fixture(scope="module")
def site(tmp_path_factory, standins):
    running = ProductionSite(tmp_path_factory.mktemp("production"), standins.environment).start()
    create_member = (
        f"from tests.accounts import create_account; create_account({MEMBER!r}, {PASSWORD!r})"
    )
    manage(running.server.env, "shell", "-c", create_member)
    yield running
    running.stop()


def policy(answer: Answer) -> dict[str, list[str]]:
    """The Content-Security-Policy header as {directive: [sources]}."""
    header = answer.headers["Content-Security-Policy"]
    assert header, "no Content-Security-Policy header"
    parts = (part.split() for part in header.split(";") if part.strip())
    return {name: sources for name, *sources in parts}


def cookies(answer: Answer) -> dict[str, str]:
    """Each cookie set, by name, with its attributes as sent."""
    return {
        header.split("=", 1)[0]: header for header in answer.headers.get_all("Set-Cookie") or []
    }


@pytest.mark.parametrize("path", PAGES)
def test_pages_carry_the_security_headers(site, path):
    answer = site.get(path, BEHIND_THE_PROXY)
    assert answer.status == 200, answer.text
    # HSTS without preload: preload lists refuse less than a year (docs/deployment.md).
    assert answer.headers["Strict-Transport-Security"] == "max-age=60; includeSubDomains"
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert answer.headers["Referrer-Policy"] == "same-origin"
    assert answer.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert answer.headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("path", PAGES)
def test_the_content_security_policy_allows_only_this_site_and_nonced_inline_scripts(site, path):
    answer = site.get(path, BEHIND_THE_PROXY)
    directives = policy(answer)
    (nonce,) = re.findall(r"'nonce-([^']+)'", " ".join(directives["script-src"]))
    assert directives["script-src"] == ["'self'", f"'nonce-{nonce}'", "'report-sample'"]
    assert directives["default-src"] == directives["connect-src"] == ["'self'"]
    assert directives["object-src"] == directives["base-uri"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    styles = directives["style-src"]
    assert styles[0] == "'self'" and all(s.startswith("'sha256-") for s in styles[1:-1])
    assert "style-src-attr" not in directives  # style attributes: blocked (DEBUG allows them)
    header = answer.headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in header and "'unsafe-eval'" not in header
    # Every inline script of the page carries this response's nonce.
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", answer.text)
    assert inline and all(f'nonce="{nonce}"' in attributes for attributes in inline), inline
    # A fresh nonce for every response.
    assert policy(site.get(path, BEHIND_THE_PROXY))["script-src"] != directives["script-src"]


def test_cookies_are_secure_and_http_only_where_scripts_need_not_read_them(site):
    login = site.get(SIGN_IN_URL, BEHIND_THE_PROXY)
    csrf = cookies(login)["csrftoken"]
    assert "; Secure" in csrf and "SameSite=Lax" in csrf
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text).group(1)
    form = sign_in_fields(MEMBER, PASSWORD, csrfmiddlewaretoken=token)
    headers = {
        **BEHIND_THE_PROXY,
        "Content-Type": "application/x-www-form-urlencoded",
        "Origin": f"https://{PUBLIC_HOST}",
        "Cookie": SimpleCookie(csrf).output(attrs=[], header="").strip(),
    }
    signed_in = site.post(SIGN_IN_URL, urlencode(form), headers)
    assert signed_in.status == 302, signed_in.text
    session = cookies(signed_in)["sessionid"]
    assert "; Secure" in session and "; HttpOnly" in session and "SameSite=Lax" in session
