"""Open-Meteo's documented behaviour, asserted against our stand-in and the real API.

Every assertion is written from Open-Meteo's own documentation, not from the stand-in:
- Geocoding: https://open-meteo.com/en/docs/geocoding-api ("Location Search", "JSON
  Return Object", "Errors").
- Forecast: https://open-meteo.com/en/docs ("API Documentation", "JSON Return Object",
  "Errors").
They run against the stand-in always, and against the real API under

    WEATHER_API_URL=https://api.open-meteo.com make test-contracts

(GEOCODING_API_URL defaults to https://geocoding-api.open-meteo.com). Where the stand-in
differs from these, the example's other tests are testing a fiction: fix the stand-in.
"""

from __future__ import annotations

import http.client
import os
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlencode, urlsplit
from zoneinfo import ZoneInfo

import httpx
import pytest

from [= cookiecutter.project_slug =].services.weather import CURRENT_FIELDS, DAILY_FIELDS
from tests.contracts import STAND_IN, targets

pytestmark = pytest.mark.contract

GEOCODING_DOCS = "https://open-meteo.com/en/docs/geocoding-api"
FORECAST_DOCS = "https://open-meteo.com/en/docs"
TOKYO = {"latitude": 35.6895, "longitude": 139.69171}
BERLIN = {"latitude": 52.52437, "longitude": 13.41053}


class OpenMeteo:
    """Both APIs of one target, spoken to as plainly as the documentation shows them."""

    def __init__(self, forecast_url: str, geocoding_url: str) -> None:
        self.forecast_url, self.geocoding_url = forecast_url, geocoding_url
        self.http = httpx.Client(timeout=20, headers={"User-Agent": "djust-services-template"})

    def search(self, **params) -> httpx.Response:
        return self.http.get(f"{self.geocoding_url}/v1/search", params=params)

    def forecast(self, **params) -> httpx.Response:
        return self.http.get(f"{self.forecast_url}/v1/forecast", params=params)

    def names(self, name: str, **params) -> list[str]:
        answer = self.search(name=name, **params)
        assert answer.status_code == 200, answer.text
        return [place["name"] for place in answer.json().get("results", [])]


@pytest.fixture(params=targets("WEATHER_API_URL", "https://api.open-meteo.com"))
def open_meteo(request):
    if request.param == STAND_IN:
        url = request.getfixturevalue("weather_api").url
        api = OpenMeteo(url, url)
    else:
        geocoding = os.environ.get("GEOCODING_API_URL") or "https://geocoding-api.open-meteo.com"
        api = OpenMeteo(request.param, geocoding)
    yield api
    api.http.close()


def assert_refused(answer: httpx.Response) -> str:
    """Both pages, Errors: "In case an error occurs, for example a URL parameter is not
    correctly specified, a JSON error object is returned with a HTTP 400 status code"."""
    assert answer.status_code == 400, answer.text
    body = answer.json()
    assert body["error"] is True and isinstance(body["reason"], str) and body["reason"]
    return body["reason"]


# --- Geocoding: https://open-meteo.com/en/docs/geocoding-api --------------------------


def test_a_search_returns_matching_locations_with_coordinates_and_time_zone(open_meteo):
    """The documented example: Berlin, id 2950159, its coordinates and time zone."""
    answer = open_meteo.search(name="Berlin", count=1, language="en", format="json")
    assert answer.status_code == 200
    (berlin,) = answer.json()["results"]
    assert berlin["id"] == 2950159 and berlin["name"] == "Berlin"
    assert berlin["latitude"] == pytest.approx(52.52, abs=0.05)
    assert berlin["longitude"] == pytest.approx(13.41, abs=0.05)
    assert berlin["timezone"] == "Europe/Berlin" and berlin["country_code"] == "DE"


@pytest.mark.parametrize(
    ("typed", "found"),
    [("Sao Paulo", "São Paulo"), ("reykjavik", "Reykjavík"), ("BERLIN", "Berlin")],
)
def test_matching_ignores_case_and_accents(open_meteo, typed, found):
    """Location Search: "Matching is case-insensitive and diacritic-insensitive"."""
    assert found in open_meteo.names(typed)


def test_three_or_more_characters_match_the_beginning_of_a_name(open_meteo):
    """Location Search: "Three or more use normalized prefix matching ... the characters
    must match the beginning of an indexed name"."""
    assert "Reykjavík" in open_meteo.names("Reykj")
    assert "Berlin" in open_meteo.names("Berl")
    assert "Berlin" not in open_meteo.names("erlin")


def test_two_characters_match_an_exact_name_only(open_meteo):
    """Location Search: "Two characters match an exact name"."""
    assert "Berlin" not in open_meteo.names("Be")


@pytest.mark.parametrize("name", ["", "B"])
def test_empty_and_single_character_searches_return_no_results(open_meteo, name):
    """Location Search: "Empty and single-character searches return no results"."""
    assert open_meteo.names(name) == []


def test_no_results_key_when_nothing_matches(open_meteo):
    """JSON Return Object: "Empty fields are not returned": no match, no `results`."""
    answer = open_meteo.search(name="Xqzvbnmw")
    assert answer.status_code == 200 and "results" not in answer.json()


def test_count_limits_the_results(open_meteo):
    """`count`: "The number of search results to return." (parameters)"""
    assert len(open_meteo.names("Paris", count=1)) == 1


def test_a_country_after_a_comma_narrows_the_results(open_meteo):
    """Location Search: `name` is "<location>[, <country or admin1>]", e.g. "Paris, France"."""
    answer = open_meteo.search(name="Paris, France", count=10)
    places = answer.json()["results"]
    assert places and all(place["country_code"] == "FR" for place in places)
    everywhere = open_meteo.search(name="Paris", count=10).json()["results"]
    assert any(place["country_code"] != "FR" for place in everywhere)


@pytest.mark.parametrize("count", [0, 101])
def test_a_count_out_of_range_is_refused_with_the_documented_body(open_meteo, count):
    """`count`: "Up to 100 results can be retrieved"; the error example, word for word."""
    assert assert_refused(open_meteo.search(name="Berlin", count=count)) == (
        "Parameter count must be between 1 and 100."
    )


# --- Forecast: https://open-meteo.com/en/docs ----------------------------------------


def test_current_and_daily_variables_come_back_as_requested(open_meteo):
    """As our client asks: every chosen `current` variable as a number with `time` and
    `interval`; `daily` as arrays beside a `time` array of ISO 8601 dates; units for
    each (JSON Return Object). A value may be null (open-meteo/open-meteo #264, #1307)."""
    answer = open_meteo.forecast(
        **BERLIN,
        current=",".join(CURRENT_FIELDS),
        daily=",".join(DAILY_FIELDS),
        timezone="auto",
        forecast_days=5,
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    current, daily = body["current"], body["daily"]
    datetime.fromisoformat(current["time"])
    assert isinstance(current["interval"], int)
    for name in CURRENT_FIELDS:
        assert current[name] is None or isinstance(current[name], int | float), name
        assert name in body["current_units"]
    assert len(daily["time"]) == 5
    assert [date.fromisoformat(day) for day in daily["time"]]
    for name in DAILY_FIELDS:
        assert len(daily[name]) == 5, name
        assert all(value is None or isinstance(value, int | float) for value in daily[name])
        assert name in body["daily_units"]


def test_seven_days_unless_forecast_days_says_otherwise(open_meteo):
    """`forecast_days` (0-16), default 7: "Per default, only 7 days are returned"."""
    answer = open_meteo.forecast(**BERLIN, daily="weather_code", timezone="auto")
    assert len(answer.json()["daily"]["time"]) == 7
    answer = open_meteo.forecast(**BERLIN, daily="weather_code", timezone="auto", forecast_days=16)
    assert len(answer.json()["daily"]["time"]) == 16


def test_hourly_data_start_at_midnight_local_time_one_value_an_hour(open_meteo):
    """`timezone`: "data is returned starting at 00:00 local-time"; hourly arrays."""
    answer = open_meteo.forecast(**TOKYO, hourly="temperature_2m", timezone="auto", forecast_days=1)
    hourly = answer.json()["hourly"]
    assert len(hourly["time"]) == len(hourly["temperature_2m"]) == 24
    assert hourly["time"][0].endswith("T00:00") and hourly["time"][23].endswith("T23:00")


def test_timezone_auto_gives_local_times_and_the_place_s_offset(open_meteo):
    """`timezone`: "If auto is set as a time zone, the coordinates will be automatically
    resolved to the local time zone"; "all timestamps are returned as local-time";
    `utc_offset_seconds`, `timezone` and `timezone_abbreviation` say which (JSON Return
    Object)."""
    answer = open_meteo.forecast(
        **TOKYO, current="temperature_2m", daily="weather_code", timezone="auto"
    )
    body = answer.json()
    assert body["timezone"] == "Asia/Tokyo" and body["timezone_abbreviation"] == "JST"
    assert body["utc_offset_seconds"] == 9 * 3600
    tokyo_now = datetime.now(ZoneInfo("Asia/Tokyo")).replace(tzinfo=None)
    observed = datetime.fromisoformat(body["current"]["time"])
    assert abs(observed - tokyo_now) < timedelta(hours=1), (observed, tokyo_now)
    assert body["daily"]["time"][0] == tokyo_now.date().isoformat()


def test_without_a_timezone_times_are_gmt(open_meteo):
    """`timezone`: default GMT."""
    body = open_meteo.forecast(**TOKYO, current="temperature_2m").json()
    assert body["utc_offset_seconds"] == 0 and body["timezone"] == "GMT"
    observed = datetime.fromisoformat(body["current"]["time"])
    assert abs(observed - datetime.now(UTC).replace(tzinfo=None)) < timedelta(hours=1)


def test_an_unknown_variable_is_refused_naming_it(open_meteo):
    """The documented error example: "Cannot initialize WeatherVariable from invalid String
    value tempeture_2m for key hourly" (Errors)."""
    reason = assert_refused(open_meteo.forecast(**BERLIN, hourly="tempeture_2m"))
    assert "tempeture_2m" in reason


@pytest.mark.parametrize(
    "params",
    [
        {"latitude": 91, "longitude": 13.4},  # WGS84 coordinates
        {"latitude": 52.5, "longitude": 181},
        {"latitude": 52.5},  # latitude, longitude: required
        {**BERLIN, "forecast_days": 17},  # Integer (0-16)
        {**BERLIN, "timezone": "Mars/Olympus_Mons"},  # a time zone database name
    ],
)
def test_a_parameter_that_is_not_correctly_specified_is_refused(open_meteo, params):
    """Each limit from the parameter table; the answer is the documented error object."""
    assert_refused(open_meteo.forecast(**params, daily="weather_code"))


# --- The connection: HTTP/1.1 (RFC 9112 §9.3, persistent connections) ----------------


@pytest.mark.parametrize("api", ["forecast_url", "geocoding_url"])
def test_one_connection_serves_several_requests(open_meteo, api):
    """Keep-alive is HTTP/1.1's default; our client pools connections on the strength of it."""
    url = urlsplit(getattr(open_meteo, api))
    kind = http.client.HTTPSConnection if url.scheme == "https" else http.client.HTTPConnection
    connection = kind(url.netloc, timeout=20)
    path = "/v1/search" if api == "geocoding_url" else "/v1/forecast"
    query = (
        {"name": "Berlin"} if api == "geocoding_url" else {**BERLIN, "current": "temperature_2m"}
    )
    sockets = []
    try:
        for _ in range(2):
            connection.request("GET", f"{path}?{urlencode(query)}")
            sockets.append(connection.sock)
            response = connection.getresponse()
            response.read()
            assert response.status == 200 and not response.will_close
        assert sockets[0] is sockets[1]  # the second request did not reconnect
    finally:
        connection.close()
