"""The stand-in itself: a client that hangs up early leaves no traceback behind."""

import socket
import time
from urllib.parse import urlparse


def test_a_client_that_hangs_up_before_the_answer_prints_nothing(weather_api, capfd):
    weather_api.delay = 0.3
    address = urlparse(weather_api.url)
    with socket.create_connection((address.hostname, address.port)) as client:
        client.sendall(b"GET /v1/search?name=Berlin HTTP/1.1\r\nHost: stand-in\r\n\r\n")
        client.shutdown(socket.SHUT_RDWR)
    time.sleep(0.6)  # the answer is written to the closed socket meanwhile
    assert weather_api.requests == 1
    assert capfd.readouterr().err == ""
