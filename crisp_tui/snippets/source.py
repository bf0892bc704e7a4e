"""The snippets file as it is now: read again whenever it changes on disk, so a `git pull` of the
team's snippets applies without a restart. In the demo, with no file, the examples stand in."""

from __future__ import annotations

from pathlib import Path

from .book import SnippetFile, read_snippets
from .examples import example_snippets


class SnippetSource:
    def __init__(self, path: Path, *, examples: bool = False) -> None:
        """`examples`: offer the built-in examples when there is no file (the demo only; a
        real profile never gets snippets it did not write)."""
        self.path = path
        self.examples = examples
        self._signature: tuple[int, int] | None = None
        self._current = SnippetFile(path)
        self._loaded = False

    def load(self) -> tuple[SnippetFile, bool]:
        """The snippets, and whether they were (re)read just now (so their problems are new)."""
        signature = _signature(self.path)
        if self._loaded and signature == self._signature:
            return self._current, False
        self._signature, self._loaded = signature, True
        current = read_snippets(self.path)
        if not current.found and not current.problems and self.examples:
            current = example_snippets()
        self._current = current
        return current, True


def _signature(path: Path) -> tuple[int, int] | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_mtime_ns, status.st_size
