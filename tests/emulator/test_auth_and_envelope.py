"""Auth, envelopes, reasons, unknown routes, the website check and trailing slashes."""

from __future__ import annotations

import httpx
import pytest

from crisp_tui.emulator import EmulatorServer, EmulatorSettings

from .conftest import data, reason


def test_website_and_operators(emulator_http: httpx.Client, site: str) -> None:
    response = emulator_http.get(site)
    assert response.status_code == 200 and response.json()["reason"] == "resolved"
    website = data(response)
    assert {"website_id", "name", "domain"} <= set(website)

    operators = data(emulator_http.get(site + "/operators/list"))
    assert 4 <= len(operators) <= 6
    roles = set()
    for operator in operators:
        assert operator["type"] == "operator"
        details = operator["details"]
        assert {"user_id", "email", "first_name", "last_name", "role", "availability"} <= set(
            details
        )
        roles.add(details["role"])
    assert roles == {"owner", "member"}


@pytest.mark.parametrize(
    ("auth", "headers"),
    [
        (None, {"X-Crisp-Tier": "plugin"}),
        (("wrong", "pair"), {"X-Crisp-Tier": "plugin"}),
        ("good", {}),
        ("good", {"X-Crisp-Tier": "website"}),
        ("good", {"X-Crisp-Tier": "plugin", "Authorization": "Basic !!not-base64!!"}),
        ("good", {"X-Crisp-Tier": "plugin", "Authorization": "Bearer abc"}),
    ],
    ids=["no-auth", "wrong-pair", "no-tier", "wrong-tier", "bad-base64", "not-basic"],
)
def test_auth_failures_are_401_invalid_session(
    emulator_server: EmulatorServer, site: str, auth: object, headers: dict[str, str]
) -> None:
    settings = emulator_server.settings
    credentials = (settings.token_id, settings.token_key) if auth == "good" else auth
    if "Authorization" in headers:
        credentials = None
    response = httpx.get(
        emulator_server.base_url + site + "/conversations/1", auth=credentials, headers=headers
    )  # type: ignore[arg-type]
    assert response.status_code == 401
    assert reason(response) == "invalid_session"


def test_unknown_route_and_method_are_404_not_found(emulator_http: httpx.Client, site: str) -> None:
    for method, path in (
        ("GET", site + "/nothing/here"),
        ("PUT", site + "/operators/list"),
        ("GET", site + "/conversations/first"),
        ("GET", "/"),
    ):
        response = emulator_http.request(method, path)
        assert response.status_code == 404, path
        assert reason(response) == "not_found"
    outside = emulator_http.get(emulator_http.base_url.copy_with(path="/v2/anything"))
    assert outside.status_code == 404 and reason(outside) == "not_found"


def test_other_website_is_404_not_subscribed_for_a_plugin(emulator_http: httpx.Client) -> None:
    response = emulator_http.get("/website/00000000-0000-4000-8000-000000000000/conversations/1")
    assert response.status_code == 404
    assert reason(response) == "not_subscribed"


def test_website_token_on_other_website_is_403() -> None:
    settings = EmulatorSettings(tier="website", conversations=20)
    with EmulatorServer(settings) as server:
        response = httpx.get(
            server.base_url + "/website/other",
            headers={"X-Crisp-Tier": "website"},
            auth=(settings.token_id, settings.token_key),
        )
    assert response.status_code == 403 and reason(response) == "not_allowed"


def test_trailing_slash_is_accepted_everywhere(emulator_http: httpx.Client, site: str) -> None:
    first = data(emulator_http.get(site + "/conversations/1/"))[0]["session_id"]
    for path in (
        site + "/",
        site + "/operators/list/",
        f"{site}/conversation/{first}/",
        f"{site}/conversation/{first}/messages/",
        f"{site}/conversation/{first}/state/",
    ):
        assert emulator_http.get(path).status_code in (200, 206), path
    patched = emulator_http.patch(f"{site}/conversation/{first}/state/", json={"state": "pending"})
    assert patched.status_code == 200


def test_invalid_json_body_is_400(emulator_http: httpx.Client, site: str) -> None:
    first = data(emulator_http.get(site + "/conversations/1"))[0]["session_id"]
    response = emulator_http.patch(f"{site}/conversation/{first}/state", content=b"{nope")
    assert response.status_code == 400 and reason(response) == "invalid_data"
