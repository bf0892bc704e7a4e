"""The [keymap] setting is checked against the registry: bad entries are refused one by one."""

from __future__ import annotations

import pytest

from crisp_tui.tui.bindings import COMMANDS
from crisp_tui.tui.keymap import canonical, validated_keymap


def test_the_default_keys_rebound_to_themselves_are_all_accepted() -> None:
    keymap = {command.id: command.keys for command in COMMANDS if command.keys}
    accepted, warnings = validated_keymap(keymap)
    assert warnings == [] and set(accepted) == set(keymap)


@pytest.mark.parametrize(
    "keymap",
    [
        {"resolve": "E"},
        {"next_unread": "space", "select": "n", "help": "?", "search": "/", "reply": "alt+r"},
        {"resolve": "p", "pending": "e"},  # a swap
        {"filter.open": "O, shift+f1"},
        {"send": "ctrl+g, f9"},
    ],
)
def test_good_rebindings_are_kept_as_written(keymap: dict[str, str]) -> None:
    assert validated_keymap(keymap) == (keymap, [])


@pytest.mark.parametrize(
    ("keymap", "says"),
    [
        ({"resolve": "[/x]"}, "resolve = '[/x]': '[/x]' is not a key name"),
        ({"resolve": "[b]E"}, "is not a key name"),
        ({"resolve": ""}, "resolve = '': a key is empty"),
        ({"resolve": "E,"}, "a key is empty"),
        ({"resolve": "ctrl+"}, "is not a key name"),
        ({"resolve": "hyperdrive+e"}, "is not a key name"),
        ({"resolv": "E"}, "'resolv' = 'E': there is no such binding (did you mean resolve?)"),
        ({"resolve": "j"}, "j moves down in the list"),
        ({"resolve": "down"}, "down moves in the list"),
        ({"resolve": "ctrl+p"}, "opens the command palette"),
        ({"resolve": "u"}, "u is already bound to undo"),
        ({"resolve": "question_mark"}, "? is already bound to help"),
        ({"send": "s"}, "s types text in the composer"),
        ({"send": "ctrl+a"}, "ctrl+a edits text in the composer"),
    ],
)
def test_each_bad_entry_is_refused_with_a_warning_naming_it(
    keymap: dict[str, str], says: str
) -> None:
    accepted, [warning] = validated_keymap({**keymap, "pending": "P"})
    assert accepted == {"pending": "P"}  # the good entry still applies
    assert warning.startswith("Ignored keymap ") and says in warning


def test_two_entries_on_one_key_keep_the_first() -> None:
    accepted, [warning] = validated_keymap({"resolve": "E", "pending": "E"})
    assert accepted == {"resolve": "E"} and "E is already bound to resolve" in warning


def test_a_refused_entry_whose_default_clashes_refuses_the_other_too() -> None:
    # pending = "j" is refused, so pending keeps p, which resolve = "p" then collides with.
    accepted, warnings = validated_keymap({"resolve": "p", "pending": "j"})
    assert accepted == {} and len(warnings) == 2


def test_keys_compare_however_they_are_written() -> None:
    assert canonical("?") == canonical("question_mark") == "?"
    assert canonical("/") == canonical("slash")
    assert canonical("shift+ctrl+x") == canonical("ctrl+shift+x")
    assert canonical("f2") == "f2" and canonical("space") == "space"
    assert canonical(" ") is None and canonical("\x1b") is None


def test_an_action_without_a_key_cannot_be_given_one() -> None:
    keyless = next(command for command in COMMANDS if not command.keys)
    accepted, [warning] = validated_keymap({keyless.id: "f9"})
    assert accepted == {} and "has no key" in warning
