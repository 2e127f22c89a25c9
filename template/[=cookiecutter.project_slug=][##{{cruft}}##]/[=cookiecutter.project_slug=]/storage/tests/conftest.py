import pytest
from moto import mock_aws

from [= cookiecutter.project_slug =].storage.standin import S3StandIn


@pytest.fixture(scope="session")
def s3_server():
    """moto's S3 server: a real S3 HTTP endpoint on a local port."""
    server = S3StandIn().start()
    yield server
    server.stop()


@pytest.fixture
def real_s3(s3_server, settings):
    """Settings pointing at the server, with the demo bucket freshly seeded."""
    settings.AWS_ENDPOINT_URL = s3_server.url
    settings.AWS_ACCESS_KEY_ID = settings.AWS_SECRET_ACCESS_KEY = "testing"  # noqa: S105 (moto's)
    client = s3_server.client()
    for bucket in client.list_buckets()["Buckets"]:
        for item in client.list_objects_v2(Bucket=bucket["Name"]).get("Contents", []):
            client.delete_object(Bucket=bucket["Name"], Key=item["Key"])
        client.delete_bucket(Bucket=bucket["Name"])
    s3_server.seed()
    return s3_server


@pytest.fixture
def fake_s3(settings):
    """moto's in-process fake (no server): fast unit tests."""
    settings.AWS_ENDPOINT_URL = ""
    settings.AWS_ACCESS_KEY_ID = settings.AWS_SECRET_ACCESS_KEY = "testing"  # noqa: S105 (moto's)
    with mock_aws():
        yield
