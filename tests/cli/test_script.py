"""The real console script in a subprocess, against the loopback emulator: a representative set of
commands, and every error class (exit status, one sentence on stderr, no traceback, no secret)."""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Callable

import pytest

from crisp_tui.emulator import EmulatorServer
from tests.support.cli import Result

Run = Callable[..., Result]
SECRET = "s3cr3t-token-key-that-must-never-show"


def assert_clean(result: Result, server: EmulatorServer | None = None) -> None:
    """Errors are one sentence, never a traceback; no credential is ever printed."""
    assert "Traceback" not in result.err
    secrets = [SECRET] + ([server.settings.token_key] if server else [])
    assert not any(secret in result.out + result.err for secret in secrets)
    if result.code:
        assert result.out == "" and result.err.count("\n") == 1


def some_session(server: EmulatorServer) -> str:
    return sorted(server.emulator.world.conversations)[20]


def test_list_get_resolve_as_a_script(crisp_env: EmulatorServer, run_script: Run) -> None:
    listed = run_script("inbox", "list", "--max", "3", "--json")
    assert listed.code == 0 and len(listed.json()) == 3
    session = some_session(crisp_env)
    shown = run_script("conversation", "get", session)
    resolved = run_script("conversation", "resolve", session, "--json")
    assert shown.code == 0 and shown.out.startswith(f"Session   {session}\n")
    assert resolved.json() == {"session_id": session, "state": "resolved"}
    for result in (listed, shown, resolved):
        assert_clean(result, crisp_env)


def test_send_as_a_script(crisp_env: EmulatorServer, run_script: Run) -> None:
    session = some_session(crisp_env)
    refused = run_script("message", "send", session, "hello", "--json")
    assert refused.code == 2 and "--yes" in refused.err
    sent = run_script("message", "send", session, "hello", "--json", "--yes")
    piped = run_script("message", "send", session, "-", "--yes", stdin="héllo\nfrom a pipe\n")
    assert sent.code == 0 and set(sent.json()) == {"session_id", "type", "fingerprint"}
    assert piped.code == 0 and piped.out.startswith("Sent the reply to ")
    posted = crisp_env.emulator.stats.to_dict()["posted"]
    assert [p["content"] for p in posted] == ["hello", "héllo\nfrom a pipe"]
    assert posted[0]["fingerprint"] == sent.json()["fingerprint"]
    for result in (refused, sent, piped):
        assert_clean(result, crisp_env)


def test_wrong_credentials(crisp_env: EmulatorServer, run_script: Run) -> None:
    result = run_script("inbox", "list", "--json", env={"CRISP_TOKEN_KEY": SECRET})
    assert result.code == 1 and "rejected the credentials" in result.err
    assert_clean(result)


def test_unknown_session(crisp_env: EmulatorServer, run_script: Run) -> None:
    result = run_script("conversation", "get", "session_nope")
    assert result.code == 1 and "no such conversation" in result.err
    assert_clean(result, crisp_env)


@pytest.mark.parametrize(
    ("script", "sentence"),
    # Human `messages get` also reads the conversation (the visitor's name): both retry.
    [(["423"], "daily Crisp API quota is used up"), (["html:429"] * 6, "rate limiting")],
    ids=["quota-423", "rate-limit-429-html"],
)
def test_quota_and_rate_limit(
    crisp_env: EmulatorServer, run_script: Run, script: list[str], sentence: str
) -> None:
    crisp_env.emulator.set_faults(script=script)
    result = run_script("messages", "get", some_session(crisp_env))
    assert result.code == 1 and sentence in result.err
    assert_clean(result, crisp_env)


def test_network_down(crisp_env: EmulatorServer, run_script: Run) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = run_script("inbox", "list", env={"CRISP_API_URL": f"http://127.0.0.1:{port}/v1"})
    assert result.code == 1 and "Could not reach Crisp" in result.err
    assert_clean(result, crisp_env)


@pytest.mark.parametrize("variable", ["CRISP_WEBSITE_ID", "CRISP_TOKEN_ID", "CRISP_TOKEN_KEY"])
def test_missing_credentials_are_named_before_any_request(
    crisp_env: EmulatorServer, run_script: Run, monkeypatch: pytest.MonkeyPatch, variable: str
) -> None:
    monkeypatch.delenv(variable)
    result = run_script("conversation", "resolve", some_session(crisp_env))
    assert result.code == 2 and result.err.startswith(f"{variable} is not set")
    assert crisp_env.emulator.stats.to_dict()["total"] == 0
    assert_clean(result, crisp_env)


def test_scripting_commands_do_not_import_the_ui_or_the_emulator(crisp_env: EmulatorServer) -> None:
    code = (
        "import sys; from crisp_tui.cli import main; "
        "code = main(['inbox', 'list', '--max', '1', '--json']); "
        "heavy = [m for m in ('textual', 'starlette', 'uvicorn') if m in sys.modules]; "
        "print('HEAVY', code, heavy, file=sys.stderr)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert "HEAVY 0 []" in done.stderr


# --- bad input: one sentence, exit status 2, never a traceback (#13) ------------------------

NOT_UTF8 = "\udcff"  # how Python hands over a 0xff byte from argv or the environment


@pytest.mark.parametrize(
    ("variable", "value", "sentence"),
    [
        ("CRISP_API_URL", "{url}\n", "CRISP_API_URL contains a control character"),
        ("CRISP_TOKEN_KEY", f"{SECRET}{NOT_UTF8}", "CRISP_TOKEN_KEY contains a control"),
        ("CRISP_WEBSITE_ID", f"site{NOT_UTF8}", "CRISP_WEBSITE_ID contains a control"),
        ("CRISP_TUI_CACHE_MAX_CONVERSATIONS", "1e400", "must be a whole number from 1"),
        ("CRISP_TUI_MARK_READ_ON_OPEN", "maybe", "must be true or false, not 'maybe'"),
    ],
)
def test_a_bad_environment_value_is_one_sentence(
    crisp_env: EmulatorServer, run_script: Run, variable: str, value: str, sentence: str
) -> None:
    result = run_script("inbox", "list", env={variable: value.format(url=crisp_env.base_url)})
    assert result.code == 2 and sentence in result.err
    assert_clean(result, crisp_env)
    assert crisp_env.emulator.stats.to_dict()["total"] == 0


@pytest.mark.parametrize(
    "argv",
    [
        ["conversation", "get", f"session{NOT_UTF8}"],
        ["conversation", "resolve", "session\n1"],
        ["message", "send", "session_1", f"caf{NOT_UTF8}", "--yes"],
        ["conversation", "assign", "session_1", "op\x07"],
    ],
)
def test_an_argument_that_is_not_text_is_one_sentence(
    crisp_env: EmulatorServer, run_script: Run, argv: list[str]
) -> None:
    result = run_script(*argv)
    assert result.code == 2
    assert "not UTF-8 text" in result.err.splitlines()[-1]
    assert "Traceback" not in result.err
    assert crisp_env.emulator.stats.to_dict()["total"] == 0


@pytest.mark.parametrize("value", ["inf", "1e400", "nan", "-5", '"lots"'])
def test_a_bad_number_in_the_config_file_is_a_warning_naming_it(
    crisp_env: EmulatorServer, run_script: Run, tmp_path, value: str
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f"cache_max_conversations = {value}\n")
    result = run_script(
        "inbox", "list", "--max", "1", "--json", env={"CRISP_TUI_CONFIG": str(config)}
    )
    assert result.code == 0 and len(result.json()) == 1
    [warning] = result.err.splitlines()
    assert warning.startswith("warning: Ignored cache_max_conversations in ")
    assert "Traceback" not in result.err


@pytest.mark.parametrize("fault", ["deep", "badgzip"])
def test_a_garbled_server_body_is_one_sentence(
    crisp_env: EmulatorServer, run_script: Run, fault: str
) -> None:
    crisp_env.emulator.set_faults(script=[fault])
    result = run_script("inbox", "list")
    assert result.code == 1 and "could not be understood" in result.err
    assert_clean(result, crisp_env)


def test_a_search_too_long_for_a_url_is_one_sentence(
    crisp_env: EmulatorServer, run_script: Run
) -> None:
    result = run_script("conversations", "search", "x" * 100_000)
    assert result.code == 2 and "shorten the search" in result.err
    assert_clean(result, crisp_env)


@pytest.mark.parametrize("session_id", [".", ".."])
def test_a_dot_session_id_is_refused_before_any_request(
    crisp_env: EmulatorServer, run_script: Run, session_id: str
) -> None:
    result = run_script("conversation", "resolve", session_id)
    assert result.code == 2 and "not a valid Crisp id" in result.err
    assert crisp_env.emulator.stats.to_dict()["total"] == 0
    assert_clean(result, crisp_env)
