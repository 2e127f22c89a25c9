"""The stand-in itself: keep-alive, taken down and brought back, quiet when a client hangs up.

What it answers is in test_contract.py, checked the same way against the real API.
"""

import http.client
import json
import socket
import time
from urllib.parse import urlparse

import pytest

from [= cookiecutter.project_slug =].weather.standin import WeatherStandIn


def test_a_client_that_hangs_up_before_the_answer_prints_nothing(weather_api, capfd):
    weather_api.delay = 0.3
    address = urlparse(weather_api.url)
    with socket.create_connection((address.hostname, address.port)) as client:
        client.sendall(b"GET /v1/search?name=Berlin HTTP/1.1\r\nHost: stand-in\r\n\r\n")
        client.shutdown(socket.SHUT_RDWR)
    time.sleep(0.6)  # the answer is written to the closed socket meanwhile
    assert weather_api.requests == 1
    assert capfd.readouterr().err == ""


def test_one_connection_serves_request_after_request():
    """HTTP/1.1 keep-alive, as the real API[% if cookiecutter.benchmark %]: the benchmark's figures depend on it[% endif %]."""
    standin = WeatherStandIn().start()
    try:
        address = urlparse(standin.url)
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=5)
        for name in ("Berlin", "Tokyo", "Cairo"):
            response, _ = get(connection, f"/v1/search?name={name}")
            assert response.version == 11 and not response.will_close
        connection.close()
        assert standin.connections == 1 and standin.requests == 3
    finally:
        standin.stop()


def test_stopped_it_refuses_connections_and_started_again_it_answers_on_the_same_port():
    standin = WeatherStandIn().start()
    address = urlparse(standin.url)
    kept_alive = http.client.HTTPConnection(address.hostname, address.port, timeout=5)
    get(kept_alive, "/v1/search?name=Paris")
    standin.stop()
    with pytest.raises((OSError, http.client.HTTPException)):  # hung up on, kept alive or not
        get(kept_alive, "/v1/search?name=Paris")
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection((address.hostname, address.port), timeout=5)
    standin.start()
    try:
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=5)
        _, body = get(connection, "/v1/search?name=Paris")
        assert json.loads(body)["results"][0]["name"] == "Paris"
        connection.close()
    finally:
        standin.stop()


def get(
    connection: http.client.HTTPConnection, path: str
) -> tuple[http.client.HTTPResponse, bytes]:
    """One request on `connection`, its answer read to the end (so the connection is reusable)."""
    connection.request("GET", path)
    response = connection.getresponse()
    return response, response.read()
