"""A local S3 for development and tests: moto's S3 server, seeded with a demo bucket."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import boto3

from [= cookiecutter.project_slug =].services.ports import free_port

if TYPE_CHECKING:
    from contextlib import ExitStack

DEMO_BUCKET = "demo-bucket"
DEMO_OBJECTS = {
    "README.txt": b"Objects in this bucket live in a local moto S3 server.\n",
    "reports/2026-q1.csv": b"month,visits\njan,1204\nfeb,1377\nmar,1590\n",
    "reports/2026-q2.csv": b"month,visits\napr,1622\nmay,1718\njun,1803\n",
    **{f"photos/img-{n:03d}.txt": f"placeholder {n}\n".encode() for n in range(1, 25)},
}
# moto accepts any credentials; these keep boto3 from looking for real ones.
STANDIN_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}


class S3StandIn:
    """moto's S3 HTTP server on a local port (`url` serves as AWS_ENDPOINT_URL)."""

    def __init__(self, port: int | None = None) -> None:
        from moto.server import ThreadedMotoServer  # a development dependency

        self.port = port or free_port()
        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.port, verbose=False)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> S3StandIn:
        self._server.start()
        return self

    def stop(self) -> None:
        self._server.stop()

    def client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.url,
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",  # noqa: S106 (moto's fixed test credentials)
        )

    def seed(self) -> None:
        """Create the demo bucket and its objects (idempotent)."""
        client = self.client()
        client.create_bucket(Bucket=DEMO_BUCKET)
        client.create_bucket(Bucket="empty-bucket")
        for key, body in DEMO_OBJECTS.items():
            client.put_object(Bucket=DEMO_BUCKET, Key=key, Body=body)


def start_for_dev(stack: ExitStack) -> tuple[dict[str, str], str] | None:
    """For `manage.py dev`: a seeded moto server unless AWS_ENDPOINT_URL is set."""
    if os.environ.get("AWS_ENDPOINT_URL"):
        return None
    standin = S3StandIn().start()
    stack.callback(standin.stop)
    standin.seed()
    return (
        {"AWS_ENDPOINT_URL": standin.url, "AWS_REGION": "us-east-1", **STANDIN_CREDENTIALS},
        f"local S3 (moto) at {standin.url}, bucket '{DEMO_BUCKET}' (AWS_ENDPOINT_URL is not set)",
    )
