"""Health checks for orchestrators and load balancers: no sign-in, no session, no I/O in liveness.

- `/healthz` (liveness): the process is up and serving; it touches no service, so a
  down database never gets a healthy web process restarted.
- `/readyz` (readiness): one line per configured service (`database ok`,
  `redis down: <reason>`); 200 when every one is up, else 503, within
  READINESS_TIMEOUT seconds whatever the services do (services/health.py).
Both are exempt from SECURE_SSL_REDIRECT (settings.py): probes ask over plain HTTP.
The Host header must still be one of ALLOWED_HOSTS (docs/deployment.md, "Health checks").
"""

from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .services.health import readiness


@never_cache
@require_safe
async def healthz(request):
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


@never_cache
@require_safe
async def readyz(request):
    results = await readiness()
    lines = [f"{name} down: {reason}" if reason else f"{name} ok" for name, reason in results]
    status = 503 if any(reason for _, reason in results) else 200
    return HttpResponse(
        "".join(f"{line}\n" for line in lines),
        status=status,
        content_type="text/plain; charset=utf-8",
    )
