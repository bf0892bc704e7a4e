"""What a view of the inbox is, as data: the built-in tabs, the views saved in the config file
(`[[views]]` or `[views.NAME]`) and Crisp's inboxes are all `ViewSpec`s. How a spec becomes a
Crisp list query and a filter over the cache is `inbox/views.py`.

Saved views are checked here, when the settings load: each wrong entry gets one sentence and is
left out, the others apply (as for every other setting).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .config_values import shown

# `state` in a view: what it keeps ("open" is Crisp's "not resolved": unresolved and pending).
STATE_CHOICES: Mapping[str, tuple[str, ...] | None] = {
    "open": ("unresolved", "pending"),
    "unresolved": ("unresolved",),
    "pending": ("pending",),
    "resolved": ("resolved",),
    "all": None,
}
ASSIGNED_CHOICES = ("me", "someone", "nobody")
# "activity": newest activity first (order_date_updated); "waiting": longest wait first
# (order_date_waiting, which keeps only the conversations waiting for a reply).
SORT_CHOICES: Mapping[str, str] = {"activity": "updated", "waiting": "waiting"}
MAX_NAME = 40


@dataclass(frozen=True)
class ViewSpec:
    """One view: a name, and every condition a conversation must meet to be in it."""

    name: str  # what `--view` and the palette take; the tab's label unless `label` is set
    label: str = ""
    short: str = ""  # the tab's label when the full ones do not fit
    help: str = ""
    states: tuple[str, ...] | None = None  # None: any state
    unread: bool = False
    assigned: str = ""  # "" (anyone or nobody), "me", "someone", "nobody"
    mentions: bool = False  # mentions me
    inbox_id: str = ""  # a Crisp inbox id (a saved view may name the inbox instead)
    segment: str = ""
    search: str = ""
    sort: str = ""  # "" (the agent's sort, `s`), "updated" or "waiting"
    tab: bool = True  # shown as a tab (built-ins only the CLI knows are not)

    @property
    def title(self) -> str:
        return self.label or self.name

    @property
    def needs_me(self) -> bool:
        """Whether the view means nothing until the agent says which operator they are."""
        return self.assigned == "me" or self.mentions


BUILTIN_VIEWS: tuple[ViewSpec, ...] = (
    ViewSpec(
        "open",
        "Open",
        "Open",
        "Show open conversations (unresolved and pending).",
        states=STATE_CHOICES["open"],
    ),
    ViewSpec("unread", "Unread", "Unrd", "Show conversations with unread messages.", unread=True),
    ViewSpec("mine", "Mine", "Mine", "Show conversations assigned to me.", assigned="me"),
    ViewSpec(
        "unassigned",
        "Unassigned",
        "Unas",
        "Show conversations nobody is assigned to.",
        assigned="nobody",
    ),
    ViewSpec("mentions", "Mentions", "@me", "Show conversations that mention me.", mentions=True),
    ViewSpec(
        "resolved",
        "Resolved",
        "Res",
        "Show resolved conversations.",
        states=STATE_CHOICES["resolved"],
    ),
    ViewSpec("all", "All", "All", "Show every conversation."),
    # Only the CLI has these (`--filter`, kept from before views): no tab, no key.
    ViewSpec(
        "unresolved",
        "Unresolved",
        help="Conversations not resolved (as open).",
        states=STATE_CHOICES["open"],
        tab=False,
    ),
    ViewSpec(
        "assigned",
        "Assigned",
        help="Conversations assigned to anyone.",
        assigned="someone",
        tab=False,
    ),
)
BUILTIN_NAMES = frozenset(view.name for view in BUILTIN_VIEWS)

_KEYS = ("name", "state", "unread", "assigned", "mentions", "inbox", "segment", "search", "sort")


def saved_views(
    table: Any, path: Path, taken: frozenset[str]
) -> tuple[tuple[ViewSpec, ...], list[str]]:
    """The views of the config file's `views` (a list of tables, `[[views]]`, each with a
    `name`; or a table of tables, `[views.NAME]`), and one warning per entry left out. `taken`:
    names already used (the built-in views)."""
    if table is None:
        return (), []
    if isinstance(table, list):
        entries = [(_entry_name(entry), entry) for entry in table]
    elif isinstance(table, Mapping):
        entries = list(table.items())
    else:
        return (), [
            f"Ignored views in {path}: write each view as a [[views]] table with a name "
            '(or a [views.NAME] table), e.g. [[views]] name = "VIP" segment = "vip".'
        ]
    views: list[ViewSpec] = []
    warnings: list[str] = []
    used = {name.casefold() for name in taken}
    for name, entry in entries:
        try:
            view = _view(name, entry, used)
        except ValueError as error:
            warnings.append(f"Ignored the view {_called(name)} in {path}: {error}.")
            continue
        used.add(view.name.casefold())
        views.append(view)
    return tuple(views), warnings


def _entry_name(entry: Any) -> Any:
    return entry.get("name") if isinstance(entry, Mapping) else None


def _called(name: Any) -> str:
    return shown(name) if isinstance(name, str) and name else "without a name"


def _view(name: Any, entry: Any, used: set[str]) -> ViewSpec:
    if not isinstance(entry, Mapping):
        raise ValueError('it must be a table of conditions, such as state = "open"')
    if not isinstance(name, str) or not name.strip():
        raise ValueError('it needs a name = "…" (the tab\'s label)')
    name = name.strip()
    if not name.isprintable() or len(name) > MAX_NAME:
        raise ValueError(f"its name must be printable text of at most {MAX_NAME} characters")
    if name.casefold() in used:
        raise ValueError("that name is already used by another view: pick another")
    unknown = [key for key in entry if key not in _KEYS]
    if unknown:
        raise ValueError(
            f"{shown(unknown[0])} is not a view condition (use {', '.join(_KEYS[1:])})"
        )
    state = _choice(entry, "state", tuple(STATE_CHOICES), "all")
    sort = _choice(entry, "sort", tuple(SORT_CHOICES), "")
    segment, search = _text(entry, "segment"), _text(entry, "search")
    return ViewSpec(
        name=name,
        help="Show a view saved in the config file.",
        states=STATE_CHOICES[state],
        unread=_flag(entry, "unread"),
        assigned=_choice(entry, "assigned", ASSIGNED_CHOICES, ""),
        mentions=_flag(entry, "mentions"),
        inbox_id=_text(entry, "inbox"),
        segment=segment,
        search=search,
        sort=SORT_CHOICES.get(sort, ""),
    )


def _flag(entry: Mapping[str, Any], key: str) -> bool:
    value = entry.get(key, False)
    if not isinstance(value, bool):
        raise ValueError(f"{key} must be true or false, not {shown(value)}")
    return value


def _text(entry: Mapping[str, Any], key: str) -> str:
    value = entry.get(key, "")
    if not isinstance(value, str) or not value.isprintable():
        raise ValueError(f"{key} must be quoted text on one line, not {shown(value)}")
    return value.strip()


def _choice(entry: Mapping[str, Any], key: str, choices: tuple[str, ...], default: str) -> str:
    value = entry.get(key, default)
    if value != default and value not in choices:
        raise ValueError(f"{key} must be one of {', '.join(choices)}, not {shown(value)}")
    return str(value)
