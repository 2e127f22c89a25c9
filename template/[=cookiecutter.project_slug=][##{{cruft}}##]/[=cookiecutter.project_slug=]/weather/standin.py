"""A local stand-in for Open-Meteo's geocoding and forecast APIs.

`make dev` serves it when WEATHER_API_URL is not set, and the tests use it as a real
HTTP server. It follows the documented behaviour the example depends on (weather/tests/
test_contract.py asserts it here and against the real API):

- geocoding (https://open-meteo.com/en/docs/geocoding-api): names match case- and
  accent-insensitively, two characters exactly, three or more as a prefix; "Paris, France"
  narrows by country or region; fewer than two characters find nothing; `count` is 1-100;
  empty fields are left out; no `results` key when nothing matches;
- forecast (https://open-meteo.com/en/docs): `current`, `hourly` and `daily` variables,
  `forecast_days` 0-16, `timezone=auto` resolved from the coordinates (local times, with
  `utc_offset_seconds` and `timezone`), parameters validated;
- every refusal is HTTP 400 with `{"error": true, "reason": "..."}`;
- HTTP/1.1 with keep-alive, as the real servers speak it.

Weather is plausible, derived from the latitude and the date. For fault tests:
`delay` slows every answer; `nulls` names variables answered as null (Open-Meteo does
this for data a model lacks: open-meteo/open-meteo issues 264 and 1307); `fault` makes
every answer fail: "error" (HTTP 503), "rate-limited" (HTTP 429 as Open-Meteo words it,
with a Retry-After header when `retry_after` is set), "garbage" (a body that is not
JSON), "truncated" (JSON cut short). `stop()` and `start()` take it down and bring it
back on the same port.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import socket
import sys
import threading
import time
import unicodedata
from datetime import UTC, date, datetime, timedelta, tzinfo
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import parse_qs, urlparse
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

if TYPE_CHECKING:
    from contextlib import ExitStack


class City(NamedTuple):
    id: int  # GeoNames id, as Open-Meteo's geocoding gives it
    name: str
    admin1: str
    country: str
    country_code: str
    latitude: float
    longitude: float
    timezone: str
    population: int


# fmt: off
CITIES = [
    City(2950159, "Berlin", "Land Berlin", "Germany", "DE",
         52.52437, 13.41053, "Europe/Berlin", 3426354),
    City(2643743, "London", "England", "United Kingdom", "GB",
         51.50853, -0.12574, "Europe/London", 8961989),
    City(2988507, "Paris", "Île-de-France", "France", "FR",
         48.85341, 2.3488, "Europe/Paris", 2138551),
    City(4717560, "Paris", "Texas", "United States", "US",
         33.66094, -95.55551, "America/Chicago", 24782),
    City(1850147, "Tokyo", "Tokyo", "Japan", "JP",
         35.6895, 139.69171, "Asia/Tokyo", 9733276),
    City(5128581, "New York", "New York", "United States", "US",
         40.71427, -74.00597, "America/New_York", 8804190),
    City(2147714, "Sydney", "New South Wales", "Australia", "AU",
         -33.86785, 151.20732, "Australia/Sydney", 4627345),
    City(3448439, "São Paulo", "São Paulo", "Brazil", "BR",
         -23.5475, -46.63611, "America/Sao_Paulo", 10021295),
    City(360630, "Cairo", "Cairo", "Egypt", "EG",
         30.06263, 31.24967, "Africa/Cairo", 9606916),
    City(3413829, "Reykjavík", "Capital Region", "Iceland", "IS",
         64.13548, -21.89541, "Atlantic/Reykjavik", 118918),
    City(2643123, "Manchester", "England", "United Kingdom", "GB",
         53.48095, -2.23743, "Europe/London", 395515),
]
# fmt: on
CODES = (0, 1, 2, 3, 45, 61, 63, 71, 80, 95)
# The variables the stand-in knows (Open-Meteo has many more), with their units.
HOURLY_UNITS = {
    "temperature_2m": "°C",
    "relative_humidity_2m": "%",
    "apparent_temperature": "°C",
    "weather_code": "wmo code",
    "wind_speed_10m": "km/h",
    "precipitation": "mm",
}
DAILY_UNITS = {
    "weather_code": "wmo code",
    "temperature_2m_max": "°C",
    "temperature_2m_min": "°C",
    "precipitation_sum": "mm",
}
MAX_FORECAST_DAYS = 16
RATE_LIMITED_REASON = "Minutely API request limit exceeded. Please try again in one minute."


class Refused(ValueError):
    """A request Open-Meteo answers with HTTP 400; `str()` is its `reason`."""


def fold(text: str) -> str:
    """Case- and accent-insensitive form of a name: "São Paulo" -> "sao paulo"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


# --- Geocoding ---------------------------------------------------------------------


def search(name: str, count: int = 10) -> dict:
    """What GET /v1/search answers for `name`, best match (largest population) first."""
    if not 1 <= count <= 100:
        raise Refused("Parameter count must be between 1 and 100.")
    wanted, _, qualifier = (part.strip() for part in name.partition(","))
    qualifier = qualifier.partition(",")[0].strip()  # only the text up to a second comma
    folded = fold(wanted)

    def matches(city: City) -> bool:
        name = fold(city.name)
        if len(folded) < 2:
            return False
        return name == folded if len(folded) == 2 else name.startswith(folded)

    def within(city: City) -> bool:
        areas = {fold(city.admin1), fold(city.country), fold(city.country_code)}
        return not qualifier or fold(qualifier) in areas

    found = sorted(
        (city for city in CITIES if matches(city) and within(city)),
        key=lambda city: -city.population,
    )
    answer: dict[str, Any] = {"generationtime_ms": 0.4}
    if found:  # like Open-Meteo: no "results" key when nothing matches
        answer["results"] = [_place(city) for city in found[:count]]
    return answer


def _place(city: City) -> dict:
    place = city._asdict() | {"feature_code": "PPLA"}
    # "Empty fields are not returned" (the documentation): a 0.0 coordinate included.
    return {key: value for key, value in place.items() if value}


# --- Forecast ----------------------------------------------------------------------


def forecast(
    latitude: float,
    longitude: float,
    days: int = 7,
    *,
    current: tuple[str, ...] = (),
    hourly: tuple[str, ...] = (),
    daily: tuple[str, ...] = (),
    zone: str = "GMT",
    nulls: frozenset[str] = frozenset(),
    now: datetime | None = None,
) -> dict:
    """What GET /v1/forecast answers; `nulls` are answered as null wherever they appear."""
    if not -90 <= latitude <= 90:
        raise Refused(f"Latitude must be in range of -90 to 90°. Given: {latitude}.")
    if not -180 <= longitude <= 180:
        raise Refused(f"Longitude must be in range of -180 to 180°. Given: {longitude}.")
    if not 0 <= days <= MAX_FORECAST_DAYS:
        raise Refused(
            f"Forecast days is invalid. Allowed range 0 to {MAX_FORECAST_DAYS}. Given {days}."
        )
    for key, names, known in (
        ("current", current, HOURLY_UNITS),
        ("hourly", hourly, HOURLY_UNITS),
        ("daily", daily, DAILY_UNITS),
    ):
        for name in names:
            if name not in known:
                raise Refused(
                    f"Cannot initialize WeatherVariable from invalid String value {name} "
                    f"for key {key}"
                )
    place_zone, zone_name = _time_zone(latitude, longitude, zone)
    local_now = (now or datetime.now(UTC)).astimezone(place_zone)
    weather = _Weather(latitude, longitude)
    today = local_now.date()
    day_list = [today + timedelta(days=offset) for offset in range(days)]
    hours = [
        datetime.combine(day, datetime.min.time()) + timedelta(hours=hour)
        for day in day_list
        for hour in range(24)
    ]
    answer: dict[str, Any] = {
        "latitude": round(latitude, 2),
        "longitude": round(longitude, 2),
        "generationtime_ms": 0.2,
        "utc_offset_seconds": int(local_now.utcoffset().total_seconds()),
        "timezone": zone_name,
        "timezone_abbreviation": local_now.tzname(),
        "elevation": 38.0,
    }
    if current:
        slot = local_now.replace(minute=local_now.minute // 15 * 15, second=0, microsecond=0)
        answer["current_units"] = {"time": "iso8601", "interval": "seconds"} | {
            name: HOURLY_UNITS[name] for name in current
        }
        answer["current"] = {"time": slot.strftime("%Y-%m-%dT%H:%M"), "interval": 900} | {
            name: None if name in nulls else weather.hourly(name, slot) for name in current
        }
    if hourly:
        answer["hourly_units"] = {"time": "iso8601"} | {name: HOURLY_UNITS[name] for name in hourly}
        answer["hourly"] = {"time": [hour.strftime("%Y-%m-%dT%H:%M") for hour in hours]} | {
            name: [None if name in nulls else weather.hourly(name, hour) for hour in hours]
            for name in hourly
        }
    if daily:
        answer["daily_units"] = {"time": "iso8601"} | {name: DAILY_UNITS[name] for name in daily}
        answer["daily"] = {"time": [day.isoformat() for day in day_list]} | {
            name: [None if name in nulls else weather.daily(name, day) for day in day_list]
            for name in daily
        }
    return answer


def _time_zone(latitude: float, longitude: float, name: str) -> tuple[tzinfo, str]:
    """The zone that times are given in, and its name as the answer spells it."""
    if name == "auto":  # the nearest known city's zone; GMT far from all of them
        nearest = min(CITIES, key=lambda city: _distance_km(latitude, longitude, city))
        if _distance_km(latitude, longitude, nearest) > 500:
            return UTC, "GMT"
        name = nearest.timezone
    if name in {"GMT", "UTC"}:
        return UTC, "GMT"
    try:
        return ZoneInfo(name), name
    except (ZoneInfoNotFoundError, ValueError):
        raise Refused("Invalid timezone") from None


def _distance_km(latitude: float, longitude: float, city: City) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (latitude, longitude, city.latitude, city.longitude))
    a = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 12742 * math.asin(math.sqrt(a))


class _Weather:
    """Plausible, repeatable weather for one point: warmer near the equator, in summer."""

    def __init__(self, latitude: float, longitude: float) -> None:
        self.latitude, self.longitude = latitude, longitude

    def _day(self, day: date) -> tuple[int, float, float, float]:
        base = 30 - abs(self.latitude) * 0.55
        season = 8 * math.cos((day.timetuple().tm_yday - 200) / 365 * 2 * math.pi)
        season = season if self.latitude >= 0 else -season
        seed = int(abs(self.latitude * 1000 + self.longitude * 100) + day.toordinal())
        code = CODES[seed % len(CODES)]
        high = round(base + season + (seed % 7) - 2, 1)
        rain = round((seed % 5) * 1.7, 1) if code >= 61 else 0.0
        return code, high, round(high - 6 - seed % 4, 1), rain

    def daily(self, name: str, day: date) -> float:
        code, high, low, rain = self._day(day)
        return {
            "weather_code": code,
            "temperature_2m_max": high,
            "temperature_2m_min": low,
            "precipitation_sum": rain,
        }[name]

    def hourly(self, name: str, moment: datetime) -> float:
        code, high, low, rain = self._day(moment.date())
        # Coolest at 04:00, warmest at 16:00.
        warmth = (1 - math.cos((moment.hour + moment.minute / 60 - 4) / 24 * 2 * math.pi)) / 2
        temperature = round(low + (high - low) * warmth, 1)
        return {
            "temperature_2m": temperature,
            "relative_humidity_2m": 55 + int(abs(self.longitude)) % 40,
            "apparent_temperature": round(temperature - 1.5, 1),
            "weather_code": code,
            "wind_speed_10m": round(5 + abs(self.latitude) % 20, 1),
            "precipitation": round(rain / 24, 1),
        }[name]


# --- The HTTP server ---------------------------------------------------------------


def answer(path: str, query: dict[str, list[str]], nulls: frozenset[str] = frozenset()) -> dict:
    """The JSON body for a GET of `path` with `query` (parse_qs form); raises Refused."""

    def one(name: str, default: str | None = None) -> str:
        values = query.get(name)
        if values:
            return values[-1]
        if default is None:
            raise Refused(f"Value of type 'String' required for key '{name}'.")
        return default

    def integer(name: str, default: str) -> int:
        try:
            return int(one(name, default))
        except ValueError:
            raise Refused(f"Value of type 'Int' required for key '{name}'.") from None

    def names(key: str) -> tuple[str, ...]:
        return tuple(n for value in query.get(key, []) for n in value.split(",") if n)

    if path == "/v1/search":
        if one("format", "json") != "json":
            raise Refused("The stand-in answers JSON only.")
        return search(one("name"), integer("count", "10"))
    if path == "/v1/forecast":
        try:
            latitude, longitude = float(one("latitude", "")), float(one("longitude", ""))
        except ValueError:
            raise Refused("Parameter 'latitude' and 'longitude' must not be empty") from None
        return forecast(
            latitude,
            longitude,
            integer("forecast_days", "7"),
            current=names("current"),
            hourly=names("hourly"),
            daily=names("daily"),
            zone=one("timezone", "GMT"),
            nulls=nulls,
        )
    raise LookupError(path)


class StandInServer(ThreadingHTTPServer):
    daemon_threads = True
    # The standard library's backlog of 5 drops connections when 50 clients search at
    # once[% if cookiecutter.benchmark %] (the benchmark)[% endif %]; dropped attempts are retried 1 s and 3 s later.
    request_queue_size = 1024

    def __init__(self, *args, **kwargs) -> None:
        self.open_connections: set[socket.socket] = set()
        self.connections = 0
        self._lock = threading.Lock()
        super().__init__(*args, **kwargs)

    def process_request_thread(self, request, client_address):
        with self._lock:
            self.open_connections.add(request)
            self.connections += 1
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self._lock:
                self.open_connections.discard(request)

    def close_connections(self) -> None:
        """Hang up on every client, as a stopped server does (keep-alive ones included)."""
        with self._lock:
            for connection in self.open_connections:
                with contextlib.suppress(OSError):  # already gone
                    connection.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request, client_address):
        # A client that gave up waiting (the slow-service tests) has hung up: nothing to
        # report. A traceback printed from this thread would also parse source code with
        # `ast`, which Python 3.11 cannot do on two threads at once (a SystemError there).
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class WeatherStandIn:
    """Both APIs on one local port; `url` serves as WEATHER_API_URL and GEOCODING_API_URL."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.delay = 0.0
        self.fault: str | None = None
        self.retry_after: int | None = None
        self.nulls: frozenset[str] = frozenset()
        self.requests = 0
        self._server: StandInServer | None = StandInServer((host, port), self._handler())
        self._address = self._server.server_address[:2]
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self._address
        return f"http://{host}:{port}"

    @property
    def connections(self) -> int:
        """TCP connections accepted since the last start: keep-alive keeps it low."""
        return self._server.connections if self._server else 0

    def start(self) -> WeatherStandIn:
        if self._server is None:  # started again after stop(): the same port
            self._server = StandInServer(self._address, self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is None:
            return
        if self._thread is not None:  # shutdown() waits for serve_forever() to return
            self._server.shutdown()
            self._thread = None
        self._server.server_close()
        self._server.close_connections()
        self._server = None

    def reset(self) -> None:
        """Healthy and fast again, as a test leaves it."""
        self.delay, self.fault, self.retry_after, self.nulls = 0.0, None, None, frozenset()

    def _answer(self, path: str, query: dict[str, list[str]]) -> tuple[int, dict, bytes]:
        self.requests += 1
        if self.delay:
            time.sleep(self.delay)
        if self.fault == "error":
            return 503, {}, b'{"error": true, "reason": "stand-in told to fail"}'
        if self.fault == "rate-limited":
            headers = {"Retry-After": str(self.retry_after)} if self.retry_after else {}
            body = {"error": True, "reason": RATE_LIMITED_REASON}
            return 429, headers, json.dumps(body).encode()
        try:
            body = answer(path, query, self.nulls)
        except Refused as refusal:
            return 400, {}, json.dumps({"error": True, "reason": str(refusal)}).encode()
        except LookupError:
            return 404, {}, b'{"error": true, "reason": "Not Found"}'
        encoded = json.dumps(body, ensure_ascii=False).encode()
        if self.fault == "garbage":
            return 200, {}, b"<html>502 Bad Gateway</html>"
        if self.fault == "truncated":
            return 200, {}, encoded[: len(encoded) // 2]
        return 200, {}, encoded

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            # Keep-alive, as Open-Meteo's servers: a client reuses its connections.
            protocol_version = "HTTP/1.1"
            # TCP_NODELAY: the headers and the body are two writes, and on a kept-alive
            # connection Nagle's algorithm held the body until the client's delayed ACK
            # (about 40 ms on Linux) - every request took that long on loopback.
            disable_nagle_algorithm = True

            def do_GET(self):
                url = urlparse(self.path)
                query = parse_qs(url.query, keep_blank_values=True)
                status, headers, body = standin._answer(url.path, query)
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):  # keep test and dev output quiet
                pass

        return Handler


def start_for_dev(stack: ExitStack) -> tuple[dict[str, str], str] | None:
    """For `manage.py dev`: serve the stand-in unless WEATHER_API_URL names a real API."""
    if os.environ.get("WEATHER_API_URL"):
        return None
    standin = WeatherStandIn().start()
    stack.callback(standin.stop)
    return (
        {"WEATHER_API_URL": standin.url, "GEOCODING_API_URL": standin.url},
        f"local Open-Meteo stand-in at {standin.url} (WEATHER_API_URL is not set)",
    )
