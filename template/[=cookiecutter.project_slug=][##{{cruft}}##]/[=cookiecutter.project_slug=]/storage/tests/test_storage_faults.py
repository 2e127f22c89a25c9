"""Object storage failing in each way a real one can: the page says what happened, then recovers."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from [= cookiecutter.project_slug =].services.ports import free_port
from tests.livesocket import frame_text

VIEW = "[= cookiecutter.project_slug =].storage.views.StorageView"
pytestmark = pytest.mark.django_db(transaction=True)
ACCESS_DENIED = (
    b'<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code>'
    b"<Message>Access Denied</Message></Error>"
)


class FaultyS3:
    """An HTTP server answering every S3 request with one chosen failure."""

    def __init__(self, status: int, body: bytes, delay: float = 0.0):
        outer = self
        self.status, self.body, self.delay = status, body, delay

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                time.sleep(outer.delay)
                self.send_response(outer.status)
                self.send_header("Content-Type", "application/xml")
                self.send_header("Content-Length", str(len(outer.body)))
                self.end_headers()
                self.wfile.write(outer.body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        (dict(status=403, body=ACCESS_DENIED), "refused access with the configured credentials"),
        (dict(status=500, body=b"<Error><Code>InternalError</Code></Error>"), "is failing"),
        # botocore reports an unparsable answer as a server error.
        (dict(status=200, body=b"<ListAllMyBuckets><Buck"), "is failing"),
        (dict(status=200, body=b"", delay=1.0), "unreachable"),
    ],
    ids=["access-denied", "server-error", "truncated-answer", "slower-than-timeout"],
)
async def test_each_fault_shows_its_message_and_the_real_store_works_after(
    real_s3, member_live, settings, fault, message
):
    faulty = FaultyS3(**fault)
    settings.AWS_ENDPOINT_URL, settings.SERVICE_READ_TIMEOUT = faulty.url, 0.3
    try:
        socket, _ = await member_live(VIEW, "/storage/")
        loaded = await socket.receive()  # the bucket list, loaded after mount, fails
        assert message in frame_text(loaded), frame_text(loaded)
    finally:
        faulty.stop()
    settings.AWS_ENDPOINT_URL = real_s3.url
    from [= cookiecutter.project_slug =].services.registry import aclose_all

    await aclose_all()  # the next call builds a client for the store that is back
    opened = await socket.event("open_bucket", bucket="demo-bucket")
    assert "README.txt" in frame_text(opened)


async def test_a_refused_connection_shows_a_message(real_s3, member_live, settings):
    settings.AWS_ENDPOINT_URL = f"http://127.0.0.1:{free_port()}"
    socket, _ = await member_live(VIEW, "/storage/")
    assert "Object storage is unreachable" in frame_text(await socket.receive())
