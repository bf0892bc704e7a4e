"""Text for the local search index, and user input turned into a safe FTS5 query."""

from __future__ import annotations

import re

from ..crisp.models import FileContent, Message

# A pasted megabyte must not become a phrase of 250,000 tokens: FTS5 would take minutes on it.
MAX_TERMS = 16
MAX_TERM_LENGTH = 64

# FTS5 ends a string at NUL; other control characters are never worth searching for.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def storable(text: str) -> str:
    """`text` with lone surrogates (JSON can carry them) replaced, so SQLite can encode it."""
    return text.encode("utf-8", "replace").decode("utf-8")


def message_text(message: Message) -> str:
    """What a message says, for the index: its text, a file's name, a picker's question…"""
    content = message.content
    if isinstance(content, str):
        return content
    if isinstance(content, FileContent):
        return content.name
    return getattr(content, "text", "")


def match_expression(query: str) -> str | None:
    """An FTS5 MATCH expression finding rows with every word of `query` as a prefix, or None.

    Each word becomes a quoted string (quotes doubled), so operators, column filters, brackets and
    stars typed by the user are plain text; `"…"*` makes it a prefix, for search as you type (and
    keeps a word cut at MAX_TERM_LENGTH matching). The exact words are OR-ed in because bm25 adds
    up the phrases that match: "42" ranks before "4299".
    """
    words = _CONTROL.sub(" ", storable(query)).split()[:MAX_TERMS]
    if not words:
        return None
    quoted = ['"' + word[:MAX_TERM_LENGTH].replace('"', '""') + '"' for word in words]
    return f"({' '.join(quoted)}) OR ({'* '.join(quoted)}*)"
