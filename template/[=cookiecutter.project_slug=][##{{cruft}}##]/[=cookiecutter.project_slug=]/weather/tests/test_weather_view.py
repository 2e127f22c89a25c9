"""The weather LiveView: unit tests on fakes, integration over a websocket and over djust's
HTTP fallback on the stand-in."""

import time

import pytest
import respx
import stamina
from djust.testing import LiveViewTestClient

from [= cookiecutter.project_slug =].services.weather import CURRENT_FIELDS, DAILY_FIELDS
from [= cookiecutter.project_slug =].weather.standin import forecast, search
from [= cookiecutter.project_slug =].weather.views import WeatherView
from tests.fallback import FallbackPage
from tests.livesocket import frame_text, rendered_texts

VIEW = "[= cookiecutter.project_slug =].weather.views.WeatherView"
SEARCH = "https://geocoding-api.open-meteo.com/v1/search"
FORECAST = "https://api.open-meteo.com/v1/forecast"
BERLIN = 2950159
TOKYO = 1850147
NOTHING_YET = "Search for a place to see its weather."
DASH = "\N{EN DASH}"  # what the page shows for a value the forecast lacks


@pytest.fixture
def view():
    return LiveViewTestClient(WeatherView).mount()


def berlin_forecast() -> dict:
    return forecast(52.52, 13.41, 5, current=CURRENT_FIELDS, daily=DAILY_FIELDS, zone="auto")


@respx.mock
async def test_search_then_choose_renders_the_unmanaged_models(view):
    respx.get(SEARCH).respond(json=search("Ber", 5))
    respx.get(FORECAST).respond(json=berlin_forecast())
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
    respx.get(SEARCH).respond(json={})
    await view.view_instance.search(value="Atlantis")
    assert "No place matches “Atlantis”." in view.render()


@respx.mock
async def test_a_search_that_fails_validation_clears_no_place_matches(view):
    respx.get(SEARCH).respond(json={})
    await view.view_instance.search(value="Atlantis")
    await view.view_instance.search(value="x")
    html = view.render()
    assert "Type a place name of 2 to 80 characters." in html
    assert "No place matches" not in html


@respx.mock
async def test_a_search_that_fails_validation_keeps_the_places_found(view):
    respx.get(SEARCH).respond(json=search("Ber", 5))
    await view.view_instance.search(value="Ber")
    await view.view_instance.search(value="x")
    html = view.render()
    assert "Type a place name" in html and "Berlin, Land Berlin, Germany" in html


@respx.mock
async def test_an_outage_shows_only_the_error(view):
    respx.get(SEARCH).respond(json=search("Ber", 5))
    await view.view_instance.search(value="Ber")
    respx.get(SEARCH).respond(503)
    await view.view_instance.search(value="Tok")
    html = view.render()
    assert "The weather service answered 503" in html
    assert "Berlin, Land Berlin" not in html  # the places found before are not this search's
    assert "No place matches" not in html and NOTHING_YET not in html


@respx.mock
async def test_missing_values_show_a_dash_and_the_rest_of_the_forecast(view):
    body = berlin_forecast()
    body["current"]["temperature_2m"] = None
    body["daily"]["temperature_2m_max"][1] = None
    respx.get(SEARCH).respond(json=search("Berlin", 5))
    respx.get(FORECAST).respond(json=body)
    await view.view_instance.search(value="Berlin")
    await view.view_instance.choose(place_id=str(BERLIN))
    html = view.render()
    assert f'<strong id="current-temperature">{DASH}</strong>' in html
    assert f"Feels like {body['current']['apparent_temperature']} °C" in html
    low = body["daily"]["temperature_2m_min"][1]
    assert f"<td>{low}</td><td>{DASH}</td>" in html  # day 2: its low, a dash for its high
    assert html.count("<tr>") == 1 + 5


@pytest.mark.django_db(transaction=True)
async def test_search_and_forecast_over_the_websocket(weather_api, live):
    socket, mounted = await live(VIEW, "/weather/")
    assert mounted["type"] == "mount"
    assert NOTHING_YET in mounted["html"]

    found = await socket.event("search", value="Tok")
    assert "Tokyo, Tokyo, Japan" in frame_text(found)

    report = await socket.event("choose", place_id=str(TOKYO))
    assert "Now in Tokyo" in frame_text(report)
    assert weather_api.requests == 2


@pytest.mark.django_db(transaction=True)
async def test_observation_times_keep_the_place_s_time_zone(weather_api, live):
    def tokyo_time() -> str:
        """What the stand-in, as Open-Meteo with timezone=auto, says it is: "HH:MM" in Tokyo."""
        answer = forecast(35.6895, 139.69171, 1, current=("temperature_2m",), zone="auto")
        return answer["current"]["time"][-5:]

    socket, _ = await live(VIEW, "/weather/")
    await socket.event("search", value="Tokyo")
    before = tokyo_time()
    report = frame_text(await socket.event("choose", place_id=str(TOKYO)))
    shown = {before, tokyo_time()}  # the same, unless a 15-minute step passed meanwhile
    assert any(f"{local} JST" in report for local in shown), (shown, report)
    assert "local time in Asia/Tokyo" in report


@pytest.mark.django_db(transaction=True)
async def test_accents_do_not_matter_to_the_search(weather_api, live):
    socket, _ = await live(VIEW, "/weather/")
    found = await socket.event("search", value="Sao Paulo")
    assert "São Paulo, São Paulo, Brazil" in frame_text(found)
    found = await socket.event("search", value="reykjavik")
    assert "Reykjavík, Capital Region, Iceland" in frame_text(found)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("fault", "message"),
    [
        ("error", "The weather service answered 503"),
        ("garbage", "The weather service sent an unreadable answer."),
        ("truncated", "The weather service sent an unreadable answer."),
        ("rate-limited", "The weather service is rate limiting this site: Minutely API request"),
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
async def test_a_rate_limited_search_is_sent_once(weather_api, live):
    socket, _ = await live(VIEW, "/weather/")
    weather_api.fault = "rate-limited"
    await socket.event("search", value="Par")
    assert weather_api.requests == 1  # a 429 is not retried within the action


@pytest.mark.django_db(transaction=True)
async def test_nulls_from_the_service_show_as_dashes(weather_api, live):
    socket, _ = await live(VIEW, "/weather/")
    await socket.event("search", value="Berlin")
    weather_api.nulls = {"temperature_2m", "precipitation_sum"}
    report = await socket.event("choose", place_id=str(BERLIN))
    assert "Now in Berlin" in frame_text(report) and "unknown shape" not in frame_text(report)
    # A dash for the temperature now and for each day's rain; every other figure is there.
    assert rendered_texts(report).count(DASH) == 1 + 5


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
async def test_a_server_that_never_answers_shows_an_error_within_the_deadline(
    silent_server, live, settings
):
    """Default settings: SERVICE_DEADLINE 5 s, per attempt 2 s to connect and 5 s to read."""
    stamina.set_testing(False)  # real backoff between attempts, as in production
    settings.WEATHER_API_URL = settings.GEOCODING_API_URL = silent_server
    socket, _ = await live(VIEW, "/weather/")
    started = time.monotonic()
    failed = await socket.event("search", value="Tok")
    elapsed = time.monotonic() - started
    assert "The weather service did not answer within 5 s" in frame_text(failed)
    assert elapsed < settings.SERVICE_DEADLINE + 1, elapsed


@pytest.mark.django_db(transaction=True)
async def test_a_refused_connection_shows_a_message(weather_api, live, settings):
    from [= cookiecutter.project_slug =].services.ports import free_port

    socket, _ = await live(VIEW, "/weather/")
    settings.WEATHER_API_URL = settings.GEOCODING_API_URL = f"http://127.0.0.1:{free_port()}"
    failed = await socket.event("search", value="Tok")
    assert "The weather service is unreachable." in frame_text(failed)
    settings.WEATHER_API_URL = settings.GEOCODING_API_URL = weather_api.url
    assert "Tokyo" in frame_text(await socket.event("search", value="Tok"))


@pytest.mark.django_db(transaction=True)
async def test_search_then_choose_without_a_websocket(weather_api, async_client):
    """djust's HTTP fallback restores the view from the session between POSTs."""
    page = FallbackPage(async_client, "/weather/")
    assert NOTHING_YET in await page.open()
    assert "Tokyo, Tokyo, Japan" in await page.event("search", value="Tok")
    report = await page.event("choose", place_id=str(TOKYO))
    assert "Now in Tokyo" in report and "Choose one of the places listed" not in report
    assert "JST" in report
