"""services.weather against fast httpx fakes (respx), and against a server that never answers."""

import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest
import respx
import stamina

from [= cookiecutter.project_slug =].services.deadline import DeadlineExceeded
from [= cookiecutter.project_slug =].services.errors import BadServiceResponse, ServiceUnavailable
from [= cookiecutter.project_slug =].services.weather import (
    CURRENT_FIELDS,
    DAILY_FIELDS,
    RateLimited,
    RequestRefused,
    get_weather_client,
)
from [= cookiecutter.project_slug =].weather.standin import forecast, search

SEARCH = "https://geocoding-api.open-meteo.com/v1/search"
FORECAST = "https://api.open-meteo.com/v1/forecast"
TOKYO = (35.6895, 139.69171)


def forecast_body(**options) -> dict:
    """What Open-Meteo answers our forecast request for Tokyo (the stand-in's model of it)."""
    return forecast(*TOKYO, 5, current=CURRENT_FIELDS, daily=DAILY_FIELDS, zone="auto", **options)


@respx.mock
async def test_search_turns_results_into_places():
    respx.get(SEARCH).respond(json=search("Ber", 5))
    places = await get_weather_client().search_places("Ber")
    assert places[0]["name"] == "Berlin"
    assert places[0]["latitude"] == pytest.approx(52.52437)


@respx.mock
async def test_search_without_results_key_is_an_empty_list():
    respx.get(SEARCH).respond(json={"generationtime_ms": 0.2})
    assert await get_weather_client().search_places("Nowhere") == []


@respx.mock
async def test_a_place_without_coordinates_is_skipped_not_fatal():
    # Geocoding leaves empty fields out (https://open-meteo.com/en/docs/geocoding-api).
    berlin, london = search("Berlin")["results"][0], search("London")["results"][0]
    del berlin["latitude"]
    respx.get(SEARCH).respond(json={"results": [berlin, london | {"admin1": None}]})
    places = await get_weather_client().search_places("Place")
    assert [place["name"] for place in places] == ["London"]
    assert places[0]["admin1"] == ""


@respx.mock
async def test_answers_are_cached():
    route = respx.get(SEARCH).respond(json=search("Tok", 5))
    await get_weather_client().search_places("Tok")
    await get_weather_client().search_places("Tok")
    assert route.call_count == 1


@respx.mock
async def test_server_errors_are_retried_then_reported():
    route = respx.get(SEARCH).respond(503)
    with pytest.raises(ServiceUnavailable, match="answered 503"):
        await get_weather_client().search_places("Ber")
    assert route.call_count == 3


@respx.mock
async def test_a_transient_error_then_success_recovers():
    route = respx.get(SEARCH)
    route.side_effect = [httpx.ConnectError("refused"), httpx.Response(200, json=search("Par", 5))]
    assert (await get_weather_client().search_places("Par"))[0]["name"] == "Paris"


@respx.mock
async def test_a_refusal_shows_the_reason_and_is_not_retried():
    # https://open-meteo.com/en/docs#errors: HTTP 400 with {"error": true, "reason": ...}
    reason = "Latitude must be in range of -90 to 90°. Given: 91.0."
    route = respx.get(FORECAST).respond(400, json={"error": True, "reason": reason})
    with pytest.raises(RequestRefused) as refused:
        await get_weather_client().forecast(91.0, 0.0)
    assert str(refused.value) == f"The weather service refused the request: {reason}"
    assert route.call_count == 1


@respx.mock
async def test_a_refusal_without_a_reason_says_its_status():
    route = respx.get(SEARCH).respond(404, text="Not Found")
    with pytest.raises(RequestRefused, match=r"refused the request \(HTTP 404\)"):
        await get_weather_client().search_places("Ber")
    assert route.call_count == 1


@respx.mock
async def test_a_rate_limit_is_not_retried_and_says_what_the_service_said():
    reason = "Minutely API request limit exceeded. Please try again in one minute."
    route = respx.get(SEARCH).respond(429, json={"error": True, "reason": reason})
    with pytest.raises(RateLimited, match="rate limiting this site: Minutely API request"):
        await get_weather_client().search_places("Ber")
    assert route.call_count == 1


@respx.mock
async def test_a_bare_rate_limit_says_try_again_in_a_minute():
    respx.get(SEARCH).respond(429)
    with pytest.raises(RateLimited, match="rate limiting this site; try again in a minute"):
        await get_weather_client().search_places("Ber")


@respx.mock
async def test_retry_after_holds_every_request_to_that_api_until_then():
    limited = respx.get(SEARCH).respond(429, headers={"Retry-After": "30"})
    other_api = respx.get(FORECAST).respond(json=forecast_body())
    with pytest.raises(RateLimited, match="try again in 30 s"):
        await get_weather_client().search_places("Ber")
    with pytest.raises(RateLimited, match=r"try again in (29|30) s"):
        await get_weather_client().search_places("Tok")  # another search: not even sent
    assert limited.call_count == 1
    assert (await get_weather_client().forecast(*TOKYO))["daily"]  # the forecast API is not held
    assert other_api.call_count == 1


@respx.mock
async def test_retry_after_as_an_http_date():
    later = format_datetime(datetime.now(UTC) + timedelta(minutes=5), usegmt=True)
    respx.get(SEARCH).respond(429, headers={"Retry-After": later})
    with pytest.raises(RateLimited, match=r"try again in [45] min"):
        await get_weather_client().search_places("Ber")


@respx.mock
async def test_timeouts_are_reported_as_unavailable():
    respx.get(SEARCH).mock(side_effect=httpx.ReadTimeout("slow"))
    with pytest.raises(ServiceUnavailable, match="did not answer in time"):
        await get_weather_client().search_places("Ber")


@respx.mock
@pytest.mark.parametrize(
    "body",
    [
        b"<html>oops</html>",
        b'{"results": [{"name": "x"}]}',
        b'{"results": 5}',
        b'{"results": [{"id": 1, "name": "x", "latitude": "north", "longitude": 1}]}',
        b"[]",
    ],
)
async def test_malformed_answers_are_bad_responses(body):
    respx.get(SEARCH).respond(200, content=body, headers={"content-type": "application/json"})
    with pytest.raises(BadServiceResponse):
        await get_weather_client().search_places("Ber")


@respx.mock
async def test_the_forecast_is_json_able_data_in_the_place_s_time_zone():
    body = forecast_body()
    respx.get(FORECAST).respond(json=body)
    report = await get_weather_client().forecast(*TOKYO)
    observed = datetime.fromisoformat(report["current"]["observed_at"])
    assert observed.utcoffset() == timedelta(hours=9)  # Tokyo's, not the server's
    assert observed.replace(tzinfo=None) == datetime.fromisoformat(body["current"]["time"])
    assert report["current"]["timezone"] == "Asia/Tokyo"
    assert report["current"]["timezone_abbreviation"] == "JST"
    assert isinstance(report["current"]["temperature"], float)
    assert [day["day"] for day in report["daily"]] == body["daily"]["time"]


@respx.mock
async def test_one_null_costs_one_value_not_the_forecast():
    # Open-Meteo answers null for data a model lacks (open-meteo/open-meteo #264, #1307).
    body = forecast_body()
    body["current"]["temperature_2m"] = None
    body["daily"]["temperature_2m_max"][4] = None
    body["daily"]["weather_code"][0] = None
    respx.get(FORECAST).respond(json=body)
    report = await get_weather_client().forecast(*TOKYO)
    assert report["current"]["temperature"] is None
    assert report["current"]["feels_like"] == body["current"]["apparent_temperature"]
    assert report["daily"][4]["temperature_max"] is None
    assert report["daily"][4]["temperature_min"] == body["daily"]["temperature_2m_min"][4]
    assert report["daily"][0]["weather_code"] is None
    assert len(report["daily"]) == 5


@respx.mock
async def test_a_variable_left_out_is_missing_everywhere_and_a_day_without_a_date_is_skipped():
    body = forecast_body()
    del body["daily"]["precipitation_sum"]
    body["daily"]["time"][2] = None
    respx.get(FORECAST).respond(json=body)
    report = await get_weather_client().forecast(*TOKYO)
    assert [day["precipitation"] for day in report["daily"]] == [None] * 4


@respx.mock
@pytest.mark.parametrize(
    "damage",
    [
        lambda body: body.pop("daily"),
        lambda body: body["daily"].update(time="2026-01-01"),
        lambda body: body["daily"].update(temperature_2m_max=5),
        lambda body: body["current"].update(temperature_2m="warm"),
    ],
)
async def test_a_forecast_of_another_shape_is_a_bad_response(damage):
    body = forecast_body()
    damage(body)
    respx.get(FORECAST).respond(json=body)
    with pytest.raises(BadServiceResponse, match="unknown shape"):
        await get_weather_client().forecast(*TOKYO)


async def test_a_server_that_never_answers_fails_within_the_deadline(silent_server, settings):
    """Every attempt, retry and backoff fits in SERVICE_DEADLINE (the view's test: 5 s)."""
    stamina.set_testing(False)  # real backoff between attempts, as in production
    settings.SERVICE_DEADLINE = 1.0  # shorter than one attempt's read timeout (5 s)
    settings.GEOCODING_API_URL = silent_server
    started = time.monotonic()
    with pytest.raises(DeadlineExceeded, match="did not answer within 1 s"):
        await get_weather_client().search_places("Ber")
    assert time.monotonic() - started < settings.SERVICE_DEADLINE + 1
