"""Untrusted text made terminal-safe, with no UI dependency.

Everything Crisp sends (names, emails, subjects, message text, URLs, error messages) is written by
strangers. `clean()` turns any value into plain text that cannot drive a terminal: escape
sequences (CSI, OSC incl. OSC 8 links and OSC 52 clipboard writes, DCS…), C0/C1 controls, DEL,
bidi overrides and combining-mark floods are removed and huge text is folded. `safe_url()`
accepts only http(s)/mailto links. The TUI wraps this in literal Content (`tui/safe_text.py`);
the scripting commands print it directly.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from .unicode_marks import ASTRAL_MARKS, BMP_MARKS

DEFAULT_MAX_CHARS = 20_000
DEFAULT_MAX_LINES = 500
MAX_COMBINING_MARKS = 4
TAB_SIZE = 4
URL_SCHEMES = frozenset({"http", "https", "mailto"})

_ESCAPE_SEQUENCE = re.compile(
    # CSI, 7-bit or 8-bit; the final byte is optional so a truncated sequence goes too.
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    # OSC, DCS, SOS, PM, APC strings up to BEL or ST (or the end, as a terminal would swallow it).
    r"|(?:\x1b[\]PX\^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    # Every other escape sequence: intermediates then one final byte (ESC c, ESC 7, ESC ( B, ...).
    r"|\x1b[ -/]*[0-~]"
)
_ESCAPE_START = re.compile(r"[\x1b\x90\x98\x9b\x9d-\x9f]")
_LINE_BREAK = re.compile(r"[\r\x85\u2028\u2029]")
_UNSAFE_CHAR = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f"  # C0 except \t and \n, DEL, C1
    r"\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"  # bidi marks, embeddings, overrides, isolates
    r"\ufff9-\ufffb]"  # interlinear annotation
)
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# Emoji sequences that terminals draw at widths Textual cannot know: VS16 makes ❤ two cells in
# some terminals and one in others, a ZWJ joins 👨‍👩‍👧 into one glyph in some and three in others, a
# keycap or a skin tone combines or not. Dropping the joiners and selectors leaves characters
# every terminal and Textual measure alike (❤, 👨👩👧, 1, 👍), so borders and columns stay put.
_EMOJI_JOINER = re.compile("(?<=[\u2600-\u27bf\u2b00-\u2bff\ufe0f\U0001f000-\U0001faff])\u200d")
_EMOJI_VARIANTS = re.compile("[\ufe0e\ufe0f\u20e3\U0001f3fb-\U0001f3ff]")
# A flag is two regional indicators: one glyph, two or four cells depending on the terminal.
# Its letters (🇫🇷 → FR) read the same and measure the same everywhere.
_FLAG_LETTERS = {0x1F1E6 + n: chr(ord("A") + n) for n in range(26)}


def _char_class(runs: Iterable[tuple[int, int]]) -> str:
    # The characters themselves, not \U escapes: sre parses them about three times faster.
    return "".join(f"{re.escape(chr(first))}-{re.escape(chr(last))}" for first, last in runs)


@functools.cache
def _mark_flood() -> re.Pattern[str]:
    """A run of more than MAX_COMBINING_MARKS combining marks (compiled on first use)."""
    bmp, astral = _char_class(BMP_MARKS), _char_class(ASTRAL_MARKS)
    mark = f"(?:[{bmp}]|[{astral}])"
    # sre scans fast only for a BMP character class, so the first character is matched against
    # "BMP mark or any astral character" and the lookbehind then checks that it is a mark.
    return re.compile(f"[{bmp}\\U00010000-\\U0010ffff](?<={mark}){mark}{{{MAX_COMBINING_MARKS},}}")


def _to_str(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    try:
        if isinstance(value, (bytes, bytearray)):
            return bytes(value).decode("utf-8", "replace")
        if isinstance(value, (bool, int, float, dict, list, tuple)):
            return json.dumps(value, ensure_ascii=False, default=repr)
        return str(value)
    except Exception:  # a malformed payload must never take the UI down
        return f"<{type(value).__name__}>"


def _clean_chars(text: str, single_line: bool) -> str:
    # The escape pattern is an alternation, which sre cannot scan quickly: gate it on a plain class.
    if _ESCAPE_START.search(text):
        text = _ESCAPE_SEQUENCE.sub("", text)
    text = _LINE_BREAK.sub("\n", text.replace("\r\n", "\n"))
    text = _UNSAFE_CHAR.sub("", text)
    # Surrogates in a str are unpaired (json.loads joins valid pairs) and cannot be encoded.
    text = _SURROGATE.sub("\ufffd", text)
    if not text.isascii():
        text = _mark_flood().sub(lambda match: match[0][:MAX_COMBINING_MARKS], text)
        text = _EMOJI_VARIANTS.sub("", _EMOJI_JOINER.sub("", text)).translate(_FLAG_LETTERS)
    if "\t" in text:
        text = text.expandtabs(TAB_SIZE)
    if single_line:
        text = text.replace("\n", " ")
    return text


def clean(
    text: object,
    *,
    max_chars: int = DEFAULT_MAX_CHARS,
    max_lines: int = DEFAULT_MAX_LINES,
    single_line: bool = False,
) -> str:
    """Any value as plain text that is safe to show in a terminal.

    Removes escape sequences, control characters (keeping newlines; tabs become spaces), bidi
    controls, combining-mark floods and the emoji joiners and selectors terminals measure
    differently; lone surrogates become U+FFFD. Text longer than
    `max_chars` characters or `max_lines` lines is cut and ends with "… [N more characters]";
    the result never exceeds either limit, so `clean(clean(x)) == clean(x)`.
    `single_line` folds newlines into spaces (names, list rows).
    """
    if max_chars < 1 or max_lines < 1:
        raise ValueError("max_chars and max_lines must be at least 1")
    raw = _to_str(text)
    # Only a bounded prefix of a huge payload is ever examined.
    budget = max_chars * 4 + 1024
    dropped = max(0, len(raw) - budget)
    text = _clean_chars(raw[:budget], single_line)
    if not single_line and text.count("\n") >= max_lines:
        lines = text.split("\n", max_lines)
        dropped += 1 + len(lines.pop())  # the newline and everything after it
        text = "\n".join(lines)
    if not dropped and len(text) <= max_chars:
        return text
    # Leave room for the longest the suffix can be, so the result stays within max_chars.
    room = max_chars - len(_more(dropped + len(text)))
    if room < 1:
        return text[: max_chars - 1] + "…"
    dropped += max(0, len(text) - room)
    return text[:room] + _more(dropped)


def _more(count: int) -> str:
    return f"… [{count:,} more characters]"


def safe_url(url: object) -> str | None:
    """The cleaned URL if it is an http(s) or mailto link that can be shown in full, else None."""
    # A URL too long to show is cut by clean(); the "… [N more characters]" suffix has spaces.
    text = clean(url, max_chars=4096, single_line=True).strip()
    if not text.isprintable() or " " in text:
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in URL_SCHEMES:
        return None
    if scheme == "mailto":
        return text if parts.path else None
    return text if parts.hostname else None
