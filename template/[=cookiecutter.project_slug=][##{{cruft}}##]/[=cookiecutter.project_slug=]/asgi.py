"""ASGI entry point: HTTP through Django, websockets through the LiveView consumer (consumer.py)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "[= cookiecutter.project_slug =].settings")

# Set up Django (apps, settings) before importing anything that touches models.
django_http_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.urls import path  # noqa: E402

from [= cookiecutter.project_slug =].logs import LoggedLiveViewConsumer  # noqa: E402
from [= cookiecutter.project_slug =].services.lifespan import lifespan_app  # noqa: E402

websocket_routes = URLRouter([path("ws/live/", LoggedLiveViewConsumer.as_asgi())])

application = ProtocolTypeRouter(
    {
        "http": django_http_app,
        # Shared service clients are closed when the server stops.
        "lifespan": lifespan_app,
        "websocket": (
            # Refuse handshakes whose Origin is not in ALLOWED_HOSTS: another site's
            # page cannot open a socket that rides on this site's cookies (CSWSH).
            AllowedHostsOriginValidator(
                # The session and user reach every LiveView, as on HTTP, so views
                # enforce the same login rules on both transports.
                AuthMiddlewareStack(websocket_routes)
            )
        ),
    }
)
