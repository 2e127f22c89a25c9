"""A local stand-in for Open-Meteo's geocoding and forecast APIs.

`make dev` serves it when WEATHER_API_URL is not set, and the integration tests use
it as their HTTP stub. Answers have Open-Meteo's shape, with plausible weather
derived from each city's latitude and the date. For fault tests, `delay` slows
every answer and `fault` makes it fail ("error" for HTTP 503, "garbage" for a body
that is not JSON, "truncated" for JSON cut short).
"""

from __future__ import annotations

import json
import math
import os
import sys
import threading
import time
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlparse

if TYPE_CHECKING:
    from contextlib import ExitStack

CITIES = [
    (2950159, "Berlin", "Land Berlin", "Germany", 52.52437, 13.41053, "Europe/Berlin"),
    (2643743, "London", "England", "United Kingdom", 51.50853, -0.12574, "Europe/London"),
    (2988507, "Paris", "Île-de-France", "France", 48.85341, 2.3488, "Europe/Paris"),
    (1850147, "Tokyo", "Tokyo", "Japan", 35.6895, 139.69171, "Asia/Tokyo"),
    (5128581, "New York", "New York", "United States", 40.71427, -74.00597, "America/New_York"),
    (2147714, "Sydney", "New South Wales", "Australia", -33.86785, 151.20732, "Australia/Sydney"),
    (3448439, "São Paulo", "São Paulo", "Brazil", -23.5475, -46.63611, "America/Sao_Paulo"),
    (360630, "Cairo", "Cairo", "Egypt", 30.06263, 31.24967, "Africa/Cairo"),
    (3413829, "Reykjavík", "Capital Region", "Iceland", 64.13548, -21.89541, "Atlantic/Reykjavik"),
    (2643123, "Manchester", "England", "United Kingdom", 53.48095, -2.23743, "Europe/London"),
]
CODES = (0, 1, 2, 3, 45, 61, 63, 71, 80, 95)


def search(name: str, count: int) -> dict:
    wanted = name.strip().casefold()
    results = [
        {
            "id": city_id,
            "name": city,
            "admin1": region,
            "country": country,
            "latitude": latitude,
            "longitude": longitude,
            "timezone": zone,
        }
        for city_id, city, region, country, latitude, longitude, zone in CITIES
        if wanted and city.casefold().startswith(wanted)
    ][:count]
    answer = {"generationtime_ms": 0.4}
    if results:  # like Open-Meteo: no "results" key when nothing matches
        answer["results"] = results
    return answer


def forecast(latitude: float, longitude: float, days: int) -> dict:
    today = datetime.now(UTC).date()
    base = 30 - abs(latitude) * 0.55  # warmer near the equator
    season = 8 * math.cos((today.timetuple().tm_yday - 200) / 365 * 2 * math.pi)
    season = season if latitude >= 0 else -season

    def weather_on(day: date) -> tuple[int, float, float, float]:
        seed = int(abs(latitude * 1000 + longitude * 100) + day.toordinal())
        code = CODES[seed % len(CODES)]
        high = round(base + season + (seed % 7) - 2, 1)
        rain = round((seed % 5) * 1.7, 1) if code >= 61 else 0.0
        return code, high, round(high - 6 - seed % 4, 1), rain

    code, high, low, _ = weather_on(today)
    days_list = [today + timedelta(days=offset) for offset in range(days)]
    daily = [weather_on(day) for day in days_list]
    return {
        "latitude": latitude,
        "longitude": longitude,
        "timezone": "GMT",
        "current": {
            "time": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M"),
            "interval": 900,
            "temperature_2m": round((high + low) / 2, 1),
            "relative_humidity_2m": 55 + int(abs(longitude)) % 40,
            "apparent_temperature": round((high + low) / 2 - 1.5, 1),
            "weather_code": code,
            "wind_speed_10m": round(5 + abs(latitude) % 20, 1),
        },
        "daily": {
            "time": [day.isoformat() for day in days_list],
            "weather_code": [item[0] for item in daily],
            "temperature_2m_max": [item[1] for item in daily],
            "temperature_2m_min": [item[2] for item in daily],
            "precipitation_sum": [item[3] for item in daily],
        },
    }


class StandInServer(ThreadingHTTPServer):
    daemon_threads = True
    # The standard library's backlog of 5 drops connections when 50 clients search at
    # once (the benchmark); dropped attempts are retried 1 s and 3 s later.
    request_queue_size = 1024

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
        self.requests = 0
        self._server = StandInServer((host, port), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> WeatherStandIn:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _answer(self, path: str, query: dict[str, list[str]]) -> tuple[int, bytes]:
        self.requests += 1
        if self.delay:
            time.sleep(self.delay)
        if self.fault == "error":
            return 503, b'{"error": true, "reason": "stand-in told to fail"}'
        if path == "/v1/search":
            body = search(query.get("name", [""])[0], int(query.get("count", ["10"])[0]))
        elif path == "/v1/forecast":
            body = forecast(
                float(query["latitude"][0]),
                float(query["longitude"][0]),
                int(query.get("forecast_days", ["7"])[0]),
            )
        else:
            return 404, b'{"error": true, "reason": "not found"}'
        encoded = json.dumps(body).encode()
        if self.fault == "garbage":
            return 200, b"<html>502 Bad Gateway</html>"
        if self.fault == "truncated":
            return 200, encoded[: len(encoded) // 2]
        return 200, encoded

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                url = urlparse(self.path)
                try:
                    status, body = standin._answer(url.path, parse_qs(url.query))
                except (KeyError, ValueError):
                    status, body = 400, b'{"error": true, "reason": "bad parameters"}'
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
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
