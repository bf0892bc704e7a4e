"""The emulated website's state: conversations, their messages, operators, and how they change.

Conversations and messages are stored as the JSON dicts the API serves, so hostile or malformed
payloads injected with `add_conversation` are returned verbatim. Every read of a stored dict goes
through the tolerant helpers below, so a malformed payload never breaks another route.
"""

from __future__ import annotations

import bisect
import random
import threading
import uuid
import zlib
from collections.abc import Callable
from typing import Any

from crisp_tui.emulator.envelope import ApiError

STATES = ("pending", "unresolved", "resolved")
STATUS_OF_STATE = {"pending": 0, "unresolved": 1, "resolved": 2}
# Real fingerprints are about `timestamp_ms * 100 + a small random number` (below 2^53).
FINGERPRINT_SPREAD = 100
_DRAW_MIN, _DRAW_MAX = 10**14, 10**16 - 1  # the draw's range: a seed keeps giving the same world


def timestamp_of(message: Any) -> int:
    return as_int(message.get("timestamp")) if isinstance(message, dict) else 0


def obj(container: dict[str, Any], key: str) -> dict[str, Any]:
    """container[key] as a dict, replacing whatever non-dict a hostile payload put there."""
    value = container.get(key)
    if not isinstance(value, dict):
        value = container[key] = {}
    return value


def view(container: dict[str, Any], key: str) -> dict[str, Any]:
    """container[key] if it is a dict, else an empty dict; never writes (reads stay verbatim)."""
    value = container.get(key)
    return value if isinstance(value, dict) else {}


def excerpt_of(message: dict[str, Any]) -> str:
    content = message.get("content")
    if isinstance(content, str):
        return content[:200]
    if isinstance(content, dict):
        for key in ("text", "name", "url", "namespace"):
            if isinstance(content.get(key), str):
                return content[key][:200]
    return ""


def new_session_id(rng: random.Random) -> str:
    return f"session_{uuid.UUID(int=rng.getrandbits(128), version=4)}"


class World:
    def __init__(
        self, website: dict[str, Any], operators: list[dict[str, Any]], rng: random.Random
    ) -> None:
        self.website = website
        self.operators = operators
        self.inboxes: list[dict[str, Any]] = []  # GET …/inboxes/list/{page}
        self.conversations: dict[str, dict[str, Any]] = {}
        self.messages: dict[str, list[dict[str, Any]]] = {}
        self.rng = rng
        # Held by the dispatcher around each request, and by Python callers that mutate mid-test.
        self.lock = threading.RLock()
        # Told of every change as an RTM event (name, payload); the emulator's hub sets it.
        self.publish: Callable[[str, dict[str, Any]], None] = lambda name, payload: None
        # The upload bucket (bucket.py): signed URLs handed out, and the files PUT to them.
        self.uploads: dict[str, dict[str, Any]] = {}
        self.files: dict[str, tuple[bytes, str]] = {}
        self.public_url = ""  # scheme://host seeded attachments link to (settings.public_url)

    def emit(self, name: str, session_id: str, **fields: Any) -> None:
        """Publish a session event with the fields every one carries (website, session, inbox)."""
        conversation = self.conversations.get(session_id, {})
        inbox_id = conversation.get("inbox_id")
        self.publish(
            name,
            {
                "website_id": self.website_id,
                "session_id": session_id,
                "inbox_id": inbox_id if isinstance(inbox_id, str) else None,
                **fields,
            },
        )

    @property
    def website_id(self) -> str:
        return str(self.website["website_id"])

    def operator_ids(self) -> set[str]:
        return {op["details"]["user_id"] for op in self.operators}

    def operator_user(self, user_id: str) -> dict[str, Any] | None:
        for op in self.operators:
            details = op["details"]
            if details["user_id"] == user_id:
                return {
                    "type": "participant",
                    "user_id": user_id,
                    "nickname": f"{details['first_name']} {details['last_name']}",
                    "avatar": details["avatar"],
                }
        return None

    def new_fingerprint(self, timestamp: int) -> int:
        small = self.rng.randint(_DRAW_MIN, _DRAW_MAX) % FINGERPRINT_SPREAD
        return timestamp * FINGERPRINT_SPREAD + small

    def visitor_user(self, session_id: str) -> dict[str, Any]:
        """The `user` of a visitor's message: the chatbox's nickname when it was sent. On about a
        third of conversations that is still the auto name (`visitor493603`) while `meta` has
        the contact's real name since; derived from the id, so the seeded world stays the same."""
        meta = view(self.conversations.get(session_id) or {}, "meta")
        digest = zlib.crc32(session_id.encode())
        nickname = meta.get("nickname") if isinstance(meta.get("nickname"), str) else ""
        if digest % 3 == 0 or not nickname:
            nickname = f"visitor{digest % 900_000 + 100_000}"
        return {"type": "visitor", "user_id": session_id, "nickname": nickname}

    # -- storage ---------------------------------------------------------------------------

    def add_conversation(
        self, raw: dict[str, Any], messages: list[dict[str, Any]] | None = None
    ) -> str:
        """Store a conversation and its messages exactly as given; returns the session id."""
        session_id = raw.get("session_id")
        if not isinstance(session_id, str) or not session_id:
            session_id = new_session_id(self.rng)
        with self.lock:
            self.conversations[session_id] = raw
            self.messages[session_id] = sorted(messages or [], key=timestamp_of)
        return session_id

    def conversation(self, session_id: str) -> dict[str, Any]:
        conversation = self.conversations.get(session_id)
        if conversation is None:
            raise ApiError(404, "not_found", "session not found", "session")
        return conversation

    def remove(self, session_id: str) -> None:
        self.conversation(session_id)
        self.emit("session:removed", session_id)
        del self.conversations[session_id]
        del self.messages[session_id]

    def history(self, session_id: str) -> list[dict[str, Any]]:
        self.conversation(session_id)
        return self.messages[session_id]

    def find_message(self, session_id: str, fingerprint: int) -> dict[str, Any]:
        for message in reversed(self.history(session_id)):
            if message.get("fingerprint") == fingerprint:
                return message
        raise ApiError(404, "not_found", "message not found", "message")

    # -- changes ---------------------------------------------------------------------------

    def append(self, session_id: str, message: dict[str, Any]) -> dict[str, Any]:
        """Add a message in timestamp order and update the conversation. Two messages may share
        a millisecond (a posted `timestamp`, an import), as on Crisp."""
        history = self.history(session_id)
        bisect.insort_right(history, message, key=timestamp_of)
        self._after_message(self.conversations[session_id], message, history[-1] is message)
        sender = message.get("from")
        if sender in ("user", "operator"):
            event = "message:send" if sender == "user" else "message:received"
            self.emit(event, session_id, **{k: v for k, v in message.items() if k != "session_id"})
        return message

    def _after_message(
        self, conversation: dict[str, Any], message: dict[str, Any], newest: bool = True
    ) -> None:
        ts = timestamp_of(message)
        conversation["updated_at"] = max(ts, as_int(conversation.get("updated_at")))
        if message.get("type") == "note" or not newest:  # a back-dated message is not the last
            return
        sender = message.get("from")
        unread = obj(conversation, "unread")
        excerpt = excerpt_of(message)
        conversation["last_message"] = excerpt
        conversation["preview_message"] = {
            "type": message.get("type"),
            "from": sender,
            "excerpt": excerpt,
            "fingerprint": message.get("fingerprint"),
        }
        if sender == "user":
            unread["operator"] = as_int(unread.get("operator")) + 1
            if not conversation.get("waiting_since"):
                conversation["waiting_since"] = ts
            if conversation.get("state") == "resolved":
                conversation["state"] = "unresolved"
            active = obj(conversation, "active")
            active["now"], active["last"] = True, ts
        elif sender == "operator":
            unread["visitor"] = as_int(unread.get("visitor")) + 1
            conversation.pop("waiting_since", None)
            if conversation.get("state") == "pending":
                conversation["state"] = "unresolved"

    def touch(self, conversation: dict[str, Any], now_ms: int) -> None:
        conversation["updated_at"] = max(now_ms, as_int(conversation.get("updated_at")) + 1)

    def mark(
        self, session_id: str, field: str, sender: str, origin: str, fingerprints: list[int] | None
    ) -> None:
        """Set `read` or `delivered` to `origin` on messages sent by `sender`."""
        wanted = set(fingerprints) if fingerprints is not None else None
        marked: list[Any] = []
        for message in self.history(session_id):
            if message.get("from") != sender:
                continue
            if wanted is None or message.get("fingerprint") in wanted:
                message[field] = origin
                marked.append(message.get("fingerprint"))
        if field == "read":
            self._recount_unread(session_id)
        # read:send = the visitor's messages were read (by us); read:received = ours, by them.
        event = f"read:{'send' if sender == 'user' else 'received'}" if field == "read" else field
        self.emit(f"message:acknowledge:{event}", session_id, origin=origin, fingerprints=marked)

    def mark_unread(self, session_id: str, sender: str) -> None:
        """Flag the newest message from `sender` as unread again."""
        for message in reversed(self.history(session_id)):
            if message.get("from") == sender and message.get("type") != "note":
                message["read"] = ""
                if sender == "user":
                    fingerprints = [message.get("fingerprint")]
                    self.emit(
                        "message:acknowledge:unread:send", session_id, fingerprints=fingerprints
                    )
                break
        self._recount_unread(session_id)

    def _recount_unread(self, session_id: str) -> None:
        unread = obj(self.conversations[session_id], "unread")
        counts = {"user": 0, "operator": 0}
        for message in self.history(session_id):
            sender = message.get("from")
            # A legacy message has no `read` at all: it is old, hence read.
            if sender in counts and message.get("type") != "note" and not message.get("read", 1):
                counts[sender] += 1
        unread["operator"], unread["visitor"] = counts["user"], counts["operator"]

    def assign(self, session_id: str, user_id: str | None, now_ms: int) -> None:
        """Route the conversation to an operator (None: to nobody), as `PATCH …/routing` does."""
        conversation = self.conversation(session_id)
        previous = view(conversation, "assigned").get("user_id")
        if user_id is None:
            conversation.pop("assigned", None)
        else:
            conversation["assigned"] = {"user_id": user_id}
        self.touch(conversation, now_ms)
        self.emit(
            "session:set_routing", session_id, routing_id=user_id, previous_routing_id=previous
        )

    def set_state(self, session_id: str, state: str, now_ms: int) -> None:
        conversation = self.conversation(session_id)
        conversation["state"], conversation["status"] = state, STATUS_OF_STATE[state]
        if state == "resolved":
            conversation.pop("waiting_since", None)
        self.touch(conversation, now_ms)
        self.emit("session:set_state", session_id, state=state)


def as_int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def batch_before(
    history: list[dict[str, Any]], before: int | None, size: int
) -> tuple[list[dict[str, Any]], bool]:
    """The newest `size` messages older than `before` (oldest first), and whether older remain."""
    end = len(history) if before is None else bisect.bisect_left(history, before, key=timestamp_of)
    start = max(0, end - size)
    return history[start:end], start > 0


def batch_after(
    history: list[dict[str, Any]], after: int, size: int
) -> tuple[list[dict[str, Any]], bool]:
    """The oldest `size` messages newer than `after` (oldest first), and whether newer remain."""
    start = bisect.bisect_right(history, after, key=timestamp_of)
    end = min(len(history), start + size)
    return history[start:end], end < len(history)
