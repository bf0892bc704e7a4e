"""What the emulator saw: request counts per route, every POSTed message (exactly-once tests) and
every write's body (what a batch sent, exactly)."""

from __future__ import annotations

import threading
from collections import Counter, deque
from collections.abc import Mapping
from typing import Any

LOG_SIZE = 1000  # the newest requests kept in the log


class Stats:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.requests: Counter[str] = Counter()
        self.query_params: Counter[str] = Counter()  # how often each query parameter came
        self.statuses: Counter[int] = Counter()
        self.posted: list[dict[str, Any]] = []
        self.log: deque[str] = deque(maxlen=LOG_SIZE)  # the routes, in the order they came
        self._queries: deque[tuple[str, dict[str, str]]] = deque(maxlen=LOG_SIZE)
        self.writes: list[dict[str, Any]] = []  # {"method", "path", "body"} of each write answered

    def count(self, route: str, query: Mapping[str, str] | None = None) -> None:
        with self._lock:
            self.requests[route] += 1
            self.log.append(route)
            self.query_params.update((query or {}).keys())
            self._queries.append((route, dict(query or {})))

    def queries(self, route: str | None = None) -> list[dict[str, str]]:
        """The query of each request logged (to `route` only, if given), oldest first."""
        with self._lock:
            return [query for name, query in self._queries if route in (None, name)]

    def answered(self, status: int) -> None:
        with self._lock:
            self.statuses[status] += 1

    def record_post(self, session_id: str, message: dict[str, Any]) -> None:
        with self._lock:
            self.posted.append(
                {
                    "session_id": session_id,
                    **{
                        k: message.get(k)
                        for k in ("fingerprint", "type", "from", "origin", "content", "timestamp")
                    },
                }
            )

    def record_write(self, method: str, path: str, body: Any) -> None:
        with self._lock:
            self.writes.append({"method": method, "path": path, "body": body})

    def posted_fingerprints(self) -> list[int]:
        return [entry["fingerprint"] for entry in self.posted]

    def reset(self) -> None:
        with self._lock:
            self.requests.clear()
            self.query_params.clear()
            self.statuses.clear()
            self.posted.clear()
            self.log.clear()
            self._queries.clear()
            self.writes.clear()

    def to_dict(self) -> dict[str, Any]:
        with self._lock:
            return {
                "requests": dict(self.requests),
                "total": sum(self.requests.values()),
                "query_params": dict(self.query_params),
                "statuses": {str(k): v for k, v in self.statuses.items()},
                "posted": list(self.posted),
                "log": list(self.log),
                "writes": list(self.writes),
            }
