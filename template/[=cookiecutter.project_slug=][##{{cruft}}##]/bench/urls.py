"""The project's routes, plus the baseline views of its examples at /bench/baseline/<app>/."""

from django.conf import settings
from django.urls import include, path

from . import example_apps
from .baseline import baseline_examples

urlpatterns = [
    *(
        path(f"bench/baseline/{name}/", include(f"bench.baseline.{name}"))
        for name in baseline_examples(example_apps())
    ),
    path("", include(settings.PROJECT_URLCONF)),
]
