"""An object-storage browser: buckets, paged object lists, upload, delete, download links."""

from djust import UploadMixin, state
from djust.decorators import event_handler

from [= cookiecutter.project_slug =].liveview import LiveView
from [= cookiecutter.project_slug =].services.errors import ServiceError
from [= cookiecutter.project_slug =].services.s3 import (
    MAX_UPLOAD_BYTES,
    ObjectStorage,
    get_object_storage,
)

PAGE_SIZE = 10


class StorageView(UploadMixin, LiveView):
    template_name = "storage/index.html"
    # It uploads and deletes objects: visitors sign in first, on the page and on the websocket.
    login_required = True
    # Any signed-in user may call every handler, hence `noqa: S009` on each (djust asks
    # for a per-handler gate); give one @permission_required when it needs more.

    buckets = state(default=())
    bucket = state(default="")
    objects = state(default=())
    page_tokens = state(default=())  # continuation token of each page opened so far
    next_token = state(default="")
    download_key = state(default="")
    download_url = state(default="")
    error = state(default="")
    notice = state(default="")

    def _s3(self) -> ObjectStorage:
        """The shared object-storage client: reached per call, never stored on the view."""
        return get_object_storage()

    def mount(self, request, **kwargs):
        super().mount(request, **kwargs)  # schedules load()
        self.allow_upload("file", max_entries=1, max_file_size=MAX_UPLOAD_BYTES)

    async def load(self):
        """The bucket list, loaded on the event loop after mount (on every transport)."""
        try:
            self.buckets = tuple(await self._s3().bucket_names())
        except ServiceError as error:
            self.error = str(error)

    @event_handler()  # noqa: S009
    async def open_bucket(self, bucket: object = "", **kwargs):
        await self._attempt(self._show_page(bucket, ("",)))

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
            if not await self._attempt(self._s3().put(self.bucket, name, data, entry.client_type)):
                return
            uploaded.append(f"{name} ({len(data)} bytes)")
        if not uploaded:
            self.error = "Choose a file first; it is sent as soon as you pick it."
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
        try:
            self.download_url = await self._s3().presigned_download_url(self.bucket, key)
        except (ValueError, ServiceError) as error:
            self.error = str(error)
            return
        self.download_key, self.error = key, ""

    async def _attempt(self, work) -> bool:
        """Await `work`; a bad value or a failing service becomes the page's error message."""
        try:
            await work
        except (ValueError, ServiceError) as error:
            self.error, self.notice = str(error), ""
            return False
        return True

    def _open_pages(self) -> tuple[str, ...]:
        """The continuation tokens of the pages opened so far (the first page's is "")."""
        return tuple(self.page_tokens) or ("",)

    async def _show_page(self, bucket: str, page_tokens: tuple[str, ...]) -> None:
        objects, next_token = await self._s3().list_page(bucket, page_tokens[-1], PAGE_SIZE)
        if not objects and len(page_tokens) > 1:  # the page emptied: step back one
            page_tokens = page_tokens[:-1]
            objects, next_token = await self._s3().list_page(bucket, page_tokens[-1], PAGE_SIZE)
        self.bucket, self.page_tokens = bucket, page_tokens
        self.objects, self.next_token = tuple(objects), next_token
        self.download_key = self.download_url = self.error = self.notice = ""
