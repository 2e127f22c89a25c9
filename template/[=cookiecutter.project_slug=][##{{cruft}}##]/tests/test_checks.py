"""The project's system checks fire on bad code and stay silent on the project's own."""

import gc

import pytest
from django.core.checks import Error, Warning
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from djust import LiveView, state
from djust.config import config as djust_config
from djust.decorators import event_handler

from [= cookiecutter.project_slug =] import checks, liveview


@pytest.fixture
def strict_serialization_off():
    # djust reads LIVEVIEW_CONFIG once at import, so flip its live config object.
    previous = djust_config.get("strict_serialization")
    djust_config.set("strict_serialization", False)
    yield
    djust_config.set("strict_serialization", previous)


@pytest.fixture
def bad_view_in_a_project_app():
    """A LiveView with mutable state defaults, placed in the home app's views module."""

    class MutableDefaultsView(LiveView):
        template_name = "home/index.html"
        login_required = False
        items = state(default=[])
        options = state(default={})
        tags = state(default=set())
        title = state(default="fine")
        sizes = state(default=(1, 2))

    MutableDefaultsView.__module__ = "[= cookiecutter.project_slug =].home.views"
    yield MutableDefaultsView
    del MutableDefaultsView
    gc.collect()  # drop it from LiveView.__subclasses__() for the next test


def test_project_code_passes_every_check_at_warning_level():
    call_command("check", "--fail-level", "WARNING")


def test_project_checks_run_under_both_tags():
    for tag in checks.TAGS:
        call_command("check", "--tag", tag, "--fail-level", "WARNING")


def test_strict_serialization_on_passes():
    assert checks.check_strict_serialization() == []


def test_strict_serialization_off_is_an_error(strict_serialization_off):
    errors = checks.check_strict_serialization()
    assert [e.id for e in errors] == ["project.E001"]
    assert isinstance(errors[0], Error)
    with pytest.raises(SystemCheckError, match=r"project\.E001"):
        call_command("check", "--tag", "project")


def test_mutable_state_defaults_warn_once_per_mutable_field(bad_view_in_a_project_app):
    warnings = checks.check_mutable_state_defaults()
    assert all(isinstance(w, Warning) and w.id == "project.W001" for w in warnings)
    flagged = sorted(w.msg.split(" declares")[0].rsplit(".", 1)[1] for w in warnings)
    assert flagged == ["items", "options", "tags"]
    assert all(w.obj is bad_view_in_a_project_app for w in warnings)


def test_mutable_state_default_fails_check_at_warning_level(bad_view_in_a_project_app):
    with pytest.raises(SystemCheckError, match=r"project\.W001"):
        call_command("check", "--tag", "djust", "--fail-level", "WARNING")


def test_views_outside_the_project_apps_are_not_inspected():
    class ThirdPartyView(LiveView):
        template_name = "home/index.html"
        items = state(default=[])

    ThirdPartyView.__module__ = "somepackage.views"
    assert ThirdPartyView not in checks.project_live_views()
    assert list(checks.mutable_state_warnings([ThirdPartyView]))  # it would be flagged


def test_project_views_are_found():
    from [= cookiecutter.project_slug =].home.views import HomeView

    assert HomeView in checks.project_live_views()


def test_an_async_handler_on_a_view_the_fallback_cannot_run_is_an_error():
    class PlainDjustView(LiveView):  # djust's LiveView, not the project's base
        abstract = True  # djust's own checks skip it when later tests run `check`
        template_name = "home/index.html"
        login_required = False

        @event_handler()
        async def save(self, **kwargs):
            pass

    errors = list(checks.http_fallback_errors([PlainDjustView]))
    assert [e.id for e in errors] == ["project.E002"]
    assert "save" in errors[0].msg and "not derived from" in errors[0].msg


def test_background_work_on_a_view_the_fallback_cannot_run_is_an_error():
    class PlainDjustView(LiveView):
        abstract = True
        template_name = "home/index.html"
        login_required = False

        @event_handler()
        def export(self, **kwargs):
            self.start_async(self._export)

        def _export(self):
            pass

    assert [e.id for e in checks.http_fallback_errors([PlainDjustView])] == ["project.E002"]


def test_a_load_started_in_mount_is_an_error_even_on_the_project_base():
    class LoadsInMountView(liveview.LiveView):
        abstract = True
        template_name = "home/index.html"
        login_required = False

        def mount(self, request, **kwargs):
            super().mount(request, **kwargs)
            self.start_async(self._fetch)

        async def _fetch(self):
            pass

    assert [e.id for e in checks.http_fallback_errors([LoadsInMountView])] == ["project.E003"]


def test_the_project_views_are_all_fine_on_the_fallback():
    assert list(checks.http_fallback_errors(checks.project_live_views())) == []
