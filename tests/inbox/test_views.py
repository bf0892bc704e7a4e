"""The one table of views: each view as Crisp's list query, as a filter over the cache and as a
predicate on a conversation; the saved and inbox views join the built-in ones."""

from __future__ import annotations

import pytest

from crisp_tui.crisp.models import Conversation, WebsiteInbox
from crisp_tui.inbox.store import Store
from crisp_tui.inbox.views import View, find_view, view_table
from crisp_tui.view_spec import BUILTIN_VIEWS, ViewSpec


def conversation(**raw) -> Conversation:
    return Conversation.parse({"session_id": "s", **raw})


def params(view: View, me: str | None = "op1", sort: str = "updated") -> dict[str, str]:
    return view.api_query(me, sort).params()


def test_each_builtin_view_maps_to_its_api_flags():
    assert params(View.builtin("open")) == {"filter_not_resolved": "1", "order_date_updated": "1"}
    assert params(View.builtin("unread"))["filter_unread"] == "1"
    assert params(View.builtin("mine"))["filter_assigned"] == "op1"
    assert params(View.builtin("unassigned"))["filter_unassigned"] == "1"
    # filter_mention is undocumented for a plugin token: mentions are filtered locally.
    assert "filter_mention" not in params(View.builtin("mentions"))
    assert params(View.builtin("resolved"))["filter_resolved"] == "1"
    assert params(View.builtin("all")) == {"order_date_updated": "1"}
    searched = params(View.builtin("open", "refund"))
    assert searched["search_query"] == "refund" and searched["search_type"] == "text"


def test_a_saved_view_combines_every_condition_into_one_query():
    spec = ViewSpec(
        "VIP waiting",
        states=("unresolved", "pending"),
        unread=True,
        assigned="nobody",
        inbox_id="inbox-1",
        segment="vip",
    )
    assert params(View(spec), sort="waiting") == {
        "filter_not_resolved": "1",
        "filter_unread": "1",
        "filter_unassigned": "1",
        "filter_inbox_id": "inbox-1",
        "search_query": "vip",
        "search_type": "segment",
        # Crisp then lists only the conversations waiting for a reply, longest first.
        "order_date_waiting": "1",
    }
    # With search text, Crisp searches the text and the segment is checked on each row.
    typed = params(View(spec, "refund"))
    assert (typed["search_query"], typed["search_type"]) == ("refund", "text")
    assert View(spec, "refund").checks_locally
    assert not View(spec, "").checks_locally
    assert not View(spec).accepts(conversation(state="unresolved", unread={"operator": 1}), None)
    assert View(spec).accepts(
        conversation(
            state="pending", unread={"operator": 1}, inbox_id="inbox-1", meta={"segments": ["vip"]}
        ),
        None,
    )


def test_a_views_own_search_text_goes_before_the_typed_one():
    spec = ViewSpec("refunds", search="refund", assigned="someone")
    assert params(View(spec, "card"))["search_query"] == "refund card"
    assert View(spec).checks_locally  # "assigned to someone" has no Crisp filter
    assert "filter_assigned" not in params(View(spec))


def test_unknown_builtin_view_is_refused():
    with pytest.raises(ValueError, match="Unknown view"):
        View.builtin("bogus")


@pytest.mark.parametrize(
    ("name", "accepted", "rejected"),
    [
        ("open", {"state": "pending"}, {"state": "resolved"}),
        ("unread", {"unread": {"operator": 2}}, {"unread": {"operator": 0}}),
        ("mine", {"assigned": {"user_id": "me"}}, {"assigned": {"user_id": "other"}}),
        ("unassigned", {}, {"assigned": {"user_id": "x"}}),
        ("mentions", {"mentions": ["me"]}, {"mentions": ["other"]}),
        ("resolved", {"state": "resolved"}, {"state": "unresolved"}),
        ("assigned", {"assigned": {"user_id": "x"}}, {}),
    ],
)
def test_local_predicates_and_cache_filters_agree(name, accepted, rejected):
    view = View.builtin(name)
    yes, no = conversation(**accepted), conversation(**rejected, session_id="t")
    assert view.accepts(yes, "me")
    assert not view.accepts(no, "me")
    store = Store.in_memory()
    store.upsert_conversations([yes, no])
    cached = store.conversations(where=view.cache_filter("me"))
    assert [c.session_id for c in cached] == ["s"]
    assert store.count_each([view.cache_filter("me"), View.builtin("all").cache_filter("me")]) == [
        1,
        2,
    ]


def test_the_waiting_sort_keeps_only_waiting_conversations_in_the_cache_longest_first():
    store = Store.in_memory()
    store.upsert_conversations(
        [
            conversation(session_id="a", waiting_since=300, updated_at=5),
            conversation(session_id="b", waiting_since=100, updated_at=4),
            conversation(session_id="c", updated_at=9),
            conversation(session_id="d", waiting_since=50, state="resolved"),
        ]
    )
    where = View.builtin("all").cache_filter(None, "waiting")
    rows = store.conversations(where=where, longest_waiting=True)
    assert [c.session_id for c in rows] == ["b", "a"]


def test_inbox_views_follow_the_saved_ones_and_a_saved_view_may_name_its_inbox():
    inboxes = [
        WebsiteInbox.parse({"inbox_id": "i2", "name": "Support", "order": 2}),
        WebsiteInbox.parse({"inbox_id": "i1", "name": "Sales", "order": 1}),
        WebsiteInbox.parse({"inbox_id": "i3", "name": "open", "order": 3}),  # taken: left out
    ]
    saved = ViewSpec("Sales unread", unread=True, inbox_id="sales")
    table = view_table([saved], inboxes)
    names = [spec.name for spec in table]
    assert names[: len(BUILTIN_VIEWS)] == [spec.name for spec in BUILTIN_VIEWS]
    assert names[len(BUILTIN_VIEWS) :] == ["Sales unread", "Sales", "Support"]
    assert find_view(table, "sales unread").inbox_id == "i1"
    assert params(View(find_view(table, "SUPPORT")))["filter_inbox_id"] == "i2"
