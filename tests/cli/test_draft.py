"""`draft propose|list|drop`: proposals go to the website's local store; nothing reaches Crisp."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from crisp_tui.config import data_dir
from crisp_tui.emulator import EmulatorServer
from crisp_tui.inbox.store import Store
from crisp_tui.inbox.store_file import file_name
from tests.support.cli import Result

Run = Callable[..., Result]


def test_propose_list_and_drop(crisp_env: EmulatorServer, run_cli: Run) -> None:
    made = run_cli("draft", "propose", "session_a", "Refunded, sorry!", "--json", "--by", "Claude")
    assert made.code == 0, made.err
    assert made.json()["kind"] == "reply" and made.json()["author"] == "Claude"
    note = run_cli("draft", "propose", "session_b", "-", "--note", stdin="Check the invoice\n")
    assert note.code == 0 and "private note" in note.out
    listed = run_cli("draft", "list", "--json").json()
    assert [(p["session_id"], p["kind"], p["text"]) for p in listed] == [
        ("session_a", "reply", "Refunded, sorry!"),
        ("session_b", "note", "Check the invoice"),
    ]
    assert "session_a" in run_cli("draft", "list").out
    dropped = run_cli("draft", "drop", "session_a", "--json")
    assert dropped.json() == {"session_id": "session_a", "dropped": 1}
    assert [p["session_id"] for p in run_cli("draft", "list", "--json").json()] == ["session_b"]
    # The app reads the same file.
    website_id = crisp_env.settings.website_id
    with Store.open(data_dir() / file_name(website_id))[0] as store:
        assert [p.session_id for p in store.proposals()] == ["session_b"]
    assert crisp_env.emulator.stats.to_dict()["total"] == 0


def test_proposing_works_in_read_only_mode_and_offline(
    crisp_env: EmulatorServer, run_cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CRISP_API_URL", "http://127.0.0.1:9/v1")  # nothing listens there
    assert run_cli("--read-only", "draft", "propose", "session_c", "hello").code == 0


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (("draft", "propose", "session_a", "  "), "empty"),
        (("draft", "propose", "a/b", "hi"), "not a valid Crisp id"),
    ],
)
def test_a_bad_proposal_is_a_usage_error(
    crisp_env: EmulatorServer, run_cli: Run, argv: tuple[str, ...], said: str
) -> None:
    result = run_cli(*argv)
    assert result.code == 2 and said in result.err and result.err.count("\n") == 1


def test_the_website_id_is_needed(run_cli: Run) -> None:
    result = run_cli("draft", "list")
    assert result.code == 2 and "CRISP_WEBSITE_ID is not set" in result.err
