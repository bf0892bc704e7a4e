"""`snippets list|show`: the team's canned replies, and one filled in for a conversation.

`list` reads only the local file (no credentials); `show` fetches the conversation (and the
operator when the snippet names them) to fill the placeholders in, as the composer would.
"""

from __future__ import annotations

from functools import partial

from ..crisp import CrispClient
from ..snippets import Snippet, SnippetFile, expand, placeholder_values, read_snippets
from ..snippets import snippets_path as path_of
from ..snippets.placeholders import missing_sentence
from . import render
from .base import (
    EXIT_USAGE,
    Context,
    Subcommands,
    UsageError,
    add_command,
    add_group,
    session_id,
    with_client,
)
from .table import Column, table

_COLUMNS = (
    Column("NAME"),
    Column("TAGS", flexible=True, max_width=30, drop=1),
    Column("FIRST LINE", flexible=True, min_width=20),
)


def _read(ctx: Context) -> SnippetFile:
    """The snippets file, its problems said on stderr (one sentence each)."""
    book = read_snippets(path_of(ctx.settings.snippets_file))
    for problem in book.problems:
        ctx.out.info(f"warning: {render.one_line(problem, 500)}")
    return book


def _list(ctx: Context) -> int:
    book = _read(ctx)

    def human() -> str:
        if not book.snippets:
            where = "in" if book.found else "yet: write them in"
            return f"No snippets {where} {book.path} (see the README: Canned replies)."
        rows = [
            [
                f"!{render.one_line(s.name)}",
                render.one_line(", ".join(s.tags)),
                render.one_line(s.first_line),
            ]
            for s in book.snippets
        ]
        return table(_COLUMNS, rows, ctx.out.width)

    ctx.out.result([_listed(s) for s in book.snippets], human)
    # Non-zero when a snippet was left out, so a pre-commit hook or CI can check the file.
    return EXIT_USAGE if book.problems else 0


def _listed(snippet: Snippet) -> dict[str, object]:
    return {
        "name": snippet.name,
        "tags": list(snippet.tags),
        "first_line": snippet.first_line,
        "text": snippet.text,
    }


def _show(ctx: Context) -> int | None:
    book = _read(ctx)
    snippet = book.named(ctx.args.name)
    if snippet is None:
        raise UsageError(
            f"No snippet is named {render.one_line(ctx.args.name, 60)!r} in {book.path}: "
            "`crisp-tui snippets list` shows them."
        )
    return with_client(partial(_fill_in, snippet))(ctx)


async def _fill_in(snippet: Snippet, ctx: Context, client: CrispClient) -> None:
    conversation = await client.get_conversation(ctx.args.session)
    operator = None
    operator_id = ctx.settings.operator_id
    if operator_id and "{operator." in snippet.text:  # one request, only when it is needed
        operator = next(
            (o for o in await client.list_operators() if o.user_id == operator_id), None
        )
    filled = expand(snippet.text, placeholder_values(conversation, operator))
    if filled.missing and not ctx.out.json_mode:
        hint = ""
        if "operator.first_name" in filled.missing and not operator_id:
            hint = " (set CRISP_OPERATOR_ID to your operator id for {operator.first_name})"
        ctx.out.info(f"warning: {missing_sentence(filled.missing)}{hint}.")
    ctx.out.result(
        {
            "name": snippet.name,
            "session_id": ctx.args.session,
            "text": filled.text,
            "cursor": filled.cursor,
            "missing": list(filled.missing),
        },
        lambda: filled.text,
    )


def register(commands: Subcommands) -> None:
    group = add_group(commands, "snippets", "canned replies: list them, fill one in")
    add_command(
        group,
        "list",
        "list the snippets (name, tags, first line); exit 2 if the file has a problem",
        _list,
        epilog="Reads only the snippets file (`snippets_file`, else snippets.toml in the config "
        "directory); no credentials needed.",
    )
    show = add_command(
        group,
        "show",
        "print a snippet filled in for conversation S (placeholders without a value are kept)",
        _show,
        epilog="The text goes to stdout, ready for `crisp-tui message send S -`; placeholders "
        "without a value are named on stderr (in --json: `missing`, and `cursor` is where the "
        "{cursor} mark was).",
    )
    show.add_argument("name", metavar="NAME", help="the snippet's name (with or without !)")
    show.add_argument("session", metavar="S", type=session_id, help="the session id")
