"""services.weather against fast httpx fakes (respx)."""

import httpx
import pytest
import respx

from [= cookiecutter.project_slug =].services.errors import BadServiceResponse, ServiceUnavailable
from [= cookiecutter.project_slug =].services.weather import get_weather_client
from [= cookiecutter.project_slug =].weather.standin import forecast, search

SEARCH = "https://geocoding-api.open-meteo.com/v1/search"
FORECAST = "https://api.open-meteo.com/v1/forecast"


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
async def test_client_errors_are_not_retried():
    route = respx.get(SEARCH).respond(400)
    with pytest.raises(ServiceUnavailable, match="answered 400"):
        await get_weather_client().search_places("Ber")
    assert route.call_count == 1


@respx.mock
async def test_timeouts_are_reported_as_unavailable():
    respx.get(SEARCH).mock(side_effect=httpx.ReadTimeout("slow"))
    with pytest.raises(ServiceUnavailable, match="did not answer in time"):
        await get_weather_client().search_places("Ber")


@respx.mock
@pytest.mark.parametrize(
    "body", [b"<html>oops</html>", b'{"results": [{"name": "x"}]}', b'{"results": 5}']
)
async def test_malformed_answers_are_bad_responses(body):
    respx.get(SEARCH).respond(200, content=body, headers={"content-type": "application/json"})
    with pytest.raises(BadServiceResponse):
        await get_weather_client().search_places("Ber")


@respx.mock
async def test_forecast_is_typed():
    respx.get(FORECAST).respond(json=forecast(52.5, 13.4, 5))
    report = await get_weather_client().forecast(52.5, 13.4)
    assert isinstance(report["current"]["temperature"], float)
    assert len(report["daily"]) == 5
    assert report["daily"][0]["day"].isoformat() == forecast(52.5, 13.4, 1)["daily"]["time"][0]


@respx.mock
async def test_truncated_forecast_is_a_bad_response():
    respx.get(FORECAST).respond(json={"current": {"time": "2026-01-01T00:00"}, "daily": {}})
    with pytest.raises(BadServiceResponse):
        await get_weather_client().forecast(1.0, 2.0)
