"""The weather LiveView: unit tests on fakes, integration over a websocket on the stand-in."""

import pytest
import respx
from djust.testing import LiveViewTestClient

from [= cookiecutter.project_slug =].weather.standin import forecast, search
from [= cookiecutter.project_slug =].weather.views import WeatherView
from tests.livesocket import frame_text

VIEW = "[= cookiecutter.project_slug =].weather.views.WeatherView"
BERLIN = 2950159


@pytest.fixture
def view():
    return LiveViewTestClient(WeatherView).mount()


@respx.mock
async def test_search_then_choose_renders_the_unmanaged_models(view):
    respx.get("https://geocoding-api.open-meteo.com/v1/search").respond(json=search("Ber", 5))
    respx.get("https://api.open-meteo.com/v1/forecast").respond(json=forecast(52.5, 13.4, 5))
    await view.view_instance.search(value="  Ber ")
    assert "Berlin, Land Berlin, Germany" in view.render()
    await view.view_instance.choose(place_id=str(BERLIN))
    html = view.render()
    assert "Now in Berlin" in html
    assert html.count("<tr>") == 1 + 5  # header row and one per day
    view.assert_state(query="Ber", selected_id=BERLIN, error="")


@pytest.mark.parametrize("query", ["", "x", " ", "a" * 81, "tab\tnewline\n\x00"])
async def test_bad_query_shows_why_and_calls_nothing(view, query):
    with respx.mock:  # any request would fail the test: no route is defined
        await view.view_instance.search(value=query)
    view.assert_state(error="Type a place name of 2 to 80 characters.")


async def test_choosing_an_unlisted_place_is_refused(view):
    await view.view_instance.choose(place_id="12345")
    view.assert_state(error="Choose one of the places listed.", selected_id=0)


@respx.mock
async def test_no_match_shows_an_empty_state(view):
    respx.get("https://geocoding-api.open-meteo.com/v1/search").respond(json={})
    await view.view_instance.search(value="Atlantis")
    assert "No place matches “Atlantis”." in view.render()


@pytest.mark.django_db(transaction=True)
async def test_search_and_forecast_over_the_websocket(weather_api, live):
    socket, mounted = await live(VIEW, "/weather/")
    assert mounted["type"] == "mount"
    assert "Search for a place" in mounted["html"]

    found = await socket.event("search", value="Tok")
    assert "Tokyo, Tokyo, Japan" in frame_text(found)

    report = await socket.event("choose", place_id="1850147")
    assert "Now in Tokyo" in frame_text(report)
    assert weather_api.requests == 2


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("fault", "message"),
    [
        ("error", "The weather service answered 503"),
        ("garbage", "The weather service sent an unreadable answer."),
        ("truncated", "The weather service sent an unreadable answer."),
    ],
)
async def test_a_failing_service_shows_an_error_and_recovers(weather_api, live, fault, message):
    socket, _ = await live(VIEW, "/weather/")
    weather_api.fault = fault
    failed = await socket.event("search", value="Par")
    assert message in frame_text(failed)
    weather_api.fault = None
    recovered = await socket.event("search", value="Par")
    assert "Paris, Île-de-France, France" in frame_text(recovered)
    assert message not in frame_text(recovered)


@pytest.mark.django_db(transaction=True)
async def test_a_slow_service_times_out_with_a_message_and_recovers(weather_api, live, settings):
    settings.SERVICE_READ_TIMEOUT = 0.2  # read by the client built for this test's loop
    socket, _ = await live(VIEW, "/weather/")
    weather_api.delay = 0.5
    failed = await socket.event("search", value="Lon")
    assert "The weather service did not answer in time." in frame_text(failed)
    weather_api.delay = 0.0
    assert "London, England" in frame_text(await socket.event("search", value="Lon"))


@pytest.mark.django_db(transaction=True)
async def test_a_refused_connection_shows_a_message(weather_api, live, settings):
    from [= cookiecutter.project_slug =].services.ports import free_port

    socket, _ = await live(VIEW, "/weather/")
    settings.WEATHER_API_URL = settings.GEOCODING_API_URL = f"http://127.0.0.1:{free_port()}"
    failed = await socket.event("search", value="Tok")
    assert "The weather service is unreachable." in frame_text(failed)
    settings.WEATHER_API_URL = settings.GEOCODING_API_URL = weather_api.url
    assert "Tokyo" in frame_text(await socket.event("search", value="Tok"))
