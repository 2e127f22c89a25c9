"""The storage LiveView: unit tests on moto's fake, integration over a websocket on its server."""

import struct
import urllib.request
import uuid

import boto3
import pytest
from djust.testing import LiveViewTestClient

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
        ("presign", {"key": "a\x00b"}, "control characters"),
    ],
)
async def test_bad_input_leaves_a_message(view, handler, params, message):
    await view.view_instance.open_bucket(bucket="unit-bucket")
    await getattr(view.view_instance, handler)(**params)
    assert message in view.view_instance.error
    assert message in view.render()


async def upload_file(socket, name: str, body: bytes) -> None:
    """djust's upload protocol: register, binary chunk, complete (as its client.js does)."""
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
    assert (await socket.receive())["type"] == "upload_registered"
    await socket.communicator.send_to(bytes_data=b"\x01" + ref.bytes + struct.pack(">I", 0) + body)
    await socket.communicator.send_to(bytes_data=b"\x02" + ref.bytes)
    await socket.receive_until(lambda frame: frame.get("status") == "complete")


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
    assert "/README.txt?" in url and "Signature=" in url
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (the local moto server)
        assert response.read() == DEMO_OBJECTS["README.txt"]

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
