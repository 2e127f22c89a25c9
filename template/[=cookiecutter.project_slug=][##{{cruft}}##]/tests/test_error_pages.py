"""The site's error pages with DEBUG off, as in production (the tests' own setting): the
site's frame and a sentence of what to do, never a traceback or a detail of the failure.

Django renders handler400/403/404/500 from the root URLconf and CSRF_FAILURE_VIEW
(https://docs.djangoproject.com/en/5.2/topics/http/views/#customizing-error-views).
"""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import path

from [= cookiecutter.project_slug =].urls import (  # noqa: F401 (Django reads the handlers from the root URLconf)
    handler400,
    handler403,
    handler404,
    handler500,
)
from [= cookiecutter.project_slug =].urls import urlpatterns as site_urlpatterns
from tests.servers import Browser

INTERNAL_DETAIL = "a detail only the server may know"


def refuse(request):
    raise PermissionDenied(INTERNAL_DETAIL)


def fail(request):
    raise RuntimeError(INTERNAL_DETAIL)


# This module is the URLconf of its tests: the site's routes and two that fail.
urlpatterns = [path("refused/", refuse), path("fails/", fail), *site_urlpatterns]
pytestmark = [pytest.mark.urls(__name__), pytest.mark.django_db]


def assert_site_error_page(response, status: int, title: str) -> None:
    page = response.content.decode()
    assert response.status_code == status
    assert f"<h1>{title}</h1>" in page
    assert "[= cookiecutter.project_slug =]/site.css" in page and 'href="/"' in page  # the site's frame
    assert "Traceback" not in page and INTERNAL_DETAIL not in page


def test_a_missing_page_is_the_sites_404(client):
    assert_site_error_page(client.get("/no-such-page/"), 404, "Page not found")


def test_a_refused_page_is_the_sites_403(client):
    assert_site_error_page(client.get("/refused/"), 403, "Not allowed")


def test_a_failing_page_is_the_sites_500(client):
    client.raise_request_exception = False  # answer as a server does, not re-raise
    assert_site_error_page(client.get("/fails/"), 500, "Something went wrong")


def test_a_bad_host_is_the_sites_400(client):
    assert_site_error_page(client.get("/", HTTP_HOST="evil.example"), 400, "Bad request")


def test_a_form_posted_without_its_csrf_token_gets_the_sites_page(served_site):
    browser = Browser(served_site.origin)
    answer = browser.open("/accounts/login/", {"username": "ada", "password": "guess"})
    assert answer.status == 403, served_site.output()
    assert "<h1>This form has expired</h1>" in answer.text
    assert "Reload the page and send the form again." in answer.text
    assert "[= cookiecutter.project_slug =]/site.css" in answer.text
    assert "CSRF" not in answer.text  # nothing of Django's own page
