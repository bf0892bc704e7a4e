"""The agent's working state: the current view, messages, drafts, the outbox and the sync status.

Data flows one way: the client fetches, the inbox merges into its state and the local store, then
emits an event; the UI renders from the inbox. UI actions come down the same path. Every action
turns an API error into a `Notice` instead of raising, so the app keeps running.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import Settings, error_log_path
from ..crisp.client import CrispClient
from ..crisp.errors import NotAllowedError, NotFoundError
from ..crisp.models import Conversation, Message, MessageBatch, Operator, WebsiteInbox
from ..crisp.transport import RetryPolicy
from ..crisp.usage import RequestUsage
from ..present import is_waiting
from ..view_spec import ViewSpec
from .alerts import AlertRules, Attention, should_notify
from .arrivals import Arrivals
from .bulk import BulkActions
from .cadence import IDLE_AFTER
from .composing import ComposeSignal
from .error_log import ErrorLog
from .events import (
    ConversationsChanged,
    DraftsChanged,
    InboxEvent,
    MessagesChanged,
    Notice,
    ProposalsChanged,
)
from .message_edits import MessageEdits
from .outbox import Outbox
from .presence import Presence
from .proposals import Proposal, ProposalWatch
from .store import ConversationFilter, OutboxItem, Store, StoreError
from .sync_health import SyncHealth, SyncStatus
from .undo import UndoSlot
from .views import View, list_inboxes, view_table
from .visitor_context import VisitorContext

if TYPE_CHECKING:
    import httpx

Listener = Callable[[InboxEvent], None]
_LAST_OPEN = "last_open_session"
EVICT_STEP = 100  # conversations per eviction transaction (milliseconds each)
_SORT = "sort"
_INBOXES = "inboxes"  # Crisp's inboxes as last listed (their views show before the network)


LAST_MESSAGES_KEPT = 20_000  # rows' last messages remembered (a full list of 10,000 fits)


def _by_activity(conversation: Conversation) -> tuple[int, ...]:
    return (-conversation.updated_at,)


def _by_waiting(conversation: Conversation) -> tuple[int, ...]:
    waiting_since = conversation.waiting_since if conversation.is_open else None
    if waiting_since:
        return (0, waiting_since)
    return (1, -conversation.updated_at)


SORT_KEYS = {"updated": _by_activity, "waiting": _by_waiting}


class Inbox:
    """The agent's state and actions. Sources of change (the poller, the live source) call
    `reconcile` or the `apply_*` methods; the app starts and stops them."""

    def __init__(
        self,
        client: CrispClient,
        store: Store,
        settings: Settings,
        *,
        clock: Callable[[], float] = time.time,
        error_log: ErrorLog | None = None,
    ) -> None:
        self.client = client
        self.store = store
        self.settings = settings
        self.view = View()
        self.rows: list[Conversation] = []
        self.has_more_pages = False
        self.operators: list[Operator] = []
        self.inboxes: list[WebsiteInbox] = []
        self.open_session: str | None = None
        self._clock = clock
        self._listeners: list[Listener] = []
        self.health = SyncHealth(self._emit, clock, settings.daily_request_budget, error_log)
        self._pages_loaded = 0
        self._has_older: dict[str, bool] = {}
        self._last_messages: dict[tuple[str, int], Message] = {}  # see last_messages
        self._arrivals = Arrivals(self._emit)
        self.presence = Presence(self._emit, clock)  # typing and viewing, fed by the live source
        self.composing = ComposeSignal(client, allowed=self._may_signal_typing)
        self._focused = True
        self._modal_open = False
        self._last_activity = clock()
        self._cache_loaded = False
        self._account_loaded = False
        self._undo = UndoSlot(clock)
        self._sort_key = SORT_KEYS[self.sort]
        # Where rows that left the view after an action were: their index and the row after them
        # (rows left together come back in their old order, whichever returns first).
        self._left_at: dict[str, tuple[int, str | None]] = {}
        self.outbox = Outbox(
            client,
            store,
            self._emit,
            self.author,
            clock=clock,
            log_error=self.health.error_log.record,
        )
        self._proposal_watch = ProposalWatch(store)
        self.visitor_context = VisitorContext(client, store, self.health, self._emit)
        # Bulk triage: many conversations at once, undone as one (`u`) like a single action.
        self.bulk = BulkActions(
            client,
            conversation=self.conversation,
            apply_patch=self.apply_patch,
            guard=self.health.guard,
            emit=self._emit,
            undo=self._undo,
            touch=self.touch,
        )
        # Edit and delete own messages; every edit or removal from any source lands there.
        self.message_edits = MessageEdits(self, act=self._act, emit=self._emit)
        client.usage.subscribe(lambda usage: self.health.set_status(requests_today=usage.count))

    # --- events -------------------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def _emit(self, event: InboxEvent) -> None:
        for listener in list(self._listeners):
            listener(event)

    @property
    def status(self) -> SyncStatus:
        return self.health.status

    # --- reading state ------------------------------------------------------------------------

    @property
    def me(self) -> Operator | None:
        wanted = self.settings.operator_id
        return next((op for op in self.operators if op.user_id == wanted), None)

    def author(self) -> dict[str, str] | None:
        """Replies and files carry the agent's operator (id and name), as the Crisp dashboard's
        do, so they show as the agent's own ("You:")."""
        me = self.me
        return {"user_id": me.user_id, "nickname": me.display_name} if me else None

    def conversation(self, session_id: str) -> Conversation | None:
        for row in self.rows:
            if row.session_id == session_id:
                return row
        return self.store.conversation(session_id)

    def messages(self, session_id: str, *, limit: int | None = None) -> list[Message]:
        """Cached messages, oldest first: the newest `limit` of them, or all."""
        return self.store.messages(session_id, limit=limit)

    def last_messages(self, rows: Iterable[Conversation]) -> dict[str, Message]:
        """The cached last message of each row whose preview does not say enough (who of our
        side wrote it, what an event was), by session id: one query for those not found before.
        A message found is remembered (its author never changes), so a refresh of 10,000 rows
        does not parse thousands of messages again."""
        wanted = [
            (row.session_id, row.preview_message.fingerprint)
            for row in rows
            if row.preview_message.fingerprint
            and (row.preview_message.sender == "operator" or row.preview_message.type == "event")
        ]
        known = self._last_messages
        missing = [pair for pair in wanted if pair not in known]
        if missing:
            if len(known) + len(missing) > LAST_MESSAGES_KEPT:
                known.clear()
            found = self.store.messages_by_fingerprint(missing)
            known.update(((sid, m.fingerprint), m) for sid, m in found.items())
        return {sid: known[sid, fp] for sid, fp in wanted if (sid, fp) in known}

    def count_messages(self, session_id: str) -> int:
        """How many messages of this conversation are cached."""
        return self.store.count_messages(session_id)

    def has_older(self, session_id: str) -> bool:
        return self._has_older.get(session_id, True)

    def pending_sends(self, session_id: str) -> list[OutboxItem]:
        return [item for item in self.store.outbox() if item.session_id == session_id]

    def draft(self, session_id: str, kind: str) -> str:
        return self.store.draft(session_id, kind)

    def save_draft(self, session_id: str, kind: str, text: str) -> None:
        had = session_id in self.draft_sessions()
        self.store.save_draft(session_id, kind, text)
        self._drafts_changed(session_id, had)

    def draft_sessions(self) -> set[str]:
        """Conversations with a draft that holds more than blanks."""
        return {session_id for (session_id, _), text in self.store.drafts().items() if text.strip()}

    def replace_draft(
        self, session_id: str, kind: str, expected: str, text: str
    ) -> tuple[bool, str]:
        """Save `text` unless another window changed the draft since this one read `expected`;
        whether it was saved, and the draft stored now."""
        had = session_id in self.draft_sessions()
        result = self.store.replace_draft(session_id, kind, expected, text)
        self._drafts_changed(session_id, had)
        return result

    def move_draft(self, session_id: str, source: str, target: str) -> None:
        self.store.move_draft(session_id, source, target)

    def _drafts_changed(self, session_id: str, had: bool) -> None:
        if had != (session_id in self.draft_sessions()):
            self._emit(DraftsChanged(session_id))

    def unsent(self) -> list[OutboxItem]:
        """Replies and notes of every conversation not yet accepted by Crisp."""
        return self.store.outbox()

    # --- proposals from an assistant (never sent by themselves) --------------------------------

    def proposals(self, session_id: str) -> list[Proposal]:
        return self.store.proposals(session_id)

    def proposal_sessions(self) -> set[str]:
        return self.store.proposal_sessions()

    def check_proposals(self) -> None:
        """Emit ProposalsChanged when any process added or dropped a proposal since the last
        check (one tiny query: the app asks twice a second). A busy or failing store is
        asked again at the next check."""
        try:
            changed = self._proposal_watch.changed()
        except StoreError:
            return
        if changed:
            self._emit(ProposalsChanged())

    def drop_proposal(self, proposal: Proposal) -> bool:
        """Remove a proposal the agent took or dismissed; False when another window already
        did."""
        dropped = self.store.drop_proposal(proposal.id)
        self.check_proposals()
        return dropped

    # --- lifecycle ----------------------------------------------------------------------------

    def load_cached(self) -> None:
        """What the first frame can show without the network: the cached rows of the view, and
        replies a previous run left unsent queued again. Idempotent; `start` calls it too."""
        if self._cache_loaded:
            return
        self._cache_loaded = True
        self.operators = self.store.operators()  # who "me" is, before the network answers
        self.inboxes = self._cached_inboxes()
        self.outbox.recover()
        self.store.purge_outbox()  # sent and cancelled replies are history, not work
        self._load_cached_rows()
        self._emit(ConversationsChanged())

    async def start(self) -> None:
        """Paint from the cache at once, then sync with Crisp. The app starts the sources of
        change (the poller) afterwards."""
        self.load_cached()
        if await self.health.guard(self._load_account(), background=True):
            await self.health.guard(self._fetch_first_page(), background=True)
        try:  # not guarded: the guard would read a local step's success as Crisp being online
            await self._evict_cache()
        except StoreError as error:
            self.health.say(str(error), background=True)

    async def _evict_cache(self) -> None:
        """Trim the cache to `cache_max_conversations` a small step at a time, letting the event
        loop run between steps: a cache far over the limit never freezes the UI."""
        limit = self.settings.cache_max_conversations
        while self.store.evict(max_conversations=limit, at_most=EVICT_STEP):
            await asyncio.sleep(0)  # a frame can be painted between two steps

    async def stop(self) -> None:
        await self.client.aclose()
        self.store.close()

    def set_activity(self, *, focused: bool | None = None, modal_open: bool | None = None) -> None:
        if focused is not None:
            self._focused = focused
        if modal_open is not None:
            self._modal_open = modal_open
        self.touch()

    @property
    def focused(self) -> bool:
        return self._focused

    @property
    def last_activity(self) -> float:
        return self._last_activity

    @property
    def polling_paused(self) -> bool:
        """Polling waits while a dialog is open (DESIGN §8: dolphie's habit)."""
        return self._modal_open

    @property
    def agent_active(self) -> bool:
        """The terminal is focused and the agent did something in the last few minutes."""
        return self._focused and self._clock() - self._last_activity <= IDLE_AFTER

    def touch(self) -> None:
        """The agent did something: keep the fast cadence."""
        self._last_activity = self._clock()

    # --- views and paging ---------------------------------------------------------------------

    def _me_id(self) -> str | None:
        return self.settings.operator_id or None

    @property
    def views(self) -> tuple[ViewSpec, ...]:
        """Every view, in tab order: built-in, saved in the config file, one per Crisp inbox."""
        return view_table(self.settings.views, self.inboxes)

    def view_counts(self) -> dict[str, int] | None:
        """How many cached conversations each tab's view holds (one pass over the cache, no
        request: Crisp gives no totals, and a request per tab would spend the shared quota).
        A view with search text counts its cached hits (up to 500). None while the store is
        busy or failing: the counts shown stay until the next change."""
        me = self._me_id()
        tabs = [View(spec) for spec in self.views if spec.tab and (me or not spec.needs_me)]
        plain = [view for view in tabs if not view.search_text]
        try:
            counted = self.store.count_each([view.cache_filter(me) for view in plain])
            counts = dict(zip((view.name for view in plain), counted, strict=True))
            for view in tabs:
                if view.search_text:
                    counts[view.name] = len(self._local_hits(view, limit=500))
        except StoreError:
            return None
        return counts

    def _load_cached_rows(self) -> None:
        waiting_first = self.sort == "waiting"
        cached = self.store.conversations(
            limit=50,
            where=self.view.cache_filter(self._me_id(), self.sort),
            longest_waiting=waiting_first,
        )
        if cached:
            self.rows = sorted(cached, key=self._sort_key)
            self.health.set_status(cached=True)

    @property
    def sort(self) -> str:
        """How the rows are ordered: "updated" (newest activity first) or "waiting" (only the
        visitors waiting for an answer, longest first: Crisp's `order_date_waiting`). Kept
        across restarts."""
        return "waiting" if self.store.get_value(_SORT) == "waiting" else "updated"

    async def set_sort(self, sort: str) -> None:
        """Order the rows anew, at once from the cache, then as Crisp lists them."""
        self.store.set_value(_SORT, sort)
        await self._show_view()

    async def set_view(self, view: View) -> None:
        if view.spec.needs_me and not self._me_id():
            self._emit(
                Notice(
                    "Set CRISP_OPERATOR_ID (or operator_id in the config file) to your Crisp "
                    "operator id to use this view.",
                    "warning",
                )
            )
            return
        self.view = view
        if view.spec.sort:
            self.store.set_value(_SORT, view.spec.sort)
        await self._show_view()

    async def _show_view(self) -> None:
        """The rows of the view in the current sort: the cached ones at once, then page 1."""
        view = self.view
        self._sort_key = SORT_KEYS[self.sort]
        self.rows, self.has_more_pages, self._pages_loaded = [], False, 0
        self._left_at.clear()
        if view.search_text:
            self.rows = self._local_hits(view)
        else:
            self._load_cached_rows()
        self._emit(ConversationsChanged())
        await self.health.guard(self._fetch_first_page())

    def _local_hits(self, view: View, limit: int = 50) -> list[Conversation]:
        """Cached conversations matching the search, at once and offline; the server's results
        are merged in front of them when they arrive."""
        hits = self.store.search_conversations(view.search_text, limit=limit)
        return [c for c in hits if view.accepts(c, self._me_id())]

    async def load_more(self) -> None:
        if not self.has_more_pages:
            return
        await self.health.guard(self._fetch_page(self._pages_loaded + 1))

    async def refresh(self) -> None:
        self.touch()
        await self.reconcile()

    async def _load_account(self) -> None:
        website = await self.client.get_website()
        self.operators = await self.client.list_operators()
        self.store.upsert_operators(self.operators)
        self.inboxes = await self._list_inboxes()
        self.store.set_value(_INBOXES, json.dumps([inbox.raw for inbox in self.inboxes]))
        self._account_loaded = True
        self.health.set_status(website_name=website.name)

    async def _list_inboxes(self) -> list[WebsiteInbox]:
        """Every inbox of the website (none when the token may not list them)."""
        try:
            return await list_inboxes(self.client)
        except (NotAllowedError, NotFoundError):  # a token without the inbox scope
            return []

    def _cached_inboxes(self) -> list[WebsiteInbox]:
        try:
            raw = json.loads(self.store.get_value(_INBOXES) or "[]")
        except ValueError:
            return []
        return [WebsiteInbox.parse(item) for item in raw] if isinstance(raw, list) else []

    async def _fetch_first_page(self) -> None:
        await self._fetch_page(1)
        self.health.mark_synced()

    async def _fetch_page(self, page: int) -> None:
        view, sort = self.view, self.sort
        fetched = await self.client.list_conversations(page, view.api_query(self._me_id(), sort))
        if (view, sort) != (self.view, self.sort):  # the agent switched while it was on its way
            return
        full_page = len(fetched) >= 20  # before the local filter (mentions are filtered here)
        fetched = [c for c in fetched if view.accepts(c, self._me_id())]
        self.store.upsert_conversations(fetched)
        self._pages_loaded = max(self._pages_loaded, page)
        if page == 1:
            self._merge_newest(fetched, full_page)
            self.has_more_pages = self.has_more_pages or full_page
        else:
            known = {row.session_id for row in self.rows}
            self.rows.extend(c for c in fetched if c.session_id not in known)
            if not view.search_text:
                self.rows.sort(key=self._sort_key)
            self.has_more_pages = full_page
        self._emit(ConversationsChanged())

    def _merge_newest(self, fetched: list[Conversation], full_page: bool) -> None:
        """Merge page 1 into the rows: newer copies win, rows that left the view go."""
        fresh = {c.session_id for c in fetched}
        known = {r.session_id: r for r in self.rows}
        # Crisp's edge cache may answer with a copy older than what the agent just did.
        fetched = [newer(known.get(c.session_id), c) for c in fetched]
        # Rows painted from the cache before the first answer are replaced by the server's.
        kept = [] if self.status.cached else [r for r in self.rows if r.session_id not in fresh]
        if self.sort == "waiting":
            kept = _out_of_the_queue(kept, fetched, full_page)
        self.rows = fetched + kept
        if not self.view.search_text:
            self.rows.sort(key=self._sort_key)
        if self.status.cached:
            self.health.set_status(cached=False)

    # --- syncing with Crisp over REST ---------------------------------------------------------

    async def reconcile(self) -> None:
        """Catch up with Crisp: page 1 of the view, the open conversation's newest messages, the
        queued replies. A poller tick is one reconcile; so is a live source's catch-up after
        it (re)connects.

        While the agent is at work, the open conversation is fetched alongside the list (one
        round trip, one extra request); otherwise only after the list shows it moved."""
        guard = self.health.guard
        if not self._account_loaded and not await guard(self._load_account(), background=True):
            return
        before = {row.session_id: row.updated_at for row in self.rows}
        session_id = self.open_session
        if session_id and self.agent_active:
            failures = self.health.failures
            ok, _ = await asyncio.gather(
                guard(self._fetch_first_page(), background=True),
                guard(self._fetch_newest_messages(session_id), background=True),
            )
            self.health.at_most_one_more_failure(failures)
        else:
            ok = await guard(self._fetch_first_page(), background=True)
            row = self.conversation(session_id) if ok and session_id else None
            if session_id and row and before.get(session_id) != row.updated_at:
                await guard(self._fetch_newest_messages(session_id), background=True)
        if ok:
            self._arrivals.announce(self.rows, before)
            if not self.settings.read_only:  # queued replies wait for a session that may send
                await self._deliver_queued()

    async def _deliver_queued(self) -> None:
        """Replies queued while offline go out, and show like any other once Crisp has them."""
        delivered: list[OutboxItem] = []

        async def deliver() -> None:
            delivered.extend(await self.outbox.deliver_pending())

        await self.health.guard(deliver(), background=True)
        for item in delivered:
            await self._show_sent(item, fetch=False)

    @property
    def fetches_open_every_reconcile(self) -> bool:
        """Whether a reconcile also fetches the open conversation: while the agent works, or
        when it is not in the list (no row tells when it moved)."""
        session_id = self.open_session
        listed = any(row.session_id == session_id for row in self.rows)
        return bool(session_id) and (self.agent_active or not listed)

    # --- one conversation ---------------------------------------------------------------------

    async def open(self, session_id: str, *, mark_read: bool = True) -> None:
        """Fetch the newest messages of a conversation (the UI paints the cached ones first) and
        mark the visitor's messages read (not when the app reopens it by itself at start)."""
        self.open_session = session_id
        self.store.set_value(_LAST_OPEN, session_id)
        self.touch()
        if self.conversation(session_id) is None:
            await self.health.guard(self._fetch_conversation(session_id))
        if not await self.health.guard(self._fetch_newest_messages(session_id)):
            return
        row = self.conversation(session_id)
        if mark_read and self._marks_read_on_open and row and row.unread_operator:
            await self.mark_read(session_id, undoable=False)

    @property
    def _marks_read_on_open(self) -> bool:
        return self.settings.mark_read_on_open and not self.settings.read_only

    @property
    def last_open_session(self) -> str | None:
        """The conversation open when the app last ran, if it is still cached."""
        session_id = self.store.get_value(_LAST_OPEN)
        return session_id if session_id and self.store.conversation(session_id) else None

    async def _fetch_conversation(self, session_id: str) -> None:
        """A conversation outside the loaded rows (opened by id, or from search)."""
        self.store.upsert_conversations([await self.client.get_conversation(session_id)])
        self._emit(ConversationsChanged(frozenset({session_id})))

    async def _fetch_newest_messages(self, session_id: str, *, own: bool = False) -> None:
        """What is new since the newest cached message (`timestamp_after`: an empty answer on
        most ticks); the newest batch when nothing is cached or more came than one batch."""
        newest = self.store.messages(session_id, limit=1)
        batch = None
        if newest:
            batch = await self.client.get_new_messages(session_id, newest[-1].timestamp)
        if batch is None or batch.has_more:
            batch = await self.client.get_messages(session_id)
        self._store_batch(session_id, batch, older=False, own=own)

    async def load_older(self, session_id: str) -> None:
        cursor = self.store.oldest_message_timestamp(session_id)
        if not self.has_older(session_id):
            return
        await self.health.guard(self._fetch_older(session_id, cursor))

    async def _fetch_older(self, session_id: str, cursor: int | None) -> None:
        if cursor is None:
            batch = await self.client.get_messages(session_id)
        else:
            batch = await self.client.get_older_messages(session_id, cursor)
        self._store_batch(session_id, batch, older=True)

    def _store_batch(
        self, session_id: str, batch: MessageBatch, *, older: bool, own: bool = False
    ) -> None:
        if older or not self.store.count_messages(session_id):
            self._has_older[session_id] = batch.has_more
        if older:  # even an empty oldest batch tells the UI there is nothing further back
            self.store.upsert_messages(session_id, batch.messages)
            self._emit(MessagesChanged(session_id))
        else:
            self.apply_messages(session_id, batch.messages, own=own)

    # --- changes from any source (a fetched page, a live event, an accepted action) ----------

    def apply_messages(
        self, session_id: str, messages: list[Message], *, own: bool = False
    ) -> bool:
        """Merge messages by fingerprint; tell the UI only if something is new or changed
        (`own`: the agent's own reply is among them)."""
        messages = self.message_edits.keep_tombstones(session_id, messages)
        known = {
            m.fingerprint: m for m in self.store.messages(session_id, limit=len(messages) + 20)
        }
        if not any(known.get(m.fingerprint) != m for m in messages):
            return False
        self.store.upsert_messages(session_id, messages)
        self.outbox.arrived({m.fingerprint for m in messages})
        self._emit(MessagesChanged(session_id, own=own))
        return True

    def apply_conversations(self, conversations: list[Conversation]) -> None:
        """Conversations as Crisp now has them: stored, and the view's rows follow (replaced,
        dropped when they left the view, added in order when they entered it)."""
        self.store.upsert_conversations(conversations)
        self._merge_rows(conversations, add=True)

    def apply_patch(self, session_id: str, **raw_fields: object) -> None:
        """Apply a change Crisp accepted or announced to our copy, without another request. The
        copy counts as newer than the one it replaces, so a stale read cannot undo it (`newer`).
        A row that leaves the view goes; one that comes back (marked unread again, an undo)
        takes its old place."""
        row = self.conversation(session_id)
        if row is None:
            return
        updated = row.patched(**{"updated_at": row.updated_at + 1, **raw_fields})
        self.store.upsert_conversations([updated])
        ids = [r.session_id for r in self.rows]
        if session_id in ids:
            self._merge_rows([updated], add=False)
            if not any(r.session_id == session_id for r in self.rows):
                index = ids.index(session_id)
                after = ids[index + 1] if index + 1 < len(ids) else None
                self._left_at[session_id] = (index, after)
        elif session_id in self._left_at and self.view.accepts(updated, self._me_id()):
            self.rows.insert(self._return_index(session_id, updated), updated)
            self._emit(ConversationsChanged(frozenset({session_id})))

    def _return_index(self, session_id: str, row: Conversation) -> int:
        """Where a row that left comes back: its place in the sort, or, in search results (in
        Crisp's order), before the row that followed it (or the one after, if it left too)."""
        index, after = self._left_at.pop(session_id)
        if not self.view.query:
            key = self._sort_key(row)
            later = (i for i, other in enumerate(self.rows) if self._sort_key(other) > key)
            return next(later, len(self.rows))
        listed = [other.session_id for other in self.rows]
        seen = {session_id}
        while after in self._left_at and after not in listed and after not in seen:
            seen.add(after)
            after = self._left_at[after][1]
        if after is None:
            return len(self.rows)
        return listed.index(after) if after in listed else min(index, len(self.rows))

    def _may_signal_typing(self) -> bool:
        """Typing signals are sent only when writes are allowed and the budget is not spent."""
        spent = self.client.usage.count >= self.settings.daily_request_budget
        return not self.settings.read_only and not spent

    async def set_segments(self, session_id: str, segments: list[str]) -> bool:
        """The conversation's segments become exactly `segments` on Crisp, then here."""
        row = self.conversation(session_id)
        if not await self._act(
            self.client.set_segments(session_id, segments), "save the segments of", row
        ):
            return False
        if row is not None:
            self.apply_patch(session_id, meta={**row.meta.raw, "segments": segments})
            self._emit(ConversationsChanged(frozenset({session_id})))
        return True

    def attention(self) -> Attention:
        """What the terminal's title counts, over every cached open conversation."""
        open_states = ("unresolved", "pending")
        return Attention(
            unread=self.store.count_conversations(
                where=ConversationFilter(unread=True, states=open_states)
            ),
            waiting=self.store.count_conversations(
                where=ConversationFilter(waiting=True, states=open_states)
            ),
        )

    def wants_notification(self, session_id: str) -> bool:
        """Whether a visitor's new message in `session_id` passes the notification rules."""
        rules = AlertRules(self.settings.notify_for, self.settings.notify_quiet_when_open)
        return should_notify(
            rules,
            self.conversation(session_id),
            session_id,
            me=self._me_id(),
            open_session=self.open_session,
            focused=self._focused,
        )

    def announce_arrivals(self, before: dict[str, int]) -> None:
        """Tell the UI of visitor messages in rows that moved since `before` (their update
        times), as a reconcile does."""
        self._arrivals.announce(self.rows, before)

    def apply_removed(self, session_id: str) -> None:
        """A conversation Crisp deleted: gone from the cache and the list."""
        self.store.remove_conversation(session_id)
        self.rows = [row for row in self.rows if row.session_id != session_id]
        self._emit(ConversationsChanged(frozenset({session_id})))

    def _merge_rows(self, conversations: list[Conversation], *, add: bool) -> None:
        held = {row.session_id: row for row in self.rows}
        updates = {c.session_id: newer(held.get(c.session_id), c) for c in conversations}
        rows = [updates.get(row.session_id, row) for row in self.rows]
        if add and not self.view.search_text:
            listed = {row.session_id for row in self.rows}
            # Listed longest waiting first, the view takes in only waiting ones (as Crisp's
            # list does); a row already there that stops waiting keeps its place.
            only_waiting = self.sort == "waiting"
            rows += [
                c
                for c in conversations
                if c.session_id not in listed and (is_waiting(c) or not only_waiting)
            ]
            rows.sort(key=self._sort_key)
        me = self._me_id()
        self.rows = [r for r in rows if r.session_id not in updates or self.view.accepts(r, me)]
        self._emit(ConversationsChanged(frozenset(updates)))

    # --- actions ------------------------------------------------------------------------------

    async def send(self, session_id: str, text: str, *, note: bool = False) -> bool:
        """Queue a confirmed reply (it leaves the draft) and deliver it exactly once. True when
        Crisp has it; otherwise it is queued (and goes out later) or back in the draft."""
        self.touch()
        kind = "note" if note else "reply"
        item = self.outbox.queue(session_id, text, kind)
        self.store.delete_draft(session_id, kind)
        sent = await self.outbox.deliver(item)
        if sent:
            await self._show_sent(item, fetch=True)
        return sent

    async def _show_sent(self, item: OutboxItem, *, fetch: bool) -> None:
        """A reply Crisp took shows at once, as Crisp records it: the row's last message, nobody
        waiting, a pending conversation open again; and in the conversation (fetched when
        `fetch` or when it is open)."""
        row = self.conversation(item.session_id)
        if item.kind == "reply" and row is not None:
            changes: dict[str, object] = {
                "last_message": item.text,
                "preview_message": {
                    "type": "text",
                    "from": "operator",
                    "excerpt": item.text,
                    "fingerprint": item.fingerprint,
                },
                "waiting_since": None,
                "updated_at": max(row.updated_at, int(self._clock() * 1000)),
            }
            if row.state == "pending":
                changes["state"] = "unresolved"
            self.apply_patch(item.session_id, **changes)
        if fetch or item.session_id == self.open_session:
            await self.health.guard(self._fetch_newest_messages(item.session_id, own=True))

    def cancel_send(self, fingerprint: int) -> bool:
        """Cancel (drop) a reply that has not gone out; its text returns to the draft."""
        return self.outbox.cancel(fingerprint)

    async def resend(self, session_id: str, fingerprint: int) -> bool:
        """Send again a reply whose outcome stayed unknown (the agent's decision)."""
        self.touch()
        sent = await self.outbox.resend(fingerprint)
        if sent:
            await self.health.guard(self._fetch_newest_messages(session_id))
        return sent

    async def set_state(self, session_id: str, state: str) -> bool:
        """True when Crisp took it; a resolved conversation waits for nobody."""
        changes: dict[str, object] = {"state": state}
        if state == "resolved":
            changes["waiting_since"] = None
        verb = {"resolved": "resolve", "pending": "mark pending"}.get(state, "reopen")
        return await self._change(
            session_id,
            verb,
            lambda: self.client.set_state(session_id, state),
            changes,
            revert=lambda before: self.client.set_state(session_id, before.state),
        )

    async def assign(self, session_id: str, user_id: str | None) -> bool:
        return await self._change(
            session_id,
            "assign" if user_id else "unassign",
            lambda: self.client.assign(session_id, user_id),
            {"assigned": {"user_id": user_id} if user_id else None},
            revert=lambda before: self.client.assign(session_id, before.assigned_user_id),
        )

    async def mark_read(self, session_id: str, *, undoable: bool = True) -> bool:
        return await self._change(
            session_id,
            "mark read",
            lambda: self.client.mark_read(session_id),
            {"unread": self._unread_counts(session_id, operator=0)},
            revert=(lambda _: self.client.mark_unread(session_id)) if undoable else None,
        )

    async def mark_unread(self, session_id: str) -> bool:
        unread = max(1, self._unread_counts(session_id)["operator"])
        return await self._change(
            session_id,
            "mark unread",
            lambda: self.client.mark_unread(session_id),
            {"unread": self._unread_counts(session_id, operator=unread)},
            revert=lambda _: self.client.mark_read(session_id),
        )

    @property
    def undoable(self) -> str | None:
        """The conversation whose last change can still be undone, if any."""
        pending = self._undo.pending
        return pending.session_id if pending else None

    async def undo(self) -> str | None:
        """Undo the last action if its few seconds are not over: the session id it touched when
        Crisp took the revert, else None (a failure says so)."""
        self.touch()
        last = self._undo.take()
        if last is None or not await last.revert():
            return None
        return last.session_id

    async def _change(
        self,
        session_id: str,
        verb: str,
        request: Callable[[], Awaitable[None]],
        changes: dict[str, object],
        *,
        revert: Callable[[Conversation], Awaitable[None]] | None,
    ) -> bool:
        """Make one change on Crisp and apply it to our copy at once; remember how to revert it.
        Never silent: a failure (offline too) says that nothing changed."""
        self.touch()
        before = self.conversation(session_id)
        if not await self._act(request(), verb, before):
            return False
        self.apply_patch(session_id, **changes)
        if before is not None and revert is not None:

            async def put_back() -> bool:
                if not await self._act(revert(before), "undo", before):
                    return False
                self.apply_patch(session_id, **{key: before.raw.get(key) for key in changes})
                return True

            self._undo.remember(session_id, put_back)
        return True

    async def _act(self, request: Awaitable[None], verb: str, row: Conversation | None) -> bool:
        """An action the agent asked for; when it fails, one sentence says it was not done."""
        if await self.health.guard(request, quiet=True):
            return True
        name = row.display_name if row else "this conversation"
        reason = self.status.error or "Crisp did not answer."
        self._emit(Notice(f"Not done: could not {verb} {name}. {reason}", "error"))
        return False

    def _unread_counts(self, session_id: str, **changes: int) -> dict[str, int]:
        row = self.conversation(session_id)
        counts = {"operator": row.unread_operator, "visitor": row.unread_visitor} if row else {}
        return {"operator": 0, "visitor": 0, **counts, **changes}


def _out_of_the_queue(
    kept: list[Conversation], fetched: list[Conversation], full_page: bool
) -> list[Conversation]:
    """Rows Crisp's waiting queue (page 1, longest first) would have listed and did not: their
    visitor waits no more (answered, resolved). They stay, marked so, after the waiting ones,
    so the agent's place does not move; the next full copy of them replaces the mark."""
    waits = [c.waiting_since or 0 for c in fetched]
    newest = max(waits) if full_page and waits else None  # beyond it: page 2 and after
    return [
        row.patched(waiting_since=None)
        if is_waiting(row) and (newest is None or (row.waiting_since or 0) <= newest)
        else row
        for row in kept
    ]


def newer(known: Conversation | None, fetched: Conversation) -> Conversation:
    """The fetched copy unless the one we hold was updated later (Crisp answered from its edge
    cache, `Bloom-Status: HIT`, right after a write)."""
    return known if known is not None and known.updated_at > fetched.updated_at else fetched


def build_inbox(
    settings: Settings,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    store_path: Path | None = None,
    clock: Callable[[], float] = time.time,
    retry: RetryPolicy | None = None,
) -> tuple[Inbox, str | None]:
    """The client, the store and the inbox for these settings; also the store's notice, if any
    (a corrupt cache was moved aside). Raises MissingCredentialsError before any request."""
    credentials = settings.credentials()
    client = CrispClient(
        credentials,
        api_url=settings.api_url,
        transport=transport,
        usage=RequestUsage(clock=clock),
        retry=retry,
        read_only=settings.read_only,
    )
    if store_path is None:
        store, notice = Store.for_website(credentials.website_id)
    else:
        store, notice = Store.open(store_path)
    error_log = ErrorLog(
        error_log_path(), secrets=(credentials.token_id, credentials.token_key), clock=clock
    )
    return Inbox(client, store, settings, clock=clock, error_log=error_log), notice
