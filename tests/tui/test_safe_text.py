"""Untrusted text reaches the screen only as literal, terminal-safe Content (DESIGN §7)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import ClassVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from textual.app import App, ComposeResult
from textual.content import Content, Span
from textual.widgets import DataTable, Label, OptionList, Static

from crisp_tui.tui.safe_text import (
    DEFAULT_MAX_CHARS,
    DEFAULT_MAX_LINES,
    MAX_COMBINING_MARKS,
    clean,
    fill,
    join,
    labelled,
    safe,
    safe_url,
)
from tests.support.hostile import HostileCase, load_hostile_corpus

CASES = load_hostile_corpus()
ESC = "\x1b"

# Everything that must never leave clean(): C0 but \t \n, DEL, C1, bidi controls, line and paragraph
# separators, interlinear annotation, surrogates. Tabs are expanded, so \t is absent too.
FORBIDDEN = re.compile(
    r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
    r"\u2028\u2029\ufff9-\ufffb\ud800-\udfff]"
)
SGR = re.compile(r"\x1b\[[0-9;:]*m")


def case_id(case: HostileCase) -> str:
    return case.id


def corpus_value(case_id: str) -> object:
    (case,) = [case for case in CASES if case.id == case_id]
    return case.value


def longest_mark_run(text: str) -> int:
    longest = run = 0
    for char in text:
        run = run + 1 if unicodedata.category(char) in ("Mn", "Me") else 0
        longest = max(longest, run)
    return longest


def assert_terminal_safe(text: str) -> None:
    bad = FORBIDDEN.search(text)
    assert bad is None, f"{bad[0]!r} at offset {bad.start()}"
    assert longest_mark_run(text) <= MAX_COMBINING_MARKS


# --- the corpus ---------------------------------------------------------------------------------


def test_corpus_covers_the_threats() -> None:
    ids = [case.id for case in CASES]
    assert len(ids) >= 60
    assert len(set(ids)) == len(ids)
    kinds = {case.kind for case in CASES}
    assert {"markup", "ansi", "osc", "dcs", "c0", "c1", "bidi", "zero-width", "combining"} <= kinds
    assert {"wide", "rtl", "size", "surrogate", "type"} <= kinds
    assert len(str(corpus_value("size-1mb"))) == 1_000_000
    assert str(corpus_value("size-10000-lines")).count("\n") == 9_999


# --- clean() ------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=case_id)
@pytest.mark.parametrize("single_line", [False, True], ids=["multi", "single"])
def test_clean_output_is_terminal_safe_and_bounded(case: HostileCase, single_line: bool) -> None:
    out = clean(case.value, single_line=single_line)
    assert isinstance(out, str)
    assert_terminal_safe(out)
    assert len(out) <= DEFAULT_MAX_CHARS
    assert out.count("\n") < DEFAULT_MAX_LINES
    if single_line:
        assert "\n" not in out
    assert clean(out, single_line=single_line) == out


EXPECTED = {
    "csi-colour": "red plain",
    "csi-truecolor": "rgb",
    "csi-cursor-moves": "ab",
    "csi-hide-cursor-mouse": "pasted",
    "csi-unterminated": "x",
    "csi-8bit": "red",
    "esc-reset-terminal": "lqk",
    "esc-alone": "beforefter",  # ESC a is itself a sequence: a terminal would eat the "a" too
    "esc-at-end": "trailing",
    "osc0-title-bel": "visible",
    "osc2-title-st": "visible",
    "osc8-link-bel": "click here",
    "osc8-link-st": "hidden",
    "osc52-clipboard-bel": "",
    "osc52-clipboard-st": "ok",
    "osc-8bit": "after",
    "osc-unterminated": "x",
    "osc-notify-iterm": "",
    "dcs-st": "after",
    "dcs-8bit": "after",
    "apc-pm-sos": "done",
    "c0-nul": "ab",
    "c0-all": "    \n\nend",
    "c0-bell-backspace": "password",
    "c0-cr-overwrite": "innocent text\nEVIL",
    "c0-crlf": "line1\nline2\nline3\n",
    "c0-vt-ff": "abc",
    "c0-del": "abcd",
    "c0-tabs": "col1    col2        col3",
    "c1-nel": "a\nb",
    "line-paragraph-separators": "a\nb\nc",
    "bidi-rlo-exe": "invoice_gnp.exe",
    "bidi-all-controls": "x",
    "interlinear-annotation": "baserubytext",
    "zalgo": "Z\u0336\u0337\u0338\u0301algo",
    "combining-astral-flood": "a" + "\U0001d167" * 4,
    "surrogate-lone-high": "a\ufffdb",
    "surrogate-lone-low": "a\ufffdb",
    "surrogate-reversed-pair": "\ufffd\ufffd",
    "type-null": "",
    "type-int": "42",
    "type-huge-int": "10000000000000000000000000000000000000000",
    "type-float": "1.5",
    "type-true": "true",
    "type-false": "false",
    "type-object": '{"a": 1}',
    "type-array": '["x"]',
    "type-empty-array": "[]",
    "type-nested": '[[[[[["deep"]]]]]]',
    "email-ansi": "bob@hidden@example.com",
    # Emoji joiners, selectors, keycaps, skin tones and flags measure differently per terminal.
    "emoji": "\U0001f389\U0001f525\U0001f44d \u2764 1",
    "emoji-zwj-family": "👨👩👧👦 🏳🌈 🧑💻",
    "emoji-flags-tags": "FRJP 🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",
}
UNCHANGED = {"markup", "zero-width", "wide", "rtl"}


@pytest.mark.parametrize(
    "case", [case for case in CASES if case.id in EXPECTED or case.kind in UNCHANGED], ids=case_id
)
def test_clean_keeps_the_visible_text(case: HostileCase) -> None:
    expected = EXPECTED.get(case.id, case.value)
    assert clean(case.value, max_chars=10**7, max_lines=10**6) == expected


def test_clean_keeps_legitimate_combining_marks_and_joiners() -> None:
    for text in ("e\u0301 Vi\u1ec7t n\u0308 \u0928\u093f", "\u0915\u094d\u200d\u0937"):
        assert clean(text) == text


def test_long_text_is_cut_with_a_count_of_what_is_hidden() -> None:
    out = clean("x" * 100, max_chars=50)
    match = re.fullmatch(r"(x+)… \[(\d+) more characters\]", out)
    assert match, out
    assert len(out) <= 50
    assert len(match[1]) + int(match[2]) == 100


def test_a_1mb_message_is_folded() -> None:
    out = clean(corpus_value("size-1mb"))
    match = re.fullmatch(r"(A+)… \[([\d,]+) more characters\]", out)
    assert match
    assert len(out) <= DEFAULT_MAX_CHARS
    assert len(match[1]) + int(match[2].replace(",", "")) == 1_000_000


def test_a_10000_line_message_is_folded() -> None:
    lines = clean(corpus_value("size-10000-lines")).split("\n")
    assert len(lines) == DEFAULT_MAX_LINES
    assert set(lines[:-1]) == {"line of text"}
    assert re.fullmatch(r"line of text… \[[\d,]+ more characters\]", lines[-1])


@pytest.mark.parametrize("max_lines", [1, 2, 3])
def test_line_limit_is_respected_and_stable(max_lines: int) -> None:
    out = clean("a\nb\nc\nd", max_lines=max_lines)
    assert out.count("\n") == max_lines - 1
    assert out.endswith(f"… [{7 - 2 * max_lines + 1} more characters]")
    assert clean(out, max_lines=max_lines) == out


@pytest.mark.parametrize("max_chars", [1, 2, 5, 10, 25, 26, 27, 40])
def test_tiny_limits_are_respected_and_stable(max_chars: int) -> None:
    out = clean("hello world " * 20, max_chars=max_chars)
    assert 0 < len(out) <= max_chars
    assert clean(out, max_chars=max_chars) == out


def test_single_line_folds_newlines() -> None:
    assert clean("Jane\r\nDoe\n\nSmith", single_line=True) == "Jane Doe  Smith"


def test_limits_must_be_positive() -> None:
    with pytest.raises(ValueError):
        clean("x", max_chars=0)
    with pytest.raises(ValueError):
        clean("x", max_lines=0)


def test_unprintable_objects_do_not_raise() -> None:
    class Broken:
        def __str__(self) -> str:
            raise RuntimeError("boom")

    nested: list[object] = []
    nested.append(nested)
    assert clean(Broken()) == "<Broken>"
    assert clean(nested) == "<list>"
    assert clean(b"\xff\x1b[31mbytes") == "\ufffdbytes"


# --- safe() and composition ---------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_safe_is_literal_content(case: HostileCase) -> None:
    content = safe(case.value)
    assert content.plain == clean(case.value)
    assert content.spans == []
    styled = safe(case.value, style="bold", single_line=True)
    assert {span.style for span in styled.spans} <= {"bold"}


@pytest.mark.parametrize("case", load_hostile_corpus("markup"), ids=case_id)
def test_markup_is_shown_verbatim(case: HostileCase) -> None:
    assert safe(case.value).plain == case.value


def test_fill_substitutes_cleaned_values_without_parsing_them() -> None:
    content = fill(
        "[b]$name[/b] says $text",
        name="[@click=app.quit]x[/]",
        text=f"{ESC}]0;title\x07hi $name [/x]",
    )
    assert content.plain == "[@click=app.quit]x[/] says hi $name [/x]"
    assert content.spans == [Span(0, 21, "b")]


def test_labelled_styles_only_the_label() -> None:
    content = labelled("Email", f"[b]x[/b]\n{ESC}[31mred")
    assert content.plain == "Email [b]x[/b] red"
    assert content.spans == [Span(0, 5, "bold")]


def test_join_cleans_values_and_keeps_our_content() -> None:
    content = join(["vip", None, 42, Content.styled("ok", "green"), "[/x]\u202e"], sep=" · ")
    assert content.plain == "vip ·  · 42 · ok · [/x]"
    assert content.spans == [Span(14, 16, "green")]


# --- safe_url() ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.com/a?b=c#d", "https://example.com/a?b=c#d"),
        ("http://localhost:8080/x", "http://localhost:8080/x"),
        ("HTTPS://EXAMPLE.COM", "HTTPS://EXAMPLE.COM"),
        ("  https://example.com  ", "https://example.com"),
        ("mailto:bob@example.com", "mailto:bob@example.com"),
        ("https://example.com/\u202egnp.exe", "https://example.com/gnp.exe"),
        (f"https://example.com/{ESC}]8;;https://evil\x07x", "https://example.com/x"),
        ("https://bank.example@evil.example/", "https://bank.example@evil.example/"),
    ],
)
def test_safe_url_accepts_web_and_mail_links(url: str, expected: str) -> None:
    assert safe_url(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(document.cookie)",
        " JaVaScRiPt:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "file:///etc/passwd",
        "ftp://example.com/",
        "//evil.example/",
        "example.com",
        "https://",
        "https:///path",
        "mailto:",
        "https://exa mple.com/",
        "https://example.com/\u200b",
        "http://[::1",
        "https://example.com/" + "a" * 5000,
        None,
        42,
        {"href": "https://example.com"},
    ],
)
def test_safe_url_rejects_everything_else(url: object) -> None:
    assert safe_url(url) is None


# --- properties ---------------------------------------------------------------------------------

HOSTILE_PIECES = st.sampled_from(
    [
        *(ESC, f"{ESC}[", f"{ESC}]", f"{ESC}P", f"{ESC}\\", "\x07", "\x9b", "\x9c", "\x9d", "\x90"),
        *(
            "\r",
            "\r\n",
            "\n",
            "\t",
            "\u0301",
            "\U0001d167",
            "\u202e",
            "\u2066",
            "[",
            "]",
            "[/",
            "m",
        ),
    ]
)
ANY_TEXT = st.lists(
    st.one_of(
        st.characters(exclude_categories=()),
        st.characters(categories=["Cs"]),
        HOSTILE_PIECES,
        st.sampled_from(["\n", "\r", "\r\n"]),  # line limits need plenty of lines
    )
).map("".join)
# Skin tones and flag letters are symbols, but clean() normalises them (see test_emoji_widths).
EMOJI_NORMALISED = [chr(c) for c in (*range(0x1F3FB, 0x1F400), *range(0x1F1E6, 0x1F200))]
PLAIN_TEXT = st.text(
    st.one_of(
        st.characters(categories=["L", "N", "P", "S", "Zs"], exclude_characters=EMOJI_NORMALISED),
        st.just("\n"),
    ),
    max_size=400,
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | ANY_TEXT,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(ANY_TEXT, children, max_size=4)
    ),
    max_leaves=10,
)


@settings(max_examples=300)
@given(ANY_TEXT, st.integers(1, 120), st.integers(1, 8), st.booleans())
def test_clean_invariants_hold_for_any_text(
    text: str, max_chars: int, max_lines: int, single_line: bool
) -> None:
    limits = {"max_chars": max_chars, "max_lines": max_lines, "single_line": single_line}
    out = clean(text, **limits)
    assert_terminal_safe(out)
    assert len(out) <= max_chars
    assert out.count("\n") < max_lines
    assert clean(out, **limits) == out


@given(ANY_TEXT)
def test_safe_is_clean_text_without_spans(text: str) -> None:
    content = safe(text)
    assert content.plain == clean(text)
    assert content.spans == []
    assert clean(content.plain) == content.plain


@given(PLAIN_TEXT)
def test_plain_printable_text_is_unchanged(text: str) -> None:
    assert clean(text) == text


@given(JSON_VALUES)
def test_any_json_value_is_cleaned(value: object) -> None:
    assert_terminal_safe(clean(value))


# --- real widgets -------------------------------------------------------------------------------


class Showcase(App[None]):
    CSS = """
    #message { height: 6; }
    OptionList { height: 3; }
    DataTable { height: 3; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="message")
        yield Label(id="name")
        yield OptionList(id="list")
        yield DataTable(id="table")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("name", width=45)
        table.add_column("text", width=45)

    def show(self, value: object) -> None:
        line = safe(value, single_line=True, max_chars=200)
        self.query_one("#message", Static).update(safe(value))
        self.query_one("#name", Label).update(line)
        self.query_one(OptionList).clear_options().add_option(line)
        table = self.query_one(DataTable)
        table.clear()
        table.add_row(line, safe(value))


def screen_problems(app: App[None]) -> Iterator[str]:
    # The compositor's strips are what Textual writes to the terminal; there is no public API for
    # the whole screen's segments in 8.2.8.
    for y, strip in enumerate(app.screen._compositor.render_strips()):
        for segment in strip:
            style = segment.style
            if style and (style.link or "@click" in style.meta):
                yield f"line {y}: {segment.text!r} has link {style.link!r} meta {style.meta!r}"
            if bad := FORBIDDEN.search(segment.text):
                yield f"line {y}: {bad[0]!r} in {segment.text!r}"
        # Textual's own output is SGR only; anything else (OSC 8 links, raw ESC, C1) is a leak.
        if leak := re.search(r"[\x1b\x80-\x9f]", SGR.sub("", strip.render(app.console))):
            yield f"line {y}: {leak[0]!r} in terminal output"


def screen_text(app: App[None]) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def test_every_case_renders_literally_in_widgets() -> None:
    app = Showcase()
    problems: list[str] = []
    async with app.run_test(size=(100, 30)) as pilot:
        for case in CASES:
            app.show(case.value)
            await pilot.pause()
            problems += [f"{case.id}: {problem}" for problem in screen_problems(app)]
            if case.kind == "markup" and len(str(case.value)) <= 40:
                # Static, Label, OptionList and both table cells show the characters as they are.
                assert screen_text(app).count(str(case.value)) == 5, case.id
        assert app.return_code is None
    assert problems == []


async def test_the_screen_check_catches_parsed_markup() -> None:
    """Guard for the test above: the same checks flag markup that Textual did parse."""

    class Parsed(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("[@click=app.quit]quit[/] [link='https://evil.example']x[/]")

    app = Parsed()
    async with app.run_test():
        problems = list(screen_problems(app))
    assert any("@click" in problem for problem in problems)
    assert any("https://evil.example" in problem for problem in problems)
    assert any("terminal output" in problem for problem in problems)


class Inbox(App[None]):
    BINDINGS: ClassVar = [("ctrl+s", "send", "Send")]

    def __init__(self, message: Content | str) -> None:
        super().__init__()
        self.message = message
        self.sent = False

    def compose(self) -> ComposeResult:
        yield Static(self.message, id="message")

    def action_send(self) -> None:
        self.sent = True


ACTIONS = ["[@click=app.quit]quit[/]", "[@click=app.simulate_key('ctrl+s')]Send[/]"]


@pytest.mark.parametrize("value", ACTIONS)
async def test_clicking_markup_from_a_visitor_does_nothing(value: str) -> None:
    app = Inbox(safe(value))
    async with app.run_test() as pilot:
        for x in range(0, len(value), 4):
            await pilot.click("#message", offset=(x, 0))
        await pilot.pause()
        assert app.return_code is None
        assert not app.sent


@pytest.mark.parametrize("value", ACTIONS)
async def test_the_same_click_on_parsed_markup_fires(value: str) -> None:
    """Guard for the test above: the click lands where the action would be."""
    app = Inbox(value)
    async with app.run_test() as pilot:
        await pilot.click("#message", offset=(1, 0))
        await pilot.pause()
        assert app.return_code == 0 or app.sent
