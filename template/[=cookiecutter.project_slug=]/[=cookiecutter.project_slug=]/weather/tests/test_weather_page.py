import pytest


@pytest.mark.django_db
def test_page_renders_in_the_layout(client):
    response = client.get("/weather/")
    assert response.status_code == 200
    assert b"Weather" in response.content
