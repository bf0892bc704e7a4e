"""The main screen: inbox list, conversation pane, visitor panel; owns layout and actions.

Widgets never call the inbox. Actions run in workers (the UI never waits on the network) and
every key paints something at once: the status bar shows "… resolving" until the work is done.
The inbox then emits events, and `inbox_changed` repaints from the inbox state.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input

from ...crisp.models import Conversation
from ...inbox.events import (
    BulkProgress,
    ConversationsChanged,
    DraftsChanged,
    InboxEvent,
    MessagesChanged,
    OutboxChanged,
    PresenceChanged,
    ProposalsChanged,
    SyncStatusChanged,
    VisitorContextChanged,
)
from ...inbox.views import View, find_view
from ...inbox.visitor_context import VisitorHistory
from ..attachment_flows import AttachmentFlows
from ..bindings import WRITE_ACTIONS, bindings, key_hint, keymap_of
from ..bulk import BulkTriage, conversations
from ..clock import Clock, system_clock
from ..handoff import copy_text, open_url
from ..message_window import MessageWindow
from ..render.row import empty_list
from ..widgets.conversation_pane import ConversationPane
from ..widgets.inbox_list import InboxList
from ..widgets.key_bar import KeyBar
from ..widgets.reply import Reply
from ..widgets.status_bar import StatusBar
from ..widgets.view_bar import ViewBar, tabs_of
from .message_actions import MessageActions

if TYPE_CHECKING:
    from ...crisp.live import LiveSocket
    from ...inbox.inbox import Inbox
    from ..widgets.composer import Composer, Kind

PROPOSAL_CHECK_SECONDS = 0.5  # a proposal made elsewhere shows within a second
# Typing and viewing changes wait this long to be painted: Crisp sends the visitor's compose
# event a moment before their message, and painting it alone took a frame, which held the
# message back by up to two more (Textual paints at most one frame per 1/60 s).
PRESENCE_PAINT_SECONDS = 0.1
NARROW_WIDTH = 80  # below this, the list and the conversation take turns on screen
SHORT_HEIGHT = 20  # below this, the composer only shows while it is used
# Below this, the visitor panel takes the list's place while reading (messages keep room).
ROOMY_WIDTH = 140
ADVANCING_STATES = ("resolved", "pending")
STATE_DONE = {"resolved": "Resolved {}", "pending": "Marked {} pending"}


class MainScreen(MessageActions, Screen[None]):
    BINDINGS = bindings("main")
    # Focused when composed, before the first frame: focusing later repaints every row.
    AUTO_FOCUS = "#inbox"

    def __init__(
        self, inbox: Inbox, *, start: Callable[[], Awaitable[object]], clock: Clock = system_clock
    ) -> None:
        super().__init__()
        self.inbox = inbox
        self.start = start
        self.clock = clock
        self.open_id: str | None = None
        self._proposed: frozenset[str] = frozenset()  # conversations the list marks as proposed
        self._busy: list[str] = []
        self._window = MessageWindow()
        self._shown_view = (inbox.view, inbox.sort)  # what the list shows
        self._last_done = ""  # what the last action did, for "Undone: …"
        self._counting = False  # the tabs' counts are due after this frame
        self._presence_due = False  # a typing or viewing change waits to be painted
        self._typing_ends: Timer | None = None  # paints the typing line away once forgotten
        self.attachment_flows = AttachmentFlows(self)
        self.bulk = BulkTriage(self)  # the selection, and actions on all of it

    # --- layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield ViewBar(id="view-bar")
        with Horizontal(id="body"):
            yield InboxList(id="inbox", clock=self.clock)
            with Vertical(id="conversation"):
                yield ConversationPane(id="pane", clock=self.clock)
                reply = Reply(self.inbox, run=self.run_inbox, id="reply")
                if self.read_only:
                    reply.display = False
                yield reply
        yield StatusBar(id="status", clock=self.clock, read_only=self.read_only)
        yield KeyBar()

    @property
    def read_only(self) -> bool:
        return self.inbox.settings.read_only

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Read-only mode hides every action that would change Crisp; the proposal keys show
        while the open conversation has one."""
        if self.read_only and action in WRITE_ACTIONS:
            return False
        if action in ("take_proposal", "dismiss_proposal"):
            return self.open_id in self._proposed
        return True

    @property
    def inbox_list(self) -> InboxList:
        return self.query_one(InboxList)

    @property
    def pane(self) -> ConversationPane:
        return self.query_one(ConversationPane)

    @property
    def reply(self) -> Reply:
        return self.query_one(Reply)

    @property
    def status_bar(self) -> StatusBar:
        return self.query_one(StatusBar)

    def on_mount(self) -> None:
        self._show_view()
        self.inbox.load_cached()
        self.inbox_list.set_message_lookup(self.inbox.last_messages)
        self.inbox_list.set_context(self.inbox.settings.operator_id or None, self.inbox.operators)
        self.inbox_list.set_drafts(self.inbox.draft_sessions())
        self._proposed = frozenset(self.inbox.proposal_sessions())
        self.inbox_list.set_proposals(self._proposed)
        self.inbox_list.show_rows(self.inbox.rows)
        self.set_interval(PROPOSAL_CHECK_SECONDS, self.inbox.check_proposals)
        last = self.inbox.last_open_session
        if last is not None:  # where the agent left off, from the cache, once the list is out
            self.call_after_refresh(self.open_conversation, last, focus=False, mark_read=False)
        self.status_bar.show_status(self.inbox.status)
        # The cached inbox is painted before the network work (and httpx) starts.
        self.call_after_refresh(self.run_inbox, "connecting", self.start, group="start")

    def on_resize(self) -> None:
        self.set_class(self.size.width < NARROW_WIDTH, "-narrow")
        self.set_class(NARROW_WIDTH <= self.size.width < ROOMY_WIDTH, "-cramped")
        self.set_class(self.size.height < SHORT_HEIGHT, "-short")

    def on_descendant_focus(self) -> None:
        # Classes go on the smallest subtree their rules need: a class on the screen would
        # restyle every widget of it (~100 ms).
        focused = self.focused
        reading = focused is not None and any(
            node.id == "conversation" for node in focused.ancestors_with_self
        )
        self.query_one("#body").set_class(reading, "-reading")
        self.reply.show_composing()

    @property
    def reading(self) -> bool:
        """The focus is in the conversation (its messages or the composer), not the list."""
        return self.query_one("#body").has_class("-reading")

    @property
    def live_pane(self) -> str:
        """Where the keys act now, named in the key bar, with how many are selected."""
        pane, selected = self._focused_pane(), len(self.bulk.selection)
        return f"{pane} · {selected} selected" if pane and selected else pane

    def _focused_pane(self) -> str:
        focused = self.focused
        if isinstance(focused, Input):
            return "search"
        if focused is None:
            return ""
        if focused.id == "composer":
            return "composer"
        # From the focus itself: the key bar asks before on_descendant_focus has run.
        reading = any(node.id == "conversation" for node in focused.ancestors_with_self)
        return "conversation" if reading else "list"

    def on_screen_suspend(self) -> None:
        self.inbox.set_activity(modal_open=True)

    def on_screen_resume(self) -> None:
        self.inbox.set_activity(modal_open=False)

    # --- inbox events -------------------------------------------------------------------------

    def inbox_changed(self, event: InboxEvent) -> None:
        if not self.query(InboxList):  # closing: the last draft was saved as the widgets went
            return
        if isinstance(event, ConversationsChanged):
            self.inbox_list.set_context(
                self.inbox.settings.operator_id or None, self.inbox.operators
            )
            # A new view or sort places the rows afresh; other updates keep the agent's place.
            new_view = (self.inbox.view, self.inbox.sort) != self._shown_view
            self._shown_view = (self.inbox.view, self.inbox.sort)
            self.inbox_list.set_waiting_clock(self.inbox.sort == "waiting")
            self.inbox_list.show_rows(self.inbox.rows, event.changed, new_view=new_view)
            if self.bulk.selection.keep_only(set(self.inbox_list.session_ids)):
                self.show_selection()  # what left the view is no longer selected
            self._show_view()
            self._count_views_soon()
            if self.open_id and (not event.changed or self.open_id in event.changed):
                self._show_conversation_header()
        elif isinstance(event, MessagesChanged):
            # The row's last message may be cached now: who wrote it, what an event was.
            self.inbox_list.show_rows(self.inbox.rows, {event.session_id})
            if event.session_id != self.open_id:
                return
            self._show_messages(event.session_id)
            if event.own:  # the agent's own reply: show it, wherever they had scrolled
                self.pane.message_log.scroll_end(animate=False, immediate=True)
            self._show_conversation_header()  # the origin of the last message may have changed
        elif isinstance(event, SyncStatusChanged):
            self.status_bar.show_status(self.inbox.status)
            self._show_view()  # an empty list stops saying "Loading…"
        elif isinstance(event, PresenceChanged):
            if event.session_id == self.open_id and not self._presence_due:
                self._presence_due = True
                self.set_timer(PRESENCE_PAINT_SECONDS, self._show_presence)
        elif isinstance(event, VisitorContextChanged):
            if event.session_id == self.open_id:
                self._show_conversation_header()
        elif isinstance(event, DraftsChanged):
            self._show_drafts(event.session_id)
        elif isinstance(event, ProposalsChanged):
            self._show_proposals()
        elif isinstance(event, BulkProgress):
            self.bulk.progress(event)
        elif isinstance(event, OutboxChanged):
            self._show_drafts(event.session_id)  # a reply that failed for good is a draft again
            if event.session_id == self.open_id:
                self.reply.outbox_changed()

    def _show_drafts(self, session_id: str) -> None:
        self.inbox_list.set_drafts(self.inbox.draft_sessions())
        self.inbox_list.show_rows(self.inbox.rows, {session_id})

    def _show_proposals(self) -> None:
        proposed = frozenset(self.inbox.proposal_sessions())
        changed, self._proposed = proposed ^ self._proposed, proposed
        self.inbox_list.set_proposals(proposed)
        self.inbox_list.show_rows(self.inbox.rows, changed)
        if self.open_id:
            self.reply.show_proposals()
        self.refresh_bindings()

    def _show_messages(self, session_id: str) -> None:
        """The cached messages of the window, read from the store (never the whole history)."""
        window = self._window
        limit = window.limit(self.inbox.count_messages(session_id))
        conversation = self.inbox.conversation(session_id)
        self.pane.show_messages(
            self.inbox.messages(session_id, limit=limit),
            has_older=window.hides_older or self.inbox.has_older(session_id),
            visitor_name=conversation.visitor_name if conversation else "",
        )

    def _show_view(self) -> None:
        view = self.inbox.view
        self._show_tabs(view)
        status = self.inbox.status
        empty = empty_list(
            view.spec.title, view.query, loaded=status.last_sync is not None, error=status.error
        )
        self.inbox_list.show_empty(empty)

    def _show_tabs(self, view: View) -> None:
        self.query_one(ViewBar).show_view(
            view.name,
            view.query,
            tabs=tabs_of(self.inbox.views),
            waiting=self.inbox.sort == "waiting",
        )

    def _show_presence(self) -> None:
        """Usually a no-op: the message that followed the typing painted it already."""
        self._presence_due = False
        if not self.open_id or not self.query(InboxList):  # not while closing
            return
        self._show_conversation_header()
        if self._typing_ends is not None:
            self._typing_ends.stop()
        typing = self.inbox.presence.visitor_typing(self.open_id)
        if typing is not None:  # a visitor gone mid-sentence sends no `stop`
            self._typing_ends = self.set_timer(typing.until - self.clock(), self._show_presence)

    def _count_views_soon(self) -> None:
        """Count every tab's conversations once a burst of changes is over (after the frame)."""
        if not self._counting:
            self._counting = True
            self.call_after_refresh(self._count_views)

    def _count_views(self) -> None:
        self._counting = False
        counts = self.inbox.view_counts()
        if counts is not None and self.query(ViewBar):  # not while closing
            self.query_one(ViewBar).show_counts(counts)

    def _show_conversation_header(self) -> None:
        conversation = self.inbox.conversation(self.open_id) if self.open_id else None
        if conversation is not None:
            presence, me = self.inbox.presence, self.inbox.me
            typing = presence.visitor_typing(conversation.session_id)
            self.pane.show_conversation(
                conversation,
                operators=self.inbox.operators,
                me=me,
                rows=self.inbox.rows,
                viewers=presence.viewers(
                    conversation.session_id, besides=me.user_id if me else None
                ),
                typing=typing.excerpt if typing else None,
                history=self._visitor_history(conversation),
            )
            self.reply.set_recipient(conversation.display_name)

    def _visitor_history(self, conversation: Conversation) -> VisitorHistory | None:
        """The visitor's history if fetched; fetched only while the panel shows (quota)."""
        context = self.inbox.visitor_context
        history = context.get(conversation.session_id)
        if history is None and self.pane.visitor_shown:
            self.run_worker(context.load(conversation), group="visitor", exit_on_error=False)
        return history

    # --- work ---------------------------------------------------------------------------------

    def run_inbox(self, label: str, work: Callable[[], Awaitable[object]], *, group: str) -> None:
        """Run inbox work in a worker, showing `label` in the status bar until it is done."""
        self._busy.append(label)
        self.status_bar.busy = label
        self.run_worker(self._guarded(label, work), group=group, exit_on_error=False)

    async def _guarded(self, label: str, work: Callable[[], Awaitable[object]]) -> None:
        try:
            await work()
        except Exception as error:  # the inbox reports API errors itself; this is a bug
            self.log.error(f"{label} failed: {error!r}")
            self.app.notify(f"{label} failed: {error}", severity="error", markup=False)
        finally:
            self._busy.remove(label)
            self.status_bar.busy = self._busy[-1] if self._busy else ""

    def target_id(self) -> str | None:
        """The conversation an action applies to: the open one while reading, else the row."""
        if self.reading and self.open_id:
            return self.open_id
        return self.inbox_list.highlighted_id or self.open_id

    def _target(self) -> Conversation | None:
        session_id = self.target_id()
        conversation = self.inbox.conversation(session_id) if session_id else None
        if conversation is None:
            self.app.notify("No conversation selected.", severity="warning", markup=False)
        return conversation

    # --- opening and moving -------------------------------------------------------------------

    @on(InboxList.OptionSelected, "#inbox")
    def _row_selected(self, event: InboxList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.open_conversation(event.option.id)

    @on(InboxList.NearEnd)
    def _near_end(self) -> None:
        if self.inbox.has_more_pages and not self.workers_in("page"):
            self.run_inbox("loading more", self.inbox.load_more, group="page")

    def workers_in(self, group: str) -> bool:
        return any(w.group == group and w.is_running for w in self.workers)

    def open_conversation(
        self, session_id: str, *, focus: bool = True, mark_read: bool = True
    ) -> None:
        conversation = self.inbox.conversation(session_id)
        if session_id != self.open_id:  # a find searched the conversation it started in
            self.pane.message_log.action_end_find()
        self.reply.open(session_id, conversation.display_name if conversation else session_id)
        self.open_id = session_id
        self.refresh_bindings()  # the proposal keys follow the open conversation
        self.inbox_list.select_id(session_id)
        self._window = MessageWindow()
        self._show_messages(session_id)  # before the header, which shows their last origin
        if conversation is not None:
            self._show_conversation_header()
        else:  # not in the list nor the cache: all we know is the id
            self.pane.show_unknown(session_id)
        if focus:
            self.pane.focus_messages()
        self.run_inbox(
            "opening", lambda: self.inbox.open(session_id, mark_read=mark_read), group="open"
        )

    def action_open(self) -> None:
        session_id = self.inbox_list.highlighted_id
        if session_id:
            self.open_conversation(session_id)

    def action_back(self) -> None:
        focused = self.focused
        if isinstance(focused, Input):
            self._close_search()
        elif self.reply.composing:
            self.reply.leave()
            self.pane.focus_messages()
        elif self.reading:
            self.inbox_list.focus()
        elif self.bulk.selection:
            self.action_clear_selection()
        elif self.inbox.view.query:
            self._set_view(self.inbox.view.searched(""))

    def action_next_unread(self) -> None:
        ids = list(self.inbox_list.session_ids)
        start = ids.index(self.target_id()) + 1 if self.target_id() in ids else 0
        for session_id in ids[start:] + ids[:start]:
            conversation = self.inbox.conversation(session_id)
            if conversation and conversation.unread_operator:
                self.open_conversation(session_id)
                return
        self.app.notify("No unread conversation in this view.", markup=False)

    def action_step(self, step: int) -> None:
        """J/K: the next or previous conversation of the list, opened where the agent is (the
        conversation pane stays focused; from the list, the highlight moves and the pane
        follows)."""
        current = self.target_id()
        if current is None:
            return
        next_id = self.inbox_list.neighbour(current, step)
        if next_id is None:
            end = "last" if step > 0 else "first"
            self.app.notify(f"That is the {end} conversation in this view.", markup=False)
            return
        self.inbox_list.select_id(next_id)
        self.open_conversation(next_id, focus=self.reading)

    def advance_to(self, next_id: str | None, *, was_open: bool) -> None:
        """Act and advance: after an action, move to the next conversation (once its rows show)."""
        if next_id:
            self.app.call_later(self._advance_to, next_id, was_open)

    def _advance_to(self, next_id: str, was_open: bool) -> None:
        if self.inbox_list.select_id(next_id) and was_open:
            self.open_conversation(next_id, focus=self.reading)

    # --- search and filters -------------------------------------------------------------------

    def action_search(self) -> None:
        searches = self.query("#search").results(Input)
        search = next(searches, None)
        if search is None:  # mounted on first use: the first frame does without its styling
            search = Input(
                id="search", placeholder="Search conversations · enter searches · escape closes"
            )
            self.mount(search, after="#view-bar")
        search.value = self.inbox.view.query
        search.display = True
        search.focus()

    def _close_search(self) -> None:
        self.query_one("#search").display = False
        self.inbox_list.focus()

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._close_search()
        self._set_view(self.inbox.view.searched(event.value.strip()))

    def action_toggle_sort(self) -> None:
        """Crisp lists the conversations anew in the other order; the highlight stays on its
        conversation when it is listed, and keeps its place as the rows change."""
        waiting = self.inbox.sort != "waiting"
        sort = "waiting" if waiting else "updated"
        said = "waiting time, longest first (only those waiting)" if waiting else "latest activity"
        self.app.notify(f"Sorted by {said}.", markup=False)
        self.run_inbox("sorting", lambda: self.inbox.set_sort(sort), group="view")

    def action_filter(self, name: str) -> None:
        spec = find_view(self.inbox.views, name)
        if spec is None:
            self.app.notify(
                f"There is no view {name!r} any more.", severity="warning", markup=False
            )
            return
        self._set_view(View(spec, self.inbox.view.query))

    def action_view_step(self, step: int) -> None:
        """h/l: the previous or next tab, round the ends."""
        names = [spec.name for spec in self.inbox.views if spec.tab]
        current = self.inbox.view.name
        index = names.index(current) if current in names else 0
        self.action_filter(names[(index + step) % len(names)])

    def _set_view(self, view: View) -> None:
        self._show_tabs(view)
        # The list keeps following the highlighted conversation through the rows that arrive.
        self.run_inbox(
            "searching" if view.query else "filtering",
            lambda: self.inbox.set_view(view),
            group="view",
        )

    # --- selecting for bulk actions -----------------------------------------------------------

    def action_toggle_select(self) -> None:
        """Select or unselect the conversation at hand; in the list the highlight moves on, so
        space, space, space selects three rows."""
        session_id = self.target_id()
        if session_id is None:
            self.app.notify("No conversation selected.", severity="warning", markup=False)
            return
        self.bulk.selection.toggle(session_id)
        self.show_selection()
        if not self.reading:
            self.inbox_list.action_cursor_down()

    def action_select_all(self) -> None:
        self.bulk.selection.add(self.inbox_list.session_ids)
        self.show_selection()

    def action_clear_selection(self) -> None:
        self.bulk.selection.clear()
        self.show_selection()

    def show_selection(self) -> None:
        """Mark the selected rows (repainting only those that changed) and count them."""
        shown = self.inbox_list.context.selected
        selected = frozenset(self.bulk.selection)
        self.inbox_list.set_selection(selected)
        if changed := shown ^ selected:
            self.inbox_list.show_rows(self.inbox.rows, changed)
        self.refresh_bindings()  # the key bar counts the selection

    def note_done(self, said: str) -> None:
        """What an action did, for "Undone: …"."""
        self._last_done = said

    # --- actions on a conversation (on every selected one while there is a selection) ---------

    def action_set_state(self, state: str) -> None:
        if self.bulk.selection:
            self.bulk.set_state(state)
            return
        conversation = self._target()
        if conversation is None:
            return
        session_id = conversation.session_id
        labels = {"resolved": "resolving", "pending": "marking pending"}
        self._act_and_advance(
            labels.get(state, "reopening"),
            conversation,
            lambda: self.inbox.set_state(session_id, state),
            said=STATE_DONE.get(state, "Reopened {}").format(conversation.display_name),
            advance=state in ADVANCING_STATES,
        )

    def _act_and_advance(
        self,
        label: str,
        conversation: Conversation,
        act: Callable[[], Awaitable[bool]],
        *,
        said: str,
        advance: bool = False,
    ) -> None:
        """Run an action on a conversation; when Crisp took it, say what was done (and how to
        undo it) and, when `advance`, move on to the row that followed it."""
        session_id = conversation.session_id
        next_id = self.inbox_list.neighbour(session_id) if advance else None
        was_open = session_id == self.open_id

        async def work() -> None:
            if await act():
                self._last_done = said
                self.app.notify(f"{said} · {self._undo_key()} to undo", markup=False)
                self.advance_to(next_id, was_open=was_open)

        self.run_inbox(label, work, group="action")

    def _undo_key(self) -> str:
        return key_hint("undo", keymap_of(self.app))

    def action_undo(self) -> None:
        session_id = self.inbox.undoable
        if session_id is None:
            self.app.notify("Nothing to undo.", markup=False)
            return
        said = self._last_done
        self.inbox_list.select_id(session_id)  # followed back to its place as it returns

        async def work() -> None:
            if await self.inbox.undo():
                self.app.notify(f"Undone: {said}", markup=False)

        self.run_inbox("undoing", work, group="action")

    def action_assign_me(self) -> None:
        me = self.inbox.settings.operator_id
        if not me:
            self.app.notify(
                "Pick who you are first: set operator_id (CRISP_OPERATOR_ID) to your operator "
                "user id.",
                severity="warning",
                markup=False,
            )
            return
        if self.bulk.selection:
            self.bulk.assign(me)
            return
        self._assign(me, advance=True)

    def action_assign_picker(self) -> None:
        conversation = None if self.bulk.selection else self._target()
        if conversation is None and not self.bulk.selection:
            return
        if not self.inbox.operators:
            self.app.notify(
                "The operators list is not loaded yet.", severity="warning", markup=False
            )
            return
        from .operator_picker import OperatorPicker  # modals load on first use, not at start-up

        picker = OperatorPicker(
            self.inbox.operators,
            me=self.inbox.settings.operator_id or None,
            current=conversation.assigned_user_id if conversation else None,
            title=f"Assign {conversations(len(self.bulk.selection))} to"
            if not conversation
            else "Assign to",
        )

        def picked(user_id: str | None) -> None:
            if user_id and conversation is None:
                self.bulk.assign(user_id)
            elif user_id and conversation is not None:
                self._assign(user_id, advance=False, session_id=conversation.session_id)

        self.app.push_screen(picker, picked)

    def action_unassign(self) -> None:
        if self.bulk.selection:
            self.bulk.assign(None)
            return
        self._assign(None, advance=False)

    def _assign(self, user_id: str | None, *, advance: bool, session_id: str | None = None) -> None:
        conversation = self.inbox.conversation(session_id) if session_id else self._target()
        if conversation is None:
            return
        target, name = conversation.session_id, conversation.display_name
        if user_id is None:
            said = f"Unassigned {name}"
        elif user_id == self.inbox.settings.operator_id:
            said = f"Assigned {name} to you"
        else:
            operator = next((op for op in self.inbox.operators if op.user_id == user_id), None)
            said = f"Assigned {name} to {operator.display_name if operator else user_id}"
        self._act_and_advance(
            "assigning" if user_id else "unassigning",
            conversation,
            lambda: self.inbox.assign(target, user_id),
            said=said,
            advance=advance,
        )

    def action_mark_read(self) -> None:
        if self.bulk.selection:
            self.bulk.mark_read(True)
        elif conversation := self._target():
            sid = conversation.session_id
            self._act_and_advance(
                "marking read",
                conversation,
                lambda: self.inbox.mark_read(sid),
                said=f"Marked {conversation.display_name} read",
            )

    def action_mark_unread(self) -> None:
        if self.bulk.selection:
            self.bulk.mark_read(False)
        elif conversation := self._target():
            sid = conversation.session_id
            self._act_and_advance(
                "marking unread",
                conversation,
                lambda: self.inbox.mark_unread(sid),
                said=f"Marked {conversation.display_name} unread",
            )

    def action_load_older(self) -> None:
        if self.open_id:
            self._load_older(self.open_id, asked=True)

    @on(ConversationPane.OlderRequested)
    def _older_requested(self) -> None:
        if self.open_id:
            self._load_older(self.open_id, asked=False)

    def _load_older(self, session_id: str, *, asked: bool) -> None:
        """Older messages: first a page more from the store, then from Crisp. Only a key press
        (`asked`) hears that there are none: scrolling to the top shows it in the log."""
        if self._window.hides_older:
            self._window.grow()
            self._show_messages(session_id)
        elif not self.inbox.has_older(session_id):
            self.pane.older_done()
            if asked:
                self.app.notify("This is the start of the conversation.", markup=False)
        elif not self.workers_in("older"):

            async def work() -> None:
                await self.inbox.load_older(session_id)
                self.app.call_later(self.pane.older_done)

            self.run_inbox("loading older", work, group="older")

    def action_toggle_visitor(self) -> None:
        """On a small terminal the panel takes the list's place (or, below 80 columns, the
        messages'), so the focus goes into the conversation to show it."""
        self.pane.toggle_visitor()
        shown = self.pane.visitor_shown
        self.query_one("#body").set_class(shown, "-visitor")
        if shown:
            self._show_conversation_header()  # fetches the visitor's history
        if shown and self.size.width < NARROW_WIDTH:
            self.pane.focus_visitor()
            return
        hidden_list = shown and self.size.width < ROOMY_WIDTH and not self.reading
        if hidden_list or (not shown and self.pane.visitor_focused):
            self.pane.focus_messages()

    def action_edit_segments(self) -> None:
        from .segments_editor import SegmentsEditor

        conversation = self._target()
        if conversation is None:
            return
        session_id, name = conversation.session_id, conversation.display_name

        async def save(segments: list[str]) -> None:
            if await self.inbox.set_segments(session_id, segments):
                shown = ", ".join(segments) or "none"
                self.app.notify(f"Segments of {name}: {shown}", markup=False)

        def edited(segments: list[str] | None) -> None:
            if segments is not None:
                self.run_inbox("saving segments", lambda: save(segments), group="segments")

        self.app.push_screen(SegmentsEditor(name, conversation.meta.segments), edited)

    def action_visitor_history(self) -> None:
        from ..widgets.conversation_pane import same_visitor
        from .history_picker import HistoryPicker

        conversation = self._target()
        if conversation is None:
            return
        history = self.inbox.visitor_context.get(conversation.session_id)
        others = same_visitor(conversation, self.inbox.rows, history)
        if not others:
            hint = "" if history else f" ({key_hint('visitor', keymap_of(self.app))} looks them up)"
            self.app.notify(f"No other conversation of this visitor is known{hint}.", markup=False)
            return

        def picked(session_id: str | None) -> None:
            if session_id:
                self.open_conversation(session_id)

        self.app.push_screen(HistoryPicker(conversation.display_name, others), picked)

    def action_copy_email(self) -> None:
        conversation = self._target()
        if conversation is None:
            return
        if not conversation.meta.email:
            self.app.notify("This visitor left no email.", severity="warning", markup=False)
            return
        copy_text(self.app, conversation.meta.email, "The visitor's email was")

    def action_take_proposal(self) -> None:
        self.reply.take_proposal()

    def action_dismiss_proposal(self) -> None:
        self.reply.dismiss_proposal()

    def action_cancel_send(self) -> None:
        self.reply.cancel_queued()

    def action_resend_unknown(self) -> None:
        self.reply.resend_unknown()

    def action_discard_draft(self) -> None:
        if self.open_id is None:
            self.app.notify("Open a conversation first.", severity="warning", markup=False)
        else:
            self.reply.discard()

    def action_save_attachment(self) -> None:
        self.attachment_flows.save()

    def action_preview_image(self) -> None:
        self.attachment_flows.preview()

    def action_send_file(self) -> None:
        self.attachment_flows.send(self.upload_socket())

    def upload_socket(self) -> LiveSocket | None:
        """The app's live socket, which brings the upload addresses (None: no live updates)."""
        live = getattr(self.app, "live", None)
        return live.socket if live is not None else None

    def action_open_link(self) -> None:
        from .link_picker import LinkPicker

        urls = self.pane.links() if self.open_id else []  # already checked by safe_url
        if not urls:
            self.app.notify("No link to open in this conversation.", markup=False)
            return

        def picked(index: str | None) -> None:
            if index is not None:
                open_url(self.app, urls[int(index)])

        self.app.push_screen(LinkPicker(urls), picked)

    async def on_composer_left_with_key(self, event: Composer.LeftWithKey) -> None:
        """Alt+e in the composer is escape, e: the draft is saved and the key acts on the
        conversation, in one motion."""
        event.stop()
        self.reply.leave()
        self.set_focus(self.pane.message_log)  # now, so the key finds the pane's bindings
        active = self.active_bindings.get(event.key)
        if active is not None and active.enabled:
            await self.app.run_action(active.binding.action, active.node)

    # --- composing ----------------------------------------------------------------------------

    def action_compose(self, kind: Kind) -> None:
        if self.open_id is None:
            session_id = self.inbox_list.highlighted_id
            if session_id is None:
                self.app.notify("No conversation selected.", severity="warning", markup=False)
                return
            self.open_conversation(session_id, focus=False)
        self.reply.start(kind)

    def action_snippet(self) -> None:
        """Open the snippet picker for the composer (the reply composer when it is closed)."""
        if not self.reply.composing:
            self.action_compose(self.reply.composer.kind if self.open_id else "reply")
        if self.open_id is not None:
            self.reply.pick_snippet()
