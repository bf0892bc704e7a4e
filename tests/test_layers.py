"""Data flows one way (docs/ARCHITECTURE.md): a lower layer never imports a higher one.

Every import counts, including those inside functions and under TYPE_CHECKING."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "crisp_tui"

# What the client and the snippets (both below the working state) must not import.
_BELOW_INBOX = (
    "textual",
    "crisp_tui.inbox",
    "crisp_tui.tui",
    "crisp_tui.commands",
    "crisp_tui.emulator",
    "crisp_tui.assistant",
)

FORBIDDEN: dict[str, tuple[str, ...]] = {
    "crisp": _BELOW_INBOX,
    "inbox": (
        "textual",
        "crisp_tui.tui",
        "crisp_tui.commands",
        "crisp_tui.emulator",
        "crisp_tui.assistant",
    ),
    "assistant": ("textual", "crisp_tui.tui", "crisp_tui.commands", "crisp_tui.emulator"),
    "emulator": ("textual", "crisp_tui.crisp", "crisp_tui.inbox", "crisp_tui.tui"),
    "snippets": _BELOW_INBOX,
}


def imported_modules(path: Path) -> set[str]:
    """Absolute names of every module `path` imports (relative imports resolved)."""
    package = path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = list(package[: len(package) - node.level + 1]) if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def violations(layer: str) -> list[str]:
    banned = FORBIDDEN[layer]
    return [
        f"{path.relative_to(PACKAGE.parent)} imports {name}"
        for path in sorted((PACKAGE / layer).rglob("*.py"))
        for name in sorted(imported_modules(path))
        if any(name == ban or name.startswith(f"{ban}.") for ban in banned)
    ]


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_a_layer_never_imports_a_higher_one(layer: str) -> None:
    assert violations(layer) == []


def test_the_check_sees_relative_and_lazy_imports() -> None:
    assert "crisp_tui.crisp.client" in imported_modules(PACKAGE / "inbox" / "inbox.py")
    assert "crisp_tui.emulator" in imported_modules(PACKAGE / "tui" / "app.py")  # in a function
