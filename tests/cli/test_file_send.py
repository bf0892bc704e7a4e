"""`crisp-tui file send S PATH`: Crisp's upload flow against the loopback emulator, from the CLI."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx

from crisp_tui.emulator import EmulatorServer
from tests.support.cli import Result

Run = Callable[..., Result]
GENERATE = "POST /bucket/url/generate"
POST_MESSAGE = "POST /website/{website_id}/conversation/{session_id}/message"


def _session(server: EmulatorServer, offset: int) -> str:
    return list(server.emulator.world.conversations)[offset]


def _log(server: EmulatorServer) -> list[str]:
    return [line for line in server.emulator.stats.log if "connect/endpoints" not in line]


def test_file_send_as_a_script(crisp_env: EmulatorServer, run_script: Run, tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.4 a report")
    session = _session(crisp_env, 21)

    sent = run_script("file", "send", session, str(path), "--yes", "--json")

    assert sent.code == 0, sent.err
    result = sent.json()
    content = result["content"]
    assert (content["name"], content["type"]) == ("report.pdf", "application/pdf")
    assert _log(crisp_env) == [
        "GET /website/{website_id}/conversation/{session_id}",
        GENERATE,
        "PUT /storage/signed/…",
        POST_MESSAGE,
    ]
    [generate] = [w["body"] for w in crisp_env.emulator.stats.writes if "bucket" in w["path"]]
    # What the official clients send (BucketURLRequest), nothing Crisp might refuse as unknown.
    assert set(generate) == {"namespace", "id", "file"} and generate["namespace"] == "upload"
    posted = crisp_env.emulator.stats.posted
    assert len(posted) == 1 and posted[0]["type"] == "file"
    assert posted[0]["content"] == content and posted[0]["fingerprint"] == result["fingerprint"]
    assert httpx.get(content["url"]).content == b"%PDF-1.4 a report"


def test_file_send_confirms_like_message_send(
    crisp_env: EmulatorServer, run_cli: Run, tmp_path: Path
) -> None:
    path = tmp_path / "shot.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(2000))
    session = _session(crisp_env, 22)
    name = crisp_env.emulator.world.conversations[session]["meta"].get("nickname", "")

    refused = run_cli("file", "send", session, str(path))
    declined = run_cli("file", "send", session, str(path), tty=True, stdin="n\n")
    assert refused.code == 2 and "--yes" in refused.err
    assert declined.code == 3 and "Not sent." in declined.err
    assert f"File to {name}" in declined.err
    assert "shot.png (2.0 KB, image/png)" in declined.err
    assert GENERATE not in _log(crisp_env) and crisp_env.emulator.stats.posted == []

    accepted = run_cli("file", "send", session, str(path), tty=True, stdin="y\n")
    assert accepted.code == 0 and accepted.out.startswith("Sent shot.png (2.0 KB, image/png)")
    assert [p["type"] for p in crisp_env.emulator.stats.posted] == ["file"]


def test_file_send_says_what_is_wrong_in_one_sentence(
    crisp_env: EmulatorServer, run_cli: Run, tmp_path: Path
) -> None:
    session = _session(crisp_env, 23)
    missing = run_cli("file", "send", session, str(tmp_path / "nope.txt"), "--yes")
    directory = run_cli("file", "send", session, str(tmp_path), "--yes")
    (tmp_path / "empty.txt").write_bytes(b"")
    empty = run_cli("file", "send", session, str(tmp_path / "empty.txt"), "--yes")
    assert missing.code == 2 and "There is no file at" in missing.err
    assert directory.code == 2 and "is a directory" in directory.err
    assert empty.code == 2 and "is empty" in empty.err
    assert all("Traceback" not in r.err for r in (missing, directory, empty))

    (tmp_path / "a.txt").write_text("hello")
    crisp_env.emulator.set_faults(rtm_refuse_auth=True)
    offline = run_cli("file", "send", session, str(tmp_path / "a.txt"), "--yes")
    assert offline.code == 1 and "live connection" in offline.err
    assert GENERATE not in _log(crisp_env) and crisp_env.emulator.stats.posted == []


def test_the_name_sent_is_the_name_shown(
    crisp_env: EmulatorServer, run_script: Run, tmp_path: Path
) -> None:
    path = tmp_path / "report\x1b[31m\nv2.pdf"  # a name the terminal would obey
    path.write_bytes(b"%PDF-1.4 a report")
    sent = run_script("file", "send", _session(crisp_env, 22), str(path), "--yes")
    assert sent.code == 0, sent.err
    assert "report v2.pdf" in sent.out
    assert crisp_env.emulator.stats.posted[0]["content"]["name"] == "report v2.pdf"
