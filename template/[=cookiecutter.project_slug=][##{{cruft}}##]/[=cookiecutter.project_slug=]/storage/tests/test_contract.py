"""Amazon S3's documented behaviour that the storage example relies on, asserted against
our stand-in (moto's S3 server) and a real bucket.

Every assertion is written from the Amazon S3 documentation (each test cites its page),
not from moto. They run against the stand-in always, and against a real bucket under

    S3_CONTRACT_BUCKET=my-writable-bucket AWS_REGION=eu-central-1 make test-contracts

with credentials from boto3's chain (AWS_PROFILE, SSO, environment, role) and
AWS_ENDPOINT_URL for another S3-compatible store. The tests write only under a unique
`contract-<random>/` prefix of that bucket and delete only what they wrote.

Where moto is more lenient than S3 (signatures, expiry, the key length limit, refused
continuation tokens), the stand-in's run is an expected failure naming the gap, and the
example's own tests cover it (docs/standins.md lists them).
"""

from __future__ import annotations

import os
import time
import urllib.error
import urllib.request
import uuid
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from [= cookiecutter.project_slug =].services.s3 import download_disposition
from tests.contracts import STAND_IN, targets

pytestmark = pytest.mark.contract

API = "https://docs.aws.amazon.com/AmazonS3/latest/API"
LIST_OBJECTS_V2 = f"{API}/API_ListObjectsV2.html"
DELETE_OBJECT = f"{API}/API_DeleteObject.html"
GET_OBJECT = f"{API}/API_GetObject.html"
ERRORS = f"{API}/ErrorResponses.html#ErrorCodeList"
QUERY_AUTH = f"{API}/sigv4-query-string-auth.html"
OBJECT_KEYS = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html"
STAND_IN_BUCKET = "contract-bucket"


class Target:
    """One bucket to test against, a key prefix of our own in it, and what we wrote there."""

    def __init__(self, client, bucket: str, is_stand_in: bool) -> None:
        self.client, self.bucket, self.is_stand_in = client, bucket, is_stand_in
        self.prefix = f"contract-{uuid.uuid4().hex[:12]}/"
        self.written: set[str] = set()

    def put(self, name: str, body: bytes = b"contract") -> str:
        key = self.prefix + name
        self.client.put_object(Bucket=self.bucket, Key=key, Body=body)
        self.written.add(key)
        return key

    def lenient(self, gap: str) -> None:
        """moto does not do what S3 documents here: the stand-in's run is expected to fail."""
        if self.is_stand_in:
            pytest.xfail(f"moto is more lenient than S3: {gap}")

    def clean_up(self) -> None:
        for key in self.written:  # only what these tests wrote
            self.client.delete_object(Bucket=self.bucket, Key=key)


@pytest.fixture(params=targets("S3_CONTRACT_BUCKET", "my-writable-bucket"))
def s3_target(request):
    config = Config(signature_version="s3v4", retries={"mode": "standard"})
    if request.param == STAND_IN:
        server = request.getfixturevalue("s3_server")
        client = boto3.client(
            "s3",
            endpoint_url=server.url,
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",  # noqa: S106 (moto's)
            config=config,
        )
        client.create_bucket(Bucket=STAND_IN_BUCKET)
        target = Target(client, STAND_IN_BUCKET, is_stand_in=True)
    else:
        client = boto3.client(
            "s3",
            endpoint_url=os.environ.get("AWS_ENDPOINT_URL") or None,
            region_name=os.environ.get("AWS_REGION") or None,
            config=config,
        )  # credentials: boto3's chain
        target = Target(client, request.param, is_stand_in=False)
    yield target
    target.clean_up()


def error_of(call) -> tuple[int, str]:
    with pytest.raises(ClientError) as refused:
        call()
    response = refused.value.response
    return response["ResponseMetadata"]["HTTPStatusCode"], response["Error"]["Code"]


def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    """GET `url` with no credentials at all, as a browser following the link does."""
    try:
        with urllib.request.urlopen(url, timeout=20) as response:  # noqa: S310 (http/https)
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


# --- ListObjectsV2: https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html


def test_listing_pages_with_max_keys_and_continuation_tokens(s3_target):
    """MaxKeys: "Sets the maximum number of keys returned in the response"; IsTruncated:
    "Set to false if all of the results were returned"; NextContinuationToken "is sent
    when isTruncated is true", and ContinuationToken continues the list with it. "Objects
    are returned sorted in an ascending order of the respective key names" (LIST_OBJECTS_V2)."""
    keys = [s3_target.put(f"page/{number}.txt") for number in range(5)]
    found, token, pages = [], None, []
    while True:
        params = {"Bucket": s3_target.bucket, "Prefix": s3_target.prefix, "MaxKeys": 2}
        if token:
            params["ContinuationToken"] = token
        answer = s3_target.client.list_objects_v2(**params)
        pages.append(answer)
        found += [item["Key"] for item in answer.get("Contents", [])]
        assert answer["KeyCount"] == len(answer.get("Contents", [])) <= 2
        if not answer["IsTruncated"]:
            assert "NextContinuationToken" not in answer
            break
        token = answer["NextContinuationToken"]
        assert token
    assert found == sorted(keys) and len(pages) == 3


def test_a_continuation_token_s3_did_not_issue_is_refused(s3_target):
    """A ContinuationToken is "obfuscated and is not a real key" (LIST_OBJECTS_V2): one S3
    did not issue is refused as 400 InvalidArgument (ERRORS: "Invalid Argument", 400)."""
    s3_target.lenient("moto's server answers a made-up continuation token with 500")
    status, code = error_of(
        lambda: s3_target.client.list_objects_v2(
            Bucket=s3_target.bucket, ContinuationToken="bm90LWEtdG9rZW4="
        )
    )
    assert (status, code) == (400, "InvalidArgument")


# --- Object keys: https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html


@pytest.mark.parametrize(
    "name",
    [
        "Screenshot 2026-12-02 at 9.41.07\u202fAM.png",  # U+202F NARROW NO-BREAK SPACE
        "\U0001f469\u200d\U0001f469\u200d\U0001f467 family.jpg",  # an emoji ZWJ sequence
        "tab\tseparated.tsv",
        "ünïcode/✓.txt",
    ],
    ids=["narrow-nbsp", "emoji-zwj", "tab", "accents"],
)
def test_unicode_keys_round_trip(s3_target, name):
    """OBJECT_KEYS: "The object key name is a sequence of Unicode characters with UTF-8 encoding"
    stored, listed and read back exactly as written."""
    key = s3_target.put(name, b"unicode")
    listed = s3_target.client.list_objects_v2(Bucket=s3_target.bucket, Prefix=s3_target.prefix)
    assert [item["Key"] for item in listed["Contents"]] == [key]
    got = s3_target.client.get_object(Bucket=s3_target.bucket, Key=key)
    assert got["Body"].read() == b"unicode"


def test_a_key_is_at_most_1024_bytes_of_utf8(s3_target):
    """OBJECT_KEYS: "...with UTF-8 encoding of up to 1,024 bytes long"; a longer one is
    KeyTooLongError, 400 "Your key is too long" (ERRORS)."""
    fill = 1024 - len(s3_target.prefix.encode())
    longest = s3_target.put("é" * (fill // 2) + "x" * (fill % 2))
    assert len(longest.encode()) == 1024
    s3_target.lenient("moto's server stores keys longer than 1024 bytes")
    too_long = s3_target.prefix + "x" * (fill + 1)
    status, code = error_of(
        lambda: s3_target.client.put_object(Bucket=s3_target.bucket, Key=too_long, Body=b"")
    )
    s3_target.written.discard(too_long)
    assert (status, code) == (400, "KeyTooLongError")


# --- DeleteObject: https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObject.html


def test_deleting_a_missing_key_succeeds_with_204(s3_target):
    """DELETE_OBJECT: "If the object you want to delete is ... there isn't a null version,
    Amazon S3 does not remove any objects but will still respond that the command was
    successful"; its success is HTTP 204 No Content."""
    answer = s3_target.client.delete_object(
        Bucket=s3_target.bucket, Key=s3_target.prefix + "never-written.txt"
    )
    assert answer["ResponseMetadata"]["HTTPStatusCode"] == 204


# --- Presigned GET: https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html


def presigned(s3_target, key: str, expires: int = 300) -> str:
    return s3_target.client.generate_presigned_url(
        "get_object",
        Params={
            "Bucket": s3_target.bucket,
            "Key": key,
            "ResponseContentDisposition": download_disposition(key),
        },
        ExpiresIn=expires,
    )


@pytest.mark.parametrize("name", ["report.html", "Screenshot 9.41\u202fAM.svg"])
def test_a_presigned_get_works_without_credentials_and_downloads(s3_target, name):
    """Query-string authentication lets anyone with the URL GET the object until
    X-Amz-Expires (QUERY_AUTH); `response-content-disposition` "Sets the
    Content-Disposition header of the response" (GET_OBJECT)."""
    key = s3_target.put(name, b"<svg/>")
    status, headers, body = fetch(presigned(s3_target, key))
    assert (status, body) == (200, b"<svg/>")
    assert headers["Content-Disposition"] == download_disposition(key)
    assert headers["Content-Disposition"].startswith("attachment;")


def test_a_tampered_presigned_url_is_refused(s3_target):
    """The signature covers the canonical query string (QUERY_AUTH): a changed parameter is
    403 SignatureDoesNotMatch (ERRORS)."""
    key = s3_target.put("signed.txt")
    parts = urlsplit(presigned(s3_target, key))
    query = dict(parse_qsl(parts.query))
    query["response-content-disposition"] = "inline"
    tampered = urlunsplit(parts._replace(query=urlencode(query)))
    s3_target.lenient("moto's server checks no signature")
    status, _, body = fetch(tampered)
    assert status == 403 and b"<Code>SignatureDoesNotMatch</Code>" in body


def test_an_expired_presigned_url_is_refused(s3_target):
    """X-Amz-Expires: "the time period, in seconds, for which the generated presigned URL
    is valid" (QUERY_AUTH); afterwards S3 answers 403 AccessDenied ("Request has expired")."""
    s3_target.lenient("moto's server does not expire presigned URLs")
    key = s3_target.put("expiring.txt")
    url = presigned(s3_target, key, expires=1)
    time.sleep(2)  # past X-Amz-Date + X-Amz-Expires
    status, _, body = fetch(url)
    assert status == 403 and b"<Code>AccessDenied</Code>" in body


# --- Error codes: https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html


def test_a_missing_bucket_is_no_such_bucket(s3_target):
    """NoSuchBucket: "The specified bucket does not exist", 404 (ERRORS)."""
    missing = f"contract-missing-{uuid.uuid4().hex}"
    status, code = error_of(lambda: s3_target.client.list_objects_v2(Bucket=missing))
    assert (status, code) == (404, "NoSuchBucket")


def test_a_missing_key_is_no_such_key(s3_target):
    """NoSuchKey: "The specified key does not exist", 404 (ERRORS; GET_OBJECT)."""
    status, code = error_of(
        lambda: s3_target.client.get_object(
            Bucket=s3_target.bucket, Key=s3_target.prefix + "never-written.txt"
        )
    )
    assert (status, code) == (404, "NoSuchKey")
