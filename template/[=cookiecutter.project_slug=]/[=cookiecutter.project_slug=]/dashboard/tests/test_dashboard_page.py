import pytest


@pytest.mark.django_db
def test_page_renders_in_the_layout(client):
    response = client.get("/dashboard/")
    assert response.status_code == 200
    assert b"Metrics dashboard" in response.content
