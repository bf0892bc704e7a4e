"""Saved views in the config file: both TOML forms, every condition, and one sentence for each
entry left out (the others apply)."""

from __future__ import annotations

import pytest

from crisp_tui.config import load_settings

from .test_config import write_config


def test_both_forms_of_saved_views_are_read_with_every_condition():
    write_config(
        """
[[views]]
name = "VIP waiting"
state = "open"
segment = "vip"
assigned = "nobody"
sort = "waiting"

[[views]]
name = "Refunds"
search = "refund"
unread = true
mentions = true
inbox = "Sales"
"""
    )
    settings = load_settings()
    assert settings.warnings == ()
    vip, refunds = settings.views
    assert (vip.name, vip.states, vip.segment, vip.assigned, vip.sort) == (
        "VIP waiting",
        ("unresolved", "pending"),
        "vip",
        "nobody",
        "waiting",
    )
    assert (refunds.search, refunds.unread, refunds.mentions, refunds.inbox_id) == (
        "refund",
        True,
        True,
        "Sales",
    )
    write_config('[views.pending]\nstate = "pending"\n[views."Billing me"]\nassigned = "me"\n')
    assert [(v.name, v.states, v.assigned) for v in load_settings().views] == [
        ("pending", ("pending",), ""),
        ("Billing me", None, "me"),
    ]


@pytest.mark.parametrize(
    ("toml", "says"),
    [
        ('[[views]]\nstate = "open"', "view without a name in"),
        ('[[views]]\nname = "x"\nstate = "closed"', "state must be one of open, unresolved"),
        ('[[views]]\nname = "x"\nassigned = "bob"', "assigned must be one of me, someone, nobody"),
        ('[[views]]\nname = "x"\nsort = "oldest"', "sort must be one of activity, waiting"),
        ('[[views]]\nname = "x"\nunread = "yes"', "unread must be true or false, not 'yes'"),
        ('[[views]]\nname = "x"\ncolour = "red"', "'colour' is not a view condition"),
        ('[[views]]\nname = "Open"', "already used by another view"),
        ('[[views]]\nname = "x"\nsegment = "a\\u001b]0;pwn"', "segment must be quoted text"),
        ('views = "vip"', "write each view as a [[views]] table"),
    ],
)
def test_each_bad_view_is_left_out_with_one_sentence(toml, says):
    whole = toml.startswith("views =")  # the whole entry is wrong: nothing to keep
    path = write_config(toml if whole else toml + '\n[[views]]\nname = "kept"\nunread = true\n')
    settings = load_settings()
    assert [view.name for view in settings.views] == ([] if whole else ["kept"])
    (warning,) = settings.warnings
    assert says in warning and str(path) in warning
    assert "\x1b" not in warning
