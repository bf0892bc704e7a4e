"""`GET /website/{w}/conversations/{page}`: filters, search, ordering and paging over the world."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any

from crisp_tui.emulator.envelope import ApiError
from crisp_tui.emulator.world import World, as_int, view

PER_PAGE_MIN, PER_PAGE_MAX = 20, 50

Predicate = Callable[[dict[str, Any]], bool]


def flag(query: Mapping[str, str], name: str) -> bool:
    return query.get(name, "0").strip().lower() in ("1", "true")


def per_page(query: Mapping[str, str]) -> int:
    raw = query.get("per_page", "")
    raw = raw.strip()
    value = int(raw) if raw.isascii() and raw.isdigit() else PER_PAGE_MIN
    return min(max(value, PER_PAGE_MIN), PER_PAGE_MAX)


def list_conversations(world: World, page: int, query: Mapping[str, str]) -> list[dict[str, Any]]:
    if page < 1:
        raise ApiError(400, "invalid_data", "page number must be 1 or more", "query")
    predicates = _filters(query) + _search(world, query)
    found = [c for c in world.conversations.values() if all(p(c) for p in predicates)]
    if not flag(query, "include_empty"):
        found = [c for c in found if world.messages.get(str(c.get("session_id")))]
    found.sort(key=_order(query))
    size = per_page(query)
    return found[(page - 1) * size : page * size]


def _state(conversation: dict[str, Any]) -> str:
    return str(conversation.get("state", ""))


def _filters(query: Mapping[str, str]) -> list[Predicate]:
    predicates: list[Predicate] = []
    if flag(query, "filter_unread"):
        predicates.append(lambda c: as_int(view(c, "unread").get("operator")) > 0)
    if flag(query, "filter_resolved"):
        predicates.append(lambda c: _state(c) == "resolved")
    if flag(query, "filter_not_resolved"):
        predicates.append(lambda c: _state(c) in ("pending", "unresolved"))
    if flag(query, "filter_mention"):
        # Documented as "where the user is mentioned"; a plugin token is no user, so nobody is
        # mentioned. What Crisp really answers a plugin here is undocumented: never rely on it.
        predicates.append(lambda c: False)
    if flag(query, "filter_unassigned"):
        predicates.append(lambda c: not view(c, "assigned").get("user_id"))
    assigned = query.get("filter_assigned", "")
    if assigned not in ("", "0"):
        predicates.append(lambda c: view(c, "assigned").get("user_id") == assigned)
    inbox = query.get("filter_inbox_id", "")
    if inbox:
        predicates.append(lambda c: c.get("inbox_id") == inbox)
    start, end = _date(query, "filter_date_start"), _date(query, "filter_date_end")
    # The dates compare the conversation's last update, not its creation.
    if start is not None:
        predicates.append(lambda c: as_int(c.get("updated_at")) >= start)
    if end is not None:
        predicates.append(lambda c: as_int(c.get("updated_at")) <= end)
    if flag(query, "order_date_waiting") and not flag(query, "order_date_created"):
        predicates.append(lambda c: as_int(c.get("waiting_since")) > 0)  # waiting ones only
    return predicates


def _date(query: Mapping[str, str], name: str) -> int | None:
    raw = query.get(name, "")
    if not raw:
        return None
    try:
        return int(datetime.fromisoformat(raw.replace("Z", "+00:00")).timestamp() * 1000)
    except ValueError:
        raise ApiError(400, "invalid_data", f"{name} must be an ISO-8601 date", "query") from None


def _order(query: Mapping[str, str]) -> Callable[[dict[str, Any]], tuple[int, ...]]:
    if flag(query, "order_date_created"):
        return lambda c: (-as_int(c.get("created_at")),)
    if flag(query, "order_date_waiting"):  # longest waiting first
        return lambda c: (as_int(c.get("waiting_since")),)
    return lambda c: (-as_int(c.get("updated_at")),)


def _search(world: World, query: Mapping[str, str]) -> list[Predicate]:
    text = query.get("search_query", "")
    if not text:
        return []
    kind = query.get("search_type", "text") or "text"
    if kind == "text":
        needle = text.casefold()
        return [lambda c: needle in _haystack(world, c)]
    if kind == "segment":
        return [lambda c: text in (view(c, "meta").get("segments") or [])]
    if kind == "filter":
        return [_filter_search(text, query.get("search_operator", "and") or "and")]
    raise ApiError(400, "invalid_data", "search_type must be text, segment or filter", "query")


def _haystack(world: World, conversation: dict[str, Any]) -> str:
    meta = view(conversation, "meta")
    parts: list[Any] = [
        meta.get("nickname"),
        meta.get("email"),
        meta.get("subject"),
        conversation.get("topic"),
    ]
    parts += [m.get("content") for m in world.messages.get(str(conversation.get("session_id")), [])]
    return "\n".join(p for p in parts if isinstance(p, str)).casefold()


def _filter_search(raw: str, operator: str) -> Predicate:
    """search_type=filter: a JSON list of {criterion, query[], operator} over conversation paths."""
    try:
        criteria = json.loads(raw)
        tests = [_criterion(item) for item in criteria]
    except (ValueError, TypeError, KeyError, AttributeError):
        raise ApiError(
            400, "invalid_data", "search_query is not a valid filter list", "query"
        ) from None
    combine: Callable[[Iterable[bool]], bool] = any if operator == "or" else all
    return lambda c: combine(test(c) for test in tests)


def _criterion(item: dict[str, Any]) -> Predicate:
    path = str(item["criterion"]).split(".")
    values = [str(v) for v in item["query"]]
    op = item.get("operator", "eq")
    if op not in ("eq", "neq", "has", "hasnot"):
        raise ValueError(op)

    def test(conversation: dict[str, Any]) -> bool:
        value: Any = conversation
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        items = [str(v) for v in value] if isinstance(value, list) else [str(value)]
        if op in ("has", "hasnot"):
            hit = any(v.casefold() in i.casefold() for v in values for i in items)
        else:
            hit = any(v in items for v in values)
        return hit if op in ("eq", "has") else not hit

    return test
