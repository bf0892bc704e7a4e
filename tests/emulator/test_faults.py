"""Faults on demand, over real HTTP: latency, 5xx, edge pages, 429/420, 423, drops, slowness,
commit-then-fail (the message is stored, the answer is lost), scripts, match, the control path."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest

from crisp_tui.emulator import Emulator, Faults
from crisp_tui.emulator.world import World

from .conftest import data, reason

REPLY = {"type": "text", "from": "operator", "origin": "chat", "content": "Exactly once"}


def _session(world: World) -> str:
    return next(sid for sid, history in world.messages.items() if 2 <= len(history) <= 10)


def test_latency(emulator_http: httpx.Client, site: str, emulator: Emulator) -> None:
    emulator.set_faults(latency_ms=150, jitter_ms=20)
    started = time.perf_counter()
    assert emulator_http.get(site).status_code == 200
    assert time.perf_counter() - started >= 0.15


def test_error_rate_gives_json_5xx(
    emulator_http: httpx.Client, site: str, emulator: Emulator
) -> None:
    emulator.set_faults(error_rate=1.0, error_status=503)
    response = emulator_http.get(site)
    assert response.status_code == 503 and reason(response) == "service_unavailable"
    emulator.set_faults(error_rate=0.5)
    statuses = {emulator_http.get(site).status_code for _ in range(30)}
    assert statuses == {200, 503}


def test_edge_html_pages(emulator_http: httpx.Client, site: str, emulator: Emulator) -> None:
    emulator.set_faults(error_rate=1.0, error_status=502, html_errors=True)
    response = emulator_http.get(site)
    assert response.status_code == 502
    assert response.headers["content-type"].startswith("text/html")
    with pytest.raises(ValueError):
        response.json()


@pytest.mark.parametrize("status", [429, 420])
def test_burst_limit(
    emulator_http: httpx.Client, site: str, emulator: Emulator, status: int
) -> None:
    emulator.set_faults(burst_limit=3, burst_window_ms=1000, rate_limit_status=status)
    statuses = [emulator_http.get(site).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, status, status]
    emulator.advance(seconds=1)  # a new window of the emulator clock
    assert emulator_http.get(site).status_code == 200


def test_daily_quota(emulator_http: httpx.Client, site: str, emulator: Emulator) -> None:
    emulator.set_faults(daily_quota=2)
    assert [emulator_http.get(site).status_code for _ in range(2)] == [200, 200]
    refused = emulator_http.get(site)
    assert refused.status_code == 423 and reason(refused) == "quota_limit_exceeded"
    emulator.advance(seconds=24 * 3600)
    assert emulator_http.get(site).status_code == 200


def test_drop_closes_without_an_answer(
    emulator_http: httpx.Client, site: str, emulator: Emulator
) -> None:
    emulator.set_faults(script=["drop"])
    with pytest.raises(httpx.RemoteProtocolError):
        emulator_http.get(site)
    assert emulator_http.get(site).status_code == 200  # the server lives on
    emulator.set_faults(drop_rate=1.0)
    with pytest.raises(httpx.RemoteProtocolError):
        emulator_http.get(site)


def test_slow_answers_trip_client_timeouts(
    emulator_http: httpx.Client, site: str, emulator: Emulator
) -> None:
    emulator.set_faults(slow_rate=1.0, slow_ms=1000)
    with pytest.raises(httpx.ReadTimeout):
        emulator_http.get(site, timeout=0.2)


def test_script_runs_in_order_then_stops(
    emulator_http: httpx.Client, site: str, emulator: Emulator
) -> None:
    emulator.set_faults(script=["503", "ok", "html:429", "500"])
    statuses = [emulator_http.get(site).status_code for _ in range(5)]
    assert statuses == [503, 200, 429, 500, 200]
    assert emulator.gate.applied == {"error:503": 1, "error:429": 1, "error:500": 1}


def test_match_limits_faults_to_some_routes(
    emulator_http: httpx.Client, site: str, emulator: Emulator
) -> None:
    emulator.set_faults(error_rate=1.0, match=r"^GET .*/operators/list$")
    assert emulator_http.get(site).status_code == 200
    assert emulator_http.get(site + "/operators/list").status_code == 503


@pytest.mark.parametrize("token", ["drop", "502", "slow"])
def test_commit_then_fail_stores_the_message(
    emulator_http: httpx.Client, site: str, emulator: Emulator, world: World, token: str
) -> None:
    sid = _session(world)
    emulator.set_faults(commit_then_fail=[token], slow_ms=1000)
    body = {**REPLY, "fingerprint": 777_000_000_001}
    url = f"{site}/conversation/{sid}/message"
    if token == "502":
        assert emulator_http.post(url, json=body).status_code == 502
    else:
        with pytest.raises(httpx.TransportError):
            emulator_http.post(url, json=body, timeout=0.3)
    # The client looks before resending: the message is there, exactly once.
    found = emulator_http.get(f"{site}/conversation/{sid}/message/777000000001")
    assert data(found)["content"] == "Exactly once"
    assert emulator.stats.posted_fingerprints() == [777_000_000_001]
    assert emulator.faults.commit_then_fail == []


def test_faults_over_http(emulator_server, emulator_http: httpx.Client, site: str) -> None:
    control = emulator_server.origin + "/_emulator/faults"
    answer = httpx.post(control, json={"script": ["503"], "latency_ms": 0})
    assert answer.status_code == 200 and answer.json()["faults"]["script"] == ["503"]
    assert emulator_http.get(site).status_code == 503
    assert httpx.get(control).json()["applied"] == {"error:503": 1}
    assert httpx.post(control, json={"nonsense": 1}).status_code == 400
    assert httpx.post(control, json={"script": ["explode"]}).status_code == 400
    assert httpx.post(control, json={"error_rate": "high"}).status_code == 400
    httpx.post(control, json={"error_rate": 1.0})
    assert httpx.delete(control).json()["faults"] == Faults().to_dict()
    assert emulator_http.get(site).status_code == 200


def test_stats_count_requests_and_posts(
    emulator_server, emulator_http: httpx.Client, site: str, world: World
) -> None:
    sid = _session(world)
    emulator_http.get(site)
    emulator_http.get(site + "/")
    emulator_http.post(f"{site}/conversation/{sid}/message", json=REPLY)
    stats = httpx.get(emulator_server.origin + "/_emulator/stats").json()
    assert stats["requests"]["GET /website/{website_id}"] == 2
    assert stats["requests"]["POST /website/{website_id}/conversation/{session_id}/message"] == 1
    assert stats["total"] == 3 and stats["statuses"] == {"200": 2, "202": 1}
    assert [p["content"] for p in stats["posted"]] == ["Exactly once"]
    httpx.post(emulator_server.origin + "/_emulator/stats/reset")
    assert httpx.get(emulator_server.origin + "/_emulator/stats").json()["total"] == 0


def test_in_process_drop_raises_what_httpx_raises(emulator_app) -> None:
    emulator_app.state.emulator.set_faults(script=["drop"])

    async def call() -> None:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=emulator_app), base_url="http://emulator/v1"
        ) as http:
            await http.get("/website/x")

    with pytest.raises(httpx.RemoteProtocolError):
        asyncio.run(call())


def test_bad_control_input_is_refused_and_breaks_nothing(
    emulator_server, emulator_http: httpx.Client, site: str, world: World
) -> None:
    origin = emulator_server.origin
    assert httpx.post(origin + "/_emulator/faults", json={"match": "("}).status_code == 400
    assert emulator_http.get(site).status_code == 200  # a bad pattern was not kept
    clock = origin + "/_emulator/clock/advance"
    assert httpx.post(clock, json={"seconds": None}).status_code == 400
    assert httpx.post(clock, json={"seconds": "soon"}).status_code == 400
    sid = _session(world)
    for query in ("timestamp_before=²", "per_page=²"):
        path = (
            f"{site}/conversation/{sid}/messages"
            if "timestamp" in query
            else f"{site}/conversations/1"
        )
        assert emulator_http.get(f"{path}?{query}").status_code in (200, 206, 400)


def test_a_deeply_nested_body(emulator_http: httpx.Client, site: str, emulator: Emulator) -> None:
    emulator.set_faults(script=["deep"])
    response = emulator_http.get(site)
    assert response.status_code == 200
    assert response.content.count(b"[") == 100_000
    with pytest.raises(RecursionError):
        response.json()


def test_a_body_that_claims_gzip_but_is_not(
    emulator_http: httpx.Client, site: str, emulator: Emulator
) -> None:
    emulator.set_faults(script=["badgzip"])
    with pytest.raises(httpx.DecodingError):
        emulator_http.get(site)
