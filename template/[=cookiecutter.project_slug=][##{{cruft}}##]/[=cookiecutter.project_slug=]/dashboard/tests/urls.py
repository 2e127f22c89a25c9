"""The project's routes, with the dashboard's metrics client replaced by a fake."""

from django.urls import include, path
from djust.routing import live_session

from [= cookiecutter.project_slug =].dashboard.views import DashboardView
from [= cookiecutter.project_slug =].urls import urlpatterns as project_urlpatterns


class FakeMetricsClient:
    def __init__(self):
        self.calls = 0

    async def get_metrics(self):
        self.calls += 1
        return [{"name": "Fake requests", "value": self.calls * 100, "unit": "req"}]


fake_client = FakeMetricsClient()
dashboard_routes = live_session(
    "/dashboard",
    [path("", DashboardView.as_view(), {"metrics_client": lambda: fake_client}, name="index")],
)
# First match wins: the fake-injecting route shadows the real one.
urlpatterns = [path("", include((dashboard_routes, "dashboard"))), *project_urlpatterns]
