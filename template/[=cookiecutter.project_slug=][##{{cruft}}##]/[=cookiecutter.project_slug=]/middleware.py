"""What djust 1.2.6 gets wrong about plain HTTP requests to LiveView pages.

A middleware rather than get()/post() overrides on the LiveView base: those do not run
on the websocket, and djust.V013 rightly warns about every view that inherits them.
"""

import json

from django.http import JsonResponse
from django.utils.deprecation import MiddlewareMixin
from djust import LiveView
from djust.state_backend import get_backend

# The session keys djust saves a page's state under ("liveview_<path>" and more).
SAVED_STATE_PREFIX = "liveview_"


class LiveViewRequests(MiddlewareMixin):
    def process_view(self, request, view_func, view_args, view_kwargs):
        if not issubclass(getattr(view_func, "view_class", object), LiveView):
            return None
        request.arrived_without_session = request.session.is_empty()
        request.live_view = None  # the view instance, once mounted (liveview.py)
        if request.method == "POST" and not is_json_object(request.body):
            # djust parses an event POST inside its catch-all: a 500 and a traceback.
            return JsonResponse({"error": "The event must be a JSON object."}, status=400)
        return None

    def process_response(self, request, response):
        """No session for a visitor who had none and has nothing to keep but a page's state.

        djust creates a session on every GET (a database row), saves the page's state in
        it and caches the rendered view under its key in the state backend (memory or
        Redis, kept an hour), for the websocket mount and the HTTP fallback to restore.
        For a visitor without a session those run mount() again instead (the state is
        the same); a fallback POST saves the state, which is when a session is worth it.
        """
        if request.method == "GET" and getattr(request, "arrived_without_session", False):
            keys = request.session.keys()  # a session is not iterable itself
            if all(key.startswith(SAVED_STATE_PREFIX) for key in keys):
                # djust 1.2.6 keeps the cache key on the view (mixins/rust_bridge.py).
                if cache_key := getattr(request.live_view, "_cache_key", None):
                    get_backend().delete(cache_key)
                request.session.flush()  # the row deleted, nothing left to save
        return response


def is_json_object(body: bytes) -> bool:
    try:
        return isinstance(json.loads(body), dict)
    except ValueError:  # malformed JSON, or bytes that are not UTF-8
        return False
