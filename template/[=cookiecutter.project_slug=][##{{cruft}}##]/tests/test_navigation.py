"""The navigation: one link per feature app, right under any URL prefix."""

import pytest
from django.apps import apps
from django.urls import reverse, set_script_prefix

from [= cookiecutter.project_slug =].context_processors import site

FEATURE_APPS = [app for app in apps.get_app_configs() if getattr(app, "nav_label", None)]


@pytest.mark.django_db
def test_every_feature_app_has_its_link_on_the_page(client):
    page = client.get("/").content.decode()
    for app in FEATURE_APPS:
        assert f'href="{reverse(app.nav_url_name)}"' in page, app.label


def test_links_follow_the_script_prefix_of_the_request(rf):
    """The links are computed once per prefix: a site served under /sub/ links there."""
    at_root = site(rf.get("/"))["nav_items"]
    set_script_prefix("/sub/")
    try:
        under_sub = site(rf.get("/"))["nav_items"]
    finally:
        set_script_prefix("/")
    assert [item["label"] for item in at_root] == [app.nav_label for app in FEATURE_APPS]
    assert [item["url"] for item in under_sub] == [f"/sub{item['url']}" for item in at_root]
    assert site(rf.get("/"))["nav_items"] == at_root
