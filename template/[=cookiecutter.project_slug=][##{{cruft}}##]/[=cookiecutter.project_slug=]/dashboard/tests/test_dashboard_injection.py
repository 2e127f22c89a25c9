"""The metrics client comes from the route, on every transport, and the client cannot swap it."""

import asyncio
import json

import pytest
from django.test import Client

from tests.fallback import FallbackPage
from tests.livesocket import frame_text

from . import urls as fake_urls

VIEW = "[= cookiecutter.project_slug =].dashboard.views.DashboardView"
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def fake_metrics(settings):
    settings.ROOT_URLCONF = "[= cookiecutter.project_slug =].dashboard.tests.urls"
    fake_urls.fake_client.calls = 0
    return fake_urls.fake_client


async def mount_loaded(live, url="/dashboard/", **params):
    """Mount and receive the metrics loaded right after the mount."""
    socket, mounted = await live(VIEW, url, **params)
    assert mounted["type"] == "mount" and "Loading metrics" in mounted["html"]
    return socket, await socket.receive()


async def test_real_route_injects_the_process_metrics_client(live):
    _, loaded = await mount_loaded(live)
    assert "Uptime" in frame_text(loaded)


async def test_websocket_mount_and_event_use_the_injected_client(fake_metrics, live):
    socket, loaded = await mount_loaded(live)
    assert "100 req" in frame_text(loaded)
    reply = await socket.event("refresh")
    assert reply["type"] == "patch"
    assert "200 req" in frame_text(reply)
    assert fake_metrics.calls == 2


async def test_a_client_param_cannot_replace_the_injected_service(fake_metrics, live):
    socket, loaded = await mount_loaded(live, metrics_client="attacker.Client")
    assert "100 req" in frame_text(loaded)
    reply = await socket.event("refresh", metrics_client="attacker.Client")
    assert "200 req" in frame_text(reply)
    assert "attacker" not in frame_text(reply)


async def test_the_view_cannot_be_mounted_on_a_url_that_does_not_serve_it(fake_metrics, live):
    _, mounted = await live(VIEW, "/", metrics_client="attacker.Client")
    assert mounted["type"] == "error"
    assert fake_metrics.calls == 0


async def test_without_a_websocket_the_injected_client_serves_every_post(
    async_client, fake_metrics
):
    page = FallbackPage(async_client, "/dashboard/")
    assert "Loading metrics" in await page.open()
    assert "100 req" in await page.event("reload")
    assert "200 req" in await page.event("refresh")
    assert "300 req" in await page.event("refresh", metrics_client="attacker.Client")
    assert fake_metrics.calls == 3


def test_http_fallback_without_csrf_token_is_refused(fake_metrics):
    browser = Client(enforce_csrf_checks=True)
    browser.get("/dashboard/")
    response = browser.post(
        "/dashboard/",
        data=json.dumps({"event": "refresh", "params": {}}),
        content_type="application/json",
    )
    assert response.status_code == 403
    assert fake_metrics.calls == 0


class FailingMetrics:
    """A metrics backend failing in a chosen way until it is told to recover."""

    def __init__(self, fault):
        self.fault = fault

    async def get_metrics(self):
        if self.fault == "down":
            from [= cookiecutter.project_slug =].services.errors import ServiceUnavailable

            raise ServiceUnavailable("The metrics service is down.")
        if self.fault == "slow":
            await asyncio.sleep(5)
        if self.fault == "malformed":
            return {"not": "a list"}
        return [{"name": "Recovered", "value": 1, "unit": ""}]


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        ("down", "The metrics service is down."),
        ("slow", "The metrics service did not answer in time."),
        ("malformed", "The metrics service sent an answer in an unknown shape."),
    ],
)
async def test_a_failing_metrics_client_shows_its_error_and_recovers(
    fake_metrics, live, settings, monkeypatch, fault, message
):
    failing = FailingMetrics(fault)
    settings.SERVICE_READ_TIMEOUT = 0.3
    socket, _ = await live(VIEW, "/dashboard/")
    monkeypatch.setattr(fake_urls.fake_client, "get_metrics", failing.get_metrics)
    failed = await socket.event("refresh")
    assert message in frame_text(failed)
    failing.fault = None
    assert "Recovered" in frame_text(await socket.event("refresh"))
