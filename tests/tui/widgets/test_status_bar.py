"""The status bar's live-updates part: live, reconnecting (when, why), polling (why)."""

from __future__ import annotations

from crisp_tui.inbox.sync_health import SyncStatus
from crisp_tui.tui.widgets.status_bar import status_content

NOW = 1_750_000_000.0


def _bar(**live: object) -> str:
    return status_content(SyncStatus(online=True, **live), "", NOW).plain  # type: ignore[arg-type]


def test_live() -> None:
    assert "⚡ live" in _bar(live="live")


def test_reconnecting_says_when_and_why() -> None:
    text = _bar(
        live="reconnecting", live_reason="the live connection dropped", live_retry_at=NOW + 11.5
    )
    assert "polling, live reconnecting in 12s: the live connection dropped" in text
    later = _bar(live="reconnecting", live_reason="x", live_retry_at=NOW + 600)
    assert "reconnecting in 10m: x" in later


def test_unavailable_says_polling_and_why_cleaned() -> None:
    text = _bar(
        live="unavailable", live_reason="Crisp said \x1b]0;evil\x07no", live_retry_at=NOW + 300
    )
    assert "polling, live unavailable: Crisp said no" in text
    assert "\x1b" not in text


def test_live_updates_off_says_nothing_of_them() -> None:
    assert "live" not in _bar() and "polling" not in _bar()


def test_a_long_reason_is_whole_and_said_once() -> None:
    """Wrong credentials stop REST and live alike: one sentence, not cut short, not repeated (the
    bar ends it with an ellipsis at its width)."""
    reason = (
        "Crisp rejected the credentials: check CRISP_TOKEN_ID, CRISP_TOKEN_KEY and CRISP_TIER "
        "(a plugin token needs CRISP_TIER=plugin)."
    )
    text = _bar(live="unavailable", live_reason=reason, error=reason)
    assert text.count("Crisp rejected the credentials") == 1
    assert text.endswith(reason) and "more characters" not in text
    assert "polling, live unavailable" in text
