"""Every key binding of the app, in one registry.

Each binding has an `id` (so a keymap can rebind it and help can describe it) and a scope: the
App (global), the main screen, or the composer. The help screen and the command palette read
this registry, so a new action appears in both by being added here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from textual.binding import Binding
from textual.keys import format_key

from ..view_spec import BUILTIN_VIEWS, ViewSpec

Scope = Literal["app", "main", "composer"]

SCOPE_TITLES: dict[Scope, str] = {
    "app": "Everywhere",
    "main": "Inbox and conversation",
    "composer": "Composer",
}


@dataclass(frozen=True)
class Command:
    id: str
    keys: str  # Textual key names, comma separated ("" for a palette-only command)
    action: str
    description: str  # the action's one name: key bar, help and palette
    help: str  # one sentence, for help and the command palette
    scope: Scope
    show: bool = True
    key_display: str | None = None
    palette: bool = True
    priority: bool = False

    def binding(self) -> Binding:
        return Binding(
            self.keys,
            self.action,
            self.description,
            show=self.show,
            key_display=self.key_display,
            priority=self.priority,
            id=f"crisp.{self.id}",
        )

    @property
    def display_keys(self) -> str:
        return self.key_display or _display(self.keys)

    def keys_for(self, keymap: Mapping[str, str] | None) -> str:
        """The keys as the agent has them: rebound by the `keymap` setting, else the defaults."""
        rebound = (keymap or {}).get(self.id)
        return _display(rebound) if rebound else self.display_keys

    def hint_for(self, keymap: Mapping[str, str] | None) -> str:
        """The first key, for a one-line hint ("ctrl+j send")."""
        return self.keys_for(keymap).split(", ")[0]


_NAMED_KEYS = frozenset({"enter", "escape", "space", "tab"})  # said, not drawn as a glyph


def display_key(key: str) -> str:
    """A Textual key name as the agent reads it: "question_mark" → "?", "ctrl+j" stays."""
    *modifiers, last = key.strip().split("+")
    return "+".join([*modifiers, last if last in _NAMED_KEYS else format_key(last)])


def _display(keys: str) -> str:
    return ", ".join(display_key(key) for key in keys.split(",") if key.strip())


def _filter(number: int, view: ViewSpec) -> Command:
    return Command(
        f"filter.{view.name}",
        str(number),
        f"filter('{view.name}')",
        f"View: {view.title}",
        view.help,
        "main",
        show=False,
    )


# The built-in views' tabs, keys 1…7 (saved and inbox views follow them: `h` `l`, the palette).
TAB_VIEWS = tuple(view for view in BUILTIN_VIEWS if view.tab)

# On the messages of the open conversation (tui/screens/message_actions.py).
MESSAGE_COMMANDS: tuple[Command, ...] = (
    Command(
        "find",
        "f",
        "find",
        "Find",
        "Find text in the open conversation; n/N go to the next/previous match, escape ends.",
        "main",
        show=False,
    ),
    Command(
        "copy",
        "Y",
        "copy",
        "Copy…",
        "Copy the message under the cursor, a link of it or the session id to the terminal "
        "clipboard (shown too).",
        "main",
        show=False,
    ),
    Command(
        "pipe",
        "vertical_line",
        "pipe",
        "Pipe…",
        "Pipe the message under the cursor (no cursor: the transcript) to a shell command.",
        "main",
        show=False,
        key_display="|",
    ),
    Command(
        "pipe_transcript",
        "",
        "pipe(True)",
        "Pipe transcript…",
        "Pipe the whole transcript of the conversation to a shell command.",
        "main",
        show=False,
    ),
    Command(
        "pager",
        "V",
        "pager",
        "Pager",
        "Read the transcript in $PAGER (less when unset).",
        "main",
        show=False,
    ),
    Command(
        "edit_message",
        "c",
        "edit_message",
        "Edit message",
        "Edit your message under the cursor (no cursor: your newest), then confirm the new text.",
        "main",
        show=False,
    ),
    Command(
        "delete_message",
        "d",
        "delete_message",
        "Delete message",
        "Delete your message under the cursor (asks first).",
        "main",
        show=False,
    ),
)

COMMANDS: tuple[Command, ...] = (
    Command("quit", "q", "quit", "Quit", "Quit crisp-tui.", "app"),
    Command(
        "help", "question_mark", "help", "Help", "List every key binding.", "app", key_display="?"
    ),
    Command("refresh", "ctrl+r", "refresh", "Refresh", "Fetch the inbox now.", "app", show=False),
    Command(
        "theme",
        "",
        "change_theme",
        "Theme",
        "Pick a colour theme; it is remembered on restart.",
        "app",
        show=False,
    ),
    Command(
        "switch_profile",
        "W",
        "app.switch_profile",
        "Switch website",
        "Switch to another profile's website (a [profiles.NAME] table of the config file).",
        "main",
        show=False,
    ),
    Command(
        "open",
        "enter",
        "open",
        "Open",
        "Open the highlighted conversation.",
        "main",
        show=False,
        palette=False,
    ),
    Command(
        "back",
        "escape",
        "back",
        "Back",
        "Go back: composer → conversation → list.",
        "main",
        show=False,
        palette=False,
    ),
    Command(
        "search", "slash", "search", "Search", "Search conversations.", "main", key_display="/"
    ),
    Command(
        "next_unread",
        "n",
        "next_unread",
        "Next unread",
        "Open the next conversation with unread messages.",
        "main",
    ),
    Command(
        "next_conversation",
        "J,right_square_bracket",
        "step(1)",
        "Next",
        "Open the next conversation of the list, staying where you are.",
        "main",
        show=False,
        key_display="J",
    ),
    Command(
        "previous_conversation",
        "K,left_square_bracket",
        "step(-1)",
        "Previous",
        "Open the previous conversation of the list, staying where you are.",
        "main",
        show=False,
        key_display="K",
    ),
    Command(
        "sort",
        "s",
        "toggle_sort",
        "Sort",
        "Sort by waiting time (longest first) or by latest activity.",
        "main",
        show=False,
    ),
    Command("reply", "r", "compose('reply')", "Reply", "Write a reply to the visitor.", "main"),
    Command(
        "note", "N", "compose('note')", "Note", "Write a private note (operators only).", "main"
    ),
    Command(
        "snippet",
        "ctrl+n",
        "snippet",
        "Snippet…",
        "Insert a canned reply (snippet) in the composer; !name at the start of a word there "
        "does the same.",
        "main",
        show=False,
    ),
    Command(
        "resolve",
        "e",
        "set_state('resolved')",
        "Resolve",
        "Resolve, then move to the next conversation.",
        "main",
    ),
    Command(
        "unresolve",
        "R",
        "set_state('unresolved')",
        "Unresolve",
        "Unresolve: reopen the conversation.",
        "main",
        show=False,
    ),
    Command(
        "undo",
        "u",
        "undo",
        "Undo",
        "Undo the last resolve, pending, assign, unassign or read/unread (for 10 seconds).",
        "main",
        show=False,
    ),
    Command(
        "pending",
        "p",
        "set_state('pending')",
        "Pending",
        "Mark pending, then move to the next conversation.",
        "main",
        show=False,
    ),
    Command(
        "assign_me",
        "a",
        "assign_me",
        "Assign me",
        "Assign to me, then move to the next conversation.",
        "main",
        show=False,
    ),
    Command(
        "assign",
        "A",
        "assign_picker",
        "Assign…",
        "Assign to an operator (picker).",
        "main",
        show=False,
    ),
    Command("unassign", "U", "unassign", "Unassign", "Remove the assignee.", "main", show=False),
    Command(
        "mark_read",
        "m",
        "mark_read",
        "Mark read",
        "Mark the conversation read.",
        "main",
        show=False,
    ),
    Command(
        "mark_unread",
        "M",
        "mark_unread",
        "Mark unread",
        "Mark the conversation unread.",
        "main",
        show=False,
    ),
    Command(
        "select",
        "space",
        "toggle_select",
        "Select",
        "Select or unselect the highlighted conversation: resolve, pending, assign, unassign "
        "and read/unread then act on every selected one, after one confirmation.",
        "main",
        show=False,
    ),
    Command(
        "select_all",
        "asterisk",
        "select_all",
        "Select all",
        "Select every conversation the list has loaded (the current view).",
        "main",
        show=False,
        key_display="*",
    ),
    Command(
        "clear_selection",
        "minus",
        "clear_selection",
        "Clear selection",
        "Unselect every conversation (escape in the list does too).",
        "main",
        show=False,
        key_display="-",
    ),
    Command(
        "visitor",
        "v",
        "toggle_visitor",
        "Visitor panel",
        "Show or hide the visitor panel.",
        "main",
        show=False,
    ),
    Command(
        "segments",
        "number_sign",
        "edit_segments",
        "Segments",
        "Edit the segments of the visitor's conversation (shows what will be saved first).",
        "main",
        show=False,
        key_display="#",
    ),
    Command(
        "visitor_history",
        "H",
        "visitor_history",
        "Previous conversations",
        "Open another conversation of this visitor (the visitor panel looks them up).",
        "main",
        show=False,
    ),
    Command(
        "link",
        "o",
        "open_link",
        "Open link",
        "Open a link of the conversation in the browser (or show and copy it).",
        "main",
        show=False,
    ),
    Command(
        "save_file",
        "w",
        "save_attachment",
        "Save file",
        "Save a file of the conversation to the downloads directory (shows its URL first).",
        "main",
        show=False,
    ),
    Command(
        "preview_image",
        "i",
        "preview_image",
        "Preview image",
        "Show an image of the conversation here (fetched only now, its URL shown first).",
        "main",
        show=False,
    ),
    Command(
        "send_file",
        "F",
        "send_file",
        "Send file…",
        "Send a file from a path to the visitor (asks for confirmation).",
        "main",
        show=False,
    ),
    Command(
        "copy_email",
        "y",
        "copy_email",
        "Copy email",
        "Send the visitor's email to the terminal clipboard, and show it.",
        "main",
        show=False,
    ),
    Command(
        "older",
        "ctrl+u",
        "load_older",
        "Older messages",
        "Load older messages.",
        "main",
        show=False,
    ),
    Command(
        "cancel_send",
        "x",
        "cancel_send",
        "Cancel queued",
        "Cancel a queued reply (or drop one of unknown outcome); its text returns to the draft.",
        "main",
        show=False,
    ),
    Command(
        "resend_unknown",
        "S",
        "resend_unknown",
        "Resend",
        "Send again a reply whose outcome is unknown (it may then arrive twice).",
        "main",
        show=False,
    ),
    Command(
        "discard_draft",
        "D",
        "discard_draft",
        "Discard draft",
        "Throw away the draft of the open conversation (asks first).",
        "main",
        show=False,
    ),
    Command(
        "take_proposal",
        "t",
        "take_proposal",
        "Take proposal",
        "Take the assistant's proposal into the composer, to edit and send.",
        "main",
    ),
    Command(
        "dismiss_proposal",
        "T",
        "dismiss_proposal",
        "Dismiss proposal",
        "Dismiss the assistant's proposal.",
        "main",
        show=False,
    ),
    *MESSAGE_COMMANDS,
    *(_filter(number, view) for number, view in enumerate(TAB_VIEWS, 1)),
    Command(
        "next_view",
        "l",
        "view_step(1)",
        "Next view",
        "Show the next view's tab (saved views and Crisp inboxes follow the built-in ones).",
        "main",
        show=False,
    ),
    Command(
        "previous_view",
        "h",
        "view_step(-1)",
        "Previous view",
        "Show the previous view's tab.",
        "main",
        show=False,
    ),
    Command(
        "send",
        "ctrl+j,alt+enter,ctrl+enter,ctrl+s",
        "send",
        "Send",
        "Review and send the draft.",
        "composer",
        key_display="ctrl+j",
    ),
    Command(
        "editor",
        "f2,ctrl+o",
        "editor",
        "$EDITOR",
        "Edit the draft in $EDITOR.",
        "composer",
        key_display="f2",
    ),
    Command(
        "switch_kind",
        "ctrl+t",
        "switch_kind",
        "Reply/Note",
        "Switch the composer between reply and private note.",
        "composer",
    ),
)


BY_ID: dict[str, Command] = {command.id: command for command in COMMANDS}

# Actions that change something in Crisp: read-only mode hides them (keys, key bar, palette).
WRITE_ACTIONS = frozenset(
    {
        *("compose", "set_state", "assign_me", "assign_picker", "unassign"),
        *("mark_read", "mark_unread", "undo", "edit_segments"),
        *("edit_message", "delete_message"),
    }
    | {"take_proposal", "dismiss_proposal", "snippet"}  # these hide with the composer
    | {"send_file"}
)


def action_name(action: str) -> str:
    """`set_state('resolved')` → `set_state`."""
    return action.split("(", 1)[0]


def bindings(scope: Scope) -> list[Binding]:
    return [command.binding() for command in COMMANDS if command.scope == scope and command.keys]


def key_hint(command_id: str, keymap: Mapping[str, str] | None) -> str:
    """The key that runs a command now, for hints written in prose ("? lists every key")."""
    return BY_ID[command_id].hint_for(keymap)


def keymap_of(app: object) -> Mapping[str, str]:
    """The keymap in effect in `app` (a bare App in tests has none)."""
    settings = getattr(app, "settings", None)
    return settings.keymap if settings is not None else {}
