"""The error log keeps Crisp's full answer, cleaned, without the token, once per repeat."""

from __future__ import annotations

import stat

from crisp_tui.crisp import errors
from crisp_tui.inbox.error_log import ErrorLog

KEY = "s3cr3t-token-key"


def test_the_full_detail_is_kept_cleaned_and_masked(tmp_path) -> None:
    path = tmp_path / "log" / "errors.log"
    log = ErrorLog(path, secrets=("tok-id", KEY), clock=lambda: 0)
    detail = (
        f"data.type should be equal to one of the allowed values\x1b]52;c;eA==\x07, {KEY} echoed"
    )
    error = errors.InvalidDataError(
        "Crisp refused it.", status=400, reason="invalid_data", detail=detail
    )
    log.record(error)
    log.record(error)  # a repeat is not written again
    text = path.read_text(encoding="utf-8")
    assert text.startswith("1970-01-01 00:00:00 UTC  400 invalid_data  Crisp refused it.\n")
    assert "allowed values, [token] echoed" in text
    assert "\x1b" not in text and KEY not in text
    assert len(log.recent) == 1
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_log_that_cannot_be_written_does_not_stop_anything(tmp_path) -> None:
    (tmp_path / "file").write_text("")
    log = ErrorLog(tmp_path / "file" / "errors.log")
    log.record(errors.ServerError(status=503, reason="service_unavailable"))
    assert log.write_failed and log.recent[0].reason == "service_unavailable"
