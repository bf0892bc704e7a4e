"""The agent's snippets file, written where crisp-tui looks for it by default (the test's own
config directory: tests/support/environment.py points XDG_CONFIG_HOME at tmp_path)."""

from __future__ import annotations

from pathlib import Path

from crisp_tui.config import config_dir


def write_snippets(text: str) -> Path:
    path = config_dir() / "snippets.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
