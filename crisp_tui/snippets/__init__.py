"""Canned replies (snippets): a TOML file a team keeps in git, and the text each snippet becomes
for one conversation. No Textual here: the app, the commands and the tests share this code.

`book` reads and checks the file, `placeholders` fills a snippet in for a conversation and its
operator, `source` re-reads the file when it changes (and offers the examples in the demo).
"""

from __future__ import annotations

from .book import Snippet, SnippetFile, parse_snippets, read_snippets, snippets_path
from .placeholders import Expansion, expand, placeholder_values, unfilled
from .source import SnippetSource

__all__ = [
    "Expansion",
    "Snippet",
    "SnippetFile",
    "SnippetSource",
    "expand",
    "parse_snippets",
    "placeholder_values",
    "read_snippets",
    "snippets_path",
    "unfilled",
]
