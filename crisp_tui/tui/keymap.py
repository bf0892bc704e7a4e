"""The `[keymap]` setting checked against the binding registry before the app applies it.

An entry is kept only when its id is a binding's, its keys are real key names, and none of them
already does something else: another binding (as the keymap leaves it), moving in the list, one
of Textual's own keys, or, for a composer binding, typing and editing text. Any other entry is
refused with one warning naming it and its binding keeps the default keys: a keymap is never
half-applied, and what the agent wrote is only ever shown as text.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping

from textual.keys import KEY_NAME_REPLACEMENTS, Keys, key_to_character

from ..config_values import shown
from .bindings import BY_ID, COMMANDS, Command

MODIFIERS = frozenset({"ctrl", "alt", "shift", "meta", "super", "hyper"})
_NAMED_KEYS = frozenset(
    key.value
    for key in Keys
    if key.value.isalnum()  # escape, enter, up, f2… not ctrl+x
)
# Textual spells a few characters its own way ("slash", not "solidus").
_UNICODE_NAMES = {short: long for long, short in KEY_NAME_REPLACEMENTS.items()}

# Keys that belong to no binding of the registry but already do something.
_NAVIGATION = {
    "j": "moves down in the list and the conversation",
    "k": "moves up in the list and the conversation",
    "g": "goes to the first row or the oldest message",
    "G": "goes to the last row or the newest message",
    **dict.fromkeys(
        ("up", "down", "left", "right", "home", "end", "pageup", "pagedown"),
        "moves in the list and the conversation",
    ),
    **dict.fromkeys(("tab", "shift+tab"), "moves the focus"),
    "ctrl+p": "opens the command palette",
    "ctrl+q": "quits",
    "ctrl+c": "copies",
}
# The composer's own editing keys (Textual's TextArea): a composer binding must not take them.
_TEXT_EDITING = frozenset(
    [
        "left",
        "right",
        "ctrl+left",
        "ctrl+right",
        "ctrl+a",
        "ctrl+e",
        "ctrl+shift+left",
        "ctrl+shift+right",
        "shift+home",
        "shift+end",
        "shift+up",
        "shift+down",
        "shift+left",
        "shift+right",
        "f6",
        "f7",
        "backspace",
        "ctrl+w",
        "ctrl+backspace",
        "alt+backspace",
        "delete",
        "ctrl+d",
        "alt+delete",
        "ctrl+x",
        "super+x",
        "super+c",
        "ctrl+v",
        "ctrl+u",
        "super+backspace",
        "ctrl+k",
        "ctrl+shift+k",
        "ctrl+z",
        "super+z",
        "ctrl+y",
        "super+y",
        "enter",
    ]
)
_COMMAND_MODIFIERS = MODIFIERS - {"shift"}


def canonical(key: str) -> str | None:
    """One key in a form that compares equal however it is written ("?" and "question_mark",
    "shift+ctrl+x" and "ctrl+shift+x"); None when it is not a key Textual can deliver."""
    *modifiers, base = key.split("+")
    if not base or len(set(modifiers)) != len(modifiers) or not MODIFIERS.issuperset(modifiers):
        return None
    if len(base) == 1:
        name = base if base.isprintable() and not base.isspace() else None
    elif base in _NAMED_KEYS:
        name = base
    else:
        character = key_to_character(_UNICODE_NAMES.get(base, base))
        printable = character is not None and len(character) == 1 and character.isprintable()
        name = character if printable and not character.isspace() else None
    return None if name is None else "+".join([*sorted(modifiers), name])


def _keys(text: str) -> list[str]:
    return [key.strip() for key in text.split(",")]


def _defaults(command: Command) -> set[str]:
    return {canonical(key) or key for key in _keys(command.keys) if key}


def _why_not(command: Command, keys: Iterable[str]) -> str | None:
    """Why `keys` cannot be `command`'s, ignoring the registry's other bindings."""
    for key in keys:
        if key in _NAVIGATION and key not in _defaults(command):
            return f"{key} {_NAVIGATION[key]}"
        if command.scope == "composer":
            *modifiers, base = key.split("+")
            if key in _TEXT_EDITING:
                return f"{key} edits text in the composer"
            if not _COMMAND_MODIFIERS.intersection(modifiers) and not (
                base.startswith("f") and base[1:].isdigit()
            ):
                return f"{key} types text in the composer: use ctrl+, alt+ or a function key"
    return None


def validated_keymap(keymap: Mapping[str, str]) -> tuple[dict[str, str], list[str]]:
    """The entries of `keymap` the app can apply as they are, and a warning for each other."""
    proposed: dict[str, tuple[str, set[str]]] = {}
    warnings: list[str] = []

    def refuse(entry: str, value: str, reason: str) -> None:
        warnings.append(f"Ignored keymap {entry} = {shown(value)}: {reason}.")

    for entry, value in keymap.items():
        command = BY_ID.get(entry)
        keys = _keys(value)
        if command is None:
            close = difflib.get_close_matches(entry, BY_ID, n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            refuse(shown(entry), value, f"there is no such binding{hint}")
        elif not command.keys:
            refuse(entry, value, "that action has no key (run it from the palette)")
        elif not all(keys):
            refuse(entry, value, "a key is empty")
        elif any(canonical(key) is None for key in keys):
            bad = next(key for key in keys if canonical(key) is None)
            refuse(entry, value, f"{shown(bad)} is not a key name (such as E, ctrl+e, f2, space)")
        elif reason := _why_not(command, [canonical(key) or key for key in keys]):
            refuse(entry, value, reason)
        else:
            proposed[entry] = (", ".join(keys), {canonical(key) or key for key in keys})

    # Two bindings must not share a key. Refusing an entry gives its binding back its default
    # keys, which may clash in turn: repeat until nothing clashes. The later entry gives way.
    while clash := _first_clash(proposed):
        entry, key, other = clash
        refuse(entry, proposed.pop(entry)[0], f"{key} is already bound to {other.id}")
    return {entry: text for entry, (text, _) in proposed.items()}, warnings


def _first_clash(proposed: Mapping[str, tuple[str, set[str]]]) -> tuple[str, str, Command] | None:
    def keys_of(command: Command) -> set[str]:
        return proposed[command.id][1] if command.id in proposed else _defaults(command)

    for entry in reversed(proposed):
        for other in COMMANDS:
            if other.id != entry and (shared := proposed[entry][1] & keys_of(other)):
                return entry, min(shared), other
    return None
