"""Metrics from a client the route injects: works over HTTP GET, websocket and HTTP POST."""

from django.conf import settings
from djust import state
from djust.decorators import event_handler

from [= cookiecutter.project_slug =].liveview import LiveView
from [= cookiecutter.project_slug =].services.errors import ServiceError
from [= cookiecutter.project_slug =].services.metrics import fetch_metrics

from .injection import route_service


class DashboardView(LiveView):
    template_name = "dashboard/index.html"
    # Shows only process statistics; a dashboard of real data should require sign-in.
    login_required = False

    metrics = state(default=())
    refreshed = state(default=0)
    error = state(default="")

    def _metrics(self):
        """The injected metrics client: resolved per call, never kept on the view.

        mount()'s `kwargs` may hold a "metrics_client" from the URL or from the client's
        params; neither is used (see route_service).
        """
        return route_service(self, "metrics_client")()

    def mount(self, request, **kwargs):
        route_service(self, "metrics_client")  # refuses a URL whose route injects no client
        super().mount(request, **kwargs)

    async def load(self):
        try:
            self.metrics = await fetch_metrics(self._metrics(), settings.SERVICE_READ_TIMEOUT)
        except ServiceError as error:
            self.error = str(error)
            return
        self.refreshed += 1
        self.error = ""

    @event_handler()
    async def refresh(self, **kwargs):
        await self.load()
