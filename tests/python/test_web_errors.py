"""HTTP errors on web paths render the site's own page; API and W3C paths keep JSON errors."""

import pytest
from bs4 import BeautifulSoup


@pytest.mark.parametrize(
    ("method", "path", "status", "heading"),
    [
        ("get", "/no-such-page", 404, "Not Found"),
        ("get", "/signout", 405, "Method Not Allowed"),
    ],
    ids=["unknown page", "wrong method"],
)
def test_web_errors_are_the_sites_own_page(client, method, path, status, heading):
    response = getattr(client, method)(path)
    assert response.status_code == status
    assert response.mimetype == "text/html"
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert soup.h1.get_text(strip=True) == heading
    assert soup.find("a", href="/") is not None  # a way back
    if status == 405:
        assert "POST" in response.headers["Allow"]


@pytest.mark.parametrize("path", ["/api/no-such-route", "/w3c/no-such-route"])
def test_api_errors_stay_json(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"
