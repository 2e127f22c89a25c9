"""Without a websocket every page works: djust's client POSTs events, the base bridges them.

djust 1.2.6 calls a handler on that POST without awaiting it and never runs work queued
with start_async(); `[= cookiecutter.project_slug =].liveview.LiveView` runs both to completion. These
tests drive a page exactly as the client does (tests/fallback.py) and check the result.
"""

import asyncio

import pytest
from django.urls import path
from djust import state
from djust.decorators import event_handler

from [= cookiecutter.project_slug =].liveview import LiveView, defines_load
from tests.fallback import FallbackPage
from tests.routes import live_pages

pytestmark = pytest.mark.django_db(transaction=True)


class BridgedView(LiveView):
    """Every kind of work a page does: a load, an async handler, queued background work."""

    abstract = True  # not one of the site's pages: djust's checks (V005) leave it alone
    login_required = False
    template = (
        '<div dj-root dj-view="tests.test_http_fallback.BridgedView">'
        "{% if loading %}Loading…{% else %}loaded={{ loads }}{% endif %} "
        "async={{ async_runs }} background={{ background_runs }}</div>"
    )
    loads = state(default=0)
    async_runs = state(default=0)
    background_runs = state(default=0)

    async def load(self):
        await asyncio.sleep(0)  # a real await: a dropped coroutine would never get here
        self.loads += 1

    @event_handler()
    async def work(self, **kwargs):
        await asyncio.sleep(0)
        self.async_runs += 1
        self.start_async(self._background, name="background")

    async def _background(self):
        await asyncio.sleep(0)
        self.background_runs += 1


urlpatterns = [path("bridged/", BridgedView.as_view())]


@pytest.fixture
def page(settings, async_client):
    settings.ROOT_URLCONF = __name__
    return FallbackPage(async_client, "/bridged/")


async def test_the_first_get_shows_the_placeholder_and_reload_loads(page):
    assert "Loading…" in await page.open()
    answer = await page.event("reload")
    assert "loaded=1" in answer and "Loading" not in answer


async def test_an_async_handler_and_its_background_work_both_run(page):
    await page.open()
    await page.event("reload")
    answer = await page.event("work")
    assert "async=1" in answer and "background=1" in answer
    answer = await page.event("work")  # state carries over between POSTs
    assert "async=2" in answer and "background=2" in answer and "loaded=1" in answer


@pytest.mark.usefixtures("services_refuse_connections")
@pytest.mark.parametrize(
    ("url", "view"), [(url, view) for url, view in live_pages() if defines_load(view)]
)
async def test_every_page_that_loads_data_loads_it_without_a_websocket(
    url, view, async_client, django_user_model
):
    """Against services that refuse connections: the page leaves its placeholder either way."""
    await async_client.aforce_login(await django_user_model.objects.acreate_user("member"))
    page = FallbackPage(async_client, url)
    assert "Loading" in await page.open()
    assert "Loading" not in await page.event("reload")
