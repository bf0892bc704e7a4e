"""The hostile-content corpus (tests/data/hostile_corpus.json), shared by every test that feeds
untrusted text into crisp-tui: safe rendering, the emulator, the TUI and the scripting commands.

    @pytest.mark.parametrize("case", load_hostile_corpus(), ids=lambda case: case.id)
    def test_something(case: HostileCase) -> None: ...
"""

from __future__ import annotations

import json
from copy import deepcopy
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

CORPUS_PATH = Path(__file__).resolve().parent.parent / "data" / "hostile_corpus.json"


@dataclass(frozen=True)
class HostileCase:
    id: str
    kind: str
    value: object  # usually a str, but any JSON value: malformed payloads are part of the corpus

    def __repr__(self) -> str:  # pytest output stays readable for the 1 MB cases
        return f"HostileCase({self.id!r}, {self.kind!r})"


def _expand(spec: dict[str, Any]) -> str:
    body = spec.get("sep", "").join([spec["unit"]] * spec["count"])
    return spec.get("prefix", "") + body + spec.get("suffix", "")


@cache
def _load() -> tuple[HostileCase, ...]:
    data = json.loads(CORPUS_PATH.read_text(encoding="utf-8"))
    return tuple(
        HostileCase(
            id=raw["id"],
            kind=raw["kind"],
            value=_expand(raw["generate"]) if "generate" in raw else raw["value"],
        )
        for raw in data["cases"]
    )


def load_hostile_corpus(*kinds: str) -> list[HostileCase]:
    """Every case, or only those of the given kinds ("markup", "osc", "size", "type", ...).

    Values are fresh copies, so a test may mutate a dict or list case without affecting others.
    """
    return [
        replace(case, value=deepcopy(case.value))
        for case in _load()
        if not kinds or case.kind in kinds
    ]
