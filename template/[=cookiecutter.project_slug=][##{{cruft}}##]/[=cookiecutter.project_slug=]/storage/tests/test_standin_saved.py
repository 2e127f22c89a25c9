"""`make dev`'s S3 stand-in keeps its buckets and objects across a restart."""

from contextlib import ExitStack

import boto3
import pytest
from django.core.management.base import CommandError

from [= cookiecutter.project_slug =].storage import standin
from [= cookiecutter.project_slug =].storage.standin import DEMO_BUCKET, DEMO_OBJECTS, S3StandIn

# Keys S3 allows that a file-per-key format would lose or misplace: a key that is also a
# "folder" of others, path tricks, control characters, the 1024-byte maximum
# (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html). A newline is
# allowed too, but moto's server itself refuses it.
HOSTILE_KEYS = [
    "a",
    "a/",
    "a/b",
    "a//b",
    "/leading",
    "../../etc/passwd",
    ".",
    "..",
    "back\\slash",
    "tab\tand\x01\x1f\x7f",
    "%2F already-escaped",
    "q?x#y&z=1",
    "  spaced  ",
    "Zoë 漢字 🎉.txt",
    "k" * 1024,
]


def contents(client) -> dict:
    """Every bucket, and each object's body, content type and user metadata."""
    found = {}
    for bucket in client.list_buckets()["Buckets"]:
        objects = found.setdefault(bucket["Name"], {})
        for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket["Name"]):
            for item in page.get("Contents", []):
                got = client.get_object(Bucket=bucket["Name"], Key=item["Key"])
                objects[item["Key"]] = (got["Body"].read(), got["ContentType"], got["Metadata"])
    return found


def dev_client(environment: dict[str, str]):
    """A client configured as `manage.py dev` configures the site."""
    return boto3.client(
        "s3",
        endpoint_url=environment["AWS_ENDPOINT_URL"],
        region_name=environment["AWS_REGION"],
        aws_access_key_id=environment["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=environment["AWS_SECRET_ACCESS_KEY"],
    )


@pytest.fixture
def servers():
    """Start S3 stand-ins with `servers()`; all are stopped after the test."""
    with ExitStack() as stack:

        def start() -> S3StandIn:
            server = S3StandIn().start()
            stack.callback(server.stop)
            return server

        yield start


def test_a_saved_standin_comes_back_whole(servers, tmp_path):
    first = servers()
    client = first.client()
    client.create_bucket(Bucket="kept")
    client.create_bucket(Bucket="kept-empty")
    for number, key in enumerate(HOSTILE_KEYS):
        client.put_object(
            Bucket="kept",
            Key=key,
            Body=bytes(range(256)) * number,
            ContentType=f"application/x-test-{number}",
            Metadata={"owner": "zoe", "number": str(number)},
        )
    before = contents(client)
    assert set(before["kept"]) == set(HOSTILE_KEYS) and before["kept-empty"] == {}

    first.save(tmp_path / "saved.sqlite3")
    second = servers()
    second.load(tmp_path / "saved.sqlite3")
    assert contents(second.client()) == before


def test_a_failed_save_keeps_the_previous_one(servers, tmp_path):
    server = servers()
    server.seed()
    saved = tmp_path / "saved.sqlite3"
    server.save(saved)
    server.stop()  # the next save fails: nothing answers
    with pytest.raises(Exception, match="Could not connect"):
        server.save(saved)
    again = servers()
    again.load(saved)
    assert set(contents(again.client())[DEMO_BUCKET]) == set(DEMO_OBJECTS)


def test_dev_starts_with_the_demo_then_with_what_the_last_run_left(monkeypatch, tmp_path):
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    monkeypatch.setenv("STANDIN_DATA_DIR", str(tmp_path))
    with ExitStack() as stack:
        environment, description = standin.start_for_dev(stack)
        client = dev_client(environment)
        assert set(contents(client)[DEMO_BUCKET]) == set(DEMO_OBJECTS)
        client.put_object(Bucket=DEMO_BUCKET, Key="uploaded.txt", Body=b"mine")
        client.delete_object(Bucket=DEMO_BUCKET, Key="README.txt")
    assert f"kept in {tmp_path / standin.SAVED_FILE}" in description

    with ExitStack() as stack:
        environment, description = standin.start_for_dev(stack)
        kept = contents(dev_client(environment))[DEMO_BUCKET]
        assert kept["uploaded.txt"][0] == b"mine" and "README.txt" not in kept
    assert "the buckets of the last run" in description


def test_dev_says_when_it_could_not_save_and_keeps_the_last_save(monkeypatch, tmp_path, caplog):
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    monkeypatch.setenv("STANDIN_DATA_DIR", str(tmp_path))
    with ExitStack() as stack:
        standin.start_for_dev(stack)
    last_save = (tmp_path / standin.SAVED_FILE).read_bytes()

    def disk_full(self, path):
        raise OSError("No space left on device")

    monkeypatch.setattr(S3StandIn, "save", disk_full)
    with ExitStack() as stack:
        environment, _ = standin.start_for_dev(stack)
        dev_client(environment).put_object(Bucket=DEMO_BUCKET, Key="lost.txt", Body=b"x")
    assert "were not saved (No space left on device)" in caplog.text
    assert (tmp_path / standin.SAVED_FILE).read_bytes() == last_save


def test_without_a_data_dir_dev_keeps_nothing(monkeypatch, tmp_path):
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    monkeypatch.setenv("STANDIN_DATA_DIR", "")
    monkeypatch.chdir(tmp_path)
    with ExitStack() as stack:
        _, description = standin.start_for_dev(stack)
    assert "kept in" not in description and not list(tmp_path.iterdir())


def test_a_file_that_is_no_saved_standin_is_refused_with_what_to_do(monkeypatch, tmp_path):
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    monkeypatch.setenv("STANDIN_DATA_DIR", str(tmp_path))
    (tmp_path / standin.SAVED_FILE).write_text("not a database")
    with ExitStack() as stack, pytest.raises(CommandError, match="move it away"):
        standin.start_for_dev(stack)
    assert (tmp_path / standin.SAVED_FILE).read_text() == "not a database"  # left as it was
