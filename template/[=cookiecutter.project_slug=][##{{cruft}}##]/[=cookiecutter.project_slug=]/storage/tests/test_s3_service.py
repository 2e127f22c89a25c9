"""services.s3: validation before any call, and errors a page can show (moto in-process)."""

import boto3
import pytest

from [= cookiecutter.project_slug =].services import s3
from [= cookiecutter.project_slug =].services.errors import NotFound


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


async def test_calls_run_off_the_loop_and_return_answers(fake_s3):
    make_bucket()
    answer = await s3.call("list_objects_v2", Bucket="unit-bucket")
    assert [item["Key"] for item in answer["Contents"]] == [f"file-{n}.txt" for n in range(3)]


async def test_a_missing_bucket_is_not_found(fake_s3):
    with pytest.raises(NotFound, match="does not exist"):
        await s3.call("list_objects_v2", Bucket="no-such-bucket")


async def test_presigned_links_name_the_object_and_expire(fake_s3):
    make_bucket()
    url = await s3.presigned_download_url("unit-bucket", "file-1.txt", expires_in=60)
    assert "unit-bucket/file-1.txt" in url and "Expires=" in url


async def test_presign_validates_before_calling(fake_s3):
    with pytest.raises(ValueError, match="bucket name"):
        await s3.presigned_download_url("Bad_Bucket", "file")
