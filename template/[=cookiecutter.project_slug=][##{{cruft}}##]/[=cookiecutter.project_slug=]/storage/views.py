"""An object-storage browser: buckets, paged object lists, upload, delete, download links."""

from djust import LiveView, UploadMixin, state
from djust.decorators import event_handler

from [= cookiecutter.project_slug =].services import s3
from [= cookiecutter.project_slug =].services.errors import ServiceError

PAGE_SIZE = 10


class StorageView(UploadMixin, LiveView):
    template_name = "storage/index.html"
    # Browses a demo store; set True (and sign in) before pointing it at real data.
    login_required = False

    buckets = state(default=())
    bucket = state(default="")
    objects = state(default=())
    page_tokens = state(default=())  # continuation token of each page opened so far
    next_token = state(default="")
    download_key = state(default="")
    download_url = state(default="")
    loading = state(default=True)
    error = state(default="")
    notice = state(default="")

    def mount(self, request, **kwargs):
        self.allow_upload("file", max_entries=1, max_file_size=s3.MAX_UPLOAD_BYTES)
        # No I/O here: mount() runs on djust's one sync thread. Load on the event loop.
        self.start_async(self._load_buckets, name="buckets")

    async def _load_buckets(self):
        try:
            answer = await s3.call("list_buckets")
            self.buckets = tuple(bucket["Name"] for bucket in answer.get("Buckets", []))
        except ServiceError as error:
            self.error = str(error)
        self.loading = False

    @event_handler()
    async def open_bucket(self, bucket: str = "", **kwargs):
        try:
            name = s3.validate_bucket_name(bucket)
            await self._show_page(name, ("",))
        except (ValueError, ServiceError) as error:
            self.error = str(error)

    @event_handler()
    async def next_page(self, **kwargs):
        if self.bucket and self.next_token:
            await self._guarded(self._show_page(self.bucket, (*self.page_tokens, self.next_token)))

    @event_handler()
    async def previous_page(self, **kwargs):
        if self.bucket and len(self.page_tokens) > 1:
            await self._guarded(self._show_page(self.bucket, tuple(self.page_tokens[:-1])))

    @event_handler()
    async def upload(self, **kwargs):
        """Store the file the browser sent over the websocket in the open bucket."""
        if not self.bucket:
            self.error = "Open a bucket before uploading."
            return
        uploaded = []
        for entry in self.consume_uploaded_entries("file"):
            try:
                key = s3.validate_key(entry.safe_client_name)
                await s3.call(
                    "put_object",
                    Bucket=self.bucket,
                    Key=key,
                    Body=entry.data,
                    ContentType=entry.client_type or "application/octet-stream",
                )
            except (ValueError, ServiceError) as error:
                self.error = str(error)
                return
            uploaded.append(f"{key} ({len(entry.data)} bytes)")
        if not uploaded:
            self.error = "Choose a file first; it is sent as soon as you pick it."
            return
        await self._guarded(self._show_page(self.bucket, tuple(self.page_tokens)))
        self.notice = f"Uploaded {', '.join(uploaded)}."

    @event_handler()
    async def delete_object(self, key: str = "", **kwargs):
        try:
            key = s3.validate_key(key)
            await s3.call("delete_object", Bucket=s3.validate_bucket_name(self.bucket), Key=key)
            await self._show_page(self.bucket, tuple(self.page_tokens))
        except (ValueError, ServiceError) as error:
            self.error = str(error)
            return
        self.notice = f"Deleted {key}."

    @event_handler()
    async def presign(self, key: str = "", **kwargs):
        """A link that downloads the object for five minutes, without credentials."""
        try:
            self.download_url = await s3.presigned_download_url(self.bucket, key)
        except (ValueError, ServiceError) as error:
            self.error = str(error)
            return
        self.download_key, self.error = key, ""

    async def _guarded(self, work) -> None:
        try:
            await work
        except ServiceError as error:
            self.error = str(error)

    async def _show_page(self, bucket: str, page_tokens: tuple[str, ...]) -> None:
        params = {"Bucket": bucket, "MaxKeys": PAGE_SIZE}
        if page_tokens[-1]:
            params["ContinuationToken"] = page_tokens[-1]
        answer = await s3.call("list_objects_v2", **params)
        self.bucket, self.page_tokens = bucket, page_tokens
        self.next_token = (
            answer.get("NextContinuationToken", "") if answer.get("IsTruncated") else ""
        )
        self.objects = tuple(
            {
                "key": item["Key"],
                "size": item["Size"],
                "modified": item["LastModified"].strftime("%Y-%m-%d %H:%M"),
            }
            for item in answer.get("Contents", [])
        )
        self.download_key = self.download_url = self.error = self.notice = ""
