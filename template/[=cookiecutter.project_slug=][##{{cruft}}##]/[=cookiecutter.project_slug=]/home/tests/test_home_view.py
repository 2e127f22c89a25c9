"""The home LiveView, driven by djust's test client (no socket)."""

import pytest
from djust.testing import LiveViewTestClient

from [= cookiecutter.project_slug =].home.views import HomeView


@pytest.fixture
def home():
    return LiveViewTestClient(HomeView).mount()


def test_mount_starts_at_zero(home):
    home.assert_state(count=0, step=1, error="")


def test_increment_adds_the_step(home):
    home.send_event("increment")
    home.send_event("increment")
    home.assert_state(count=2)
    assert 'id="count">2<' in home.render()


def test_set_step_changes_the_increment(home):
    home.send_event("set_step", value="5")
    home.send_event("increment")
    home.assert_state(count=5, step=5, error="")


@pytest.mark.parametrize(
    "bad", ["", "0", "101", "-3", "2.5", "ten", "1e3", " ", "\x00", "²", "٣", "0" * 500]
)
def test_bad_step_shows_a_message_and_keeps_state(home, bad):
    home.send_event("set_step", value="7")
    home.send_event("set_step", value=bad)
    home.assert_state(step=7, error="The step must be a whole number from 1 to 100.")
    assert "The step must be a whole number from 1 to 100." in home.render()


def test_reset(home):
    home.send_event("increment")
    home.send_event("reset")
    home.assert_state(count=0)


@pytest.mark.django_db
def test_page_is_served_with_the_view_and_navigation(client):
    response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'dj-view="[= cookiecutter.project_slug =].home.views.HomeView"' in body
    assert 'id="count">0<' in body
[% for app, label in [('s3', 'storage'), ('redis', 'leaderboard'), ('weather', 'weather'), ('dashboard', 'dashboard')] %][% if app in cookiecutter.examples %]    assert 'href="/[= label =]/"' in body
[% endif %][% endfor -%]
