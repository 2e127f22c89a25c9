"""One log line per HTTP request and per LiveView mount or event, for operators.

Each line carries its fields as record attributes (method, path, view, status or event,
outcome, duration_ms), so `LOG_FORMAT=json` turns them into JSON keys. Lines never carry
query strings, event parameters, cookies or session ids: those hold secrets and personal data.
"""

from __future__ import annotations

import json
import logging
import time

from asgiref.sync import iscoroutinefunction, markcoroutinefunction

from .consumer import LiveViewConsumer

request_log = logging.getLogger("[= cookiecutter.project_slug =].requests")
liveview_log = logging.getLogger("[= cookiecutter.project_slug =].liveview")

# The frames a person causes; pings, uploads and recovery frames are djust's plumbing.
LOGGED_FRAMES = ("mount", "event")


class RequestLogMiddleware:
    """Logs `GET /path 200 12.3 ms` once the response is ready; outermost, so it times the rest."""

    sync_capable = True
    async_capable = True

    def __init__(self, get_response):
        self.get_response = get_response
        if iscoroutinefunction(get_response):
            markcoroutinefunction(self)

    def __call__(self, request):
        if iscoroutinefunction(self):
            return self._acall(request)
        started = time.perf_counter()
        response = self.get_response(request)
        self._log(request, response, started)
        return response

    async def _acall(self, request):
        started = time.perf_counter()
        response = await self.get_response(request)
        self._log(request, response, started)
        return response

    @staticmethod
    def _log(request, response, started: float) -> None:
        match = getattr(request, "resolver_match", None)
        fields = {
            "method": request.method,
            "path": request.path,  # without the query string, which may carry tokens
            "view": match.view_name if match else "",
            "status": response.status_code,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1),
        }
        request_log.info("%(method)s %(path)s %(status)s %(duration_ms)s ms", fields, extra=fields)


class LoggedLiveViewConsumer(LiveViewConsumer):
    """The site's consumer (consumer.py), logging each mount and event with its view,
    outcome and duration.

    Overrides channels' public `receive()` hook; djust's own dispatch stays untouched.
    The outcome is `ok`, `error` (djust answered with an error frame) or `closed`.
    """

    async def receive(self, text_data=None, bytes_data=None):
        frame = _frame_of(text_data)
        if frame.get("type") not in LOGGED_FRAMES:
            return await super().receive(text_data=text_data, bytes_data=bytes_data)
        self._frame_outcome = "ok"
        started = time.perf_counter()
        try:
            await super().receive(text_data=text_data, bytes_data=bytes_data)
        finally:
            view = getattr(self, "view_instance", None)
            fields = {
                "frame": frame["type"],
                # The class that answered, not the client's string: clients choose what they send.
                "view": f"{type(view).__module__}.{type(view).__qualname__}" if view else "",
                "event": str(frame.get("event", ""))[:100] if frame["type"] == "event" else "",
                "outcome": self._frame_outcome,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            }
            liveview_log.info(
                "%(frame)s %(view)s %(event)r %(outcome)s %(duration_ms)s ms", fields, extra=fields
            )

    async def send_error(self, error, **context):
        self._frame_outcome = "error"
        await super().send_error(error, **context)

    async def close(self, code=None, reason=None):
        self._frame_outcome = "closed"
        await super().close(code=code, reason=reason)


def _frame_of(text_data: str | None) -> dict:
    """The decoded frame, or {} for binary or malformed frames (djust answers those itself)."""
    if not text_data:
        return {}
    try:
        frame = json.loads(text_data)
    except ValueError:
        return {}
    return frame if isinstance(frame, dict) else {}
