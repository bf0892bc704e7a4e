"""Placeholders in a snippet's text, and the values they take for one conversation.

`{visitor.first_name}`, `{visitor.name}`, `{visitor.email}`, `{visitor.phone}`,
`{conversation.subject}`, `{operator.first_name}`, `{data.KEY}` (the conversation's custom data)
and `{cursor}` (where the composer's cursor lands). Every value comes from Crisp, so it is
cleaned to one plain line. A placeholder with no value stays in the text as written, so the agent
sees it before sending.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from ..crisp.models import Conversation, Operator
from ..untrusted import clean

PLACEHOLDER = re.compile(r"\{([A-Za-z_][\w.-]*)\}")
CURSOR = "cursor"
DATA_PREFIX = "data."
FIELDS = (
    "visitor.first_name",
    "visitor.name",
    "visitor.email",
    "visitor.phone",
    "conversation.subject",
    "operator.first_name",
)
_DATA_KEY = re.compile(r"[\w.-]+")
# The chatbox's default nickname of a visitor who never gave a name (`visitor493603`): "Hi
# visitor493603" is worse than a placeholder the agent has to fill.
_NO_NAME = re.compile(r"visitor\d*", re.IGNORECASE)
_MAX_VALUE_CHARS = 200


def placeholder_problem(name: str) -> str | None:
    """Why `{name}` is not a placeholder (the end of a sentence), or None when it is one."""
    if name in (*FIELDS, CURSOR):
        return None
    if name.startswith(DATA_PREFIX) and _DATA_KEY.fullmatch(name.removeprefix(DATA_PREFIX)):
        return None
    close = difflib.get_close_matches(name, (*FIELDS, CURSOR), n=1)
    hint = f" (did you mean {{{close[0]}}}?)" if close else ""
    return f"{{{name}}} is not a placeholder{hint}: use {_known()}"


def _known() -> str:
    names = [f"{{{name}}}" for name in (*FIELDS, "data.KEY")]
    return f"{', '.join(names)} or {{{CURSOR}}}"


def placeholder_values(
    conversation: Conversation | None, operator: Operator | None
) -> dict[str, str]:
    """Every placeholder that has a value for this conversation and operator (either may be
    unknown), as cleaned single-line text."""
    values: dict[str, str] = {}
    if conversation is not None:
        meta = conversation.meta
        name = _line(meta.nickname)
        if name and not _NO_NAME.fullmatch(name):
            values["visitor.name"] = name
            values["visitor.first_name"] = name.split()[0]
        values["visitor.email"] = _line(meta.email)
        values["visitor.phone"] = _line(meta.phone)
        values["conversation.subject"] = _line(meta.subject)
        for key, value in meta.data.items():
            if isinstance(value, (str, int, float, bool)):
                text = value if isinstance(value, str) else json.dumps(value)
                values[f"{DATA_PREFIX}{key}"] = _line(text)
    if operator is not None:
        first = _line(operator.first_name) or _line(operator.display_name).partition(" ")[0]
        values["operator.first_name"] = first
    return {name: value for name, value in values.items() if value}


def _line(value: object) -> str:
    return clean(value, max_chars=_MAX_VALUE_CHARS, single_line=True).strip()


Kind = Literal["text", "value", "missing", "cursor"]


@dataclass(frozen=True)
class Expansion:
    """A snippet filled in: the text to insert, where the cursor goes in it (an offset in
    characters; the end when the snippet has no `{cursor}`), and the placeholders left as
    written because they have no value, in order of first use."""

    text: str
    cursor: int
    missing: tuple[str, ...]


def segments(template: str, values: Mapping[str, str]) -> list[tuple[Kind, str]]:
    """`template` cut into what it becomes: plain text, a placeholder's value, a placeholder
    kept as written (no value), and the cursor mark (empty text). Values are put in as they
    are (never expanded again)."""
    parts: list[tuple[Kind, str]] = []
    end = 0
    for match in PLACEHOLDER.finditer(template):
        if match.start() > end:
            parts.append(("text", template[end : match.start()]))
        end = match.end()
        name = match[1]
        if name == CURSOR:
            parts.append(("cursor", ""))
        elif name in values:
            parts.append(("value", values[name]))
        elif placeholder_problem(name) is None:
            parts.append(("missing", match[0]))
        else:
            parts.append(("text", match[0]))
    if end < len(template):
        parts.append(("text", template[end:]))
    return parts


def expand(template: str, values: Mapping[str, str]) -> Expansion:
    """`template` with every placeholder that has a value replaced and `{cursor}` taken out."""
    pieces: list[str] = []
    missing: dict[str, None] = {}
    cursor: int | None = None
    length = 0
    for kind, text in segments(template, values):
        if kind == "cursor" and cursor is None:
            cursor = length
        elif kind == "missing":
            missing[text[1:-1]] = None
        pieces.append(text)
        length += len(text)
    text = "".join(pieces)
    return Expansion(text, length if cursor is None else cursor, tuple(missing))


def unfilled(text: str) -> tuple[str, ...]:
    """The placeholders still written in `text` (a draft about to be sent), in order."""
    found = {
        match[1]: None
        for match in PLACEHOLDER.finditer(text)
        if match[1] != CURSOR and placeholder_problem(match[1]) is None
    }
    return tuple(found)


def missing_sentence(missing: tuple[str, ...]) -> str:
    """ "1 placeholder has no value: {visitor.email}" (empty when nothing is missing)."""
    if not missing:
        return ""
    names = ", ".join(f"{{{name}}}" for name in missing)
    if len(missing) == 1:
        return f"1 placeholder has no value: {names}"
    return f"{len(missing)} placeholders have no value: {names}"
