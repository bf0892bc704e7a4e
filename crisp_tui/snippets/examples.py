"""Example snippets for the demo inbox (`crisp-tui --demo` with no snippets file of its own).

They are written in the file's own format and read by the same code, so they double as the
format's example (the README shows the same kind of file).
"""

from __future__ import annotations

from .book import SnippetFile, parse_snippets

EXAMPLES = '''\
[[snippet]]
name = "hello"
tags = ["greeting"]
text = """
Hi {visitor.first_name}, thanks for writing in! {cursor}

{operator.first_name}"""

[[snippet]]
name = "refund"
tags = ["billing", "refund"]
text = """
Hi {visitor.first_name}, I've refunded the last charge on your {data.plan} plan. {cursor}

The receipt goes to {visitor.email}."""

[[snippet]]
name = "follow-up"
tags = ["pending"]
text = """
Hi {visitor.first_name}, about "{conversation.subject}": {cursor}

I'll keep this conversation open until it is sorted out."""

[[snippet]]
name = "thanks"
tags = ["closing", "resolve"]
text = """
Glad I could help, {visitor.first_name}! If anything else comes up, just reply here.

{operator.first_name}"""
'''


def example_snippets() -> SnippetFile:
    snippets, problems = parse_snippets(EXAMPLES, "the demo's example snippets")
    return SnippetFile(None, snippets, problems, found=True)
