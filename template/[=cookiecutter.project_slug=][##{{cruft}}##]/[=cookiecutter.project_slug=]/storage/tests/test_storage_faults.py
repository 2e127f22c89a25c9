"""Object storage failing in each way a real one can: the page says what happened, then recovers."""

import asyncio
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from [= cookiecutter.project_slug =].services import s3
from [= cookiecutter.project_slug =].services.errors import AccessDenied, BadServiceResponse
from [= cookiecutter.project_slug =].services.ports import free_port
from tests.livesocket import frame_text

VIEW = "[= cookiecutter.project_slug =].storage.views.StorageView"
pytestmark = pytest.mark.django_db(transaction=True)


def s3_error(code: str) -> bytes:
    """S3's error body (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html)."""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><Error><Code>{code}</Code>'
        f"<Message>{code}</Message><RequestId>4442587FB7D0A2F9</RequestId></Error>"
    ).encode()


ACCESS_DENIED = s3_error("AccessDenied")


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


@pytest.fixture
def faulty_s3(settings):
    """Start a FaultyS3 with `faulty_s3(status, body)`; settings point at it."""
    started = []

    def start(status: int, body: bytes) -> FaultyS3:
        faulty = FaultyS3(status, body)
        started.append(faulty)
        settings.AWS_ENDPOINT_URL = faulty.url
        settings.AWS_ACCESS_KEY_ID = settings.AWS_SECRET_ACCESS_KEY = "testing"  # noqa: S105
        return faulty

    yield start
    for faulty in started:
        faulty.stop()


# Each error whose cause is on our side, as S3 answers it (status and code from
# https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList),
# and what the page says to fix.
@pytest.mark.parametrize(
    ("status", "code", "fix"),
    [
        (400, "ExpiredToken", "renew them (aws sso login"),
        (400, "InvalidToken", "AWS_SESSION_TOKEN must belong to the access key"),
        (403, "RequestTimeTooSkewed", "set the time right (enable NTP)"),
        (403, "SignatureDoesNotMatch", "check AWS_SECRET_ACCESS_KEY"),
        (403, "InvalidAccessKeyId", "check AWS_ACCESS_KEY_ID"),
    ],
)
async def test_credential_and_clock_errors_say_what_to_fix(faulty_s3, status, code, fix):
    faulty_s3(status, s3_error(code))
    with pytest.raises(AccessDenied) as refused:
        await s3.get_object_storage().bucket_names()
    assert fix in str(refused.value)


async def test_a_continuation_token_s3_refuses_asks_to_open_the_bucket_again(faulty_s3):
    """S3 answers 400 InvalidArgument to a ContinuationToken it did not issue (moto: 500)."""
    faulty_s3(400, s3_error("InvalidArgument"))
    with pytest.raises(BadServiceResponse, match="open the bucket again"):
        await s3.get_object_storage().list_page("demo-bucket", token="not-a-token")  # noqa: S106


async def test_a_refused_continuation_token_shows_a_message_on_the_page(
    real_s3, member_live, settings
):
    socket, _ = await member_live(VIEW, "/storage/")
    await socket.receive()
    await socket.event("open_bucket", bucket="demo-bucket")
    faulty = FaultyS3(400, s3_error("InvalidArgument"))
    settings.AWS_ENDPOINT_URL = faulty.url
    from [= cookiecutter.project_slug =].services.registry import aclose_all

    await aclose_all()
    try:
        failed = await socket.event("next_page")
    finally:
        faulty.stop()
    assert "That page of the list is no longer available" in frame_text(failed)


async def test_a_store_that_never_answers_fails_within_the_deadline(
    real_s3, member_live, settings, silent_server
):
    """Against a server that accepts and never answers: the page's error, within
    SERVICE_DEADLINE (+1 s), every attempt and retry included."""
    settings.SERVICE_DEADLINE = 5.0
    socket, _ = await member_live(VIEW, "/storage/")
    await socket.receive()
    settings.AWS_ENDPOINT_URL = silent_server
    from [= cookiecutter.project_slug =].services.registry import aclose_all

    await aclose_all()
    started = time.monotonic()
    failed = await socket.event("open_bucket", bucket="demo-bucket")
    took = time.monotonic() - started
    print(f"open_bucket against a silent server: error after {took:.2f} s")
    assert "Object storage did not answer within 5 s" in frame_text(failed)
    assert took < settings.SERVICE_DEADLINE + 1


async def test_botocore_gives_up_soon_after_the_deadline_so_threads_do_not_pile_up(
    settings, silent_server
):
    """What the deadline cannot cancel (the worker thread) ends by botocore's own limits."""
    settings.SERVICE_DEADLINE = 5.0
    settings.AWS_ENDPOINT_URL = silent_server
    settings.AWS_ACCESS_KEY_ID = settings.AWS_SECRET_ACCESS_KEY = "testing"  # noqa: S105
    client = s3._build_client()
    started = time.monotonic()
    with pytest.raises(Exception):  # noqa: B017 (botocore's ReadTimeoutError)
        await asyncio.to_thread(client.list_buckets)
    took = time.monotonic() - started
    print(f"one boto3 call against a silent server, every attempt: {took:.2f} s")
    assert took < settings.SERVICE_DEADLINE + 1
