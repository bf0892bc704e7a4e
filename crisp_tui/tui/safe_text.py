"""The one way untrusted text reaches the screen.

Every string that comes from Crisp (names, emails, subjects, segments, custom data, file names,
URLs, operator names, message content) reaches a widget only through this module (DESIGN §7).

Why: in Textual 8, `Static`, `Label`, `Button`, `OptionList` and `DataTable` string cells, `Tree`
labels, `notify()` and titles all *parse markup*: `[@click=app.quit]` from a visitor becomes a live
action and an unbalanced `[/x]` raises `MarkupError`. And `Content(...)` itself only strips BEL, BS,
VT, FF and CR, so ESC/OSC/C1 sequences would be written to the terminal (window title, OSC 52
clipboard writes, hidden OSC 8 links, cursor moves).

So:
- `clean()` turns any value into terminal-safe plain text;
- `safe()` wraps it in a literal `Content` (never markup-parsed), optionally styled;
- `labelled()`, `join()` and `fill()` compose styled text without putting untrusted text into
  markup. `fill()` is `Content.from_markup(template, **values)` with every value cleaned: Textual
  substitutes `$name` variables after parsing the markup, so values never become tags. The
  template itself must be a literal from our code, never an f-string built from data;
- `safe_url()` accepts only http(s)/mailto links, for the picker that shows a URL before opening it.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.content import Content
from textual.style import Style

from ..untrusted import (
    DEFAULT_MAX_CHARS,
    DEFAULT_MAX_LINES,
    MAX_COMBINING_MARKS,
    clean,
    safe_url,
)

__all__ = [
    "DEFAULT_MAX_CHARS",
    "DEFAULT_MAX_LINES",
    "MAX_COMBINING_MARKS",
    "clean",
    "fill",
    "join",
    "labelled",
    "safe",
    "safe_url",
]


def safe(
    text: object,
    *,
    style: str | Style = "",
    max_chars: int = DEFAULT_MAX_CHARS,
    max_lines: int = DEFAULT_MAX_LINES,
    single_line: bool = False,
) -> Content:
    """Untrusted text as literal `Content` (markup is never parsed), styled as a whole."""
    return Content.styled(
        clean(text, max_chars=max_chars, max_lines=max_lines, single_line=single_line), style
    )


def labelled(
    label: str,
    value: object,
    *,
    label_style: str | Style = "bold",
    style: str | Style = "",
    max_chars: int = 500,
) -> Content:
    """`label value` on one line, e.g. `labelled("Email", visitor.email)`."""
    return Content.assemble(
        (label, label_style),
        " ",
        safe(value, style=style, max_chars=max_chars, single_line=True),
    )


def join(parts: Iterable[object], sep: str | Content = ", ", *, max_chars: int = 500) -> Content:
    """Join values on one line; `Content` parts are kept (and trusted), anything else is cleaned."""
    separator = sep if isinstance(sep, Content) else Content(sep)
    return separator.join(
        part if isinstance(part, Content) else safe(part, max_chars=max_chars, single_line=True)
        for part in parts
    )


def fill(template: str, **values: object) -> Content:
    """`Content.from_markup(template, **values)` with every value cleaned first.

    `template` is trusted markup written in our code; values are substituted as literal text.
    """
    return Content.from_markup(template, **{name: clean(v) for name, v in values.items()})
