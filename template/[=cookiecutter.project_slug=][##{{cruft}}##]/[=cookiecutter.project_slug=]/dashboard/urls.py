"""Routes carry the services their views use: the injection point for real and test clients."""

from django.urls import path
from djust.routing import live_session

from [= cookiecutter.project_slug =].services.metrics import get_metrics_client

from .views import DashboardView

app_name = "dashboard"
# live_session() takes the full prefix (it also tells djust's client which view
# serves which URL), so the project's urls.py includes this module at "".
# Each path()'s extra-kwargs dict names the service factories its view may use.
urlpatterns = live_session(
    "/dashboard",
    [path("", DashboardView.as_view(), {"metrics_client": get_metrics_client}, name="index")],
)
