"""services.s3: validation before any call, signed links, credentials, and errors a page
can show (moto in-process: it checks no signature, so the signing tests check them here)."""

import hashlib
import hmac
from urllib.parse import parse_qsl, quote, unquote, urlsplit

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


# Keys S3 stores: any UTF-8 text of 1 to 1024 bytes
# (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html).
VALID_KEYS = [
    "a",
    "reports/2026.csv",
    "ünïcode/✓.txt",
    "x" * 1024,
    "é" * 512,  # 1024 bytes
    "Screenshot 2026-12-02 at 9.41.07\u202fAM.png",  # macOS: U+202F before AM/PM
    "family-\U0001f469\u200d\U0001f469\u200d\U0001f467.jpg",  # an emoji ZWJ sequence
    "tab\tseparated.tsv",
    " ",
    "line\nbreak",
    "nul\x00byte",
]


@pytest.mark.parametrize("key", VALID_KEYS)
def test_every_key_s3_accepts_is_accepted(key):
    assert s3.validate_key(key) == key


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("", "cannot be empty"),
        (None, "cannot be empty"),
        (7, "cannot be empty"),
        ("x" * 1025, "at most 1024 bytes of UTF-8 (this one is 1025)"),
        ("é" * 513, "at most 1024 bytes of UTF-8 (this one is 1026)"),
        ("lone-\ud800-surrogate", "UTF-8 can encode"),
    ],
)
def test_keys_s3_refuses_are_refused_with_its_reason(key, reason):
    with pytest.raises(ValueError, match="object key") as refused:
        s3.validate_key(key)
    assert reason in str(refused.value)


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


def sigv4_signature(url: str, secret: str) -> str:
    """The signature of a presigned GET, computed from the URL as AWS's documentation shows
    (https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html):
    canonical request, string to sign, signing key; no botocore code involved."""
    parts = urlsplit(url)
    query = [(name, value) for name, value in parse_qsl(parts.query) if name != "X-Amz-Signature"]
    canonical_query = "&".join(
        f"{quote(name, safe='-_.~')}={quote(value, safe='-_.~')}" for name, value in sorted(query)
    )
    fields = dict(query)
    canonical_request = "\n".join(
        [
            "GET",
            quote(unquote(parts.path), safe="/-_.~"),  # the key, URI-encoded once
            canonical_query,
            f"host:{parts.netloc}\n",
            fields["X-Amz-SignedHeaders"],
            "UNSIGNED-PAYLOAD",
        ]
    )
    scope = fields["X-Amz-Credential"].split("/", 1)[1]
    string_to_sign = "\n".join(
        [
            "AWS4-HMAC-SHA256",
            fields["X-Amz-Date"],
            scope,
            hashlib.sha256(canonical_request.encode()).hexdigest(),
        ]
    )
    key = f"AWS4{secret}".encode()
    for part in scope.split("/"):  # date, region, service, "aws4_request"
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return hmac.new(key, string_to_sign.encode(), hashlib.sha256).hexdigest()


@pytest.mark.parametrize(
    ("region", "endpoint"),
    [
        ("us-east-1", ""),  # our default region: botocore presigned SigV2 here
        ("eu-west-1", ""),
        ("us-west-2", ""),
        ("eu-central-1", ""),
        ("us-east-1", "http://127.0.0.1:9000"),  # a custom endpoint: SigV2 too, before
    ],
)
async def test_download_links_are_signed_with_sigv4_for_the_configured_region(
    fake_s3, settings, region, endpoint
):
    settings.AWS_REGION, settings.AWS_ENDPOINT_URL = region, endpoint
    settings.AWS_ACCESS_KEY_ID, settings.AWS_SECRET_ACCESS_KEY = "AKIDEXAMPLE", "secret-example"
    key = "reports/Screenshot 9.41\u202fAM.png"
    url = await s3.get_object_storage().presigned_download_url("unit-bucket", key, 300)
    fields = dict(parse_qsl(urlsplit(url).query))
    assert fields.get("X-Amz-Algorithm") == "AWS4-HMAC-SHA256", url
    assert fields["X-Amz-Expires"] == "300"
    access_key, date, signed_region, service, terminator = fields["X-Amz-Credential"].split("/")
    assert (access_key, signed_region, service, terminator) == (
        "AKIDEXAMPLE",
        region,
        "s3",
        "aws4_request",
    )
    assert fields["X-Amz-Date"].startswith(date) and fields["X-Amz-SignedHeaders"] == "host"
    assert fields["X-Amz-Signature"] == sigv4_signature(url, "secret-example")
    # Downloads, never opens inline (RFC 6266; RFC 5987 for the non-ASCII name).
    assert fields["response-content-disposition"] == (
        "attachment; filename*=utf-8''Screenshot%209.41%E2%80%AFAM.png"
    )


@pytest.mark.parametrize(
    ("key", "disposition"),
    [
        ("page.html", 'attachment; filename="page.html"'),
        ("a/b/drawing.svg", 'attachment; filename="drawing.svg"'),
        ('say "hi".txt', 'attachment; filename="say \\"hi\\".txt"'),
        ("tab\there.txt", 'attachment; filename="tab_here.txt"'),
        ("folder/", 'attachment; filename="folder"'),
        ("ünï.txt", "attachment; filename*=utf-8''%C3%BCn%C3%AF.txt"),
    ],
)
def test_the_download_disposition_is_an_attachment_named_after_the_key(key, disposition):
    assert s3.download_disposition(key) == disposition


async def test_a_session_token_from_the_environment_signs_the_link(fake_s3, settings, monkeypatch):
    """Temporary credentials (SSO, assume-role, CI OIDC) carry a session token."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "ASIATEMPORARY")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "temporary-secret")
    monkeypatch.setenv("AWS_SESSION_TOKEN", "token-from-the-chain")
    settings.AWS_ACCESS_KEY_ID = settings.AWS_SECRET_ACCESS_KEY = ""  # boto3's chain decides
    settings.AWS_SESSION_TOKEN = ""
    url = await s3.get_object_storage().presigned_download_url("unit-bucket", "file-1.txt")
    fields = dict(parse_qsl(urlsplit(url).query))
    assert fields["X-Amz-Security-Token"] == "token-from-the-chain"
    assert fields["X-Amz-Credential"].startswith("ASIATEMPORARY/")
    assert fields["X-Amz-Signature"] == sigv4_signature(url, "temporary-secret")


async def test_keys_in_settings_keep_their_session_token(fake_s3, settings, monkeypatch):
    """settings.py reads AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN from
    the same environment: set together, the token must be sent with the keys."""
    monkeypatch.setenv("AWS_SESSION_TOKEN", "token-from-the-chain")
    settings.AWS_ACCESS_KEY_ID, settings.AWS_SECRET_ACCESS_KEY = "ASIATEMPORARY", "temp-secret"
    settings.AWS_SESSION_TOKEN = "token-from-the-chain"  # noqa: S105 (a made-up token)
    url = await s3.get_object_storage().presigned_download_url("unit-bucket", "file-1.txt")
    fields = dict(parse_qsl(urlsplit(url).query))
    assert fields.get("X-Amz-Security-Token") == "token-from-the-chain", url
    assert fields["X-Amz-Signature"] == sigv4_signature(url, "temp-secret")


def test_botocore_s_own_attempts_fit_in_one_deadline(settings):
    """A thread cannot be cancelled: what the deadline gives up on must end soon after."""
    settings.SERVICE_DEADLINE, settings.SERVICE_CONNECT_TIMEOUT = 5.0, 2.0
    settings.SERVICE_READ_TIMEOUT = 5.0
    config = s3.client_config()
    attempts = config.retries["total_max_attempts"]
    assert config.retries["mode"] == "standard" and "max_attempts" not in config.retries
    assert attempts * config.read_timeout <= settings.SERVICE_DEADLINE
    assert config.connect_timeout <= settings.SERVICE_CONNECT_TIMEOUT
    assert config.signature_version == "s3v4"


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
    with pytest.raises(AccessDenied, match="No S3 credentials were found"):
        await s3.get_object_storage().bucket_names()


async def test_connection_refused_is_unavailable(settings):
    settings.AWS_ENDPOINT_URL = "http://127.0.0.1:9"  # nothing listens on the discard port
    settings.AWS_ACCESS_KEY_ID = settings.AWS_SECRET_ACCESS_KEY = "testing"  # noqa: S105 (fake)
    with pytest.raises(ServiceUnavailable, match="unreachable"):
        await s3.get_object_storage().bucket_names()
