from __future__ import annotations

import pytest

from crisp_tui.crisp.models import Conversation
from crisp_tui.inbox.views import FILTERS, View


def conversation(**raw) -> Conversation:
    return Conversation.parse({"session_id": "s", **raw})


def test_each_filter_maps_to_its_api_flags():
    assert View("open").api_query(None).params() == {
        "filter_not_resolved": "1",
        "order_date_updated": "1",
    }
    assert View("unread").api_query(None).params()["filter_unread"] == "1"
    assert View("mine").api_query("op1").params()["filter_assigned"] == "op1"
    assert View("unassigned").api_query(None).params()["filter_unassigned"] == "1"
    # filter_mention is undocumented for a plugin token: mentions are filtered locally.
    assert "filter_mention" not in View("mentions").api_query("op1").params()
    assert View("resolved").api_query(None).params()["filter_resolved"] == "1"
    assert View("all").api_query(None).params() == {"order_date_updated": "1"}
    searched = View("open", "refund").api_query(None).params()
    assert searched["search_query"] == "refund" and searched["search_type"] == "text"


def test_unknown_filter_is_refused():
    with pytest.raises(ValueError, match="Unknown filter"):
        View("bogus")


@pytest.mark.parametrize(
    ("name", "accepted", "rejected"),
    [
        ("open", {"state": "pending"}, {"state": "resolved"}),
        ("unread", {"unread": {"operator": 2}}, {"unread": {"operator": 0}}),
        ("mine", {"assigned": {"user_id": "me"}}, {"assigned": {"user_id": "other"}}),
        ("unassigned", {}, {"assigned": {"user_id": "x"}}),
        ("mentions", {"mentions": ["me"]}, {"mentions": ["other"]}),
        ("resolved", {"state": "resolved"}, {"state": "unresolved"}),
    ],
)
def test_local_predicates_follow_the_filter(name, accepted, rejected):
    view = View(name)
    assert view.accepts(conversation(**accepted), "me")
    assert not view.accepts(conversation(**rejected), "me")


def test_every_filter_has_a_title():
    assert all(View(name).title for name in FILTERS)
