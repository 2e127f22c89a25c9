"""Benchmarks and a load test of the example views, over real websockets (see README.md)."""


def example_apps() -> dict[str, str]:
    """The project's installed feature apps by name: {"home": "<package>.home", ...}."""
    from django.apps import apps
    from django.conf import settings

    return {
        name.rpartition(".")[2]: name for name in settings.PROJECT_APPS if apps.is_installed(name)
    }
