"""The storage view's handlers, given arbitrary input.

Property-based (hypothesis): strings of any kind, wrong types and missing parameters,
called on a mounted view with fast fake services; no exception may escape a handler.
"""

import pytest
from djust.testing import LiveViewTestClient
from hypothesis import given

from [= cookiecutter.project_slug =].services.s3 import ObjectStorage
from [= cookiecutter.project_slug =].storage.views import StorageView
from tests.hostile import HYPOTHESIS, params_for, run


@pytest.mark.parametrize("handler", ["open_bucket", "delete_object", "presign", "next_page"])
@given(params=params_for("bucket", "key"))
@HYPOTHESIS
def test_storage_handlers(handler, params, monkeypatch):
    async def answer(self, method, *args, **kwargs):
        # Reached only once the bucket and key passed validation.
        return {"Contents": [], "Buckets": []} if method.startswith("list") else "http://x/"

    monkeypatch.setattr(ObjectStorage, "_call", answer)
    view = LiveViewTestClient(StorageView).mount().view_instance
    run(view.open_bucket, {"bucket": "demo-bucket"})
    run(getattr(view, handler), params)
    assert isinstance(view.error, str) and isinstance(view.bucket, str)
