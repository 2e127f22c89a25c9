"""A local S3 for development and tests: moto's S3 server, seeded with a demo bucket.

Under `manage.py dev` its buckets and objects are saved when the command stops and loaded
on the next start instead of the demo (moto keeps nothing itself: its request recorder
replays every request and grows without end).
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING

import boto3
from botocore.exceptions import BotoCoreError, ClientError
from django.core.management.base import CommandError

from [= cookiecutter.project_slug =].services.ports import free_port

if TYPE_CHECKING:
    from contextlib import ExitStack

logger = logging.getLogger(__name__)

DEMO_BUCKET = "demo-bucket"
DEMO_OBJECTS = {
    "README.txt": b"Objects in this bucket live in a local moto S3 server.\n",
    "reports/2026-q1.csv": b"month,visits\njan,1204\nfeb,1377\nmar,1590\n",
    "reports/2026-q2.csv": b"month,visits\napr,1622\nmay,1718\njun,1803\n",
    **{f"photos/img-{n:03d}.txt": f"placeholder {n}\n".encode() for n in range(1, 25)},
}
# moto accepts any credentials; these keep boto3 from looking for real ones.
STANDIN_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}
# A saved stand-in is one SQLite file: a key S3 allows is any text (slashes, "..", a
# trailing "/", 1024 bytes), which only a text column holds as it is, never a file name.
SAVED_FILE = "s3-standin.sqlite3"
SAVED_FORMAT = 1  # PRAGMA user_version: a later format can tell an older file
SAVED_SCHEMA = f"""
    PRAGMA user_version = {SAVED_FORMAT};
    CREATE TABLE buckets (name TEXT PRIMARY KEY);
    CREATE TABLE objects (
        bucket TEXT, key TEXT, body BLOB, content_type TEXT, metadata TEXT,
        PRIMARY KEY (bucket, key)
    );
"""


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

    def save(self, path: Path) -> None:
        """Write every bucket and object (key, body, content type, user metadata) to `path`.

        Written beside it and renamed over it: an interrupted save keeps the previous one.
        """
        client = self.client()
        partial = path.with_name(f"{path.name}.partial")
        partial.unlink(missing_ok=True)
        with closing(sqlite3.connect(partial)) as saved, saved:
            saved.executescript(SAVED_SCHEMA)
            for bucket in client.list_buckets()["Buckets"]:
                saved.execute("INSERT INTO buckets VALUES (?)", (bucket["Name"],))
                rows = _saved_objects(client, bucket["Name"])
                saved.executemany("INSERT INTO objects VALUES (?, ?, ?, ?, ?)", rows)
        partial.replace(path)

    def load(self, path: Path) -> None:
        """Create the buckets and objects `save` wrote to `path`."""
        client = self.client()
        with closing(sqlite3.connect(path)) as saved:
            (found_format,) = saved.execute("PRAGMA user_version").fetchone()
            if found_format != SAVED_FORMAT:
                raise ValueError(f"format {found_format}, not {SAVED_FORMAT}")
            for (name,) in saved.execute("SELECT name FROM buckets"):
                client.create_bucket(Bucket=name)
            rows = saved.execute("SELECT bucket, key, body, content_type, metadata FROM objects")
            for bucket, key, body, content_type, metadata in rows:
                client.put_object(
                    Bucket=bucket,
                    Key=key,
                    Body=body,
                    ContentType=content_type,
                    Metadata=json.loads(metadata),
                )


def _saved_objects(client, bucket: str):
    """A row of the saved file's `objects` table for each object in `bucket`."""
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for item in page.get("Contents", []):
            found = client.get_object(Bucket=bucket, Key=item["Key"])
            body, metadata = found["Body"].read(), json.dumps(found["Metadata"])
            yield bucket, item["Key"], body, found["ContentType"], metadata


def start_for_dev(stack: ExitStack) -> tuple[dict[str, str], str] | None:
    """For `manage.py dev`: a moto server unless AWS_ENDPOINT_URL is set.

    It starts with what it held when `manage.py dev` last stopped (saved in
    STANDIN_DATA_DIR, which that command sets), or with the demo bucket the first time.
    """
    if os.environ.get("AWS_ENDPOINT_URL"):
        return None
    standin_data = os.environ.get("STANDIN_DATA_DIR")
    saved = Path(standin_data) / SAVED_FILE if standin_data else None
    standin = S3StandIn().start()
    stack.callback(standin.stop)
    if saved is not None and saved.exists():
        try:
            standin.load(saved)
        except (sqlite3.Error, ValueError) as error:
            raise CommandError(
                f"{saved} is not a saved S3 stand-in ({error}): move it away to start afresh."
            ) from error
        contents = "the buckets of the last run"
    else:
        standin.seed()
        contents = f"bucket '{DEMO_BUCKET}'"
    if saved is not None:
        stack.callback(_save_on_exit, standin, saved)  # runs first: the server is still up
        contents += f", kept in {saved}"
    return (
        {"AWS_ENDPOINT_URL": standin.url, "AWS_REGION": "us-east-1", **STANDIN_CREDENTIALS},
        f"local S3 (moto) at {standin.url}, {contents} (AWS_ENDPOINT_URL is not set)",
    )


def _save_on_exit(standin: S3StandIn, saved: Path) -> None:
    try:
        standin.save(saved)
    except (BotoCoreError, ClientError, sqlite3.Error, OSError) as error:
        logger.warning(
            "The S3 stand-in's objects were not saved (%s); %s is as before.", error, saved
        )
