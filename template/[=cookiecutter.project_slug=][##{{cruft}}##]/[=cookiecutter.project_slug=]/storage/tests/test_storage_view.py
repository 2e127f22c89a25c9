"""The storage LiveView: unit tests on moto's fake, integration over a websocket on its server."""

import struct
import urllib.request
import uuid

import boto3
import pytest
from asgiref.sync import async_to_sync
from djust.testing import LiveViewTestClient

from [= cookiecutter.project_slug =].services.s3 import MAX_UPLOAD_BYTES, get_object_storage
from [= cookiecutter.project_slug =].storage.standin import DEMO_BUCKET, DEMO_OBJECTS
from [= cookiecutter.project_slug =].storage.views import PAGE_SIZE, StorageView
from tests.livesocket import frame_text, rendered_texts

VIEW = "[= cookiecutter.project_slug =].storage.views.StorageView"


@pytest.fixture
def view(fake_s3):
    client = boto3.client("s3", region_name="us-east-1")
    client.create_bucket(Bucket="unit-bucket")
    for number in range(PAGE_SIZE + 3):
        client.put_object(Bucket="unit-bucket", Key=f"k{number:02d}.txt", Body=b"data")
    return LiveViewTestClient(StorageView).mount()


async def test_buckets_load_after_mount(view):
    view.assert_state(loading=True, buckets=())
    await view.view_instance.reload()  # what runs right after the mount
    view.assert_state(loading=False, buckets=("unit-bucket",))


async def test_open_bucket_pages_forward_and_back(view):
    storage = view.view_instance
    await storage.open_bucket(bucket="unit-bucket")
    assert len(storage.objects) == PAGE_SIZE and storage.next_token
    await storage.next_page()
    assert [item["key"] for item in storage.objects] == ["k10.txt", "k11.txt", "k12.txt"]
    assert not storage.next_token and len(storage.page_tokens) == 2
    await storage.previous_page()
    assert storage.objects[0]["key"] == "k00.txt"
    assert "Page 1" in view.render()


async def test_delete_and_presign(view):
    storage = view.view_instance
    await storage.open_bucket(bucket="unit-bucket")
    await storage.delete_object(key="k00.txt")
    assert storage.notice == "Deleted k00.txt."
    assert storage.objects[0]["key"] == "k01.txt"
    await storage.presign(key="k01.txt")
    assert "unit-bucket/k01.txt" in storage.download_url


@pytest.mark.parametrize(
    ("handler", "params", "message"),
    [
        ("open_bucket", {"bucket": "Not A Bucket"}, "A bucket name has 3 to 63 characters"),
        ("open_bucket", {"bucket": "missing-bucket"}, "does not exist"),
        ("delete_object", {"key": ""}, "An object key cannot be empty."),
        ("presign", {"key": "k" * 1025}, "at most 1024 bytes"),
    ],
)
async def test_bad_input_leaves_a_message(view, handler, params, message):
    await view.view_instance.open_bucket(bucket="unit-bucket")
    await getattr(view.view_instance, handler)(**params)
    assert message in view.view_instance.error
    assert message in view.render()


async def test_the_bucket_in_the_address_opens_after_mount(fake_s3):
    boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="unit-bucket")
    from django.test import RequestFactory

    view = LiveViewTestClient(StorageView)
    view.mount()
    view.view_instance.request = RequestFactory().get("/storage/?bucket=unit-bucket")
    view.view_instance.mount(view.view_instance.request)
    await view.view_instance.reload()
    view.assert_state(bucket="unit-bucket", objects_listed=True)
    assert "This bucket is empty" in view.render()


async def test_opening_a_bucket_puts_it_in_the_address(view):
    await view.view_instance.open_bucket(bucket="unit-bucket")
    assert view.view_instance._pending_navigation == [
        {"type": "live_patch", "replace": True, "params": {"bucket": "unit-bucket"}}
    ]


async def test_a_failed_listing_shows_only_the_error(view, settings):
    await view.view_instance.open_bucket(bucket="unit-bucket")
    settings.AWS_ENDPOINT_URL = "http://127.0.0.1:9"  # the store goes away
    from [= cookiecutter.project_slug =].services.registry import aclose_all

    await aclose_all()
    await view.view_instance.next_page()
    page = view.render()
    assert "Object storage is unreachable" in page
    assert "k00.txt" not in page and "This bucket is empty" not in page


async def test_an_outage_at_load_shows_no_empty_bucket_list(fake_s3, settings):
    settings.AWS_ENDPOINT_URL = "http://127.0.0.1:9"
    view = LiveViewTestClient(StorageView).mount()
    await view.view_instance.reload()
    page = view.render()
    assert "Object storage is unreachable" in page
    assert "This account has no buckets" not in page and "Try again" in page


async def upload_file(socket, name: str, body: bytes, chunk_size: int = 60 * 1024) -> None:
    """djust's upload protocol, as its client.js speaks it: register, a binary frame per
    chunk of the view's `chunk_size` (what the mount told the client), complete."""
    ref = uuid.uuid4()
    await socket.communicator.send_json_to(
        {
            "type": "upload_register",
            "upload_name": "file",
            "ref": str(ref),
            "client_name": name,
            "client_type": "text/plain",
            "client_size": len(body),
        }
    )
    registered = await socket.receive_until(
        lambda frame: frame.get("type") in {"upload_registered", "error"}
    )
    assert registered["type"] == "upload_registered", registered
    for index, start in enumerate(range(0, len(body), chunk_size)):
        chunk = body[start : start + chunk_size]
        frame = b"\x01" + ref.bytes + struct.pack(">I", index) + chunk
        await socket.communicator.send_to(bytes_data=frame)
    await socket.communicator.send_to(bytes_data=b"\x02" + ref.bytes)
    done = await socket.receive_until(lambda frame: frame.get("status") in {"complete", "error"})
    assert done.get("status") == "complete", done


@pytest.mark.parametrize("size", [100 * 1024, MAX_UPLOAD_BYTES], ids=["100KB", "the-limit"])
@pytest.mark.django_db(transaction=True)
async def test_files_up_to_the_limit_upload_in_chunks_djust_accepts(real_s3, member_live, size):
    """djust refuses websocket messages over 65,536 bytes: each chunk the view asks for,
    with its 21-byte header, must fit (djust's default 64 KiB chunks did not)."""
    socket, mounted = await member_live(VIEW, "/storage/")
    chunk_size = mounted["upload_configs"]["file"]["chunk_size"]
    assert chunk_size + 21 <= 65536
    await socket.receive()
    await socket.event("open_bucket", bucket=DEMO_BUCKET)
    body = bytes(range(256)) * (size // 256)
    await upload_file(socket, "big.bin", body, chunk_size)
    uploaded = await socket.event("upload")
    assert f"Uploaded big.bin ({size} bytes)." in frame_text(uploaded)
    stored = real_s3.client().get_object(Bucket=DEMO_BUCKET, Key="big.bin")["Body"].read()
    assert stored == body


# Keys S3 accepts that str.isprintable() refused (listed, but not downloadable or
# deletable). moto's server refuses a key with a newline (404), which S3 stores.
UNUSUAL_KEYS = [
    "Screenshot 2026-12-02 at 9.41.07\u202fAM.png",
    "\U0001f469\u200d\U0001f469\u200d\U0001f467 family.jpg",
    "tab\tseparated.tsv",
]


@pytest.mark.parametrize("key", UNUSUAL_KEYS, ids=["narrow-nbsp", "emoji-zwj", "tab"])
@pytest.mark.django_db(transaction=True)
async def test_unusual_keys_list_download_and_delete(real_s3, key):
    real_s3.client().put_object(Bucket=DEMO_BUCKET, Key=key, Body=b"unusual")
    storage = get_object_storage()
    keys = set()
    token = ""
    while True:
        objects, token = await storage.list_page(DEMO_BUCKET, token, 100)
        keys |= {item["key"] for item in objects}
        if not token:
            break
    assert key in keys
    url = await storage.presigned_download_url(DEMO_BUCKET, key)
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (local moto)
        assert response.read() == b"unusual"
        assert response.headers["Content-Disposition"].startswith("attachment;")
    await storage.delete(DEMO_BUCKET, key)
    listed = real_s3.client().list_objects_v2(Bucket=DEMO_BUCKET).get("Contents", [])
    assert key not in {item["Key"] for item in listed}


@pytest.mark.django_db(transaction=True)
async def test_browse_upload_download_and_delete_over_the_websocket(real_s3, member_live):
    socket, mounted = await member_live(VIEW, "/storage/")
    assert "Loading buckets" in mounted["html"]
    assert DEMO_BUCKET in frame_text(await socket.receive())  # loaded after mount

    opened = await socket.event("open_bucket", bucket=DEMO_BUCKET)
    first_page = sorted(DEMO_OBJECTS)[:10]
    assert all(key in frame_text(opened) for key in first_page)

    second = await socket.event("next_page")
    assert sorted(DEMO_OBJECTS)[10] in frame_text(second)

    await upload_file(socket, "notes.txt", b"hello from a test")
    uploaded = await socket.event("upload")
    assert "Uploaded notes.txt (17 bytes)." in frame_text(uploaded)
    stored = real_s3.client().get_object(Bucket=DEMO_BUCKET, Key="notes.txt")["Body"].read()
    assert stored == b"hello from a test"

    linked = await socket.event("presign", key="README.txt")
    url = next(text for text in rendered_texts(linked) if text.startswith(real_s3.url))
    assert "/README.txt?" in url and "X-Amz-Signature=" in url
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (the local moto server)
        assert response.read() == DEMO_OBJECTS["README.txt"]
        assert response.headers["Content-Disposition"] == 'attachment; filename="README.txt"'

    deleted = await socket.event("delete_object", key="notes.txt")
    assert "Deleted notes.txt." in frame_text(deleted)
    assert "notes.txt" not in {
        item["Key"]
        for item in real_s3.client().list_objects_v2(Bucket=DEMO_BUCKET).get("Contents", [])
    }


@pytest.mark.django_db(transaction=True)
async def test_a_missing_bucket_shows_an_error_and_the_socket_stays_open(real_s3, member_live):
    socket, _ = await member_live(VIEW, "/storage/")
    await socket.receive()
    failed = await socket.event("open_bucket", bucket="gone-bucket")
    assert "does not exist" in frame_text(failed)
    opened = await socket.event("open_bucket", bucket="empty-bucket")
    assert "This bucket is empty" in frame_text(opened)


@pytest.mark.parametrize(
    ("body", "shown"),
    [
        (b"hello without a websocket", "Uploaded plain.txt (25 bytes)."),
        (b"", "“plain.txt” is empty (0 bytes)"),
        (b"x" * (MAX_UPLOAD_BYTES + 1), "“plain.txt” is 1,048,577 bytes: files up to 1 MB"),
    ],
    ids=["stored", "empty", "too-large"],
)
@pytest.mark.django_db(transaction=True)
def test_the_upload_form_posts_without_a_websocket(real_s3, client, django_user_model, body, shown):
    """djust's client uploads over the websocket only: the form itself is the other way."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(django_user_model.objects.create_user("poster"))
    sent = SimpleUploadedFile("plain.txt", body, content_type="text/plain")
    answer = client.post("/storage/upload/", {"bucket": DEMO_BUCKET, "file": sent})
    assert answer.status_code == 302 and answer.url.startswith("/storage/?bucket=demo-bucket&")
    view = LiveViewTestClient(StorageView)
    from django.test import RequestFactory

    view.mount()
    view.view_instance.mount(RequestFactory().get(answer.url))
    async_to_sync(view.view_instance.reload)()
    assert shown in view.render()
    listed = real_s3.client().list_objects_v2(Bucket=DEMO_BUCKET).get("Contents", [])
    assert ("plain.txt" in {item["Key"] for item in listed}) == (shown.startswith("Uploaded"))


def test_an_upload_outcome_in_the_address_must_be_signed(fake_s3):
    from django.test import RequestFactory

    view = LiveViewTestClient(StorageView)
    view.mount()
    view.view_instance.mount(RequestFactory().get("/storage/?upload=%7B%22notice%22%3A%22hi%22%7D"))
    assert view.view_instance.notice == "" and view.view_instance.error == ""
