"""The snippets file: TOML, one `[[snippet]]` table per canned reply, checked entry by entry.

    [[snippet]]
    name = "refund"                      # typed as !refund
    tags = ["billing"]
    text = "Hi {visitor.first_name}, …"

A snippet that cannot be used is left out with one sentence saying which file, which line and
snippet, and what to fix; the others are kept. The file is the team's, but what it says is shown
back cleaned, like any config value.
"""

from __future__ import annotations

import difflib
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..config import config_dir
from ..config_values import shown
from ..untrusted import clean
from .placeholders import CURSOR, PLACEHOLDER, placeholder_problem

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

FILE_NAME = "snippets.toml"
KEYS = ("name", "tags", "text")
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,39}")
MAX_TEXT_CHARS = 20_000
MAX_TEXT_LINES = 500
_TABLE_HEADER = re.compile(r"\s*\[\[\s*(?:snippet|\"snippet\"|'snippet')\s*\]\]")


@dataclass(frozen=True)
class Snippet:
    name: str  # typed after `!`; matched without regard to case
    tags: tuple[str, ...]
    text: str  # with its placeholders, as written (cleaned of control characters)

    @property
    def first_line(self) -> str:
        return next((line.strip() for line in self.text.splitlines() if line.strip()), "")


@dataclass(frozen=True)
class SnippetFile:
    """What a snippets file holds: the usable snippets, and a sentence per problem."""

    path: Path | None  # None for the demo's examples
    snippets: tuple[Snippet, ...] = ()
    problems: tuple[str, ...] = ()
    found: bool = False  # the file exists

    def named(self, name: str) -> Snippet | None:
        wanted = name.removeprefix("!").casefold()
        return next((s for s in self.snippets if s.name.casefold() == wanted), None)


def snippets_path(setting: str = "") -> Path:
    """The snippets file: the `snippets_file` setting (`~` expanded; relative to the config
    directory), else `snippets.toml` in the config directory."""
    if not setting:
        return config_dir() / FILE_NAME
    path = Path(setting).expanduser()
    return path if path.is_absolute() else config_dir() / path


def read_snippets(path: Path) -> SnippetFile:
    """The snippets in `path`; no file means no snippets (and no problem)."""
    if not path.exists():
        return SnippetFile(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except IsADirectoryError:
        return SnippetFile(path, problems=(f"Ignored {path}: it is a directory, not a file.",))
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else "it is not UTF-8 text"
        return SnippetFile(path, problems=(f"Could not read {path} ({reason}): fix or remove it.",))
    snippets, problems = parse_snippets(text, str(path))
    return SnippetFile(path, snippets, problems, found=True)


def parse_snippets(text: str, where: str) -> tuple[tuple[Snippet, ...], tuple[str, ...]]:
    """The snippets a TOML text holds, and a sentence for each one left out (`where` names the
    file in those sentences)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return (), (f"Ignored the snippets file {where}: {error}. Fix it and save again.",)
    problems = [
        f"Ignored {shown(key)} in {where}: the file holds only [[snippet]] tables."
        for key in data
        if key != "snippet"
    ]
    tables = data.get("snippet", [])
    if not isinstance(tables, list):
        tables = []
        problems.append(f"Ignored snippet in {where}: write each snippet as a [[snippet]] table.")
    lines = _header_lines(text)
    snippets: list[Snippet] = []
    taken: set[str] = set()
    for index, table in enumerate(tables):
        line = lines[index] if len(lines) == len(tables) else None
        place = f"{where}, line {line}" if line else f"{where}, snippet {index + 1}"
        snippet, found = _snippet(table, place)
        problems.extend(found)
        if snippet is None:
            continue
        if snippet.name.casefold() in taken:
            problems.append(
                f"Ignored the second snippet named {shown(snippet.name)} ({place}): "
                "give it another name."
            )
            continue
        taken.add(snippet.name.casefold())
        snippets.append(snippet)
    return tuple(snippets), tuple(problems)


def _header_lines(text: str) -> list[int]:
    return [n for n, line in enumerate(text.splitlines(), 1) if _TABLE_HEADER.match(line)]


def _snippet(table: Any, place: str) -> tuple[Snippet | None, list[str]]:
    """One [[snippet]] table as a Snippet, or None and why; unknown keys are reported and
    the snippet is kept."""
    if not isinstance(table, Mapping):
        return None, [f"Ignored an entry ({place}): write each snippet as a [[snippet]] table."]
    raw_name = table.get("name")
    label = f"snippet {shown(raw_name)}" if isinstance(raw_name, str) else "a snippet"
    unknown = [
        f"the key {shown(key)} is not one of {', '.join(KEYS)}{_did_you_mean(key)}"
        for key in table
        if key not in KEYS
    ]
    reason = _name_problem(raw_name) or _tags_problem(table.get("tags", []))
    reason = reason or _text_problem(table.get("text"))
    if reason:  # one sentence for the snippet, with a misspelt key that may be the cause
        return None, [_sentence(f"Ignored {label} ({place}): {'; '.join([reason, *unknown])}")]
    tags = tuple(
        clean(tag, max_chars=40, single_line=True).strip() for tag in table.get("tags", [])
    )
    text = clean(table["text"], max_chars=MAX_TEXT_CHARS, max_lines=MAX_TEXT_LINES)
    problems = [_sentence(f"In {label} ({place}), {problem}") for problem in unknown]
    return Snippet(str(raw_name), tuple(tag for tag in tags if tag), text), problems


def _sentence(text: str) -> str:
    return text if text.endswith("?") else f"{text}."


def _did_you_mean(key: str) -> str:
    close = difflib.get_close_matches(key, KEYS, n=1)
    return f": did you mean {close[0]}?" if close else ""


def _name_problem(name: Any) -> str | None:
    if name is None:
        return 'it has no name: add name = "…" (typed as !name in the composer)'
    if not isinstance(name, str) or not NAME.fullmatch(name):
        return (
            "its name must be one word of letters, digits, - or _ (up to 40), "
            'such as name = "refund"'
        )
    return None


def _tags_problem(tags: Any) -> str | None:
    if isinstance(tags, list) and all(isinstance(tag, str) for tag in tags):
        return None
    return 'its tags must be a list of quoted words, such as tags = ["billing", "refund"]'


def _text_problem(text: Any) -> str | None:
    if not isinstance(text, str) or not text.strip():
        return 'it has no text: add text = "…" (or text = """…""" over several lines)'
    names = [match[1] for match in PLACEHOLDER.finditer(text)]
    for name in names:
        problem = placeholder_problem(name)
        if problem:
            return problem
    if names.count(CURSOR) > 1:
        return "{cursor} can appear only once"
    return None
