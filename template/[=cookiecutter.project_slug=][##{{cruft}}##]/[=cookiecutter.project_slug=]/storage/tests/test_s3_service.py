"""services.s3: validation before any call, and errors a page can show (moto in-process)."""

import boto3
import pytest

from [= cookiecutter.project_slug =].services import s3
from [= cookiecutter.project_slug =].services.errors import AccessDenied, NotFound, ServiceUnavailable


@pytest.mark.parametrize("name", ["abc", "my-bucket", "logs.example.com", "a" * 63, "0bucket9"])
def test_valid_bucket_names(name):
    assert s3.validate_bucket_name(name) == name


@pytest.mark.parametrize(
    "name",
    [
        "ab",
        "a" * 64,
        "My-Bucket",
        "-bucket",
        "bucket-",
        "my..bucket",
        "my.-bucket",
        "192.168.1.1",
        "under_score",
        "",
        None,
        42,
        "sp ace",
        "ünïcode",
    ],
)
def test_invalid_bucket_names_are_refused_with_the_rule(name):
    with pytest.raises(ValueError, match="bucket name"):
        s3.validate_bucket_name(name)


@pytest.mark.parametrize("key", ["a", "reports/2026.csv", "ünïcode/✓.txt", "x" * 1024])
def test_valid_keys(key):
    assert s3.validate_key(key) == key


@pytest.mark.parametrize("key", ["", " ", "é" * 600, "line\nbreak", "nul\x00", None, 7])
def test_invalid_keys_are_refused(key):
    with pytest.raises(ValueError, match="object key"):
        s3.validate_key(key)


def make_bucket(name="unit-bucket", objects=3):
    client = boto3.client("s3", region_name="us-east-1")
    client.create_bucket(Bucket=name)
    for number in range(objects):
        client.put_object(Bucket=name, Key=f"file-{number}.txt", Body=b"x")


async def test_pages_of_objects_come_from_a_worker_thread(fake_s3):
    make_bucket(objects=3)
    storage = s3.get_object_storage()
    first, token = await storage.list_page("unit-bucket", size=2)
    assert [item["key"] for item in first] == ["file-0.txt", "file-1.txt"] and token
    second, token = await storage.list_page("unit-bucket", token, size=2)
    assert [item["key"] for item in second] == ["file-2.txt"] and token == ""


async def test_put_and_delete(fake_s3):
    make_bucket(objects=0)
    storage = s3.get_object_storage()
    await storage.put("unit-bucket", "notes.txt", b"hello", "text/plain")
    assert await storage.bucket_names() == ["unit-bucket"]
    assert [item["key"] for item in (await storage.list_page("unit-bucket"))[0]] == ["notes.txt"]
    await storage.delete("unit-bucket", "notes.txt")
    assert (await storage.list_page("unit-bucket"))[0] == []


async def test_uploads_over_the_size_limit_are_refused_before_any_call(fake_s3):
    with pytest.raises(ValueError, match="at most 1024 KB"):
        too_big = b"x" * (s3.MAX_UPLOAD_BYTES + 1)
        await s3.get_object_storage().put("unit-bucket", "big", too_big, "")


async def test_a_missing_bucket_is_not_found(fake_s3):
    with pytest.raises(NotFound, match="does not exist"):
        await s3.get_object_storage().list_page("no-such-bucket")


async def test_presigned_links_name_the_object_and_expire(fake_s3):
    make_bucket()
    url = await s3.get_object_storage().presigned_download_url("unit-bucket", "file-1.txt", 60)
    assert "unit-bucket/file-1.txt" in url and "Expires=" in url


async def test_presign_validates_before_calling(fake_s3):
    with pytest.raises(ValueError, match="bucket name"):
        await s3.get_object_storage().presigned_download_url("Bad_Bucket", "file")


async def test_missing_credentials_are_a_clear_access_error(settings, monkeypatch):
    settings.AWS_ENDPOINT_URL, settings.AWS_ACCESS_KEY_ID = "http://127.0.0.1:9", ""
    for variable in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_PROFILE"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    with pytest.raises(AccessDenied, match="No S3 credentials"):
        await s3.get_object_storage().bucket_names()


async def test_connection_refused_is_unavailable(settings):
    settings.AWS_ENDPOINT_URL = "http://127.0.0.1:9"  # nothing listens on the discard port
    settings.AWS_ACCESS_KEY_ID = settings.AWS_SECRET_ACCESS_KEY = "testing"  # noqa: S105 (fake)
    with pytest.raises(ServiceUnavailable, match="unreachable"):
        await s3.get_object_storage().bucket_names()
