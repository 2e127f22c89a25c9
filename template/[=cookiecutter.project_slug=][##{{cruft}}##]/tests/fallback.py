"""A page driven the way djust's client drives it without a websocket, for tests.

The client GETs the page, then POSTs each event to the page's own URL as JSON
(`{"event": ..., "params": ...}`) with the session cookie and the CSRF token, and
patches the page from the JSON answer. This does the same through Django's ASGI
test client, so the handlers run in the server's event loop as they do for real.
"""

from __future__ import annotations

import json

from django.test import AsyncClient


class FallbackPage:
    """One browser tab on `url` whose websocket never connects."""

    def __init__(self, client: AsyncClient, url: str) -> None:
        self.client, self.url = client, url

    async def open(self) -> str:
        """GET the page, as the browser first does; its HTML."""
        response = await self.client.get(self.url)
        assert response.status_code == 200, response.status_code
        return response.content.decode()

    async def event(self, handler: str, /, **params) -> str:
        """POST one event as djust's client does; the answer as text, for `in` assertions."""
        response = await self.client.post(
            self.url,
            data=json.dumps({"event": handler, "params": params}),
            content_type="application/json",
            headers={"X-CSRFToken": self.client.cookies["csrftoken"].value},
        )
        assert response.status_code == 200, response.content
        return json.dumps(response.json(), ensure_ascii=False)
