"""An object-storage browser: buckets, paged object lists, upload, delete, download links."""

from urllib.parse import urlencode

from asgiref.sync import async_to_sync
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST
from djust import UploadMixin, state
from djust.decorators import event_handler

from [= cookiecutter.project_slug =].liveview import LiveView
from [= cookiecutter.project_slug =].services.deadline import within_deadline
from [= cookiecutter.project_slug =].services.errors import ServiceError
from [= cookiecutter.project_slug =].services.s3 import (
    MAX_UPLOAD_BYTES,
    SERVICE,
    ObjectStorage,
    get_object_storage,
)

PAGE_SIZE = 10
# djust refuses websocket messages over 65,536 bytes, and a chunk travels with a header
# (kind, upload ref, chunk index): djust's default 64 KiB chunks never arrive whole.
UPLOAD_CHUNK_BYTES = 60 * 1024
UPLOAD_LIMIT = f"{MAX_UPLOAD_BYTES / 1024 / 1024:g} MB"
# The outcome of an upload without a websocket travels back in the address, signed: a
# link someone else made cannot put a message on the page.
UPLOAD_OUTCOME_SALT = "storage.upload-outcome"
UPLOAD_OUTCOME_MAX_AGE = 300  # seconds


def empty_file_message(name: str) -> str:
    return f"“{name}” is empty (0 bytes): choose a file with something in it."


def too_large_message(name: str, size: int) -> str:
    return f"“{name}” is {size:,} bytes: files up to {UPLOAD_LIMIT} upload here."


class StorageView(UploadMixin, LiveView):
    template_name = "storage/index.html"
    # It uploads and deletes objects: visitors sign in first, on the page and on the websocket.
    login_required = True
    # Any signed-in user may call every handler, hence `noqa: S009` on each (djust asks
    # for a per-handler gate); give one @permission_required when it needs more.

    buckets = state(default=())
    buckets_listed = state(default=False)  # the bucket list came back (it may be empty)
    bucket = state(default="")
    objects = state(default=())
    objects_listed = state(default=False)  # `objects` is what the store just listed
    page_tokens = state(default=())  # continuation token of each page opened so far
    next_token = state(default="")
    download_key = state(default="")
    download_url = state(default="")
    error = state(default="")
    notice = state(default="")
    upload_limit = state(default=UPLOAD_LIMIT)  # for the page and its size check
    upload_limit_bytes = state(default=MAX_UPLOAD_BYTES)

    def _s3(self) -> ObjectStorage:
        """The shared object-storage client: reached per call, never stored on the view."""
        return get_object_storage()

    def mount(self, request, **kwargs):
        super().mount(request, **kwargs)  # schedules load()
        self.allow_upload(
            "file",
            max_entries=1,
            max_file_size=MAX_UPLOAD_BYTES,
            chunk_size=UPLOAD_CHUNK_BYTES,
        )
        # The open bucket is in the address (?bucket=name): Back, a reload and a shared
        # link come back to it.
        self.bucket = _bucket_in_address(request)
        self.error, self.notice = _upload_outcome(request.GET.get("upload", ""))

    async def load(self):
        """The bucket list (and the bucket named in the address), loaded after mount."""
        outcome = self.error, self.notice  # of an upload without a websocket (mount)
        if await self._attempt(self._list_buckets()) and self.bucket:
            if not await self._attempt(self._show_page(self.bucket, ("",))):
                self.bucket = ""  # gone, or not a bucket name: the page shows the error only
                return
            self.error, self.notice = outcome

    async def _list_buckets(self) -> None:
        self.buckets, self.buckets_listed = tuple(await self._s3().bucket_names()), True

    @event_handler()  # noqa: S009
    async def open_bucket(self, bucket: object = "", **kwargs):
        if await self._attempt(self._show_page(bucket, ("",))):
            self.live_patch(params={"bucket": self.bucket}, replace=True)

    @event_handler()  # noqa: S009
    async def next_page(self, **kwargs):
        if self.bucket and self.next_token:
            await self._attempt(self._show_page(self.bucket, (*self.page_tokens, self.next_token)))

    @event_handler()  # noqa: S009
    async def previous_page(self, **kwargs):
        if self.bucket and len(self.page_tokens) > 1:
            await self._attempt(self._show_page(self.bucket, tuple(self.page_tokens[:-1])))

    @event_handler()  # noqa: S009
    async def upload(self, **kwargs):
        """Store the file the browser sent over the websocket in the open bucket."""
        if not self.bucket:
            self.error = "Open a bucket before uploading."
            return
        uploaded = []
        # Entries are released when the loop ends: store each one inside it.
        for entry in self.consume_uploaded_entries("file"):
            name, data = entry.safe_client_name, entry.data
            if not data:
                self.error, self.notice = empty_file_message(name), ""
                return
            if not await self._attempt(self._s3().put(self.bucket, name, data, entry.client_type)):
                return
            uploaded.append(f"{name} ({len(data)} bytes)")
        if not uploaded:
            self.error, self.notice = "Choose a file first; it is sent as soon as you pick it.", ""
            return
        if await self._attempt(self._show_page(self.bucket, self._open_pages())):
            self.notice = f"Uploaded {', '.join(uploaded)}."

    @event_handler()  # noqa: S009
    async def delete_object(self, key: object = "", **kwargs):
        deleted = await self._attempt(self._s3().delete(self.bucket, key))
        # The page is listed again; if it emptied, _show_page steps back one.
        if deleted and await self._attempt(self._show_page(self.bucket, self._open_pages())):
            self.notice = f"Deleted {key}."

    @event_handler()  # noqa: S009
    async def presign(self, key: object = "", **kwargs):
        """A link that downloads the object for five minutes, without credentials."""
        if await self._attempt(self._sign_download(key)):
            self.download_key, self.error = key, ""

    async def _sign_download(self, key: object) -> None:
        self.download_url = await self._s3().presigned_download_url(self.bucket, key)

    async def _attempt(self, work) -> bool:
        """Await `work` within one deadline, every call and retry of it included; a bad value
        or a failing service becomes the page's error message."""
        try:
            async with within_deadline(SERVICE):
                await work
        except (ValueError, ServiceError) as error:
            self.error, self.notice = str(error), ""
            return False
        return True

    def _open_pages(self) -> tuple[str, ...]:
        """The continuation tokens of the pages opened so far (the first page's is "")."""
        return tuple(self.page_tokens) or ("",)

    async def _show_page(self, bucket: str, page_tokens: tuple[str, ...]) -> None:
        # Until the store answers, the page shows no stale objects (nor "empty") beside
        # the error a failure leaves.
        self.objects, self.objects_listed, self.download_url = (), False, ""
        objects, next_token = await self._s3().list_page(bucket, page_tokens[-1], PAGE_SIZE)
        if not objects and len(page_tokens) > 1:  # the page emptied: step back one
            page_tokens = page_tokens[:-1]
            objects, next_token = await self._s3().list_page(bucket, page_tokens[-1], PAGE_SIZE)
        self.bucket, self.page_tokens = bucket, page_tokens
        self.objects, self.next_token, self.objects_listed = tuple(objects), next_token, True
        self.download_key = self.download_url = self.error = self.notice = ""


def _bucket_in_address(request) -> str:
    return request.GET.get("bucket", "")


def _upload_outcome(signed: str) -> tuple[str, str]:
    """(error, notice) from the address after an upload without a websocket."""
    if not signed:
        return "", ""
    try:
        outcome = signing.loads(signed, salt=UPLOAD_OUTCOME_SALT, max_age=UPLOAD_OUTCOME_MAX_AGE)
    except signing.BadSignature:
        return "", ""
    return str(outcome.get("error", "")), str(outcome.get("notice", ""))


@login_required
@require_POST
def upload_without_websocket(request):
    """The upload form's own POST, for browsers whose websocket never opens (djust's
    client uploads over the websocket only). Back to the bucket, with the outcome."""
    bucket, sent = request.POST.get("bucket", ""), request.FILES.get("file")
    outcome = {}
    if sent is None:
        outcome["error"] = "Choose a file first."
    elif sent.size == 0:
        outcome["error"] = empty_file_message(sent.name)
    elif sent.size > MAX_UPLOAD_BYTES:
        outcome["error"] = too_large_message(sent.name, sent.size)
    else:
        try:
            async_to_sync(_put_within_deadline)(bucket, sent)
        except (ValueError, ServiceError) as error:
            outcome["error"] = str(error)
        else:
            outcome["notice"] = f"Uploaded {sent.name} ({sent.size} bytes)."
    query = {"bucket": bucket, "upload": signing.dumps(outcome, salt=UPLOAD_OUTCOME_SALT)}
    return redirect(f"{reverse('storage:index')}?{urlencode(query)}")


async def _put_within_deadline(bucket: str, sent) -> None:
    async with within_deadline(SERVICE):
        await get_object_storage().put(bucket, sent.name, sent.read(), sent.content_type)
