"""Clients for outside services, owned here and nowhere else.

Every client is built once (per process, or per event loop for asyncio clients),
shared by every view, reached through a `get_*()` function, and closed by
`aclose_all()` when the ASGI server shuts down (see `lifespan.py`). Views never
store a client on `self`: they call a small helper such as `self._s3()`.

This package reads `django.conf.settings` and imports no app of the project.
"""
