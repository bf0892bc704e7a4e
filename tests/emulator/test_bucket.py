"""The emulator's upload bucket over real HTTP and a real Socket.IO client (python-socketio):
generate → `bucket:url:upload:generated` → PUT to the signed URL → a `file` message → GET."""

from __future__ import annotations

import httpx

from crisp_tui.emulator import EmulatorServer
from tests.support.rtm import OfficialListener, rest

EVENT = "bucket:url:upload:generated"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


async def _generated(server: EmulatorServer, request_id: str, name: str, mime: str) -> dict:
    listener = OfficialListener(server)
    await listener.connect([EVENT])
    assert await listener.next() == ("authenticated", True)
    async with rest(server) as http:
        body = {
            "namespace": "upload",
            "from": "operator",
            "identifier": server.settings.website_id,
            "id": request_id,
            "file": {"name": name, "type": mime},
        }
        answer = await http.post("/bucket/url/generate", json=body)
    assert answer.status_code == 202 and answer.json()["error"] is False
    _, event = await listener.next(EVENT)
    await listener.close()
    return event


async def test_upload_flow_generate_put_then_file_message(rtm_server: EmulatorServer) -> None:
    server, emulator = rtm_server, rtm_server.emulator
    emulator.stats.reset()
    event = await _generated(server, "req-1", "error shot.png", "image/png")
    assert event["id"] == "req-1" and event["type"] == "upload"
    assert event["from"] == "operator" and event["identifier"] == server.settings.website_id
    assert event["policy"]["size_limit"] > len(PNG)
    signed, resource = event["url"]["signed"], event["url"]["resource"]
    assert signed.startswith(server.origin) and resource.startswith(server.origin)

    async with httpx.AsyncClient() as plain:  # a signed URL needs no Crisp credentials
        assert (await plain.get(resource)).status_code == 404  # nothing PUT yet
        put = await plain.put(signed, content=PNG, headers={"Content-Type": "image/png"})
        assert put.status_code == 200
        fetched = await plain.get(resource)
    assert fetched.content == PNG and fetched.headers["content-type"] == "image/png"

    session = next(iter(emulator.world.conversations))
    content = {"name": "error shot.png", "url": resource, "type": "image/png"}
    async with rest(server) as http:
        posted = await http.post(
            f"/website/{server.settings.website_id}/conversation/{session}/message",
            json={"type": "file", "from": "operator", "origin": "chat", "content": content},
        )
    assert posted.status_code == 202
    assert emulator.stats.posted[-1]["content"] == content
    log = [line for line in emulator.stats.log if "connect/endpoints" not in line]
    assert log == [
        "POST /bucket/url/generate",
        "GET /storage/files/…",
        "PUT /storage/signed/…",
        "GET /storage/files/…",
        "POST /website/{website_id}/conversation/{session_id}/message",
    ]


async def test_signed_url_checks_type_and_expiry(rtm_server: EmulatorServer) -> None:
    event = await _generated(rtm_server, "req-2", "notes.txt", "text/plain")
    signed = event["url"]["signed"]
    async with httpx.AsyncClient() as plain:
        wrong = await plain.put(signed, content=b"x", headers={"Content-Type": "image/png"})
        assert wrong.status_code == 400
        forged = await plain.put(signed + "x", content=b"x", headers={"Content-Type": "text/plain"})
        assert forged.status_code == 403
        rtm_server.emulator.advance(seconds=11 * 60)
        late = await plain.put(signed, content=b"x", headers={"Content-Type": "text/plain"})
    assert late.status_code == 403 and "expired" in late.text


async def test_generate_is_validated_and_needs_the_token(rtm_server: EmulatorServer) -> None:
    async with rest(rtm_server) as http:
        missing = await http.post("/bucket/url/generate", json={"namespace": "upload", "id": "x"})
    async with rest(rtm_server, key="wrong") as http:
        refused = await http.post(
            "/bucket/url/generate",
            json={"namespace": "upload", "id": "x", "file": {"name": "a", "type": "text/plain"}},
        )
    assert (missing.status_code, missing.json()["reason"]) == (400, "invalid_data")
    assert refused.status_code == 401


def test_seeded_attachments_are_served_by_the_emulator(emulator_server: EmulatorServer) -> None:
    messages = [m for ms in emulator_server.emulator.world.messages.values() for m in ms]
    urls = {m["content"]["url"] for m in messages if m["type"] in ("file", "animation", "audio")}
    assert urls and all(url.startswith(emulator_server.origin + "/storage/") for url in urls)
    image = next(url for url in urls if url.endswith(".png"))
    answer = httpx.get(image)
    assert answer.headers["content-type"] == "image/png"
    assert answer.content.startswith(b"\x89PNG")
