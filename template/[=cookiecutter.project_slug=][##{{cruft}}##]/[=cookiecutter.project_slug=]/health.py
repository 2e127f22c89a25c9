"""Health checks for orchestrators and load balancers, answered before any other middleware.

- `/healthz` (liveness): the process is up and serving. It touches no service, so a
  down database never gets a healthy web process restarted.
- `/readyz` (readiness): one line per service this site uses (`database ok`,
  `redis down: <reason>`); 200 when every one is up, else 503, within
  READINESS_TIMEOUT seconds whatever the services do (services/health.py).

A container probe asks http://127.0.0.1:8000/healthz: plain HTTP, its own address as the
Host. Answered first in MIDDLEWARE, neither path is redirected to HTTPS, checked against
ALLOWED_HOSTS, given a session or a CSRF cookie, or asked to sign in. Their answers hold
no page and nothing that depends on the Host (docs/deployment.md, "Health checks").
"""

from django.http import HttpResponse
from django.utils.decorators import async_only_middleware

from .services.health import readiness

PLAIN_TEXT = "text/plain; charset=utf-8"
NOT_STORED = {"Cache-Control": "no-store"}  # a cached "ok" would hide an outage


async def healthz() -> HttpResponse:
    return HttpResponse("ok\n", content_type=PLAIN_TEXT, headers=NOT_STORED)


async def readyz() -> HttpResponse:
    results = await readiness()
    lines = "".join(
        f"{name} down: {reason}\n" if reason else f"{name} ok\n" for name, reason in results
    )
    status = 503 if any(reason for _, reason in results) else 200
    return HttpResponse(lines, status=status, content_type=PLAIN_TEXT, headers=NOT_STORED)


PROBES = {"/healthz": healthz, "/readyz": readyz}


@async_only_middleware
def answer_probes(get_response):
    """The first middleware: GET or HEAD of a probe path is answered here, the rest passes."""

    async def middleware(request):
        probe = PROBES.get(request.path_info)
        if probe is None or request.method not in ("GET", "HEAD"):
            return await get_response(request)
        return await probe()

    return middleware
