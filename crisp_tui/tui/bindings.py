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

Scope = Literal["app", "main", "composer"]

SCOPE_TITLES: dict[Scope, str] = {
    "app": "Everywhere",
    "main": "Inbox and conversation",
    "composer": "Composer",
}


@dataclass(frozen=True)
class Command:
    id: str
    keys: str  # Textual key names, comma separated
    action: str
    description: str  # short, for the Footer
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
        return self.key_display or ", ".join(self.keys.split(","))

    def keys_for(self, keymap: Mapping[str, str] | None) -> str:
        """The keys as the agent has them: rebound by the `keymap` setting, else the defaults."""
        return (keymap or {}).get(self.id, self.display_keys)


def _filter(number: int, name: str, label: str, help: str) -> Command:
    return Command(
        f"filter.{name}", str(number), f"filter('{name}')", label, help, "main", show=False
    )


FILTERS: tuple[tuple[str, str, str], ...] = (
    ("open", "Open", "Show open conversations (unresolved and pending)."),
    ("unread", "Unread", "Show conversations with unread messages."),
    ("mine", "Mine", "Show conversations assigned to me."),
    ("unassigned", "Unassigned", "Show conversations nobody is assigned to."),
    ("mentions", "Mentions", "Show conversations that mention me."),
    ("resolved", "Resolved", "Show resolved conversations."),
    ("all", "All", "Show every conversation."),
)

COMMANDS: tuple[Command, ...] = (
    Command("quit", "q", "quit", "Quit", "Quit crisp-tui.", "app"),
    Command(
        "help", "question_mark", "help", "Help", "List every key binding.", "app", key_display="?"
    ),
    Command("refresh", "ctrl+r", "refresh", "Refresh", "Fetch the inbox now.", "app", show=False),
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
    Command("reply", "r", "compose('reply')", "Reply", "Write a reply to the visitor.", "main"),
    Command(
        "note", "N", "compose('note')", "Note", "Write a private note (operators only).", "main"
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
        "mark_read", "m", "mark_read", "Read", "Mark the conversation read.", "main", show=False
    ),
    Command(
        "mark_unread",
        "M",
        "mark_unread",
        "Unread",
        "Mark the conversation unread.",
        "main",
        show=False,
    ),
    Command(
        "visitor",
        "v",
        "toggle_visitor",
        "Visitor",
        "Show or hide the visitor panel.",
        "main",
        show=False,
    ),
    Command(
        "link",
        "o",
        "open_link",
        "Link",
        "Open a link of the conversation in the browser.",
        "main",
        show=False,
    ),
    Command(
        "copy_email",
        "y",
        "copy_email",
        "Copy email",
        "Copy the visitor's email to the clipboard.",
        "main",
        show=False,
    ),
    Command("older", "ctrl+u", "load_older", "Older", "Load older messages.", "main", show=False),
    Command(
        "cancel_send",
        "x",
        "cancel_send",
        "Cancel queued",
        "Cancel a queued reply; its text returns to the draft.",
        "main",
        show=False,
    ),
    *(_filter(number, *entry) for number, entry in enumerate(FILTERS, 1)),
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


def bindings(scope: Scope) -> list[Binding]:
    return [command.binding() for command in COMMANDS if command.scope == scope]
